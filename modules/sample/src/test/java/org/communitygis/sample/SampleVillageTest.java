package org.communitygis.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.i18n.UserLocale;
import org.communitygis.core.raster.Raster;
import org.communitygis.core.store.MemoryStore;
import org.communitygis.core.testing.BundleAssert;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;

class SampleVillageTest {
    private static MemoryStore store;

    @BeforeAll
    static void build() {
        store = SampleVillage.build();
    }

    private static FeatureLayer layer(String name) {
        return store.readFeatures(name);
    }

    private static List<Feature> pipes(String kind, String network) {
        List<Feature> result = new ArrayList<>();
        for (Feature pipe : layer("pipes").features()) {
            if (kind.equals(pipe.getString("kind")) && (network == null || network.equals(pipe.getString("network")))) {
                result.add(pipe);
            }
        }
        return result;
    }

    private static double length(List<Feature> features) {
        return features.stream().mapToDouble(f -> f.geometry().getLength()).sum();
    }

    private static Feature facility(String kind) {
        return layer("facilities").features().stream().filter(f -> kind.equals(f.getString("kind"))).findFirst()
                .orElseThrow();
    }

    @Test
    void bundleComplete() {
        BundleAssert.assertComplete(SampleMessages.BUNDLE);
    }

    @Test
    void storeHasCrsAndLayers() {
        assertThat(store.crs()).contains("EPSG:4544");
        for (String name : List.of("dem", "zones", "buildings", "roads", "landuse", "waterways", "pipes", "facilities")) {
            assertThat(store.contains(name)).as(name).isTrue();
        }
    }

    @Test
    void householdsInRange() {
        long households = layer("buildings").features().stream().mapToLong(f -> f.getLong("households", 0)).sum();
        assertThat(households).isBetween(140L, 160L);
        assertThat(households).isEqualTo(SampleVillage.HOUSEHOLDS);
    }

    @Test
    void housesHaveResidentsAndHouseholds() {
        for (Feature building : layer("buildings").features()) {
            if ("house".equals(building.getString("building"))) {
                assertThat(building.getLong("residents", 0)).as(building.getString("name")).isBetween(2L, 5L);
                assertThat(building.getLong("households", 0)).as(building.getString("name")).isBetween(1L, 2L);
            }
        }
    }

    @Test
    void nonResidentialBuildingsPresent() {
        List<String> kinds = layer("buildings").features().stream().map(f -> f.getString("building")).toList();
        assertThat(kinds).contains("office", "school", "shed");
        assertThat(kinds.stream().filter("house"::equals).count()).isEqualTo(SampleVillage.HOUSES);
    }

    @Test
    void fiveZonesTileVillage() {
        FeatureLayer zones = layer("zones");
        assertThat(zones.size()).isEqualTo(5);
        assertThat(zones.features().stream().map(f -> f.getString("name")).toList())
                .containsExactly("一组", "二组", "三组", "四组", "五组");
        assertThat(zones.features().stream().map(f -> f.getString("code")).toList())
                .containsExactly("1", "2", "3", "4", "5");
        double area = zones.features().stream().mapToDouble(f -> f.geometry().getArea()).sum();
        assertThat(area).isCloseTo(1600 * 1060, org.assertj.core.data.Offset.offset(1.0));
    }

    @Test
    void everyBuildingInOneZone() {
        FeatureLayer zones = layer("zones");
        for (Feature building : layer("buildings").features()) {
            long containing = zones.features().stream().filter(z -> z.geometry().contains(building.geometry())).count();
            assertThat(containing).as(building.getString("name")).isEqualTo(1);
        }
    }

    @Test
    void group3HasThirtyHouseholds() {
        Geometry zone3 = SampleVillage.zonePolygon(2);
        long households = layer("buildings").features().stream().filter(f -> zone3.contains(f.geometry()))
                .mapToLong(f -> f.getLong("households", 0)).sum();
        assertThat(households).isEqualTo(30);
    }

    @Test
    void buildingsClearOfRoads() {
        FeatureLayer roads = layer("roads");
        for (Feature building : layer("buildings").features()) {
            for (Feature road : roads.features()) {
                double clearance = road.geometry().distance(building.geometry()) - road.getDouble("width_m", 0) / 2;
                assertThat(clearance).as(building.getString("name") + " to road " + road.id()).isGreaterThan(1.0);
            }
        }
    }

    @Test
    void buildingsDoNotOverlap() {
        List<Feature> buildings = layer("buildings").features();
        for (int i = 0; i < buildings.size(); i++) {
            for (int j = i + 1; j < buildings.size(); j++) {
                assertThat(buildings.get(i).geometry().intersects(buildings.get(j).geometry()))
                        .as(buildings.get(i).getString("name") + " / " + buildings.get(j).getString("name")).isFalse();
            }
        }
    }

    @Test
    void damagedStretchLength() {
        List<Feature> damaged = layer("roads").features().stream()
                .filter(f -> "路基冲毁".equals(f.getString("condition"))).toList();
        assertThat(damaged).hasSize(1);
        Feature stretch = damaged.get(0);
        assertThat(stretch.geometry().getLength()).isBetween(380.0, 420.0);
        assertThat(stretch.getString("surface")).isEqualTo("gravel");
        assertThat(stretch.getString("name")).isEqualTo(SampleVillage.MAIN_ROAD_NAME);
        assertThat(stretch.getLong("heavy_vehicles_per_day", 0)).isGreaterThanOrEqualTo(60);
    }

    @Test
    void valleyCrossesDamagedStretch() {
        Feature stretch = layer("roads").features().stream().filter(f -> "路基冲毁".equals(f.getString("condition")))
                .findFirst().orElseThrow();
        Feature stream = layer("waterways").features().get(0);
        assertThat(stream.geometry().intersects(stretch.geometry())).isTrue();

        Raster dem = store.readRaster("dem");
        Coordinate crossing = stream.geometry().intersection(stretch.geometry()).getCoordinate();
        double bottom = dem.interpolate(crossing.x, crossing.y);
        double north = dem.interpolate(crossing.x, crossing.y + 80);
        double south = dem.interpolate(crossing.x, crossing.y - 80);
        assertThat(bottom).isLessThan(north);
        assertThat(bottom).isLessThan(south);
    }

    @Test
    void mainRoadReachesIndustrialPark() {
        Feature park = layer("landuse").features().stream().filter(f -> "industrial".equals(f.getString("landuse")))
                .findFirst().orElseThrow();
        List<Feature> main = layer("roads").features().stream()
                .filter(f -> SampleVillage.MAIN_ROAD_NAME.equals(f.getString("name"))).toList();
        assertThat(main).hasSize(3);
        assertThat(main.get(2).geometry().intersects(park.geometry())).isTrue();
    }

    @Test
    void sewerLengthInRange() {
        assertThat(length(pipes("sewer", SamplePipes.NETWORK_SEWER))).isBetween(650.0, 750.0);
    }

    @Test
    void risingMainLengthInRange() {
        List<Feature> risingMain = pipes("rising_main", null);
        assertThat(risingMain).hasSize(1);
        assertThat(length(risingMain)).isBetween(150.0, 170.0);
        assertThat(risingMain.get(0).getDouble("diameter_mm", 0)).isEqualTo(150.0);
    }

    @Test
    void risingMainClimbsFromPumpStation() {
        Feature risingMain = pipes("rising_main", null).get(0);
        Raster dem = store.readRaster("dem");
        Coordinate[] line = risingMain.geometry().getCoordinates();
        assertThat(line[0].distance(facility("pump_station").geometry().getCoordinate())).isLessThan(0.01);
        double rise = dem.interpolate(line[line.length - 1].x, line[line.length - 1].y) - dem.interpolate(line[0].x, line[0].y);
        assertThat(rise).isGreaterThan(3.0);
    }

    @Test
    void demInRangeWithoutNoData() {
        Raster dem = store.readRaster("dem");
        assertThat(dem.grid().cols()).isEqualTo(320);
        assertThat(dem.grid().rows()).isEqualTo(240);
        assertThat(dem.grid().cellWidth()).isEqualTo(5.0);
        assertThat(dem.noDataCount()).isZero();
        double[] minMax = dem.minMax();
        assertThat(minMax[0]).isGreaterThanOrEqualTo(480.0);
        assertThat(minMax[1]).isLessThanOrEqualTo(600.0);
        assertThat(minMax[1] - minMax[0]).isGreaterThan(80.0);
    }

    @Test
    void pondBasinIsFlat() {
        Raster dem = store.readRaster("dem");
        Coordinate pond = facility("pond").geometry().getCoordinate();
        for (double du = -30; du <= 30; du += 10) {
            for (double dv = -30; dv <= 30; dv += 10) {
                if (Math.hypot(du, dv) <= 30) {
                    assertThat(dem.valueAt(pond.x + du, pond.y + dv)).isEqualTo((float) SampleTerrain.POND_LEVEL_M);
                }
            }
        }
    }

    @Test
    void sewerCoverWithinLimits() {
        Raster dem = store.readRaster("dem");
        for (Feature pipe : pipes("sewer", null)) {
            Coordinate[] line = pipe.geometry().getCoordinates();
            double coverUp = dem.interpolate(line[0].x, line[0].y) - pipe.getDouble("up_invert_m", Double.NaN);
            double coverDown = dem.interpolate(line[line.length - 1].x, line[line.length - 1].y)
                    - pipe.getDouble("down_invert_m", Double.NaN);
            assertThat(coverUp).as(pipe.getString("name") + " up").isBetween(0.7, 3.0);
            assertThat(coverDown).as(pipe.getString("name") + " down").isBetween(0.7, 3.0);
        }
    }

    @Test
    void sewersFallExceptDeliberateFaults() {
        List<String> reverse = new ArrayList<>();
        List<String> tooFlat = new ArrayList<>();
        for (Feature pipe : pipes("sewer", null)) {
            double fall = pipe.getDouble("up_invert_m", 0) - pipe.getDouble("down_invert_m", 0);
            double gradientPermille = 1000 * fall / pipe.geometry().getLength();
            if (gradientPermille < 0) {
                reverse.add(pipe.getString("name"));
            } else if (gradientPermille < 3) {
                tooFlat.add(pipe.getString("name"));
            }
        }
        assertThat(reverse).containsExactly(SamplePipes.REVERSE_LINK);
        assertThat(tooFlat).containsExactly(SamplePipes.TOO_FLAT_LINK);
    }

    @Test
    void sewersEndOnFacilities() {
        Coordinate treatment = facility("treatment_unit").geometry().getCoordinate();
        Coordinate septic = facility("septic_tank").geometry().getCoordinate();
        long toTreatment = pipes("sewer", SamplePipes.NETWORK_SEWER).stream()
                .filter(p -> end(p).distance(treatment) < 0.01).count();
        long toSeptic = pipes("sewer", SamplePipes.NETWORK_SEPTIC).stream()
                .filter(p -> end(p).distance(septic) < 0.01).count();
        assertThat(toTreatment).isEqualTo(1);
        assertThat(toSeptic).isEqualTo(1);
    }

    private static Coordinate end(Feature pipe) {
        Coordinate[] line = pipe.geometry().getCoordinates();
        return line[line.length - 1];
    }

    @Test
    void facilitiesMatchNetworks() {
        assertThat(facility("pump_station").getDouble("power_kw", 0)).isEqualTo(35.0);
        assertThat(facility("septic_tank").getLong("capacity_households", 0)).isEqualTo(20);
        assertThat(facility("treatment_unit").getString("network")).isEqualTo(SamplePipes.NETWORK_SEWER);
        assertThat(facility("septic_tank").getString("network")).isEqualTo(SamplePipes.NETWORK_SEPTIC);
        assertThat(facility("pump_station").getString("network")).isEqualTo(SamplePipes.NETWORK_IRRIGATION);
    }

    @Test
    void buildsAreEqual() {
        MemoryStore again = SampleVillage.build();
        for (String name : List.of("zones", "buildings", "roads", "landuse", "waterways", "pipes", "facilities")) {
            List<Feature> first = layer(name).features();
            List<Feature> second = again.readFeatures(name).features();
            assertThat(second).as(name).hasSameSizeAs(first);
            for (int i = 0; i < first.size(); i++) {
                assertThat(second.get(i).geometry().equalsExact(first.get(i).geometry())).as(name + " " + i).isTrue();
                assertThat(second.get(i).attributes()).as(name + " " + i).isEqualTo(first.get(i).attributes());
            }
        }
        assertThat(again.readRaster("dem").data()).isEqualTo(store.readRaster("dem").data());
    }

    @Test
    void summaryInBothLanguages() {
        Locale previous = UserLocale.get();
        try {
            UserLocale.set(UserLocale.ENGLISH);
            assertThat(SampleVillage.summary(store)).contains("132 houses", "148 households");
            UserLocale.set(UserLocale.CHINESE);
            assertThat(SampleVillage.summary(store)).contains("132 栋房屋");
        } finally {
            UserLocale.set(previous);
        }
    }
}
