package org.communitygis.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
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
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.util.GeometryFixer;

/**
 * Reads KML 2.2 ({@code .kml}) and KMZ (a zip holding {@code doc.kml}, else its first {@code .kml} entry)
 * into layers, one per folder and geometry family (see {@link LayerAssembler} for the names), in CRS:84
 * (longitude, latitude, optional altitude in m as z).
 *
 * A plain {@code .kml} may also be gzip-compressed.
 *
 * <p>Placemarks with Point, LineString, LinearRing (read as a line), Polygon (outer and inner boundaries),
 * MultiGeometry (split by family, so one placemark may appear in the points and the lines layer) and
 * {@code gx:Track}/{@code gx:MultiTrack} (read as lines through their {@code gx:coord}) are read. A
 * placemark with another geometry, such as Model, or without one is skipped with a warning that names it.
 *
 * <p>Layers: the source name is the innermost Folder's {@code name}, else the Document's, else the file
 * name. Fields: {@code name}, {@code description}, {@code folder} (the folder names from the top, joined
 * with {@code /}), {@code time} (TimeStamp {@code when}), then ExtendedData {@code Data} and
 * {@code SchemaData/SimpleData} values under their own names (a name that clashes with a fixed field gets
 * the prefix {@code data_}), typed as {@link LayerAssembler} infers.
 *
 * <p>The XML is read with the JDK's StAX parser with DTDs and external entities disabled ({@link SafeXml}).
 */
public final class KmlReader {
    private static final List<Field> FIELDS = List.of(new Field("name", FieldType.STRING),
            new Field("description", FieldType.STRING), new Field("folder", FieldType.STRING),
            new Field("time", FieldType.STRING));

    private final Path file;
    private final Diagnostics diagnostics;
    private final GeometryFactory factory = new GeometryFactory();
    private final LayerAssembler assembler = new LayerAssembler(Crs.CRS84, FIELDS);
    private final Deque<String> folders = new ArrayDeque<>();
    private String documentName;
    private int placemarks;

    private KmlReader(Path file, Diagnostics diagnostics) {
        this.file = file;
        this.diagnostics = diagnostics;
    }

    /**
     * Reads a KML or KMZ file.
     *
     * @throws CgisException when the file is missing, unreadable, not well-formed XML (with line and column),
     *     not KML, a KMZ without a {@code .kml} entry, or without any readable placemark
     */
    public static List<SourceLayer> read(Path file, Diagnostics diagnostics) {
        KmlReader reader = new KmlReader(file, diagnostics);
        try (InputStream in = open(file)) {
            reader.parse(in);
        } catch (NoSuchFileException e) {
            throw new CgisException(e, IoMessages.BUNDLE, "read.notFound", file);
        } catch (ZipException e) {
            throw new CgisException(e, IoMessages.BUNDLE, "read.truncated", file);
        } catch (IOException e) {
            throw new CgisException(e, IoMessages.BUNDLE, "read.failed", file, e.getMessage());
        } catch (XMLStreamException e) {
            Location location = e.getLocation();
            throw new CgisException(e, IoMessages.BUNDLE, "kml.malformed", file,
                    location == null ? "?" : String.valueOf(location.getLineNumber()),
                    location == null ? "?" : String.valueOf(location.getColumnNumber()), e.getMessage());
        }
        if (reader.assembler.isEmpty()) {
            throw new CgisException(IoMessages.BUNDLE, "kml.noPlacemarks", file, reader.placemarks);
        }
        return reader.assembler.build();
    }

    /** Opens the KML text of {@code file}: the file itself, or the KML entry of a KMZ. */
    private static InputStream open(Path file) throws IOException {
        InputStream raw = Files.newInputStream(file);
        byte[] magic = raw.readNBytes(4);
        raw.close();
        if (magic.length < 4 || magic[0] != 'P' || magic[1] != 'K') {
            return GzipSupport.open(file);
        }
        String entryName = kmzEntry(file);
        ZipInputStream zip = new ZipInputStream(Files.newInputStream(file));
        for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
            if (entry.getName().equals(entryName)) {
                return zip;
            }
        }
        zip.close();
        throw new ZipException("entry " + entryName + " vanished");
    }

    /** Returns {@code doc.kml} when the KMZ has it at its root, else its first {@code .kml} entry. */
    private static String kmzEntry(Path file) throws IOException {
        String first = null;
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(file))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                String name = entry.getName();
                if (name.equalsIgnoreCase("doc.kml")) {
                    return name;
                }
                if (first == null && name.toLowerCase(Locale.ROOT).endsWith(".kml")) {
                    first = name;
                }
            }
        }
        if (first == null) {
            throw new CgisException(IoMessages.BUNDLE, "kml.kmzWithoutKml", file);
        }
        return first;
    }

    private void parse(InputStream in) throws XMLStreamException {
        XMLStreamReader xml = SafeXml.open(in);
        try {
            while (xml.hasNext() && xml.next() != XMLStreamConstants.START_ELEMENT) {
                // Skip the prolog.
            }
            if (!xml.isStartElement() || !xml.getLocalName().equals("kml")) {
                throw new CgisException(IoMessages.BUNDLE, "kml.notKml", file,
                        xml.isStartElement() ? xml.getLocalName() : "-");
            }
            containers(xml);
        } finally {
            xml.close();
        }
    }

    /** Walks Document and Folder elements below the current element, reading each Placemark. */
    private void containers(XMLStreamReader xml) throws XMLStreamException {
        int depth = 1;
        Deque<Boolean> isFolder = new ArrayDeque<>();
        while (depth > 0 && xml.hasNext()) {
            int event = xml.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                String name = xml.getLocalName();
                if (name.equals("Placemark")) {
                    placemark(xml);
                    continue;
                }
                depth++;
                boolean folder = name.equals("Folder") || name.equals("Document");
                isFolder.push(folder);
                if (folder) {
                    folders.push("");
                } else if (name.equals("name") && !folders.isEmpty() && folders.peek().isEmpty()) {
                    String text = xml.getElementText().trim();
                    depth--;
                    isFolder.pop();
                    folders.pop();
                    folders.push(text.isEmpty() ? " " : text);
                    if (folders.size() == 1 && documentName == null) {
                        documentName = text;
                    }
                } else if (!name.equals("kml")) {
                    skip(xml);
                    depth--;
                    isFolder.pop();
                }
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
                if (depth > 0 && isFolder.pop()) {
                    folders.pop();
                }
            }
        }
    }

    private void placemark(XMLStreamReader xml) throws XMLStreamException {
        placemarks++;
        Map<String, Object> attributes = new LinkedHashMap<>();
        List<Geometry> geometries = new ArrayList<>();
        List<String> unsupported = new ArrayList<>();
        long line = xml.getLocation().getLineNumber();
        while (xml.hasNext()) {
            int event = xml.next();
            if (event == XMLStreamConstants.END_ELEMENT && xml.getLocalName().equals("Placemark")) {
                break;
            }
            if (event != XMLStreamConstants.START_ELEMENT) {
                continue;
            }
            switch (xml.getLocalName()) {
                case "name" -> attributes.put("name", xml.getElementText().trim());
                case "description" -> attributes.put("description", xml.getElementText().trim());
                case "TimeStamp" -> attributes.put("time", childText(xml, "when"));
                case "ExtendedData" -> extendedData(xml, attributes);
                case "Point", "LineString", "LinearRing", "Polygon", "MultiGeometry", "Track", "MultiTrack",
                        "Model" -> geometry(xml, geometries, unsupported);
                default -> skip(xml);
            }
        }
        String label = attributes.get("name") == null ? "#" + placemarks : "\"" + attributes.get("name") + "\"";
        if (!unsupported.isEmpty()) {
            diagnostics.warn(IoMessages.BUNDLE, "kml.unsupportedGeometry", file, line, label,
                    String.join(", ", unsupported));
        }
        if (geometries.isEmpty()) {
            if (unsupported.isEmpty()) {
                diagnostics.warn(IoMessages.BUNDLE, "kml.noGeometry", file, line, label);
            }
            return;
        }
        attributes.put("folder", folderPath());
        String source = folders.isEmpty() || folders.peek().isBlank() ? fileSource() : folders.peek();
        for (Geometry geometry : byFamily(geometries)) {
            assembler.add(source, geometry, attributes);
        }
    }

    private void geometry(XMLStreamReader xml, List<Geometry> out, List<String> unsupported)
            throws XMLStreamException {
        String name = xml.getLocalName();
        switch (name) {
            case "Point" -> {
                List<Coordinate> coordinates = coordinates(childText(xml, "coordinates"));
                if (!coordinates.isEmpty()) {
                    out.add(factory.createPoint(coordinates.get(0)));
                }
            }
            case "LineString", "LinearRing" -> {
                List<Coordinate> coordinates = coordinates(childText(xml, "coordinates"));
                if (coordinates.size() >= 2) {
                    out.add(factory.createLineString(coordinates.toArray(new Coordinate[0])));
                }
            }
            case "Polygon" -> polygon(xml, out);
            case "MultiGeometry" -> {
                while (xml.hasNext()) {
                    int event = xml.next();
                    if (event == XMLStreamConstants.END_ELEMENT && xml.getLocalName().equals("MultiGeometry")) {
                        break;
                    }
                    if (event == XMLStreamConstants.START_ELEMENT) {
                        geometry(xml, out, unsupported);
                    }
                }
            }
            case "Track" -> track(xml, out);
            case "MultiTrack" -> {
                while (xml.hasNext()) {
                    int event = xml.next();
                    if (event == XMLStreamConstants.END_ELEMENT && xml.getLocalName().equals("MultiTrack")) {
                        break;
                    }
                    if (event == XMLStreamConstants.START_ELEMENT) {
                        if (xml.getLocalName().equals("Track")) {
                            track(xml, out);
                        } else {
                            skip(xml);
                        }
                    }
                }
            }
            default -> {
                unsupported.add(name);
                skip(xml);
            }
        }
    }

    private void polygon(XMLStreamReader xml, List<Geometry> out) throws XMLStreamException {
        LinearRing shell = null;
        List<LinearRing> holes = new ArrayList<>();
        boolean outer = false;
        while (xml.hasNext()) {
            int event = xml.next();
            if (event == XMLStreamConstants.END_ELEMENT && xml.getLocalName().equals("Polygon")) {
                break;
            }
            if (event != XMLStreamConstants.START_ELEMENT) {
                continue;
            }
            String name = xml.getLocalName();
            if (name.equals("outerBoundaryIs")) {
                outer = true;
            } else if (name.equals("innerBoundaryIs")) {
                outer = false;
            } else if (name.equals("coordinates")) {
                List<Coordinate> ring = coordinates(xml.getElementText());
                if (ring.size() >= 3 && !ring.get(0).equals2D(ring.get(ring.size() - 1))) {
                    ring.add(new Coordinate(ring.get(0)));
                }
                if (ring.size() < 4) {
                    continue;
                }
                LinearRing linearRing = factory.createLinearRing(ring.toArray(new Coordinate[0]));
                if (outer) {
                    shell = linearRing;
                } else {
                    holes.add(linearRing);
                }
            }
        }
        if (shell != null) {
            Polygon polygon = factory.createPolygon(shell, holes.toArray(new LinearRing[0]));
            out.add(polygon.isValid() ? polygon : GeometryFixer.fix(polygon));
        }
    }

    /** Reads a {@code gx:Track}: {@code gx:coord} elements hold "lon lat alt" separated by spaces. */
    private void track(XMLStreamReader xml, List<Geometry> out) throws XMLStreamException {
        List<Coordinate> points = new ArrayList<>();
        while (xml.hasNext()) {
            int event = xml.next();
            if (event == XMLStreamConstants.END_ELEMENT && xml.getLocalName().equals("Track")) {
                break;
            }
            if (event == XMLStreamConstants.START_ELEMENT && xml.getLocalName().equals("coord")) {
                String[] parts = xml.getElementText().trim().split("\\s+");
                if (parts.length >= 2) {
                    try {
                        double z = parts.length >= 3 ? Double.parseDouble(parts[2]) : Double.NaN;
                        points.add(new Coordinate(Double.parseDouble(parts[0]), Double.parseDouble(parts[1]), z));
                    } catch (NumberFormatException e) {
                        // An unreadable coordinate is left out of the track.
                    }
                }
            }
        }
        if (points.size() >= 2) {
            out.add(factory.createLineString(points.toArray(new Coordinate[0])));
        } else if (points.size() == 1) {
            out.add(factory.createPoint(points.get(0)));
        }
    }

    private void extendedData(XMLStreamReader xml, Map<String, Object> attributes) throws XMLStreamException {
        while (xml.hasNext()) {
            int event = xml.next();
            if (event == XMLStreamConstants.END_ELEMENT && xml.getLocalName().equals("ExtendedData")) {
                return;
            }
            if (event != XMLStreamConstants.START_ELEMENT) {
                continue;
            }
            String element = xml.getLocalName();
            if (element.equals("Data")) {
                String key = xml.getAttributeValue(null, "name");
                String value = childText(xml, "value");
                putData(attributes, key, value);
            } else if (element.equals("SimpleData")) {
                String key = xml.getAttributeValue(null, "name");
                putData(attributes, key, xml.getElementText().trim());
            }
        }
    }

    private static void putData(Map<String, Object> attributes, String key, String value) {
        if (key == null || key.isBlank()) {
            return;
        }
        String trimmed = key.trim();
        boolean clashes = FIELDS.stream().anyMatch(f -> f.name().equals(trimmed));
        attributes.put(clashes ? "data_" + trimmed : trimmed, value);
    }

    /** Returns the text of the first {@code child} element below the current one, and moves past the current one's end. */
    private static String childText(XMLStreamReader xml, String child) throws XMLStreamException {
        String text = null;
        int depth = 1;
        while (depth > 0 && xml.hasNext()) {
            int event = xml.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                if (text == null && xml.getLocalName().equals(child)) {
                    text = xml.getElementText().trim();
                } else {
                    depth++;
                }
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
            }
        }
        return text;
    }

    /** Skips the current element and its content. */
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

    /** Parses KML coordinates: tuples "lon,lat[,alt]" separated by white space. */
    private static List<Coordinate> coordinates(String text) {
        List<Coordinate> result = new ArrayList<>();
        if (text == null) {
            return result;
        }
        for (String tuple : text.trim().replaceAll("\\s*,\\s*", ",").split("\\s+")) {
            String[] parts = tuple.split(",");
            if (parts.length < 2) {
                continue;
            }
            try {
                double z = parts.length >= 3 && !parts[2].isEmpty() ? Double.parseDouble(parts[2]) : Double.NaN;
                result.add(new Coordinate(Double.parseDouble(parts[0]), Double.parseDouble(parts[1]), z));
            } catch (NumberFormatException e) {
                // A tuple that is not numeric is left out.
            }
        }
        return result;
    }

    /** Returns one geometry per family: the points, the lines and the polygons of a placemark. */
    private List<Geometry> byFamily(List<Geometry> geometries) {
        List<Point> points = new ArrayList<>();
        List<LineString> lines = new ArrayList<>();
        List<Polygon> polygons = new ArrayList<>();
        for (Geometry geometry : geometries) {
            for (int i = 0; i < geometry.getNumGeometries(); i++) {
                Geometry part = geometry.getGeometryN(i);
                if (part instanceof Point point) {
                    points.add(point);
                } else if (part instanceof LineString line) {
                    lines.add(line);
                } else if (part instanceof Polygon polygon) {
                    polygons.add(polygon);
                }
            }
        }
        List<Geometry> result = new ArrayList<>();
        if (!points.isEmpty()) {
            result.add(points.size() == 1 ? points.get(0) : factory.createMultiPoint(points.toArray(new Point[0])));
        }
        if (!lines.isEmpty()) {
            result.add(lines.size() == 1 ? lines.get(0)
                    : factory.createMultiLineString(lines.toArray(new LineString[0])));
        }
        if (!polygons.isEmpty()) {
            result.add(polygons.size() == 1 ? polygons.get(0)
                    : factory.createMultiPolygon(polygons.toArray(new Polygon[0])));
        }
        return result;
    }

    private String folderPath() {
        List<String> names = new ArrayList<>(folders);
        java.util.Collections.reverse(names);
        names.removeIf(String::isBlank);
        return String.join("/", names);
    }

    private String fileSource() {
        if (documentName != null && !documentName.isBlank()) {
            return documentName;
        }
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
