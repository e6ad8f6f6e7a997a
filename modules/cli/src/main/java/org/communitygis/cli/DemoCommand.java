package org.communitygis.cli;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import org.communitygis.core.CgisException;
import org.communitygis.store.Projects;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cgis demo}: imports the bundled sample village from {@code data/}, runs the drainage, coverage
 * and roads analyses, writes the coverage report and serves the map (unless {@code --no-serve}).
 *
 * <p>The project is created anew as {@code OUT/sample-village.gpkg} on every run; an earlier demo project
 * in the same folder is replaced.
 */
@Command(name = "demo", mixinStandardHelpOptions = true)
final class DemoCommand implements Callable<Integer> {
    /** File name of the demo project inside the output folder. */
    static final String PROJECT_FILE = "sample-village.gpkg";

    @Option(names = {"-o", "--out"}, defaultValue = "demo-out", paramLabel = "DIR")
    Path out;

    @Option(names = "--no-serve", defaultValue = "false")
    boolean noServe;

    @Option(names = "--host", defaultValue = "127.0.0.1")
    String host;

    @Option(names = "--port", defaultValue = "4567")
    int port;

    @Option(names = "--data", paramLabel = "DIR")
    Path dataDir;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Console console = CliContext.console();
        Path data = dataDir != null ? dataDir : Paths.get(System.getProperty("cgis.home", ".")).resolve("data");
        List<Path> files = sampleFiles(data);
        Files.createDirectories(out);
        Path project = out.resolve(PROJECT_FILE);
        Files.deleteIfExists(project);

        console.info("demo.step", 1, 5, CliMessages.BUNDLE.format("demo.stepImport"));
        ProjectImporter.Summary summary = new ProjectImporter(CliContext.diagnostics(), CliContext.progress())
                .run(project, files, Optional.empty(), Optional.empty(), OptionalDouble.empty());
        console.info("import.crsChosen", summary.projectCrs(), org.communitygis.core.crs.Crs.name(summary.projectCrs()));
        Projects.update(project, store -> {
            store.putMetadata(ProjectImporter.PROJECT_NAME_KEY, CliMessages.BUNDLE.format("demo.projectName"));
            return null;
        });

        console.info("demo.step", 2, 5, CliMessages.BUNDLE.format("demo.stepDrainage"));
        print(Projects.update(project, store -> Analyses.drainage(store, Analyses.DrainageSettings.defaults(),
                CliContext.progress(), CliContext.diagnostics())));

        console.info("demo.step", 3, 5, CliMessages.BUNDLE.format("demo.stepCoverage"));
        print(Projects.update(project, store -> Analyses.coverage(store, Analyses.CoverageSettings.defaults(),
                CliContext.progress(), CliContext.diagnostics())));

        console.info("demo.step", 4, 5, CliMessages.BUNDLE.format("demo.stepRoads"));
        Path survey = data.resolve("survey.csv");
        Analyses.RoadSettings roadSettings = Files.isRegularFile(survey)
                ? Analyses.RoadSettings.defaults().withSurvey(survey) : Analyses.RoadSettings.defaults();
        print(Projects.update(project, store -> Analyses.roads(store, roadSettings, CliContext.progress(),
                CliContext.diagnostics())));

        console.info("demo.step", 5, 5, CliMessages.BUNDLE.format("demo.stepReport"));
        Path index = ReportCommand.writeReport(project, out.resolve("report"));
        console.info("report.done", index.toAbsolutePath());
        console.info("demo.projectWritten", project.toAbsolutePath());

        if (noServe) {
            return 0;
        }
        ServeCommand.serve(project, host, port);
        return 0;
    }

    private static List<Path> sampleFiles(Path data) throws IOException {
        if (!Files.isDirectory(data)) {
            throw new CgisException(CliMessages.BUNDLE, "demo.dataMissing", data.toAbsolutePath());
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(data, "*.{geojson,tif}")) {
            entries.forEach(files::add);
        }
        files.sort(null);
        if (files.isEmpty()) {
            throw new CgisException(CliMessages.BUNDLE, "demo.dataMissing", data.toAbsolutePath());
        }
        return files;
    }

    private static void print(List<String> lines) {
        lines.forEach(line -> CliContext.console().out().println(line));
    }
}
