package org.communitygis.server;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.sis.referencing.CRS;
import org.communitygis.core.CgisException;
import org.communitygis.core.crs.Crs;
import org.communitygis.core.crs.CrsTransform;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.CoordinateSequenceFilter;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.opengis.referencing.cs.AxisDirection;
import org.opengis.referencing.cs.CoordinateSystemAxis;
import org.opengis.util.FactoryException;

/**
 * A CRS the API can send and accept (OGC API – Features – Part 2), with the transforms to and from
 * CRS84 and its authoritative axis order.
 *
 * <p>Inside the server JTS x is always easting or longitude ({@link Crs} normalizes every CRS that way).
 * Part 2 requires coordinates in the axis order the CRS authority defines, so for a CRS whose first EPSG
 * axis points north (EPSG:4326 and EPSG:4490 latitude/longitude, the CGCS2000 Gauss-Krüger CRSs
 * EPSG:4534–4554 northing/easting) {@link #swapsAxes()} is true and x and y are exchanged on output and on
 * input ({@code bbox}, {@code filter} literals). CRS84 and EPSG:3857 are easting first.
 *
 * @param code normalized code, {@code CRS:84} or {@code EPSG:n}
 * @param uri OGC URI, e.g. {@code http://www.opengis.net/def/crs/EPSG/0/4544}
 * @param geographic whether the axes are degrees of longitude and latitude
 * @param swapsAxes whether the authoritative order is latitude/longitude or northing/easting
 * @param fromCrs84 transform from CRS84 (lon, lat) to this CRS in easting-first order
 * @param toCrs84 the inverse transform
 */
record ServedCrs(String code, String uri, boolean geographic, boolean swapsAxes, CrsTransform fromCrs84,
        CrsTransform toCrs84) {

    private static final Map<String, ServedCrs> CACHE = new ConcurrentHashMap<>();

    /** CRS84, the default of every CRS parameter. */
    static final ServedCrs CRS84 = of(Crs.CRS84);

    /**
     * Returns the served CRS for a normalized code.
     *
     * @throws CgisException when the EPSG database does not know the code
     */
    static ServedCrs of(String code) {
        String normalized = Crs.normalizeCode(code);
        return CACHE.computeIfAbsent(normalized, ServedCrs::create);
    }

    private static ServedCrs create(String code) {
        boolean swaps = false;
        if (!code.equals(Crs.CRS84)) {
            try {
                CoordinateSystemAxis first = CRS.forCode(code).getCoordinateSystem().getAxis(0);
                AxisDirection direction = first.getDirection();
                swaps = direction == AxisDirection.NORTH || direction == AxisDirection.SOUTH;
            } catch (FactoryException e) {
                throw new CgisException(e, ServerMessages.BUNDLE, "crs.database", code, String.valueOf(e.getMessage()));
            }
        }
        return new ServedCrs(code, Crs.uri(code), Crs.isGeographic(code), swaps, Crs.transform(Crs.CRS84, code),
                Crs.transform(code, Crs.CRS84));
    }

    /** Returns a CRS84 geometry in this CRS and its authoritative axis order (a new geometry). */
    Geometry fromCrs84(Geometry crs84) {
        if (crs84 == null) {
            return null;
        }
        Geometry result = fromCrs84.apply(crs84);
        if (swapsAxes) {
            if (result == crs84) {
                result = crs84.copy();
            }
            swap(result);
        }
        return result;
    }

    /** Returns a geometry given in this CRS's authoritative axis order, transformed to CRS84. */
    Geometry toCrs84(Geometry geometry) {
        Geometry eastingFirst = geometry;
        if (swapsAxes) {
            eastingFirst = geometry.copy();
            swap(eastingFirst);
        }
        return toCrs84.apply(eastingFirst);
    }

    /** Returns the CRS84 envelope of an envelope whose x is this CRS's easting or longitude. */
    Envelope toCrs84(Envelope eastingFirst) {
        return toCrs84.apply(eastingFirst);
    }

    /** Returns a CRS84 envelope in this CRS, still easting first. */
    Envelope fromCrs84(Envelope crs84) {
        return fromCrs84.apply(crs84);
    }

    /** Returns the value of a {@code Content-Crs} header: the URI in angle brackets. */
    String contentCrsHeader() {
        return "<" + uri + ">";
    }

    private static void swap(Geometry geometry) {
        geometry.apply(new CoordinateSequenceFilter() {
            @Override
            public void filter(CoordinateSequence sequence, int i) {
                double x = sequence.getX(i);
                sequence.setOrdinate(i, 0, sequence.getY(i));
                sequence.setOrdinate(i, 1, x);
            }

            @Override
            public boolean isDone() {
                return false;
            }

            @Override
            public boolean isGeometryChanged() {
                return true;
            }
        });
        geometry.geometryChanged();
    }
}
