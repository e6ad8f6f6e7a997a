package org.communitygis.sample;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.feature.Field;
import org.communitygis.core.feature.FieldType;
import org.communitygis.core.feature.GeometryKind;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.linearref.LengthIndexedLine;

/**
 * Places the sample village's buildings along its lanes.
 *
 * <p>Each group's houses stand on both sides of its lane, 16–24 m apart along the lane, with their
 * 12 m long side turned to the local downhill direction (±10°). A candidate is rejected when it leaves its
 * group's zone, comes within 2 m of a road edge, 1.5 m of a pipe, 5 m of the stream, or 3 m of another
 * building. A lane is walked again in a back row 20 m further out until every household of the group has
 * a house. The walk uses one seeded {@link Random}, so the result is the same on every run and JVM.
 */
final class SampleBuildings {
    private static final double HOUSE_LENGTH_M = 12;
    private static final double HOUSE_WIDTH_M = 10;
    private static final double MAX_ROTATION_JITTER = Math.toRadians(10);
    private static final int BACK_ROWS = 3;

    /** One village group: its lane(s), zone and the households of each of its houses. */
    record Group(String name, Polygon zone, List<double[]> lanes, double laneHalfWidthM, int houses,
            int twoHouseholdHouses) {
    }

    private final SampleTerrain terrain;
    private final Random random;
    private final List<PreparedGeometry> obstacles = new ArrayList<>();
    private final List<Geometry> placed = new ArrayList<>();
    private final FeatureLayer layer;

    SampleBuildings(SampleTerrain terrain, long seed, List<Geometry> obstacleGeometries) {
        this.terrain = terrain;
        this.random = new Random(seed);
        for (Geometry obstacle : obstacleGeometries) {
            obstacles.add(PreparedGeometryFactory.prepare(obstacle));
        }
        this.layer = new FeatureLayer("buildings", GeometryKind.MULTIPOLYGON, SampleVillage.CRS, List.of(
                new Field("osm_id", FieldType.INTEGER), new Field("building", FieldType.STRING),
                new Field("name", FieldType.STRING), new Field("households", FieldType.INTEGER),
                new Field("residents", FieldType.INTEGER)));
    }

    FeatureLayer layer() {
        return layer;
    }

    /**
     * Places one non-residential building beside {@code lane} at {@code stationM}, on the left
     * ({@code side} = 1) or right (−1) of the digitized direction.
     */
    void placeLandmark(double[] lane, double stationM, int side, double laneHalfWidthM, double lengthM,
            double widthM, String building, String name, Polygon zone) {
        for (double extra = 0; extra <= 30; extra += 2) {
            Polygon footprint = footprint(lane, stationM, side, laneHalfWidthM + 4 + widthM / 2 + extra, lengthM,
                    widthM, 0);
            if (fits(footprint, zone)) {
                addFeature(footprint, building, name, 0, 0);
                return;
            }
        }
        throw new IllegalStateException("No room for " + name + " beside its lane at station " + stationM);
    }

    /**
     * Places the houses of {@code group} and numbers them 1号, 2号, … in placement order.
     *
     * @throws IllegalStateException when the group's lanes have no room for its houses, which only a change
     *     of the plan can cause
     */
    void placeGroup(Group group) {
        List<Integer> households = new ArrayList<>();
        for (int i = 0; i < group.houses(); i++) {
            households.add(i < group.twoHouseholdHouses() ? 2 : 1);
        }
        Collections.shuffle(households, random);

        int number = 0;
        for (int row = 0; row <= BACK_ROWS && number < households.size(); row++) {
            for (double[] lane : group.lanes()) {
                double length = LocalGeometry.line(lane).getLength();
                for (double station = 12 + random.nextDouble() * 6; station < length - 8 && number < households.size();
                        station += 16 + random.nextDouble() * 8) {
                    int firstSide = random.nextBoolean() ? 1 : -1;
                    for (int side : new int[] {firstSide, -firstSide}) {
                        if (number >= households.size()) {
                            break;
                        }
                        double offset = group.laneHalfWidthM() + 4 + HOUSE_WIDTH_M / 2 + random.nextDouble() * 5
                                + row * 20;
                        double jitter = (random.nextDouble() * 2 - 1) * MAX_ROTATION_JITTER;
                        Polygon footprint = footprint(lane, station, side, offset, HOUSE_LENGTH_M, HOUSE_WIDTH_M, jitter);
                        if (fits(footprint, group.zone())) {
                            int count = households.get(number);
                            number++;
                            int residents = count == 2 ? 4 + random.nextInt(2) : 2 + random.nextInt(4);
                            addFeature(footprint, "house", group.name() + " " + number + "号", count, residents);
                        }
                    }
                }
            }
        }
        if (number < households.size()) {
            throw new IllegalStateException("Only " + number + " of " + households.size() + " houses of "
                    + group.name() + " fit beside its lanes");
        }
    }

    /**
     * Returns a footprint centred {@code offsetM} beside the lane at {@code stationM}, turned to the local
     * downhill direction plus {@code jitter} radians.
     */
    private Polygon footprint(double[] lane, double stationM, int side, double offsetM, double lengthM,
            double widthM, double jitter) {
        LineString line = LocalGeometry.line(lane);
        LengthIndexedLine indexed = new LengthIndexedLine(line);
        Coordinate centre = indexed.extractPoint(stationM, side * offsetM);
        double u = centre.x - SampleVillage.ORIGIN_EASTING;
        double v = centre.y - SampleVillage.ORIGIN_NORTHING;
        double angle = terrain.downhillAngle(u, v) + jitter;
        return LocalGeometry.rotatedRectangle(u, v, lengthM, widthM, angle);
    }

    private boolean fits(Polygon footprint, Polygon zone) {
        if (!zone.contains(footprint)) {
            return false;
        }
        for (PreparedGeometry obstacle : obstacles) {
            if (obstacle.intersects(footprint)) {
                return false;
            }
        }
        for (Geometry other : placed) {
            if (other.isWithinDistance(footprint, 3)) {
                return false;
            }
        }
        return true;
    }

    private void addFeature(Polygon footprint, String building, String name, int households, int residents) {
        placed.add(footprint);
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("building", building);
        attributes.put("name", name);
        attributes.put("households", households);
        attributes.put("residents", residents);
        layer.add(new Feature(layer.nextId(), LocalGeometry.multiPolygon(footprint), attributes));
    }
}
