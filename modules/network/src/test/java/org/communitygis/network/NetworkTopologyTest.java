package org.communitygis.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.communitygis.network.TestLayers.GF;
import static org.communitygis.network.TestLayers.line;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.communitygis.core.CgisException;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.network.Finding.Severity;
import org.communitygis.network.NetworkModel.Link;
import org.communitygis.network.NetworkModel.Node;
import org.communitygis.network.NetworkModel.NodeKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Coordinate;

class NetworkTopologyTest {
    @TempDir
    Path tmp;

    private static Map<String, Object> sewer(Double up, Double down) {
        Map<String, Object> a = new HashMap<>();
        a.put("kind", "sewer");
        a.put("diameter_mm", 300.0);
        a.put("material", "pvc");
        a.put("up_invert_m", up);
        a.put("down_invert_m", down);
        return a;
    }

    /** Builds a small network with one instance of every topology problem. */
    private static FeatureLayer faultyPipes() {
        FeatureLayer pipes = TestLayers.pipes();
        TestLayers.addPipe(pipes, 1, line(0, 0, 100, 0), sewer(10.0, 9.7));
        TestLayers.addPipe(pipes, 2, line(100, 0.2, 200, 0), sewer(9.7, 9.4));
        TestLayers.addPipe(pipes, 3, line(50, 50, 50, 0.1), sewer(10.5, 9.85));
        TestLayers.addPipe(pipes, 4, line(150, -50, 150, 50), sewer(null, null));
        TestLayers.addPipe(pipes, 5, line(200, 3, 260, 3), sewer(8.0, 9.0));
        TestLayers.addPipe(pipes, 6, line(300, 300, 300, 300), sewer(5.0, 4.0));
        Map<String, Object> negative = sewer(5.0, 4.0);
        negative.put("diameter_mm", -300.0);
        TestLayers.addPipe(pipes, 7, line(600, 0, 700, 0), negative);
        TestLayers.addPipe(pipes, 8, line(400, 0, 500, 0), sewer(5.0, 4.0));
        TestLayers.addPipe(pipes, 9, line(500, 0, 400, 0), sewer(4.0, 3.0));
        TestLayers.addPipe(pipes, 10, line(400, 0, 400, -100), sewer(5.0, 4.5));
        return pipes;
    }

    private static FeatureLayer facilities() {
        FeatureLayer facilities = TestLayers.facilities();
        facilities.add(new Feature(1, GF.createPoint(new Coordinate(200, 0)), Map.of("name", "污水站", "kind", "treatment_unit")));
        facilities.add(new Feature(2, GF.createPoint(new Coordinate(1000, 1000)), Map.of("name", "远处", "kind", "septic_tank")));
        facilities.add(new Feature(3, GF.createPoint(new Coordinate(200.1, 0)), Map.of("name", "重复", "kind", "treatment_unit")));
        return facilities;
    }

    private static NetworkTopology.Result build() {
        return NetworkTopology.build(faultyPipes(), Optional.of(facilities()), Optional.empty(),
                GradientRules.defaults(), NetworkTopology.Options.DEFAULTS);
    }

    @Test
    void everyProblemIsOneFinding() {
        NetworkTopology.Result result = build();
        assertThat(result.count("zero_length")).isEqualTo(1);
        assertThat(result.count("invalid_diameter_mm")).isEqualTo(1);
        assertThat(result.count("split_t_junction")).isEqualTo(1);
        assertThat(result.count("crossing_without_node")).isEqualTo(1);
        assertThat(result.count("dangling_end")).isEqualTo(1);
        assertThat(result.count("against_flow")).isEqualTo(1);
        assertThat(result.count("several_outlets")).isEqualTo(1);
        assertThat(result.count("cycle")).isEqualTo(1);
        assertThat(result.count("orphan_node")).isEqualTo(1);
        assertThat(result.count("duplicate_node")).isEqualTo(1);
        assertThat(result.count("no_inverts")).isEqualTo(1);
        assertThat(result.count("snapped")).isEqualTo(2);
    }

    @Test
    void findingsNameFeatureAndLocation() {
        NetworkTopology.Result result = build();
        Finding crossing = result.findings().stream().filter(f -> f.code().equals("crossing_without_node")).findFirst()
                .orElseThrow();
        assertThat(crossing.element()).isEqualTo("2");
        assertThat(crossing.x()).isCloseTo(150, within(1e-9));
        assertThat(crossing.y()).isCloseTo(0.1, within(1e-9));
        Finding invalid = result.findings().stream().filter(f -> f.code().equals("invalid_diameter_mm")).findFirst()
                .orElseThrow();
        assertThat(invalid.element()).isEqualTo("7");
        assertThat(invalid.severity()).isEqualTo(Severity.ERROR);
        assertThat(invalid.message().english()).contains("diameter_mm").contains("-300");
        Finding dangling = result.findings().stream().filter(f -> f.code().equals("dangling_end")).findFirst()
                .orElseThrow();
        assertThat(dangling.element()).isEqualTo("5");
        assertThat(dangling.message().english()).contains("3.00 m");
    }

    @Test
    void teeSplitsLineAndInterpolatesInverts() {
        NetworkModel model = build().model();
        assertThat(model.link("P1")).isEmpty();
        Link first = model.link("P1-1").orElseThrow();
        Link second = model.link("P1-2").orElseThrow();
        assertThat(first.lengthM).isCloseTo(50, within(1e-9));
        assertThat(first.downInvertM).isCloseTo(9.85, within(1e-9));
        assertThat(second.upInvertM).isCloseTo(9.85, within(1e-9));
        assertThat(first.to).isEqualTo(second.from);
        assertThat(model.link("P3").orElseThrow().to).isEqualTo(first.to);
        assertThat(first.invertSource).isEqualTo("attributes");
        assertThat(model.links()).hasSize(9);
    }

    @Test
    void facilityAndTerminalNodesBecomeOutfalls() {
        NetworkModel model = build().model();
        Node plant = model.node(model.link("P2").orElseThrow().to).orElseThrow();
        assertThat(plant.kind).isEqualTo(NodeKind.OUTFALL);
        assertThat(plant.label).isEqualTo("污水站");
        assertThat(plant.extra).isEmpty();
        assertThat(plant.invertM).isCloseTo(9.4, within(1e-9));
    }

    @Test
    void demGivesInvertsWhereAttributesMissing() {
        FeatureLayer pipes = TestLayers.pipes();
        TestLayers.addPipe(pipes, 1, line(100, 500, 300, 500), sewer(null, null));
        TestLayers.addPipe(pipes, 2, line(300, 500, 400, 500), sewer(97.0, null));
        NetworkTopology.Result result = NetworkTopology.build(pipes, Optional.empty(),
                Optional.of(TestLayers.eastwardSlope(0.01)), GradientRules.defaults(), NetworkTopology.Options.DEFAULTS);
        Link dem = result.model().link("P1").orElseThrow();
        assertThat(dem.invertSource).isEqualTo("dem");
        // Ground 99 m at x = 100; invert = ground − 0.7 m cover − 0.3 m diameter.
        assertThat(dem.upInvertM).isCloseTo(98.0, within(1e-6));
        Link mixed = result.model().link("P2").orElseThrow();
        assertThat(mixed.invertSource).isEqualTo("mixed");
        assertThat(mixed.downInvertM).isCloseTo(95.0, within(1e-6));
        assertThat(result.findings()).noneMatch(f -> f.severity() != Severity.INFO);
    }

    @Test
    void cleanNetworkExportsToSwmm() throws IOException {
        FeatureLayer pipes = TestLayers.pipes();
        TestLayers.addPipe(pipes, 1, line(0, 0, 100, 0), sewer(10.0, 9.7));
        TestLayers.addPipe(pipes, 2, line(100, 0, 200, 0), sewer(9.7, 9.4));
        TestLayers.addPipe(pipes, 3, line(100, 80, 100, 0), sewer(10.2, 9.9));
        NetworkTopology.Result result = NetworkTopology.build(pipes, Optional.empty(), Optional.empty(),
                GradientRules.defaults(), NetworkTopology.Options.DEFAULTS);
        assertThat(result.findings()).isEmpty();
        Path file = tmp.resolve("village.inp");
        SwmmInp.write(result.model(), file, SwmmInp.Units.SI_LPS);
        SwmmInp.Result again = SwmmInp.read(file);
        assertThat(again.findings()).isEmpty();
        assertThat(again.model().count(NodeKind.OUTFALL)).isEqualTo(1);
        Link p3 = again.model().link("P3").orElseThrow();
        // P3 enters its downstream node 0.2 m above the node invert of 9.7 m; the SWMM offset keeps that.
        assertThat(p3.downInvertM).isCloseTo(9.9, within(1e-6));
        assertThat(p3.geom1M).isCloseTo(0.3, within(1e-9));
        assertThat(p3.roughness).isCloseTo(0.010, within(1e-12));
    }

    @Test
    void pumpStationGetsPumpBeforeRisingMain() throws IOException {
        FeatureLayer pipes = TestLayers.pipes();
        TestLayers.addPipe(pipes, 1, line(0, 0, 100, 0), sewer(10.0, 9.0));
        Map<String, Object> main = new HashMap<>(Map.of("kind", "rising_main", "diameter_mm", 150.0, "material", "pe"));
        main.put("up_invert_m", 8.5);
        main.put("down_invert_m", 14.0);
        TestLayers.addPipe(pipes, 2, line(100, 0, 260, 0), main);
        TestLayers.addPipe(pipes, 3, line(260, 0, 360, 0), sewer(13.8, 13.0));
        FeatureLayer facilities = TestLayers.facilities();
        facilities.add(new Feature(1, GF.createPoint(new Coordinate(100, 0)), Map.of("name", "提升泵站", "kind", "pump_station")));
        NetworkTopology.Result result = NetworkTopology.build(pipes, Optional.of(facilities), Optional.empty(),
                GradientRules.defaults(), NetworkTopology.Options.DEFAULTS);
        NetworkModel model = result.model();
        Node well = model.node(model.link("P1").orElseThrow().to).orElseThrow();
        assertThat(well.kind).isEqualTo(NodeKind.STORAGE);
        Link pump = model.link("PUMP-" + well.name).orElseThrow();
        assertThat(pump.to).isEqualTo(model.link("P2").orElseThrow().from);
        assertThat(result.findings()).isEmpty();

        Path file = tmp.resolve("lift.inp");
        SwmmInp.write(model, file, SwmmInp.Units.SI_LPS);
        SwmmInp.Result again = SwmmInp.read(file);
        assertThat(again.errors()).isEmpty();
        assertThat(again.model().count(NetworkModel.LinkKind.PUMP)).isEqualTo(1);
        assertThat(again.model().link("P2").orElseThrow().shape).isEqualTo("FORCE_MAIN");
        assertThat(again.model().link("P2").orElseThrow().kind).isEqualTo(NetworkModel.LinkKind.PIPE);
    }

    @Test
    void badToleranceRejected() {
        assertThatThrownBy(() -> new NetworkTopology.Options(0, 5)).isInstanceOf(CgisException.class)
                .hasMessageContaining("snap_tolerance_m");
    }
}
