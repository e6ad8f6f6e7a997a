package org.communitygis.network;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.feature.GeometryKind;
import org.communitygis.network.NetworkModel.Link;
import org.communitygis.network.NetworkModel.Node;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.index.strtree.STRtree;

/**
 * Turns findings and design states into project layers, and buildings into node inflows.
 */
public final class NetworkReport {
    private static final GeometryFactory GF = new GeometryFactory();

    private NetworkReport() {
    }

    /**
     * Returns the {@code network_findings} layer: one point per finding that has a location, with the
     * message in the user's language. Findings without a location (file-wide ones) are left out.
     */
    public static FeatureLayer findingsLayer(List<Finding> findings, String crs) {
        FeatureLayer layer = new FeatureLayer(NetworkLayers.NETWORK_FINDINGS, GeometryKind.POINT, crs,
                NetworkLayers.NETWORK_FINDINGS_FIELDS);
        long id = 1;
        for (Finding finding : findings) {
            if (Double.isNaN(finding.x()) || Double.isNaN(finding.y())) {
                continue;
            }
            Feature feature = new Feature(id, GF.createPoint(new Coordinate(finding.x(), finding.y())));
            feature.set("finding_id", id++);
            feature.set("code", finding.code());
            feature.set("severity", finding.severity().name().toLowerCase(java.util.Locale.ROOT));
            feature.set("element", finding.element());
            feature.set("message", finding.message().localized());
            layer.add(feature);
        }
        return layer;
    }

    /** Returns the {@code pipe_design} layer: one line per checked link, drawn through its nodes and vertices. */
    public static FeatureLayer designLayer(NetworkModel model, SewerDesign.Result result, String crs) {
        FeatureLayer layer = new FeatureLayer(NetworkLayers.PIPE_DESIGN, GeometryKind.LINESTRING, crs,
                NetworkLayers.PIPE_DESIGN_FIELDS);
        long id = 1;
        for (SewerDesign.LinkState s : result.links().values()) {
            Link link = model.link(s.link()).orElseThrow();
            Feature feature = new Feature(id++, GF.createLineString(coordinates(model, link)));
            feature.set("pipe_id", link.featureId);
            feature.set("link", link.name);
            feature.set("invert_source", link.invertSource);
            feature.set("mean_flow_lps", s.meanFlowLps());
            feature.set("kz", s.kz());
            feature.set("design_flow_lps", s.designFlowLps());
            feature.set("diameter_mm", s.diameterMm());
            feature.set("gradient_permille", finite(s.gradient() * 1000));
            feature.set("fullness", finite(s.fullness()));
            feature.set("fullness_limit", finite(s.fullnessLimit()));
            feature.set("velocity_m_s", finite(s.velocityMs()));
            feature.set("full_capacity_lps", finite(s.fullCapacityLps()));
            layer.add(feature);
        }
        return layer;
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }

    static Coordinate[] coordinates(NetworkModel model, Link link) {
        Node from = model.node(link.from).orElseThrow();
        Node to = model.node(link.to).orElseThrow();
        List<Coordinate> list = new ArrayList<>();
        list.add(new Coordinate(from.x, from.y));
        link.vertices.forEach(v -> list.add(new Coordinate(v[0], v[1])));
        list.add(new Coordinate(to.x, to.y));
        return list.toArray(Coordinate[]::new);
    }

    /**
     * Assigns the sewage of each building to the upstream node of the nearest sewer (a circular gravity
     * pipe that is not a storm pipe) within
     * {@code maxDistanceM} of its centroid, and returns the mean inflow per node, L/s. A building's
     * residents come from {@code residents}, else {@code households} × {@code personsPerHousehold}.
     * Buildings farther away are not connected and add nothing.
     */
    public static Map<String, Double> buildingInflows(NetworkModel model, FeatureLayer buildings,
            double personsPerHousehold, double litresPerPersonDay, double maxDistanceM) {
        STRtree index = new STRtree();
        for (Link link : model.links()) {
            // Only sewers take building sewage: storm pipes and open channels carry rain and irrigation water.
            boolean sewer = link.kind == NetworkModel.LinkKind.CONDUIT && link.shape.equals("CIRCULAR")
                    && !link.pipeKind.equals("storm");
            if (sewer) {
                var line = GF.createLineString(coordinates(model, link));
                index.insert(line.getEnvelopeInternal(), new Object[] {link, line});
            }
        }
        Map<String, Double> inflows = new java.util.HashMap<>();
        if (index.size() == 0) {
            return inflows;
        }
        for (Feature building : buildings.features()) {
            if (building.geometry() == null || building.geometry().isEmpty()) {
                continue;
            }
            var centroid = building.geometry().getCentroid();
            double residents = building.getDouble("residents", Double.NaN);
            if (!(residents >= 0)) {
                residents = building.getDouble("households", 0) * personsPerHousehold;
            }
            if (!(residents > 0)) {
                continue;
            }
            var envelope = centroid.getEnvelopeInternal();
            envelope.expandBy(maxDistanceM);
            Link nearest = null;
            double best = Double.POSITIVE_INFINITY;
            for (Object hit : index.query(envelope)) {
                Object[] entry = (Object[]) hit;
                double d = ((org.locationtech.jts.geom.LineString) entry[1]).distance(centroid);
                if (d < best) {
                    best = d;
                    nearest = (Link) entry[0];
                }
            }
            if (nearest != null && best <= maxDistanceM) {
                inflows.merge(nearest.from, SewerDesign.meanFlowLps(residents, litresPerPersonDay), Double::sum);
            }
        }
        return inflows;
    }
}
