package org.communitygis.core.crs;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;

/**
 * A coarse outline of China (mainland with Hainan, and Taiwan) in longitude/latitude degrees, used only to
 * pick CGCS2000 Gauss-Krüger over UTM for a project's CRS.
 *
 * <p>NOTE: the outline was drawn by hand with about 60 vertices and can be off by tens of kilometres
 * along borders; users there should give {@code --crs}. Both choices are metric and conformal, so a
 * wrong pick changes numbers by far less than a village survey's accuracy.
 */
final class ChinaOutline {
    private static final double[] MAINLAND = {
        73.5, 39.5, 75.0, 37.0, 78.0, 35.5, 79.5, 32.5, 78.5, 30.5, 81.0, 30.0, 85.0, 28.0, 88.0, 27.9,
        92.0, 27.8, 97.0, 28.2, 98.5, 25.0, 97.5, 24.0, 99.0, 22.0, 101.5, 21.2, 106.5, 22.2, 108.0, 21.5,
        108.5, 18.0, 111.0, 18.0, 111.5, 21.5, 117.0, 23.0, 120.0, 26.0, 122.5, 29.0, 122.0, 31.5,
        120.5, 34.0, 119.5, 35.0, 122.8, 37.4, 121.0, 40.7, 124.3, 40.0, 126.5, 41.5, 129.0, 42.4,
        130.6, 42.5, 131.3, 44.9, 133.2, 45.1, 135.1, 48.4, 131.0, 47.7, 127.5, 49.8, 125.6, 53.0,
        122.0, 53.4, 120.0, 52.5, 119.5, 50.0, 117.7, 49.5, 116.0, 47.0, 111.5, 43.7, 106.5, 42.4,
        100.0, 42.6, 96.5, 42.7, 95.5, 44.3, 90.8, 45.5, 90.3, 47.9, 87.8, 49.1, 85.5, 47.1, 82.7, 45.4,
        80.3, 45.0, 80.5, 43.0, 75.0, 40.5, 73.5, 39.5
    };
    private static final double[] TAIWAN = {119.3, 21.8, 122.1, 21.8, 122.1, 25.4, 119.3, 25.4, 119.3, 21.8};
    private static final PreparedGeometry OUTLINE = build();

    private ChinaOutline() {
    }

    static boolean contains(double lon, double lat) {
        GeometryFactory factory = new GeometryFactory();
        return OUTLINE.covers(factory.createPoint(new Coordinate(lon, lat)));
    }

    private static PreparedGeometry build() {
        GeometryFactory factory = new GeometryFactory();
        MultiPolygon outline = factory.createMultiPolygon(new Polygon[] {ring(factory, MAINLAND), ring(factory, TAIWAN)});
        return PreparedGeometryFactory.prepare(outline);
    }

    private static Polygon ring(GeometryFactory factory, double[] lonLat) {
        Coordinate[] coordinates = new Coordinate[lonLat.length / 2];
        for (int i = 0; i < coordinates.length; i++) {
            coordinates[i] = new Coordinate(lonLat[2 * i], lonLat[2 * i + 1]);
        }
        return factory.createPolygon(coordinates);
    }
}
