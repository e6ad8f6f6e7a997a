package org.communitygis.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --project P.gpkg} option shared by the commands that work on a project file. */
final class ProjectOption {
    @Option(names = {"-p", "--project"}, required = true, paramLabel = "P.gpkg")
    Path project;
}
