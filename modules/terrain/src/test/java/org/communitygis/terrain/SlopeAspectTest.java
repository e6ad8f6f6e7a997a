package org.communitygis.terrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.communitygis.core.raster.GridGeometry;
import org.communitygis.core.raster.Raster;
import org.junit.jupiter.api.Test;

class SlopeAspectTest {
    /** Builds a 5 × 5 grid of 10 m cells with z = 100 + perColumn·col + perRow·row (rows grow southwards). */
    private static Raster plane(double perColumn, double perRow) {
        float[] z = new float[25];
        for (int i = 0; i < 25; i++) {
            z[i] = (float) (100 + perColumn * (i % 5) + perRow * (i / 5));
        }
        return new Raster(new GridGeometry(5, 5, 0, 50, 10, 10, "EPSG:32648"), z, -9999f, "m");
    }

    @Test
    void aspectPointsDownslope() {
        // Rising eastwards: faces west (270°). Rising southwards: faces north (0°).
        assertThat(aspectAtCentre(plane(1, 0))).isCloseTo(270f, within(1e-4f));
        assertThat(aspectAtCentre(plane(-1, 0))).isCloseTo(90f, within(1e-4f));
        assertThat(aspectAtCentre(plane(0, 1))).isCloseTo(0f, within(1e-4f));
        assertThat(aspectAtCentre(plane(0, -1))).isCloseTo(180f, within(1e-4f));
        assertThat(aspectAtCentre(plane(1, 1))).isCloseTo(315f, within(1e-4f));
        assertThat(aspectAtCentre(plane(0, 0))).isEqualTo(-1f);
    }

    private static float aspectAtCentre(Raster dem) {
        return SlopeAspect.compute(dem, SlopeAspect.Method.HORN, true, false, false, true).aspect().get(2, 2);
    }

    @Test
    void zevenbergenThorneOnPlaneEqualsHorn() {
        Raster dem = plane(1, 2);
        SlopeAspect horn = SlopeAspect.compute(dem, SlopeAspect.Method.HORN, true, true, true, false);
        SlopeAspect zt = SlopeAspect.compute(dem, SlopeAspect.Method.ZEVENBERGEN_THORNE, true, true, true, false);
        // √(0.1² + 0.2²) = 0.2236 m/m on a plane, whatever the scheme.
        assertThat((double) zt.percent().get(2, 2)).isCloseTo(22.36, within(0.01));
        assertThat(zt.degrees().get(2, 2)).isCloseTo(horn.degrees().get(2, 2), within(1e-5f));
    }

    @Test
    void zevenbergenThorneIgnoresDiagonals() {
        // Only the NE corner of the centre window is raised. Horn weights that corner, Zevenbergen-Thorne does not use it.
        Raster dem = plane(0, 0);
        dem.set(3, 1, 110f);
        SlopeAspect zt = SlopeAspect.compute(dem, SlopeAspect.Method.ZEVENBERGEN_THORNE, true, true, false, false);
        SlopeAspect horn = SlopeAspect.compute(dem, SlopeAspect.Method.HORN, true, true, false, false);
        assertThat(zt.degrees().get(2, 2)).isZero();
        assertThat(horn.degrees().get(2, 2)).isPositive();
    }

    @Test
    void unrequestedOutputsAreNull() {
        SlopeAspect only = SlopeAspect.compute(plane(1, 0), SlopeAspect.Method.HORN, true, true, false, false);
        assertThat(only.percent()).isNull();
        assertThat(only.aspect()).isNull();
    }
}
