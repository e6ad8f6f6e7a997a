package org.communitygis.io;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.communitygis.core.CgisException;
import org.communitygis.core.Diagnostics;
import org.communitygis.core.crs.Crs;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.feature.Field;
import org.communitygis.core.feature.FieldType;
import org.communitygis.core.feature.GeometryKind;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;

/**
 * Turns a {@link TableReader.Table} into a layer: points from coordinate columns, or any geometry from a WKT
 * column.
 *
 * <p>Columns are found by header name, ignoring case, blanks and a unit in brackets ({@code 经度(°)}):
 * longitude 经度/lon/lng/long/longitude, latitude 纬度/lat/latitude, easting X/东坐标/easting, northing
 * Y/北坐标/northing, WKT wkt/geometry/geom/the_geom/几何. {@code --x-column}, {@code --y-column} and
 * {@code --wkt-column} name them explicitly.
 *
 * <p>CRS: {@code --source-crs} when given; otherwise CRS:84 when every coordinate is a valid longitude and
 * latitude, and an error asking for {@code --source-crs} when not. Chinese surveys call the northing X and
 * the easting Y: when X/Y columns were found by name (not by option) in a projected CRS and X contains
 * northings of China (1 000 000–10 000 000 m) while Y contains eastings (below 1 000 000 m, or with a zone
 * prefix from 10 000 000 m), the two are swapped with a warning.
 *
 * <p>A row with a missing or invalid coordinate is skipped with a warning naming its row number (the
 * first {@value #MAX_ROW_WARNINGS}, then a count). The other columns become attributes: INTEGER when every
 * value is a whole number, REAL when every value is a number, otherwise STRING; empty header cells are
 * named {@code column_N}.
 */
public final class PointTable {
    /** Rows named one by one in warnings before the rest are only counted. */
    public static final int MAX_ROW_WARNINGS = 20;
    private static final Set<String> LON = Set.of("经度", "lon", "lng", "long", "longitude", "东经");
    private static final Set<String> LAT = Set.of("纬度", "lat", "latitude", "北纬");
    private static final Set<String> EASTING = Set.of("x", "东坐标", "easting", "x坐标");
    private static final Set<String> NORTHING = Set.of("y", "北坐标", "northing", "y坐标");
    private static final Set<String> WKT = Set.of("wkt", "geometry", "geom", "the_geom", "几何", "shape");

    private PointTable() {
    }

    /**
     * Column choices from the command line; each names a header, or is empty to detect it.
     *
     * @param x the easting or longitude column
     * @param y the northing or latitude column
     * @param wkt the WKT geometry column
     */
    public record Columns(Optional<String> x, Optional<String> y, Optional<String> wkt) {
        /** No columns named: all detected. */
        public static final Columns DETECT = new Columns(Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** Returns whether {@code table} has coordinate or WKT columns, by name or by the options. */
    public static boolean hasGeometry(TableReader.Table table, Columns columns) {
        return find(table, columns.wkt(), WKT) >= 0
                || (find(table, columns.x(), LON, EASTING) >= 0 && find(table, columns.y(), LAT, NORTHING) >= 0);
    }

    /**
     * Builds the layer {@code layerName} from {@code table}.
     *
     * @throws CgisException when the table has no coordinate columns, an option names a missing column, or
     *     projected coordinates come without {@code --source-crs}
     */
    public static FeatureLayer toLayer(TableReader.Table table, String layerName, Columns columns,
            Optional<String> sourceCrs, Diagnostics diagnostics) {
        checkOption(table, columns.x());
        checkOption(table, columns.y());
        checkOption(table, columns.wkt());
        int wkt = columns.x().isPresent() ? -1 : find(table, columns.wkt(), WKT);
        int x = find(table, columns.x(), LON, EASTING);
        int y = find(table, columns.y(), LAT, NORTHING);
        if (wkt < 0 && (x < 0 || y < 0)) {
            throw new CgisException(IoMessages.BUNDLE, "table.noCoordinates", table.file(), String.join(", ", table.header()));
        }
        GeometryFactory factory = new GeometryFactory();
        WKTReader reader = new WKTReader(factory);
        List<Integer> rowNumbers = new ArrayList<>();
        List<Geometry> geometries = new ArrayList<>();
        List<TableReader.TableRow> kept = new ArrayList<>();
        int badRows = 0;
        for (TableReader.TableRow row : table.rows()) {
            Geometry geometry = null;
            String problem;
            if (wkt >= 0) {
                Object text = row.cell(wkt);
                try {
                    geometry = text == null ? null : reader.read(text.toString());
                    problem = geometry == null || geometry.isEmpty() ? "empty" : null;
                } catch (ParseException e) {
                    problem = e.getMessage();
                }
            } else {
                double east = number(row.cell(x));
                double north = number(row.cell(y));
                if (Double.isFinite(east) && Double.isFinite(north)) {
                    geometry = factory.createPoint(new Coordinate(east, north));
                    problem = null;
                } else {
                    problem = table.header().get(x) + "=" + text(row.cell(x)) + ", " + table.header().get(y) + "="
                            + text(row.cell(y));
                }
            }
            if (problem != null) {
                badRows++;
                if (badRows <= MAX_ROW_WARNINGS) {
                    diagnostics.warn(IoMessages.BUNDLE, "table.badCoordinates", table.file(), row.number(), problem);
                }
                continue;
            }
            rowNumbers.add(row.number());
            geometries.add(geometry);
            kept.add(row);
        }
        if (badRows > MAX_ROW_WARNINGS) {
            diagnostics.warn(IoMessages.BUNDLE, "table.moreBadRows", table.file(), badRows - MAX_ROW_WARNINGS, badRows);
        }

        String crs = crs(table, geometries, rowNumbers, sourceCrs, diagnostics);
        if (wkt < 0 && Crs.isProjected(crs) && columns.x().isEmpty() && columns.y().isEmpty()
                && surveyOrder(geometries)) {
            diagnostics.warn(IoMessages.BUNDLE, "table.xySwapped", table.file(), table.header().get(x), table.header().get(y));
            for (Geometry geometry : geometries) {
                Coordinate c = geometry.getCoordinate();
                double swap = c.x;
                c.x = c.y;
                c.y = swap;
                geometry.geometryChanged();
            }
        }

        Set<Integer> geometryColumns = new HashSet<>(List.of(wkt, x, y));
        List<Field> fields = new ArrayList<>();
        List<Integer> fieldColumns = new ArrayList<>();
        Set<String> taken = new HashSet<>();
        for (int c = 0; c < table.header().size(); c++) {
            if (geometryColumns.contains(c)) {
                continue;
            }
            String name = table.header().get(c).isEmpty() ? "column_" + (c + 1) : table.header().get(c);
            String unique = name;
            for (int suffix = 2; !taken.add(unique.toLowerCase(Locale.ROOT)); suffix++) {
                unique = name + "_" + suffix;
            }
            fields.add(new Field(unique, fieldType(kept, c)));
            fieldColumns.add(c);
        }
        EnumSet<GeometryKind> kinds = EnumSet.noneOf(GeometryKind.class);
        geometries.forEach(geometry -> kinds.add(GeometryKind.of(geometry)));
        GeometryKind kind = kinds.size() == 1 ? kinds.iterator().next() : GeometryKind.GEOMETRY;
        FeatureLayer layer = new FeatureLayer(layerName, kinds.isEmpty() ? GeometryKind.POINT : kind, crs, fields);
        for (int i = 0; i < kept.size(); i++) {
            Map<String, Object> attributes = new LinkedHashMap<>();
            for (int f = 0; f < fields.size(); f++) {
                Object value = kept.get(i).cell(fieldColumns.get(f));
                attributes.put(fields.get(f).name(), fields.get(f).type() == FieldType.STRING && value != null
                        ? value.toString() : value);
            }
            layer.add(new Feature(i + 1L, geometries.get(i), attributes));
        }
        return layer;
    }

    private static String crs(TableReader.Table table, List<Geometry> geometries, List<Integer> rowNumbers,
            Optional<String> sourceCrs, Diagnostics diagnostics) {
        if (sourceCrs.isPresent()) {
            return Crs.normalizeCode(sourceCrs.get());
        }
        for (int i = 0; i < geometries.size(); i++) {
            for (Coordinate c : geometries.get(i).getCoordinates()) {
                if (Math.abs(c.x) > 180 || Math.abs(c.y) > 90) {
                    throw new CgisException(IoMessages.BUNDLE, "table.needsCrs", table.file(), rowNumbers.get(i),
                            c.x, c.y);
                }
            }
        }
        return Crs.CRS84;
    }

    /** Returns whether every point has a northing of China in x and an easting in y. */
    private static boolean surveyOrder(List<Geometry> points) {
        if (points.isEmpty()) {
            return false;
        }
        for (Geometry point : points) {
            Coordinate c = point.getCoordinate();
            boolean northingInX = c.x >= 1_000_000 && c.x < 10_000_000;
            boolean eastingInY = (c.y > 0 && c.y < 1_000_000) || (c.y >= 10_000_000 && c.y < 100_000_000);
            if (!northingInX || !eastingInY) {
                return false;
            }
        }
        return true;
    }

    private static void checkOption(TableReader.Table table, Optional<String> name) {
        if (name.isPresent() && table.column(name.get()) < 0) {
            throw new CgisException(IoMessages.BUNDLE, "table.columnMissing", table.file(), name.get(),
                    String.join(", ", table.header()));
        }
    }

    /** Returns the column named by the option, else the first whose normalized header is in one of {@code names}. */
    @SafeVarargs
    static int find(TableReader.Table table, Optional<String> option, Set<String>... names) {
        if (option.isPresent()) {
            return table.column(option.get());
        }
        for (Set<String> set : names) {
            for (int c = 0; c < table.header().size(); c++) {
                if (set.contains(normalize(table.header().get(c)))) {
                    return c;
                }
            }
        }
        return -1;
    }

    /** Lower-cases a header and drops blanks and a unit in brackets: {@code "经度 (°)"} → {@code 经度}. */
    static String normalize(String header) {
        return header.replaceAll("[(（\\[].*?[)）\\]]", "").replaceAll("\\s+", "").toLowerCase(Locale.ROOT);
    }

    private static String text(Object cell) {
        return cell == null ? "" : cell.toString();
    }

    /** Returns a cell as a number: numbers as they are, text parsed (blank or invalid → NaN). */
    public static double number(Object cell) {
        if (cell instanceof Number n) {
            return n.doubleValue();
        }
        if (cell == null) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(cell.toString().trim());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static FieldType fieldType(List<TableReader.TableRow> rows, int column) {
        boolean any = false;
        boolean whole = true;
        for (TableReader.TableRow row : rows) {
            Object cell = row.cell(column);
            if (cell == null) {
                continue;
            }
            any = true;
            if (cell instanceof Long) {
                continue;
            }
            if (cell instanceof Double) {
                whole = false;
                continue;
            }
            String text = cell.toString().trim();
            if (text.matches("0\\d+")) {
                // A code with leading zeros, such as a house number 007, is text.
                return FieldType.STRING;
            }
            if (text.matches("[+-]?\\d{1,18}")) {
                continue;
            }
            if (!text.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")) {
                return FieldType.STRING;
            }
            whole = false;
        }
        if (!any) {
            return FieldType.STRING;
        }
        return whole ? FieldType.INTEGER : FieldType.REAL;
    }
}
