package org.communitygis.network;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.communitygis.core.CgisException;
import org.communitygis.network.Finding.Severity;
import org.communitygis.network.NetworkModel.Link;
import org.communitygis.network.NetworkModel.LinkKind;
import org.communitygis.network.NetworkModel.Node;
import org.communitygis.network.NetworkModel.NodeKind;

/**
 * Reads and writes EPA SWMM 5 input files ({@code .inp}): the sections [OPTIONS] (FLOW_UNITS,
 * FLOW_ROUTING, LINK_OFFSETS), [JUNCTIONS], [OUTFALLS], [STORAGE], [CONDUITS], [PUMPS], [XSECTIONS],
 * [COORDINATES] and [VERTICES]. [SUBCATCHMENTS] and [RAINGAGES] are read only to check references.
 * Other sections (rainfall, quality, curves, controls …) are ignored on reading and not written.
 *
 * <p>Units follow FLOW_UNITS as in SWMM 5: CFS, GPM and MGD mean US units (elevations, lengths and
 * section sizes in feet), CMS, LPS and MLD mean SI units (metres). The model is always in metres, so
 * US files are converted on reading (1 ft = 0.3048 m) and on writing.
 *
 * <p>Reading never stops at a bad line. Each problem becomes a {@link Finding} with the file's line number
 * and a code {@code swmm_NNN} that mirrors the SWMM 5 error of the same number where one exists:
 * 111 conduit length not positive, 112 elevation drop exceeds length, 115 adverse slope, 131 cyclic loop,
 * 133 node with more than one outlet link, 141 outfall with more than one inlet or an outlet link,
 * 145 no outlet node, 203 too few items on a line, 207 duplicate id, 209 undefined object, 211 invalid
 * number. SWMM raises 115, 131 and 133 only for kinematic-wave and steady routing, so under FLOW_ROUTING
 * DYNWAVE they are warnings here.
 */
public final class SwmmInp {
    /** Metres per foot. */
    public static final double FOOT_M = 0.3048;
    /** Square metres per square foot. */
    private static final double SQUARE_FOOT_M2 = FOOT_M * FOOT_M;

    /** Unit systems of a SWMM file, named after the FLOW_UNITS they are written with. */
    public enum Units {
        /** SI, flows in litres per second: FLOW_UNITS LPS. */
        SI_LPS("LPS", 1.0),
        /** SI, flows in m³/s: FLOW_UNITS CMS. */
        SI_CMS("CMS", 1.0),
        /** US customary, flows in ft³/s: FLOW_UNITS CFS. */
        US_CFS("CFS", FOOT_M);

        final String flowUnits;
        /** Metres per length unit of the file. */
        final double metresPerUnit;

        Units(String flowUnits, double metresPerUnit) {
            this.flowUnits = flowUnits;
            this.metresPerUnit = metresPerUnit;
        }
    }

    /**
     * A file read into a model.
     *
     * @param model the nodes and links, in metres
     * @param flowUnits FLOW_UNITS of the file (CFS if the file has none, as in SWMM)
     * @param routing FLOW_ROUTING of the file (DYNWAVE if none)
     * @param findings the problems found, in file order, then the network-wide checks
     * @param subcatchments number of [SUBCATCHMENTS] lines read
     */
    public record Result(NetworkModel model, String flowUnits, String routing, List<Finding> findings,
            int subcatchments) {
        /** Returns the findings of severity {@link Severity#ERROR}. */
        public List<Finding> errors() {
            return findings.stream().filter(f -> f.severity() == Severity.ERROR).toList();
        }
    }

    private SwmmInp() {
    }

    /**
     * Reads a SWMM 5 input file.
     *
     * @throws CgisException only when the file cannot be read; content problems are findings
     */
    public static Result read(Path file) {
        return new Reader(InpLines.read(file)).read();
    }

    /** Returns whether {@code flowUnits} (a FLOW_UNITS value) means US customary lengths. */
    public static boolean isUsFlowUnits(String flowUnits) {
        return switch (flowUnits.toUpperCase(Locale.ROOT)) {
            case "CFS", "GPM", "MGD" -> true;
            default -> false;
        };
    }

    private static final class Reader {
        private final List<InpLines.Line> lines;
        private final NetworkModel model = new NetworkModel();
        private final List<Finding> findings = new ArrayList<>();
        /** Upper-case node and link names to the stored name: SWMM compares ids case-insensitively. */
        private final Map<String, String> nodeNames = new HashMap<>();
        private final Map<String, String> linkNames = new HashMap<>();
        private final Set<String> gages = new HashSet<>();
        private final Map<String, double[]> offsets = new HashMap<>();
        private double unit = FOOT_M;
        private String flowUnits = "CFS";
        private String routing = "DYNWAVE";
        private boolean offsetsAreElevations;
        private int subcatchments;

        Reader(List<InpLines.Line> lines) {
            this.lines = lines;
        }

        Result read() {
            for (InpLines.Line line : lines) {
                if (line.section().equals("OPTIONS")) {
                    option(line);
                }
            }
            unit = isUsFlowUnits(flowUnits) ? FOOT_M : 1.0;
            // Nodes first, so links can refer to nodes defined further down, as SWMM allows.
            for (InpLines.Line line : lines) {
                switch (line.section()) {
                    case "JUNCTIONS" -> junction(line);
                    case "OUTFALLS" -> outfall(line);
                    case "STORAGE" -> storage(line);
                    case "RAINGAGES" -> gages.add(upper(line.token(0)));
                    default -> { }
                }
            }
            for (InpLines.Line line : lines) {
                switch (line.section()) {
                    case "CONDUITS" -> conduit(line);
                    case "PUMPS" -> pump(line);
                    default -> { }
                }
            }
            for (InpLines.Line line : lines) {
                switch (line.section()) {
                    case "XSECTIONS" -> xsection(line);
                    case "COORDINATES" -> coordinate(line);
                    case "VERTICES" -> vertex(line);
                    case "SUBCATCHMENTS" -> subcatchment(line);
                    default -> { }
                }
            }
            resolveInverts();
            boolean dynamic = routing.equalsIgnoreCase("DYNWAVE");
            findings.addAll(NetworkChecks.swmmChecks(model, dynamic));
            return new Result(model, flowUnits, routing, List.copyOf(findings), subcatchments);
        }

        private void option(InpLines.Line line) {
            String key = line.token(0).toUpperCase(Locale.ROOT);
            String value = line.token(1).toUpperCase(Locale.ROOT);
            switch (key) {
                case "FLOW_UNITS" -> flowUnits = value;
                case "FLOW_ROUTING" -> routing = value;
                case "LINK_OFFSETS" -> offsetsAreElevations = value.equals("ELEVATION");
                default -> { }
            }
        }

        private boolean enough(InpLines.Line line, int count) {
            if (line.tokens().size() < count) {
                findings.add(Finding.onLine("swmm_203", Severity.ERROR, line.token(0), line.number(),
                        "swmm.e203", line.number(), line.section(), count, line.tokens().size()));
                return false;
            }
            return true;
        }

        /** Parses token {@code i} as a number; a bad number is an error finding and returns NaN. */
        private double number(InpLines.Line line, int i, String field) {
            String text = line.token(i);
            if (text.isEmpty()) {
                return Double.NaN;
            }
            try {
                return Double.parseDouble(text);
            } catch (NumberFormatException e) {
                findings.add(Finding.onLine("swmm_211", Severity.ERROR, line.token(0), line.number(),
                        "swmm.e211", line.number(), field, text));
                return Double.NaN;
            }
        }

        private Node addNode(InpLines.Line line, NodeKind kind) {
            String name = line.token(0);
            if (nodeNames.containsKey(upper(name))) {
                findings.add(Finding.onLine("swmm_207", Severity.ERROR, name, line.number(), "swmm.e207",
                        line.number(), name));
                return null;
            }
            Node node = new Node(name, kind, Double.NaN, Double.NaN);
            node.line = line.number();
            node.invertM = number(line, 1, "invert") * unit;
            nodeNames.put(upper(name), name);
            model.add(node);
            return node;
        }

        private void junction(InpLines.Line line) {
            if (!enough(line, 2)) {
                return;
            }
            Node node = addNode(line, NodeKind.JUNCTION);
            if (node != null) {
                double maxDepth = number(line, 2, "max_depth");
                node.groundM = maxDepth > 0 ? node.invertM + maxDepth * unit : Double.NaN;
            }
        }

        private void outfall(InpLines.Line line) {
            if (!enough(line, 3)) {
                return;
            }
            Node node = addNode(line, NodeKind.OUTFALL);
            if (node != null) {
                node.extra.addAll(line.tokens().subList(2, line.tokens().size()));
                String type = line.token(2).toUpperCase(Locale.ROOT);
                // The stage of a FIXED outfall is a level: convert it with the rest.
                if (type.equals("FIXED") && line.tokens().size() > 3) {
                    node.extra.set(1, Double.toString(number(line, 3, "stage") * unit));
                }
            }
        }

        private void storage(InpLines.Line line) {
            if (!enough(line, 6)) {
                return;
            }
            Node node = addNode(line, NodeKind.STORAGE);
            if (node == null) {
                return;
            }
            double maxDepth = number(line, 2, "max_depth");
            node.groundM = maxDepth > 0 ? node.invertM + maxDepth * unit : Double.NaN;
            node.extra.add(Double.toString(number(line, 3, "init_depth") * unit));
            String shape = line.token(4).toUpperCase(Locale.ROOT);
            node.extra.add(shape);
            List<String> rest = new ArrayList<>(line.tokens().subList(5, line.tokens().size()));
            if (shape.equals("FUNCTIONAL") && rest.size() >= 3) {
                // Area = a·depth^b + c, in ft² with depth in ft: rescale the coefficients to m² and m.
                double a = number(line, 5, "coefficient");
                double b = number(line, 6, "exponent");
                double c = number(line, 7, "constant");
                double areaUnit = unit == 1.0 ? 1.0 : SQUARE_FOOT_M2;
                rest.set(0, Double.toString(a * areaUnit / Math.pow(unit, b)));
                rest.set(2, Double.toString(c * areaUnit));
            }
            node.extra.addAll(rest);
        }

        private Link addLink(InpLines.Line line, LinkKind kind) {
            String name = line.token(0);
            if (linkNames.containsKey(upper(name))) {
                findings.add(Finding.onLine("swmm_207", Severity.ERROR, name, line.number(), "swmm.e207",
                        line.number(), name));
                return null;
            }
            String from = nodeNames.get(upper(line.token(1)));
            String to = nodeNames.get(upper(line.token(2)));
            for (String ref : new String[] {from == null ? line.token(1) : null, to == null ? line.token(2) : null}) {
                if (ref != null) {
                    findings.add(Finding.onLine("swmm_209", Severity.ERROR, name, line.number(), "swmm.e209.node",
                            line.number(), ref));
                }
            }
            if (from == null || to == null) {
                return null;
            }
            Link link = new Link(name, kind, from, to);
            link.line = line.number();
            linkNames.put(upper(name), name);
            model.add(link);
            return link;
        }

        private void conduit(InpLines.Line line) {
            if (!enough(line, 5)) {
                return;
            }
            Link link = addLink(line, LinkKind.CONDUIT);
            if (link == null) {
                return;
            }
            link.lengthM = number(line, 3, "length") * unit;
            link.roughness = number(line, 4, "roughness");
            double in = line.tokens().size() > 5 ? number(line, 5, "in_offset") : 0;
            double out = line.tokens().size() > 6 ? number(line, 6, "out_offset") : 0;
            offsets.put(link.name, new double[] {in * unit, out * unit});
            if (!(link.lengthM > 0)) {
                findings.add(Finding.onLine("swmm_111", Severity.ERROR, link.name, line.number(), "swmm.e111",
                        line.number(), link.name, line.token(3)));
            }
            if (!(link.roughness > 0)) {
                findings.add(Finding.onLine("invalid_roughness", Severity.ERROR, link.name, line.number(),
                        "swmm.badRoughness", line.number(), link.name, line.token(4)));
            }
        }

        private void pump(InpLines.Line line) {
            if (!enough(line, 4)) {
                return;
            }
            Link link = addLink(line, LinkKind.PUMP);
            if (link == null) {
                return;
            }
            link.extra.add(line.token(3));
            link.extra.add(line.tokens().size() > 4 ? line.token(4) : "ON");
            link.extra.add(Double.toString(nz(number(line, 5, "startup_depth")) * unit));
            link.extra.add(Double.toString(nz(number(line, 6, "shutoff_depth")) * unit));
        }

        private void xsection(InpLines.Line line) {
            if (!enough(line, 3)) {
                return;
            }
            Link link = link(line);
            if (link == null) {
                return;
            }
            link.shape = line.token(1).toUpperCase(Locale.ROOT);
            if (link.shape.equals("IRREGULAR") || link.shape.equals("CUSTOM") || link.shape.equals("STREET")) {
                // Transect, curve or street names: kept as given, sizes come from elsewhere in the file.
                link.extra.addAll(line.tokens().subList(2, line.tokens().size()));
                return;
            }
            link.geom1M = number(line, 2, "geom1") * unit;
            double geom2 = nz(number(line, 3, "geom2"));
            // FORCE_MAIN's second value is a roughness (C or ε), not a length.
            link.geom2M = link.shape.equals("FORCE_MAIN") ? geom2 : geom2 * unit;
            link.geom3 = nz(number(line, 4, "geom3")) * (geom3IsLength(link.shape) ? unit : 1);
            link.geom4 = nz(number(line, 5, "geom4"));
            double barrels = number(line, 6, "barrels");
            link.barrels = barrels >= 1 ? (int) barrels : 1;
            if (link.shape.equals("FORCE_MAIN")) {
                link.kind = LinkKind.PIPE;
            }
            if (!(link.geom1M > 0)) {
                findings.add(Finding.onLine("invalid_diameter", Severity.ERROR, link.name, line.number(),
                        "swmm.badGeom", line.number(), link.name, line.token(2)));
            }
        }

        private void coordinate(InpLines.Line line) {
            if (!enough(line, 3)) {
                return;
            }
            String name = nodeNames.get(upper(line.token(0)));
            if (name == null) {
                findings.add(Finding.onLine("swmm_209", Severity.ERROR, line.token(0), line.number(), "swmm.e209.node",
                        line.number(), line.token(0)));
                return;
            }
            Node node = model.node(name).orElseThrow();
            node.x = number(line, 1, "x");
            node.y = number(line, 2, "y");
        }

        private void vertex(InpLines.Line line) {
            if (!enough(line, 3)) {
                return;
            }
            Link link = link(line);
            if (link != null) {
                link.vertices.add(new double[] {number(line, 1, "x"), number(line, 2, "y")});
            }
        }

        private void subcatchment(InpLines.Line line) {
            if (!enough(line, 3)) {
                return;
            }
            subcatchments++;
            if (!gages.contains(upper(line.token(1)))) {
                findings.add(Finding.onLine("swmm_209", Severity.ERROR, line.token(0), line.number(), "swmm.e209.gage",
                        line.number(), line.token(1)));
            }
            // The outlet may also be another subcatchment, which this reader does not index.
            String outlet = upper(line.token(2));
            boolean known = nodeNames.containsKey(outlet) || lines.stream()
                    .anyMatch(l -> l.section().equals("SUBCATCHMENTS") && upper(l.token(0)).equals(outlet));
            if (!known) {
                findings.add(Finding.onLine("swmm_209", Severity.ERROR, line.token(0), line.number(), "swmm.e209.outlet",
                        line.number(), line.token(2)));
            }
        }

        private Link link(InpLines.Line line) {
            String name = linkNames.get(upper(line.token(0)));
            if (name == null) {
                // A weir, orifice or outlet: sections this reader does not model.
                boolean otherLink = lines.stream().anyMatch(l -> (l.section().equals("WEIRS")
                        || l.section().equals("ORIFICES") || l.section().equals("OUTLETS"))
                        && upper(l.token(0)).equals(upper(line.token(0))));
                if (!otherLink) {
                    findings.add(Finding.onLine("swmm_209", Severity.ERROR, line.token(0), line.number(), "swmm.e209.link",
                            line.number(), line.token(0)));
                }
                return null;
            }
            return model.link(name).orElseThrow();
        }

        /** Turns node inverts plus offsets into absolute link inverts. */
        private void resolveInverts() {
            for (Link link : model.links()) {
                double[] offset = offsets.get(link.name);
                if (offset == null) {
                    continue;
                }
                Node from = model.node(link.from).orElseThrow();
                Node to = model.node(link.to).orElseThrow();
                link.upInvertM = offsetsAreElevations ? offset[0] : from.invertM + offset[0];
                link.downInvertM = offsetsAreElevations ? offset[1] : to.invertM + offset[1];
                link.invertSource = "file";
            }
        }

        private static double nz(double value) {
            return Double.isNaN(value) ? 0 : value;
        }

        private static String upper(String name) {
            return name.toUpperCase(Locale.ROOT);
        }
    }

    /**
     * Writes {@code model} as a SWMM 5 input file with dynamic-wave routing and LINK_OFFSETS DEPTH.
     *
     * <p>Junction depth is ground − invert (0, which SWMM reads as "up to the highest crown", when the
     * ground is unknown). Conduit offsets are the link inverts above the node inverts. A link invert below
     * its node's invert is written with offset 0, as SWMM 5 itself replaces negative offsets. Pressure
     * pipes become conduits with a FORCE_MAIN section and Hazen-Williams C 120 when no roughness is
     * given. Pumps without a curve are written as SWMM ideal pumps ({@code *}).
     *
     * @throws CgisException when the file cannot be written
     */
    public static void write(NetworkModel model, Path file, Units units) {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            write(model, out, units);
        } catch (IOException e) {
            throw new CgisException(e, NetworkMessages.BUNDLE, "inp.unwritable", file, e.getMessage());
        }
    }

    /** Writes {@code model} to {@code out}; see {@link #write(NetworkModel, Path, Units)}. */
    public static void write(NetworkModel model, Writer out, Units units) throws IOException {
        double u = units.metresPerUnit;
        StringBuilder s = new StringBuilder();
        s.append("[TITLE]\n").append(model.title.isBlank() ? "community-gis network" : model.title).append("\n\n");
        s.append("[OPTIONS]\n");
        row(s, "FLOW_UNITS", units.flowUnits);
        row(s, "FLOW_ROUTING", "DYNWAVE");
        row(s, "LINK_OFFSETS", "DEPTH");
        row(s, "FORCE_MAIN_EQUATION", "H-W");
        row(s, "START_DATE", "01/01/2024");
        row(s, "END_DATE", "01/02/2024");
        row(s, "ROUTING_STEP", "0:00:05");
        s.append('\n');

        s.append("[JUNCTIONS]\n;;Name  Elevation  MaxDepth  InitDepth  SurDepth  Aponded\n");
        for (Node n : model.nodes()) {
            if (n.kind == NodeKind.JUNCTION || n.kind == NodeKind.TANK) {
                row(s, InpLines.quote(n.name), f(n.invertM / u), f(depth(n) / u), "0", "0", "0");
            }
        }
        s.append("\n[OUTFALLS]\n;;Name  Elevation  Type  StageData  Gated  RouteTo\n");
        for (Node n : model.nodes()) {
            if (n.kind == NodeKind.OUTFALL || n.kind == NodeKind.RESERVOIR) {
                List<String> cols = new ArrayList<>(List.of(InpLines.quote(n.name), f(n.invertM / u)));
                if (n.extra.isEmpty()) {
                    cols.addAll(List.of("FREE", "NO"));
                } else {
                    List<String> extra = new ArrayList<>(n.extra);
                    if (extra.get(0).equalsIgnoreCase("FIXED") && extra.size() > 1) {
                        extra.set(1, f(Double.parseDouble(extra.get(1)) / u));
                    }
                    cols.addAll(extra);
                }
                row(s, cols.toArray(String[]::new));
            }
        }
        s.append("\n[STORAGE]\n;;Name  Elevation  MaxDepth  InitDepth  Shape  Parameters…\n");
        for (Node n : model.nodes()) {
            if (n.kind == NodeKind.STORAGE) {
                List<String> cols = new ArrayList<>(List.of(InpLines.quote(n.name), f(n.invertM / u), f(depth(n) / u)));
                if (n.extra.size() >= 2) {
                    cols.add(f(Double.parseDouble(n.extra.get(0)) / u));
                    cols.add(n.extra.get(1));
                    List<String> rest = new ArrayList<>(n.extra.subList(2, n.extra.size()));
                    if (n.extra.get(1).equals("FUNCTIONAL") && rest.size() >= 3) {
                        double areaUnit = u * u;
                        double b = Double.parseDouble(rest.get(1));
                        rest.set(0, f(Double.parseDouble(rest.get(0)) / areaUnit * Math.pow(u, b)));
                        rest.set(2, f(Double.parseDouble(rest.get(2)) / areaUnit));
                    }
                    cols.addAll(rest);
                } else {
                    // A sump of 10 m² plan area (a project default for a storage node without a shape).
                    cols.addAll(List.of("0", "FUNCTIONAL", "0", "0", f(10 / (u * u)), "0", "0"));
                }
                row(s, cols.toArray(String[]::new));
            }
        }

        s.append("\n[CONDUITS]\n;;Name  FromNode  ToNode  Length  Roughness  InOffset  OutOffset  InitFlow  MaxFlow\n");
        for (Link l : model.links()) {
            if (l.kind == LinkKind.CONDUIT || l.kind == LinkKind.PIPE) {
                Node from = model.node(l.from).orElseThrow();
                Node to = model.node(l.to).orElseThrow();
                double n = l.kind == LinkKind.PIPE || !(l.roughness > 0) ? 0.013 : l.roughness;
                row(s, InpLines.quote(l.name), InpLines.quote(l.from), InpLines.quote(l.to), f(l.lengthM / u), f(n),
                        f(offset(l.upInvertM, from.invertM) / u), f(offset(l.downInvertM, to.invertM) / u), "0", "0");
            }
        }
        s.append("\n[PUMPS]\n;;Name  FromNode  ToNode  Curve  Status  Startup  Shutoff\n");
        for (Link l : model.links()) {
            if (l.kind == LinkKind.PUMP) {
                String curve = l.extra.isEmpty() ? "*" : l.extra.get(0);
                String status = l.extra.size() > 1 ? l.extra.get(1) : "ON";
                double startup = l.extra.size() > 2 ? Double.parseDouble(l.extra.get(2)) : 0;
                double shutoff = l.extra.size() > 3 ? Double.parseDouble(l.extra.get(3)) : 0;
                row(s, InpLines.quote(l.name), InpLines.quote(l.from), InpLines.quote(l.to), curve, status,
                        f(startup / u), f(shutoff / u));
            }
        }
        s.append("\n[XSECTIONS]\n;;Link  Shape  Geom1  Geom2  Geom3  Geom4  Barrels\n");
        for (Link l : model.links()) {
            if (l.kind == LinkKind.PUMP) {
                continue;
            }
            if (l.kind == LinkKind.PIPE) {
                double c = 120;
                if (l.geom2M > 0) {
                    c = l.geom2M;
                } else if (l.roughness > 1) {
                    c = l.roughness;
                }
                row(s, InpLines.quote(l.name), "FORCE_MAIN", f(l.geom1M / u), f(c), "0", "0",
                        Integer.toString(l.barrels));
            } else if (!l.extra.isEmpty()) {
                List<String> cols = new ArrayList<>(List.of(InpLines.quote(l.name), l.shape));
                cols.addAll(l.extra);
                row(s, cols.toArray(String[]::new));
            } else {
                double geom3 = geom3IsLength(l.shape) ? l.geom3 / u : l.geom3;
                row(s, InpLines.quote(l.name), l.shape, f(l.geom1M / u), f(l.geom2M / u), f(geom3), f(l.geom4),
                        Integer.toString(l.barrels));
            }
        }

        s.append("\n[COORDINATES]\n;;Node  X  Y\n");
        for (Node n : model.nodes()) {
            if (!Double.isNaN(n.x) && !Double.isNaN(n.y)) {
                row(s, InpLines.quote(n.name), f(n.x), f(n.y));
            }
        }
        s.append("\n[VERTICES]\n;;Link  X  Y\n");
        for (Link l : model.links()) {
            for (double[] v : l.vertices) {
                row(s, InpLines.quote(l.name), f(v[0]), f(v[1]));
            }
        }
        out.write(s.toString());
    }

    /** Returns whether the third section value of {@code shape} is a length (SWMM 5 section table). */
    static boolean geom3IsLength(String shape) {
        return switch (shape) {
            case "RECT_ROUND", "RECT_TRIANGULAR", "MODBASKETHANDLE" -> true;
            default -> false;
        };
    }

    private static double depth(Node n) {
        double depth = n.groundM - n.invertM;
        return depth > 0 ? depth : 0;
    }

    private static double offset(double linkInvert, double nodeInvert) {
        double offset = linkInvert - nodeInvert;
        return offset > 0 ? offset : 0;
    }

    private static void row(StringBuilder s, String... cols) {
        for (int i = 0; i < cols.length; i++) {
            if (i > 0) {
                s.append(' ');
            }
            s.append(String.format(Locale.ROOT, i == 0 ? "%-16s" : "%-12s", cols[i]));
        }
        s.append('\n');
    }

    /** Formats a number with up to 6 significant decimals and no exponent. */
    static String f(double value) {
        if (Double.isNaN(value)) {
            return "0";
        }
        String text = new java.math.BigDecimal(value).setScale(6, java.math.RoundingMode.HALF_UP)
                .stripTrailingZeros().toPlainString();
        return text.equals("-0") ? "0" : text;
    }

    /** Counts the data lines per section name, for checks against the file. */
    static Map<String, Integer> sectionCounts(Path file) {
        Map<String, Integer> counts = new TreeMap<>();
        for (InpLines.Line line : InpLines.read(file)) {
            counts.merge(line.section(), 1, Integer::sum);
        }
        return counts;
    }
}
