package org.communitygis.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.communitygis.core.CgisException;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.raster.Raster;
import org.communitygis.core.store.ProjectStore;
import org.communitygis.network.EpanetInp;
import org.communitygis.network.Finding;
import org.communitygis.network.GradientRules;
import org.communitygis.network.NetworkModel;
import org.communitygis.network.NetworkReport;
import org.communitygis.network.NetworkTopology;
import org.communitygis.network.SewerDesign;
import org.communitygis.network.SwmmInp;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cgis network check|export-swmm|read-inp}: topology and GB 50014 design checks of a project's
 * pipe layer, export to EPA SWMM 5, and validation of SWMM or EPANET input files.
 */
@Command(name = "network", mixinStandardHelpOptions = true,
        subcommands = {NetworkCommand.Check.class, NetworkCommand.ExportSwmm.class, NetworkCommand.ReadInp.class})
final class NetworkCommand {
    private NetworkCommand() {
    }

    /** Options shared by the commands that build a network from the project. */
    static final class BuildOptions {
        @Option(names = "--pipes", defaultValue = "pipes", paramLabel = "LAYER")
        String pipesLayer;

        @Option(names = "--snap-tolerance-m", defaultValue = "0.5", paramLabel = "m")
        double snapToleranceM;

        @Option(names = "--dangling-distance-m", defaultValue = "5", paramLabel = "m")
        double danglingDistanceM;

        NetworkTopology.Result build(ProjectStore store) {
            if (!store.contains(pipesLayer)) {
                throw new CgisException(CliMessages.BUNDLE, "analyze.needPipes", pipesLayer);
            }
            Optional<Raster> dem = store.contains("dem") ? Optional.of(store.readRaster("dem")) : Optional.empty();
            Optional<FeatureLayer> facilities = store.contains("facilities")
                    ? Optional.of(store.readFeatures("facilities")) : Optional.empty();
            return NetworkTopology.build(store.readFeatures(pipesLayer), facilities, dem, GradientRules.defaults(),
                    new NetworkTopology.Options(snapToleranceM, danglingDistanceM));
        }
    }

    /** Topology and design checks, written as the layers network_findings and pipe_design. */
    @Command(name = "check", mixinStandardHelpOptions = true)
    static final class Check implements Callable<Integer> {
        @Mixin
        ProjectOption project;

        @Mixin
        BuildOptions build;

        @Option(names = "--sewage-l-per-person-day", defaultValue = "80", paramLabel = "L")
        double litresPerPersonDay;

        @Option(names = "--persons-per-household", defaultValue = "2.6")
        double personsPerHousehold;

        @Option(names = "--connect-distance-m", defaultValue = "30", paramLabel = "m")
        double connectDistanceM;

        @Override
        public Integer call() {
            List<String> lines = project.location().updateExisting(store -> {
                NetworkTopology.Result topology = build.build(store);
                NetworkModel model = topology.model();
                Map<String, Double> inflows = store.contains("buildings")
                        ? NetworkReport.buildingInflows(model, store.readFeatures("buildings"), personsPerHousehold,
                                litresPerPersonDay, connectDistanceM)
                        : Map.of();
                SewerDesign.Result design = SewerDesign.check(model, inflows, GradientRules.defaults(),
                        SewerDesign.Options.DEFAULTS);
                List<Finding> findings = new java.util.ArrayList<>(topology.findings());
                findings.addAll(design.findings());
                String crs = store.readFeatures(build.pipesLayer).crs();
                store.writeFeatures(NetworkReport.findingsLayer(findings, crs));
                store.writeFeatures(NetworkReport.designLayer(model, design, crs));
                store.putMetadata("analysis.network.params", ("pipes=" + build.pipesLayer + ";snap_tolerance_m="
                        + build.snapToleranceM + ";sewage_l_per_person_day=" + litresPerPersonDay)
                        .toLowerCase(Locale.ROOT));
                List<String> out = new java.util.ArrayList<>();
                out.add(CliMessages.BUNDLE.format("network.summary", model.nodes().size(), model.links().size(),
                        count(findings, Finding.Severity.ERROR), count(findings, Finding.Severity.WARNING),
                        count(findings, Finding.Severity.INFO)));
                for (Finding finding : findings) {
                    if (finding.severity() != Finding.Severity.INFO) {
                        out.add(finding.severity().name().toLowerCase(Locale.ROOT) + " " + finding.code() + ": "
                                + finding.message().localized());
                    }
                }
                return out;
            });
            lines.forEach(line -> CliContext.console().out().println(line));
            return 0;
        }
    }

    /** Writes the project's pipe network as an EPA SWMM 5 input file. */
    @Command(name = "export-swmm", mixinStandardHelpOptions = true)
    static final class ExportSwmm implements Callable<Integer> {
        @Mixin
        ProjectOption project;

        @Mixin
        BuildOptions build;

        @Option(names = {"-o", "--out"}, required = true, paramLabel = "FILE.inp")
        Path out;

        @Option(names = "--units", defaultValue = "LPS", paramLabel = "LPS|CMS|CFS")
        String units;

        @Override
        public Integer call() {
            SwmmInp.Units chosen = switch (units.toUpperCase(Locale.ROOT)) {
                case "LPS" -> SwmmInp.Units.SI_LPS;
                case "CMS" -> SwmmInp.Units.SI_CMS;
                case "CFS" -> SwmmInp.Units.US_CFS;
                default -> throw new CgisException(CliMessages.BUNDLE, "network.badUnits", units);
            };
            NetworkTopology.Result topology = project.location().read(build::build);
            SwmmInp.write(topology.model(), out, chosen);
            long errors = count(topology.findings(), Finding.Severity.ERROR);
            CliContext.console().info("network.exported", topology.model().nodes().size(),
                    topology.model().links().size(), out, errors);
            return 0;
        }
    }

    /** Reads an EPA SWMM 5 or EPANET input file and lists its elements and problems by line. */
    @Command(name = "read-inp", mixinStandardHelpOptions = true)
    static final class ReadInp implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "FILE.inp", descriptionKey = "file")
        Path file;

        @Option(names = "--epanet", defaultValue = "false")
        boolean epanet;

        @Override
        public Integer call() {
            NetworkModel model;
            List<Finding> findings;
            if (epanet) {
                EpanetInp.Result result = EpanetInp.read(file);
                model = result.model();
                findings = result.findings();
            } else {
                SwmmInp.Result result = SwmmInp.read(file);
                model = result.model();
                findings = result.findings();
            }
            var out = CliContext.console().out();
            StringBuilder nodes = new StringBuilder();
            for (NetworkModel.NodeKind kind : NetworkModel.NodeKind.values()) {
                nodes.append(' ').append(kind.name().toLowerCase(Locale.ROOT)).append('=').append(model.count(kind));
            }
            for (NetworkModel.LinkKind kind : NetworkModel.LinkKind.values()) {
                nodes.append(' ').append(kind.name().toLowerCase(Locale.ROOT)).append('=').append(model.count(kind));
            }
            out.println(CliMessages.BUNDLE.format("network.inpSummary", file, nodes.toString().trim(),
                    count(findings, Finding.Severity.ERROR), count(findings, Finding.Severity.WARNING)));
            for (Finding finding : findings) {
                out.println(finding.severity().name().toLowerCase(Locale.ROOT) + " " + finding.code() + ": "
                        + finding.message().localized());
            }
            return count(findings, Finding.Severity.ERROR) > 0 ? Main.EXIT_USER_ERROR : 0;
        }
    }

    private static long count(List<Finding> findings, Finding.Severity severity) {
        return findings.stream().filter(f -> f.severity() == severity).count();
    }
}
