package org.communitygis.sample;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;

/**
 * Builds JTS geometries in EPSG:4544 from village-local coordinates: {@code u} metres east and {@code v}
 * metres north of the village's south-west corner.
 */
final class LocalGeometry {
    static final GeometryFactory FACTORY = new GeometryFactory();

    private LocalGeometry() {
    }

    static Coordinate coordinate(double u, double v) {
        return new Coordinate(SampleVillage.ORIGIN_EASTING + u, SampleVillage.ORIGIN_NORTHING + v);
    }

    static Point point(double u, double v) {
        return FACTORY.createPoint(coordinate(u, v));
    }

    /** Returns a line through the vertices {@code u0, v0, u1, v1, …}. */
    static LineString line(double... uv) {
        Coordinate[] coordinates = new Coordinate[uv.length / 2];
        for (int i = 0; i < coordinates.length; i++) {
            coordinates[i] = coordinate(uv[2 * i], uv[2 * i + 1]);
        }
        return FACTORY.createLineString(coordinates);
    }

    /** Returns the axis-parallel rectangle [u0, u1] × [v0, v1]. */
    static Polygon rectangle(double u0, double v0, double u1, double v1) {
        return FACTORY.createPolygon(new Coordinate[] {coordinate(u0, v0), coordinate(u1, v0), coordinate(u1, v1),
            coordinate(u0, v1), coordinate(u0, v0)});
    }

    /**
     * Returns a rectangle of {@code lengthM} × {@code widthM} centred on (u, v), its long side turned by
     * {@code angle} radians from the u axis.
     */
    static Polygon rotatedRectangle(double u, double v, double lengthM, double widthM, double angle) {
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        double[][] corners = {{-lengthM / 2, -widthM / 2}, {lengthM / 2, -widthM / 2}, {lengthM / 2, widthM / 2},
            {-lengthM / 2, widthM / 2}};
        Coordinate[] ring = new Coordinate[5];
        for (int i = 0; i < 4; i++) {
            double du = corners[i][0] * cos - corners[i][1] * sin;
            double dv = corners[i][0] * sin + corners[i][1] * cos;
            ring[i] = coordinate(round(u + du), round(v + dv));
        }
        ring[4] = ring[0].copy();
        return FACTORY.createPolygon(ring);
    }

    /** Returns {@code geometry} as a MULTIPOLYGON (polygon parts only). */
    static MultiPolygon multiPolygon(Geometry geometry) {
        if (geometry instanceof MultiPolygon multi) {
            return multi;
        }
        if (geometry instanceof Polygon polygon) {
            return FACTORY.createMultiPolygon(new Polygon[] {polygon});
        }
        java.util.List<Polygon> parts = new java.util.ArrayList<>();
        for (int i = 0; i < geometry.getNumGeometries(); i++) {
            if (geometry.getGeometryN(i) instanceof Polygon polygon && !polygon.isEmpty()) {
                parts.add(polygon);
            }
        }
        return FACTORY.createMultiPolygon(parts.toArray(new Polygon[0]));
    }

    /** Rounds a local coordinate to centimetres so the generated files stay short and stable. */
    static double round(double metres) {
        return Math.round(metres * 100) / 100.0;
    }
}
