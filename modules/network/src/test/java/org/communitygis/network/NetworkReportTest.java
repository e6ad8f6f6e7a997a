package org.communitygis.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.communitygis.network.TestLayers.box;
import static org.communitygis.network.TestLayers.line;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;
import org.junit.jupiter.api.Test;

class NetworkReportTest {
    private static NetworkTopology.Result chain() {
        FeatureLayer pipes = TestLayers.pipes();
        Map<String, Object> a = new HashMap<>(Map.of("kind", "sewer", "diameter_mm", 300.0, "material", "pvc"));
        a.put("up_invert_m", 10.0);
        a.put("down_invert_m", 9.5);
        TestLayers.addPipe(pipes, 1, line(0, 0, 100, 0), a);
        Map<String, Object> b = new HashMap<>(a);
        b.put("up_invert_m", 9.5);
        b.put("down_invert_m", 9.0);
        TestLayers.addPipe(pipes, 2, line(100, 0, 200, 0), b);
        return NetworkTopology.build(pipes, Optional.empty(), Optional.empty(), GradientRules.defaults(),
                NetworkTopology.Options.DEFAULTS);
    }

    @Test
    void buildingsFeedNearestUpstreamNode() {
        NetworkModel model = chain().model();
        FeatureLayer buildings = TestLayers.buildings();
        buildings.add(new Feature(1, box(40, 5, 50, 15), Map.of("residents", 864)));
        buildings.add(new Feature(2, box(140, -15, 150, -5), Map.of("households", 100)));
        buildings.add(new Feature(3, box(140, 200, 150, 210), Map.of("residents", 50)));
        Map<String, Double> inflows = NetworkReport.buildingInflows(model, buildings, 2.5, 100, 30);
        String first = model.link("P1").orElseThrow().from;
        String second = model.link("P2").orElseThrow().from;
        assertThat(inflows.get(first)).isCloseTo(1.0, within(1e-12));
        assertThat(inflows.get(second)).isCloseTo(250 * 100 / 86_400.0, within(1e-12));
        assertThat(inflows).hasSize(2);

        SewerDesign.Result design = SewerDesign.check(model, inflows, GradientRules.defaults(), SewerDesign.Options.DEFAULTS);
        FeatureLayer layer = NetworkReport.designLayer(model, design, TestLayers.CRS);
        assertThat(layer.size()).isEqualTo(2);
        Feature p2 = layer.features().stream().filter(f -> "P2".equals(f.get("link"))).findFirst().orElseThrow();
        assertThat(p2.getDouble("mean_flow_lps", 0)).isCloseTo(1.0 + 250 * 100 / 86_400.0, within(1e-9));
        assertThat(p2.getDouble("gradient_permille", 0)).isCloseTo(5.0, within(1e-9));
        assertThat(p2.getString("invert_source")).isEqualTo("attributes");
    }

    @Test
    void findingsBecomePoints() {
        FeatureLayer pipes = TestLayers.pipes();
        TestLayers.addPipe(pipes, 1, line(0, 0, 100, 0), Map.of("kind", "sewer", "diameter_mm", 0.0));
        NetworkTopology.Result result = NetworkTopology.build(pipes, Optional.empty(), Optional.empty(),
                GradientRules.defaults(), NetworkTopology.Options.DEFAULTS);
        FeatureLayer layer = NetworkReport.findingsLayer(result.findings(), TestLayers.CRS);
        assertThat(layer.size()).isEqualTo(1);
        Feature f = layer.features().get(0);
        assertThat(f.getString("code")).isEqualTo("invalid_diameter_mm");
        assertThat(f.getString("severity")).isEqualTo("error");
        assertThat(f.getString("element")).isEqualTo("1");
    }
}
