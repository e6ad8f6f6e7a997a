package org.communitygis.network;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.communitygis.core.Diagnostics;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.feature.GeometryKind;
import org.communitygis.network.CoverageAnalysis.BuildingRow;
import org.communitygis.network.CoverageAnalysis.PipeSet;
import org.jgrapht.Graph;
import org.jgrapht.alg.connectivity.ConnectivityInspector;
import org.jgrapht.graph.DefaultEdge;
import org.jgrapht.graph.SimpleGraph;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.index.strtree.STRtree;

/**
 * Households connected to each treatment unit or septic tank, their design flow and the facility's load,
 * for {@code coverage_facilities}.
 *
 * <p>Pipes whose lines come within {@link CoverageOptions#connectToleranceM()} of each other form one
 * connected network (a JGraphT connectivity search). Each connected network drains to one facility:
 * <ol>
 *   <li>when its pipes carry a {@code network} name (the first non-blank one in layer order), the
 *       facility with the same {@code network}, the nearest one if several share it. A named network
 *       without such a facility drains to none, with a warning;</li>
 *   <li>when its pipes are unnamed, the nearest facility with a blank {@code network}, or the nearest
 *       facility of all when every facility is named.</li>
 * </ol>
 * A served building's households and residents count for the facility that its nearest pipe's network
 * drains to.
 *
 * <p>Design flow (m³/day) = residents × {@link CoverageOptions#sewageLitresPerPersonDay()} / 1000 × Kz,
 * with Kz from {@link CoverageOptions#peakingFactor()} at the mean flow in L/s; it is the peak flow
 * expressed per day. {@code load_pct} = design flow / {@code capacity_m3_per_day} when that is positive,
 * else connected households / {@code capacity_households}; {@code flag} is {@code over} above 100 %,
 * {@code unknown} without a capacity, else {@code ok}.
 */
final class FacilityLoads {
    private FacilityLoads() {
    }

    static Optional<FeatureLayer> compute(FeatureLayer layer, PipeSet pipes, List<BuildingRow> rows,
            CoverageOptions options, GeometryFactory factory, Diagnostics diagnostics) {
        Set<String> kinds = options.facilityKinds();
        List<Feature> facilities = new ArrayList<>();
        for (Feature facility : layer.features()) {
            String kind = NetworkLayers.text(facility.get("kind")).toLowerCase(Locale.ROOT);
            if (!kinds.contains(kind)) {
                continue;
            }
            if (facility.geometry() == null || facility.geometry().isEmpty()) {
                diagnostics.warn(NetworkMessages.BUNDLE, "coverage.badFacility", facility.id());
                continue;
            }
            facilities.add(facility);
        }
        if (facilities.isEmpty()) {
            return Optional.empty();
        }

        int[] componentOfPipe = components(pipes, options.connectToleranceM());
        int componentCount = 0;
        for (int c : componentOfPipe) {
            componentCount = Math.max(componentCount, c + 1);
        }
        List<List<Integer>> pipesOfComponent = new ArrayList<>();
        for (int c = 0; c < componentCount; c++) {
            pipesOfComponent.add(new ArrayList<>());
        }
        for (int p = 0; p < componentOfPipe.length; p++) {
            pipesOfComponent.get(componentOfPipe[p]).add(p);
        }
        int[] facilityOfComponent = new int[componentCount];
        Set<String> warnedNetworks = new HashSet<>();
        for (int c = 0; c < componentCount; c++) {
            facilityOfComponent[c] = chooseFacility(pipesOfComponent.get(c), pipes, facilities, warnedNetworks,
                    diagnostics);
        }

        long[] households = new long[facilities.size()];
        long[] residents = new long[facilities.size()];
        for (BuildingRow row : rows) {
            int facility = facilityOfComponent[componentOfPipe[row.pipe]];
            if (row.served && facility >= 0) {
                households[facility] += row.households;
                residents[facility] += row.residents;
            }
        }

        FeatureLayer out = new FeatureLayer(NetworkLayers.COVERAGE_FACILITIES, GeometryKind.POINT, layer.crs(),
                NetworkLayers.COVERAGE_FACILITIES_FIELDS);
        for (int f = 0; f < facilities.size(); f++) {
            Feature facility = facilities.get(f);
            Geometry geometry = facility.geometry();
            Point point = geometry instanceof Point p ? p : geometry.getInteriorPoint();
            double meanM3PerDay = residents[f] * options.sewageLitresPerPersonDay() / 1000.0;
            double meanLps = meanM3PerDay * 1000.0 / 86400.0;
            double designFlow = meanM3PerDay * options.peakingFactor().kz(meanLps);
            double capacityM3 = facility.getDouble("capacity_m3_per_day", Double.NaN);
            long capacityHouseholds = facility.getLong("capacity_households", -1);
            Double loadPct = null;
            if (capacityM3 > 0) {
                loadPct = 100.0 * designFlow / capacityM3;
            } else if (capacityHouseholds > 0) {
                loadPct = 100.0 * households[f] / capacityHouseholds;
            }
            Feature feature = new Feature(facility.id(), point);
            feature.set("name", facility.get("name"));
            feature.set("kind", NetworkLayers.text(facility.get("kind")));
            feature.set("network", NetworkLayers.text(facility.get("network")));
            feature.set("capacity_households", capacityHouseholds >= 0 ? capacityHouseholds : null);
            feature.set("connected_households", households[f]);
            feature.set("design_flow_m3_per_day", designFlow);
            feature.set("capacity_m3_per_day", Double.isNaN(capacityM3) ? null : capacityM3);
            feature.set("load_pct", loadPct);
            String flag = "ok";
            if (loadPct == null) {
                flag = "unknown";
            } else if (loadPct > 100) {
                flag = "over";
            }
            feature.set("flag", flag);
            out.add(feature);
        }
        return Optional.of(out);
    }

    /** Returns the connected-network index of every pipe of {@code pipes}. */
    static int[] components(PipeSet pipes, double tolerance) {
        int n = pipes.features.size();
        Graph<Integer, DefaultEdge> graph = new SimpleGraph<>(DefaultEdge.class);
        STRtree tree = new STRtree();
        for (int i = 0; i < n; i++) {
            graph.addVertex(i);
            Envelope envelope = new Envelope(pipes.features.get(i).geometry().getEnvelopeInternal());
            envelope.expandBy(tolerance);
            tree.insert(envelope, i);
        }
        for (int i = 0; i < n; i++) {
            Geometry geometry = pipes.features.get(i).geometry();
            for (Object item : tree.query(geometry.getEnvelopeInternal())) {
                int j = (Integer) item;
                if (j > i && geometry.isWithinDistance(pipes.features.get(j).geometry(), tolerance)) {
                    graph.addEdge(i, j);
                }
            }
        }
        int[] component = new int[n];
        List<Set<Integer>> sets = new ConnectivityInspector<>(graph).connectedSets();
        for (int c = 0; c < sets.size(); c++) {
            for (int pipe : sets.get(c)) {
                component[pipe] = c;
            }
        }
        return component;
    }

    private static int chooseFacility(List<Integer> componentPipes, PipeSet pipes, List<Feature> facilities,
            Set<String> warnedNetworks, Diagnostics diagnostics) {
        String network = "";
        for (int p : componentPipes) {
            network = NetworkLayers.text(pipes.features.get(p).get("network"));
            if (!network.isEmpty()) {
                break;
            }
        }
        List<Integer> candidates = new ArrayList<>();
        for (int f = 0; f < facilities.size(); f++) {
            String facilityNetwork = NetworkLayers.text(facilities.get(f).get("network"));
            if (network.isEmpty() ? facilityNetwork.isEmpty() : facilityNetwork.equals(network)) {
                candidates.add(f);
            }
        }
        if (candidates.isEmpty()) {
            if (!network.isEmpty()) {
                if (warnedNetworks.add(network)) {
                    diagnostics.warn(NetworkMessages.BUNDLE, "coverage.networkWithoutFacility", network);
                }
                return -1;
            }
            for (int f = 0; f < facilities.size(); f++) {
                candidates.add(f);
            }
        }
        int best = -1;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (int f : candidates) {
            Geometry facility = facilities.get(f).geometry();
            for (int p : componentPipes) {
                double d = facility.distance(pipes.features.get(p).geometry());
                if (d < bestDistance) {
                    bestDistance = d;
                    best = f;
                }
            }
        }
        return best;
    }
}
