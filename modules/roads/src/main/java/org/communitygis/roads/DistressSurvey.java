package org.communitygis.roads;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.communitygis.core.CgisException;
import org.communitygis.core.Diagnostics;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;
import org.locationtech.jts.geom.Geometry;

/**
 * A pavement distress survey (路面损坏调查) located on routes: one record per damage with its type,
 * severity and damaged area.
 *
 * <p>Input is a CSV file with a header row (UTF-8, comma-separated, double quotes around cells that hold
 * commas, lines starting with {@code #} skipped) or a feature layer (GeoJSON, GeoPackage) whose attributes use the same column names. Columns,
 * by English or Chinese name:
 * <table>
 * <caption>Survey columns</caption>
 * <tr><th>column</th><th>meaning</th></tr>
 * <tr><td>{@code road} 道路 路名</td><td>route name (the roads' {@code name} or {@code ref}) or roads feature id</td></tr>
 * <tr><td>{@code from_m} 起点桩号, {@code to_m} 终点桩号, {@code chainage_m} 桩号</td><td>route chainage, m, as a
 *     number or in stationing form {@code K0+180}; a layer feature may give a geometry instead</td></tr>
 * <tr><td>{@code type} 损坏类型</td><td>damage type of JTG 5210-2018 or an alias (网裂, 坑洼, pothole …)</td></tr>
 * <tr><td>{@code severity} 程度</td><td>轻/中/重, light/medium/heavy, L/M/H or 1–3</td></tr>
 * <tr><td>{@code area_m2} 面积</td><td>damaged area, m²</td></tr>
 * <tr><td>{@code length_m} 长度, {@code width_m} 宽度</td><td>damaged length and width, m</td></tr>
 * <tr><td>{@code quantity} 数量, {@code unit} 单位</td><td>an amount with its unit (m, 米, m², 平方米)</td></tr>
 * <tr><td>{@code iri} 平整度, {@code iri_m_per_km}</td><td>international roughness index over the row's
 *     chainages, m/km; a row may give it without a damage type</td></tr>
 * </table>
 * The damaged area is {@code area_m2}, else a length-measured type's length × its influence width, else
 * length × width. The road's {@code surface} at the record's start decides whether the asphalt or the
 * cement type list applies.
 *
 * <p>A row that cannot be used (unknown road, type, severity or unit, a negative or missing amount, a
 * length longer than the route, a chainage beyond the route's end, a geometry far from its road, a
 * road without asphalt or cement surface) is reported to {@link Diagnostics} with its row number, and
 * the other rows are kept. Row numbers are file line numbers for CSV (the header is line 1) and feature
 * positions from 1 for layers.
 */
public final class DistressSurvey {
    /** A located geometry farther than this from its road is rejected, m. */
    public static final double MAX_OFFSET_M = 50;

    private static final Pattern STATION = Pattern.compile("(?i)^\\s*K?\\s*(\\d+)\\s*\\+\\s*(\\d+(?:\\.\\d+)?)\\s*$");
    private static final Map<String, String> COLUMNS = Map.ofEntries(
            Map.entry("road", "road"), Map.entry("道路", "road"), Map.entry("路名", "road"), Map.entry("道路名称", "road"),
            Map.entry("road_id", "road"),
            Map.entry("from_m", "from"), Map.entry("起点桩号", "from"), Map.entry("起点", "from"),
            Map.entry("to_m", "to"), Map.entry("终点桩号", "to"), Map.entry("终点", "to"),
            Map.entry("chainage_m", "at"), Map.entry("chainage", "at"), Map.entry("桩号", "at"),
            Map.entry("type", "type"), Map.entry("损坏类型", "type"), Map.entry("类型", "type"),
            Map.entry("病害类型", "type"),
            Map.entry("severity", "severity"), Map.entry("程度", "severity"), Map.entry("严重程度", "severity"),
            Map.entry("损坏程度", "severity"),
            Map.entry("area_m2", "area"), Map.entry("面积", "area"), Map.entry("损坏面积", "area"),
            Map.entry("length_m", "length"), Map.entry("长度", "length"), Map.entry("width_m", "width"),
            Map.entry("宽度", "width"), Map.entry("quantity", "quantity"), Map.entry("数量", "quantity"),
            Map.entry("unit", "unit"), Map.entry("单位", "unit"),
            Map.entry("iri", "iri"), Map.entry("iri_m_per_km", "iri"), Map.entry("平整度", "iri"),
            Map.entry("国际平整度指数", "iri"));
    private static final Map<String, Boolean> UNITS_IS_AREA = Map.ofEntries(
            Map.entry("m", false), Map.entry("米", false), Map.entry("延米", false),
            Map.entry("m2", true), Map.entry("m²", true), Map.entry("㎡", true), Map.entry("平方米", true),
            Map.entry("sqm", true));

    /**
     * One usable survey row.
     *
     * @param row the row number in the source
     * @param route the route the damage lies on
     * @param fromM route chainage where the damage starts, m
     * @param toM route chainage where it ends, m (equal to {@code fromM} for a damage at one station)
     * @param type the damage type
     * @param severity the severity, null for an ungraded type recorded without one
     * @param areaM2 the damaged area, m²
     */
    public record Record(int row, Route route, double fromM, double toM, DamageType type, DamageSeverity severity,
            double areaM2) {
        /** Returns the JTG 5210-2018 weight × area, m². */
        public double weightedAreaM2() {
            return type.weight(severity) * areaM2;
        }
    }

    /**
     * One IRI reading of a survey row.
     *
     * @param row the row number in the source
     * @param route the route the reading lies on
     * @param fromM route chainage where the measured stretch starts, m
     * @param toM route chainage where it ends, m (equal to {@code fromM} for a reading at one station)
     * @param iriMPerKm the international roughness index, m/km
     */
    public record IriReading(int row, Route route, double fromM, double toM, double iriMPerKm) {
    }

    private final String source;
    private final List<Record> records;
    private final List<IriReading> iriReadings;
    private final int rejected;

    private DistressSurvey(String source, List<Record> records, List<IriReading> iriReadings, int rejected) {
        this.source = source;
        this.records = List.copyOf(records);
        this.iriReadings = List.copyOf(iriReadings);
        this.rejected = rejected;
    }

    /** Returns the IRI readings, in source order. */
    public List<IriReading> iriReadings() {
        return iriReadings;
    }

    /** Returns the file or layer name the survey came from. */
    public String source() {
        return source;
    }

    /** Returns the usable records, in source order. */
    public List<Record> records() {
        return records;
    }

    /** Returns the number of rows rejected with a warning. */
    public int rejected() {
        return rejected;
    }

    /**
     * Reads a CSV survey.
     *
     * @throws CgisException when the file cannot be read, is empty, or lacks the road, type or location
     *     columns
     */
    public static DistressSurvey readCsv(Path file, FeatureLayer roads, Routes routes, Diagnostics diagnostics) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (!lines.isEmpty()) {
                lines.set(0, stripBom(lines.get(0)));
            }
        } catch (IOException e) {
            throw new CgisException(e, RoadsMessages.BUNDLE, "survey.unreadable", file.toString(), e.getMessage());
        }
        String source = file.getFileName().toString();

        int headerLine = 0;
        while (headerLine < lines.size() && skipped(stripBom(lines.get(headerLine)))) {
            headerLine++;
        }
        if (headerLine == lines.size()) {
            throw new CgisException(RoadsMessages.BUNDLE, "survey.empty", source);
        }
        List<String> header = splitCsv(stripBom(lines.get(headerLine)));
        List<String> columns = new ArrayList<>();
        for (String name : header) {
            columns.add(COLUMNS.get(name.trim().toLowerCase(Locale.ROOT)));
        }
        requireColumns(source, columns, header, false);

        Parser parser = new Parser(source, roads, routes, diagnostics);
        for (int i = headerLine + 1; i < lines.size(); i++) {
            if (skipped(lines.get(i))) {
                continue;
            }
            List<String> cells = splitCsv(lines.get(i));
            Map<String, String> values = new HashMap<>();
            for (int c = 0; c < columns.size() && c < cells.size(); c++) {
                if (columns.get(c) != null && !cells.get(c).isBlank()) {
                    values.put(columns.get(c), cells.get(c).trim());
                }
            }
            parser.parse(i + 1, values, null);
        }
        return new DistressSurvey(source, parser.records, parser.iriReadings, parser.rejected);
    }

    /**
     * Reads a survey layer (from GeoJSON or GeoPackage). A feature's geometry locates it when it has no
     * chainage: a point by its nearest route chainage, a line or polygon by the range its vertices project to.
     *
     * @throws CgisException when the layer lacks the road or type columns
     */
    public static DistressSurvey fromLayer(FeatureLayer layer, FeatureLayer roads, Routes routes,
            Diagnostics diagnostics) {
        List<String> header = layer.fields().stream().map(field -> field.name()).toList();
        List<String> columns = new ArrayList<>();
        for (String name : header) {
            columns.add(COLUMNS.get(name.trim().toLowerCase(Locale.ROOT)));
        }
        requireColumns(layer.name(), columns, header, true);
        Parser parser = new Parser(layer.name(), roads, routes, diagnostics);
        for (int i = 0; i < layer.size(); i++) {
            Feature feature = layer.features().get(i);
            Map<String, String> values = new HashMap<>();
            for (int c = 0; c < columns.size(); c++) {
                Object value = feature.get(header.get(c));
                if (columns.get(c) != null && value != null && !value.toString().isBlank()) {
                    values.put(columns.get(c), value.toString().trim());
                }
            }
            parser.parse(i + 1, values, feature.geometry());
        }
        return new DistressSurvey(layer.name(), parser.records, parser.iriReadings, parser.rejected);
    }

    private static void requireColumns(String source, List<String> columns, List<String> header, boolean geometry) {
        if (!columns.contains("road")) {
            throw new CgisException(RoadsMessages.BUNDLE, "survey.missingColumn", source, "road",
                    String.join(", ", header));
        }
        if (!columns.contains("type") && !columns.contains("iri")) {
            throw new CgisException(RoadsMessages.BUNDLE, "survey.missingColumn", source, "type / iri",
                    String.join(", ", header));
        }
        if (!geometry && !columns.contains("from") && !columns.contains("at")) {
            throw new CgisException(RoadsMessages.BUNDLE, "survey.missingColumn", source, "from_m / chainage_m",
                    String.join(", ", header));
        }
    }

    /** Reads rows one by one, collecting records and reporting rejected rows. */
    private static final class Parser {
        final String source;
        final Map<Long, Feature> roadsById = new LinkedHashMap<>();
        final Routes routes;
        final Diagnostics diagnostics;
        final List<Record> records = new ArrayList<>();
        final List<IriReading> iriReadings = new ArrayList<>();
        int rejected;

        Parser(String source, FeatureLayer roads, Routes routes, Diagnostics diagnostics) {
            this.source = source;
            this.routes = routes;
            this.diagnostics = diagnostics;
            for (Feature road : roads.features()) {
                roadsById.put(road.id(), road);
            }
        }

        void parse(int row, Map<String, String> values, Geometry geometry) {
            try {
                Record record = record(row, values, geometry);
                if (record != null) {
                    records.add(record);
                }
            } catch (RowException e) {
                rejected++;
                Object[] args = new Object[e.args.length + 2];
                args[0] = source;
                args[1] = row;
                System.arraycopy(e.args, 0, args, 2, e.args.length);
                diagnostics.warn(RoadsMessages.BUNDLE, e.key, args);
            }
        }

        /**
         * Returns the row's damage record, or null for a row with only an IRI; adds the row's IRI reading.
         *
         * @throws RowException when the row cannot be used
         */
        Record record(int row, Map<String, String> values, Geometry geometry) {
            String roadText = values.get("road");
            if (roadText == null) {
                throw new RowException("survey.missingValue", "road");
            }
            Route route = findRoute(roadText);

            double from;
            double to;
            if (values.containsKey("from") || values.containsKey("at")) {
                from = chainage(values.containsKey("from") ? values.get("from") : values.get("at"));
                to = values.containsKey("to") ? chainage(values.get("to")) : from;
            } else if (geometry != null && !geometry.isEmpty()) {
                Route.Location centre = route.locateCentroid(geometry);
                double offset = Math.abs(centre.offsetM());
                if (offset > MAX_OFFSET_M) {
                    throw new RowException("survey.farFromRoad", route.name(), format(offset));
                }
                Chainage.Range range = route.locateRange(geometry);
                from = range.fromM();
                to = range.toM();
            } else {
                throw new RowException("survey.noLocation");
            }
            if (from > to) {
                double swap = from;
                from = to;
                to = swap;
            }
            if (from < 0) {
                throw new RowException("survey.negative", "chainage", format(from));
            }
            if (to > route.lengthM() + Route.SNAP_M) {
                throw new RowException("survey.beyondEnd", Chainage.station(to), route.name(),
                        Chainage.station(route.lengthM()));
            }

            Feature road = roadsById.get(route.segmentAt(from).roadId());
            String surfaceTag = Surfaces.normalize(road.getString("surface"));
            Pavement pavement = Pavement.ofSurface(surfaceTag);
            if (pavement == null) {
                throw new RowException("survey.noPavement", route.name(), Chainage.station(from),
                        road.getString("surface") == null ? "-" : road.getString("surface"));
            }
            Double iri = number(values, "iri");
            if (iri != null && iri < 0) {
                throw new RowException("survey.negative", "iri", format(iri));
            }
            String typeText = values.get("type");
            if (typeText == null && iri != null) {
                iriReadings.add(new IriReading(row, route, Route.snap(from), Route.snap(to), iri));
                return null;
            }
            DamageType type = Jtg5210.type(pavement, typeText);
            if (type == null) {
                throw new RowException("survey.unknownType", typeText == null ? "" : typeText,
                        RoadsMessages.BUNDLE.format("pavement." + pavement.key()),
                        String.join("、", Jtg5210.typeNames(pavement)));
            }
            DamageSeverity severity = null;
            String severityText = values.get("severity");
            if (severityText != null) {
                severity = DamageSeverity.parse(severityText);
                if (severity == null) {
                    throw new RowException("survey.unknownSeverity", severityText);
                }
            }
            if (type.graded() && (severity == null || Double.isNaN(type.weight(severity)))) {
                throw new RowException("survey.severityNotDefined", type.name(),
                        severity == null ? "-" : severityText, levels(type));
            }
            double area = area(values, type, route);
            if (iri != null) {
                iriReadings.add(new IriReading(row, route, Route.snap(from), Route.snap(to), iri));
            }
            return new Record(row, route, Route.snap(from), Route.snap(to), type, severity, area);
        }

        private double area(Map<String, String> values, DamageType type, Route route) {
            Double area = number(values, "area");
            Double length = number(values, "length");
            Double width = number(values, "width");
            Double quantity = number(values, "quantity");
            if (quantity != null) {
                String unit = values.get("unit");
                Boolean isArea = unit == null ? null : UNITS_IS_AREA.get(unit.trim().toLowerCase(Locale.ROOT));
                if (isArea == null) {
                    throw new RowException("survey.unknownUnit", unit == null ? "-" : unit);
                }
                if (isArea && area == null) {
                    area = quantity;
                } else if (!isArea && length == null) {
                    length = quantity;
                }
            }
            for (Map.Entry<String, Double> amount : Map.of("area_m2", nan(area), "length_m", nan(length), "width_m",
                    nan(width)).entrySet()) {
                if (amount.getValue() < 0) {
                    throw new RowException("survey.negative", amount.getKey(), format(amount.getValue()));
                }
            }
            if (length != null && length > route.lengthM() + Route.SNAP_M) {
                throw new RowException("survey.overlong", format(length), route.name(), format(route.lengthM()));
            }
            if (area != null) {
                return area;
            }
            if (length != null && type.lengthMeasured()) {
                return length * type.influenceWidthM();
            }
            if (length != null && width != null) {
                return length * width;
            }
            throw new RowException(length != null ? "survey.needsWidth" : "survey.noAmount", type.name());
        }

        private Route findRoute(String text) {
            Route route = routes.byName(text.trim()).orElse(null);
            if (route == null) {
                try {
                    route = routes.byRoad(Long.parseLong(text.trim())).orElse(null);
                } catch (NumberFormatException e) {
                    route = null;
                }
            }
            if (route == null) {
                throw new RowException("survey.unknownRoad", text);
            }
            return route;
        }
    }

    private static String levels(DamageType type) {
        List<String> levels = new ArrayList<>();
        for (DamageSeverity severity : DamageSeverity.values()) {
            if (!Double.isNaN(type.weight(severity))) {
                levels.add(RoadsMessages.BUNDLE.format("damageSeverity." + severity.name().toLowerCase(Locale.ROOT)));
            }
        }
        return String.join("/", levels);
    }

    private static double chainage(String text) {
        Matcher matcher = STATION.matcher(text);
        if (matcher.matches()) {
            return Long.parseLong(matcher.group(1)) * 1000.0 + Double.parseDouble(matcher.group(2));
        }
        try {
            double value = Double.parseDouble(text.trim());
            if (Double.isNaN(value) || Double.isInfinite(value)) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new RowException("survey.badChainage", text);
        }
    }

    private static Double number(Map<String, String> values, String column) {
        String text = values.get(column);
        if (text == null) {
            return null;
        }
        try {
            double value = Double.parseDouble(text.trim());
            if (Double.isNaN(value) || Double.isInfinite(value)) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new RowException("survey.badNumber", column, text);
        }
    }

    private static double nan(Double value) {
        return value == null ? Double.NaN : value;
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    /** Returns whether a CSV line is blank or a {@code #} comment. */
    private static boolean skipped(String line) {
        return line.isBlank() || line.startsWith("#");
    }

    private static String stripBom(String line) {
        return line.startsWith("\uFEFF") ? line.substring(1) : line;
    }

    /** Splits one CSV line: commas separate cells, double quotes enclose cells and "" is a quote. */
    static List<String> splitCsv(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString());
        return cells;
    }

    /** A rejected row: the bundle key and its arguments after source and row. */
    private static final class RowException extends RuntimeException {
        final String key;
        final Object[] args;

        RowException(String key, Object... args) {
            super(key, null, false, false);
            this.key = key;
            this.args = args;
        }
    }
}
