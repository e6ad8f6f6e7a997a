package org.communitygis.io;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipException;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.communitygis.core.CgisException;
import org.communitygis.core.Diagnostics;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.util.GeometryFixer;
import org.locationtech.jts.geom.util.PolygonExtracter;
import org.locationtech.jts.operation.valid.IsValidOp;
import org.locationtech.jts.operation.valid.TopologyValidationError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads OpenStreetMap XML (API 0.6, {@code .osm} or gzip-compressed {@code .osm.gz}) into the layers
 * {@code roads}, {@code buildings}, {@code waterways} and {@code landuse}, in CRS:84.
 *
 * <p>What becomes a feature:
 * <ul>
 * <li>{@code roads}: every way tagged {@code highway}, as a LineString (closed ways too, e.g. roundabouts).
 * <li>{@code waterways}: every way tagged {@code waterway}, as a LineString.
 * <li>{@code buildings} / {@code landuse}: every closed way (first node = last node, at least 4 nodes) tagged
 * {@code building} / {@code landuse}, as a Polygon, and every relation with {@code type=multipolygon} and that
 * tag, as a MultiPolygon assembled by {@link RingAssembler}. An old-style multipolygon (a relation without tags
 * of its own whose single outer way carries the tag) gives its holes to that way's polygon.
 * </ul>
 * Feature ids are 1..n per layer, and the OSM id is in {@code osm_id}. {@code households}, {@code residents}
 * and {@code heavy_vehicles_per_day} stay null unless an element has a tag of that name
 * ({@code heavy_vehicles_per_day} always stays null).
 *
 * <p>Skipped with a warning naming the element ({@code way/123}): area ways that are not closed, ways with
 * nodes missing from the file, lines of zero length, multipolygons whose rings do not close, and nodes tagged
 * {@code building} or {@code landuse}. Invalid polygons are repaired with JTS {@link GeometryFixer}, with a
 * warning.
 *
 * <p>Memory: node coordinates live in primitive arrays indexed through a {@link LongIntMap} (about 36 bytes
 * per node). The node indices of every way are kept until the end of the file because relations refer to
 * ways by id. Relations that are members of other relations are not followed.
 */
public final class OsmReader {
    private static final Logger LOG = LoggerFactory.getLogger(OsmReader.class);
    private static final Set<String> AREA_LAYERS = Set.of(OsmLayers.BUILDINGS, OsmLayers.LANDUSE);
    /** Tags an old-style multipolygon relation may carry besides {@code type}. */
    private static final Set<String> NEUTRAL_RELATION_TAGS = Set.of("type", "created_by", "source", "note", "fixme");

    private final Path file;
    private final Diagnostics diagnostics;
    private final GeometryFactory factory = new GeometryFactory();
    private final OsmLayers layers;
    private final Map<String, long[]> nextIds = new HashMap<>();

    private final LongIntMap nodeIndex = new LongIntMap(1 << 16);
    private double[] lon = new double[1 << 16];
    private double[] lat = new double[1 << 16];
    private int nodeCount;

    private final LongIntMap wayIndex = new LongIntMap(1 << 12);
    private final List<int[]> wayNodes = new ArrayList<>();
    /** Features built from closed ways, by way id, for old-style multipolygons. */
    private final Map<Long, List<Feature>> areaFeaturesByWay = new HashMap<>();
    private int oldStyleUpgrades;

    private OsmReader(Path file, Diagnostics diagnostics) {
        this.file = file;
        this.diagnostics = diagnostics;
        this.layers = new OsmLayers(diagnostics);
    }

    /**
     * Reads {@code file} into the layers roads, buildings, waterways and landuse (in that order, empty ones
     * included).
     *
     * @throws CgisException when the file is missing, unreadable, truncated, not well-formed XML (with line
     *     and column) or not OSM XML
     */
    public static List<FeatureLayer> read(Path file, Diagnostics diagnostics) {
        OsmReader reader = new OsmReader(file, diagnostics);
        long start = System.nanoTime();
        GzipSupport.RecordingStream stream = null;
        try (GzipSupport.RecordingStream in = GzipSupport.open(file)) {
            stream = in;
            reader.parse(in);
        } catch (NoSuchFileException e) {
            throw new CgisException(e, IoMessages.BUNDLE, "read.notFound", file);
        } catch (EOFException | ZipException e) {
            throw new CgisException(e, IoMessages.BUNDLE, "read.truncated", file);
        } catch (IOException e) {
            throw new CgisException(e, IoMessages.BUNDLE, "read.failed", file, e.getMessage());
        } catch (XMLStreamException e) {
            throw reader.translate(e, stream == null ? null : stream.failure());
        }
        List<FeatureLayer> result = reader.layers.all();
        LOG.info("Read {} in {} ms: {} nodes, {} ways, {} roads, {} buildings, {} waterways, {} landuse,"
                + " {} old-style multipolygons", file, (System.nanoTime() - start) / 1_000_000, reader.nodeCount,
                reader.wayNodes.size(), result.get(0).size(), result.get(1).size(), result.get(2).size(),
                result.get(3).size(), reader.oldStyleUpgrades);
        return result;
    }

    private void parse(InputStream in) throws XMLStreamException {
        XMLInputFactory xml = XMLInputFactory.newFactory();
        xml.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        xml.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        xml.setProperty(XMLInputFactory.IS_COALESCING, false);
        XMLStreamReader reader = xml.createXMLStreamReader(in);
        try {
            parseElements(reader);
        } finally {
            reader.close();
        }
    }

    private void parseElements(XMLStreamReader reader) throws XMLStreamException {
        boolean rootSeen = false;
        char element = ' ';
        long elementId = 0;
        long[] refs = new long[256];
        int refCount = 0;
        Map<String, String> tags = new HashMap<>();
        List<Member> members = new ArrayList<>();
        while (reader.hasNext()) {
            int event = reader.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                String name = reader.getLocalName();
                if (!rootSeen) {
                    if (!name.equals("osm")) {
                        throw new CgisException(IoMessages.BUNDLE, "osm.notOsm", file, name);
                    }
                    rootSeen = true;
                    continue;
                }
                switch (name) {
                    case "node":
                        element = 'n';
                        elementId = parseId(reader, "id");
                        addNode(elementId, reader.getAttributeValue(null, "lon"), reader.getAttributeValue(null, "lat"));
                        tags.clear();
                        break;
                    case "way":
                        element = 'w';
                        elementId = parseId(reader, "id");
                        refCount = 0;
                        tags.clear();
                        break;
                    case "relation":
                        element = 'r';
                        elementId = parseId(reader, "id");
                        tags.clear();
                        members.clear();
                        break;
                    case "nd":
                        if (refCount == refs.length) {
                            refs = Arrays.copyOf(refs, refs.length * 2);
                        }
                        refs[refCount++] = parseId(reader, "ref");
                        break;
                    case "member":
                        members.add(new Member(reader.getAttributeValue(null, "type"), parseId(reader, "ref"),
                                reader.getAttributeValue(null, "role")));
                        break;
                    case "tag":
                        String key = reader.getAttributeValue(null, "k");
                        String value = reader.getAttributeValue(null, "v");
                        if (key != null && value != null) {
                            tags.put(key, value);
                        }
                        break;
                    default:
                        break;
                }
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                switch (reader.getLocalName()) {
                    case "node":
                        finishNode(elementId, tags);
                        element = ' ';
                        break;
                    case "way":
                        finishWay(elementId, Arrays.copyOf(refs, refCount), tags);
                        element = ' ';
                        break;
                    case "relation":
                        finishRelation(elementId, members, tags);
                        element = ' ';
                        break;
                    default:
                        break;
                }
            }
        }
        if (!rootSeen) {
            throw new CgisException(IoMessages.BUNDLE, "osm.notOsm", file, "-");
        }
        assert element == ' ';
    }

    private long parseId(XMLStreamReader reader, String attribute) {
        String text = reader.getAttributeValue(null, attribute);
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            Location location = reader.getLocation();
            throw new CgisException(e, IoMessages.BUNDLE, "osm.badAttribute", file,
                    String.valueOf(location.getLineNumber()), String.valueOf(location.getColumnNumber()), attribute,
                    String.valueOf(text));
        }
    }

    private void addNode(long id, String lonText, String latText) {
        double x;
        double y;
        try {
            x = Double.parseDouble(lonText);
            y = Double.parseDouble(latText);
        } catch (NumberFormatException | NullPointerException e) {
            // A node without coordinates (e.g. deleted in an osmChange) counts as missing for its ways.
            return;
        }
        int existing = nodeIndex.get(id, -1);
        int index = existing >= 0 ? existing : nodeCount++;
        if (index == lon.length) {
            lon = Arrays.copyOf(lon, lon.length * 2);
            lat = Arrays.copyOf(lat, lat.length * 2);
        }
        lon[index] = x;
        lat[index] = y;
        nodeIndex.put(id, index);
    }

    private void finishNode(long id, Map<String, String> tags) {
        for (String layer : AREA_LAYERS) {
            String key = layer.equals(OsmLayers.BUILDINGS) ? "building" : "landuse";
            if (tags.containsKey(key)) {
                diagnostics.warn(IoMessages.BUNDLE, "osm.nodeSkipped", layer, "node/" + id, key + "=" + tags.get(key));
            }
        }
    }

    private void finishWay(long id, long[] refs, Map<String, String> tags) {
        int[] indices = new int[refs.length];
        int missing = 0;
        for (int i = 0; i < refs.length; i++) {
            indices[i] = nodeIndex.get(refs[i], -1);
            if (indices[i] < 0) {
                missing++;
            }
        }
        wayIndex.put(id, wayNodes.size());
        wayNodes.add(indices);

        String ref = "way/" + id;
        if (tags.containsKey("highway")) {
            addLine(OsmLayers.ROADS, id, ref, indices, missing, tags);
        }
        if (tags.containsKey("waterway")) {
            addLine(OsmLayers.WATERWAYS, id, ref, indices, missing, tags);
        }
        if (tags.containsKey("building")) {
            addClosedWay(OsmLayers.BUILDINGS, id, ref, refs, indices, missing, tags);
        }
        if (tags.containsKey("landuse")) {
            addClosedWay(OsmLayers.LANDUSE, id, ref, refs, indices, missing, tags);
        }
    }

    private void addLine(String layer, long id, String ref, int[] indices, int missing, Map<String, String> tags) {
        if (missing > 0) {
            diagnostics.warn(IoMessages.BUNDLE, "osm.missingNodes", layer, ref, missing, indices.length);
            return;
        }
        Coordinate[] coordinates = coordinates(indices);
        boolean zeroLength = true;
        for (int i = 1; i < coordinates.length && zeroLength; i++) {
            zeroLength = coordinates[i].equals2D(coordinates[0]);
        }
        if (zeroLength) {
            diagnostics.warn(IoMessages.BUNDLE, "osm.zeroLength", layer, ref);
            return;
        }
        LineString line = factory.createLineString(coordinates);
        addFeature(layer, id, ref, line, tags);
    }

    private void addClosedWay(String layer, long id, String ref, long[] refs, int[] indices, int missing,
            Map<String, String> tags) {
        if (refs.length < 4 || refs[0] != refs[refs.length - 1]) {
            diagnostics.warn(IoMessages.BUNDLE, "osm.unclosed", layer, ref, refs.length);
            return;
        }
        if (missing > 0) {
            diagnostics.warn(IoMessages.BUNDLE, "osm.missingNodes", layer, ref, missing, indices.length);
            return;
        }
        Polygon polygon = factory.createPolygon(coordinates(indices));
        Geometry valid = repair(layer, ref, polygon);
        if (valid != null) {
            Feature feature = addFeature(layer, id, ref, valid, tags);
            areaFeaturesByWay.computeIfAbsent(id, k -> new ArrayList<>(1)).add(feature);
        }
    }

    private void finishRelation(long id, List<Member> members, Map<String, String> tags) {
        String ref = "relation/" + id;
        boolean multipolygon = "multipolygon".equals(tags.get("type"));
        List<String> targets = new ArrayList<>(2);
        if (tags.containsKey("building")) {
            targets.add(OsmLayers.BUILDINGS);
        }
        if (tags.containsKey("landuse")) {
            targets.add(OsmLayers.LANDUSE);
        }
        if (targets.isEmpty()) {
            if (multipolygon && NEUTRAL_RELATION_TAGS.containsAll(tags.keySet())) {
                upgradeOldStyle(ref, members);
            }
            return;
        }
        for (String layer : targets) {
            if (!multipolygon) {
                diagnostics.warn(IoMessages.BUNDLE, "osm.relationNotMultipolygon", layer, ref,
                        String.valueOf(tags.get("type")));
                continue;
            }
            Geometry geometry = assemble(layer, ref, members);
            if (geometry != null) {
                addFeature(layer, id, ref, geometry, tags);
            }
        }
    }

    /** Returns the repaired MultiPolygon of a relation, or null (with a warning) when it cannot be built. */
    private Geometry assemble(String layer, String ref, List<Member> members) {
        List<int[]> ways = new ArrayList<>();
        int missingWays = 0;
        int missingNodes = 0;
        int presentOuterWays = 0;
        for (Member member : members) {
            if (!"way".equals(member.type())) {
                continue;
            }
            int index = wayIndex.get(member.ref(), -1);
            if (index < 0) {
                missingWays++;
                continue;
            }
            if (member.role() == null || member.role().isEmpty() || member.role().equals("outer")) {
                presentOuterWays++;
            }
            int[] nodes = wayNodes.get(index);
            for (int node : nodes) {
                if (node < 0) {
                    missingNodes++;
                }
            }
            ways.add(nodes);
        }
        if (missingNodes > 0) {
            diagnostics.warn(IoMessages.BUNDLE, "osm.relationMissingNodes", layer, ref, missingNodes);
            return null;
        }
        if (missingWays > 0 && presentOuterWays == 0) {
            // Only holes are in the extract, and nesting would turn them into areas of their own.
            diagnostics.warn(IoMessages.BUNDLE, "osm.relationIncomplete", layer, ref, missingWays);
            return null;
        }
        RingAssembler.Result result = RingAssembler.assemble(ways, lon, lat, factory);
        if (result.geometry() == null) {
            if (missingWays > 0) {
                diagnostics.warn(IoMessages.BUNDLE, "osm.relationIncomplete", layer, ref, missingWays);
            } else {
                diagnostics.warn(IoMessages.BUNDLE, "osm.relationOpen", layer, ref, result.openRings());
            }
            return null;
        }
        if (missingWays > 0) {
            diagnostics.warn(IoMessages.BUNDLE, "osm.relationPartial", layer, ref, missingWays);
        }
        return repair(layer, ref, result.geometry());
    }

    /**
     * Gives an old-style multipolygon's holes to the polygon of its single outer way, the element that
     * carries the area tags in that tagging scheme.
     */
    private void upgradeOldStyle(String ref, List<Member> members) {
        Member outer = null;
        for (Member member : members) {
            if ("way".equals(member.type()) && "outer".equals(member.role())) {
                if (outer != null) {
                    return;
                }
                outer = member;
            }
        }
        if (outer == null || !areaFeaturesByWay.containsKey(outer.ref())) {
            return;
        }
        for (Feature feature : areaFeaturesByWay.get(outer.ref())) {
            String layer = feature.get("building") != null ? OsmLayers.BUILDINGS : OsmLayers.LANDUSE;
            // Warnings name the relation, whose member list is what needs fixing.
            Geometry geometry = assemble(layer, ref, members);
            // Only a single polygon can replace the way. More parts mean the relation is not a plain old-style one.
            if (geometry != null && geometry.getNumGeometries() == 1) {
                feature.setGeometry(geometry.getGeometryN(0));
                oldStyleUpgrades++;
            }
        }
    }

    /** Returns {@code geometry} when valid, else its polygonal repair (with a warning), or null when nothing is left. */
    private Geometry repair(String layer, String ref, Geometry geometry) {
        IsValidOp validity = new IsValidOp(geometry);
        TopologyValidationError error = validity.getValidationError();
        if (error == null) {
            return geometry;
        }
        Geometry fixed = GeometryFixer.fix(geometry);
        @SuppressWarnings("unchecked")
        List<Polygon> polygons = PolygonExtracter.getPolygons(fixed);
        polygons.removeIf(Geometry::isEmpty);
        if (polygons.isEmpty()) {
            diagnostics.warn(IoMessages.BUNDLE, "osm.emptyAfterRepair", layer, ref, error.getMessage());
            return null;
        }
        diagnostics.warn(IoMessages.BUNDLE, "osm.repaired", layer, ref, error.getMessage(), error.getCoordinate());
        if (polygons.size() == 1) {
            return polygons.get(0);
        }
        MultiPolygon multi = factory.createMultiPolygon(polygons.toArray(new Polygon[0]));
        return multi;
    }

    private Feature addFeature(String layer, long osmId, String ref, Geometry geometry, Map<String, String> tags) {
        FeatureLayer target = layers.layer(layer);
        long[] next = nextIds.computeIfAbsent(layer, k -> new long[] {1});
        Feature feature = new Feature(next[0]++, geometry, layers.attributes(layer, osmId, ref, tags));
        target.add(feature);
        return feature;
    }

    private Coordinate[] coordinates(int[] indices) {
        Coordinate[] coordinates = new Coordinate[indices.length];
        for (int i = 0; i < indices.length; i++) {
            coordinates[i] = new Coordinate(lon[indices[i]], lat[indices[i]]);
        }
        return coordinates;
    }

    /** Turns a parser error into a user error: truncated input, or malformed XML at a line and column. */
    private CgisException translate(XMLStreamException e, IOException streamFailure) {
        if (streamFailure != null) {
            e.addSuppressed(streamFailure);
        }
        for (Throwable cause = streamFailure != null ? streamFailure : e; cause != null; cause = next(cause)) {
            if (cause instanceof EOFException || cause instanceof ZipException) {
                return new CgisException(e, IoMessages.BUNDLE, "read.truncated", file);
            }
            if (cause instanceof IOException && !(cause instanceof EOFException)) {
                return new CgisException(e, IoMessages.BUNDLE, "read.failed", file, cause.getMessage());
            }
        }
        Location location = e.getLocation();
        int line = location == null ? -1 : location.getLineNumber();
        int column = location == null ? -1 : location.getColumnNumber();
        // The JDK's reader prefixes "ParseError at [row,col]:[5,3]\nMessage: ", which the message already shows.
        String detail = e.getMessage() == null ? "" : e.getMessage()
                .replaceFirst("(?s)^ParseError at \\[row,col\\]:\\[-?\\d+,-?\\d+\\]\\s*Message:\\s*", "")
                .replaceFirst("\\.+$", "");
        return new CgisException(e, IoMessages.BUNDLE, "osm.malformed", file, String.valueOf(line), String.valueOf(column),
                detail);
    }

    private static Throwable next(Throwable cause) {
        if (cause instanceof XMLStreamException stream && stream.getNestedException() != null
                && stream.getNestedException() != cause) {
            return stream.getNestedException();
        }
        return cause.getCause() == cause ? null : cause.getCause();
    }

    /** A relation member. */
    private record Member(String type, long ref, String role) {
    }
}
