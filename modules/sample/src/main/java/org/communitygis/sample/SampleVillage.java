package org.communitygis.sample;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.feature.Field;
import org.communitygis.core.feature.FieldType;
import org.communitygis.core.feature.GeometryKind;
import org.communitygis.core.raster.Raster;
import org.communitygis.core.store.MemoryStore;
import org.communitygis.core.store.ProjectStore;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.linearref.LengthIndexedLine;
import org.locationtech.jts.operation.union.UnaryUnionOp;

/**
 * The sample village 示例村: a made-up hillside village whose layers are built from documented functions,
 * for demos, tutorials and end-to-end tests.
 *
 * <p><b>Place.</b> CGCS2000 / 3-degree Gauss-Kruger CM 105E (EPSG:4544, x = easting). The village's
 * south-west corner is at E {@value #ORIGIN_EASTING}, N {@value #ORIGIN_NORTHING}, about 104.27° E,
 * 30.63° N (Apache SIS 1.4), some 20 km east of central Chengdu towards the Longquan Shan hills. Central
 * Chengdu (104.07° E, 30.67° N) is at E 410875, N 3394757, so eastings 400000–420000 would put a hillside
 * village on the flat plain under the city. The village covers 1600 m × 1060 m, and an industrial park
 * adjoins it to the north. Its households belong to five village groups (村民小组), 一组 to 五组.
 *
 * <p><b>Layers</b> written by {@link #build()} (schemas as in the project's layer table):
 * <ul>
 *   <li>{@code dem}: 5 m cells, 320 × 240, from {@link SampleTerrain}'s formula: a hillside rising east,
 *       a valley running west-south-west to a pond whose basin is flat at 488 m.</li>
 *   <li>{@code zones}: 一组 … 五组 (code "1" … "5") tiling the village.</li>
 *   <li>{@code buildings}: {@value #HOUSES} houses with {@value #HOUSEHOLDS} households and 2–5 residents
 *       each, placed by {@link SampleBuildings} along the groups' lanes, plus the 村委会 office, the
 *       school 示例村小学 and a machinery shed 农机棚. 三组 has 30 households on the septic tank.</li>
 *   <li>{@code roads}: the main road {@value #MAIN_ROAD_NAME} (tertiary, asphalt, 6 m, 80 heavy vehicles
 *       a day to the industrial park), split in three. Its middle feature, stationing 390–790 m, is the
 *       washed-out stretch: {@code surface} gravel and the extra field {@code condition} = 路基冲毁. The
 *       valley crosses it at about 590 m, so runoff from the hillside concentrates there. Village lanes
 *       (residential, concrete or gravel, 3.5 m) and two farm tracks complete the layer.</li>
 *   <li>{@code landuse}: paddy (farmland 水田) below the main road, dry land (farmland 旱地) above it,
 *       the groups' residential areas, the pond and the industrial park 桃园工业园.</li>
 *   <li>{@code waterways}: the stream 桃溪 along the valley into the pond and out of it to the west, and
 *       two ditches.</li>
 *   <li>{@code pipes}: lift irrigation, the 污水一期 sewers with two deliberate grade faults, and 三组's
 *       septic collector; see {@link SamplePipes}.</li>
 *   <li>{@code facilities}: the pond 池塘, the lift pump station 提灌站 (35 kW, upgraded from 17 kW),
 *       the integrated treatment unit 一体化污水处理设备 (120 households, 30 m³/day) and the septic tank
 *       化粪池 (20 households, serving 30, so over capacity).</li>
 * </ul>
 *
 * <p>Every pipe starts or ends on its facility, buildings keep clear of roads, pipes and the stream, and
 * each building lies inside exactly one zone. The build is deterministic: all randomness comes from
 * {@link #SEED}, so two builds are equal feature by feature.
 */
public final class SampleVillage {
    /** The project CRS of the sample village. */
    public static final String CRS = "EPSG:4544";
    /** Easting of the village's south-west corner, m. */
    public static final double ORIGIN_EASTING = 430000;
    /** Northing of the village's south-west corner, m. */
    public static final double ORIGIN_NORTHING = 3390000;
    /** DEM cell size, m. */
    public static final double CELL_SIZE_M = 5;
    /** Seed of every random choice in the build. */
    public static final long SEED = 20240611L;
    /** Name of the main road. */
    public static final String MAIN_ROAD_NAME = "桃园路";
    /** Number of houses (residential buildings). */
    public static final int HOUSES = 132;
    /** Number of households in all houses. */
    public static final int HOUSEHOLDS = 148;
    /** Metadata key holding the project's display name. */
    public static final String PROJECT_NAME_KEY = "project.name";
    /** The project's display name. */
    public static final String PROJECT_NAME = "示例村";

    private static final String[] GROUP_NAMES = {"一组", "二组", "三组", "四组", "五组"};

    private SampleVillage() {
    }

    /** Builds all layers of the sample village into a new store in {@link #CRS}. */
    public static MemoryStore build() {
        SampleTerrain terrain = new SampleTerrain(SEED);
        Raster dem = terrain.sample(CELL_SIZE_M, VillagePlan.VILLAGE_WIDTH_M, VillagePlan.DEM_HEIGHT_M);
        FeatureLayer zones = zones();
        FeatureLayer roads = roads();
        FeatureLayer waterways = waterways(terrain);
        FeatureLayer pipes = SamplePipes.build(dem);
        FeatureLayer facilities = facilities();
        FeatureLayer buildings = buildings(terrain, zones, roads, waterways, pipes, facilities);

        MemoryStore store = new MemoryStore();
        store.setCrs(CRS);
        store.writeRaster("dem", dem);
        store.writeFeatures(zones);
        store.writeFeatures(roads);
        store.writeFeatures(waterways);
        store.writeFeatures(pipes);
        store.writeFeatures(facilities);
        store.writeFeatures(buildings);
        store.writeFeatures(landuse(zones, buildings));
        store.putMetadata(PROJECT_NAME_KEY, PROJECT_NAME);
        return store;
    }

    /**
     * Returns a one-line description of a store built by {@link #build()} in the user's language: groups,
     * houses, households, residents, sewer and rising-main lengths (m) and the CRS.
     */
    public static String summary(ProjectStore store) {
        FeatureLayer buildings = store.readFeatures("buildings");
        long houses = 0;
        long households = 0;
        long residents = 0;
        for (Feature building : buildings.features()) {
            if ("house".equals(building.getString("building"))) {
                houses++;
            }
            households += building.getLong("households", 0);
            residents += building.getLong("residents", 0);
        }
        double sewerM = 0;
        double risingMainM = 0;
        for (Feature pipe : store.readFeatures("pipes").features()) {
            if ("sewer".equals(pipe.getString("kind"))) {
                sewerM += pipe.geometry().getLength();
            } else if ("rising_main".equals(pipe.getString("kind"))) {
                risingMainM += pipe.geometry().getLength();
            }
        }
        return SampleMessages.BUNDLE.format("sample.summary", store.readFeatures("zones").size(), houses, households,
                residents, Math.round(sewerM), Math.round(risingMainM), store.crs().orElse("-"));
    }

    /** Returns the polygon of zone {@code index} (0 = 一组), in EPSG:4544. */
    static Polygon zonePolygon(int index) {
        double w = VillagePlan.VILLAGE_WIDTH_M;
        double h = VillagePlan.VILLAGE_HEIGHT_M;
        switch (index) {
            case 0:
                return LocalGeometry.rectangle(0, 600, 700, h);
            case 1:
                return LocalGeometry.rectangle(0, 0, 700, 600);
            case 2:
                return LocalGeometry.rectangle(700, 0, 1100, 600);
            case 3:
                return LocalGeometry.rectangle(700, 600, 1100, h);
            case 4:
                return LocalGeometry.rectangle(1100, 0, w, h);
            default:
                throw new IllegalArgumentException("zone index " + index);
        }
    }

    private static FeatureLayer zones() {
        FeatureLayer layer = new FeatureLayer("zones", GeometryKind.MULTIPOLYGON, CRS,
                List.of(new Field("name", FieldType.STRING), new Field("code", FieldType.STRING)));
        for (int i = 0; i < GROUP_NAMES.length; i++) {
            layer.add(new Feature(i + 1, LocalGeometry.multiPolygon(zonePolygon(i)),
                    Map.of("name", GROUP_NAMES[i], "code", String.valueOf(i + 1))));
        }
        return layer;
    }

    private static FeatureLayer roads() {
        FeatureLayer layer = new FeatureLayer("roads", GeometryKind.LINESTRING, CRS, List.of(
                new Field("osm_id", FieldType.INTEGER), new Field("highway", FieldType.STRING),
                new Field("name", FieldType.STRING), new Field("ref", FieldType.STRING),
                new Field("surface", FieldType.STRING), new Field("lanes", FieldType.INTEGER),
                new Field("width_m", FieldType.REAL), new Field("maxweight_t", FieldType.REAL),
                new Field("heavy_vehicles_per_day", FieldType.INTEGER), new Field("condition", FieldType.STRING)));
        LengthIndexedLine main = new LengthIndexedLine(LocalGeometry.line(VillagePlan.MAIN_ROAD));
        double end = main.getEndIndex();
        addRoad(layer, (LineString) main.extractLine(0, VillagePlan.DAMAGE_FROM_M), "tertiary", MAIN_ROAD_NAME,
                "asphalt", 2, 6.0, 80, null);
        addRoad(layer, (LineString) main.extractLine(VillagePlan.DAMAGE_FROM_M, VillagePlan.DAMAGE_TO_M), "tertiary",
                MAIN_ROAD_NAME, "gravel", 2, 6.0, 80, "路基冲毁");
        addRoad(layer, (LineString) main.extractLine(VillagePlan.DAMAGE_TO_M, end), "tertiary", MAIN_ROAD_NAME,
                "asphalt", 2, 6.0, 80, null);
        addRoad(layer, LocalGeometry.line(VillagePlan.LANE_GROUP1), "residential", "一组村道", "concrete", 1, 3.5, 0, null);
        addRoad(layer, LocalGeometry.line(VillagePlan.LANE_GROUP1_SPUR), "service", "学校路", "concrete", 1, 3.5, 0, null);
        addRoad(layer, LocalGeometry.line(VillagePlan.LANE_GROUP2), "residential", "二组村道", "concrete", 1, 3.5, 0, null);
        addRoad(layer, LocalGeometry.line(VillagePlan.LANE_GROUP3), "residential", "三组村道", "concrete", 1, 3.5, 0, null);
        addRoad(layer, LocalGeometry.line(VillagePlan.LANE_GROUP4), "residential", "四组村道", "concrete", 1, 3.5, 0, null);
        addRoad(layer, LocalGeometry.line(VillagePlan.LANE_GROUP5), "residential", "五组环山路", "gravel", 1, 3.5, 2, null);
        addRoad(layer, LocalGeometry.line(VillagePlan.TRACK_FIELDS), "track", null, "dirt", 1, 2.5, 0, null);
        addRoad(layer, LocalGeometry.line(VillagePlan.TRACK_HILL), "track", null, "dirt", 1, 2.5, 0, null);
        return layer;
    }

    private static void addRoad(FeatureLayer layer, LineString geometry, String highway, String name, String surface,
            int lanes, double widthM, int heavyVehiclesPerDay, String condition) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("highway", highway);
        attributes.put("name", name);
        attributes.put("surface", surface);
        attributes.put("lanes", lanes);
        attributes.put("width_m", widthM);
        attributes.put("heavy_vehicles_per_day", heavyVehiclesPerDay);
        attributes.put("condition", condition);
        layer.add(new Feature(layer.nextId(), geometry, attributes));
    }

    private static FeatureLayer waterways(SampleTerrain terrain) {
        FeatureLayer layer = new FeatureLayer("waterways", GeometryKind.LINESTRING, CRS, List.of(
                new Field("osm_id", FieldType.INTEGER), new Field("waterway", FieldType.STRING),
                new Field("name", FieldType.STRING), new Field("width_m", FieldType.REAL)));
        List<Double> upper = new ArrayList<>();
        double pondRimU = SampleTerrain.POND_U + SampleTerrain.POND_RADIUS_M;
        for (double u = 1540; u > pondRimU; u -= 20) {
            upper.add(u);
            upper.add(SampleTerrain.valleyLine(u));
        }
        upper.add(pondRimU);
        upper.add(SampleTerrain.POND_V);
        addWaterway(layer, LocalGeometry.line(upper.stream().mapToDouble(Double::doubleValue).toArray()), "stream", "桃溪", 2.0);
        addWaterway(layer, LocalGeometry.line(SampleTerrain.POND_U - SampleTerrain.POND_RADIUS_M, SampleTerrain.POND_V,
                0, SampleTerrain.POND_V), "stream", "桃溪", 2.0);
        double crossingV = SampleTerrain.valleyLine(664);
        addWaterway(layer, LocalGeometry.line(669, 880, 665, crossingV + 4), "ditch", "路边沟", 0.8);
        addWaterway(layer, LocalGeometry.line(150, 100, 0, 90), "ditch", "排水沟", 0.8);
        return layer;
    }

    private static void addWaterway(FeatureLayer layer, LineString geometry, String waterway, String name, double widthM) {
        layer.add(new Feature(layer.nextId(), geometry, Map.of("waterway", waterway, "name", name, "width_m", widthM)));
    }

    private static FeatureLayer facilities() {
        FeatureLayer layer = new FeatureLayer("facilities", GeometryKind.POINT, CRS, List.of(
                new Field("name", FieldType.STRING), new Field("kind", FieldType.STRING),
                new Field("capacity_households", FieldType.INTEGER), new Field("capacity_m3_per_day", FieldType.REAL),
                new Field("power_kw", FieldType.REAL), new Field("network", FieldType.STRING)));
        addFacility(layer, SampleTerrain.POND_U, SampleTerrain.POND_V, "池塘", "pond", null, null, null,
                SamplePipes.NETWORK_IRRIGATION);
        addFacility(layer, VillagePlan.PUMP_STATION[0], VillagePlan.PUMP_STATION[1], "提灌站", "pump_station", null, null,
                35.0, SamplePipes.NETWORK_IRRIGATION);
        addFacility(layer, VillagePlan.TREATMENT_UNIT[0], VillagePlan.TREATMENT_UNIT[1], "一体化污水处理设备",
                "treatment_unit", 120, 30.0, null, SamplePipes.NETWORK_SEWER);
        addFacility(layer, VillagePlan.SEPTIC_TANK[0], VillagePlan.SEPTIC_TANK[1], "化粪池", "septic_tank", 20, null, null,
                SamplePipes.NETWORK_SEPTIC);
        return layer;
    }

    private static void addFacility(FeatureLayer layer, double u, double v, String name, String kind,
            Integer capacityHouseholds, Double capacityM3PerDay, Double powerKw, String network) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("name", name);
        attributes.put("kind", kind);
        attributes.put("capacity_households", capacityHouseholds);
        attributes.put("capacity_m3_per_day", capacityM3PerDay);
        attributes.put("power_kw", powerKw);
        attributes.put("network", network);
        layer.add(new Feature(layer.nextId(), LocalGeometry.point(u, v), attributes));
    }

    private static FeatureLayer buildings(SampleTerrain terrain, FeatureLayer zones, FeatureLayer roads,
            FeatureLayer waterways, FeatureLayer pipes, FeatureLayer facilities) {
        List<Geometry> obstacles = new ArrayList<>();
        for (Feature road : roads.features()) {
            obstacles.add(road.geometry().buffer(road.getDouble("width_m", 3.5) / 2 + 2));
        }
        for (Feature pipe : pipes.features()) {
            obstacles.add(pipe.geometry().buffer(1.5 + pipe.getDouble("width_m", 0) / 2));
        }
        for (Feature waterway : waterways.features()) {
            double clearance = "stream".equals(waterway.getString("waterway")) ? 5 : 1.5;
            obstacles.add(waterway.geometry().buffer(waterway.getDouble("width_m", 1) / 2 + clearance));
        }
        for (Feature facility : facilities.features()) {
            double radius = "pond".equals(facility.getString("kind")) ? SampleTerrain.POND_RADIUS_M + 8 : 6;
            obstacles.add(facility.geometry().buffer(radius));
        }
        double[] park = VillagePlan.INDUSTRIAL_PARK;
        obstacles.add(LocalGeometry.rectangle(park[0], park[1], park[2], park[3]));

        SampleBuildings placer = new SampleBuildings(terrain, SEED, obstacles);
        placer.placeLandmark(VillagePlan.LANE_GROUP1, 30, 1, 1.75, 20, 12, "office", "示例村村委会", zonePolygon(0));
        placer.placeLandmark(VillagePlan.LANE_GROUP1_SPUR, 120, -1, 1.75, 30, 20, "school", "示例村小学", zonePolygon(0));
        placer.placeLandmark(VillagePlan.LANE_GROUP2, 255, -1, 1.75, 10, 8, "shed", "农机棚", zonePolygon(1));
        placer.placeGroup(new SampleBuildings.Group("一组", zonePolygon(0),
                List.of(VillagePlan.LANE_GROUP1, VillagePlan.LANE_GROUP1_SPUR), 1.75, 25, 3));
        placer.placeGroup(new SampleBuildings.Group("二组", zonePolygon(1), List.of(VillagePlan.LANE_GROUP2), 1.75, 22, 2));
        placer.placeGroup(new SampleBuildings.Group("三组", zonePolygon(2), List.of(VillagePlan.LANE_GROUP3), 1.75, 26, 4));
        placer.placeGroup(new SampleBuildings.Group("四组", zonePolygon(3), List.of(VillagePlan.LANE_GROUP4), 1.75, 28, 4));
        placer.placeGroup(new SampleBuildings.Group("五组", zonePolygon(4), List.of(VillagePlan.LANE_GROUP5), 1.75, 31, 3));
        return placer.layer();
    }

    private static FeatureLayer landuse(FeatureLayer zones, FeatureLayer buildings) {
        FeatureLayer layer = new FeatureLayer("landuse", GeometryKind.MULTIPOLYGON, CRS, List.of(
                new Field("osm_id", FieldType.INTEGER), new Field("landuse", FieldType.STRING),
                new Field("name", FieldType.STRING)));
        List<Geometry> residentialAreas = new ArrayList<>();
        for (Feature zone : zones.features()) {
            List<Geometry> footprints = new ArrayList<>();
            for (Feature building : buildings.features()) {
                if (zone.geometry().contains(building.geometry())) {
                    footprints.add(building.geometry().buffer(15));
                }
            }
            Geometry area = UnaryUnionOp.union(footprints).buffer(-5).intersection(zone.geometry());
            residentialAreas.add(area);
            addLanduse(layer, area, "residential", zone.getString("name") + "居民点");
        }
        Geometry settled = UnaryUnionOp.union(residentialAreas);
        Geometry pond = LocalGeometry.point(SampleTerrain.POND_U, SampleTerrain.POND_V).buffer(SampleTerrain.POND_RADIUS_M, 16);
        double h = VillagePlan.VILLAGE_HEIGHT_M;
        addLanduse(layer, LocalGeometry.rectangle(0, 0, 636, h).difference(settled).difference(pond), "farmland", "水田");
        addLanduse(layer, LocalGeometry.rectangle(668, 0, 1100, h).difference(settled), "farmland", "旱地");
        addLanduse(layer, LocalGeometry.rectangle(1100, 0, VillagePlan.VILLAGE_WIDTH_M, h).difference(settled), "farmland", "旱地");
        addLanduse(layer, pond, "reservoir", "池塘");
        double[] park = VillagePlan.INDUSTRIAL_PARK;
        addLanduse(layer, LocalGeometry.rectangle(park[0], park[1], park[2], park[3]), "industrial", "桃园工业园");
        return layer;
    }

    private static void addLanduse(FeatureLayer layer, Geometry area, String landuse, String name) {
        layer.add(new Feature(layer.nextId(), LocalGeometry.multiPolygon(area), Map.of("landuse", landuse, "name", name)));
    }
}
