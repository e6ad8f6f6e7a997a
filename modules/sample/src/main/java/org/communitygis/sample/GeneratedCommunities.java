package org.communitygis.sample;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.feature.Field;
import org.communitygis.core.feature.FieldType;
import org.communitygis.core.feature.GeometryKind;
import org.communitygis.core.raster.GridGeometry;
import org.communitygis.core.raster.Raster;
import org.communitygis.core.store.MemoryStore;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;

/**
 * Generated communities for batch reports and benchmarks: community {@code i} (0-based) is a made-up
 * village of {@value #WIDTH_M} m × {@value #HEIGHT_M} m with about 150 households, built only from
 * {@link #SEED} and {@code i}, so the same index always gives the same layers feature by feature.
 *
 * <p><b>Place.</b> EPSG:4544 like {@link SampleVillage}. Community {@code i} sits in row {@code i / 40},
 * column {@code i % 40} of a grid with a 1000 m pitch whose south-west corner is E 440000, N 3400000, so
 * 1,000 communities cover 40 km × 25 km and never overlap.
 *
 * <p><b>Layout</b> in community-local metres (u east, v north of the community's south-west corner):
 * <ul>
 *   <li>{@code dem}: 5 m cells, 120 × 100; ground rises 8 ‰ to the east and 6 ‰ away from the main
 *       road, plus a seeded swell of ±0.6 m, from about 500 m.</li>
 *   <li>{@code roads}: the main road (tertiary, asphalt, 6 m, 40–120 heavy vehicles a day) along
 *       v = 250, and {@value #LANES} lanes (residential, concrete or gravel, 3.5 m) along
 *       u = 50, 150, … 550 from v = 20 to v = 480.</li>
 *   <li>{@code zones}: the village groups 一组 … 六组, one per lane strip of 100 m.</li>
 *   <li>{@code buildings}: houses 12 m × 10 m, 14 m off the lane centre line on both sides every 25 m;
 *       each slot is left empty with probability 0.25, and a house has 2 households with probability 0.1,
 *       else 1, and 2–5 residents per household. That gives about 150 households (mean 148, range
 *       125–173 over the first 1,000 indexes).</li>
 *   <li>{@code pipes}: sewers ({@code kind=sewer}, PVC, 300 mm, network 污水管网) along every lane,
 *       4 m east of its centre line, in links of at most 50 m flowing to the main road, and a trunk
 *       (400 mm) 5 m south of the main road flowing west. One lane in three (seeded) has no sewer, so
 *       its houses are served only along the roads or not at all. Inverts are ground minus 1.2 m at the
 *       upstream end of each lane; one lane link per community is laid reverse-graded (0.2 m rise) and
 *       one nearly flat (0.5 ‰). A storm sewer ({@code kind=storm}) runs along the north side of the
 *       main road.</li>
 *   <li>{@code facilities}: a treatment unit at the west end of the trunk, capacity 120–200 households
 *       and 30–50 m³/day (seeded), network 污水管网.</li>
 * </ul>
 * Metadata {@code project.name} is {@code 生成社区0001} (1-based, four digits).
 */
public final class GeneratedCommunities {
    /** The CRS of every generated community. */
    public static final String CRS = "EPSG:4544";
    /** Seed of every random choice; community i uses {@code SEED + i}. */
    public static final long SEED = 20250301L;
    /** Width of a community, m. */
    public static final double WIDTH_M = 600;
    /** Height of a community, m. */
    public static final double HEIGHT_M = 500;
    /** Number of lanes, and of village groups. */
    public static final int LANES = 6;
    /** Name of the sewer network and of the facility's network. */
    public static final String NETWORK = "污水管网";

    private static final double GRID_PITCH_M = 1000;
    private static final int GRID_COLUMNS = 40;
    private static final double ORIGIN_EASTING = 440000;
    private static final double ORIGIN_NORTHING = 3400000;
    private static final double MAIN_ROAD_V = 250;
    private static final double CELL_M = 5;
    private static final double COVER_M = 1.2;
    private static final double MAX_LINK_M = 50;
    private static final String[] GROUPS = {"一组", "二组", "三组", "四组", "五组", "六组"};
    private static final GeometryFactory FACTORY = new GeometryFactory();

    private final int index;
    private final double originU;
    private final double originV;
    private final SplittableRandom random;
    private final double[] swellPhase = new double[2];

    private GeneratedCommunities(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("Community index must be ≥ 0, got " + index);
        }
        this.index = index;
        this.originU = ORIGIN_EASTING + (index % GRID_COLUMNS) * GRID_PITCH_M;
        this.originV = ORIGIN_NORTHING + (index / GRID_COLUMNS) * GRID_PITCH_M;
        this.random = new SplittableRandom(SEED + index);
        swellPhase[0] = random.nextDouble() * 2 * Math.PI;
        swellPhase[1] = random.nextDouble() * 2 * Math.PI;
    }

    /** Returns the id of community {@code index}: {@code c0001} for index 0 (1-based, four digits or more). */
    public static String id(int index) {
        return String.format(Locale.ROOT, "c%04d", index + 1);
    }

    /** Returns the display name of community {@code index}: {@code 生成社区0001} for index 0. */
    public static String name(int index) {
        return String.format(Locale.ROOT, "生成社区%04d", index + 1);
    }

    /** Builds community {@code index} (≥ 0) into a new store. */
    public static MemoryStore build(int index) {
        return new GeneratedCommunities(index).build();
    }

    private MemoryStore build() {
        Raster dem = dem();
        boolean[] laneHasSewer = new boolean[LANES];
        for (int lane = 0; lane < LANES; lane++) {
            laneHasSewer[lane] = random.nextInt(3) != 0;
        }
        laneHasSewer[random.nextInt(LANES)] = true;

        MemoryStore store = new MemoryStore();
        store.setCrs(CRS);
        store.writeRaster("dem", dem);
        store.writeFeatures(zones());
        store.writeFeatures(roads());
        store.writeFeatures(pipes(dem, laneHasSewer));
        store.writeFeatures(facilities());
        store.writeFeatures(buildings());
        store.putMetadata(SampleVillage.PROJECT_NAME_KEY, name(index));
        return store;
    }

    private double ground(double u, double v) {
        double swell = 0.4 * Math.sin(u / 90 + swellPhase[0]) + 0.2 * Math.sin(v / 60 + swellPhase[1]);
        return 500 + 0.008 * u + 0.006 * Math.abs(v - MAIN_ROAD_V) + swell;
    }

    private Raster dem() {
        int cols = (int) (WIDTH_M / CELL_M);
        int rows = (int) (HEIGHT_M / CELL_M);
        GridGeometry grid = new GridGeometry(cols, rows, originU, originV + HEIGHT_M, CELL_M, CELL_M, CRS);
        float[] data = new float[grid.size()];
        for (int row = 0; row < rows; row++) {
            for (int col = 0; col < cols; col++) {
                data[grid.index(col, row)] = (float) ground((col + 0.5) * CELL_M, HEIGHT_M - (row + 0.5) * CELL_M);
            }
        }
        return new Raster(grid, data, -9999f, "m");
    }

    private FeatureLayer zones() {
        FeatureLayer layer = new FeatureLayer("zones", GeometryKind.MULTIPOLYGON, CRS,
                List.of(new Field("name", FieldType.STRING), new Field("code", FieldType.STRING)));
        for (int group = 0; group < LANES; group++) {
            Feature zone = new Feature(group + 1, multi(rectangle(group * 100, 0, (group + 1) * 100, HEIGHT_M)));
            zone.set("name", GROUPS[group]);
            zone.set("code", String.valueOf(group + 1));
            layer.add(zone);
        }
        return layer;
    }

    private FeatureLayer roads() {
        FeatureLayer layer = new FeatureLayer("roads", GeometryKind.LINESTRING, CRS, List.of(
                new Field("osm_id", FieldType.INTEGER), new Field("highway", FieldType.STRING),
                new Field("name", FieldType.STRING), new Field("surface", FieldType.STRING),
                new Field("width_m", FieldType.REAL), new Field("heavy_vehicles_per_day", FieldType.INTEGER)));
        Feature main = new Feature(1, line(0, MAIN_ROAD_V, WIDTH_M, MAIN_ROAD_V));
        main.set("osm_id", 1L);
        main.set("highway", "tertiary");
        main.set("name", "振兴路");
        main.set("surface", "asphalt");
        main.set("width_m", 6.0);
        main.set("heavy_vehicles_per_day", (long) (40 + random.nextInt(81)));
        layer.add(main);
        for (int lane = 0; lane < LANES; lane++) {
            double u = laneU(lane);
            Feature road = new Feature(lane + 2, line(u, 20, u, HEIGHT_M - 20));
            road.set("osm_id", (long) (lane + 2));
            road.set("highway", "residential");
            road.set("name", GROUPS[lane] + "巷");
            road.set("surface", random.nextInt(4) == 0 ? "gravel" : "concrete");
            road.set("width_m", 3.5);
            road.set("heavy_vehicles_per_day", 0L);
            layer.add(road);
        }
        return layer;
    }

    private static double laneU(int lane) {
        return 50 + 100 * lane;
    }

    private FeatureLayer pipes(Raster dem, boolean[] laneHasSewer) {
        FeatureLayer layer = new FeatureLayer("pipes", GeometryKind.LINESTRING, CRS, List.of(
                new Field("name", FieldType.STRING), new Field("kind", FieldType.STRING),
                new Field("diameter_mm", FieldType.REAL), new Field("material", FieldType.STRING),
                new Field("up_invert_m", FieldType.REAL), new Field("down_invert_m", FieldType.REAL),
                new Field("network", FieldType.STRING), new Field("status", FieldType.STRING)));
        List<Integer> sewerLanes = new ArrayList<>();
        for (int lane = 0; lane < LANES; lane++) {
            if (laneHasSewer[lane]) {
                sewerLanes.add(lane);
            }
        }
        int reverseLane = sewerLanes.get(random.nextInt(sewerLanes.size()));
        int flatLane = sewerLanes.get(random.nextInt(sewerLanes.size()));
        long id = 1;

        // Lane sewers: from each lane end towards the main road, in links of at most MAX_LINK_M.
        for (int lane : sewerLanes) {
            double u = laneU(lane) + 4;
            for (int side = 0; side < 2; side++) {
                double start = side == 0 ? HEIGHT_M - 30 : 30;
                double end = side == 0 ? MAIN_ROAD_V + 5 : MAIN_ROAD_V - 5;
                int links = (int) Math.ceil(Math.abs(end - start) / MAX_LINK_M);
                double invert = ground(u, start) - COVER_M;
                for (int k = 0; k < links; k++) {
                    double from = start + (end - start) * k / links;
                    double to = start + (end - start) * (k + 1) / links;
                    double fall = Math.max(0.004 * Math.abs(to - from), invert - (ground(u, to) - COVER_M));
                    String name = String.format(Locale.ROOT, "W%d%s%d", lane + 1, side == 0 ? "N" : "S", k + 1);
                    if (lane == reverseLane && side == 0 && k == 1) {
                        fall = -0.2;
                    } else if (lane == flatLane && side == 1 && k == 0) {
                        fall = 0.0005 * Math.abs(to - from);
                    }
                    layer.add(pipe(id++, line(u, from, u, to), name, "sewer", 300, invert, invert - fall));
                    invert -= fall;
                }
            }
        }

        // Trunk along the south side of the main road, flowing west to the treatment unit at u = 0.
        double trunkV = MAIN_ROAD_V - 5;
        double invert = ground(WIDTH_M - 20, trunkV) - COVER_M - 0.3;
        for (double u = WIDTH_M - 20; u > 0.5; u -= MAX_LINK_M) {
            double to = Math.max(0, u - MAX_LINK_M);
            double fall = Math.max(0.003 * (u - to), invert - (ground(to, trunkV) - COVER_M - 0.3));
            String name = String.format(Locale.ROOT, "T%d", id);
            layer.add(pipe(id++, line(u, trunkV, to, trunkV), name, "sewer", 400, invert, invert - fall));
            invert -= fall;
        }

        // Storm sewer north of the main road, without inverts (its gradient comes from the DEM).
        Feature storm = pipe(id, line(WIDTH_M - 20, MAIN_ROAD_V + 6, 10, MAIN_ROAD_V + 6), "Y1", "storm", 600,
                Double.NaN, Double.NaN);
        storm.set("network", "雨水");
        layer.add(storm);
        return layer;
    }

    private static Feature pipe(long id, LineString line, String name, String kind, double diameterMm,
            double upInvertM, double downInvertM) {
        Feature pipe = new Feature(id, line);
        pipe.set("name", name);
        pipe.set("kind", kind);
        pipe.set("diameter_mm", diameterMm);
        pipe.set("material", diameterMm >= 600 ? "concrete" : "pvc");
        pipe.set("up_invert_m", Double.isNaN(upInvertM) ? null : round(upInvertM));
        pipe.set("down_invert_m", Double.isNaN(downInvertM) ? null : round(downInvertM));
        pipe.set("network", NETWORK);
        pipe.set("status", "existing");
        return pipe;
    }

    private FeatureLayer facilities() {
        FeatureLayer layer = new FeatureLayer("facilities", GeometryKind.POINT, CRS, List.of(
                new Field("name", FieldType.STRING), new Field("kind", FieldType.STRING),
                new Field("capacity_households", FieldType.INTEGER), new Field("capacity_m3_per_day", FieldType.REAL),
                new Field("network", FieldType.STRING)));
        Feature unit = new Feature(1, FACTORY.createPoint(coordinate(0, MAIN_ROAD_V - 5)));
        unit.set("name", "一体化污水处理设备");
        unit.set("kind", "treatment_unit");
        unit.set("capacity_households", (long) (120 + 10 * random.nextInt(9)));
        unit.set("capacity_m3_per_day", 30.0 + 5 * random.nextInt(5));
        unit.set("network", NETWORK);
        layer.add(unit);
        return layer;
    }

    private FeatureLayer buildings() {
        FeatureLayer layer = new FeatureLayer("buildings", GeometryKind.MULTIPOLYGON, CRS, List.of(
                new Field("osm_id", FieldType.INTEGER), new Field("building", FieldType.STRING),
                new Field("name", FieldType.STRING), new Field("households", FieldType.INTEGER),
                new Field("residents", FieldType.INTEGER)));
        long id = 1;
        for (int lane = 0; lane < LANES; lane++) {
            for (double v = 40; v <= HEIGHT_M - 40; v += 25) {
                if (Math.abs(v - MAIN_ROAD_V) < 20) {
                    continue;
                }
                for (int side = -1; side <= 1; side += 2) {
                    if (random.nextDouble() < 0.25) {
                        continue;
                    }
                    double u = laneU(lane) + side * 14;
                    long households = random.nextDouble() < 0.1 ? 2 : 1;
                    long residents = 0;
                    for (int h = 0; h < households; h++) {
                        residents += 2 + random.nextInt(4);
                    }
                    Feature house = new Feature(id, multi(rectangle(u - 5, v - 6, u + 5, v + 6)));
                    house.set("osm_id", id);
                    house.set("building", "house");
                    house.set("households", households);
                    house.set("residents", residents);
                    layer.add(house);
                    id++;
                }
            }
        }
        return layer;
    }

    private Coordinate coordinate(double u, double v) {
        return new Coordinate(originU + u, originV + v);
    }

    private LineString line(double u0, double v0, double u1, double v1) {
        return FACTORY.createLineString(new Coordinate[] {coordinate(u0, v0), coordinate(u1, v1)});
    }

    private Polygon rectangle(double u0, double v0, double u1, double v1) {
        return FACTORY.createPolygon(new Coordinate[] {coordinate(u0, v0), coordinate(u1, v0), coordinate(u1, v1),
            coordinate(u0, v1), coordinate(u0, v0)});
    }

    private static MultiPolygon multi(Polygon polygon) {
        return FACTORY.createMultiPolygon(new Polygon[] {polygon});
    }

    private static double round(double metres) {
        return Math.round(metres * 1000) / 1000.0;
    }
}
