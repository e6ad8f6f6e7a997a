package org.communitygis.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cgis analyze drainage|coverage|roads --project P.gpkg | --db URL}: runs one analysis and stores its layers. */
@Command(name = "analyze", mixinStandardHelpOptions = true, subcommands = {AnalyzeCommand.Drainage.class, AnalyzeCommand.Coverage.class,
    AnalyzeCommand.Roads.class})
final class AnalyzeCommand implements Runnable {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Terrain hydrology, road gradients and pipe gradient checks. */
    @Command(name = "drainage", mixinStandardHelpOptions = true)
    static final class Drainage implements Callable<Integer> {
        @Mixin
        ProjectOption project;

        @Option(names = "--stream-threshold-m2", defaultValue = "20000", paramLabel = "m²")
        double streamThresholdM2;

        @Option(names = "--epsilon-fill", defaultValue = "false")
        boolean epsilonFill;

        @Option(names = "--breach", defaultValue = "false")
        boolean breach;

        @Option(names = "--steep-road-permille", defaultValue = "80", paramLabel = "‰")
        double steepRoadPermille;

        @Option(names = "--flat-road-permille", defaultValue = "3", paramLabel = "‰")
        double flatRoadPermille;

        @Option(names = "--flow-method", defaultValue = "d8", paramLabel = "d8|dinf|mfd")
        String flowMethod;

        @Option(names = "--mfd-exponent", defaultValue = "1.1", paramLabel = "p")
        double mfdExponent;

        @Option(names = "--export-codes", defaultValue = "esri", paramLabel = "esri|grass|taudem")
        String exportCodes;

        @Option(names = "--pour-point", paramLabel = "X,Y")
        List<String> pourPoints = new java.util.ArrayList<>();

        @Option(names = "--snap-radius-m", defaultValue = "0", paramLabel = "m")
        double snapRadiusM;

        @Option(names = "--command-area-level-m", paramLabel = "m")
        Double commandAreaLevelM;

        @Option(names = "--command-area-source", paramLabel = "X,Y")
        List<String> commandSources = new java.util.ArrayList<>();

        @Option(names = "--min-channel-slope-permille", defaultValue = "0.5", paramLabel = "‰")
        double minChannelSlopePermille;

        @Option(names = "--pump-head-m", defaultValue = "0", paramLabel = "m")
        double pumpHeadM;

        @Override
        public Integer call() {
            Analyses.DrainageSettings settings = new Analyses.DrainageSettings(streamThresholdM2, epsilonFill,
                    steepRoadPermille, flatRoadPermille, breach);
            Analyses.DrainageRouting routing = new Analyses.DrainageRouting(flowMethod, mfdExponent, exportCodes,
                    points("--pour-point", pourPoints), snapRadiusM, points("--command-area-source", commandSources),
                    commandAreaLevelM == null ? Double.NaN : commandAreaLevelM, minChannelSlopePermille, pumpHeadM);
            List<String> lines = project.location().updateExisting(
                    store -> Analyses.drainage(store, settings, routing, CliContext.progress(), CliContext.diagnostics()));
            lines.forEach(line -> CliContext.console().out().println(line));
            return 0;
        }

        /** Parses "X,Y" values of {@code option} into (x, y) pairs. */
        private static List<double[]> points(String option, List<String> values) {
            List<double[]> points = new java.util.ArrayList<>();
            for (String value : values) {
                String[] parts = value.split(",");
                try {
                    if (parts.length != 2) {
                        throw new NumberFormatException(value);
                    }
                    points.add(new double[] {Double.parseDouble(parts[0].trim()), Double.parseDouble(parts[1].trim())});
                } catch (NumberFormatException e) {
                    throw new org.communitygis.core.CgisException(CliMessages.BUNDLE, "drainage.badPoint", option, value);
                }
            }
            return points;
        }
    }

    /** Pipe-network coverage of buildings, per zone and against treatment capacity. */
    @Command(name = "coverage", mixinStandardHelpOptions = true)
    static final class Coverage implements Callable<Integer> {
        @Mixin
        ProjectOption project;

        @Option(names = "--pipes", defaultValue = "pipes", paramLabel = "LAYER")
        String pipesLayer;

        @Option(names = "--buffer-m", defaultValue = "30", paramLabel = "m")
        double bufferM;

        @Option(names = "--road-distance-m", defaultValue = "100", paramLabel = "m")
        double roadDistanceM;

        @Option(names = "--persons-per-household", defaultValue = "2.6", paramLabel = "N")
        double personsPerHousehold;

        @Option(names = "--sewage-l-per-person-day", defaultValue = "80", paramLabel = "L")
        double sewagePerPersonLitres;

        @Option(names = "--trial-network", defaultValue = "false")
        boolean trialNetwork;

        @Override
        public Integer call() {
            Analyses.CoverageSettings settings = new Analyses.CoverageSettings(pipesLayer, bufferM, roadDistanceM,
                    personsPerHousehold, sewagePerPersonLitres, trialNetwork);
            List<String> lines = project.location().updateExisting(
                    store -> Analyses.coverage(store, settings, CliContext.progress(), CliContext.diagnostics()));
            lines.forEach(line -> CliContext.console().out().println(line));
            return 0;
        }
    }

    /** Road damage zones from runoff, grades and heavy traffic. */
    @Command(name = "roads", mixinStandardHelpOptions = true)
    static final class Roads implements Callable<Integer> {
        @Mixin
        ProjectOption project;

        @Option(names = "--unit-m", defaultValue = "20", paramLabel = "m")
        double unitM;

        @Option(names = "--runoff-area-m2", defaultValue = "10000", paramLabel = "m²")
        double runoffAreaM2;

        @Option(names = "--steep-grade-permille", defaultValue = "80", paramLabel = "‰")
        double steepGradePermille;

        @Option(names = "--survey", paramLabel = "FILE")
        java.nio.file.Path survey;

        @Option(names = "--standard", defaultValue = "jtg5210", paramLabel = "jtg5210|cjj36")
        String standard;

        @Option(names = "--pci-unit-m", defaultValue = "100", paramLabel = "m")
        double pciUnitM;

        @Override
        public Integer call() {
            Analyses.RoadSettings settings = new Analyses.RoadSettings(unitM, runoffAreaM2, steepGradePermille, survey,
                    standard, pciUnitM);
            List<String> lines = project.location().updateExisting(
                    store -> Analyses.roads(store, settings, CliContext.progress(), CliContext.diagnostics()));
            lines.forEach(line -> CliContext.console().out().println(line));
            return 0;
        }
    }
}
