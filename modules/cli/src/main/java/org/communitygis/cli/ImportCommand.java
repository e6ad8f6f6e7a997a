package org.communitygis.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import org.communitygis.core.crs.Crs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cgis import --project P.gpkg | --db URL FILE...}: see {@link ProjectImporter}. */
@Command(name = "import", mixinStandardHelpOptions = true)
final class ImportCommand implements Callable<Integer> {
    @Mixin
    ProjectOption project;

    @Option(names = "--crs", paramLabel = "EPSG:n")
    String crs;

    @Option(names = "--source-crs", paramLabel = "EPSG:n")
    String sourceCrs;

    @Option(names = "--dem-cell-m", paramLabel = "m")
    Double demCellM;

    @Parameters(arity = "1..*", paramLabel = "FILE", descriptionKey = "files")
    List<Path> files;

    @Override
    public Integer call() {
        Console console = CliContext.console();
        ProjectImporter importer = new ProjectImporter(CliContext.diagnostics(), CliContext.progress());
        ProjectLocation location = project.location();
        ProjectImporter.Summary summary = importer.run(location, files, Optional.ofNullable(crs),
                Optional.ofNullable(sourceCrs), demCellM == null ? OptionalDouble.empty() : OptionalDouble.of(demCellM));
        if (summary.crsChosen()) {
            console.info("import.crsChosen", summary.projectCrs(), Crs.name(summary.projectCrs()));
        }
        for (Map.Entry<String, Integer> entry : summary.layerCounts().entrySet()) {
            console.info("import.layerWritten", entry.getKey(), entry.getValue());
        }
        if (summary.demCols() > 0) {
            console.info(summary.demResampled() ? "import.demResampled" : "import.demKept", summary.demCols(),
                    summary.demRows(), summary.demCellM());
        }
        console.info("import.done", location);
        return 0;
    }
}
