package org.communitygis.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipException;
import javax.xml.stream.Location;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.communitygis.core.CgisException;
import org.communitygis.core.Diagnostics;
import org.communitygis.core.crs.Crs;
import org.communitygis.core.feature.Field;
import org.communitygis.core.feature.FieldType;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;

/**
 * Reads GPX 1.0 and 1.1 ({@code .gpx}, optionally gzip-compressed) in CRS:84 into up to three layers:
 * {@code waypoints} (POINT, from {@code wpt}), {@code routes} (LINESTRING, one per {@code rte}) and
 * {@code tracks} (MULTILINESTRING, one feature per {@code trk} with a part per {@code trkseg}). Elevation
 * {@code ele} (m) becomes the z of each vertex.
 *
 * <p>Fields: {@code name}, {@code description} ({@code desc}), {@code type}, {@code time} (a waypoint's
 * {@code time}, or the first point's time of a route or track, as written), {@code end_time} (the last
 * point's time of a route or track), {@code ele_m} (a waypoint's elevation), {@code symbol} ({@code sym}),
 * {@code points} (vertex count). A route or track segment with fewer than two points is skipped with a
 * warning. The XML is read with DTDs and external entities disabled ({@link SafeXml}).
 */
public final class GpxReader {
    private static final List<Field> FIELDS = List.of(new Field("name", FieldType.STRING),
            new Field("description", FieldType.STRING), new Field("type", FieldType.STRING),
            new Field("time", FieldType.STRING), new Field("end_time", FieldType.STRING),
            new Field("ele_m", FieldType.REAL), new Field("symbol", FieldType.STRING),
            new Field("points", FieldType.INTEGER));

    private final Path file;
    private final Diagnostics diagnostics;
    private final GeometryFactory factory = new GeometryFactory();
    private final LayerAssembler assembler = new LayerAssembler(Crs.CRS84, FIELDS);

    private GpxReader(Path file, Diagnostics diagnostics) {
        this.file = file;
        this.diagnostics = diagnostics;
    }

    /**
     * Reads a GPX file.
     *
     * @throws CgisException when the file is missing, unreadable, not well-formed XML (with line and column),
     *     not GPX, or has no waypoint, route or track
     */
    public static List<SourceLayer> read(Path file, Diagnostics diagnostics) {
        GpxReader reader = new GpxReader(file, diagnostics);
        try (InputStream in = GzipSupport.open(file)) {
            reader.parse(in);
        } catch (NoSuchFileException e) {
            throw new CgisException(e, IoMessages.BUNDLE, "read.notFound", file);
        } catch (ZipException | java.io.EOFException e) {
            throw new CgisException(e, IoMessages.BUNDLE, "read.truncated", file);
        } catch (IOException e) {
            throw new CgisException(e, IoMessages.BUNDLE, "read.failed", file, e.getMessage());
        } catch (XMLStreamException e) {
            Location location = e.getLocation();
            throw new CgisException(e, IoMessages.BUNDLE, "gpx.malformed", file,
                    location == null ? "?" : String.valueOf(location.getLineNumber()),
                    location == null ? "?" : String.valueOf(location.getColumnNumber()), e.getMessage());
        }
        if (reader.assembler.isEmpty()) {
            throw new CgisException(IoMessages.BUNDLE, "gpx.empty", file);
        }
        return reader.assembler.build();
    }

    private void parse(InputStream in) throws XMLStreamException {
        XMLStreamReader xml = SafeXml.open(in);
        try {
            while (xml.hasNext() && xml.next() != XMLStreamConstants.START_ELEMENT) {
                // Skip the prolog.
            }
            if (!xml.isStartElement() || !xml.getLocalName().equals("gpx")) {
                throw new CgisException(IoMessages.BUNDLE, "gpx.notGpx", file,
                        xml.isStartElement() ? xml.getLocalName() : "-");
            }
            while (xml.hasNext()) {
                int event = xml.next();
                if (event != XMLStreamConstants.START_ELEMENT) {
                    continue;
                }
                switch (xml.getLocalName()) {
                    case "wpt" -> waypoint(xml);
                    case "rte" -> path(xml, "rte", "rtept", "routes");
                    case "trk" -> path(xml, "trk", "trkpt", "tracks");
                    default -> skip(xml);
                }
            }
        } finally {
            xml.close();
        }
    }

    private void waypoint(XMLStreamReader xml) throws XMLStreamException {
        long line = xml.getLocation().getLineNumber();
        GpxPoint point = point(xml, "wpt");
        if (point == null) {
            diagnostics.warn(IoMessages.BUNDLE, "gpx.badPoint", file, line);
            return;
        }
        Map<String, Object> attributes = new LinkedHashMap<>(point.attributes);
        attributes.put("ele_m", Double.isNaN(point.coordinate.z) ? null : point.coordinate.z);
        attributes.put("points", 1L);
        assembler.add("waypoints", factory.createPoint(point.coordinate), attributes);
    }

    /** Reads a route ({@code rte/rtept}) or track ({@code trk/trkseg/trkpt}). */
    private void path(XMLStreamReader xml, String element, String pointElement, String source)
            throws XMLStreamException {
        long line = xml.getLocation().getLineNumber();
        Map<String, Object> attributes = new LinkedHashMap<>();
        List<List<Coordinate>> segments = new ArrayList<>();
        List<Coordinate> current = new ArrayList<>();
        String firstTime = null;
        String lastTime = null;
        int skippedPoints = 0;
        while (xml.hasNext()) {
            int event = xml.next();
            if (event == XMLStreamConstants.END_ELEMENT) {
                if (xml.getLocalName().equals(element)) {
                    break;
                }
                if (xml.getLocalName().equals("trkseg")) {
                    segments.add(current);
                    current = new ArrayList<>();
                }
                continue;
            }
            if (event != XMLStreamConstants.START_ELEMENT) {
                continue;
            }
            String name = xml.getLocalName();
            if (name.equals(pointElement)) {
                GpxPoint point = point(xml, pointElement);
                if (point == null) {
                    skippedPoints++;
                    continue;
                }
                current.add(point.coordinate);
                Object time = point.attributes.get("time");
                if (time != null) {
                    firstTime = firstTime == null ? time.toString() : firstTime;
                    lastTime = time.toString();
                }
            } else if (name.equals("trkseg")) {
                current = new ArrayList<>();
            } else if (!readCommon(xml, name, attributes)) {
                skip(xml);
            }
        }
        if (!current.isEmpty()) {
            segments.add(current);
        }
        if (skippedPoints > 0) {
            diagnostics.warn(IoMessages.BUNDLE, "gpx.badPoints", file, line, skippedPoints);
        }
        List<LineString> lines = new ArrayList<>();
        int vertices = 0;
        for (List<Coordinate> segment : segments) {
            if (segment.size() >= 2) {
                lines.add(factory.createLineString(segment.toArray(new Coordinate[0])));
                vertices += segment.size();
            } else if (!segment.isEmpty()) {
                diagnostics.warn(IoMessages.BUNDLE, "gpx.shortSegment", file, line, element);
            }
        }
        if (lines.isEmpty()) {
            diagnostics.warn(IoMessages.BUNDLE, "gpx.noLine", file, line, element,
                    attributes.getOrDefault("name", "-"));
            return;
        }
        attributes.put("time", firstTime);
        attributes.put("end_time", lastTime);
        attributes.put("points", (long) vertices);
        Geometry geometry = element.equals("trk")
                ? factory.createMultiLineString(lines.toArray(new LineString[0]))
                : lines.get(0);
        assembler.add(source, geometry, attributes);
    }

    /** Reads a point element with lat/lon attributes; returns null when they are missing or not numbers. */
    private GpxPoint point(XMLStreamReader xml, String element) throws XMLStreamException {
        String lat = xml.getAttributeValue(null, "lat");
        String lon = xml.getAttributeValue(null, "lon");
        Map<String, Object> attributes = new LinkedHashMap<>();
        double ele = Double.NaN;
        while (xml.hasNext()) {
            int event = xml.next();
            if (event == XMLStreamConstants.END_ELEMENT && xml.getLocalName().equals(element)) {
                break;
            }
            if (event != XMLStreamConstants.START_ELEMENT) {
                continue;
            }
            String name = xml.getLocalName();
            if (name.equals("ele")) {
                ele = DxfEntity.parse(xml.getElementText(), Double.NaN);
            } else if (name.equals("time")) {
                attributes.put("time", xml.getElementText().trim());
            } else if (!readCommon(xml, name, attributes)) {
                skip(xml);
            }
        }
        try {
            double y = Double.parseDouble(lat.trim());
            double x = Double.parseDouble(lon.trim());
            if (Math.abs(y) > 90 || Math.abs(x) > 180) {
                return null;
            }
            return new GpxPoint(new Coordinate(x, y, ele), attributes);
        } catch (NumberFormatException | NullPointerException e) {
            return null;
        }
    }

    /** Reads name, desc, type and sym into {@code attributes}; returns false for other elements. */
    private static boolean readCommon(XMLStreamReader xml, String name, Map<String, Object> attributes)
            throws XMLStreamException {
        switch (name) {
            case "name" -> attributes.put("name", xml.getElementText().trim());
            case "desc" -> attributes.put("description", xml.getElementText().trim());
            case "type" -> attributes.put("type", xml.getElementText().trim());
            case "sym" -> attributes.put("symbol", xml.getElementText().trim());
            default -> {
                return false;
            }
        }
        return true;
    }

    private static void skip(XMLStreamReader xml) throws XMLStreamException {
        int depth = 1;
        while (depth > 0 && xml.hasNext()) {
            int event = xml.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                depth++;
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
            }
        }
    }

    private record GpxPoint(Coordinate coordinate, Map<String, Object> attributes) {
    }
}
