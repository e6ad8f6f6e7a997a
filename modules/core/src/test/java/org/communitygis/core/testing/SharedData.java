package org.communitygis.core.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Locates the shared real-data folder that tests read in place (never copied into the project).
 *
 * <p>Maven passes {@code -Dcgis.shared.data=<project>/../shared/data}; when a test runs from an IDE
 * without it, the folder is searched upwards from the working directory.
 */
public final class SharedData {
    private SharedData() {
    }

    /** Returns the shared data folder. */
    public static Path root() {
        String configured = System.getProperty("cgis.shared.data");
        if (configured != null && Files.isDirectory(Paths.get(configured))) {
            return Paths.get(configured).toAbsolutePath().normalize();
        }
        Path dir = Paths.get("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolveSibling("shared").resolve("data");
            if (Files.isDirectory(candidate)) {
                return candidate.normalize();
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("Shared test data not found: expected ../shared/data beside the project"
                + " or -Dcgis.shared.data=DIR");
    }

    /** Returns a file below the shared data folder, failing when it does not exist. */
    public static Path file(String relative) {
        Path path = root().resolve(relative);
        if (!Files.exists(path)) {
            throw new IllegalStateException("Shared test file missing: " + path);
        }
        return path;
    }
}
