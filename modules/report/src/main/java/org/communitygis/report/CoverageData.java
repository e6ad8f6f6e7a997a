package org.communitygis.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.communitygis.core.CgisException;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.store.LayerInfo;
import org.communitygis.core.store.ProjectStore;
import org.locationtech.jts.geom.Geometry;

/**
 * The analysis layers a coverage report reads, loaded from a project into plain records.
 *
 * <p>{@code coverage_buildings} is required. {@code coverage_zones} is optional: without it the zone table is
 * summed from the buildings. {@code coverage_facilities}, {@code pipe_gradients}, {@code road_damage_zones}
 * and {@code road_gradients} are optional and their sections are left out when absent. The imported layers
 * {@code zones}, {@code roads}, {@code pipes}, {@code waterways} and {@code facilities} are read for the map
 * when present.
 */
final class CoverageData {
    static final String COVERAGE_BUILDINGS = "coverage_buildings";

    /** One row of {@code coverage_buildings}; NaN or null where the layer has no value. */
    record Building(long id, String zone, long households, long residents, boolean served, Boolean servedBuffer,
            Boolean servedRoad, double pipeDistanceM, double roadDistanceM, Long nearestPipeId, String network,
            Geometry geometry) {
    }

    /** One row of the zone table. */
    record Zone(String name, long buildings, long households, long residents, long servedHouseholds,
            double servedSharePct, long unservedHouseholds) {
    }

    /** One row of {@code coverage_facilities}. */
    record Facility(String name, String kind, String network, Long capacityHouseholds, long connectedHouseholds,
            double designFlowM3PerDay, double capacityM3PerDay, double loadPct, String flag, Geometry geometry) {
    }

    /** One row of {@code pipe_gradients}. */
    record PipeGradient(long pipeId, String name, String kind, double lengthM, double groundGradientPermille,
            double invertGradientPermille, double minGradientPermille, String source, String flag, String message,
            Geometry geometry) {

        /** Returns the gradient the check used: the invert gradient when inverts were given, else the ground's. */
        double gradientPermille() {
            return "inverts".equals(source) ? invertGradientPermille : groundGradientPermille;
        }
    }

    /**
     * One feature (piece) of {@code road_damage_zones}. A zone over several road features is stored as one
     * piece per feature with the same {@code route_zone}; the zone-wide values ({@code route} to
     * {@code esal_per_day}) are equal on all its pieces. Fields missing from older layers are null or NaN.
     *
     * @param fromM chainage along the piece's road feature, m
     * @param routeFromM chainage along the route, m
     * @param severity stored code: 1 low, 2 medium, 3 high, 0 when missing
     * @param severityLabel the label stored in the language of the analysis run, used only without a code
     * @param esalPerDay equivalent standard axle passes per day
     */
    record DamageZone(long rank, String roadName, String route, Long routeZone, double fromM, double toM,
            double routeFromM, double routeToM, String fromStation, String toStation, double lengthM, long severity,
            String severityLabel, Double pci, String pciGrade, String pciStandard, Double esalPerDay, String reasons,
            Geometry geometry) {
        /** Returns the route name, else the road name, else null. */
        String routeName() {
            return route != null ? route : roadName;
        }

        /** Returns the zone's start station: the stored one, else formatted from the route or road chainage. */
        String startStation() {
            if (fromStation != null) {
                return fromStation;
            }
            return Formats.stationing(Double.isNaN(routeFromM) ? fromM : routeFromM);
        }

        /** Returns the zone's end station: the stored one, else formatted from the route or road chainage. */
        String endStation() {
            if (toStation != null) {
                return toStation;
            }
            return Formats.stationing(Double.isNaN(routeToM) ? toM : routeToM);
        }
    }

    /**
     * Returns one row per damage zone in rank order: the first piece of each {@code route_zone} (each piece
     * on its own in layers without that field), with the zone's length along its route, else the summed
     * length of its pieces.
     */
    List<DamageZone> damageZoneTable() {
        if (damageZones.isEmpty()) {
            return List.of();
        }
        Map<Object, DamageZone> first = new LinkedHashMap<>();
        Map<Object, Double> lengths = new LinkedHashMap<>();
        for (DamageZone piece : damageZones.get()) {
            Object key = piece.routeZone() != null ? piece.routeZone() : piece;
            first.putIfAbsent(key, piece);
            lengths.merge(key, Double.isNaN(piece.lengthM()) ? 0 : piece.lengthM(), Double::sum);
        }
        List<DamageZone> rows = new ArrayList<>();
        for (Map.Entry<Object, DamageZone> entry : first.entrySet()) {
            DamageZone z = entry.getValue();
            double length = !Double.isNaN(z.routeFromM()) && !Double.isNaN(z.routeToM()) ? z.routeToM() - z.routeFromM()
                    : lengths.get(entry.getKey());
            rows.add(new DamageZone(z.rank(), z.roadName(), z.route(), z.routeZone(), z.fromM(), z.toM(), z.routeFromM(),
                    z.routeToM(), z.fromStation(), z.toStation(), length, z.severity(), z.severityLabel(), z.pci(),
                    z.pciGrade(), z.pciStandard(), z.esalPerDay(), z.reasons(), z.geometry()));
        }
        rows.sort(Comparator.comparingLong(DamageZone::rank));
        return rows;
    }

    /** One row of {@code road_gradients}. */
    record RoadGradient(String name, String highway, double lengthM, double maxGradientPermille, String flag) {
    }

    final List<Building> buildings;
    final List<Zone> zones;
    final Optional<List<Facility>> facilities;
    final Optional<List<PipeGradient>> pipeGradients;
    final Optional<List<DamageZone>> damageZones;
    final Optional<List<RoadGradient>> roadGradients;
    /** Imported layers drawn on the map, each empty when the project lacks it. */
    final Optional<FeatureLayer> zoneAreas;
    final Optional<FeatureLayer> roads;
    final Optional<FeatureLayer> pipes;
    final Optional<FeatureLayer> waterways;
    final Optional<FeatureLayer> facilityPoints;

    private CoverageData(ProjectStore store) {
        if (!store.contains(COVERAGE_BUILDINGS)) {
            throw new CgisException(ReportMessages.BUNDLE, "report.noCoverage", COVERAGE_BUILDINGS);
        }
        FeatureLayer coverage = store.readFeatures(COVERAGE_BUILDINGS);
        requireFields(coverage, "served", "households");
        buildings = readBuildings(coverage);
        zones = store.contains("coverage_zones") ? readZones(store.readFeatures("coverage_zones")) : sumZones(buildings);
        facilities = optional(store, "coverage_facilities").map(CoverageData::readFacilities);
        pipeGradients = optional(store, "pipe_gradients").map(CoverageData::readPipeGradients);
        damageZones = optional(store, "road_damage_zones").map(CoverageData::readDamageZones);
        roadGradients = optional(store, "road_gradients").map(CoverageData::readRoadGradients);
        zoneAreas = optional(store, "zones").or(() -> optional(store, "coverage_zones"));
        roads = optional(store, "roads");
        pipes = optional(store, "pipes");
        waterways = optional(store, "waterways");
        facilityPoints = optional(store, "facilities");
    }

    /**
     * Loads the report's layers from {@code store}.
     *
     * @throws CgisException when {@code coverage_buildings} is missing or lacks the {@code served} or
     *     {@code households} field
     */
    static CoverageData load(ProjectStore store) {
        return new CoverageData(store);
    }

    long totalHouseholds() {
        return buildings.stream().mapToLong(Building::households).sum();
    }

    long totalResidents() {
        return buildings.stream().mapToLong(Building::residents).sum();
    }

    long servedHouseholds() {
        return buildings.stream().filter(Building::served).mapToLong(Building::households).sum();
    }

    /** Returns the served share of households, %, or NaN when there are no households. */
    double servedSharePct() {
        long total = totalHouseholds();
        return total == 0 ? Double.NaN : 100.0 * servedHouseholds() / total;
    }

    /** Returns the unserved buildings with households, by zone and then by distance to the nearest pipe. */
    List<Building> unserved() {
        return buildings.stream().filter(b -> !b.served() && b.households() > 0)
                .sorted(Comparator.comparing((Building b) -> b.zone() == null ? "" : b.zone())
                        .thenComparingDouble(b -> Double.isNaN(b.pipeDistanceM()) ? Double.MAX_VALUE : b.pipeDistanceM())
                        .thenComparingLong(Building::id))
                .toList();
    }

    private static Optional<FeatureLayer> optional(ProjectStore store, String name) {
        return store.contains(name) && store.layer(name).orElseThrow().type() == LayerInfo.LayerType.VECTOR
                ? Optional.of(store.readFeatures(name)) : Optional.empty();
    }

    private static void requireFields(FeatureLayer layer, String... names) {
        for (String name : names) {
            if (!layer.hasField(name)) {
                throw new CgisException(ReportMessages.BUNDLE, "report.missingField", layer.name(), name);
            }
        }
    }

    private static List<Building> readBuildings(FeatureLayer layer) {
        List<Building> result = new ArrayList<>();
        for (Feature f : layer.features()) {
            result.add(new Building(f.getLong("building_id", f.id()), f.getString("zone"), f.getLong("households", 0),
                    f.getLong("residents", 0), Boolean.TRUE.equals(f.get("served")), bool(f, "served_buffer"),
                    bool(f, "served_road"), f.getDouble("pipe_distance_m", Double.NaN),
                    f.getDouble("road_distance_m", Double.NaN), f.get("nearest_pipe_id") == null ? null
                            : f.getLong("nearest_pipe_id", 0), f.getString("network"), f.geometry()));
        }
        return result;
    }

    private static Boolean bool(Feature feature, String field) {
        Object value = feature.get(field);
        return value instanceof Boolean b ? b : null;
    }

    private static List<Zone> readZones(FeatureLayer layer) {
        List<Zone> result = new ArrayList<>();
        for (Feature f : layer.features()) {
            long households = f.getLong("households", 0);
            long served = f.getLong("served_households", 0);
            double share = f.getDouble("served_share_pct", households == 0 ? Double.NaN : 100.0 * served / households);
            result.add(new Zone(f.getString("zone"), f.getLong("buildings", 0), households, f.getLong("residents", 0),
                    served, share, f.getLong("unserved_households", households - served)));
        }
        return result;
    }

    /** Sums the zone table from the buildings, zones in order of first appearance; a null zone stays null. */
    private static List<Zone> sumZones(List<Building> buildings) {
        Map<String, long[]> sums = new LinkedHashMap<>();
        for (Building b : buildings) {
            long[] s = sums.computeIfAbsent(b.zone() == null ? "\u0000" : b.zone(), key -> new long[4]);
            s[0]++;
            s[1] += b.households();
            s[2] += b.residents();
            s[3] += b.served() ? b.households() : 0;
        }
        List<Zone> result = new ArrayList<>();
        sums.forEach((name, s) -> result.add(new Zone(name.equals("\u0000") ? null : name, s[0], s[1], s[2], s[3],
                s[1] == 0 ? Double.NaN : 100.0 * s[3] / s[1], s[1] - s[3])));
        return result;
    }

    private static List<Facility> readFacilities(FeatureLayer layer) {
        List<Facility> result = new ArrayList<>();
        for (Feature f : layer.features()) {
            result.add(new Facility(f.getString("name"), f.getString("kind"), f.getString("network"),
                    f.get("capacity_households") == null ? null : f.getLong("capacity_households", 0),
                    f.getLong("connected_households", 0), f.getDouble("design_flow_m3_per_day", Double.NaN),
                    f.getDouble("capacity_m3_per_day", Double.NaN), f.getDouble("load_pct", Double.NaN),
                    f.getString("flag"), f.geometry()));
        }
        return result;
    }

    private static List<PipeGradient> readPipeGradients(FeatureLayer layer) {
        List<PipeGradient> result = new ArrayList<>();
        for (Feature f : layer.features()) {
            result.add(new PipeGradient(f.getLong("pipe_id", f.id()), f.getString("name"), f.getString("kind"),
                    f.getDouble("length_m", f.geometry().getLength()), f.getDouble("ground_gradient_permille", Double.NaN),
                    f.getDouble("invert_gradient_permille", Double.NaN), f.getDouble("min_gradient_permille", Double.NaN),
                    f.getString("gradient_source"), f.getString("flag"), f.getString("message"), f.geometry()));
        }
        return result;
    }

    private static List<DamageZone> readDamageZones(FeatureLayer layer) {
        List<DamageZone> result = new ArrayList<>();
        for (Feature f : layer.features()) {
            Long routeZone = f.get("route_zone") == null ? null : f.getLong("route_zone", 0);
            result.add(new DamageZone(f.getLong("rank", Long.MAX_VALUE), f.getString("road_name"), f.getString("route"),
                    routeZone, f.getDouble("from_m", Double.NaN), f.getDouble("to_m", Double.NaN),
                    f.getDouble("route_from_m", Double.NaN), f.getDouble("route_to_m", Double.NaN),
                    f.getString("from_station"), f.getString("to_station"), f.getDouble("length_m", Double.NaN),
                    f.getLong("severity", 0), f.getString("severity_label"), optionalDouble(f, "pci"),
                    f.getString("pci_grade"), f.getString("pci_standard"), optionalDouble(f, "esal_per_day"),
                    f.getString("reasons"), f.geometry()));
        }
        result.sort(Comparator.comparingLong(DamageZone::rank));
        return result;
    }

    private static Double optionalDouble(Feature f, String field) {
        double value = f.getDouble(field, Double.NaN);
        return Double.isNaN(value) ? null : value;
    }

    private static List<RoadGradient> readRoadGradients(FeatureLayer layer) {
        List<RoadGradient> result = new ArrayList<>();
        for (Feature f : layer.features()) {
            result.add(new RoadGradient(f.getString("name"), f.getString("highway"), f.getDouble("length_m", Double.NaN),
                    f.getDouble("max_gradient_permille", Double.NaN), f.getString("flag")));
        }
        return result;
    }
}
