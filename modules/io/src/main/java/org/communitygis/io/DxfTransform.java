package org.communitygis.io;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.CoordinateSequenceFilter;
import org.locationtech.jts.geom.Geometry;

/**
 * A 3D affine transformation {@code p' = M·p + t}, used for a DXF object coordinate system (OCS) and for the
 * placement of a block reference (INSERT).
 */
final class DxfTransform {
    static final DxfTransform IDENTITY = new DxfTransform(new double[] {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0});

    /** Row-major 3×4: m[0..3] is the first row (x' = m0·x + m1·y + m2·z + m3). */
    private final double[] m;

    private DxfTransform(double[] m) {
        this.m = m;
    }

    /**
     * Returns the OCS-to-WCS transformation for the extrusion direction (210/220/230), by the AutoCAD
     * "arbitrary axis algorithm" of the DXF reference: Ax = Wy × N when |Nx| and |Ny| are below 1/64, else
     * Wz × N, normalized; Ay = N × Ax.
     */
    static DxfTransform ocs(double nx, double ny, double nz) {
        double length = Math.sqrt(nx * nx + ny * ny + nz * nz);
        if (!(length > 0) || (Math.abs(nx) < 1e-12 && Math.abs(ny) < 1e-12 && nz > 0)) {
            return IDENTITY;
        }
        nx /= length;
        ny /= length;
        nz /= length;
        double ax;
        double ay;
        double az;
        if (Math.abs(nx) < 1.0 / 64 && Math.abs(ny) < 1.0 / 64) {
            // Wy × N = (0,1,0) × (nx,ny,nz)
            ax = nz;
            ay = 0;
            az = -nx;
        } else {
            // Wz × N = (0,0,1) × (nx,ny,nz)
            ax = -ny;
            ay = nx;
            az = 0;
        }
        double axLength = Math.sqrt(ax * ax + ay * ay + az * az);
        ax /= axLength;
        ay /= axLength;
        az /= axLength;
        double bx = ny * az - nz * ay;
        double by = nz * ax - nx * az;
        double bz = nx * ay - ny * ax;
        return new DxfTransform(new double[] {ax, bx, nx, 0, ay, by, ny, 0, az, bz, nz, 0});
    }

    /**
     * Returns the placement of a block reference: move the block base point to the origin, scale by
     * (sx, sy, sz), rotate by {@code rotationDeg} counter-clockwise about z, then move to the insertion point.
     */
    static DxfTransform insert(double baseX, double baseY, double baseZ, double sx, double sy, double sz,
            double rotationDeg, double x, double y, double z) {
        double cos = Math.cos(Math.toRadians(rotationDeg));
        double sin = Math.sin(Math.toRadians(rotationDeg));
        double m00 = cos * sx;
        double m01 = -sin * sy;
        double m10 = sin * sx;
        double m11 = cos * sy;
        return new DxfTransform(new double[] {
            m00, m01, 0, x - (m00 * baseX + m01 * baseY),
            m10, m11, 0, y - (m10 * baseX + m11 * baseY),
            0, 0, sz, z - sz * baseZ});
    }

    /** Returns a translation by (dx, dy, dz). */
    static DxfTransform translation(double dx, double dy, double dz) {
        return new DxfTransform(new double[] {1, 0, 0, dx, 0, 1, 0, dy, 0, 0, 1, dz});
    }

    /** Returns {@code this ∘ inner}: first {@code inner}, then this. */
    DxfTransform after(DxfTransform inner) {
        double[] a = m;
        double[] b = inner.m;
        double[] r = new double[12];
        for (int row = 0; row < 3; row++) {
            for (int col = 0; col < 4; col++) {
                double sum = col == 3 ? a[row * 4 + 3] : 0;
                for (int k = 0; k < 3; k++) {
                    sum += a[row * 4 + k] * b[k * 4 + col];
                }
                r[row * 4 + col] = sum;
            }
        }
        return new DxfTransform(r);
    }

    boolean isIdentity() {
        return this == IDENTITY;
    }

    /** Returns the length a unit length along the x axis of the source has after the transformation, in the xy plane. */
    double scaleXy() {
        return Math.sqrt(Math.abs(m[0] * m[5] - m[1] * m[4]));
    }

    /** Returns the transformed point; a NaN z is taken as 0. */
    Coordinate apply(double x, double y, double z) {
        double zz = Double.isNaN(z) ? 0 : z;
        return new Coordinate(m[0] * x + m[1] * y + m[2] * zz + m[3], m[4] * x + m[5] * y + m[6] * zz + m[7],
                m[8] * x + m[9] * y + m[10] * zz + m[11]);
    }

    /** Returns a transformed copy of {@code geometry}, z included. */
    Geometry apply(Geometry geometry) {
        if (isIdentity()) {
            return geometry;
        }
        Geometry copy = geometry.copy();
        copy.apply(new CoordinateSequenceFilter() {
            @Override
            public void filter(CoordinateSequence sequence, int i) {
                Coordinate moved = apply(sequence.getX(i), sequence.getY(i), sequence.getZ(i));
                sequence.setOrdinate(i, 0, moved.x);
                sequence.setOrdinate(i, 1, moved.y);
                if (sequence.hasZ()) {
                    sequence.setOrdinate(i, 2, moved.z);
                }
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
}
