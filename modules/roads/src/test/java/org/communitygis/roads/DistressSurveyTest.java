package org.communitygis.roads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.communitygis.core.CgisException;
import org.communitygis.core.Diagnostics;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.feature.Field;
import org.communitygis.core.feature.FieldType;
import org.communitygis.core.feature.GeometryKind;
import org.communitygis.core.i18n.Message;
import org.communitygis.core.i18n.UserLocale;
import org.communitygis.core.progress.Progress;
import org.communitygis.core.raster.GridGeometry;
import org.communitygis.core.raster.Raster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Coordinate;

/**
 * Surveys on 桃园路, made of road 1 from x = 20 to 160 m and road 2 digitized back from x = 300 to 160 m,
 * both asphalt and 6 m wide at y = 105 m: a 280 m route whose chainage is x − 20. The grid is that of
 * {@link RoadDamageZonesTest}, with a stream through x 185–195 m (route chainage 165–175 m).
 */
class DistressSurveyTest {
    private static final GridGeometry GRID = Fixtures.grid(40, 20, 10, 5);
    private static final Raster STREAM = Fixtures.raster(GRID, (x, y) -> x > 185 && x < 195 ? 200 : 1);
    private static final Raster FLAT = Fixtures.raster(GRID, (x, y) -> 500);
    private static final String HEADER = "road,from_m,to_m,type,severity,area_m2,length_m,width_m,quantity,unit";

    @TempDir
    Path folder;

    private final Locale savedLocale = UserLocale.get();
    private final Diagnostics diagnostics = new Diagnostics();
    private final FeatureLayer roads = Fixtures.roads(
            Fixtures.road(1, Fixtures.line(20, 105, 160, 105), "name", "桃园路", "highway", "tertiary",
                    "surface", "asphalt", "width_m", 6.0),
            Fixtures.road(2, Fixtures.line(300, 105, 160, 105), "name", "桃园路", "highway", "tertiary",
                    "surface", "沥青", "width_m", 6.0),
            Fixtures.road(3, Fixtures.line(20, 40, 300, 40), "name", "砂石路", "surface", "gravel"));
    private final Routes routes = Routes.build(roads);

    @AfterEach
    void restoreLocale() {
        UserLocale.set(savedLocale);
    }

    private DistressSurvey read(String... rows) throws IOException {
        Path file = folder.resolve("survey.csv");
        Files.writeString(file, HEADER + "\n" + String.join("\n", rows) + "\n", StandardCharsets.UTF_8);
        return DistressSurvey.readCsv(file, roads, routes, diagnostics);
    }

    private String warningAt(int index) {
        return diagnostics.warnings().get(index).english();
    }

    @Test
    void goodRowsRead() throws IOException {
        DistressSurvey survey = read("桃园路,K0+110,K0+190,网裂,重,70,,,,",
                "2,150,,坑槽,轻,0.5,,,,",
                "桃园路,K0+010,K0+030,横向裂缝,light,,12,,,",
                "桃园路,20,,沉陷,H,,4,2.5,,",
                "桃园路,40,,修补,,,,,3,平方米");
        assertThat(diagnostics.warnings()).isEmpty();
        assertThat(survey.records()).hasSize(5);
        DistressSurvey.Record first = survey.records().get(0);
        assertThat(first.row()).isEqualTo(2);
        assertThat(first.type().name()).isEqualTo("龟裂");
        assertThat(first.fromM()).isEqualTo(110.0);
        assertThat(first.toM()).isEqualTo(190.0);
        assertThat(survey.records().get(1).route().name()).isEqualTo("桃园路");
        assertThat(survey.records().get(2).areaM2()).isCloseTo(12 * 0.2, within(1e-12));
        assertThat(survey.records().get(3).areaM2()).isEqualTo(10.0);
        assertThat(survey.records().get(4).areaM2()).isEqualTo(3.0);
    }

    @Test
    void badRowsReportedRestUsed() throws IOException {
        UserLocale.set(UserLocale.ENGLISH);
        DistressSurvey survey = read("桃园路,K0+110,K0+190,龟裂,重,70,,,,",
                "桃园路,K0+050,,坑槽,中,1,,,,",
                "桃园路,K0+300,,坑槽,重,1,,,,",
                "幸福路,K0+020,,坑槽,重,1,,,,",
                "桃园路,K0+020,,裂纹,轻,1,,,,",
                "桃园路,K0+020,,坑槽,很重,1,,,,",
                "桃园路,K0+020,,坑槽,重,,,,2,块",
                "桃园路,K0+020,,纵向裂缝,轻,,-5,,,",
                "桃园路,K0+000,K0+100,纵向裂缝,重,,500,,,",
                "桃园路,abc,,坑槽,重,1,,,,",
                "砂石路,K0+020,,坑槽,重,1,,,,",
                "桃园路,K0+020,,沉陷,重,,3,,,",
                "桃园路,K0+020,,坑槽,重,,,,,");
        assertThat(survey.records()).hasSize(1);
        assertThat(survey.rejected()).isEqualTo(12);
        List<String> keys = diagnostics.warnings().stream().map(Message::key).toList();
        assertThat(keys).containsExactly("survey.severityNotDefined", "survey.beyondEnd", "survey.unknownRoad",
                "survey.unknownType", "survey.unknownSeverity", "survey.unknownUnit", "survey.negative",
                "survey.overlong", "survey.badChainage", "survey.noPavement", "survey.needsWidth", "survey.noAmount");
        assertThat(warningAt(0)).contains("row 3").contains("坑槽").contains("light/heavy");
        assertThat(warningAt(1)).contains("row 4").contains("K0+300").contains("K0+280");
        assertThat(warningAt(2)).contains("row 5").contains("幸福路");
        assertThat(warningAt(3)).contains("row 6").contains("裂纹").contains("龟裂");
        assertThat(warningAt(6)).contains("row 9").contains("length_m");
        assertThat(warningAt(7)).contains("row 10").contains("500.0 m");
    }

    @Test
    void badRowsInChinese() throws IOException {
        UserLocale.set(UserLocale.CHINESE);
        read("幸福路,K0+020,,坑槽,重,1,,,,");
        assertThat(diagnostics.warnings().get(0).localized()).isEqualTo(
                "路面损坏调查表 survey.csv 第 2 行：找不到道路“幸福路”（按道路名称、编号 ref 或要素 id 查找），该行已忽略。");
    }

    @Test
    void chineseHeaderAccepted() throws IOException {
        Path file = folder.resolve("调查.csv");
        Files.writeString(file, "\uFEFF道路,桩号,损坏类型,程度,面积\n桃园路,K0+100,坑槽,重,\"1.5\"\n", StandardCharsets.UTF_8);
        DistressSurvey survey = DistressSurvey.readCsv(file, roads, routes, diagnostics);
        assertThat(survey.records()).hasSize(1);
        assertThat(survey.records().get(0).areaM2()).isEqualTo(1.5);
    }

    @Test
    void missingColumnRejected() throws IOException {
        Path file = folder.resolve("bad.csv");
        Files.writeString(file, "road,type\n桃园路,坑槽\n", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> DistressSurvey.readCsv(file, roads, routes, diagnostics))
                .isInstanceOf(CgisException.class).hasMessageContaining("from_m");
    }

    @Test
    void layerLocatedByGeometry() {
        FeatureLayer layer = new FeatureLayer("survey", GeometryKind.POINT, Fixtures.CRS, List.of(
                new Field("道路", FieldType.STRING), new Field("损坏类型", FieldType.STRING),
                new Field("程度", FieldType.STRING), new Field("面积", FieldType.REAL)));
        layer.add(new Feature(1, Fixtures.GEOMETRY.createPoint(new Coordinate(190, 107)),
                Map.of("道路", "桃园路", "损坏类型", "坑槽", "程度", "重", "面积", 2.0)));
        layer.add(new Feature(2, Fixtures.GEOMETRY.createPoint(new Coordinate(190, 185)),
                Map.of("道路", "桃园路", "损坏类型", "坑槽", "程度", "重", "面积", 2.0)));
        DistressSurvey survey = DistressSurvey.fromLayer(layer, roads, routes, diagnostics);
        assertThat(survey.records()).hasSize(1);
        assertThat(survey.records().get(0).fromM()).isEqualTo(170.0);
        assertThat(diagnostics.warnings()).extracting(Message::key).containsExactly("survey.farFromRoad");
    }

    @Test
    void zonesCarryPciAndMergeAcrossFeatures() throws IOException {
        UserLocale.set(UserLocale.ENGLISH);
        // 龟裂 heavy 70 m² in the 100–200 m condition unit of 600 m²: DR 11.67 %, PCI 58.7, grade 差.
        DistressSurvey survey = read("桃园路,K0+110,K0+190,龟裂,重,70,,,,");
        FeatureLayer zones = RoadDamageZones.compute(roads, STREAM, FLAT, RoadZoneOptions.defaults(),
                new RoadDamageZones.ConditionInput(survey, PavementCondition.Standard.JTG5210, 100,
                        AxleLoads.BZZ_100_KN), Progress.NONE, diagnostics);

        // One zone on 桃园路 from route chainage 100 to 200 is written as a piece on each road. The gravel
        // road crosses the stream too and has no PCI.
        assertThat(zones.size()).isEqualTo(3);
        Feature first = zones.features().get(0);
        Feature second = zones.features().get(1);
        assertThat(first.get("route")).isEqualTo("桃园路");
        assertThat(second.get("route_zone")).isEqualTo(first.get("route_zone"));
        assertThat(first.get("route_from_m")).isEqualTo(100.0);
        assertThat(first.get("route_to_m")).isEqualTo(200.0);
        assertThat(first.get("from_station")).isEqualTo("K0+100");
        assertThat(first.get("to_station")).isEqualTo("K0+200");
        // Road 1 runs with the route from x = 20 m: route 100–140 m is 100–140 m along it. Road 2 is
        // digitized from x = 300 m: route 140–200 m (x 160–220 m) is 80–140 m along it.
        assertThat(first.get("road_id")).isEqualTo(1L);
        assertThat(first.get("from_m")).isEqualTo(100.0);
        assertThat(first.get("to_m")).isEqualTo(140.0);
        assertThat(second.get("road_id")).isEqualTo(2L);
        assertThat((Double) second.get("from_m")).isCloseTo(80.0, within(1e-9));
        assertThat((Double) second.get("to_m")).isCloseTo(140.0, within(1e-9));
        assertThat((Double) first.get("pci")).isCloseTo(58.7, within(0.05));
        assertThat(first.get("pci_grade")).isEqualTo("差");
        assertThat(first.get("pci_standard")).isEqualTo("JTG 5210-2018");
        // Runoff (2) + condition (3) on the stream units: high.
        assertThat(first.get("severity")).isEqualTo(3L);
        assertThat(second.get("severity")).isEqualTo(3L);
        assertThat((String) first.get("reasons"))
                .isEqualTo("runoff from 2.0 ha crosses at K0+170; pavement PCI 59 (差, from K0+100)");
        assertThat(first.geometry().getArea() + second.geometry().getArea()).isCloseTo(600, within(1.0));
        Feature gravel = zones.features().get(2);
        assertThat(gravel.get("route")).isEqualTo("砂石路");
        assertThat(gravel.get("pci")).isNull();
        assertThat(gravel.get("route_zone")).isNotEqualTo(first.get("route_zone"));
    }

    @Test
    void floatDriftNeverSplitsZone() {
        // Three features whose lengths are not exact in binary; with traffic-only zones every unit is
        // hazardous, so the whole route must be one zone in three pieces.
        Object[] attributes = {"name", "漂移路", "surface", "gravel", "heavy_vehicles_per_day", 60};
        FeatureLayer drifting = Fixtures.roads(
                Fixtures.road(1, Fixtures.line(20.1, 100.2, 133.3, 100.7), attributes),
                Fixtures.road(2, Fixtures.line(133.3, 100.7, 246.6, 101.4), attributes),
                Fixtures.road(3, Fixtures.line(246.6, 101.4, 359.9, 102.1), attributes));
        FeatureLayer zones = RoadDamageZones.compute(drifting, null, FLAT,
                RoadZoneOptions.defaults().withTrafficOnlyZones(true).withMaxBridgedGapUnits(0), Progress.NONE,
                diagnostics);
        assertThat(zones.size()).isEqualTo(3);
        double total = drifting.features().stream().mapToDouble(f -> f.geometry().getLength()).sum();
        for (Feature piece : zones.features()) {
            assertThat(piece.get("route_zone")).isEqualTo(1L);
            assertThat(piece.get("route_from_m")).isEqualTo(0.0);
            assertThat((Double) piece.get("route_to_m")).isCloseTo(total, within(3 * Route.SNAP_M));
        }
    }

    @Test
    void zonesCarryRqiAndAxles() {
        UserLocale.set(UserLocale.CHINESE);
        // IRI 2 m/km on a tertiary road: RQI = 100 / (1 + 0.0185·e^(0.58·2)) = 94.43. Axles 130 kN × 10/day:
        // 10 · 1.3⁴ = 28.6 BZZ-100 passes/day.
        FeatureLayer layer = Fixtures.roads(Fixtures.road(5, Fixtures.line(20, 105, 300, 105), "highway", "tertiary",
                "surface", "asphalt"));
        layer.features().get(0).set("iri_m_per_km", 2.0).set("axle_loads", "130:10");
        FeatureLayer zones = RoadDamageZones.compute(layer, STREAM, FLAT, RoadZoneOptions.defaults(), Progress.NONE,
                diagnostics);
        assertThat(zones.size()).isEqualTo(1);
        Feature zone = zones.features().get(0);
        assertThat((Double) zone.get("rqi")).isCloseTo(94.427, within(0.001));
        assertThat((Double) zone.get("esal_per_day")).isCloseTo(28.561, within(1e-9));
        assertThat((String) zone.get("reasons")).endsWith("当量标准轴次 29 次/日");
    }

    @Test
    void cjjWithoutTableLeavesPciNull() throws IOException {
        DistressSurvey survey = read("桃园路,K0+110,K0+190,龟裂,重,70,,,,", "桃园路,K0+020,,坑槽,重,6,,,,");
        Map<String, List<PavementCondition.UnitCondition>> conditions = PavementCondition.evaluate(roads, survey,
                PavementCondition.Standard.CJJ36, 100, diagnostics);
        List<PavementCondition.UnitCondition> units = conditions.get("桃园路");
        assertThat(units).hasSize(3);
        // 坑槽 6 m² on 600 m² = 1 % → DP 25 → PCI 75: B on a local (tertiary) road.
        assertThat(units.get(0).pci()).isCloseTo(75, within(1e-9));
        assertThat(units.get(0).grade()).isEqualTo("B");
        assertThat(units.get(0).missingTables()).isFalse();
        assertThat(units.get(1).pci()).isNaN();
        assertThat(units.get(1).untabledTypes()).containsExactly("龟裂");
        assertThat(units.get(1).tabledShare()).isZero();
        assertThat(units.get(2).pci()).isEqualTo(100.0);
        assertThat(diagnostics.warnings()).extracting(Message::key).containsExactly("survey.cjjMissingTables");
    }

    @Test
    void cjjPartialCoverageComputesPci() throws IOException {
        // Unit 0–100 m: 坑槽 6 m² and 龟裂 0.3 m², so the tabled share is 6 / 6.3 = 0.952 ≥ 0.95 and the PCI
        // counts 坑槽 alone: 75. Unit 100–200 m: 龟裂 70 m² alone, no PCI. Both 龟裂 rows prorate fully.
        DistressSurvey survey = read("桃园路,K0+020,,坑槽,重,6,,,,", "桃园路,K0+030,,龟裂,重,0.3,,,,",
                "桃园路,K0+110,K0+190,龟裂,重,70,,,,", "桃园路,K0+210,,龟裂,轻,0.5,,,,");
        Map<String, List<PavementCondition.UnitCondition>> conditions = PavementCondition.evaluate(roads, survey,
                PavementCondition.Standard.CJJ36, 100, diagnostics);
        List<PavementCondition.UnitCondition> units = conditions.get("桃园路");

        assertThat(units.get(0).pci()).isCloseTo(75, within(1e-9));
        assertThat(units.get(0).untabledTypes()).containsExactly("龟裂");
        assertThat(units.get(0).tabledShare()).isCloseTo(6 / 6.3, within(1e-12));
        assertThat(units.get(1).pci()).isNaN();
        assertThat(units.get(2).pci()).isNaN();
        assertThat(diagnostics.warnings()).hasSize(1);
        assertThat(diagnostics.warnings().get(0).key()).isEqualTo("survey.cjjMissingTables");
        assertThat(warningAt(0)).contains("damage types: 龟裂.")
                .contains("Of 3 condition units, 2 get no PCI")
                .contains("in 1 the tabled damage makes up at least 95%");
    }

    @Test
    void cjjMissingTableNamedInZoneReasons() throws IOException {
        UserLocale.set(UserLocale.ENGLISH);
        DistressSurvey survey = read("桃园路,K0+110,K0+190,龟裂,重,70,,,,");
        FeatureLayer zones = RoadDamageZones.compute(roads, STREAM, FLAT, RoadZoneOptions.defaults(),
                new RoadDamageZones.ConditionInput(survey, PavementCondition.Standard.CJJ36, 100,
                        AxleLoads.BZZ_100_KN), Progress.NONE, diagnostics);
        Feature first = zones.features().get(0);
        assertThat(first.get("route")).isEqualTo("桃园路");
        assertThat(first.get("pci")).isNull();
        assertThat((String) first.get("reasons"))
                .endsWith("no CJJ 36 deduct table for 龟裂, so some units from K0+100 have no PCI");
    }

    private DistressSurvey readWithHeader(String header, String... rows) throws IOException {
        Path file = folder.resolve("iri.csv");
        Files.writeString(file, header + "\n" + String.join("\n", rows) + "\n", StandardCharsets.UTF_8);
        return DistressSurvey.readCsv(file, roads, routes, diagnostics);
    }

    @Test
    void iriRowsGiveRqiPerUnit() throws IOException {
        DistressSurvey survey = readWithHeader("road,from_m,to_m,type,severity,area_m2,平整度",
                "桃园路,0,100,,,,2", "桃园路,100,150,坑槽,重,1,4", "桃园路,150,250,,,,6", "桃园路,250,260,,,,-1");
        assertThat(survey.records()).hasSize(1);
        assertThat(survey.iriReadings()).extracting(DistressSurvey.IriReading::iriMPerKm).containsExactly(2.0, 4.0, 6.0);
        assertThat(diagnostics.warnings()).extracting(Message::key).containsExactly("survey.negative");

        List<PavementCondition.UnitCondition> jtg = PavementCondition.evaluate(roads, survey,
                PavementCondition.Standard.JTG5210, 100, diagnostics).get("桃园路");
        // Tertiary road, JTG other classes: RQI = 100 / (1 + 0.0185·e^(0.58·IRI)).
        // Unit 0–100: IRI 2 → 94.427. Unit 100–200: 50 m at 4 and 50 m at 6 → IRI 5 → 74.838.
        // Unit 200–280: 50 m at 6 → 62.480.
        assertThat(jtg.get(0).rqi()).isCloseTo(94.427, within(0.001));
        assertThat(jtg.get(1).iriMPerKm()).isCloseTo(5.0, within(1e-12));
        assertThat(jtg.get(1).rqi()).isCloseTo(74.838, within(0.001));
        assertThat(jtg.get(2).rqi()).isCloseTo(62.480, within(0.001));

        // CJJ 36 urban RQI = 4.98 − 0.34·IRI: IRI 5 → 3.28.
        List<PavementCondition.UnitCondition> cjj = PavementCondition.evaluate(roads, survey,
                PavementCondition.Standard.CJJ36, 100, diagnostics).get("桃园路");
        assertThat(cjj.get(1).rqi()).isCloseTo(3.28, within(1e-9));
    }

    @Test
    void iriOnlySurveyHasNoPci() throws IOException {
        DistressSurvey survey = readWithHeader("道路,起点桩号,终点桩号,IRI", "桃园路,K0+000,K0+280,3");
        List<PavementCondition.UnitCondition> units = PavementCondition.evaluate(roads, survey,
                PavementCondition.Standard.JTG5210, 100, diagnostics).get("桃园路");
        assertThat(units).hasSize(3);
        assertThat(units.get(0).pci()).isNaN();
        assertThat(units.get(0).points()).isZero();
        assertThat(units.get(2).iriMPerKm()).isEqualTo(3.0);
    }

    @Test
    void zoneRqiFromSurveyIri() throws IOException {
        DistressSurvey survey = readWithHeader("road,from_m,to_m,iri", "桃园路,100,150,4", "桃园路,150,250,6");
        FeatureLayer zones = RoadDamageZones.compute(roads, STREAM, FLAT, RoadZoneOptions.defaults(),
                new RoadDamageZones.ConditionInput(survey, PavementCondition.Standard.JTG5210, 100,
                        AxleLoads.BZZ_100_KN), Progress.NONE, diagnostics);
        Feature first = zones.features().get(0);
        assertThat(first.get("route")).isEqualTo("桃园路");
        // The runoff zone lies in the 100–200 m condition unit: IRI 5 m/km, RQI 74.838.
        assertThat((Double) first.get("rqi")).isCloseTo(74.838, within(0.001));
    }

    @Test
    void axlesOnPoorPavementRaiseSeverity() throws IOException {
        UserLocale.set(UserLocale.ENGLISH);
        DistressSurvey survey = read("桃园路,K0+110,K0+190,龟裂,重,70,,,,");
        RoadDamageZones.ConditionInput input = new RoadDamageZones.ConditionInput(survey,
                PavementCondition.Standard.JTG5210, 100, AxleLoads.BZZ_100_KN);
        // Without traffic the 差 unit scores its 3 condition points: medium.
        Feature plain = RoadDamageZones.compute(roads, null, FLAT, RoadZoneOptions.defaults(), input,
                Progress.NONE, diagnostics).features().get(0);
        assertThat(plain.get("severity")).isEqualTo(2L);

        // 10 BZZ-100 axles/day are below the 100/day of a strong surface, but on 差 asphalt they are scored
        // as on a weak surface (≥ 10/day): 3 + 2 traffic points + 1 load bonus = 6, high.
        for (Feature road : roads.features()) {
            road.set("axle_loads", "100:10");
        }
        Feature loaded = RoadDamageZones.compute(roads, null, FLAT, RoadZoneOptions.defaults(), input,
                Progress.NONE, diagnostics).features().get(0);
        assertThat(loaded.get("severity")).isEqualTo(3L);
        assertThat((Double) loaded.get("esal_per_day")).isCloseTo(10.0, within(1e-12));
        assertThat((String) loaded.get("reasons")).isEqualTo("pavement PCI 59 (差, from K0+100); 10 equivalent "
                + "standard axles/day counted as on a weak surface, since the pavement is in poor condition");
    }

    @Test
    void countOnPoorPavementRaisesSeverity() throws IOException {
        UserLocale.set(UserLocale.ENGLISH);
        // No axle data: 20 heavy vehicles/day are below the 200 of asphalt but reach the 10 of a weak surface.
        for (Feature road : roads.features()) {
            road.set("heavy_vehicles_per_day", 20L);
        }
        DistressSurvey survey = read("桃园路,K0+110,K0+190,龟裂,重,70,,,,");
        Feature zone = RoadDamageZones.compute(roads, null, FLAT, RoadZoneOptions.defaults(),
                new RoadDamageZones.ConditionInput(survey, PavementCondition.Standard.JTG5210, 100,
                        AxleLoads.BZZ_100_KN), Progress.NONE, diagnostics).features().get(0);
        assertThat(zone.get("severity")).isEqualTo(3L);
        assertThat(zone.get("esal_per_day")).isNull();
        assertThat((String) zone.get("reasons")).endsWith("20 heavy vehicles/day counted as on a weak surface, "
                + "since the pavement is in poor condition");
    }
}
