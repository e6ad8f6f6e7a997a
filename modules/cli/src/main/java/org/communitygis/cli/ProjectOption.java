package org.communitygis.cli;

import java.nio.file.Path;
import java.util.List;
import org.communitygis.store.postgis.PostGisUrl;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The project of a command: {@code --project P.gpkg} (a GeoPackage file) or {@code --db postgresql://…}
 * (a PostGIS schema), exactly one of them.
 */
final class ProjectOption {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = {"-p", "--project"}, paramLabel = "P.gpkg")
    Path project;

    @Option(names = "--db", paramLabel = "postgresql://…")
    String db;

    /**
     * Returns the project named on the command line.
     *
     * @throws CommandLine.ParameterException (a usage error) when neither or both options are given
     */
    ProjectLocation location() {
        if (project != null && db != null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    CliMessages.BUNDLE.format("db.projectAndDb"));
        }
        if (project == null && db == null) {
            throw new CommandLine.MissingParameterException(spec.commandLine(),
                    List.of(spec.findOption("--project"), spec.findOption("--db")),
                    CliMessages.BUNDLE.format("db.projectOrDb"));
        }
        return project != null ? ProjectLocation.file(project) : ProjectLocation.database(PostGisUrl.parse(db));
    }
}
