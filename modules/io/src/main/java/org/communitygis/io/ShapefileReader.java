package org.communitygis.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.communitygis.core.CgisException;
import org.communitygis.core.Diagnostics;
import org.communitygis.core.crs.Crs;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.feature.Field;
import org.communitygis.core.feature.GeometryKind;
import org.locationtech.jts.algorithm.Orientation;
import org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.util.GeometryFixer;
import org.locationtech.jts.operation.valid.IsValidOp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads an ESRI Shapefile ({@code .shp} with {@code .shx}, {@code .dbf}, {@code .prj}, {@code .cpg}) into
 * one layer. This reader is the project's own: no Shapefile library on Maven Central fits (GeoTools is not
 * on Central, and H2GIS brings a whole database for one format).
 *
 * <ul>
 * <li>Shapes (ESRI Shapefile Technical Description, July 1998): Point, MultiPoint, PolyLine and Polygon, each
 * also in its Z and M variant. Z values are kept in the coordinates, and M values are dropped, each with
 * one warning. Null shapes are skipped and
 * counted, as are MultiPatch shapes. Polygon rings are classified by orientation: clockwise rings are outer
 * rings, and counter-clockwise ones are holes of the smallest outer ring that contains them. A hole that no
 * outer ring contains becomes an outer ring. Invalid polygons are repaired with JTS {@link GeometryFixer}.
 * <li>Layer kind: POINT, MULTIPOINT, LINESTRING (MULTILINESTRING when a record has several parts) or
 * MULTIPOLYGON. Feature ids are the 1-based record numbers.
 * <li>Attribute encoding, first that applies: {@code --encoding}; the {@code .cpg}; the DBF language driver
 * id (0x4D and 0x7A are GBK); else UTF-8 when every name and text value is strict UTF-8, otherwise GB18030.
 * The choice is logged, and reported as a warning unless {@code --encoding} made it.
 * <li>CRS: the {@code .prj} mapped by {@link PrjCrs}; {@code --source-crs} when there is no {@code .prj} or
 * it matches no EPSG code.
 * <li>Damaged sets: without {@code .shx} the {@code .shp} is read record by record from its start; without
 * {@code .dbf} the features have no attributes; when the {@code .dbf} has another record count than the
 * {@code .shp}, their common prefix is read; a file that ends inside a record keeps the records before it.
 * Each case gives a warning naming the file. Deleted DBF records are skipped with their shapes.
 * </ul>
 *
 * <p>Limit: the {@code .shp} is read into memory whole (at most 2 GiB).
 */
public final class ShapefileReader {
    private static final Logger LOG = LoggerFactory.getLogger(ShapefileReader.class);
    private static final int FILE_CODE = 9994;
    private static final int HEADER_BYTES = 100;

    private final Path shp;
    private final String layerName;
    private final Diagnostics diagnostics;
    private final GeometryFactory factory = new GeometryFactory();
    private int nullShapes;
    private int skippedShapes;
    private int repaired;

    private ShapefileReader(Path shp, String layerName, Diagnostics diagnostics) {
        this.shp = shp;
        this.layerName = layerName;
        this.diagnostics = diagnostics;
    }

    /** Returns the layer name of {@code shp}: its file name without extension, see {@link SourceLayerNames}. */
    public static String layerName(Path shp) {
        return SourceLayerNames.of(baseName(shp));
    }

    /** Returns the file name of {@code shp} without its extension, e.g. {@code 房屋} for {@code 房屋.shp}. */
    public static String baseName(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /**
     * Reads {@code shp} and its sibling files into a layer called {@code layerName}.
     *
     * @param encoding the {@code --encoding} override of the attribute encoding
     * @param sourceCrs the CRS to use when there is no {@code .prj} or it matches no EPSG code
     * @throws CgisException when the {@code .shp} is missing, not a Shapefile, or its CRS is unknown
     */
    public static FeatureLayer read(Path shp, String layerName, Optional<Charset> encoding, Optional<String> sourceCrs,
            Diagnostics diagnostics) {
        return new ShapefileReader(shp, layerName, diagnostics).read(encoding, sourceCrs);
    }

    /** Returns the {@code .shp} beside a {@code .shx}, {@code .dbf}, {@code .prj} or {@code .cpg} file, if any. */
    public static Optional<Path> shpBeside(Path file) {
        return sibling(file, ".shp");
    }

    private FeatureLayer read(Optional<Charset> encoding, Optional<String> sourceCrs) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(shp);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new CgisException(e, IoMessages.BUNDLE, "read.notFound", shp);
        } catch (IOException e) {
            throw new CgisException(e, IoMessages.BUNDLE, "read.failed", shp, e.getMessage());
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        if (bytes.length < HEADER_BYTES || buffer.order(ByteOrder.BIG_ENDIAN).getInt(0) != FILE_CODE) {
            throw new CgisException(IoMessages.BUNDLE, "shp.notShapefile", shp);
        }
        int shapeType = buffer.order(ByteOrder.LITTLE_ENDIAN).getInt(32);
        String crs = crs(sourceCrs);

        List<int[]> records = recordOffsets(bytes);
        DbfReader.Table table = readTable(encoding);
        int count = records.size();
        if (table != null && table.records().size() != records.size()) {
            count = Math.min(records.size(), table.records().size());
            diagnostics.warn(IoMessages.BUNDLE, "shp.countMismatch", shp, records.size(), table.records().size(), count);
        }
        if (hasZ(shapeType)) {
            diagnostics.warn(IoMessages.BUNDLE, "shp.zKept", shp);
        } else if (shapeType > 20 && shapeType < 30) {
            diagnostics.warn(IoMessages.BUNDLE, "shp.mDropped", shp);
        }

        List<Feature> features = new ArrayList<>();
        int deleted = 0;
        EnumSet<GeometryKind> kinds = EnumSet.noneOf(GeometryKind.class);
        for (int i = 0; i < count; i++) {
            DbfReader.Record record = table == null ? null : table.records().get(i);
            if (record != null && record.deleted()) {
                deleted++;
                continue;
            }
            Geometry geometry = shape(buffer, records.get(i)[0], records.get(i)[1], i + 1);
            if (geometry == null) {
                continue;
            }
            kinds.add(GeometryKind.of(geometry));
            Map<String, Object> attributes = record == null ? Map.of() : record.values();
            features.add(new Feature(i + 1L, geometry, attributes));
        }
        if (nullShapes > 0) {
            diagnostics.warn(IoMessages.BUNDLE, "shp.nullShapes", shp, nullShapes);
        }
        if (skippedShapes > 0) {
            diagnostics.warn(IoMessages.BUNDLE, "shp.shapesSkipped", shp, skippedShapes);
        }
        if (deleted > 0) {
            diagnostics.warn(IoMessages.BUNDLE, "shp.deletedRecords", shp, deleted);
        }
        if (repaired > 0) {
            diagnostics.warn(IoMessages.BUNDLE, "shp.repaired", shp, repaired);
        }

        List<Field> fields = table == null ? List.of() : table.fields();
        FeatureLayer layer = new FeatureLayer(layerName, kind(shapeType, kinds), crs, fields);
        for (Feature feature : features) {
            layer.add(feature);
        }
        return layer;
    }

    private String crs(Optional<String> sourceCrs) {
        Optional<Path> prj = sibling(shp, ".prj");
        if (prj.isEmpty()) {
            if (sourceCrs.isPresent()) {
                return Crs.normalizeCode(sourceCrs.get());
            }
            throw new CgisException(IoMessages.BUNDLE, "shp.noPrjFile", shp, baseName(shp) + ".prj");
        }
        String wkt;
        try {
            wkt = new String(Files.readAllBytes(prj.get()), StandardCharsets.UTF_8).replace("\uFEFF", "").trim();
        } catch (IOException e) {
            throw new CgisException(e, IoMessages.BUNDLE, "read.failed", prj.get(), e.getMessage());
        }
        Optional<String> code = PrjCrs.epsgCode(wkt, prj.get());
        if (code.isPresent()) {
            LOG.info("{}: .prj {} identified as {}", shp, PrjCrs.name(wkt), code.get());
            return code.get();
        }
        if (sourceCrs.isPresent()) {
            diagnostics.warn(IoMessages.BUNDLE, "shp.prjReplaced", prj.get(), PrjCrs.name(wkt), sourceCrs.get());
            return Crs.normalizeCode(sourceCrs.get());
        }
        throw new CgisException(IoMessages.BUNDLE, "shp.prjUnknown", prj.get(), PrjCrs.name(wkt));
    }

    /** Returns {offset, content bytes} of every record, from the {@code .shx} or by scanning the {@code .shp}. */
    private List<int[]> recordOffsets(byte[] shpBytes) {
        List<int[]> records = new ArrayList<>();
        ByteBuffer shpBuffer = ByteBuffer.wrap(shpBytes).order(ByteOrder.BIG_ENDIAN);
        Optional<Path> shx = sibling(shp, ".shx");
        if (shx.isPresent()) {
            byte[] index;
            try {
                index = Files.readAllBytes(shx.get());
            } catch (IOException e) {
                throw new CgisException(e, IoMessages.BUNDLE, "read.failed", shx.get(), e.getMessage());
            }
            ByteBuffer shxBuffer = ByteBuffer.wrap(index).order(ByteOrder.BIG_ENDIAN);
            for (int pos = HEADER_BYTES; pos + 8 <= index.length; pos += 8) {
                long offset = 2L * shxBuffer.getInt(pos);
                long length = 2L * shxBuffer.getInt(pos + 4);
                if (offset < HEADER_BYTES || offset + 8 + length > shpBytes.length || length < 4) {
                    diagnostics.warn(IoMessages.BUNDLE, "shp.truncated", shp, records.size() + 1, records.size());
                    return records;
                }
                records.add(new int[] {(int) offset + 8, (int) length});
            }
            return records;
        }
        diagnostics.warn(IoMessages.BUNDLE, "shp.noShx", shp, baseName(shp) + ".shx");
        int pos = HEADER_BYTES;
        while (pos + 8 <= shpBytes.length) {
            long length = 2L * shpBuffer.getInt(pos + 4);
            if (length < 4 || pos + 8 + length > shpBytes.length) {
                diagnostics.warn(IoMessages.BUNDLE, "shp.truncated", shp, records.size() + 1, records.size());
                return records;
            }
            records.add(new int[] {pos + 8, (int) length});
            pos += 8 + (int) length;
        }
        return records;
    }

    private DbfReader.Table readTable(Optional<Charset> encoding) {
        Optional<Path> dbfPath = sibling(shp, ".dbf");
        if (dbfPath.isEmpty()) {
            diagnostics.warn(IoMessages.BUNDLE, "shp.noDbf", shp, baseName(shp) + ".dbf");
            return null;
        }
        return DbfReader.readDetected(dbfPath.get(), sibling(shp, ".cpg"), encoding, layerName, diagnostics);
    }

    /** Returns the geometry of one record, or null (counted) for null and unsupported shapes. */
    private Geometry shape(ByteBuffer buffer, int start, int length, int recordNumber) {
        buffer.order(ByteOrder.LITTLE_ENDIAN);
        int type = buffer.getInt(start);
        try {
            switch (type) {
                case 0:
                    nullShapes++;
                    return null;
                case 1:
                case 11:
                case 21:
                    return point(buffer, start, length, type == 11);
                case 8:
                case 18:
                case 28:
                    return multiPoint(buffer, start, length, type == 18);
                case 3:
                case 13:
                case 23:
                    return polyline(buffer, start, length, type == 13);
                case 5:
                case 15:
                case 25:
                    return polygon(buffer, start, length, type == 15, recordNumber);
                default:
                    skippedShapes++;
                    return null;
            }
        } catch (IndexOutOfBoundsException e) {
            diagnostics.warn(IoMessages.BUNDLE, "shp.badRecord", shp, recordNumber);
            return null;
        }
    }

    /** Returns whether records of {@code shapeType} carry z values: PointZ, PolyLineZ, PolygonZ, MultiPointZ. */
    private static boolean hasZ(int shapeType) {
        return shapeType == 11 || shapeType == 13 || shapeType == 15 || shapeType == 18;
    }

    private Point point(ByteBuffer buffer, int start, int length, boolean withZ) {
        double z = withZ && length >= 28 ? buffer.getDouble(start + 20) : Coordinate.NULL_ORDINATE;
        return factory.createPoint(new Coordinate(buffer.getDouble(start + 4), buffer.getDouble(start + 12), z));
    }

    private Geometry multiPoint(ByteBuffer buffer, int start, int length, boolean withZ) {
        int count = buffer.getInt(start + 36);
        checkSize(count, 40 + 16L * count, length);
        int zAt = zArray(start + 40, count, start, length, withZ);
        Point[] points = new Point[count];
        for (int i = 0; i < count; i++) {
            int at = start + 40 + 16 * i;
            double z = zAt < 0 ? Coordinate.NULL_ORDINATE : buffer.getDouble(zAt + 8 * i);
            points[i] = factory.createPoint(new Coordinate(buffer.getDouble(at), buffer.getDouble(at + 8), z));
        }
        if (count == 0) {
            nullShapes++;
            return null;
        }
        return factory.createMultiPoint(points);
    }

    /**
     * Returns the offset of the z array that follows {@code count} points at {@code pointsAt} (after the z
     * range of 16 bytes), or -1 when the record has no z values or is too short for them.
     */
    private static int zArray(int pointsAt, int count, int start, int length, boolean withZ) {
        long zAt = pointsAt + 16L * count + 16;
        return withZ && zAt + 8L * count <= start + (long) length ? (int) zAt : -1;
    }

    /** Returns the parts of a PolyLine or Polygon record as coordinate arrays, with z when {@code withZ}. */
    private List<Coordinate[]> parts(ByteBuffer buffer, int start, int length, boolean withZ) {
        int numParts = buffer.getInt(start + 36);
        int numPoints = buffer.getInt(start + 40);
        checkSize(numParts, 44 + 4L * numParts + 16L * numPoints, length);
        checkSize(numPoints, 0, 0);
        int pointsAt = start + 44 + 4 * numParts;
        int zAt = zArray(pointsAt, numPoints, start, length, withZ);
        List<Coordinate[]> parts = new ArrayList<>();
        for (int p = 0; p < numParts; p++) {
            int from = buffer.getInt(start + 44 + 4 * p);
            int to = p + 1 < numParts ? buffer.getInt(start + 44 + 4 * (p + 1)) : numPoints;
            if (from < 0 || to > numPoints || from > to) {
                throw new IndexOutOfBoundsException("part " + p);
            }
            Coordinate[] coordinates = new Coordinate[to - from];
            for (int i = from; i < to; i++) {
                int at = pointsAt + 16 * i;
                double z = zAt < 0 ? Coordinate.NULL_ORDINATE : buffer.getDouble(zAt + 8 * i);
                coordinates[i - from] = new Coordinate(buffer.getDouble(at), buffer.getDouble(at + 8), z);
            }
            parts.add(coordinates);
        }
        return parts;
    }

    private static void checkSize(int count, long needed, int available) {
        if (count < 0 || needed > available) {
            throw new IndexOutOfBoundsException("record content of " + available + " bytes, " + needed + " needed");
        }
    }

    private Geometry polyline(ByteBuffer buffer, int start, int length, boolean withZ) {
        List<LineString> lines = new ArrayList<>();
        for (Coordinate[] part : parts(buffer, start, length, withZ)) {
            if (part.length >= 2) {
                lines.add(factory.createLineString(part));
            }
        }
        if (lines.isEmpty()) {
            nullShapes++;
            return null;
        }
        return lines.size() == 1 ? lines.get(0) : factory.createMultiLineString(lines.toArray(LineString[]::new));
    }

    private Geometry polygon(ByteBuffer buffer, int start, int length, boolean withZ, int recordNumber) {
        List<LinearRing> shells = new ArrayList<>();
        List<LinearRing> holes = new ArrayList<>();
        for (Coordinate[] part : parts(buffer, start, length, withZ)) {
            if (part.length >= 3 && !part[0].equals2D(part[part.length - 1])) {
                Coordinate[] closed = java.util.Arrays.copyOf(part, part.length + 1);
                closed[part.length] = part[0].copy();
                part = closed;
            }
            if (part.length < 4) {
                continue;
            }
            LinearRing ring = factory.createLinearRing(part);
            (Orientation.isCCW(ring.getCoordinateSequence()) ? holes : shells).add(ring);
        }

        List<List<LinearRing>> polygonHoles = new ArrayList<>();
        shells.forEach(shell -> polygonHoles.add(new ArrayList<>()));
        for (LinearRing hole : holes) {
            int owner = -1;
            double ownerArea = Double.POSITIVE_INFINITY;
            Coordinate probe = hole.getCoordinateN(0);
            for (int s = 0; s < shells.size(); s++) {
                Polygon shell = factory.createPolygon(shells.get(s));
                if (!shell.getEnvelopeInternal().contains(hole.getEnvelopeInternal())) {
                    continue;
                }
                int location = new IndexedPointInAreaLocator(shell).locate(probe);
                if (location != Location.EXTERIOR && shell.getArea() < ownerArea) {
                    owner = s;
                    ownerArea = shell.getArea();
                }
            }
            if (owner >= 0) {
                polygonHoles.get(owner).add(hole);
            } else {
                // A counter-clockwise ring outside every outer ring: the writer ignored the orientation rule.
                shells.add(hole.reverse());
                polygonHoles.add(new ArrayList<>());
            }
        }
        if (shells.isEmpty()) {
            nullShapes++;
            return null;
        }

        Polygon[] polygons = new Polygon[shells.size()];
        for (int s = 0; s < shells.size(); s++) {
            polygons[s] = factory.createPolygon(shells.get(s), polygonHoles.get(s).toArray(LinearRing[]::new));
        }
        Geometry geometry = polygons.length == 1 ? polygons[0] : factory.createMultiPolygon(polygons);

        if (!IsValidOp.isValid(geometry)) {
            Geometry fixed = GeometryFixer.fix(geometry);
            LOG.debug("{}: record {} repaired", shp, recordNumber);
            if (fixed.isEmpty() || !GeometryKind.MULTIPOLYGON.accepts(fixed)) {
                diagnostics.warn(IoMessages.BUNDLE, "shp.badRecord", shp, recordNumber);
                return null;
            }
            repaired++;
            geometry = fixed;
        }
        return geometry;
    }

    private static GeometryKind kind(int shapeType, EnumSet<GeometryKind> seen) {
        switch (shapeType < 30 ? shapeType % 10 : shapeType) {
            case 1:
                return GeometryKind.POINT;
            case 8:
                return GeometryKind.MULTIPOINT;
            case 3:
                return seen.contains(GeometryKind.MULTILINESTRING) ? GeometryKind.MULTILINESTRING
                        : GeometryKind.LINESTRING;
            case 5:
                return GeometryKind.MULTIPOLYGON;
            default:
                return GeometryKind.GEOMETRY;
        }
    }

    /** Returns the file beside {@code file} with extension {@code extension}, matched without regard to case. */
    static Optional<Path> sibling(Path file, String extension) {
        Path folder = file.toAbsolutePath().getParent();
        String base = baseName(file);
        Path exact = folder.resolve(base + extension);
        if (Files.isRegularFile(exact)) {
            return Optional.of(exact);
        }
        Path upper = folder.resolve(base + extension.toUpperCase(Locale.ROOT));
        if (Files.isRegularFile(upper)) {
            return Optional.of(upper);
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            for (Path entry : entries) {
                if (entry.getFileName().toString().equalsIgnoreCase(base + extension) && Files.isRegularFile(entry)) {
                    return Optional.of(entry);
                }
            }
        } catch (IOException e) {
            LOG.debug("Cannot list {}: {}", folder, e.getMessage());
        }
        return Optional.empty();
    }
}
