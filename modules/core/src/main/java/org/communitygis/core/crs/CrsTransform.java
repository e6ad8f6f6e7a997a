package org.communitygis.core.crs;

import org.apache.sis.referencing.CRS;
import org.apache.sis.referencing.operation.transform.MathTransforms;
import org.communitygis.core.CgisException;
import org.communitygis.core.CoreMessages;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.CoordinateSequenceFilter;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.opengis.referencing.operation.MathTransform;
import org.opengis.referencing.operation.TransformException;
import org.opengis.util.FactoryException;

/**
 * A coordinate transformation between two project CRS codes, applied to JTS geometries, points and
 * envelopes. Both ends use easting/longitude-first axes (see {@link Crs}).
 */
public final class CrsTransform {
    private final String sourceCode;
    private final String targetCode;
    private final MathTransform transform;

    private CrsTransform(String sourceCode, String targetCode, MathTransform transform) {
        this.sourceCode = sourceCode;
        this.targetCode = targetCode;
        this.transform = transform;
    }

    static CrsTransform between(String sourceCode, String targetCode) {
        if (sourceCode.equals(targetCode)) {
            return new CrsTransform(sourceCode, targetCode, null);
        }
        try {
            MathTransform transform = find(sourceCode, targetCode);
            return new CrsTransform(sourceCode, targetCode, transform.isIdentity() ? null : transform);
        } catch (FactoryException e) {
            throw new CgisException(e, CoreMessages.BUNDLE, "crs.noTransform", sourceCode, targetCode);
        }
    }

    /**
     * Finds the operation with Apache SIS. SIS 1.4 finds none between projected CRSs on different datums
     * whose areas of use do not overlap (EPSG:4544 and EPSG:32632 raise IllegalArgumentException), so those
     * go through WGS 84 longitude and latitude: source → WGS 84 → target.
     */
    private static MathTransform find(String sourceCode, String targetCode) throws FactoryException {
        try {
            return CRS.findOperation(Crs.forCode(sourceCode), Crs.forCode(targetCode), null).getMathTransform();
        } catch (IllegalArgumentException direct) {
            if (sourceCode.equals(Crs.WGS84) || targetCode.equals(Crs.WGS84)) {
                throw direct;
            }
            MathTransform toWgs84 = CRS.findOperation(Crs.forCode(sourceCode), Crs.forCode(Crs.WGS84), null)
                    .getMathTransform();
            MathTransform fromWgs84 = CRS.findOperation(Crs.forCode(Crs.WGS84), Crs.forCode(targetCode), null)
                    .getMathTransform();
            return MathTransforms.concatenate(toWgs84, fromWgs84);
        }
    }

    /** Returns the source CRS code. */
    public String sourceCode() {
        return sourceCode;
    }

    /** Returns the target CRS code. */
    public String targetCode() {
        return targetCode;
    }

    /** Returns whether this transform leaves coordinates unchanged. */
    public boolean isIdentity() {
        return transform == null;
    }

    /**
     * Transforms {@code xy} in place (x = easting/longitude).
     *
     * @throws CgisException when the point lies outside the domain of the transformation
     */
    public void apply(double[] xy) {
        if (transform == null) {
            return;
        }
        try {
            transform.transform(xy, 0, xy, 0, xy.length / 2);
        } catch (TransformException e) {
            throw new CgisException(e, CoreMessages.BUNDLE, "crs.transformFailed", sourceCode, targetCode,
                    xy[0] + ", " + xy[1]);
        }
    }

    /** Returns a transformed copy of {@code geometry} (the same instance when this is the identity). */
    public Geometry apply(Geometry geometry) {
        if (transform == null) {
            return geometry;
        }
        Geometry copy = geometry.copy();
        double[] point = new double[2];
        copy.apply(new CoordinateSequenceFilter() {
            @Override
            public void filter(CoordinateSequence sequence, int i) {
                point[0] = sequence.getX(i);
                point[1] = sequence.getY(i);
                apply(point);
                sequence.setOrdinate(i, 0, point[0]);
                sequence.setOrdinate(i, 1, point[1]);
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
        copy.geometryChanged();
        return copy;
    }

    /** Returns the envelope of the transformed corners and edge midpoints of {@code envelope} (densified by 8 per side). */
    public Envelope apply(Envelope envelope) {
        if (transform == null || envelope.isNull()) {
            return new Envelope(envelope);
        }
        Envelope result = new Envelope();
        int steps = 8;
        double[] point = new double[2];
        for (int i = 0; i <= steps; i++) {
            double t = (double) i / steps;
            double x = envelope.getMinX() + t * envelope.getWidth();
            double y = envelope.getMinY() + t * envelope.getHeight();
            double[][] samples = {
                {x, envelope.getMinY()}, {x, envelope.getMaxY()}, {envelope.getMinX(), y}, {envelope.getMaxX(), y}
            };
            for (double[] sample : samples) {
                point[0] = sample[0];
                point[1] = sample[1];
                apply(point);
                result.expandToInclude(point[0], point[1]);
            }
        }
        return result;
    }
}
