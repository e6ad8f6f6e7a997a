package org.communitygis.roads;

import static org.assertj.core.api.Assertions.assertThat;

import org.communitygis.core.Diagnostics;
import org.communitygis.core.feature.Feature;
import org.junit.jupiter.api.Test;

class RoadTrafficTest {
    private final Diagnostics diagnostics = new Diagnostics();

    private RoadTraffic traffic(Object... attributes) {
        Feature road = Fixtures.road(1, Fixtures.line(0, 0, 10, 0), attributes);
        return RoadTraffic.of(road, RoadZoneOptions.defaults(), diagnostics);
    }

    @Test
    void countedWeakSurface() {
        assertThat(traffic("surface", "gravel", "heavy_vehicles_per_day", 60L).points()).isEqualTo(2);
        assertThat(traffic("surface", "gravel", "heavy_vehicles_per_day", 10L).points()).isEqualTo(2);
        assertThat(traffic("surface", "gravel", "heavy_vehicles_per_day", 9L).points()).isZero();
        assertThat(traffic("surface", "gravel", "heavy_vehicles_per_day", 60L).basis())
                .isEqualTo(RoadTraffic.Basis.COUNTED);
    }

    @Test
    void countedStrongSurface() {
        assertThat(traffic("surface", "asphalt", "heavy_vehicles_per_day", 250L).points()).isEqualTo(1);
        assertThat(traffic("surface", "concrete", "heavy_vehicles_per_day", 199L).points()).isZero();
    }

    @Test
    void countedUnknownSurfaceIsWeak() {
        RoadTraffic traffic = traffic("heavy_vehicles_per_day", 20L);
        assertThat(traffic.weakSurface()).isTrue();
        assertThat(traffic.points()).isEqualTo(2);
        assertThat(traffic("surface", "gravel;asphalt", "heavy_vehicles_per_day", 20L).points()).isEqualTo(2);
    }

    @Test
    void inferredFromClassAndSurface() {
        assertThat(traffic("highway", "track").points()).isEqualTo(1);
        assertThat(traffic("highway", "track").basis()).isEqualTo(RoadTraffic.Basis.INFERRED);
        assertThat(traffic("highway", "residential", "surface", "gravel").points()).isEqualTo(1);
        assertThat(traffic("highway", "residential").points()).isZero();
        assertThat(traffic("highway", "residential").basis()).isEqualTo(RoadTraffic.Basis.NONE);
        assertThat(traffic("highway", "track", "surface", "asphalt").points()).isZero();
        assertThat(traffic("highway", "footway", "surface", "gravel").points()).isZero();
    }

    @Test
    void weightLimitLowersPoints() {
        RoadTraffic limited = traffic("surface", "gravel", "heavy_vehicles_per_day", 60L, "maxweight_t", 5.0);
        assertThat(limited.points()).isEqualTo(1);
        assertThat(limited.weightLimited()).isTrue();
        assertThat(traffic("surface", "gravel", "heavy_vehicles_per_day", 60L, "maxweight_t", 30.0).points())
                .isEqualTo(2);
        assertThat(traffic("highway", "track", "maxweight_t", 10.0).points()).isZero();
    }

    @Test
    void chineseSurfaceNormalized() {
        assertThat(traffic("surface", "砂石").surfaceTag()).isEqualTo("gravel");
        assertThat(traffic("surface", "水泥").surfaceTag()).isEqualTo("concrete");
        assertThat(traffic("surface", "水泥").weakSurface()).isFalse();
        assertThat(traffic("surface", " Asphalt ").surfaceTag()).isEqualTo("asphalt");
    }

    @Test
    void negativeCountWarnedAndIgnored() {
        RoadTraffic traffic = traffic("surface", "gravel", "heavy_vehicles_per_day", -3L);
        assertThat(traffic.heavyPerDay()).isNull();
        assertThat(traffic.basis()).isEqualTo(RoadTraffic.Basis.INFERRED);
        assertThat(diagnostics.count("roads.negativeTraffic")).isEqualTo(1);
    }

    @Test
    void widthDefaults() {
        assertThat(RoadWidths.of(Double.NaN, 0, "primary")).isEqualTo(6.0);
        assertThat(RoadWidths.of(Double.NaN, 0, "track")).isEqualTo(3.0);
        assertThat(RoadWidths.of(Double.NaN, 0, "primary_link")).isEqualTo(6.0);
        assertThat(RoadWidths.of(Double.NaN, 2, "track")).isEqualTo(7.0);
        assertThat(RoadWidths.of(7.5, 2, "track")).isEqualTo(7.5);
        assertThat(RoadWidths.of(-1, 0, null)).isEqualTo(4.0);
    }

    @Test
    void axlesOnWeakSurface() {
        // 100 kN × 10/day = 10 BZZ-100 axles/day, the weak-surface threshold; 9/day stays below it.
        RoadTraffic traffic = traffic("surface", "gravel", "axle_loads", "100:10");
        assertThat(traffic.esalPerDay()).isEqualTo(10.0);
        assertThat(traffic.points()).isEqualTo(2);
        assertThat(traffic.basis()).isEqualTo(RoadTraffic.Basis.AXLES);
        assertThat(traffic("surface", "gravel", "axle_loads", "100:9").points()).isZero();
    }

    @Test
    void axlesOnStrongSurface() {
        // 40 × 1.3⁴ = 114.2 axles/day ≥ 100 scores 1; 30 × 1.3⁴ = 85.7 scores 0.
        assertThat(traffic("surface", "asphalt", "axle_loads", "130:40").points()).isEqualTo(1);
        assertThat(traffic("surface", "asphalt", "axle_loads", "130:30").points()).isZero();
        // As if on a weak surface, 85.7 ≥ 10 scores 2.
        assertThat(traffic("surface", "asphalt", "axle_loads", "130:30").pointsOn(true, RoadZoneOptions.defaults()))
                .isEqualTo(2);
    }

    @Test
    void axlesOverrideHeavyCount() {
        // 50 heavy vehicles/day are below the 200 of a strong surface, but with a 120 kN axle each they
        // make 50 × 1.2⁴ = 103.68 axles/day ≥ 100.
        RoadTraffic traffic = traffic("surface", "asphalt", "heavy_vehicles_per_day", 50L, "axle_load_kn", 120.0);
        assertThat(traffic.esalPerDay()).isCloseTo(103.68, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(traffic.points()).isEqualTo(1);
        assertThat(traffic.heavyPerDay()).isEqualTo(50L);
        assertThat(traffic("surface", "asphalt", "heavy_vehicles_per_day", 50L).points()).isZero();
    }

    @Test
    void axlesIgnoreWeightLimit() {
        RoadTraffic traffic = traffic("surface", "gravel", "axle_loads", "100:20", "maxweight_t", 5.0);
        assertThat(traffic.points()).isEqualTo(2);
        assertThat(traffic.weightLimited()).isFalse();
        assertThat(traffic("surface", "gravel", "heavy_vehicles_per_day", 20L, "maxweight_t", 5.0).points())
                .isEqualTo(1);
    }

    @Test
    void countOnPoorPavementScoredAsWeak() {
        RoadTraffic traffic = traffic("surface", "asphalt", "heavy_vehicles_per_day", 20L);
        assertThat(traffic.points()).isZero();
        assertThat(traffic.pointsOn(true, RoadZoneOptions.defaults())).isEqualTo(2);
    }

    @Test
    void badAxleLoadsFallBackToCount() {
        RoadTraffic traffic = traffic("surface", "gravel", "axle_loads", "heavy", "heavy_vehicles_per_day", 20L);
        assertThat(traffic.basis()).isEqualTo(RoadTraffic.Basis.COUNTED);
        assertThat(traffic.points()).isEqualTo(2);
        assertThat(diagnostics.warnings()).hasSize(1);
    }
}
