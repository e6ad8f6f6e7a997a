package org.communitygis.core.feature;

import org.locationtech.jts.geom.Geometry;

/** The geometry type of a vector layer, named as in GeoPackage's {@code geometry_type_name}. */
public enum GeometryKind {
    POINT, LINESTRING, POLYGON, MULTIPOINT, MULTILINESTRING, MULTIPOLYGON, GEOMETRY;

    /** Returns the kind of a JTS geometry, {@link #GEOMETRY} for collections of mixed types. */
    public static GeometryKind of(Geometry geometry) {
        switch (geometry.getGeometryType()) {
            case Geometry.TYPENAME_POINT:
                return POINT;
            case Geometry.TYPENAME_LINESTRING:
            case Geometry.TYPENAME_LINEARRING:
                return LINESTRING;
            case Geometry.TYPENAME_POLYGON:
                return POLYGON;
            case Geometry.TYPENAME_MULTIPOINT:
                return MULTIPOINT;
            case Geometry.TYPENAME_MULTILINESTRING:
                return MULTILINESTRING;
            case Geometry.TYPENAME_MULTIPOLYGON:
                return MULTIPOLYGON;
            default:
                return GEOMETRY;
        }
    }

    /** Returns whether {@code geometry} may be stored in a layer of this kind. */
    public boolean accepts(Geometry geometry) {
        GeometryKind actual = of(geometry);
        if (this == GEOMETRY || actual == this) {
            return true;
        }
        return (this == MULTIPOINT && actual == POINT)
                || (this == MULTILINESTRING && actual == LINESTRING)
                || (this == MULTIPOLYGON && actual == POLYGON);
    }

    /** Returns whether this kind contains lines. */
    public boolean isLinear() {
        return this == LINESTRING || this == MULTILINESTRING;
    }

    /** Returns whether this kind contains polygons. */
    public boolean isAreal() {
        return this == POLYGON || this == MULTIPOLYGON;
    }

    /** Returns whether this kind contains points. */
    public boolean isPuntal() {
        return this == POINT || this == MULTIPOINT;
    }
}
