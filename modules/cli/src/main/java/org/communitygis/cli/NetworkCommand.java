package org.communitygis.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.communitygis.core.CgisException;
import org.communitygis.core.Diagnostics;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.raster.Raster;
import org.communitygis.core.store.ProjectStore;
import org.communitygis.network.EpanetInp;
import org.communitygis.network.Finding;
import org.communitygis.network.GradientRules;
import org.communitygis.network.NetworkModel;
import org.communitygis.network.NetworkReport;
import org.communitygis.network.NetworkTopology;
import org.communitygis.network.PlanOptions;
import org.communitygis.network.RoutePlan;
import org.communitygis.network.RoutePlanner;
import org.communitygis.network.SewerDesign;
import org.communitygis.network.SwmmInp;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cgis network check|export-swmm|read-inp|plan}: topology and GB 50014 design checks of a project's
 * pipe layer, export to EPA SWMM 5, validation of SWMM or EPANET input files, and route planning of a new
 * gravity sewer layout.
 */
@Command(name = "network", mixinStandardHelpOptions = true,
        subcommands = {NetworkCommand.Check.class, NetworkCommand.ExportSwmm.class, NetworkCommand.ReadInp.class,
            NetworkCommand.Plan.class, PumpCommand.class})
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

    /**
     * Plans a gravity sewer layout from the buildings along the roads to the outlets and writes the layers
     * planned_pipes, planned_stations and planned_findings. With --compare it plans a second alternative and
     * prints both side by side.
     */
    @Command(name = "plan", mixinStandardHelpOptions = true)
    static final class Plan implements Callable<Integer> {
        @Mixin
        ProjectOption project;

        @Option(names = "--outlets", split = ",", paramLabel = "NAME")
        List<String> outlets = new java.util.ArrayList<>();

        @Option(names = "--outlet-at", paramLabel = "X,Y")
        List<String> outletPoints = new java.util.ArrayList<>();

        @Option(names = "--compare", split = ",", paramLabel = "NAME")
        List<String> compare = new java.util.ArrayList<>();

        @Option(names = "--max-depth-m", defaultValue = "4", paramLabel = "m")
        double maxDepthM;

        @Option(names = "--min-cover-m", paramLabel = "m")
        Double minCoverM;

        @Option(names = "--piece-length-m", defaultValue = "50", paramLabel = "m")
        double pieceLengthM;

        @Option(names = "--connect-distance-m", defaultValue = "100", paramLabel = "m")
        double connectDistanceM;

        @Option(names = "--sewage-l-per-person-day", defaultValue = "80", paramLabel = "L")
        double litresPerPersonDay;

        @Option(names = "--persons-per-household", defaultValue = "2.6")
        double personsPerHousehold;

        @Option(names = "--pipe-cost", defaultValue = "2:450,3:650,4:950,1400", paramLabel = "m:yuan,…,yuan")
        String pipeCost;

        @Option(names = "--manhole-cost", defaultValue = "3000", paramLabel = "yuan")
        double manholeCost;

        @Option(names = "--station-cost", defaultValue = "150000", paramLabel = "yuan")
        double stationCost;

        @Option(names = "--rising-main-cost", defaultValue = "300", paramLabel = "yuan/m")
        double risingMainCost;

        @Option(names = "--max-nodes", defaultValue = "50000")
        int maxNodes;

        @Option(names = "--time-limit-s", defaultValue = "20", paramLabel = "s")
        double timeLimitS;

        @Option(names = "--swmm", paramLabel = "FILE.inp")
        Path swmm;

        @Override
        public Integer call() {
            PlanOptions options = options();
            Plans result = project.location().updateExisting(store -> {
                for (String layer : List.of("buildings", "roads", "dem")) {
                    if (!store.contains(layer)) {
                        throw new CgisException(CliMessages.BUNDLE, "network.plan.needLayer", layer);
                    }
                }
                FeatureLayer buildings = store.readFeatures("buildings");
                FeatureLayer roads = store.readFeatures("roads");
                Raster dem = store.readRaster("dem");
                Optional<FeatureLayer> facilities = store.contains("facilities")
                        ? Optional.of(store.readFeatures("facilities")) : Optional.empty();
                Diagnostics diagnostics = new Diagnostics(
                        message -> CliContext.console().out().println(message.localized()));
                RoutePlan plan = RoutePlanner.plan(buildings, roads, dem, outlets(facilities, outlets, true), options,
                        GradientRules.defaults(), diagnostics);
                String crs = roads.crs();
                store.writeFeatures(plan.pipes());
                store.writeFeatures(plan.stations());
                store.writeFeatures(RoutePlanner.findingsLayer(plan.findings(), crs));
                store.putMetadata("analysis.network_plan.time",
                        java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
                store.putMetadata("analysis.network_plan.params", ("outlets=" + String.join(",", plan.outlets())
                        + ";max_depth_m=" + maxDepthM + ";piece_length_m=" + pieceLengthM + ";pipe_cost=" + pipeCost
                        + ";sewage_l_per_person_day=" + litresPerPersonDay).toLowerCase(Locale.ROOT));
                RoutePlan alternative = compare.isEmpty() ? null
                        : RoutePlanner.plan(buildings, roads, dem, outlets(facilities, compare, false), options,
                                GradientRules.defaults(), diagnostics);
                return new Plans(plan, alternative);
            });
            RoutePlan plan = result.plan();
            RoutePlan alternative = result.alternative();
            var out = CliContext.console().out();
            RoutePlan.Summary s = plan.summary();
            out.println(CliMessages.BUNDLE.format("network.plan.summary", String.join(", ", plan.outlets()),
                    s.servedBuildings(), s.buildings(), s.servedHouseholds(), s.sewerLengthM(), s.risingMainLengthM(),
                    s.stations(), s.meanDepthM(), s.maxDepthM(), s.trenchVolumeM3(), s.totalCostYuan()));
            for (Finding finding : plan.findings()) {
                if (finding.severity() != Finding.Severity.INFO) {
                    out.println(finding.severity().name().toLowerCase(Locale.ROOT) + " " + finding.code() + ": "
                            + finding.message().localized());
                }
            }
            if (alternative != null) {
                out.println(CliMessages.BUNDLE.format("network.plan.compareHeader"));
                for (String[] row : RoutePlan.compare(plan, alternative,
                        key -> CliMessages.BUNDLE.format("network.plan.row." + key))) {
                    out.println(String.format(Locale.ROOT, "%-28s %28s %28s %14s", (Object[]) row));
                }
            }
            if (swmm != null) {
                SwmmInp.write(plan.model(), swmm, SwmmInp.Units.SI_LPS);
                CliContext.console().info("network.exported", plan.model().nodes().size(),
                        plan.model().links().size(), swmm, 0);
            }
            return 0;
        }

        /** The written plan and the compared alternative (null without --compare). */
        private record Plans(RoutePlan plan, RoutePlan alternative) {
        }

        private PlanOptions options() {
            String[] parts = pipeCost.split(",");
            double[] bands = new double[parts.length - 1];
            double[] costs = new double[parts.length];
            try {
                for (int i = 0; i < parts.length; i++) {
                    String[] band = parts[i].split(":");
                    if (i < parts.length - 1 && band.length != 2 || i == parts.length - 1 && band.length != 1) {
                        throw new NumberFormatException(parts[i]);
                    }
                    if (band.length == 2) {
                        bands[i] = Double.parseDouble(band[0].trim());
                    }
                    costs[i] = Double.parseDouble(band[band.length - 1].trim());
                }
            } catch (NumberFormatException e) {
                throw new CgisException(CliMessages.BUNDLE, "network.plan.badPipeCost", pipeCost);
            }
            PlanOptions.Costs defaults = PlanOptions.Costs.defaults();
            PlanOptions.Costs unitCosts = new PlanOptions.Costs(bands, costs, manholeCost, stationCost, risingMainCost,
                    defaults.connectionYuanPerM());
            return PlanOptions.defaults().withMaxDepthM(maxDepthM).withGraph(pieceLengthM, connectDistanceM)
                    .withSewage(litresPerPersonDay, personsPerHousehold)
                    .withMinCoverM(minCoverM == null ? Double.NaN : minCoverM).withCosts(unitCosts)
                    .withLimits(maxNodes, Math.max(1, Math.round(timeLimitS * 1000)));
        }

        private List<RoutePlanner.Outlet> outlets(Optional<FeatureLayer> facilities, List<String> names,
                boolean withPoints) {
            List<RoutePlanner.Outlet> found = new java.util.ArrayList<>();
            boolean pointsOnly = withPoints && names.isEmpty() && !outletPoints.isEmpty();
            if (!pointsOnly) {
                if (facilities.isEmpty()) {
                    throw new CgisException(CliMessages.BUNDLE, "network.plan.needLayer", "facilities");
                }
                found.addAll(RoutePlanner.outlets(facilities.get(), names));
            }
            if (withPoints) {
                for (String point : outletPoints) {
                    String[] xy = point.split(",");
                    try {
                        found.add(new RoutePlanner.Outlet(point, Double.parseDouble(xy[0].trim()),
                                Double.parseDouble(xy[1].trim())));
                    } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
                        throw new CgisException(CliMessages.BUNDLE, "network.plan.badPoint", point);
                    }
                }
            }
            return found;
        }
    }

    private static long count(List<Finding> findings, Finding.Severity severity) {
        return findings.stream().filter(f -> f.severity() == severity).count();
    }
}
