package org.communitygis.network;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.feature.GeometryKind;
import org.communitygis.network.Finding.Severity;
import org.communitygis.network.NetworkModel.Link;
import org.communitygis.network.NetworkModel.LinkKind;
import org.communitygis.network.NetworkModel.Node;
import org.communitygis.network.NetworkModel.NodeKind;
import org.communitygis.network.RouteGraph.Edge;
import org.communitygis.network.RoutePlanner.House;
import org.communitygis.network.RoutePlanner.Lay;
import org.communitygis.network.RoutePlanner.Outlet;
import org.communitygis.network.RoutePlanner.PlanContext;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;

/**
 * Turns a laid tree of {@link RoutePlanner} into a sized {@link NetworkModel}, the {@code planned_pipes} and
 * {@code planned_stations} layers, findings and the cost summary.
 */
final class PlanWriter {
    private static final GeometryFactory GF = new GeometryFactory();
    /** Sum of minor loss coefficients of a station's rising main: valves, bends, exit (a planning assumption). */
    private static final double RISING_MAIN_MINOR_K = 3.0;

    private final PlanContext ctx;
    private final RouteGraph graph;
    private final List<House> houses;
    private final List<Outlet> outlets;
    private final int[] outletNodes;
    private final String crs;
    private final List<Finding> findings;
    private final int[] parentEdge;
    private final boolean[] inTree;
    private final int[] outletOf;
    private final List<Integer> order;
    private final Map<Integer, Lay> pipes;
    private final Map<Integer, double[]> stations;
    private final double[] arrival;
    private final boolean complete;
    private final long searchMs;
    private final Map<Integer, String> nodeNames = new HashMap<>();

    PlanWriter(PlanContext ctx, List<House> houses, List<Outlet> outlets, int[] outletNodes, String crs,
            List<Finding> findings, int[] parentEdge, boolean[] inTree, int[] outletOf, List<Integer> order,
            Map<Integer, Lay> pipes, Map<Integer, double[]> stations, double[] arrival, boolean complete,
            long searchMs) {
        this.ctx = ctx;
        this.graph = ctx.graph;
        this.houses = houses;
        this.outlets = outlets;
        this.outletNodes = outletNodes;
        this.crs = crs;
        this.findings = findings;
        this.parentEdge = parentEdge;
        this.inTree = inTree;
        this.outletOf = outletOf;
        this.order = order;
        this.pipes = pipes;
        this.stations = stations;
        this.arrival = arrival;
        this.complete = complete;
        this.searchMs = searchMs;
    }

    RoutePlan write() {
        NetworkModel model = model();
        Map<String, Double> inflows = new HashMap<>();
        Map<String, Double> households = new HashMap<>();
        int served = 0;
        long servedHouseholds = 0;
        double servedResidents = 0;
        for (int h = 0; h < houses.size(); h++) {
            House house = houses.get(h);
            int node = graph.attachedNode[h];
            if (node < 0) {
                findings.add(Finding.at("unserved_building", Severity.WARNING, Long.toString(house.id()),
                        house.centroid().x, house.centroid().y, "plan.noRoad", house.id(),
                        ctx.options.connectDistanceM()));
            } else if (!inTree[node]) {
                findings.add(Finding.at("unserved_building", Severity.WARNING, Long.toString(house.id()),
                        house.centroid().x, house.centroid().y, "plan.unreachable", house.id()));
            } else {
                served++;
                servedHouseholds += house.households();
                servedResidents += house.residents();
                inflows.merge(nodeNames.get(node), SewerDesign.meanFlowLps(house.residents(),
                        ctx.options.litresPerPersonDay()), Double::sum);
                households.merge(nodeNames.get(node), (double) house.households(), Double::sum);
            }
        }

        SewerDesign.Options design = SewerDesign.Options.DEFAULTS;
        SewerDesign.Result sized = SewerDesign.size(model, inflows, ctx.rules, design);
        Map<String, Double> meanFlows = SewerDesign.accumulate(model, inflows);
        Map<String, Double> upstreamHouseholds = SewerDesign.accumulate(model, households);

        FeatureLayer pipeLayer = new FeatureLayer(RoutePlanner.PLANNED_PIPES, GeometryKind.LINESTRING, crs,
                RoutePlanner.PLANNED_PIPES_FIELDS);
        FeatureLayer stationLayer = new FeatureLayer(RoutePlanner.PLANNED_STATIONS, GeometryKind.POINT, crs,
                RoutePlanner.PLANNED_STATIONS_FIELDS);
        Totals totals = new Totals(ctx.options.costs().depthBandsM().length + 1);
        for (int u : order) {
            if (parentEdge[u] < 0) {
                continue;
            }
            if (pipes.containsKey(u)) {
                addSewer(u, model, sized, upstreamHouseholds, pipeLayer, totals);
            } else {
                addStation(u, model, meanFlows, upstreamHouseholds, pipeLayer, stationLayer, totals);
            }
        }
        for (int h = 0; h < houses.size(); h++) {
            int node = graph.attachedNode[h];
            if (node >= 0 && inTree[node]) {
                addConnection(houses.get(h), node, model, pipeLayer, totals);
            }
        }
        findings.addAll(sized.findings());

        double outletFlow = 0;
        for (int o = 0; o < outletNodes.length; o++) {
            String name = nodeNames.get(outletNodes[o]);
            double mean = inflows.getOrDefault(name, 0.0);
            for (Link link : model.links()) {
                if (link.to.equals(name)) {
                    mean += meanFlows.getOrDefault(link.name, 0.0);
                }
            }
            outletFlow += mean > 0 ? mean * design.peakingFactor().kz(mean) : 0;
        }
        int manholes = 0;
        for (int u : order) {
            boolean outlet = false;
            for (int node : outletNodes) {
                outlet |= node == u;
            }
            if (!outlet && !stations.containsKey(u)) {
                manholes++;
            }
        }
        PlanOptions.Costs costs = ctx.options.costs();
        RoutePlan.Summary summary = new RoutePlan.Summary(houses.size(), served, servedHouseholds, servedResidents,
                totals.sewerLengthM, totals.risingMainLengthM, totals.connectionLengthM, totals.trenchVolumeM3,
                totals.sewerLengthM > 0 ? totals.depthTimesLength / totals.sewerLengthM : 0, totals.maxDepthM,
                totals.lengthPerBandM, manholes, stations.size(), totals.stationPowerKw, outletFlow, totals.pipeCostYuan,
                manholes * costs.manholeYuan(), totals.stationCostYuan, totals.connectionLengthM
                        * costs.connectionYuanPerM(),
                graph.nodes.size(), graph.edges.size(), complete, searchMs);
        List<String> outletNames = outlets.stream().map(Outlet::name).toList();
        return new RoutePlan(outletNames, pipeLayer, stationLayer, List.copyOf(findings), model, summary);
    }

    /** Running totals of the cost drivers. */
    private static final class Totals {
        double sewerLengthM;
        double risingMainLengthM;
        double connectionLengthM;
        double trenchVolumeM3;
        double depthTimesLength;
        double maxDepthM;
        final double[] lengthPerBandM;
        double pipeCostYuan;
        double stationCostYuan;
        double stationPowerKw;

        Totals(int bands) {
            lengthPerBandM = new double[bands];
        }
    }

    private NetworkModel model() {
        NetworkModel model = new NetworkModel();
        model.title = "community-gis planned sewer to " + String.join(", ", outlets.stream().map(Outlet::name).toList());
        for (int u : order) {
            RouteGraph.Node g = graph.nodes.get(u);
            int outletIndex = -1;
            for (int o = 0; o < outletNodes.length; o++) {
                if (outletNodes[o] == u) {
                    outletIndex = o;
                }
            }
            String name = outletIndex >= 0 ? RoutePlanner.outletNodeName(outletIndex) : "J" + u;
            NodeKind kind = outletIndex >= 0 ? NodeKind.OUTFALL
                    : stations.containsKey(u) ? NodeKind.STORAGE : NodeKind.JUNCTION;
            Node node = new Node(name, kind, g.x, g.y);
            node.groundM = g.groundM;
            if (outletIndex >= 0) {
                node.label = outlets.get(outletIndex).name();
            }
            nodeNames.put(u, name);
            model.add(node);
        }
        for (int u : order) {
            if (parentEdge[u] < 0) {
                continue;
            }
            Edge edge = graph.edges.get(parentEdge[u]);
            int v = edge.other(u);
            LineString line = oriented(edge, u);
            if (pipes.containsKey(u)) {
                Lay lay = pipes.get(u);
                Link link = new Link("C" + u, LinkKind.CONDUIT, nodeNames.get(u), nodeNames.get(v));
                link.lengthM = edge.lengthM();
                link.roughness = ctx.rules.manningN(ctx.options.material());
                link.geom1M = ctx.minDiameterMm / 1000;
                link.upInvertM = lay.upInvertM();
                link.downInvertM = lay.downInvertM();
                link.invertSource = "dem";
                link.material = ctx.options.material();
                link.pipeKind = "sewer";
                link.vertices = interior(line);
                model.add(link);
            } else {
                double[] station = stations.get(u);
                RouteGraph.Node g = graph.nodes.get(u);
                Node discharge = new Node("J" + u + "D", NodeKind.JUNCTION, g.x, g.y);
                discharge.groundM = g.groundM;
                discharge.invertM = g.groundM - ctx.minDepthM;
                model.add(discharge);
                Link pump = new Link("P" + u, LinkKind.PUMP, nodeNames.get(u), discharge.name);
                pump.extra = new ArrayList<>(List.of("*", "ON", "0", "0"));
                model.add(pump);
                Link main = new Link("RM" + u, LinkKind.PIPE, discharge.name, nodeNames.get(v));
                main.lengthM = edge.lengthM();
                main.roughness = RoutePlanner.RISING_MAIN_C;
                main.geom1M = RoutePlanner.RISING_MAIN_DIAMETERS_MM[0] / 1000;
                main.upInvertM = discharge.invertM;
                main.downInvertM = station[1];
                main.invertSource = "dem";
                main.material = "pe";
                main.pipeKind = "rising_main";
                main.vertices = interior(line);
                model.add(main);
            }
        }
        for (int u : order) {
            Node node = model.node(nodeNames.get(u)).orElseThrow();
            double invert = arrival[u];
            if (pipes.containsKey(u)) {
                invert = Double.isNaN(invert) ? pipes.get(u).upInvertM() : Math.min(invert, pipes.get(u).upInvertM());
            } else if (stations.containsKey(u)) {
                invert = stations.get(u)[0];
            }
            node.invertM = invert;
        }
        return model;
    }

    private void addSewer(int u, NetworkModel model, SewerDesign.Result sized, Map<String, Double> households,
            FeatureLayer layer, Totals totals) {
        Edge edge = graph.edges.get(parentEdge[u]);
        Lay lay = pipes.get(u);
        Link link = model.link("C" + u).orElseThrow();
        SewerDesign.LinkState state = sized.links().get(link.name);
        double diameterM = link.geom1M;
        double length = edge.lengthM();
        double trench = length * lay.meanDepthM() * (diameterM + 2 * RoutePlanner.TRENCH_WORKING_SPACE_M);
        totals.sewerLengthM += length;
        totals.trenchVolumeM3 += trench;
        totals.depthTimesLength += lay.meanDepthM() * length;
        totals.maxDepthM = Math.max(totals.maxDepthM, lay.maxDepthM());
        totals.pipeCostYuan += lay.costYuan();
        for (int b = 0; b < lay.lengthPerBandM().length; b++) {
            totals.lengthPerBandM[b] += lay.lengthPerBandM()[b];
        }
        Feature feature = base(layer, oriented(edge, u), edge.road, "sewer", "main", u);
        link.featureId = feature.id();
        feature.set("diameter_mm", diameterM * 1000);
        feature.set("material", link.material);
        feature.set("up_invert_m", link.upInvertM);
        feature.set("down_invert_m", link.downInvertM);
        feature.set("households", Math.round(households.getOrDefault(link.name, 0.0)));
        feature.set("gradient_permille", link.gradient() * 1000);
        if (state != null) {
            feature.set("mean_flow_lps", state.meanFlowLps());
            feature.set("design_flow_lps", state.designFlowLps());
            feature.set("fullness", Double.isFinite(state.fullness()) ? state.fullness() : null);
            feature.set("velocity_m_s", state.velocityMs());
        }
        Node from = model.node(link.from).orElseThrow();
        Node to = model.node(link.to).orElseThrow();
        feature.set("depth_up_m", from.groundM - link.upInvertM);
        feature.set("depth_down_m", to.groundM - link.downInvertM);
        feature.set("max_depth_m", lay.maxDepthM());
        feature.set("trench_volume_m3", trench);
        feature.set("cost_yuan", lay.costYuan());
        layer.add(feature);
    }

    private void addStation(int u, NetworkModel model, Map<String, Double> meanFlows, Map<String, Double> households,
            FeatureLayer pipeLayer, FeatureLayer stationLayer, Totals totals) {
        Edge edge = graph.edges.get(parentEdge[u]);
        double[] station = stations.get(u);
        Link main = model.link("RM" + u).orElseThrow();
        double mean = meanFlows.getOrDefault("P" + u, 0.0);
        double designLps = mean > 0 ? mean * SewerDesign.Options.DEFAULTS.peakingFactor().kz(mean) : 0;
        double q = designLps / 1000;
        double diameterMm = RoutePlanner.RISING_MAIN_DIAMETERS_MM[0];
        for (double candidate : RoutePlanner.RISING_MAIN_DIAMETERS_MM) {
            diameterMm = candidate;
            if (q / (Math.PI * candidate * candidate / 4e6) <= PumpStation.MAX_MAIN_VELOCITY) {
                break;
            }
        }
        main.geom1M = diameterMm / 1000;
        double length = edge.lengthM();
        double staticLift = station[1] - station[0];
        PumpStation.Design pump = q > 0 ? PumpStation.design(new PumpStation.RisingMain(length, diameterMm / 1000,
                PumpStation.Friction.HAZEN_WILLIAMS, RoutePlanner.RISING_MAIN_C, RISING_MAIN_MINOR_K), q, staticLift,
                RoutePlanner.PUMP_EFFICIENCY, PumpStation.DEFAULT_MOTOR_MARGIN) : null;
        RouteGraph.Node g = graph.nodes.get(u);
        String name = "PS" + (stationLayer.size() + 1);
        if (pump != null && !pump.velocityInRange()) {
            findings.add(Finding.at("rising_main_velocity", Severity.WARNING, name, g.x, g.y, "plan.mainVelocity",
                    name, pump.velocityMs(), diameterMm));
        }
        PlanOptions.Costs costs = ctx.options.costs();
        double cost = costs.stationYuan() + costs.risingMainYuanPerM() * length;
        totals.risingMainLengthM += length;
        totals.stationCostYuan += cost;
        totals.stationPowerKw += pump == null ? 0 : pump.motorPowerKw();

        Feature point = new Feature(stationLayer.size() + 1, GF.createPoint(new Coordinate(g.x, g.y)));
        point.set("name", name);
        point.set("kind", "pump_station");
        point.set("outlet", outlets.get(outletOf[u]).name());
        point.set("design_flow_lps", designLps);
        point.set("static_lift_m", staticLift);
        point.set("total_head_m", pump == null ? null : pump.totalHeadM());
        point.set("rising_main_m", length);
        point.set("main_diameter_mm", diameterMm);
        point.set("main_velocity_m_s", pump == null ? null : pump.velocityMs());
        point.set("power_kw", pump == null ? null : pump.motorPowerKw());
        point.set("cost_yuan", cost);
        stationLayer.add(point);

        Feature feature = base(pipeLayer, oriented(edge, u), edge.road, "rising_main", "rising_main", u);
        main.featureId = feature.id();
        feature.set("diameter_mm", diameterMm);
        feature.set("material", main.material);
        feature.set("up_invert_m", main.upInvertM);
        feature.set("down_invert_m", main.downInvertM);
        feature.set("households", Math.round(households.getOrDefault(main.name, 0.0)));
        feature.set("mean_flow_lps", mean);
        feature.set("design_flow_lps", designLps);
        feature.set("velocity_m_s", pump == null ? null : pump.velocityMs());
        feature.set("depth_up_m", ctx.minDepthM);
        feature.set("depth_down_m", ctx.minDepthM);
        feature.set("max_depth_m", ctx.minDepthM);
        feature.set("cost_yuan", costs.risingMainYuanPerM() * length);
        pipeLayer.add(feature);
    }

    private void addConnection(House house, int node, NetworkModel model, FeatureLayer layer, Totals totals) {
        RouteGraph.Node road = graph.nodes.get(node);
        LineString line = GF.createLineString(new Coordinate[] {house.centroid(), new Coordinate(road.x, road.y)});
        double length = line.getLength();
        totals.connectionLengthM += length;
        Feature feature = base(layer, line, house.name(), "sewer", "connection", node);
        feature.set("building_id", house.id());
        double diameterMm = ctx.rules.houseDrainDiameterMm();
        feature.set("diameter_mm", diameterMm);
        feature.set("material", "pvc");
        feature.set("households", house.households());
        double meanLps = SewerDesign.meanFlowLps(house.residents(), ctx.options.litresPerPersonDay());
        feature.set("mean_flow_lps", meanLps);
        feature.set("cost_yuan", length * ctx.options.costs().connectionYuanPerM());
        double ground = ctx.dem.interpolate(house.centroid().x, house.centroid().y);
        if (!Double.isNaN(ground) && length > 0) {
            double up = ground - ctx.rules.houseDrainCoverM() - diameterMm / 1000;
            double down = up - ctx.rules.houseDrainGradient() * length;
            feature.set("up_invert_m", up);
            feature.set("down_invert_m", down);
            feature.set("gradient_permille", ctx.rules.houseDrainGradient() * 1000);
            feature.set("depth_up_m", ground - up);
            feature.set("depth_down_m", road.groundM - down);
            double sewer = model.node(nodeNames.get(node)).orElseThrow().invertM;
            if (down < sewer) {
                findings.add(Finding.at("connection_below_sewer", Severity.WARNING, Long.toString(house.id()),
                        house.centroid().x, house.centroid().y, "plan.connectionLow", house.id(), down, sewer));
            }
        }
        layer.add(feature);
    }

    private Feature base(FeatureLayer layer, LineString line, String name, String kind, String role, int node) {
        Feature feature = new Feature(layer.size() + 1, line);
        feature.set("name", name);
        feature.set("kind", kind);
        feature.set("network", "planned");
        feature.set("status", "planned");
        feature.set("role", role);
        feature.set("outlet", outletOf[node] >= 0 ? outlets.get(outletOf[node]).name() : null);
        feature.set("length_m", line.getLength());
        return feature;
    }

    /** Returns the edge's line digitized from {@code upstream} to the other end. */
    private LineString oriented(Edge edge, int upstream) {
        return edge.a == upstream ? edge.line : edge.line.reverse();
    }

    private static List<double[]> interior(LineString line) {
        List<double[]> vertices = new ArrayList<>();
        for (int i = 1; i < line.getNumPoints() - 1; i++) {
            vertices.add(new double[] {line.getCoordinateN(i).x, line.getCoordinateN(i).y});
        }
        return vertices;
    }
}
