package org.communitygis.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import org.communitygis.core.CgisException;

/**
 * Detects the format of an input file from its content, with the file name only as a hint.
 *
 * <p>The checks, in order: gzip magic ({@code 1F 8B}, then the decompressed start is checked as OSM XML or
 * GeoJSON), zip magic ({@code PK 03 04}: SRTM when an entry ends in {@code .hgt}, Excel or KMZ as below,
 * otherwise rejected with the list of what a zip may contain), TIFF/BigTIFF magic
 * ({@code II*\0}, {@code MM\0*}, {@code II+\0}, {@code MM\0+}), the SQLite header
 * ({@code "SQLite format 3\0"}), XML whose root element is {@code <osm>}, JSON whose top-level
 * {@code "type"} is a GeoJSON type, and last a raw SRTM tile, recognized by its name ({@code N49E011.hgt})
 * together with its size (1201²·2 or 3601²·2 bytes). A UTF-8 byte order mark before XML or JSON is
 * accepted.
 *
 * <p>Tables and Shapefiles: a zip with an {@code xl/} entry is an Excel workbook, as is an OLE2 compound
 * file ({@code D0 CF 11 E0}, the older {@code .xls}). A file starting with the big-endian Shapefile file
 * code 9994 is a Shapefile, and so is a {@code .dbf}, {@code .shx}, {@code .prj} or {@code .cpg} file with
 * a {@code .shp} beside it. A {@code .dbf} without a {@code .shp} beside it is a stand-alone dBASE table
 * ({@link InputFormat#DBF}). A text file named {@code .csv}, {@code .tsv} or {@code .txt} that is not XML or
 * JSON is a CSV table.
 *
 * <p>CAD and GPS formats ({@link CadAndGpsFormats}): a DWG ({@code AC10nn} magic) or binary DXF is
 * rejected with advice to save it as ASCII DXF; an ASCII DXF starts with the pair {@code 0/SECTION} (after
 * optional {@code 999} comments); XML whose root is {@code <kml>} or {@code <gpx>} is KML or GPX, and a zip
 * with a {@code .kml} entry is KMZ.
 *
 * <p>Limits: the content checks read at most the first 64 KiB (after decompression) for XML and the
 * top-level members of a JSON object until {@code "type"}, so a JSON file whose {@code "type"} member follows
 * a large {@code "features"} array is scanned to that member. A GeoPackage is recognized as any SQLite
 * database, and the store module checks for the GeoPackage tables.
 */
public final class FormatDetector {
    private static final int PEEK_BYTES = 64 * 1024;
    private static final long SRTM3_BYTES = 1201L * 1201L * 2L;
    private static final long SRTM1_BYTES = 3601L * 3601L * 2L;
    private static final Pattern HGT_NAME = Pattern.compile("(?i)[NS]\\d{2}[EW]\\d{3}\\.hgt");
    private static final byte[] SQLITE_HEADER = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    private static final Set<String> GEOJSON_TYPES = Set.of("FeatureCollection", "Feature", "Point", "MultiPoint",
            "LineString", "MultiLineString", "Polygon", "MultiPolygon", "GeometryCollection");
    private static final JsonFactory JSON = new JsonFactory();

    private FormatDetector() {
    }

    /**
     * Returns the format of {@code file}.
     *
     * @throws CgisException when the file is missing, unreadable, empty, truncated or of no supported format;
     *     the message names the file and lists the supported formats
     */
    public static InputFormat detect(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString();
        long size;
        byte[] head;
        try {
            size = Files.size(file);
            head = readHead(file, PEEK_BYTES);
        } catch (NoSuchFileException e) {
            throw new CgisException(e, IoMessages.BUNDLE, "detect.notFound", file, InputFormat.supportedList());
        } catch (IOException e) {
            throw new CgisException(e, IoMessages.BUNDLE, "detect.unreadable", file, e.getMessage(),
                    InputFormat.supportedList());
        }
        if (size == 0) {
            throw new CgisException(IoMessages.BUNDLE, "detect.empty", file, InputFormat.supportedList());
        }

        InputFormat cad = CadAndGpsFormats.detect(file, head);
        if (cad != null) {
            return cad;
        }
        if (startsWith(head, (byte) 0x1F, (byte) 0x8B)) {
            return detectGzip(file, name);
        }
        if (startsWith(head, (byte) 'P', (byte) 'K', (byte) 3, (byte) 4)) {
            return detectZip(file);
        }
        if (startsWith(head, (byte) 'I', (byte) 'I', (byte) 42, (byte) 0)
                || startsWith(head, (byte) 'M', (byte) 'M', (byte) 0, (byte) 42)
                || startsWith(head, (byte) 'I', (byte) 'I', (byte) 43, (byte) 0)
                || startsWith(head, (byte) 'M', (byte) 'M', (byte) 0, (byte) 43)) {
            return InputFormat.GEOTIFF;
        }
        if (startsWith(head, SQLITE_HEADER)) {
            return InputFormat.GEOPACKAGE;
        }
        InputFormat table = detectTableOrShapefile(file, name, head);
        if (table != null) {
            return table;
        }
        InputFormat text = detectText(head, file, name);
        if (text != null) {
            return text;
        }
        if (HGT_NAME.matcher(name).matches()) {
            if (size == SRTM3_BYTES || size == SRTM1_BYTES) {
                return InputFormat.SRTM_HGT;
            }
            throw new CgisException(IoMessages.BUNDLE, "detect.hgtSize", file, size, SRTM3_BYTES, SRTM1_BYTES);
        }
        throw unknown(file, name);
    }

    private static InputFormat detectGzip(Path file, String name) {
        byte[] inner;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            inner = in.readNBytes(PEEK_BYTES);
        } catch (EOFException | ZipException e) {
            throw new CgisException(e, IoMessages.BUNDLE, "detect.truncated", file, InputFormat.supportedList());
        } catch (IOException e) {
            throw new CgisException(e, IoMessages.BUNDLE, "detect.unreadable", file, e.getMessage(),
                    InputFormat.supportedList());
        }
        if (inner.length == 0) {
            throw new CgisException(IoMessages.BUNDLE, "detect.empty", file, InputFormat.supportedList());
        }
        InputFormat text = detectText(inner, file, name);
        if (text != null) {
            return text;
        }
        throw unknown(file, name);
    }

    private static InputFormat detectZip(Path file) {
        boolean anyEntry = false;
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(file))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                anyEntry = true;
                if (entry.getName().toLowerCase(Locale.ROOT).endsWith(".hgt")) {
                    return InputFormat.SRTM_HGT;
                }
                if (entry.getName().startsWith("xl/")) {
                    return InputFormat.EXCEL;
                }
                if (entry.getName().toLowerCase(Locale.ROOT).endsWith(".kml")) {
                    return InputFormat.KML;
                }
            }
        } catch (EOFException | ZipException e) {
            throw new CgisException(e, IoMessages.BUNDLE, "detect.truncated", file, InputFormat.supportedList());
        } catch (IOException e) {
            throw new CgisException(e, IoMessages.BUNDLE, "detect.unreadable", file, e.getMessage(),
                    InputFormat.supportedList());
        }
        if (!anyEntry) {
            throw new CgisException(IoMessages.BUNDLE, "detect.truncated", file, InputFormat.supportedList());
        }
        throw new CgisException(IoMessages.BUNDLE, "detect.zipUnsupported", file, InputFormat.supportedList());
    }

    /** Returns OSM_XML or GEOJSON for text content, or null when the bytes are neither. */
    private static InputFormat detectText(byte[] bytes, Path file, String name) {
        int start = skipBomAndWhitespace(bytes);
        if (start >= bytes.length) {
            return null;
        }
        if (bytes[start] == '<') {
            String text = new String(bytes, start, bytes.length - start, StandardCharsets.UTF_8);
            return firstElementIsOsm(text) ? InputFormat.OSM_XML : CadAndGpsFormats.xmlRoot(text);
        }
        if (bytes[start] == '{') {
            return isGeoJson(bytes, start, file, name) ? InputFormat.GEOJSON : null;
        }
        return null;
    }

    /** Returns whether the first element after the XML declaration, comments and doctype is {@code <osm>}. */
    private static boolean firstElementIsOsm(String text) {
        int index = 0;
        while (index < text.length()) {
            int open = text.indexOf('<', index);
            if (open < 0 || open + 1 >= text.length()) {
                return false;
            }
            char next = text.charAt(open + 1);
            if (next == '?' || next == '!') {
                int close = next == '!' && text.startsWith("<!--", open) ? text.indexOf("-->", open) : text.indexOf('>', open);
                if (close < 0) {
                    return false;
                }
                index = close + 1;
                continue;
            }
            return text.startsWith("<osm", open) && open + 4 < text.length()
                    && (Character.isWhitespace(text.charAt(open + 4)) || text.charAt(open + 4) == '>');
        }
        return false;
    }

    /**
     * Returns whether the top-level JSON object has a GeoJSON {@code "type"}. The object is read from the
     * whole file (plain or gzip) when the peeked bytes end before its {@code "type"} member.
     */
    private static boolean isGeoJson(byte[] head, int start, Path file, String name) {
        try (JsonParser parser = JSON.createParser(new ByteArrayInputStream(head, start, head.length - start))) {
            Boolean verdict = scanTopLevelType(parser);
            if (verdict != null) {
                return verdict;
            }
        } catch (IOException e) {
            // The peeked bytes end inside the object or the JSON is broken, so the whole file is read below.
        }
        try (InputStream in = GzipSupport.open(file); JsonParser parser = JSON.createParser(in)) {
            Boolean verdict = scanTopLevelType(parser);
            return verdict != null && verdict;
        } catch (IOException e) {
            if (name.toLowerCase(Locale.ROOT).matches(".*\\.(geo)?json(\\.gz)?")) {
                // The extension is that of GeoJSON, so the reader reports the syntax error with its line and column.
                return true;
            }
            return false;
        }
    }

    /** Returns TRUE/FALSE once the top-level "type" is read, null when the object ends without one. */
    private static Boolean scanTopLevelType(JsonParser parser) throws IOException {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            return false;
        }
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if ("type".equals(field)) {
                return value == JsonToken.VALUE_STRING && GEOJSON_TYPES.contains(parser.getText());
            }
            parser.skipChildren();
        }
        return null;
    }

    /** Returns EXCEL (OLE2), SHAPEFILE or CSV, or null when the file is not one of these. */
    private static InputFormat detectTableOrShapefile(Path file, String name, byte[] head) {
        if (startsWith(head, (byte) 0xD0, (byte) 0xCF, (byte) 0x11, (byte) 0xE0)) {
            return InputFormat.EXCEL;
        }
        if (startsWith(head, (byte) 0, (byte) 0, (byte) 0x27, (byte) 0x0A)) {
            return InputFormat.SHAPEFILE;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.matches(".*\\.(dbf|shx|prj|cpg)") && ShapefileReader.shpBeside(file).isPresent()) {
            return InputFormat.SHAPEFILE;
        }
        if (lower.endsWith(".dbf") && isDbaseHeader(head)) {
            return InputFormat.DBF;
        }
        if (lower.matches(".*\\.(csv|tsv|txt)") && detectText(head, file, name) == null) {
            for (byte b : head) {
                if (b == 0) {
                    return null;
                }
            }
            return InputFormat.CSV;
        }
        return null;
    }

    /**
     * Returns whether {@code head} starts like a dBASE III to 7 table: a known version byte, and header and
     * record lengths that leave room for at least one column.
     */
    private static boolean isDbaseHeader(byte[] head) {
        if (head.length < 32) {
            return false;
        }
        int version = head[0] & 0xFF;
        boolean knownVersion = version == 0x02 || version == 0x03 || version == 0x04 || version == 0x30
                || version == 0x31 || version == 0x83 || version == 0x8B || version == 0xF5;
        int headerLength = (head[8] & 0xFF) | (head[9] & 0xFF) << 8;
        int recordLength = (head[10] & 0xFF) | (head[11] & 0xFF) << 8;
        return knownVersion && headerLength >= 65 && recordLength >= 2;
    }

    private static CgisException unknown(Path file, String name) {
        return new CgisException(IoMessages.BUNDLE, "detect.unknown", file, InputFormat.supportedList());
    }

    private static byte[] readHead(Path file, int max) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(max);
        }
    }

    private static int skipBomAndWhitespace(byte[] bytes) {
        int index = 0;
        if (bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF) {
            index = 3;
        }
        while (index < bytes.length && (bytes[index] == ' ' || bytes[index] == '\t' || bytes[index] == '\r'
                || bytes[index] == '\n')) {
            index++;
        }
        return index;
    }

    private static boolean startsWith(byte[] bytes, byte... prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
