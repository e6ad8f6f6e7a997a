package org.communitygis.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.communitygis.core.testing.SharedData;

/**
 * The north-Bayreuth OpenStreetMap extract imported once per test JVM into a temporary GeoPackage project
 * (vector layers only, no DEM), for tests that serve it to outside clients. The folder is deleted when the
 * JVM exits.
 */
final class BayreuthProject {
    private static Path project;

    private BayreuthProject() {
    }

    /** Imports the extract on the first call and returns the project file. */
    static synchronized Path get() {
        if (project != null) {
            return project;
        }
        try {
            Path dir = Files.createTempDirectory("cgis-bayreuth-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
            Path file = dir.resolve("bayreuth.gpkg");
            CliRun run = CliRun.of("--lang", "en", "import", "--project", file.toString(),
                    SharedData.file("real/north-bayreuth.osm.gz").toString());
            if (run.exitCode != 0) {
                throw new IllegalStateException("Importing north-bayreuth.osm.gz failed:\n" + run);
            }
            project = file;
            return project;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // Best effort at JVM exit: the folder is under the system temp directory.
        }
    }
}
