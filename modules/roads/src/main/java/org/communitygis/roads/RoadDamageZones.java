package org.communitygis.roads;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import org.communitygis.core.CgisException;
import org.communitygis.core.Diagnostics;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.feature.Field;
import org.communitygis.core.feature.FieldType;
import org.communitygis.core.feature.GeometryKind;
import org.communitygis.core.progress.Progress;
import org.communitygis.core.raster.Raster;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.operation.buffer.BufferOp;
import org.locationtech.jts.operation.buffer.BufferParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the {@code road_damage_zones} layer: continuous stretches of road whose evaluation units carry a
 * damage hazard, as polygons with chainages, severity, reasons and a priority rank.
 *
 * <p>Per road and line part, consecutive units of severity ≥ 1 ({@link RoadHazards}) form a zone. A run
 * of at most {@link RoadZoneOptions#maxBridgedGapUnits()} quiet units (1 by default, so 20 m) between two
 * hazard units is bridged, so one quiet unit does not split a damaged stretch; 0 turns bridging off.
 * Zones never span two line parts, and on a closed ring road a zone running over the start point is
 * split there, so {@code from_m < to_m} always holds. A zone's severity and score are the maximum of its
 * units'. Its polygon is the sub-line from {@code from_m} to {@code to_m} buffered by half the road width
 * ({@link RoadWidths}) with flat end caps and round joins. {@code rank} orders zones by severity, then
 * score, then length (all descending), then road id and chainage. {@code zone_id} numbers zones by road
 * order and chainage, and the features are stored in that order.
 *
 * <p>Fields, as in docs/architecture.md: {@code zone_id}, {@code road_id} (the roads feature id),
 * {@code road_name} ({@code name}, else {@code ref}), {@code from_m}, {@code to_m}, {@code length_m} (m
 * along the digitized direction), {@code severity} (1 low, 2 medium, 3 high), {@code severity_label},
 * {@code runoff_area_m2} (largest contributing area crossed in the zone, m²), {@code max_grade_permille}
 * (steepest unit gradient in the zone, ‰), {@code heavy_vehicles_per_day} and {@code surface} (copied
 * from the road), {@code reasons} and {@code rank}. Values the inputs cannot give are null.
 */
public final class RoadDamageZones {
    /** The output layer name. */
    public static final String LAYER = "road_damage_zones";

    private static final Logger LOG = LoggerFactory.getLogger(RoadDamageZones.class);
    private static final int BUFFER_QUADRANT_SEGMENTS = 8;

    private RoadDamageZones() {
    }

    /** Returns the output schema, in column order. */
    public static List<Field> fields() {
        return List.of(new Field("zone_id", FieldType.INTEGER), new Field("road_id", FieldType.INTEGER),
                new Field("road_name", FieldType.STRING), new Field("from_m", FieldType.REAL),
                new Field("to_m", FieldType.REAL), new Field("length_m", FieldType.REAL),
                new Field("severity", FieldType.INTEGER), new Field("severity_label", FieldType.STRING),
                new Field("runoff_area_m2", FieldType.REAL), new Field("max_grade_permille", FieldType.REAL),
                new Field("heavy_vehicles_per_day", FieldType.INTEGER), new Field("surface", FieldType.STRING),
                new Field("reasons", FieldType.STRING), new Field("rank", FieldType.INTEGER));
    }

    /**
     * Computes the damage zones of {@code roads}.
     *
     * @param roads the {@code roads} layer (LINESTRING; MULTILINESTRING and GEOMETRY layers are read too)
     * @param flowAcc the {@code flow_acc} raster, or null to leave runoff out
     * @param dem the {@code dem_filled} (preferred) or {@code dem} raster, m, or null to leave grades and low
     *     points out
     * @param options thresholds, see {@link RoadZoneOptions}
     * @param progress receives one unit of work per road
     * @param diagnostics receives a warning per skipped road or part
     * @return the {@code road_damage_zones} layer in the roads' CRS
     * @throws CgisException when the roads layer is not linear, both rasters are missing, the rasters'
     *     grids or CRSs differ from each other or from the roads, the CRS is geographic, or an option is
     *     out of range
     */
    public static FeatureLayer compute(FeatureLayer roads, Raster flowAcc, Raster dem, RoadZoneOptions options,
            Progress progress, Diagnostics diagnostics) {
        Objects.requireNonNull(roads, "roads");
        Objects.requireNonNull(options, "options");
        if (!roads.kind().isLinear() && roads.kind() != GeometryKind.GEOMETRY) {
            throw new CgisException(RoadsMessages.BUNDLE, "roads.notLinearLayer", roads.name(), roads.kind().name());
        }
        RoadHazards hazards = new RoadHazards(flowAcc, dem, roads.crs(), options);
        if (flowAcc == null) {
            diagnostics.warn(RoadsMessages.BUNDLE, "roads.noFlowAcc");
        }
        if (dem == null) {
            diagnostics.warn(RoadsMessages.BUNDLE, "roads.noDem");
        }

        List<Zone> zones = new ArrayList<>();
        int evaluated = 0;
        progress.begin(RoadsMessages.BUNDLE.format("progress.evaluate"), roads.size());
        for (int i = 0; i < roads.size(); i++) {
            Optional<RoadAssessment> assessment = hazards.evaluate(roads.features().get(i), diagnostics);
            if (assessment.isPresent()) {
                evaluated++;
                zones.addAll(zonesOf(assessment.get(), options.maxBridgedGapUnits()));
            }
            progress.worked(i + 1);
        }
        progress.end();

        List<Zone> ranked = new ArrayList<>(zones);
        ranked.sort(Comparator.comparingInt(Zone::severity).reversed()
                .thenComparing(Comparator.comparingInt(Zone::score).reversed())
                .thenComparing(Comparator.comparingDouble(Zone::lengthM).reversed())
                .thenComparingLong(zone -> zone.road().road().id())
                .thenComparingDouble(Zone::fromM));
        for (int i = 0; i < ranked.size(); i++) {
            ranked.get(i).rank = i + 1;
        }

        FeatureLayer layer = new FeatureLayer(LAYER, GeometryKind.POLYGON, roads.crs(), fields());
        for (int i = 0; i < zones.size(); i++) {
            layer.add(toFeature(i + 1, zones.get(i)));
        }
        LOG.info("Road damage zones: {} of {} roads evaluated, {} zones ({})", evaluated, roads.size(),
                zones.size(), options.toParams());
        return layer;
    }

    /** A stretch of consecutive units on one part of one road. */
    private static final class Zone {
        final RoadAssessment road;
        final int part;
        final List<UnitHazard> units;
        int rank;

        Zone(RoadAssessment road, int part, List<UnitHazard> units) {
            this.road = road;
            this.part = part;
            this.units = units;
        }

        RoadAssessment road() {
            return road;
        }

        double fromM() {
            return units.get(0).fromM();
        }

        double toM() {
            return units.get(units.size() - 1).toM();
        }

        double lengthM() {
            return toM() - fromM();
        }

        int severity() {
            return units.stream().mapToInt(UnitHazard::severity).max().orElse(0);
        }

        int score() {
            return units.stream().filter(unit -> unit.severity() > 0).mapToInt(UnitHazard::score).max().orElse(0);
        }
    }

    private static List<Zone> zonesOf(RoadAssessment assessment, int maxGapUnits) {
        List<Zone> zones = new ArrayList<>();
        List<UnitHazard> units = assessment.units();
        int start = 0;
        while (start < units.size()) {
            int end = start;
            while (end + 1 < units.size() && units.get(end + 1).part() == units.get(start).part()) {
                end++;
            }
            addZonesOfPart(assessment, units.subList(start, end + 1), maxGapUnits, zones);
            start = end + 1;
        }
        return zones;
    }

    private static void addZonesOfPart(RoadAssessment assessment, List<UnitHazard> units, int maxGapUnits,
            List<Zone> zones) {
        int first = -1;
        int last = -1;
        for (int i = 0; i < units.size(); i++) {
            if (units.get(i).severity() == 0) {
                continue;
            }
            if (first >= 0 && i - last - 1 > maxGapUnits) {
                zones.add(new Zone(assessment, units.get(first).part(), List.copyOf(units.subList(first, last + 1))));
                first = -1;
            }
            if (first < 0) {
                first = i;
            }
            last = i;
        }
        if (first >= 0) {
            zones.add(new Zone(assessment, units.get(first).part(), List.copyOf(units.subList(first, last + 1))));
        }
    }

    private static Feature toFeature(long zoneId, Zone zone) {
        RoadAssessment road = zone.road();
        Feature feature = new Feature(zoneId, polygon(zone));
        feature.set("zone_id", zoneId);
        feature.set("road_id", road.road().id());
        feature.set("road_name", road.name());
        feature.set("from_m", zone.fromM());
        feature.set("to_m", zone.toM());
        feature.set("length_m", zone.lengthM());
        feature.set("severity", (long) zone.severity());
        feature.set("severity_label", ZoneReasons.severityLabel(zone.severity()));
        feature.set("runoff_area_m2", max(zone.units, UnitHazard::runoffAreaM2));
        feature.set("max_grade_permille", max(zone.units, UnitHazard::gradePermille));
        feature.set("heavy_vehicles_per_day", road.traffic().heavyPerDay());
        feature.set("surface", road.traffic().surface());
        feature.set("reasons", ZoneReasons.sentence(zone.units, road.traffic()));
        feature.set("rank", (long) zone.rank);
        return feature;
    }

    private static Double max(List<UnitHazard> units, ToDoubleFunction<UnitHazard> value) {
        double best = Double.NaN;
        for (UnitHazard unit : units) {
            double v = value.applyAsDouble(unit);
            if (!Double.isNaN(v) && (Double.isNaN(best) || v > best)) {
                best = v;
            }
        }
        return Double.isNaN(best) ? null : best;
    }

    /** Returns the zone's sub-line buffered by half the road width with flat end caps. */
    static Polygon polygon(Zone zone) {
        RoadAssessment.Part part = zone.road().parts().get(zone.part);
        LineString line = part.line();
        Geometry subLine = Chainage.subLine(line, zone.fromM() - part.offsetM(), zone.toM() - part.offsetM());
        BufferParameters parameters = new BufferParameters(BUFFER_QUADRANT_SEGMENTS, BufferParameters.CAP_FLAT,
                BufferParameters.JOIN_ROUND, BufferParameters.DEFAULT_MITRE_LIMIT);
        Geometry buffer = BufferOp.bufferOp(subLine, zone.road().widthM() / 2, parameters);
        if (buffer instanceof Polygon polygon) {
            return polygon;
        }
        // A connected line buffers to one polygon. Should rounding split it, keep the largest piece.
        Polygon largest = null;
        for (int i = 0; i < buffer.getNumGeometries(); i++) {
            Geometry piece = buffer.getGeometryN(i);
            if (piece instanceof Polygon polygon && (largest == null || polygon.getArea() > largest.getArea())) {
                largest = polygon;
            }
        }
        if (largest == null) {
            throw new IllegalStateException("Buffer of road " + zone.road().road().id() + " from "
                    + zone.fromM() + " m to " + zone.toM() + " m is empty");
        }
        LOG.warn("Buffer of road {} from {} m to {} m split into {} polygons; kept the largest",
                zone.road().road().id(), zone.fromM(), zone.toM(), buffer.getNumGeometries());
        return largest;
    }
}
