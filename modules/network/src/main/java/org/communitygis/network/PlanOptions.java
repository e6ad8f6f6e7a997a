package org.communitygis.network;

import java.util.Arrays;
import org.communitygis.core.CgisException;

/**
 * Parameters of {@link RoutePlanner}.
 *
 * @param pieceLengthM roads are cut at junctions and then into equal pieces of at most this length, m; each
 *        cut is a manhole. Default 50 m, close to common manhole spacing on village sewers (a planning choice)
 * @param snapToleranceM a road end closer than this to another road joins it there, m. Default 3 m
 * @param connectDistanceM a building connects to the nearest road within this distance of its centroid, m;
 *        farther buildings stay unserved. Default 100 m
 * @param maxDepthM deepest trench (ground to invert) allowed before a pump station is placed, m. Default 4 m
 * @param minCoverM cover over the pipe crown, m; NaN takes {@link GradientRules#minCoverM()}
 * @param material pipe material of the gravity sewers, which selects the minimum gradient and Manning n
 * @param litresPerPersonDay mean sewage per person, L/(person·day)
 * @param personsPerHousehold residents of a building without a {@code residents} value, per household
 * @param costs unit costs that rank the alternatives
 * @param maxNodes largest graph (road nodes, outlets) the planner accepts; a larger one is rejected
 * @param timeLimitMs wall time the tree search may use, ms; buildings not reached by then stay unserved
 *        and a {@code plan_limit} finding reports them
 */
public record PlanOptions(double pieceLengthM, double snapToleranceM, double connectDistanceM, double maxDepthM,
        double minCoverM, String material, double litresPerPersonDay, double personsPerHousehold, Costs costs,
        int maxNodes, long timeLimitMs) {

    /**
     * Unit costs, yuan. The defaults are placeholders, not taken from a standard or a price list, so
     * replace them with the local quota before comparing real tenders.
     *
     * @param depthBandsM upper trench depth of each pipe cost band, m, increasing; a last band without an upper
     *        limit follows
     * @param pipeYuanPerM cost of laid gravity pipe per m in each band, including excavation and backfill;
     *        one more value than {@code depthBandsM}
     * @param manholeYuan cost of one manhole
     * @param stationYuan cost of one pump or lift station, without its rising main
     * @param risingMainYuanPerM cost of rising main per m
     * @param connectionYuanPerM cost of house connection drain per m
     */
    public record Costs(double[] depthBandsM, double[] pipeYuanPerM, double manholeYuan, double stationYuan,
            double risingMainYuanPerM, double connectionYuanPerM) {

        /** Validates the values and copies the arrays. */
        public Costs {
            if (pipeYuanPerM.length != depthBandsM.length + 1) {
                throw new CgisException(NetworkMessages.BUNDLE, "plan.badBands", depthBandsM.length,
                        pipeYuanPerM.length);
            }
            for (int i = 0; i < depthBandsM.length; i++) {
                positive("depthBandsM", depthBandsM[i]);
                if (i > 0 && !(depthBandsM[i] > depthBandsM[i - 1])) {
                    throw new CgisException(NetworkMessages.BUNDLE, "plan.badBands", depthBandsM.length,
                            pipeYuanPerM.length);
                }
            }
            for (double cost : pipeYuanPerM) {
                notNegative("pipeYuanPerM", cost);
            }
            notNegative("manholeYuan", manholeYuan);
            notNegative("stationYuan", stationYuan);
            notNegative("risingMainYuanPerM", risingMainYuanPerM);
            notNegative("connectionYuanPerM", connectionYuanPerM);
            depthBandsM = depthBandsM.clone();
            pipeYuanPerM = pipeYuanPerM.clone();
        }

        /** Returns the placeholder defaults: 450/650/950/1400 yuan/m up to 2, 3, 4 m and deeper. */
        public static Costs defaults() {
            return new Costs(new double[] {2, 3, 4}, new double[] {450, 650, 950, 1400}, 3000, 150_000, 300, 200);
        }

        /** Returns the gravity pipe cost per m at trench depth {@code depthM}, yuan/m. */
        public double pipeYuanPerM(double depthM) {
            int band = 0;
            while (band < depthBandsM.length && depthM > depthBandsM[band]) {
                band++;
            }
            return pipeYuanPerM[band];
        }

        /** Returns a copy with other pipe cost bands. */
        public Costs withPipeBands(double[] bandsM, double[] yuanPerM) {
            return new Costs(bandsM, yuanPerM, manholeYuan, stationYuan, risingMainYuanPerM, connectionYuanPerM);
        }

        /** Returns a copy with other manhole, station and rising main costs. */
        public Costs withFixed(double manhole, double station, double risingMainPerM) {
            return new Costs(depthBandsM, pipeYuanPerM, manhole, station, risingMainPerM, connectionYuanPerM);
        }

        @Override
        public String toString() {
            return "Costs[bands=" + Arrays.toString(depthBandsM) + ", yuanPerM=" + Arrays.toString(pipeYuanPerM)
                    + ", manhole=" + manholeYuan + ", station=" + stationYuan + ", risingMainPerM="
                    + risingMainYuanPerM + ", connectionPerM=" + connectionYuanPerM + "]";
        }
    }

    /** Validates the values. */
    public PlanOptions {
        positive("pieceLengthM", pieceLengthM);
        notNegative("snapToleranceM", snapToleranceM);
        positive("connectDistanceM", connectDistanceM);
        positive("maxDepthM", maxDepthM);
        if (!Double.isNaN(minCoverM)) {
            notNegative("minCoverM", minCoverM);
        }
        positive("litresPerPersonDay", litresPerPersonDay);
        positive("personsPerHousehold", personsPerHousehold);
        positive("maxNodes", maxNodes);
        positive("timeLimitMs", timeLimitMs);
        java.util.Objects.requireNonNull(material, "material");
        java.util.Objects.requireNonNull(costs, "costs");
    }

    /**
     * Returns the defaults listed on the record: 80 L/(person·day) and 2.6 persons per household as in
     * {@code cgis network check}, PVC pipes, at most 50,000 nodes and 20 s of search.
     */
    public static PlanOptions defaults() {
        return new PlanOptions(50, 3, 100, 4, Double.NaN, "pvc", 80, 2.6, Costs.defaults(), 50_000, 20_000);
    }

    /** Returns a copy with {@code maxDepthM} replaced. */
    public PlanOptions withMaxDepthM(double value) {
        return new PlanOptions(pieceLengthM, snapToleranceM, connectDistanceM, value, minCoverM, material,
                litresPerPersonDay, personsPerHousehold, costs, maxNodes, timeLimitMs);
    }

    /** Returns a copy with {@code pieceLengthM} and {@code connectDistanceM} replaced. */
    public PlanOptions withGraph(double piece, double connect) {
        return new PlanOptions(piece, snapToleranceM, connect, maxDepthM, minCoverM, material, litresPerPersonDay,
                personsPerHousehold, costs, maxNodes, timeLimitMs);
    }

    /** Returns a copy with the sewage figures replaced. */
    public PlanOptions withSewage(double litres, double persons) {
        return new PlanOptions(pieceLengthM, snapToleranceM, connectDistanceM, maxDepthM, minCoverM, material, litres,
                persons, costs, maxNodes, timeLimitMs);
    }

    /** Returns a copy with {@code minCoverM} replaced. */
    public PlanOptions withMinCoverM(double value) {
        return new PlanOptions(pieceLengthM, snapToleranceM, connectDistanceM, maxDepthM, value, material,
                litresPerPersonDay, personsPerHousehold, costs, maxNodes, timeLimitMs);
    }

    /** Returns a copy with {@code costs} replaced. */
    public PlanOptions withCosts(Costs value) {
        return new PlanOptions(pieceLengthM, snapToleranceM, connectDistanceM, maxDepthM, minCoverM, material,
                litresPerPersonDay, personsPerHousehold, value, maxNodes, timeLimitMs);
    }

    /** Returns a copy with the search limits replaced. */
    public PlanOptions withLimits(int nodes, long timeMs) {
        return new PlanOptions(pieceLengthM, snapToleranceM, connectDistanceM, maxDepthM, minCoverM, material,
                litresPerPersonDay, personsPerHousehold, costs, nodes, timeMs);
    }

    private static void positive(String name, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new CgisException(NetworkMessages.BUNDLE, "design.notPositive", name, value);
        }
    }

    private static void notNegative(String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new CgisException(NetworkMessages.BUNDLE, "plan.negative", name, value);
        }
    }
}
