package org.communitygis.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.sis.io.wkt.Convention;
import org.apache.sis.io.wkt.WKTFormat;
import org.communitygis.core.CgisException;
import org.communitygis.core.Diagnostics;
import org.communitygis.core.crs.Crs;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.feature.GeometryKind;
import org.locationtech.jts.algorithm.Orientation;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.opengis.referencing.crs.CoordinateReferenceSystem;
import org.opengis.util.FactoryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a layer as an ESRI Shapefile: {@code .shp}, {@code .shx}, {@code .dbf} (see {@link DbfWriter}),
 * {@code .prj} and {@code .cpg}, in the layer's CRS. Attribute text is UTF-8 unless another encoding is given;
 * the {@code .cpg} names it ({@code UTF-8}, or the Windows code page number such as {@code 936} for GBK, which
 * ArcGIS, GDAL and QGIS read).
 *
 * <p>Shape types follow the ESRI Shapefile Technical Description (July 1998): POINT → Point (1), MULTIPOINT →
 * MultiPoint (8), LINESTRING and MULTILINESTRING → PolyLine (3), POLYGON and MULTIPOLYGON → Polygon (5), with
 * outer rings clockwise and holes counter-clockwise. Empty geometries become Null shapes (0). A GEOMETRY layer
 * (mixed types) is rejected because a Shapefile contains one shape type. Z and M values are not written.
 *
 * <p>The {@code .prj} is WKT 1 from Apache SIS in its {@link Convention#WKT1_IGNORE_AXES} convention (no
 * AXIS elements, units as GDAL and ESRI software read them). It keeps EPSG's names, not ESRI's
 * ({@code GCS_WGS_1984}), which GDAL and QGIS accept.
 *
 * <p>Limits: the {@code .shp} must stay below 4 GiB (lengths are 32-bit counts of 16-bit words). Each file is
 * replaced atomically on its own, but the set of five files is not replaced as one.
 */
public final class ShapefileWriter {
    private static final Logger LOG = LoggerFactory.getLogger(ShapefileWriter.class);
    private static final int HEADER_BYTES = 100;
    private static final int FILE_CODE = 9994;
    private static final int VERSION = 1000;
    private static final long MAX_WORDS = Integer.MAX_VALUE;

    private ShapefileWriter() {
    }

    /** Writes {@code layer} to {@code shp} and its sibling files, logging warnings. */
    public static void write(FeatureLayer layer, Path shp) {
        write(layer, shp, new Diagnostics(message -> LOG.warn("{}", message.english())));
    }

    /**
     * Writes {@code layer} to {@code shp} ({@code .shp} is appended when missing) and the {@code .shx},
     * {@code .dbf}, {@code .prj} and {@code .cpg} beside it.
     *
     * @throws CgisException when the layer is of kind GEOMETRY, too large for the format, or a write fails
     */
    public static void write(FeatureLayer layer, Path shp, Diagnostics diagnostics) {
        write(layer, shp, StandardCharsets.UTF_8, diagnostics);
    }

    /**
     * Writes {@code layer} like {@link #write(FeatureLayer, Path, Diagnostics)}, with attribute text and field
     * names in {@code charset} (e.g. {@link TextEncodings#GBK} for software that cannot read UTF-8).
     */
    public static void write(FeatureLayer layer, Path shp, Charset charset, Diagnostics diagnostics) {
        int shapeType = shapeType(layer);
        String fileName = shp.getFileName().toString();
        String base = fileName.toLowerCase(Locale.ROOT).endsWith(".shp")
                ? fileName.substring(0, fileName.length() - 4) : fileName;
        Path folder = shp.toAbsolutePath().getParent();

        List<Feature> features = layer.features();
        int[] contentWords = new int[features.size()];
        long shpWords = HEADER_BYTES / 2;
        for (int i = 0; i < contentWords.length; i++) {
            long bytes = contentBytes(shapeType, features.get(i).geometry());
            if (bytes / 2 > MAX_WORDS) {
                throw new CgisException(IoMessages.BUNDLE, "shp.tooLarge", layer.name(), shp);
            }
            contentWords[i] = (int) (bytes / 2);
            shpWords += 4 + contentWords[i];
        }
        if (shpWords > MAX_WORDS) {
            throw new CgisException(IoMessages.BUNDLE, "shp.tooLarge", layer.name(), shp);
        }
        long shxWords = HEADER_BYTES / 2 + 4L * features.size();
        Envelope envelope = layer.envelope();
        long totalShpWords = shpWords;

        DbfWriter dbf = new DbfWriter(layer, charset, diagnostics);
        String codePage = cpgName(charset);
        AtomicFiles.write(folder.resolve(base + ".dbf"), temporary -> {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temporary), 1 << 16)) {
                dbf.write(out);
            }
        });
        AtomicFiles.write(folder.resolve(base + ".cpg"),
                temporary -> Files.writeString(temporary, codePage, StandardCharsets.US_ASCII));
        String prj = prj(layer, diagnostics);
        if (prj != null) {
            AtomicFiles.write(folder.resolve(base + ".prj"),
                    temporary -> Files.writeString(temporary, prj, StandardCharsets.UTF_8));
        }
        AtomicFiles.write(folder.resolve(base + ".shx"), temporary -> {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temporary), 1 << 16)) {
                out.write(header(shapeType, shxWords, envelope));
                ByteBuffer entry = ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN);
                long offset = HEADER_BYTES / 2;
                for (int words : contentWords) {
                    entry.clear();
                    entry.putInt((int) offset).putInt(words);
                    out.write(entry.array());
                    offset += 4 + words;
                }
            }
        });
        AtomicFiles.write(folder.resolve(base + ".shp"), temporary -> {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temporary), 1 << 16)) {
                out.write(header(shapeType, totalShpWords, envelope));
                for (int i = 0; i < contentWords.length; i++) {
                    out.write(record(i + 1, shapeType, contentWords[i], features.get(i).geometry()));
                }
            }
        });
    }

    private static String cpgName(Charset charset) {
        if (charset.equals(StandardCharsets.UTF_8)) {
            return "UTF-8";
        }
        return charset.equals(TextEncodings.GBK) ? "936" : charset.name();
    }

    private static int shapeType(FeatureLayer layer) {
        GeometryKind kind = layer.kind();
        switch (kind) {
            case POINT:
                return 1;
            case MULTIPOINT:
                return 8;
            case LINESTRING:
            case MULTILINESTRING:
                return 3;
            case POLYGON:
            case MULTIPOLYGON:
                return 5;
            default:
                throw new CgisException(IoMessages.BUNDLE, "shp.mixedGeometry", layer.name());
        }
    }

    /** Returns the byte length of a record's content (without the 8-byte record header). */
    private static long contentBytes(int shapeType, Geometry geometry) {
        if (geometry == null || geometry.isEmpty()) {
            return 4;
        }
        long points = geometry.getNumPoints();
        switch (shapeType) {
            case 1:
                return 20;
            case 8:
                return 40 + 16 * points;
            default:
                return 44 + 4L * parts(geometry).size() + 16 * points;
        }
    }

    /** Returns the parts of a line or polygon geometry, rings oriented as the Shapefile format requires. */
    private static List<CoordinateSequence> parts(Geometry geometry) {
        List<CoordinateSequence> parts = new ArrayList<>();
        for (int i = 0; i < geometry.getNumGeometries(); i++) {
            Geometry part = geometry.getGeometryN(i);
            if (part.isEmpty()) {
                continue;
            }
            if (part instanceof LineString line) {
                parts.add(line.getCoordinateSequence());
            } else if (part instanceof Polygon polygon) {
                parts.add(oriented(polygon.getExteriorRing().getCoordinateSequence(), false));
                for (int h = 0; h < polygon.getNumInteriorRing(); h++) {
                    parts.add(oriented(polygon.getInteriorRingN(h).getCoordinateSequence(), true));
                }
            }
        }
        return parts;
    }

    private static CoordinateSequence oriented(CoordinateSequence ring, boolean counterClockwise) {
        if (Orientation.isCCW(ring) == counterClockwise) {
            return ring;
        }
        CoordinateSequence reversed = ring.copy();
        org.locationtech.jts.geom.CoordinateSequences.reverse(reversed);
        return reversed;
    }

    private static byte[] header(int shapeType, long fileWords, Envelope envelope) {
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
        header.order(ByteOrder.BIG_ENDIAN).putInt(FILE_CODE);
        header.position(24);
        header.putInt((int) fileWords);
        header.order(ByteOrder.LITTLE_ENDIAN).putInt(VERSION).putInt(shapeType);
        boolean empty = envelope.isNull();
        header.putDouble(empty ? 0 : envelope.getMinX()).putDouble(empty ? 0 : envelope.getMinY());
        header.putDouble(empty ? 0 : envelope.getMaxX()).putDouble(empty ? 0 : envelope.getMaxY());
        header.putDouble(0).putDouble(0).putDouble(0).putDouble(0);
        return header.array();
    }

    private static byte[] record(int number, int shapeType, int contentWords, Geometry geometry) {
        ByteBuffer record = ByteBuffer.allocate(8 + 2 * contentWords);
        record.order(ByteOrder.BIG_ENDIAN).putInt(number).putInt(contentWords);
        record.order(ByteOrder.LITTLE_ENDIAN);
        if (geometry == null || geometry.isEmpty()) {
            record.putInt(0);
            return record.array();
        }
        record.putInt(shapeType);
        if (shapeType == 1) {
            Point point = (Point) geometry;
            record.putDouble(point.getX()).putDouble(point.getY());
            return record.array();
        }
        Envelope box = geometry.getEnvelopeInternal();
        record.putDouble(box.getMinX()).putDouble(box.getMinY()).putDouble(box.getMaxX()).putDouble(box.getMaxY());
        if (shapeType == 8) {
            record.putInt(geometry.getNumPoints());
            for (int i = 0; i < geometry.getNumGeometries(); i++) {
                Point point = (Point) geometry.getGeometryN(i);
                if (!point.isEmpty()) {
                    record.putDouble(point.getX()).putDouble(point.getY());
                }
            }
            return record.array();
        }
        List<CoordinateSequence> parts = parts(geometry);
        int points = 0;
        for (CoordinateSequence part : parts) {
            points += part.size();
        }
        record.putInt(parts.size()).putInt(points);
        int start = 0;
        for (CoordinateSequence part : parts) {
            record.putInt(start);
            start += part.size();
        }
        for (CoordinateSequence part : parts) {
            for (int i = 0; i < part.size(); i++) {
                record.putDouble(part.getX(i)).putDouble(part.getY(i));
            }
        }
        return record.array();
    }

    /** Returns the {@code .prj} text, or null with a warning when SIS cannot express the CRS in WKT 1. */
    static String prj(FeatureLayer layer, Diagnostics diagnostics) {
        try {
            String code = Crs.normalizeCode(layer.crs());
            // CRS:84 is written as EPSG:4326, which GDAL and ESRI software recognize. Without AXIS elements
            // the two are the same, and Shapefile coordinates are always longitude first.
            String epsg = code.equals(Crs.CRS84) ? Crs.WGS84 : code;
            CoordinateReferenceSystem crs = org.apache.sis.referencing.CRS.forCode(epsg);
            WKTFormat format = new WKTFormat(Locale.ROOT, null);
            format.setConvention(Convention.WKT1_IGNORE_AXES);
            format.setIndentation(WKTFormat.SINGLE_LINE);
            String wkt = format.format(crs);
            if (format.getWarnings() != null) {
                LOG.debug("WKT 1 of {} written with warnings: {}", code, format.getWarnings());
            }
            return wkt;
        } catch (FactoryException | CgisException | IllegalArgumentException e) {
            diagnostics.warn(IoMessages.BUNDLE, "shp.noPrj", layer.name(), layer.crs(), String.valueOf(e.getMessage()));
            return null;
        }
    }
}
