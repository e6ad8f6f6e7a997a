package org.communitygis.network;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeSet;
import org.communitygis.core.CgisException;
import org.communitygis.core.Diagnostics;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.feature.Field;
import org.communitygis.core.feature.FieldType;
import org.communitygis.core.feature.GeometryKind;
import org.communitygis.core.raster.Raster;
import org.communitygis.network.Finding.Severity;
import org.communitygis.network.NetworkModel.Link;
import org.communitygis.network.NetworkModel.LinkKind;
import org.communitygis.network.NetworkModel.Node;
import org.communitygis.network.NetworkModel.NodeKind;
import org.communitygis.network.RouteGraph.Edge;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Generates a gravity sewer layout along the roads from the buildings to one or more outlets.
 *
 * <p><b>Graph.</b> {@link RouteGraph}: roads noded at junctions and cut into pieces of at most
 * {@link PlanOptions#pieceLengthM()} (each cut a manhole); each building with sewage connects from its
 * centroid to the nearest road point within {@link PlanOptions#connectDistanceM()}, each outlet by a
 * straight spur from its nearest road point. Edge profiles come from the DEM.
 *
 * <p><b>Laying a pipe.</b> A pipe on an edge runs straight from its upstream to its downstream manhole,
 * at least at the GB 50014 minimum gradient of DN300 in the chosen material
 * ({@link GradientRules#minGradient}), with at least {@link PlanOptions#minCoverM()} over the DN300 crown
 * at every profile sample. It starts at minimum depth, or at the lowest incoming invert when that is deeper.
 * It ends as high as the minimum gradient and the cover along the edge allow. So it follows falling
 * ground, dives under a ridge between two manholes and deepens on rising ground.
 *
 * <p><b>Tree.</b> A directed Steiner tree towards the outlets by the shortest-path heuristic: starting from
 * the outlets, repeatedly join the building node whose cheapest path to the tree is cheapest, along that
 * path. One Dijkstra search over reversed edges, resumed from each newly joined path, keeps those costs. Path costs are edge estimates in the flow direction: pipe cost by depth band
 * for a pipe that starts at minimum depth, one manhole, a pump station where that pipe alone is deeper
 * than {@link PlanOptions#maxDepthM()}, and, for the depth the pipe carries out of the edge beyond the
 * minimum, the same share of a station's cost as that depth is of the depth budget. The estimate sees one
 * edge, not the depth arriving from upstream, so the tree is a heuristic; its depths are exact only after
 * laying it. The search is bounded by {@link PlanOptions#maxNodes()} (larger graphs are rejected) and
 * {@link PlanOptions#timeLimitMs()} (buildings not joined by then stay unserved, with a finding).
 *
 * <p><b>Layout.</b> The tree is laid from the leaves down. Where a pipe would be deeper than the maximum,
 * a pump station at its upstream manhole pumps through a rising main along the edge, and gravity flow
 * restarts at minimum depth at the next manhole. The network is then sized and checked with
 * {@link SewerDesign#size} (flows accumulated from residents × L/(person·day) with Kz, GB 50014 fullness,
 * velocity, gradient, cover and drop-manhole checks), and each station gets head and power from
 * {@link PumpStation#design}.
 */
public final class RoutePlanner {
    private static final Logger LOG = LoggerFactory.getLogger(RoutePlanner.class);
    private static final GeometryFactory GF = new GeometryFactory();

    /** Layer of planned pipes. */
    public static final String PLANNED_PIPES = "planned_pipes";
    /** Layer of planned pump stations. */
    public static final String PLANNED_STATIONS = "planned_stations";
    /** Layer of planning and design findings. */
    public static final String PLANNED_FINDINGS = "planned_findings";

    /** Working space beside the pipe on each side of the trench, m (a planning assumption). */
    public static final double TRENCH_WORKING_SPACE_M = 0.3;
    /** Pump efficiency assumed for small submersible sewage pumps (a planning assumption). */
    public static final double PUMP_EFFICIENCY = 0.6;
    /** Hazen-Williams C of a PE rising main. */
    public static final double RISING_MAIN_C = 140;
    /** Rising main diameters to choose from, mm; DN80 is the smallest taken for raw sewage. */
    static final double[] RISING_MAIN_DIAMETERS_MM = {80, 100, 125, 150, 200, 250, 300, 400};

    /** Fields of {@code planned_pipes}: the {@code pipes} fields followed by the design fields. */
    public static final List<Field> PLANNED_PIPES_FIELDS = plannedPipesFields();

    /** Fields of {@code planned_stations}. */
    public static final List<Field> PLANNED_STATIONS_FIELDS = List.of(
            new Field("name", FieldType.STRING),
            new Field("kind", FieldType.STRING),
            new Field("outlet", FieldType.STRING),
            new Field("design_flow_lps", FieldType.REAL),
            new Field("static_lift_m", FieldType.REAL),
            new Field("total_head_m", FieldType.REAL),
            new Field("rising_main_m", FieldType.REAL),
            new Field("main_diameter_mm", FieldType.REAL),
            new Field("main_velocity_m_s", FieldType.REAL),
            new Field("power_kw", FieldType.REAL),
            new Field("cost_yuan", FieldType.REAL));

    /** An outlet: a treatment unit or outfall, by name and position in the project CRS. */
    public record Outlet(String name, double x, double y) {
    }

    private RoutePlanner() {
    }

    private static List<Field> plannedPipesFields() {
        List<Field> fields = new ArrayList<>(NetworkLayers.PIPES_FIELDS);
        fields.addAll(List.of(
                new Field("role", FieldType.STRING),
                new Field("outlet", FieldType.STRING),
                new Field("building_id", FieldType.INTEGER),
                new Field("length_m", FieldType.REAL),
                new Field("households", FieldType.INTEGER),
                new Field("mean_flow_lps", FieldType.REAL),
                new Field("design_flow_lps", FieldType.REAL),
                new Field("gradient_permille", FieldType.REAL),
                new Field("fullness", FieldType.REAL),
                new Field("velocity_m_s", FieldType.REAL),
                new Field("depth_up_m", FieldType.REAL),
                new Field("depth_down_m", FieldType.REAL),
                new Field("max_depth_m", FieldType.REAL),
                new Field("trench_volume_m3", FieldType.REAL),
                new Field("cost_yuan", FieldType.REAL)));
        return List.copyOf(fields);
    }

    /**
     * Returns the outlets named in {@code names} from the {@code facilities} layer, or, when {@code names}
     * is empty, every facility of kind {@code treatment_unit}.
     *
     * @throws CgisException when a name is not found or no treatment unit exists
     */
    public static List<Outlet> outlets(FeatureLayer facilities, List<String> names) {
        List<Outlet> found = new ArrayList<>();
        Set<String> available = new TreeSet<>();
        for (Feature facility : facilities.features()) {
            String name = NetworkLayers.text(facility.get("name"));
            available.add(name);
            Geometry point = facility.geometry();
            if (point == null || point.isEmpty()) {
                continue;
            }
            boolean selected = names.isEmpty()
                    ? "treatment_unit".equals(NetworkLayers.text(facility.get("kind")))
                    : names.contains(name);
            if (selected) {
                Coordinate c = point.getCentroid().getCoordinate();
                found.add(new Outlet(name.isEmpty() ? "#" + facility.id() : name, c.x, c.y));
            }
        }
        for (String name : names) {
            if (found.stream().noneMatch(o -> o.name().equals(name))) {
                throw new CgisException(NetworkMessages.BUNDLE, "plan.outletNotFound", name, facilities.name(),
                        String.join(", ", available));
            }
        }
        if (found.isEmpty()) {
            throw new CgisException(NetworkMessages.BUNDLE, "plan.noOutlet", facilities.name());
        }
        return found;
    }

    /**
     * Plans a layout; see the class documentation.
     *
     * @param buildings {@code buildings} with {@code households} and/or {@code residents}; a building without
     *     either counts as one household when its {@code building} type is one of
     *     {@link CoverageOptions#RESIDENTIAL_TYPES}, as in the coverage analysis
     * @param roads {@code roads}; every line feature is a candidate route
     * @param dem ground levels, m, in the layers' CRS
     * @param outlets one or more outlets; each must lie within {@link PlanOptions#connectDistanceM()} of a road
     * @param rules GB 50014 rules (minimum gradient, cover, Manning n, house drains)
     * @param diagnostics receives warnings about skipped roads and edges without ground levels
     * @throws CgisException when the DEM is missing or in another CRS, no road is usable, an outlet is too far
     *     from the roads, or the graph has more than {@link PlanOptions#maxNodes()} nodes
     */
    public static RoutePlan plan(FeatureLayer buildings, FeatureLayer roads, Raster dem, List<Outlet> outlets,
            PlanOptions options, GradientRules rules, Diagnostics diagnostics) {
        if (dem == null) {
            throw new CgisException(NetworkMessages.BUNDLE, "plan.noDem");
        }
        if (outlets.isEmpty()) {
            throw new CgisException(NetworkMessages.BUNDLE, "plan.noOutlet", "facilities");
        }
        PipeGradientCheck.checkSameCrs(roads.name(), roads.crs(), "dem", dem.grid().crs());
        PipeGradientCheck.checkSameCrs(buildings.name(), buildings.crs(), roads.name(), roads.crs());

        List<LineString> lines = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Feature road : roads.features()) {
            Geometry geometry = road.geometry();
            if (geometry == null || geometry.isEmpty() || geometry.getDimension() != 1) {
                diagnostics.warn(NetworkMessages.BUNDLE, "coverage.badRoad", road.id(),
                        geometry == null ? "null" : geometry.getGeometryType());
                continue;
            }
            for (int i = 0; i < geometry.getNumGeometries(); i++) {
                if (geometry.getGeometryN(i) instanceof LineString line && line.getLength() > 0) {
                    lines.add(line);
                    names.add(NetworkLayers.text(road.get("name")));
                }
            }
        }
        if (lines.isEmpty()) {
            throw new CgisException(NetworkMessages.BUNDLE, "trial.noRoadsLayer");
        }

        List<House> houses = houses(buildings, options);
        List<Coordinate> points = new ArrayList<>();
        houses.forEach(h -> points.add(h.centroid));
        outlets.forEach(o -> points.add(new Coordinate(o.x(), o.y())));
        double[] maxAttach = new double[points.size()];
        Arrays.fill(maxAttach, options.connectDistanceM());
        RouteGraph graph = RouteGraph.build(lines, names, points, maxAttach, options.pieceLengthM(),
                options.snapToleranceM(), dem);
        if (graph.nodes.size() + outlets.size() > options.maxNodes()) {
            throw new CgisException(NetworkMessages.BUNDLE, "plan.tooLarge", graph.nodes.size(), options.maxNodes());
        }
        int[] outletNodes = new int[outlets.size()];
        for (int o = 0; o < outlets.size(); o++) {
            int road = graph.attachedNode[houses.size() + o];
            if (road < 0) {
                throw new CgisException(NetworkMessages.BUNDLE, "plan.outletFar", outlets.get(o).name(),
                        options.connectDistanceM());
            }
            outletNodes[o] = graph.addSpur(road, new Coordinate(outlets.get(o).x(), outlets.get(o).y()), dem);
        }
        PlanContext context = new PlanContext(graph, options, rules, dem);
        RoutePlan plan = new RouteLayout(context, houses, outlets, outletNodes, roads.crs(), diagnostics).run();
        RoutePlan.Summary summary = plan.summary();
        LOG.info("Route plan to {}: {} of {} buildings served, {} m of sewer, {} stations, {} yuan; graph {} nodes, "
                + "search {} ms", plan.outlets(), summary.servedBuildings(), summary.buildings(),
                Math.round(summary.sewerLengthM()), summary.stations(), Math.round(summary.totalCostYuan()),
                summary.graphNodes(), summary.searchMs());
        return plan;
    }

    /** A building with sewage. */
    record House(long id, String name, Coordinate centroid, long households, double residents, double groundM) {
    }

    private static List<House> houses(FeatureLayer buildings, PlanOptions options) {
        List<House> houses = new ArrayList<>();
        for (Feature building : buildings.features()) {
            Geometry geometry = building.geometry();
            if (geometry == null || geometry.isEmpty()) {
                continue;
            }
            // The same estimate as the coverage analysis: one household in a residential building without counts.
            long households = building.getLong("households", -1);
            if (households < 0) {
                String type = NetworkLayers.text(building.get("building")).toLowerCase(Locale.ROOT);
                households = CoverageOptions.RESIDENTIAL_TYPES.contains(type) ? 1 : 0;
            }
            double residents = building.getDouble("residents", Double.NaN);
            if (!(residents >= 0)) {
                residents = households * options.personsPerHousehold();
            }
            if (residents > 0) {
                houses.add(new House(building.id(), NetworkLayers.text(building.get("name")),
                        geometry.getCentroid().getCoordinate(), households, residents, Double.NaN));
            }
        }
        return houses;
    }

    /** Shared parameters of one planning run and the pipe-laying rule. */
    static final class PlanContext {
        final RouteGraph graph;
        final PlanOptions options;
        final GradientRules rules;
        final Raster dem;
        final double minDiameterMm = SewerDesign.Options.DEFAULTS.minDiameterMm();
        /** Minimum trench depth, ground to invert, m: cover plus the DN300 pipe. */
        final double minDepthM;
        /** Minimum gradient of a DN300 sewer of the chosen material, m/m. */
        final double minGradient;

        PlanContext(RouteGraph graph, PlanOptions options, GradientRules rules, Raster dem) {
            this.graph = graph;
            this.options = options;
            this.rules = rules;
            this.dem = dem;
            double cover = Double.isNaN(options.minCoverM()) ? rules.minCoverM() : options.minCoverM();
            this.minDepthM = cover + minDiameterMm / 1000;
            this.minGradient = rules.minGradient("sewer", minDiameterMm, 0, options.material());
            if (!(options.maxDepthM() > minDepthM)) {
                throw new CgisException(NetworkMessages.BUNDLE, "plan.maxDepthTooSmall", options.maxDepthM(), minDepthM);
            }
        }

        /** Returns whether every profile sample of the edge has a ground level. */
        boolean usable(Edge edge) {
            for (double g : edge.groundM) {
                if (Double.isNaN(g)) {
                    return false;
                }
            }
            return true;
        }

        /**
         * Lays a gravity pipe on {@code edge} in the direction given; see the class documentation.
         *
         * @param arrivalInvertM lowest invert arriving at the upstream manhole, m, or NaN for a head pipe
         */
        Lay lay(Edge edge, boolean forward, double arrivalInvertM) {
            int n = edge.chainM.length;
            double length = edge.lengthM();
            double[] x = new double[n];
            double[] g = new double[n];
            for (int k = 0; k < n; k++) {
                int source = forward ? k : n - 1 - k;
                x[k] = forward ? edge.chainM[source] : length - edge.chainM[source];
                g[k] = edge.groundM[source];
            }

            double up = g[0] - minDepthM;
            if (!Double.isNaN(arrivalInvertM)) {
                up = Math.min(up, arrivalInvertM);
            }
            double down = up - minGradient * length;
            for (int k = 1; k < n; k++) {
                down = Math.min(down, up - (up - (g[k] - minDepthM)) * length / x[k]);
            }

            // Inverts are stated to the millimetre; rounding down keeps the gradient at or above the minimum.
            down = Math.floor(down * 1000) / 1000;
            double[] depth = new double[n];
            double maxDepth = 0;
            for (int k = 0; k < n; k++) {
                depth[k] = g[k] - (up - (up - down) * x[k] / length);
                maxDepth = Math.max(maxDepth, depth[k]);
            }

            double cost = 0;
            double depthTimesLength = 0;
            double[] perBand = new double[options.costs().depthBandsM().length + 1];
            for (int k = 1; k < n; k++) {
                double dx = x[k] - x[k - 1];
                double mid = (depth[k] + depth[k - 1]) / 2;
                cost += options.costs().pipeYuanPerM(mid) * dx;
                depthTimesLength += mid * dx;
                perBand[band(mid)] += dx;
            }
            return new Lay(up, down, maxDepth, depthTimesLength / length, depth[n - 1], cost, perBand);
        }

        int band(double depthM) {
            double[] bands = options.costs().depthBandsM();
            int band = 0;
            while (band < bands.length && depthM > bands[band]) {
                band++;
            }
            return band;
        }

        /** Returns the search cost of a pipe along {@code edge} in the direction given, yuan (see the class doc). */
        double estimate(Edge edge, boolean forward) {
            Lay lay = lay(edge, forward, Double.NaN);
            PlanOptions.Costs costs = options.costs();
            // The tiny length term keeps every cost positive, so the search has no zero-cost cycles.
            double cost = lay.costYuan() + costs.manholeYuan() + 1e-6 * edge.lengthM();
            if (lay.maxDepthM() > options.maxDepthM()) {
                cost += costs.stationYuan() + costs.risingMainYuanPerM() * edge.lengthM();
            } else {
                // NOTE: the depth arriving from upstream is unknown here, so a chain of uphill edges is charged
                // only the depth each edge adds; the laid tree may need more stations than the search assumed.
                double carried = Math.max(0, lay.endDepthM() - minDepthM);
                cost += costs.stationYuan() * carried / (options.maxDepthM() - minDepthM);
            }
            return cost;
        }
    }

    /**
     * A pipe laid on one edge.
     *
     * @param upInvertM invert at the upstream manhole, m
     * @param downInvertM invert at the downstream manhole, m
     * @param maxDepthM deepest trench along the edge, m
     * @param meanDepthM length-weighted mean trench depth, m
     * @param endDepthM trench depth at the downstream manhole, m
     * @param costYuan pipe cost by depth band, yuan
     * @param lengthPerBandM length in each depth band, m
     */
    record Lay(double upInvertM, double downInvertM, double maxDepthM, double meanDepthM, double endDepthM,
            double costYuan, double[] lengthPerBandM) {
    }

    /** Runs the tree search and lays, sizes and reports the tree. */
    private static final class RouteLayout {
        private final PlanContext ctx;
        private final RouteGraph graph;
        private final List<House> houses;
        private final List<Outlet> outlets;
        private final int[] outletNodes;
        private final String crs;
        private final Diagnostics diagnostics;
        private final List<Finding> findings = new ArrayList<>();
        private final int[] parentEdge;
        private boolean complete = true;
        private long searchMs;

        RouteLayout(PlanContext ctx, List<House> houses, List<Outlet> outlets, int[] outletNodes, String crs,
                Diagnostics diagnostics) {
            this.ctx = ctx;
            this.graph = ctx.graph;
            this.houses = houses;
            this.outlets = outlets;
            this.outletNodes = outletNodes;
            this.crs = crs;
            this.diagnostics = diagnostics;
            this.parentEdge = new int[graph.nodes.size()];
            Arrays.fill(parentEdge, -1);
        }

        RoutePlan run() {
            boolean[] inTree = search();
            return new RouteReport(ctx, houses, outlets, outletNodes, crs, findings, parentEdge, inTree, complete,
                    searchMs).build();
        }

        /** Shortest-path heuristic for the Steiner arborescence; fills {@link #parentEdge}. */
        private boolean[] search() {
            long start = System.nanoTime();
            int nodeCount = graph.nodes.size();
            int edgeCount = graph.edges.size();
            double[] forward = new double[edgeCount];
            double[] backward = new double[edgeCount];
            int unusable = 0;
            for (Edge edge : graph.edges) {
                if (ctx.usable(edge)) {
                    forward[edge.id] = ctx.estimate(edge, true);
                    backward[edge.id] = ctx.estimate(edge, false);
                } else {
                    forward[edge.id] = Double.NaN;
                    backward[edge.id] = Double.NaN;
                    unusable++;
                }
            }
            if (unusable > 0) {
                diagnostics.warn(NetworkMessages.BUNDLE, "plan.noGround", unusable, edgeCount);
            }

            double[] dist = new double[nodeCount];
            int[] next = new int[nodeCount];
            boolean[] inTree = new boolean[nodeCount];
            Arrays.fill(dist, Double.POSITIVE_INFINITY);
            Arrays.fill(next, -1);
            PriorityQueue<double[]> queue = new PriorityQueue<>((p, q) -> Double.compare(p[0], q[0]));
            for (int node : outletNodes) {
                inTree[node] = true;
                dist[node] = 0;
                queue.add(new double[] {0, node});
            }
            propagate(queue, dist, next, forward, backward);

            Set<Integer> remaining = new LinkedHashSet<>();
            for (int h = 0; h < houses.size(); h++) {
                int node = graph.attachedNode[h];
                if (node >= 0 && !inTree[node]) {
                    remaining.add(node);
                }
            }
            long limitNanos = ctx.options.timeLimitMs() * 1_000_000L;
            while (!remaining.isEmpty()) {
                if (System.nanoTime() - start > limitNanos) {
                    complete = false;
                    findings.add(Finding.at("plan_limit", Severity.WARNING, "", Double.NaN, Double.NaN,
                            "plan.timeLimit", ctx.options.timeLimitMs(), remaining.size()));
                    break;
                }
                int best = -1;
                for (int node : remaining) {
                    if (best < 0 || dist[node] < dist[best]) {
                        best = node;
                    }
                }
                if (Double.isInfinite(dist[best])) {
                    break;
                }
                int u = best;
                while (!inTree[u]) {
                    inTree[u] = true;
                    parentEdge[u] = next[u];
                    dist[u] = 0;
                    queue.add(new double[] {0, u});
                    u = graph.edges.get(next[u]).other(u);
                }
                propagate(queue, dist, next, forward, backward);
                remaining.removeIf(node -> inTree[node]);
            }
            searchMs = (System.nanoTime() - start) / 1_000_000L;
            return inTree;
        }

        /** Dijkstra towards the tree over reversed flow directions, improving {@code dist} from the queued nodes. */
        private void propagate(PriorityQueue<double[]> queue, double[] dist, int[] next, double[] forward,
                double[] backward) {
            while (!queue.isEmpty()) {
                double[] top = queue.poll();
                int v = (int) top[1];
                if (top[0] > dist[v]) {
                    continue;
                }
                for (Edge edge : graph.nodes.get(v).edges) {
                    int u = edge.other(v);
                    double cost = edge.a == u ? forward[edge.id] : backward[edge.id];
                    if (Double.isNaN(cost)) {
                        continue;
                    }
                    double candidate = dist[v] + cost;
                    if (candidate < dist[u]) {
                        dist[u] = candidate;
                        next[u] = edge.id;
                        queue.add(new double[] {candidate, u});
                    }
                }
            }
        }
    }

    /** Lays the chosen tree, sizes it and builds the layers and summary. */
    private static final class RouteReport {
        private final PlanContext ctx;
        private final RouteGraph graph;
        private final List<House> houses;
        private final List<Outlet> outlets;
        private final int[] outletNodes;
        private final String crs;
        private final List<Finding> findings;
        private final int[] parentEdge;
        private final boolean[] inTree;
        private final boolean complete;
        private final long searchMs;

        RouteReport(PlanContext ctx, List<House> houses, List<Outlet> outlets, int[] outletNodes, String crs,
                List<Finding> findings, int[] parentEdge, boolean[] inTree, boolean complete, long searchMs) {
            this.ctx = ctx;
            this.graph = ctx.graph;
            this.houses = houses;
            this.outlets = outlets;
            this.outletNodes = outletNodes;
            this.crs = crs;
            this.findings = findings;
            this.parentEdge = parentEdge;
            this.inTree = inTree;
            this.complete = complete;
            this.searchMs = searchMs;
        }

        RoutePlan build() {
            int nodeCount = graph.nodes.size();
            int[] outletOf = new int[nodeCount];
            Arrays.fill(outletOf, -1);
            List<List<Integer>> children = new ArrayList<>();
            for (int i = 0; i < nodeCount; i++) {
                children.add(new ArrayList<>());
            }
            for (int u = 0; u < nodeCount; u++) {
                if (parentEdge[u] >= 0) {
                    children.get(graph.edges.get(parentEdge[u]).other(u)).add(u);
                }
            }
            List<Integer> order = new ArrayList<>();
            Deque<Integer> queue = new ArrayDeque<>();
            for (int o = 0; o < outletNodes.length; o++) {
                if (outletOf[outletNodes[o]] < 0) {
                    outletOf[outletNodes[o]] = o;
                    queue.add(outletNodes[o]);
                }
            }
            while (!queue.isEmpty()) {
                int v = queue.poll();
                order.add(v);
                for (int c : children.get(v)) {
                    outletOf[c] = outletOf[v];
                    queue.add(c);
                }
            }

            // Leaves first: lay each pipe once every pipe arriving at its upstream manhole is laid.
            double[] arrival = new double[nodeCount];
            Arrays.fill(arrival, Double.NaN);
            Map<Integer, Lay> pipes = new HashMap<>();
            Map<Integer, double[]> stations = new HashMap<>();
            for (int i = order.size() - 1; i >= 0; i--) {
                int u = order.get(i);
                if (parentEdge[u] < 0) {
                    continue;
                }
                Edge edge = graph.edges.get(parentEdge[u]);
                int v = edge.other(u);
                Lay lay = ctx.lay(edge, edge.a == u, arrival[u]);
                double delivered;
                if (lay.maxDepthM() > ctx.options.maxDepthM()) {
                    // TODO: a station that serves only a few households (a leaf behind a rise) is kept as such;
                    // it is not weighed against leaving them on a septic tank or a separate small outlet.
                    double wetWell = Double.isNaN(arrival[u]) ? graph.nodes.get(u).groundM - ctx.minDepthM : arrival[u];
                    delivered = graph.nodes.get(v).groundM - ctx.minDepthM;
                    stations.put(u, new double[] {wetWell, delivered, lay.maxDepthM()});
                    findings.add(Finding.at("station_required", Severity.INFO, "J" + u, graph.nodes.get(u).x,
                            graph.nodes.get(u).y, "plan.station", "J" + u, lay.maxDepthM(), ctx.options.maxDepthM()));
                } else {
                    pipes.put(u, lay);
                    delivered = lay.downInvertM();
                }
                arrival[v] = Double.isNaN(arrival[v]) ? delivered : Math.min(arrival[v], delivered);
            }
            return new PlanWriter(ctx, houses, outlets, outletNodes, crs, findings, parentEdge, inTree, outletOf,
                    order, pipes, stations, arrival, complete, searchMs).write();
        }
    }

    /** Returns the findings as the {@code planned_findings} layer, in the fields of {@code network_findings}. */
    public static FeatureLayer findingsLayer(List<Finding> findings, String crs) {
        FeatureLayer all = NetworkReport.findingsLayer(findings, crs);
        FeatureLayer layer = new FeatureLayer(PLANNED_FINDINGS, GeometryKind.POINT, crs,
                NetworkLayers.NETWORK_FINDINGS_FIELDS);
        all.features().forEach(layer::add);
        return layer;
    }

    /** Returns the SWMM node name of the outlet at {@code index}. */
    static String outletNodeName(int index) {
        return String.format(Locale.ROOT, "OUT%d", index + 1);
    }
}
