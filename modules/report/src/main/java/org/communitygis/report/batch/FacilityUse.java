package org.communitygis.report.batch;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.network.CoverageOptions;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.index.strtree.STRtree;

/**
 * Treatment capacity use of one community, derived from its {@code coverage_buildings} rows and its
 * {@code pipes} and {@code facilities} layers by the rule of the network module's {@code FacilityLoads}
 * (which {@code coverage_facilities} is written by): pipes of the coverage kinds within
 * {@link CoverageOptions#connectToleranceM()} of each other form one connected network; a network drains
 * to the nearest facility of its {@code network} name (the first non-blank one of its pipes in layer
 * order), an unnamed network to the nearest unnamed facility or, when every facility is named, the nearest
 * one. A served building counts for the facility its {@code nearest_pipe_id}'s network drains to. Design
 * flow (m³/day) = residents × sewage L/(person·day) / 1000 × Kz at the mean flow in L/s.
 */
final class FacilityUse {
    /**
     * One facility's use.
     *
     * @param loadPct design flow / capacity m³/day when that is positive, else connected households /
     *     capacity households; null without a capacity
     * @param flag {@code ok}, {@code over} (above 100 %) or {@code unknown}
     */
    record Use(Feature facility, long connectedHouseholds, long connectedResidents, double designFlowM3PerDay,
            Long capacityHouseholds, Double capacityM3PerDay, Double loadPct, String flag) {
    }

    private FacilityUse() {
    }

    static List<Use> compute(FeatureLayer coverage, FeatureLayer pipes, FeatureLayer facilityLayer,
            CoverageOptions options) {
        List<Feature> facilities = new ArrayList<>();
        for (Feature facility : facilityLayer.features()) {
            if (options.facilityKinds().contains(text(facility.get("kind")).toLowerCase(Locale.ROOT))
                    && facility.geometry() != null && !facility.geometry().isEmpty()) {
                facilities.add(facility);
            }
        }
        if (facilities.isEmpty()) {
            return List.of();
        }
        List<Feature> selected = new ArrayList<>();
        for (Feature pipe : pipes.features()) {
            Geometry g = pipe.geometry();
            if (options.pipeKinds().contains(text(pipe.get("kind")).toLowerCase(Locale.ROOT)) && g != null
                    && !g.isEmpty() && g.getDimension() == 1 && g.getLength() > 0) {
                selected.add(pipe);
            }
        }
        int[] component = components(selected, options.connectToleranceM());
        int count = 0;
        for (int c : component) {
            count = Math.max(count, c + 1);
        }
        int[] facilityOfComponent = new int[count];
        for (int c = 0; c < count; c++) {
            facilityOfComponent[c] = chooseFacility(c, component, selected, facilities);
        }
        Map<Long, Integer> componentOfPipeId = new HashMap<>();
        for (int p = 0; p < selected.size(); p++) {
            componentOfPipeId.putIfAbsent(selected.get(p).id(), component[p]);
        }

        long[] households = new long[facilities.size()];
        long[] residents = new long[facilities.size()];
        for (Feature row : coverage.features()) {
            Object pipeId = row.get("nearest_pipe_id");
            if (!Boolean.TRUE.equals(row.get("served")) || pipeId == null) {
                continue;
            }
            Integer c = componentOfPipeId.get(((Number) pipeId).longValue());
            int f = c == null ? -1 : facilityOfComponent[c];
            if (f >= 0) {
                households[f] += row.getLong("households", 0);
                residents[f] += row.getLong("residents", 0);
            }
        }

        List<Use> result = new ArrayList<>();
        for (int f = 0; f < facilities.size(); f++) {
            Feature facility = facilities.get(f);
            double meanM3PerDay = residents[f] * options.sewageLitresPerPersonDay() / 1000.0;
            double designFlow = meanM3PerDay * options.peakingFactor().kz(meanM3PerDay * 1000.0 / 86400.0);
            double capacityM3 = facility.getDouble("capacity_m3_per_day", Double.NaN);
            long capacityHouseholds = facility.getLong("capacity_households", -1);
            Double loadPct = null;
            if (capacityM3 > 0) {
                loadPct = 100.0 * designFlow / capacityM3;
            } else if (capacityHouseholds > 0) {
                loadPct = 100.0 * households[f] / capacityHouseholds;
            }
            String flag = "ok";
            if (loadPct == null) {
                flag = "unknown";
            } else if (loadPct > 100) {
                flag = "over";
            }
            result.add(new Use(facility, households[f], residents[f], designFlow,
                    capacityHouseholds >= 0 ? capacityHouseholds : null, Double.isNaN(capacityM3) ? null : capacityM3,
                    loadPct, flag));
        }
        return result;
    }

    /** Returns the connected-network index of each pipe, numbered by each network's first pipe in layer order. */
    private static int[] components(List<Feature> pipes, double tolerance) {
        int n = pipes.size();
        int[] parent = new int[n];
        STRtree tree = new STRtree();
        for (int i = 0; i < n; i++) {
            parent[i] = i;
            Envelope envelope = new Envelope(pipes.get(i).geometry().getEnvelopeInternal());
            envelope.expandBy(tolerance);
            tree.insert(envelope, i);
        }
        for (int i = 0; i < n; i++) {
            Geometry geometry = pipes.get(i).geometry();
            for (Object item : tree.query(geometry.getEnvelopeInternal())) {
                int j = (Integer) item;
                if (j > i && geometry.isWithinDistance(pipes.get(j).geometry(), tolerance)) {
                    parent[find(parent, i)] = find(parent, j);
                }
            }
        }
        int[] component = new int[n];
        Map<Integer, Integer> number = new HashMap<>();
        for (int i = 0; i < n; i++) {
            component[i] = number.computeIfAbsent(find(parent, i), root -> number.size());
        }
        return component;
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    private static int chooseFacility(int c, int[] component, List<Feature> pipes, List<Feature> facilities) {
        String network = "";
        for (int p = 0; p < pipes.size() && network.isEmpty(); p++) {
            if (component[p] == c) {
                network = text(pipes.get(p).get("network"));
            }
        }
        List<Integer> candidates = new ArrayList<>();
        for (int f = 0; f < facilities.size(); f++) {
            String facilityNetwork = text(facilities.get(f).get("network"));
            if (network.isEmpty() ? facilityNetwork.isEmpty() : facilityNetwork.equals(network)) {
                candidates.add(f);
            }
        }
        if (candidates.isEmpty()) {
            if (!network.isEmpty()) {
                return -1;
            }
            for (int f = 0; f < facilities.size(); f++) {
                candidates.add(f);
            }
        }
        int best = -1;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (int f : candidates) {
            for (int p = 0; p < pipes.size(); p++) {
                if (component[p] == c) {
                    double d = facilities.get(f).geometry().distance(pipes.get(p).geometry());
                    if (d < bestDistance) {
                        bestDistance = d;
                        best = f;
                    }
                }
            }
        }
        return best;
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString().trim();
    }
}
