package org.communitygis.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.communitygis.core.CgisException;
import org.junit.jupiter.api.Test;

/**
 * Checks the GCJ-02 and BD-09 formulas against the pairs published in the test suites of two open-source
 * implementations: googollee/eviltransform ({@code go/transform_test.go}: WGS 84 → GCJ-02 in Shanghai,
 * Shenzhen and Beijing) and wandergis/coordtransform ({@code test/app.js}: GCJ-02 ↔ BD-09 and WGS 84 →
 * GCJ-02 at 116.404°E, 39.915°N).
 */
class ChinaCoordinateShiftTest {
    /** {wgsLon, wgsLat, gcjLon, gcjLat} from eviltransform's Go tests. */
    private static final double[][] EVILTRANSFORM = {
        {121.5272106, 31.1774276, 121.531541859215, 31.17530398364597},
        {113.912316, 22.543847, 113.9171764808363, 22.540796131694766},
        {116.377817, 39.911954, 116.38404722455657, 39.91334545536069},
    };

    @Test
    void forwardMatchesEviltransform() {
        for (double[] pair : EVILTRANSFORM) {
            double[] gcj = ChinaCoordinateShift.wgs84ToGcj02(pair[0], pair[1]);
            assertThat(gcj[0]).as("lon of %s", pair[0]).isCloseTo(pair[2], within(1e-9));
            assertThat(gcj[1]).as("lat of %s", pair[1]).isCloseTo(pair[3], within(1e-9));
        }
    }

    @Test
    void inverseRecoversEviltransformPoints() {
        for (double[] pair : EVILTRANSFORM) {
            double[] wgs = ChinaCoordinateShift.GCJ02.toWgs84(pair[2], pair[3]);
            assertThat(metres(wgs[0], wgs[1], pair[0], pair[1])).as("error at %s", pair[0]).isLessThan(0.01);
        }
    }

    @Test
    void matchesCoordtransform() {
        double[] wgsToGcj = ChinaCoordinateShift.wgs84ToGcj02(116.404, 39.915);
        assertThat(wgsToGcj[0]).isCloseTo(116.41024449916938, within(1e-9));
        assertThat(wgsToGcj[1]).isCloseTo(39.91640428150164, within(1e-9));
        double[] gcjToBd = ChinaCoordinateShift.gcj02ToBd09(116.404, 39.915);
        assertThat(gcjToBd[0]).isCloseTo(116.41036949371029, within(1e-9));
        assertThat(gcjToBd[1]).isCloseTo(39.92133699351021, within(1e-9));
        double[] bdToGcj = ChinaCoordinateShift.bd09ToGcj02Approximate(116.404, 39.915);
        assertThat(bdToGcj[0]).isCloseTo(116.39762729119315, within(1e-9));
        assertThat(bdToGcj[1]).isCloseTo(39.90865673957631, within(1e-9));
    }

    @Test
    void roundTripOverSichuanBelowOneCentimetre() {
        double worst = 0;
        for (double lon = 97.4; lon <= 108.5; lon += 0.1) {
            for (double lat = 26.1; lat <= 34.3; lat += 0.1) {
                for (ChinaCoordinateShift system : new ChinaCoordinateShift[] {ChinaCoordinateShift.GCJ02,
                        ChinaCoordinateShift.BD09}) {
                    double[] shifted = system.fromWgs84(lon, lat);
                    double[] back = system.toWgs84(shifted[0], shifted[1]);
                    worst = Math.max(worst, metres(back[0], back[1], lon, lat));
                }
            }
        }
        assertThat(worst).isLessThan(0.01);
    }

    @Test
    void offsetIsHundredsOfMetresInChengdu() {
        double[] gcj = ChinaCoordinateShift.wgs84ToGcj02(104.066, 30.657);
        double offset = metres(gcj[0], gcj[1], 104.066, 30.657);
        assertThat(offset).isBetween(100.0, 1000.0);
    }

    @Test
    void pointsOutsideChinaUnchanged() {
        double[] bayreuth = ChinaCoordinateShift.GCJ02.toWgs84(11.58, 49.95);
        assertThat(bayreuth).containsExactly(11.58, 49.95);
        assertThat(ChinaCoordinateShift.wgs84ToGcj02(11.58, 49.95)).containsExactly(11.58, 49.95);
    }

    @Test
    void parseAcceptsNamesAndRejectsOthers() {
        assertThat(ChinaCoordinateShift.parse("GCJ-02")).isEqualTo(ChinaCoordinateShift.GCJ02);
        assertThat(ChinaCoordinateShift.parse("bd09")).isEqualTo(ChinaCoordinateShift.BD09);
        assertThat(ChinaCoordinateShift.parse("WGS84")).isEqualTo(ChinaCoordinateShift.WGS84);
        assertThatThrownBy(() -> ChinaCoordinateShift.parse("mars")).isInstanceOf(CgisException.class)
                .hasMessageContaining("mars").hasMessageContaining("gcj02");
    }

    /** Returns the distance between two lon/lat points on a sphere of radius 6 371 000 m. */
    private static double metres(double lon1, double lat1, double lon2, double lat2) {
        double dLat = Math.toRadians(lat2 - lat1);
        double dLon = Math.toRadians(lon2 - lon1) * Math.cos(Math.toRadians((lat1 + lat2) / 2));
        return 6_371_000 * Math.hypot(dLat, dLon);
    }
}
