package org.communitygis.network;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.communitygis.core.CgisException;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.raster.Raster;
import org.communitygis.network.Finding.Severity;
import org.communitygis.network.GradientRules.PipeClass;
import org.communitygis.network.NetworkModel.Link;
import org.communitygis.network.NetworkModel.LinkKind;
import org.communitygis.network.NetworkModel.Node;
import org.communitygis.network.NetworkModel.NodeKind;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.index.strtree.STRtree;
import org.locationtech.jts.linearref.LengthIndexedLine;

/**
 * Builds a {@link NetworkModel} from a plain {@code pipes} line layer (digitized downstream) and reports
 * what is wrong with it as {@link Finding}s instead of exceptions.
 *
 * <p>Steps, each reported per feature with its id and location:
 * <ol>
 *   <li>Rejected with the field named (severity ERROR, link left out): non-line or multi-part geometry,
 *       zero length, {@code diameter_mm}, {@code width_m}, {@code length_m} or {@code manning_n} ≤ 0.</li>
 *   <li>T-junctions: a line end within the snap tolerance of another line's interior splits that line
 *       there (INFO {@code split_t_junction}).</li>
 *   <li>Line ends within the snap tolerance of each other become one node (INFO {@code snapped} when they
 *       were not identical).</li>
 *   <li>Facilities ({@code facilities} layer, optional) snap to the nearest node within the tolerance and
 *       set its kind; one with no node nearby is an {@code orphan_node}, two on one node a
 *       {@code duplicate_node}.</li>
 *   <li>Lines that cross away from their ends, where no node joins them: {@code crossing_without_node}.</li>
 *   <li>Ends connected to one line only, lying closer than {@link Options#danglingDistanceM()} to another
 *       line: {@code dangling_end} (an under- or overshoot).</li>
 *   <li>Inverts per link: from {@code up_invert_m}/{@code down_invert_m} ({@code attributes}), else the DEM
 *       ground minus the minimum cover and the diameter ({@code dem}), {@code mixed} when one end each,
 *       {@code none} without either.</li>
 *   <li>Gravity links whose attribute inverts rise along the line: {@code against_flow} (drawn backwards
 *       or a reverse slope). Nodes with more than one outgoing gravity link: {@code several_outlets}.
 *       Directed cycles of gravity links: {@code cycle} (ERROR).</li>
 * </ol>
 * A node with incoming but no outgoing links and no facility becomes an {@link NodeKind#OUTFALL}. Links
 * are named {@code P<feature id>}, with {@code -1}, {@code -2} … for pieces of a split line; nodes
 * {@code N1}, {@code N2} … in the order of first use.
 */
public final class NetworkTopology {
    /**
     * Tolerances of the topology build.
     *
     * @param snapToleranceM line ends and facilities closer than this (m, map units) are joined; > 0
     * @param danglingDistanceM a free end closer than this to another line is reported as dangling; ≥ the
     *     snap tolerance
     */
    public record Options(double snapToleranceM, double danglingDistanceM) {
        /** Default tolerances: snap 0.5 m, dangling ends up to 5 m from another line. */
        public static final Options DEFAULTS = new Options(0.5, 5.0);

        public Options {
            if (!(snapToleranceM > 0)) {
                throw new CgisException(NetworkMessages.BUNDLE, "topology.badTolerance", "snap_tolerance_m", snapToleranceM);
            }
            if (!(danglingDistanceM >= snapToleranceM)) {
                throw new CgisException(NetworkMessages.BUNDLE, "topology.badTolerance", "dangling_distance_m",
                        danglingDistanceM);
            }
        }
    }

    /** The model and the findings, in the order of the steps above. */
    public record Result(NetworkModel model, List<Finding> findings) {
        /** Counts the findings of {@code code}. */
        public long count(String code) {
            return findings.stream().filter(f -> f.code().equals(code)).count();
        }
    }

    private static final GeometryFactory GF = new GeometryFactory();

    private NetworkTopology() {
    }

    /** One accepted pipe line before splitting. */
    private record Source(Feature feature, LineString line) {
    }

    /** A piece after splitting, with its end-node indices. */
    private record Piece(Source source, LineString line, String name) {
    }

    /**
     * Builds the network.
     *
     * @param pipes the {@code pipes} layer
     * @param facilities the {@code facilities} layer, if any
     * @param dem ground levels, m, in the pipes' CRS, if any
     * @param rules minimum cover and the kinds that are gravity pipes
     * @param options the tolerances
     * @throws CgisException when {@code pipes} is null or a layer's CRS differs
     */
    public static Result build(FeatureLayer pipes, Optional<FeatureLayer> facilities, Optional<Raster> dem,
            GradientRules rules, Options options) {
        if (pipes == null) {
            throw new CgisException(NetworkMessages.BUNDLE, "gradient.noPipes");
        }
        dem.ifPresent(raster -> PipeGradientCheck.checkSameCrs(pipes.name(), pipes.crs(), "dem", raster.grid().crs()));
        facilities.ifPresent(f -> PipeGradientCheck.checkSameCrs(pipes.name(), pipes.crs(), f.name(), f.crs()));
        List<Finding> findings = new ArrayList<>();
        double tol = options.snapToleranceM();

        List<Source> sources = new ArrayList<>();
        for (Feature pipe : pipes.features()) {
            Source source = validate(pipe, findings);
            if (source != null) {
                sources.add(source);
            }
        }
        STRtree index = new STRtree();
        for (int i = 0; i < sources.size(); i++) {
            index.insert(sources.get(i).line().getEnvelopeInternal(), i);
        }

        List<Piece> pieces = splitAtTees(sources, index, tol, findings);
        Map<Piece, int[]> ends = new HashMap<>();
        List<Coordinate> nodeAt = snapEnds(pieces, ends, tol, findings);

        NetworkModel model = new NetworkModel();
        for (int i = 0; i < nodeAt.size(); i++) {
            Coordinate c = nodeAt.get(i);
            Node node = new Node("N" + (i + 1), NodeKind.JUNCTION, c.x, c.y);
            node.groundM = dem.map(r -> r.interpolate(c.x, c.y)).orElse(Double.NaN);
            model.add(node);
        }
        for (Piece piece : pieces) {
            int[] e = ends.get(piece);
            model.add(link(piece, "N" + (e[0] + 1), "N" + (e[1] + 1), model, rules, findings));
        }
        Map<String, String> pumpStations = new HashMap<>();
        facilities.ifPresent(layer -> placeFacilities(layer, model, tol, findings, pumpStations));
        crossings(sources, index, tol, findings);
        danglingEnds(model, pieces, ends, index, sources, options, findings);
        setNodeInverts(model);
        addPumps(model, pumpStations.keySet());
        direction(model, findings);
        return new Result(model, List.copyOf(findings));
    }

    private static Source validate(Feature pipe, List<Finding> findings) {
        String id = Long.toString(pipe.id());
        Geometry geometry = pipe.geometry();
        LineString line = NetworkLayers.singleLine(geometry);
        if (line == null) {
            Coordinate c = geometry == null || geometry.isEmpty() ? null : geometry.getCoordinate();
            findings.add(Finding.at("bad_geometry", Severity.ERROR, id, c == null ? Double.NaN : c.x,
                    c == null ? Double.NaN : c.y, "topology.badGeometry", pipe.id(),
                    geometry == null ? "null" : geometry.getGeometryType()));
            return null;
        }
        Coordinate start = line.getCoordinateN(0);
        if (!(line.getLength() > 0)) {
            findings.add(Finding.at("zero_length", Severity.ERROR, id, start.x, start.y, "topology.zeroLength", pipe.id()));
            return null;
        }
        boolean valid = true;
        for (String field : new String[] {"diameter_mm", "width_m", "length_m", "manning_n"}) {
            Object raw = pipe.get(field);
            if (raw == null || raw.toString().isBlank()) {
                continue;
            }
            double value = pipe.getDouble(field, Double.NaN);
            if (!(value > 0)) {
                findings.add(Finding.at("invalid_" + field, Severity.ERROR, id, start.x, start.y,
                        "topology.notPositive", pipe.id(), field, raw));
                valid = false;
            }
        }
        return valid ? new Source(pipe, line) : null;
    }

    /** Splits lines where another line's end touches their interior. */
    private static List<Piece> splitAtTees(List<Source> sources, STRtree index, double tol, List<Finding> findings) {
        Map<Integer, TreeMap<Double, Coordinate>> cuts = new HashMap<>();
        for (int i = 0; i < sources.size(); i++) {
            LineString line = sources.get(i).line();
            for (Coordinate end : new Coordinate[] {line.getCoordinateN(0), line.getCoordinateN(line.getNumPoints() - 1)}) {
                Envelope box = new Envelope(end);
                box.expandBy(tol);
                for (Object hit : index.query(box)) {
                    int j = (Integer) hit;
                    if (j == i) {
                        continue;
                    }
                    LineString other = sources.get(j).line();
                    Point p = GF.createPoint(end);
                    if (other.distance(p) > tol || nearEnd(other, end, tol)) {
                        continue;
                    }
                    LengthIndexedLine indexed = new LengthIndexedLine(other);
                    double at = indexed.project(end);
                    cuts.computeIfAbsent(j, k -> new TreeMap<>()).put(at, indexed.extractPoint(at));
                    findings.add(Finding.at("split_t_junction", Severity.INFO, Long.toString(sources.get(j).feature().id()),
                            end.x, end.y, "topology.split", sources.get(j).feature().id(),
                            sources.get(i).feature().id()));
                }
            }
        }
        List<Piece> pieces = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            Source source = sources.get(i);
            String name = "P" + source.feature().id();
            TreeMap<Double, Coordinate> at = cuts.get(i);
            if (at == null) {
                pieces.add(new Piece(source, source.line(), name));
                continue;
            }
            LengthIndexedLine indexed = new LengthIndexedLine(source.line());
            double from = 0;
            int k = 1;
            List<Double> stops = new ArrayList<>(at.keySet());
            stops.add(source.line().getLength());
            for (double to : stops) {
                if (to - from > 1e-9) {
                    pieces.add(new Piece(source, (LineString) indexed.extractLine(from, to), name + "-" + k++));
                }
                from = to;
            }
        }
        return pieces;
    }

    private static boolean nearEnd(LineString line, Coordinate c, double tol) {
        return line.getCoordinateN(0).distance(c) <= tol
                || line.getCoordinateN(line.getNumPoints() - 1).distance(c) <= tol;
    }

    /** Joins piece ends within {@code tol} (union-find over a hash grid) and returns the node locations. */
    private static List<Coordinate> snapEnds(List<Piece> pieces, Map<Piece, int[]> ends, double tol,
            List<Finding> findings) {
        int count = pieces.size() * 2;
        Coordinate[] at = new Coordinate[count];
        int[] parent = new int[count];
        Map<Long, List<Integer>> grid = new HashMap<>();
        for (int i = 0; i < pieces.size(); i++) {
            LineString line = pieces.get(i).line();
            at[2 * i] = line.getCoordinateN(0);
            at[2 * i + 1] = line.getCoordinateN(line.getNumPoints() - 1);
        }
        for (int e = 0; e < count; e++) {
            parent[e] = e;
            long gx = (long) Math.floor(at[e].x / tol);
            long gy = (long) Math.floor(at[e].y / tol);
            for (long dx = -1; dx <= 1; dx++) {
                for (long dy = -1; dy <= 1; dy++) {
                    for (int other : grid.getOrDefault(cell(gx + dx, gy + dy), List.of())) {
                        if (at[other].distance(at[e]) <= tol) {
                            parent[find(parent, e)] = find(parent, other);
                        }
                    }
                }
            }
            grid.computeIfAbsent(cell(gx, gy), k -> new ArrayList<>()).add(e);
        }
        Map<Integer, Integer> nodeOfRoot = new HashMap<>();
        List<Coordinate> nodes = new ArrayList<>();
        double[] gap = new double[count];
        for (int e = 0; e < count; e++) {
            int root = find(parent, e);
            Integer node = nodeOfRoot.get(root);
            if (node == null) {
                node = nodes.size();
                nodeOfRoot.put(root, node);
                nodes.add(new Coordinate(at[e].x, at[e].y));
            }
            gap[node] = Math.max(gap[node], nodes.get(node).distance(at[e]));
            ends.computeIfAbsent(pieces.get(e / 2), k -> new int[2])[e % 2] = node;
        }
        for (int n = 0; n < nodes.size(); n++) {
            if (gap[n] > 0) {
                findings.add(Finding.at("snapped", Severity.INFO, "N" + (n + 1), nodes.get(n).x, nodes.get(n).y,
                        "topology.snapped", "N" + (n + 1), gap[n]));
            }
        }
        return nodes;
    }

    private static long cell(long gx, long gy) {
        return gx * 73856093L ^ gy * 19349663L;
    }

    private static int find(int[] parent, int e) {
        while (parent[e] != e) {
            parent[e] = parent[parent[e]];
            e = parent[e];
        }
        return e;
    }

    private static Link link(Piece piece, String from, String to, NetworkModel model, GradientRules rules,
            List<Finding> findings) {
        Feature pipe = piece.source().feature();
        String kind = NetworkLayers.text(pipe.get("kind")).toLowerCase(Locale.ROOT);
        PipeClass pipeClass = rules.classify(kind);
        Link link = new Link(piece.name(), pipeClass == PipeClass.PRESSURE ? LinkKind.PIPE : LinkKind.CONDUIT, from, to);
        link.featureId = pipe.id();
        link.pipeKind = kind;
        link.material = NetworkLayers.text(pipe.get("material")).toLowerCase(Locale.ROOT);
        link.lengthM = piece.line().getLength();
        double diameterMm = pipe.getDouble("diameter_mm", Double.NaN);
        double widthM = pipe.getDouble("width_m", Double.NaN);
        if (pipeClass == PipeClass.CHANNEL) {
            // Height = width for the default depth ratio of 0.5: the design depth is half the height.
            link.geom2M = rules.channelWidthM(widthM);
            link.geom1M = link.geom2M * Double.parseDouble(rules.get("channel.depth_ratio")) * 2;
            if (kind.equals("u_channel") && link.geom1M >= link.geom2M / 2) {
                // A U-channel: semicircular bottom of the channel's width (SWMM RECT_ROUND, radius = width/2).
                link.shape = "RECT_ROUND";
                link.geom3 = link.geom2M / 2;
            } else {
                link.shape = "RECT_OPEN";
            }
        } else {
            link.geom1M = (diameterMm > 0 ? diameterMm : rules.assumedDiameterMm()) / 1000.0;
        }
        double n = pipe.getDouble("manning_n", Double.NaN);
        link.roughness = n > 0 ? n : rules.manningN(pipeClass == PipeClass.CHANNEL
                ? rules.channelMaterial(kind, link.material) : link.material);
        Coordinate[] coordinates = piece.line().getCoordinates();
        for (int i = 1; i < coordinates.length - 1; i++) {
            link.vertices.add(new double[] {coordinates[i].x, coordinates[i].y});
        }

        // Inverts: attributes of the whole line, interpolated along it for pieces of a split line.
        LineString whole = piece.source().line();
        double up = pipe.getDouble("up_invert_m", Double.NaN);
        double down = pipe.getDouble("down_invert_m", Double.NaN);
        LengthIndexedLine indexed = new LengthIndexedLine(whole);
        double a = indexed.project(coordinates[0]) / whole.getLength();
        double b = indexed.project(coordinates[coordinates.length - 1]) / whole.getLength();
        double upAttr;
        double downAttr;
        if (Double.isNaN(up) || Double.isNaN(down)) {
            // One attribute invert only: it applies to the piece that keeps that end of the line.
            upAttr = a == 0 ? up : Double.NaN;
            downAttr = b == 1 ? down : Double.NaN;
        } else {
            upAttr = up + (down - up) * a;
            downAttr = up + (down - up) * b;
        }
        double depth = rules.minCoverM() + link.geom1M;
        double groundFrom = model.node(from).orElseThrow().groundM;
        double groundTo = model.node(to).orElseThrow().groundM;
        boolean upFromAttr = !Double.isNaN(upAttr);
        boolean downFromAttr = !Double.isNaN(downAttr);
        link.upInvertM = upFromAttr ? upAttr : groundFrom - depth;
        link.downInvertM = downFromAttr ? downAttr : groundTo - depth;
        boolean upKnown = !Double.isNaN(link.upInvertM);
        boolean downKnown = !Double.isNaN(link.downInvertM);
        if (upFromAttr && downFromAttr) {
            link.invertSource = "attributes";
        } else if (!upKnown || !downKnown) {
            link.invertSource = "none";
        } else if (upFromAttr || downFromAttr) {
            link.invertSource = "mixed";
        } else {
            link.invertSource = "dem";
        }
        if (link.invertSource.equals("none") && pipeClass != PipeClass.PRESSURE) {
            findings.add(Finding.at("no_inverts", Severity.WARNING, Long.toString(pipe.id()), coordinates[0].x,
                    coordinates[0].y, "topology.noInverts", pipe.id()));
        }
        return link;
    }

    private static void placeFacilities(FeatureLayer facilities, NetworkModel model, double tol, List<Finding> findings,
            Map<String, String> pumpStations) {
        Map<String, String> placed = new HashMap<>();
        for (Feature facility : facilities.features()) {
            if (!(facility.geometry() instanceof Point point) || point.isEmpty()) {
                continue;
            }
            Node nearest = null;
            double best = Double.POSITIVE_INFINITY;
            for (Node node : model.nodes()) {
                double d = Math.hypot(node.x - point.getX(), node.y - point.getY());
                if (d < best) {
                    best = d;
                    nearest = node;
                }
            }
            String name = NetworkLayers.text(facility.get("name"));
            String id = Long.toString(facility.id());
            if (nearest == null || best > tol) {
                findings.add(Finding.at("orphan_node", Severity.WARNING, id, point.getX(), point.getY(),
                        "topology.orphan", facility.id(), name, Double.isInfinite(best) ? 0 : best));
                continue;
            }
            String previous = placed.putIfAbsent(nearest.name, id);
            if (previous != null) {
                findings.add(Finding.at("duplicate_node", Severity.WARNING, id, point.getX(), point.getY(),
                        "topology.duplicateNode", facility.id(), previous, nearest.name));
                continue;
            }
            nearest.kind = switch (NetworkLayers.text(facility.get("kind")).toLowerCase(Locale.ROOT)) {
                case "treatment_unit", "outfall" -> NodeKind.OUTFALL;
                case "septic_tank", "pump_station", "pond" -> NodeKind.STORAGE;
                default -> nearest.kind;
            };
            nearest.label = name;
            if (NetworkLayers.text(facility.get("kind")).equalsIgnoreCase("pump_station")) {
                pumpStations.put(nearest.name, name);
            }
        }
    }

    private static void crossings(List<Source> sources, STRtree index, double tol, List<Finding> findings) {
        for (int i = 0; i < sources.size(); i++) {
            LineString line = sources.get(i).line();
            for (Object hit : index.query(line.getEnvelopeInternal())) {
                int j = (Integer) hit;
                if (j <= i) {
                    continue;
                }
                LineString other = sources.get(j).line();
                if (!line.intersects(other)) {
                    continue;
                }
                for (Coordinate c : line.intersection(other).getCoordinates()) {
                    if (!nearEnd(line, c, tol) && !nearEnd(other, c, tol)) {
                        findings.add(Finding.at("crossing_without_node", Severity.WARNING,
                                Long.toString(sources.get(i).feature().id()), c.x, c.y, "topology.crossing",
                                sources.get(i).feature().id(), sources.get(j).feature().id()));
                    }
                }
            }
        }
    }

    private static void danglingEnds(NetworkModel model, List<Piece> pieces, Map<Piece, int[]> ends, STRtree index,
            List<Source> sources, Options options, List<Finding> findings) {
        Map<String, Integer> degree = new HashMap<>();
        for (Link link : model.links()) {
            degree.merge(link.from, 1, Integer::sum);
            degree.merge(link.to, 1, Integer::sum);
        }
        for (Piece piece : pieces) {
            int[] e = ends.get(piece);
            for (int k = 0; k < 2; k++) {
                Node node = model.node("N" + (e[k] + 1)).orElseThrow();
                if (degree.get(node.name) != 1 || !node.label.isEmpty()) {
                    continue;
                }
                Point p = GF.createPoint(new Coordinate(node.x, node.y));
                Envelope box = new Envelope(p.getCoordinate());
                box.expandBy(options.danglingDistanceM());
                for (Object hit : index.query(box)) {
                    Source other = sources.get((Integer) hit);
                    if (other == piece.source()) {
                        continue;
                    }
                    double gap = other.line().distance(p);
                    if (gap <= options.danglingDistanceM()) {
                        findings.add(Finding.at("dangling_end", Severity.WARNING, Long.toString(piece.source().feature().id()),
                                node.x, node.y, "topology.dangling", piece.source().feature().id(), gap,
                                other.feature().id()));
                        break;
                    }
                }
            }
        }
    }

    /** Sets each node's invert to the lowest invert of its links, and terminal nodes to outfalls. */
    private static void setNodeInverts(NetworkModel model) {
        Map<String, Integer> outgoing = new HashMap<>();
        for (Link link : model.links()) {
            outgoing.merge(link.from, 1, Integer::sum);
            for (Node node : new Node[] {model.node(link.from).orElseThrow(), model.node(link.to).orElseThrow()}) {
                double invert = node.name.equals(link.from) ? link.upInvertM : link.downInvertM;
                if (!Double.isNaN(invert) && !(node.invertM <= invert)) {
                    node.invertM = invert;
                }
            }
        }
        for (Node node : model.nodes()) {
            if (node.kind == NodeKind.JUNCTION && node.label.isEmpty() && !outgoing.containsKey(node.name)) {
                node.kind = NodeKind.OUTFALL;
            }
        }
    }

    /**
     * Puts a pump between each pump station's wet well (its storage node) and every rising main leaving
     * it: a junction {@code <node>-P} at the same place takes the main, and an ideal pump ({@code *}, which
     * SWMM runs at the inflow of its wet well) links the two.
     */
    private static void addPumps(NetworkModel model, java.util.Set<String> stations) {
        List<Link> mains = model.links().stream()
                .filter(l -> l.kind == LinkKind.PIPE && stations.contains(l.from)).toList();
        for (Link main : mains) {
            Node well = model.node(main.from).orElseThrow();
            Node outlet = new Node(well.name + "-P", NodeKind.JUNCTION, well.x, well.y);
            outlet.groundM = well.groundM;
            outlet.invertM = Double.isNaN(main.upInvertM) ? well.invertM : main.upInvertM;
            if (model.add(outlet)) {
                Link pump = new Link("PUMP-" + well.name, LinkKind.PUMP, well.name, outlet.name);
                pump.extra.addAll(List.of("*", "ON", "0", "0"));
                model.add(pump);
            }
            main.from = outlet.name;
        }
    }

    private static void direction(NetworkModel model, List<Finding> findings) {
        NetworkModel gravity = new NetworkModel();
        model.nodes().forEach(gravity::add);
        Map<String, List<String>> outlets = new HashMap<>();
        for (Link link : model.links()) {
            if (link.kind != LinkKind.CONDUIT) {
                continue;
            }
            gravity.add(link);
            outlets.computeIfAbsent(link.from, k -> new ArrayList<>()).add(Long.toString(link.featureId));
            if (link.invertSource.equals("attributes") && link.upInvertM < link.downInvertM) {
                Node from = model.node(link.from).orElseThrow();
                findings.add(Finding.at("against_flow", Severity.WARNING, Long.toString(link.featureId), from.x, from.y,
                        "topology.againstFlow", link.featureId, link.upInvertM, link.downInvertM));
            }
        }
        for (Map.Entry<String, List<String>> entry : outlets.entrySet()) {
            if (entry.getValue().size() > 1) {
                Node node = model.node(entry.getKey()).orElseThrow();
                findings.add(Finding.at("several_outlets", Severity.WARNING, node.name, node.x, node.y,
                        "topology.severalOutlets", node.name, String.join(", ", entry.getValue())));
            }
        }
        findings.addAll(NetworkChecks.cycles(gravity, Severity.ERROR, "cycle", "topology.cycle"));
    }
}
