package org.communitygis.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.communitygis.report.CoverageReport;
import org.communitygis.report.ReportOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cgis report --project P.gpkg --out DIR}: the coverage report (index.html, coverage.csv, map.png). */
@Command(name = "report", mixinStandardHelpOptions = true)
final class ReportCommand implements Callable<Integer> {
    @Mixin
    ProjectOption project;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "DIR")
    Path out;

    @Override
    public Integer call() {
        Path index = writeReport(project.location(), out);
        CliContext.console().info("report.done", index.toAbsolutePath());
        return 0;
    }

    static Path writeReport(Path project, Path out) {
        return writeReport(ProjectLocation.file(project), out);
    }

    static Path writeReport(ProjectLocation project, Path out) {
        return project.read(store -> CoverageReport.write(store, out, ReportOptions.defaults(),
                CliContext.progress(), CliContext.diagnostics()));
    }
}
