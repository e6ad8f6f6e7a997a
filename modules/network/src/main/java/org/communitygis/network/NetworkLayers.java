package org.communitygis.network;

import java.util.List;
import org.communitygis.core.feature.Field;
import org.communitygis.core.feature.FieldType;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.MultiLineString;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.operation.linemerge.LineMerger;

/** Layer names and field lists this module reads and writes, as fixed by the architecture document. */
public final class NetworkLayers {
    /** Imported or trial pipe layer. */
    public static final String PIPES = "pipes";
    /** Result of {@link PipeGradientCheck}. */
    public static final String PIPE_GRADIENTS = "pipe_gradients";
    /** Per-building result of {@link CoverageAnalysis}. */
    public static final String COVERAGE_BUILDINGS = "coverage_buildings";
    /** Per-zone result of {@link CoverageAnalysis}. */
    public static final String COVERAGE_ZONES = "coverage_zones";
    /** Per-facility result of {@link CoverageAnalysis}. */
    public static final String COVERAGE_FACILITIES = "coverage_facilities";

    /** Findings of {@link NetworkTopology} and {@link SewerDesign}, one point each. */
    public static final String NETWORK_FINDINGS = "network_findings";
    /** Per-link design state of {@link SewerDesign}. */
    public static final String PIPE_DESIGN = "pipe_design";

    /** Fields of the {@code network_findings} layer. */
    public static final List<Field> NETWORK_FINDINGS_FIELDS = List.of(
            new Field("finding_id", FieldType.INTEGER),
            new Field("code", FieldType.STRING),
            new Field("severity", FieldType.STRING),
            new Field("element", FieldType.STRING),
            new Field("message", FieldType.STRING));

    /** Fields of the {@code pipe_design} layer. */
    public static final List<Field> PIPE_DESIGN_FIELDS = List.of(
            new Field("pipe_id", FieldType.INTEGER),
            new Field("link", FieldType.STRING),
            new Field("invert_source", FieldType.STRING),
            new Field("mean_flow_lps", FieldType.REAL),
            new Field("kz", FieldType.REAL),
            new Field("design_flow_lps", FieldType.REAL),
            new Field("diameter_mm", FieldType.REAL),
            new Field("gradient_permille", FieldType.REAL),
            new Field("fullness", FieldType.REAL),
            new Field("fullness_limit", FieldType.REAL),
            new Field("velocity_m_s", FieldType.REAL),
            new Field("full_capacity_lps", FieldType.REAL));

    /** Fields of the {@code pipes} layer. */
    public static final List<Field> PIPES_FIELDS = List.of(
            new Field("name", FieldType.STRING),
            new Field("kind", FieldType.STRING),
            new Field("diameter_mm", FieldType.REAL),
            new Field("width_m", FieldType.REAL),
            new Field("material", FieldType.STRING),
            new Field("up_invert_m", FieldType.REAL),
            new Field("down_invert_m", FieldType.REAL),
            new Field("network", FieldType.STRING),
            new Field("status", FieldType.STRING));

    /** Fields of the {@code pipe_gradients} layer. */
    public static final List<Field> PIPE_GRADIENTS_FIELDS = List.of(
            new Field("pipe_id", FieldType.INTEGER),
            new Field("name", FieldType.STRING),
            new Field("kind", FieldType.STRING),
            new Field("length_m", FieldType.REAL),
            new Field("ground_up_m", FieldType.REAL),
            new Field("ground_down_m", FieldType.REAL),
            new Field("ground_gradient_permille", FieldType.REAL),
            new Field("invert_gradient_permille", FieldType.REAL),
            new Field("min_gradient_permille", FieldType.REAL),
            new Field("gradient_source", FieldType.STRING),
            new Field("flag", FieldType.STRING),
            new Field("message", FieldType.STRING));

    /** Fields of the {@code coverage_buildings} layer. */
    public static final List<Field> COVERAGE_BUILDINGS_FIELDS = List.of(
            new Field("building_id", FieldType.INTEGER),
            new Field("zone", FieldType.STRING),
            new Field("households", FieldType.INTEGER),
            new Field("residents", FieldType.INTEGER),
            new Field("nearest_pipe_id", FieldType.INTEGER),
            new Field("pipe_distance_m", FieldType.REAL),
            new Field("served_buffer", FieldType.BOOLEAN),
            new Field("road_distance_m", FieldType.REAL),
            new Field("served_road", FieldType.BOOLEAN),
            new Field("served", FieldType.BOOLEAN),
            new Field("network", FieldType.STRING),
            new Field("served_gravity", FieldType.BOOLEAN));

    /** Fields of the {@code coverage_zones} layer. */
    public static final List<Field> COVERAGE_ZONES_FIELDS = List.of(
            new Field("zone", FieldType.STRING),
            new Field("buildings", FieldType.INTEGER),
            new Field("households", FieldType.INTEGER),
            new Field("residents", FieldType.INTEGER),
            new Field("served_households", FieldType.INTEGER),
            new Field("served_residents", FieldType.INTEGER),
            new Field("served_share_pct", FieldType.REAL),
            new Field("unserved_households", FieldType.INTEGER));

    /** Fields of the {@code coverage_facilities} layer. */
    public static final List<Field> COVERAGE_FACILITIES_FIELDS = List.of(
            new Field("name", FieldType.STRING),
            new Field("kind", FieldType.STRING),
            new Field("network", FieldType.STRING),
            new Field("capacity_households", FieldType.INTEGER),
            new Field("connected_households", FieldType.INTEGER),
            new Field("design_flow_m3_per_day", FieldType.REAL),
            new Field("capacity_m3_per_day", FieldType.REAL),
            new Field("load_pct", FieldType.REAL),
            new Field("flag", FieldType.STRING));

    private NetworkLayers() {
    }

    /**
     * Returns {@code geometry} as one line: a LineString as is, a MultiLineString whose parts join end to
     * end as the merged line. Returns null for empty geometries, other types and lines that do not join.
     */
    static LineString singleLine(Geometry geometry) {
        if (geometry == null || geometry.isEmpty()) {
            return null;
        }
        if (geometry instanceof LineString line) {
            return line;
        }
        if (geometry instanceof MultiLineString multi) {
            if (multi.getNumGeometries() == 1) {
                return (LineString) multi.getGeometryN(0);
            }
            LineMerger merger = new LineMerger();
            merger.add(multi);
            var merged = merger.getMergedLineStrings();
            return merged.size() == 1 ? (LineString) merged.iterator().next() : null;
        }
        return null;
    }

    /** Returns a polygonal geometry as a MultiPolygon, or null for other or empty geometries. */
    static MultiPolygon asMultiPolygon(Geometry geometry) {
        if (geometry == null || geometry.isEmpty()) {
            return null;
        }
        if (geometry instanceof MultiPolygon multi) {
            return multi;
        }
        if (geometry instanceof Polygon polygon) {
            return geometry.getFactory().createMultiPolygon(new Polygon[] {polygon});
        }
        return null;
    }

    /** Returns the text of {@code value} trimmed, or "" for null. */
    static String text(Object value) {
        return value == null ? "" : value.toString().trim();
    }
}
