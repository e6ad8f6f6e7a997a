package org.communitygis.network;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.communitygis.core.feature.FeatureLayer;

/**
 * A gravity sewer layout made by {@link RoutePlanner}.
 *
 * @param outlets names of the outlets the plan drains to
 * @param pipes the {@code planned_pipes} layer: gravity sewers, rising mains and house connections
 * @param stations the {@code planned_stations} layer: one point per pump station
 * @param findings planning findings (unserved buildings, stations, search limit) followed by the GB 50014
 *        checks of the sized network ({@link SewerDesign#size})
 * @param model the sized network, ready for {@link SwmmInp#write}
 * @param summary cost drivers and totals
 */
public record RoutePlan(List<String> outlets, FeatureLayer pipes, FeatureLayer stations, List<Finding> findings,
        NetworkModel model, Summary summary) {

    /**
     * Cost drivers and totals of a plan. Lengths in m, depths from ground to invert in m, volumes in m³,
     * costs in yuan from {@link PlanOptions.Costs}.
     *
     * @param buildings buildings with sewage (residents or households above 0)
     * @param servedBuildings of those, buildings connected to the plan
     * @param servedHouseholds households of the served buildings
     * @param servedResidents residents of the served buildings
     * @param sewerLengthM length of gravity sewers
     * @param risingMainLengthM length of rising mains
     * @param connectionLengthM length of house connections (building centroid to road)
     * @param trenchVolumeM3 trench volume of the gravity sewers, length × depth × trench width (pipe diameter
     *        plus 0.3 m working space each side, a planning assumption)
     * @param meanDepthM length-weighted mean trench depth of the gravity sewers
     * @param maxDepthM deepest trench of the gravity sewers
     * @param lengthPerDepthBandM gravity sewer length in each cost band of {@link PlanOptions.Costs#depthBandsM}
     * @param manholes manholes (nodes of the gravity network other than outlets)
     * @param stations pump stations
     * @param stationPowerKw sum of the motor power of the stations, kW
     * @param outletFlowLps design flow arriving at all outlets, L/s
     * @param pipeCostYuan cost of gravity sewers
     * @param manholeCostYuan cost of manholes
     * @param stationCostYuan cost of stations and rising mains
     * @param connectionCostYuan cost of house connections
     * @param graphNodes nodes of the candidate graph
     * @param graphEdges edges of the candidate graph
     * @param complete false when the search stopped at its time limit
     * @param searchMs wall time of the tree search, ms
     */
    public record Summary(int buildings, int servedBuildings, long servedHouseholds, double servedResidents,
            double sewerLengthM, double risingMainLengthM, double connectionLengthM, double trenchVolumeM3,
            double meanDepthM, double maxDepthM, double[] lengthPerDepthBandM, int manholes, int stations,
            double stationPowerKw, double outletFlowLps, double pipeCostYuan, double manholeCostYuan,
            double stationCostYuan, double connectionCostYuan, int graphNodes, int graphEdges, boolean complete,
            long searchMs) {

        /** Returns the total cost, yuan. */
        public double totalCostYuan() {
            return pipeCostYuan + manholeCostYuan + stationCostYuan + connectionCostYuan;
        }
    }

    /** Counts the findings with {@code code}. */
    public long count(String code) {
        return findings.stream().filter(f -> f.code().equals(code)).count();
    }

    /**
     * Returns a side-by-side table of two plans, one row per cost driver: label, value of {@code a},
     * value of {@code b}, difference b − a. Labels come from {@code label} (a message key ending such as
     * {@code sewerLength}) so the caller chooses the language.
     */
    public static List<String[]> compare(RoutePlan a, RoutePlan b, Function<String, String> label) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {label.apply("outlets"), String.join(",", a.outlets()), String.join(",", b.outlets()),
            ""});
        Summary x = a.summary();
        Summary y = b.summary();
        row(rows, label.apply("servedBuildings"), x.servedBuildings(), y.servedBuildings(), "%.0f");
        row(rows, label.apply("servedHouseholds"), x.servedHouseholds(), y.servedHouseholds(), "%.0f");
        row(rows, label.apply("sewerLength"), x.sewerLengthM(), y.sewerLengthM(), "%.0f");
        row(rows, label.apply("risingMainLength"), x.risingMainLengthM(), y.risingMainLengthM(), "%.0f");
        row(rows, label.apply("connectionLength"), x.connectionLengthM(), y.connectionLengthM(), "%.0f");
        row(rows, label.apply("trenchVolume"), x.trenchVolumeM3(), y.trenchVolumeM3(), "%.0f");
        row(rows, label.apply("meanDepth"), x.meanDepthM(), y.meanDepthM(), "%.2f");
        row(rows, label.apply("maxDepth"), x.maxDepthM(), y.maxDepthM(), "%.2f");
        row(rows, label.apply("manholes"), x.manholes(), y.manholes(), "%.0f");
        row(rows, label.apply("stations"), x.stations(), y.stations(), "%.0f");
        row(rows, label.apply("stationPower"), x.stationPowerKw(), y.stationPowerKw(), "%.1f");
        row(rows, label.apply("outletFlow"), x.outletFlowLps(), y.outletFlowLps(), "%.2f");
        row(rows, label.apply("pipeCost"), x.pipeCostYuan(), y.pipeCostYuan(), "%.0f");
        row(rows, label.apply("manholeCost"), x.manholeCostYuan(), y.manholeCostYuan(), "%.0f");
        row(rows, label.apply("stationCost"), x.stationCostYuan(), y.stationCostYuan(), "%.0f");
        row(rows, label.apply("connectionCost"), x.connectionCostYuan(), y.connectionCostYuan(), "%.0f");
        row(rows, label.apply("totalCost"), x.totalCostYuan(), y.totalCostYuan(), "%.0f");
        return rows;
    }

    private static void row(List<String[]> rows, String label, double a, double b, String format) {
        rows.add(new String[] {label, String.format(Locale.ROOT, format, a), String.format(Locale.ROOT, format, b),
            String.format(Locale.ROOT, "%+" + format.substring(1), b - a)});
    }
}
