package org.communitygis.network;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A pipe network as nodes and links, in SI units: lengths, levels and section sizes in metres, the
 * horizontal coordinates in the map units of their source (the layer CRS, or an input file's map units).
 *
 * <p>The same model is built from a {@code pipes} layer by {@link NetworkTopology}, read from and written
 * to EPA SWMM 5 input files by {@link SwmmInp}, and read from EPANET input files by {@link EpanetInp}.
 * Node and link names are unique within their kind (nodes share one name space, links another), as in
 * SWMM and EPANET. The model is mutable and not thread-safe.
 */
public final class NetworkModel {
    /** Node kinds: the SWMM and EPANET node types and the facility kinds of the {@code facilities} layer. */
    public enum NodeKind {
        /** Manhole, inspection well or pipe junction (SWMM/EPANET junction). */
        JUNCTION,
        /** Free outlet into a stream, ditch or treatment unit (SWMM outfall). */
        OUTFALL,
        /** Storage: septic tank, pump sump, pond (SWMM storage unit). */
        STORAGE,
        /** Fixed-head source (EPANET reservoir). */
        RESERVOIR,
        /** Tank with a varying level (EPANET tank). */
        TANK
    }

    /** Link kinds. */
    public enum LinkKind {
        /** Gravity pipe or open channel (SWMM conduit). */
        CONDUIT,
        /** Pressure pipe (EPANET pipe, rising main). */
        PIPE,
        /** Pump. */
        PUMP
    }

    /** A node. Levels are NaN when unknown. */
    public static final class Node {
        public final String name;
        public NodeKind kind;
        public double x;
        public double y;
        /** Invert (lowest level) of the node, m; for a reservoir its total head, m. */
        public double invertM = Double.NaN;
        /** Ground (rim) level, m. */
        public double groundM = Double.NaN;
        /** Source columns of the input file kept for export (outfall type, storage curve …), or empty. */
        public List<String> extra = new ArrayList<>();
        /** Name of the facility placed on the node ({@code facilities} layer), or "". */
        public String label = "";
        /** Line of the input file that defined the node, or 0. */
        public int line;

        public Node(String name, NodeKind kind, double x, double y) {
            this.name = name;
            this.kind = kind;
            this.x = x;
            this.y = y;
        }

        /** Returns the depth from ground to invert, m, or NaN when either is unknown. */
        public double depthM() {
            return groundM - invertM;
        }
    }

    /** A link from {@code from} to {@code to}, which for gravity links is the flow direction. */
    public static final class Link {
        public final String name;
        public LinkKind kind;
        public String from;
        public String to;
        /** Length along the pipe, m. */
        public double lengthM = Double.NaN;
        /** Manning n for conduits; Hazen-Williams C (or Darcy-Weisbach roughness, mm) for EPANET pipes. */
        public double roughness = Double.NaN;
        /** SWMM cross-section shape: CIRCULAR, RECT_OPEN, RECT_CLOSED, TRAPEZOIDAL … */
        public String shape = "CIRCULAR";
        /** Diameter or full height of the section, m. */
        public double geom1M = Double.NaN;
        /** Width (rectangular, trapezoidal) of the section, m, or 0. */
        public double geom2M;
        /**
         * SWMM's third section value: a length in m for RECT_ROUND (bottom radius), RECT_TRIANGULAR and
         * MODBASKETHANDLE, else as in the file (side slopes of TRAPEZOIDAL are ratios).
         */
        public double geom3;
        /** SWMM's fourth section value, as in the file. */
        public double geom4;
        /** Number of identical barrels. */
        public int barrels = 1;
        /** Invert at the upstream end, m (absolute, not an offset). */
        public double upInvertM = Double.NaN;
        /** Invert at the downstream end, m (absolute). */
        public double downInvertM = Double.NaN;
        /** Source of the inverts: {@code attributes}, {@code dem}, {@code mixed}, {@code file} or {@code none}. */
        public String invertSource = "none";
        /** Pipe material, or "". */
        public String material = "";
        /** The {@code pipes} layer's kind (sewer, rising_main …), or "". */
        public String pipeKind = "";
        /** Source columns kept for export (pump curve and status …), or empty. */
        public List<String> extra = new ArrayList<>();
        /** Interior vertices as x,y pairs. */
        public List<double[]> vertices = new ArrayList<>();
        /** Feature id in the {@code pipes} layer, or 0 when the link comes from a file. */
        public long featureId;
        /** Line of the input file that defined the link, or 0. */
        public int line;

        public Link(String name, LinkKind kind, String from, String to) {
            this.name = name;
            this.kind = kind;
            this.from = from;
            this.to = to;
        }

        /** Returns the invert gradient (m/m, positive falling from {@code from} to {@code to}), or NaN. */
        public double gradient() {
            return (upInvertM - downInvertM) / lengthM;
        }
    }

    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private final Map<String, Link> links = new LinkedHashMap<>();
    /** Title of the model, written to the SWMM [TITLE] section. */
    public String title = "";

    /** Adds {@code node}, or returns false and keeps the first when a node of that name exists. */
    public boolean add(Node node) {
        return nodes.putIfAbsent(node.name, node) == null;
    }

    /** Adds {@code link}, or returns false and keeps the first when a link of that name exists. */
    public boolean add(Link link) {
        return links.putIfAbsent(link.name, link) == null;
    }

    public Optional<Node> node(String name) {
        return Optional.ofNullable(nodes.get(name));
    }

    public Optional<Link> link(String name) {
        return Optional.ofNullable(links.get(name));
    }

    /** Returns the nodes in insertion order (a live view). */
    public java.util.Collection<Node> nodes() {
        return nodes.values();
    }

    /** Returns the links in insertion order (a live view). */
    public java.util.Collection<Link> links() {
        return links.values();
    }

    /** Counts the nodes of {@code kind}. */
    public long count(NodeKind kind) {
        return nodes.values().stream().filter(n -> n.kind == kind).count();
    }

    /** Counts the links of {@code kind}. */
    public long count(LinkKind kind) {
        return links.values().stream().filter(l -> l.kind == kind).count();
    }
}
