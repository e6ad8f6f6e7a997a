package org.communitygis.roads;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.operation.buffer.BufferOp;
import org.locationtech.jts.operation.buffer.BufferParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the {@code road_damage_zones} layer: continuous stretches of road whose evaluation units carry a
 * damage hazard, as polygons with chainages, severity, reasons and a priority rank.
 *
 * <p>Roads are chained into routes ({@link Routes}: parts of one name or ref, oriented along the route),
 * and every unit's hazards ({@link RoadHazards}, per road feature) are moved onto route chainages. With a
 * distress survey each unit also gets the PCI of the condition unit ({@link PavementCondition}) that contains
 * its middle, and condition points: JTG 5210-2018 grades 优 and 良 0, 中 1, 次 2, 差 3; CJJ 36-2016 grades
 * A 0, B 1, C 2, D 3. The unit score is the hazard score plus the condition points; on a strong pavement
 * with 2 or more condition points the road's load (equivalent standard axles, else heavy vehicles) is
 * scored as on a weak surface, and 1 more is added when the traffic points are then ≥ 2 and the pavement
 * is poor ({@link RouteUnit#combine}). A unit counts as
 * hazardous (severity ≥ 1) when it has a terrain hazard or condition points, or any score with
 * {@link RoadZoneOptions#trafficOnlyZones()}. Severity follows {@link RoadHazards#severity(int)}.
 *
 * <p>Along a route, consecutive hazardous units form a zone. A run of at most
 * {@link RoadZoneOptions#maxBridgedGapUnits()} quiet units (1 by default, so 20 m) between two hazardous
 * units is bridged, so one quiet unit does not split a damaged stretch; 0 turns bridging off. Unit ends
 * are snapped to {@link Route#SNAP_M}, so units of two road features that meet join into one zone. Zones
 * never span a gap between route parts, and on a closed ring a zone running over the start point is split
 * there, so {@code route_from_m < route_to_m} always holds. A zone's severity and score are the maximum of
 * its units'. {@code rank} orders zones by severity, then score, then length (all descending), then first
 * road id and route chainage.
 *
 * <p>A zone is written as one feature per road feature part it covers (a piece), in route order, so that
 * {@code road_id}, {@code from_m} and {@code to_m} always describe one road feature in its digitized
 * direction, and {@code route_zone} groups the pieces of one zone. A piece's polygon is its sub-line
 * buffered by half the road width ({@link RoadWidths}) with flat end caps and round joins. {@code zone_id}
 * numbers the pieces by route order and chainage, and the features are stored in that order.
 *
 * <p>Fields, as in docs/architecture.md. Of the piece: {@code zone_id}, {@code road_id} (the roads
 * feature id), {@code road_name} ({@code name}, else {@code ref}), {@code from_m}, {@code to_m},
 * {@code length_m} (m along the road feature in its digitized direction), {@code heavy_vehicles_per_day}
 * and {@code surface} (copied from the road). Of the whole zone, equal on all its pieces:
 * {@code severity} (1 low, 2 medium, 3 high), {@code severity_label}, {@code runoff_area_m2} (largest
 * contributing area crossed, m²), {@code max_grade_permille} (steepest unit gradient, ‰),
 * {@code reasons}, {@code rank}, {@code route}, {@code route_zone} (number of the zone, from 1 in route
 * order), {@code route_from_m} and {@code route_to_m} (route chainage, m), {@code from_station} and
 * {@code to_station} (the same as {@code K0+180}), {@code pci} (lowest PCI), {@code pci_grade},
 * {@code pci_standard} and {@code esal_per_day} (equivalent standard axle passes per day, highest of the
 * zone's roads, {@link RoadTraffic#esalPerDay}). Of the piece again: {@code rqi} (lowest RQI of its units
 * from the survey's IRI, else from the road's {@code iri_m_per_km}). Values the inputs cannot give are
 * null.
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
                new Field("reasons", FieldType.STRING), new Field("rank", FieldType.INTEGER),
                new Field("route", FieldType.STRING),
                new Field("route_zone", FieldType.INTEGER), new Field("route_from_m", FieldType.REAL),
                new Field("route_to_m", FieldType.REAL), new Field("from_station", FieldType.STRING),
                new Field("to_station", FieldType.STRING),
                new Field("pci", FieldType.REAL), new Field("pci_grade", FieldType.STRING),
                new Field("pci_standard", FieldType.STRING), new Field("esal_per_day", FieldType.REAL),
                new Field("rqi", FieldType.REAL));
    }

    /**
     * Computes the damage zones of {@code roads} from terrain and traffic only, as
     * {@link #compute(FeatureLayer, Raster, Raster, RoadZoneOptions, ConditionInput, Progress, Diagnostics)}
     * without a survey.
     */
    public static FeatureLayer compute(FeatureLayer roads, Raster flowAcc, Raster dem, RoadZoneOptions options,
            Progress progress, Diagnostics diagnostics) {
        return compute(roads, flowAcc, dem, options, null, progress, diagnostics);
    }

    /**
     * Pavement condition input of the zones.
     *
     * @param survey the distress survey, located on routes built from the same roads layer
     * @param standard the standard the PCI is computed by
     * @param unitLengthM length of a condition unit, m (100 m is usual for both standards)
     * @param standardAxleKn the standard axle for {@code esal_per_day}, kN ({@link AxleLoads#BZZ_100_KN})
     */
    public record ConditionInput(DistressSurvey survey, PavementCondition.Standard standard, double unitLengthM,
            double standardAxleKn) {
    }

    /**
     * Computes the damage zones of {@code roads}.
     *
     * @param roads the {@code roads} layer (LINESTRING; MULTILINESTRING and GEOMETRY layers are read too)
     * @param flowAcc the {@code flow_acc} raster, or null to leave runoff out
     * @param dem the {@code dem_filled} (preferred) or {@code dem} raster, m, or null to leave grades and low
     *     points out
     * @param options thresholds, see {@link RoadZoneOptions}
     * @param condition the distress survey and PCI standard, or null to leave pavement condition out
     * @param progress receives one unit of work per road
     * @param diagnostics receives a warning per skipped road or part
     * @return the {@code road_damage_zones} layer in the roads' CRS
     * @throws CgisException when the roads layer is not linear, both rasters are missing, the rasters'
     *     grids or CRSs differ from each other or from the roads, the CRS is geographic, or an option is
     *     out of range
     */
    public static FeatureLayer compute(FeatureLayer roads, Raster flowAcc, Raster dem, RoadZoneOptions options,
            ConditionInput condition, Progress progress, Diagnostics diagnostics) {
        Objects.requireNonNull(roads, "roads");
        Objects.requireNonNull(options, "options");
        if (!roads.kind().isLinear() && roads.kind() != GeometryKind.GEOMETRY) {
            throw new CgisException(RoadsMessages.BUNDLE, "roads.notLinearLayer", roads.name(), roads.kind().name());
        }
        double standardAxleKn = condition == null ? AxleLoads.BZZ_100_KN : condition.standardAxleKn();
        RoadHazards hazards = new RoadHazards(flowAcc, dem, roads.crs(), options, standardAxleKn);
        if (flowAcc == null) {
            diagnostics.warn(RoadsMessages.BUNDLE, "roads.noFlowAcc");
        }
        if (dem == null) {
            diagnostics.warn(RoadsMessages.BUNDLE, "roads.noDem");
        }

        Map<Long, RoadAssessment> assessments = new HashMap<>();
        progress.begin(RoadsMessages.BUNDLE.format("progress.evaluate"), roads.size());
        for (int i = 0; i < roads.size(); i++) {
            Feature road = roads.features().get(i);
            hazards.evaluate(road, diagnostics).ifPresent(assessment -> assessments.put(road.id(), assessment));
            progress.worked(i + 1);
        }
        progress.end();

        Routes routes = Routes.build(roads);
        Map<String, List<PavementCondition.UnitCondition>> conditions = condition == null ? Map.of()
                : PavementCondition.evaluate(roads, condition.survey(), condition.standard(), condition.unitLengthM(),
                        diagnostics);

        List<Zone> zones = new ArrayList<>();
        for (Route route : routes.all()) {
            List<RouteUnit> units = RouteUnit.of(route, assessments, conditions.get(route.name()), options);
            zones.addAll(zonesOf(route, units, options.maxBridgedGapUnits()));
        }

        List<Zone> ranked = new ArrayList<>(zones);
        ranked.sort(Comparator.comparingInt(Zone::severity).reversed()
                .thenComparing(Comparator.comparingInt(Zone::score).reversed())
                .thenComparing(Comparator.comparingDouble(Zone::lengthM).reversed())
                .thenComparingLong(zone -> zone.first().assessment().road().id())
                .thenComparingDouble(Zone::fromM));
        for (int i = 0; i < ranked.size(); i++) {
            ranked.get(i).rank = i + 1;
        }

        FeatureLayer layer = new FeatureLayer(LAYER, GeometryKind.POLYGON, roads.crs(), fields());
        PavementCondition.Standard standard = condition == null ? null : condition.standard();
        long zoneId = 1;
        for (int i = 0; i < zones.size(); i++) {
            for (Feature piece : toFeatures(zoneId, i + 1, zones.get(i), standard)) {
                layer.add(piece);
                zoneId++;
            }
        }
        LOG.info("Road damage zones: {} of {} roads evaluated on {} routes, {} zones ({})", assessments.size(),
                roads.size(), routes.all().size(), zones.size(), options.toParams());
        return layer;
    }

    /**
     * Returns the RQI of a piece: the lowest RQI of its units' survey IRI, else the road's RQI from its
     * {@code iri_m_per_km} attribute, else null.
     */
    static Double rqi(List<RouteUnit> piece, Feature road, PavementCondition.Standard standard) {
        double lowest = Double.NaN;
        for (RouteUnit unit : piece) {
            PavementCondition.UnitCondition condition = unit.condition();
            if (condition != null && !Double.isNaN(condition.rqi()) && !(condition.rqi() >= lowest)) {
                lowest = condition.rqi();
            }
        }
        if (!Double.isNaN(lowest)) {
            return lowest;
        }
        return rqi(road, standard);
    }

    /**
     * Returns the road's RQI from its {@code iri_m_per_km} attribute, or null without one: by CJJ 36-2016
     * when that is the PCI standard, else by JTG 5210-2018 with the expressway and class-1 coefficients
     * for {@code highway} motorway and trunk.
     */
    static Double rqi(Feature road, PavementCondition.Standard standard) {
        double iri = road.getDouble("iri_m_per_km", Double.NaN);
        if (!(iri >= 0) || Double.isInfinite(iri)) {
            return null;
        }
        return PavementCondition.rqi(iri, road, standard);
    }

    /** A stretch of consecutive units along one route. */
    private static final class Zone {
        final Route route;
        final List<RouteUnit> units;
        int rank;

        Zone(Route route, List<RouteUnit> units) {
            this.route = route;
            this.units = units;
        }

        RouteUnit first() {
            return units.get(0);
        }

        double fromM() {
            return units.get(0).hazard().fromM();
        }

        double toM() {
            return units.get(units.size() - 1).hazard().toM();
        }

        double lengthM() {
            return toM() - fromM();
        }

        int severity() {
            return units.stream().mapToInt(RouteUnit::severity).max().orElse(0);
        }

        int score() {
            return units.stream().filter(unit -> unit.severity() > 0).mapToInt(RouteUnit::score).max().orElse(0);
        }

        /** Returns the unit that decides the zone's traffic attributes: the first with the highest score. */
        RouteUnit worst() {
            RouteUnit worst = units.get(0);
            for (RouteUnit unit : units) {
                if (unit.score() > worst.score()) {
                    worst = unit;
                }
            }
            return worst;
        }
    }

    /**
     * Splits a route's units into zones. Units are contiguous when one ends where the next starts (both
     * are snapped to {@link Route#SNAP_M}); a gap between route parts and the start of a ring end a zone.
     */
    private static List<Zone> zonesOf(Route route, List<RouteUnit> units, int maxGapUnits) {
        List<Zone> zones = new ArrayList<>();
        int start = 0;
        while (start < units.size()) {
            int end = start;
            while (end + 1 < units.size()
                    && Math.abs(units.get(end + 1).hazard().fromM() - units.get(end).hazard().toM()) <= Route.SNAP_M / 2) {
                end++;
            }
            addZonesOfStretch(route, units.subList(start, end + 1), maxGapUnits, zones);
            start = end + 1;
        }
        return zones;
    }

    private static void addZonesOfStretch(Route route, List<RouteUnit> units, int maxGapUnits, List<Zone> zones) {
        int first = -1;
        int last = -1;
        for (int i = 0; i < units.size(); i++) {
            if (units.get(i).severity() == 0) {
                continue;
            }
            if (first >= 0 && i - last - 1 > maxGapUnits) {
                zones.add(new Zone(route, List.copyOf(units.subList(first, last + 1))));
                first = -1;
            }
            if (first < 0) {
                first = i;
            }
            last = i;
        }
        if (first >= 0) {
            zones.add(new Zone(route, List.copyOf(units.subList(first, last + 1))));
        }
    }

    /**
     * Returns the features of a zone: one piece per road feature part it covers, in route order. The piece
     * fields ({@code road_id} to {@code length_m}, {@code heavy_vehicles_per_day}, {@code surface}) describe
     * the piece; the others describe the whole zone and are the same on all its pieces.
     */
    private static List<Feature> toFeatures(long firstZoneId, long routeZone, Zone zone,
            PavementCondition.Standard standard) {
        String standardCode = standard == null ? null : standard.code();
        PavementCondition.UnitCondition poorest = null;
        Double esal = null;
        for (RouteUnit unit : zone.units) {
            PavementCondition.UnitCondition condition = unit.condition();
            if (condition != null && !Double.isNaN(condition.pci()) && (poorest == null || condition.pci() < poorest.pci())) {
                poorest = condition;
            }
            if (unit.esalPerDay() != null && (esal == null || unit.esalPerDay() > esal)) {
                esal = unit.esalPerDay();
            }
        }
        List<UnitHazard> hazards = zone.units.stream().map(RouteUnit::hazard).toList();
        RoadTraffic traffic = zone.worst().assessment().traffic();
        String reasons = ZoneReasons.sentence(hazards, traffic);
        reasons = ZoneReasons.append(reasons, ZoneReasons.condition(poorest));
        RouteUnit poorLoaded = zone.units.stream().filter(unit -> unit.poorPavementLoadPoints() > 0).findFirst()
                .orElse(null);
        if (poorLoaded != null) {
            reasons = ZoneReasons.append(reasons, ZoneReasons.loadOnPoorPavement(poorLoaded.assessment().traffic()));
        }
        reasons = ZoneReasons.append(reasons, ZoneReasons.missingTables(zone.units));
        boolean axlesNamed = ZoneReasons.namesAxles(traffic)
                || (poorLoaded != null && poorLoaded.assessment().traffic().esalPerDay() != null);
        if (!axlesNamed) {
            reasons = ZoneReasons.append(reasons, ZoneReasons.axles(esal));
        }

        List<Feature> features = new ArrayList<>();
        int start = 0;
        while (start < zone.units.size()) {
            int end = start;
            while (end + 1 < zone.units.size() && zone.units.get(end + 1).assessment() == zone.units.get(start).assessment()
                    && zone.units.get(end + 1).original().part() == zone.units.get(start).original().part()) {
                end++;
            }
            List<RouteUnit> piece = zone.units.subList(start, end + 1);
            RoadAssessment road = piece.get(0).assessment();
            double from = piece.stream().mapToDouble(unit -> unit.original().fromM()).min().orElseThrow();
            double to = piece.stream().mapToDouble(unit -> unit.original().toM()).max().orElseThrow();
            long zoneId = firstZoneId + features.size();

            Feature feature = new Feature(zoneId, polygon(road, piece.get(0).original().part(), from, to));
            feature.set("zone_id", zoneId);
            feature.set("road_id", road.road().id());
            feature.set("road_name", road.name());
            feature.set("from_m", from);
            feature.set("to_m", to);
            feature.set("length_m", to - from);
            feature.set("severity", (long) zone.severity());
            feature.set("severity_label", ZoneReasons.severityLabel(zone.severity()));
            feature.set("runoff_area_m2", max(hazards, UnitHazard::runoffAreaM2));
            feature.set("max_grade_permille", max(hazards, UnitHazard::gradePermille));
            feature.set("heavy_vehicles_per_day", road.traffic().heavyPerDay());
            feature.set("surface", road.traffic().surface());
            feature.set("reasons", reasons);
            feature.set("rank", (long) zone.rank);
            feature.set("route", zone.route.name());
            feature.set("route_zone", routeZone);
            feature.set("route_from_m", zone.fromM());
            feature.set("route_to_m", zone.toM());
            feature.set("from_station", Chainage.station(zone.fromM()));
            feature.set("to_station", Chainage.station(zone.toM()));
            feature.set("pci", poorest == null ? null : Math.round(poorest.pci() * 10) / 10.0);
            feature.set("pci_grade", poorest == null ? null : poorest.grade());
            feature.set("pci_standard", poorest == null ? null : standardCode);
            feature.set("esal_per_day", esal);
            feature.set("rqi", rqi(piece, road.road(), standard));
            features.add(feature);
            start = end + 1;
        }
        return features;
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

    /**
     * Returns the sub-line of a road part between two road chainages buffered by half the road width, with
     * flat end caps.
     */
    static Polygon polygon(RoadAssessment road, int part, double fromM, double toM) {
        RoadAssessment.Part line = road.parts().get(part);
        Geometry subLine = Chainage.subLine(line.line(), fromM - line.offsetM(), toM - line.offsetM());
        double width = road.widthM();
        BufferParameters parameters = new BufferParameters(BUFFER_QUADRANT_SEGMENTS, BufferParameters.CAP_FLAT,
                BufferParameters.JOIN_ROUND, BufferParameters.DEFAULT_MITRE_LIMIT);
        Geometry buffer = BufferOp.bufferOp(subLine, width / 2, parameters);
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
            throw new IllegalStateException("Buffer of road " + road.road().id() + " from " + fromM + " m to " + toM
                    + " m is empty");
        }
        LOG.warn("Buffer of road {} from {} m to {} m split into {} polygons; kept the largest",
                road.road().id(), fromM, toM, buffer.getNumGeometries());
        return largest;
    }
}
