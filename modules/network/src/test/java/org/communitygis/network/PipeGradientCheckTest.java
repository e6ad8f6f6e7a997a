package org.communitygis.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.communitygis.network.TestLayers.line;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.communitygis.core.Diagnostics;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.i18n.UserLocale;
import org.communitygis.core.raster.Raster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PipeGradientCheckTest {
    private final GradientRules rules = GradientRules.defaults();
    private final Diagnostics diagnostics = new Diagnostics();
    private Locale previous;

    @BeforeEach
    void english() {
        previous = UserLocale.get();
        UserLocale.set(UserLocale.ENGLISH);
    }

    @AfterEach
    void restore() {
        UserLocale.set(previous);
    }

    /** Returns attributes of a DN300 sewer whose inverts fall by {@code gradient} over its 100 m. */
    private static Map<String, Object> sewer(double gradient, String material) {
        Map<String, Object> attributes = new HashMap<>();
        attributes.put("kind", "sewer");
        attributes.put("diameter_mm", 300.0);
        attributes.put("material", material);
        attributes.put("up_invert_m", 50.0);
        attributes.put("down_invert_m", 50.0 - gradient * 100);
        return attributes;
    }

    private Feature checkOne(Map<String, Object> attributes, Optional<Raster> dem) {
        FeatureLayer pipes = TestLayers.pipes();
        TestLayers.addPipe(pipes, 7, line(100, 500, 200, 500), attributes);
        FeatureLayer result = PipeGradientCheck.check(pipes, dem, rules, diagnostics);
        assertThat(result.size()).isEqualTo(1);
        return result.features().get(0);
    }

    @Test
    void pvcDn300TooFlat() {
        Feature result = checkOne(sewer(0.0015, "pvc"), Optional.empty());
        assertThat(result.get("flag")).isEqualTo("too_flat");
        assertThat(result.getDouble("invert_gradient_permille", 0)).isCloseTo(1.5, within(1e-9));
        assertThat(result.getDouble("min_gradient_permille", 0)).isCloseTo(2.0, within(1e-9));
        assertThat(result.get("gradient_source")).isEqualTo("inverts");
    }

    @Test
    void pvcDn300Ok() {
        Feature result = checkOne(sewer(0.0025, "pvc"), Optional.empty());
        assertThat(result.get("flag")).isEqualTo("ok");
        assertThat(result.getString("message")).startsWith("Gradient 2.5‰");
    }

    @Test
    void concreteDn300TooFlat() {
        Feature result = checkOne(sewer(0.0025, "concrete"), Optional.empty());
        assertThat(result.get("flag")).isEqualTo("too_flat");
        assertThat(result.getDouble("min_gradient_permille", 0)).isCloseTo(3.0, within(1e-9));
    }

    @Test
    void reverseGradient() {
        Feature result = checkOne(sewer(-0.004, "pvc"), Optional.empty());
        assertThat(result.get("flag")).isEqualTo("reverse");
        assertThat(result.getString("message")).contains("Reverse gradient");
    }

    @Test
    void steepPvcTooSteep() {
        // Full DN300, n 0.010, I 0.3: v = 100 · 0.075^(2/3) · 0.3^(1/2) ≈ 9.7 m/s > 5 m/s.
        Feature result = checkOne(sewer(0.3, "pvc"), Optional.empty());
        assertThat(result.get("flag")).isEqualTo("too_steep");
    }

    @Test
    void steepSteelOk() {
        // Steel n 0.012 at I 0.3: v ≈ 8.1 m/s, below the 10 m/s metal maximum.
        Feature result = checkOne(sewer(0.3, "steel"), Optional.empty());
        assertThat(result.get("flag")).isEqualTo("ok");
    }

    @Test
    void risingMainNotChecked() {
        Map<String, Object> attributes = sewer(-0.05, "pe");
        attributes.put("kind", "rising_main");
        Feature result = checkOne(attributes, Optional.empty());
        assertThat(result.get("flag")).isEqualTo("ok");
        assertThat(result.get("min_gradient_permille")).isNull();
        assertThat(result.getString("message")).contains("Pressure pipe");
    }

    @Test
    void demStandsInForInverts() {
        Map<String, Object> attributes = new HashMap<>(Map.of("kind", "sewer", "diameter_mm", 300.0, "material", "pvc"));
        Feature result = checkOne(attributes, Optional.of(TestLayers.eastwardSlope(0.01)));
        assertThat(result.get("gradient_source")).isEqualTo("dem");
        assertThat(result.getDouble("ground_up_m", 0)).isCloseTo(99.0, within(1e-4));
        assertThat(result.getDouble("ground_down_m", 0)).isCloseTo(98.0, within(1e-4));
        assertThat(result.getDouble("ground_gradient_permille", 0)).isCloseTo(10.0, within(1e-3));
        assertThat(result.get("invert_gradient_permille")).isNull();
        assertThat(result.get("flag")).isEqualTo("ok");
        assertThat(result.getString("message")).contains("assuming constant cover");
    }

    @Test
    void shallowCoverNoted() {
        Map<String, Object> attributes = sewer(0.01, "pvc");
        attributes.put("up_invert_m", 98.5);
        attributes.put("down_invert_m", 97.5);
        Feature result = checkOne(attributes, Optional.of(TestLayers.eastwardSlope(0.01)));
        assertThat(result.get("flag")).isEqualTo("ok");
        assertThat(result.getString("message")).contains("Cover over the crown is 0.20 m");
    }

    @Test
    void missingDiameterAssumed() {
        Map<String, Object> attributes = sewer(0.0025, "concrete");
        attributes.remove("diameter_mm");
        Feature result = checkOne(attributes, Optional.empty());
        assertThat(result.get("flag")).isEqualTo("too_flat");
        assertThat(result.getString("message")).contains("checked as DN300");
    }

    @Test
    void ditchUsesChannelRule() {
        Map<String, Object> attributes = new HashMap<>(Map.of("kind", "ditch", "width_m", 0.4,
                "up_invert_m", 10.0, "down_invert_m", 9.7));
        Feature result = checkOne(attributes, Optional.empty());
        assertThat(result.get("flag")).isEqualTo("ok");
        assertThat(result.getDouble("min_gradient_permille", 0)).isCloseTo(2.154, within(0.01));
    }

    @Test
    void flatDitchTooFlat() {
        Map<String, Object> attributes = new HashMap<>(Map.of("kind", "ditch", "width_m", 0.4,
                "up_invert_m", 10.0, "down_invert_m", 9.95));
        Feature result = checkOne(attributes, Optional.empty());
        assertThat(result.get("flag")).isEqualTo("too_flat");
    }

    @Test
    void invalidPipesSkipped() {
        FeatureLayer pipes = TestLayers.pipes();
        TestLayers.addPipe(pipes, 1, line(0, 0, 0, 0), sewer(0.01, "pvc"));
        Map<String, Object> negative = sewer(0.01, "pvc");
        negative.put("diameter_mm", -300.0);
        TestLayers.addPipe(pipes, 2, line(0, 0, 50, 0), negative);
        TestLayers.addPipe(pipes, 3, line(0, 0, 50, 0), Map.of("kind", "sewer"));
        TestLayers.addPipe(pipes, 4, line(0, 0, 50, 0), sewer(0.01, "pvc"));
        FeatureLayer result = PipeGradientCheck.check(pipes, Optional.empty(), rules, diagnostics);
        assertThat(result.size()).isEqualTo(1);
        assertThat(result.features().get(0).get("pipe_id")).isEqualTo(4L);
        assertThat(diagnostics.count("gradient.zeroLength")).isEqualTo(1);
        assertThat(diagnostics.count("gradient.badSize")).isEqualTo(1);
        assertThat(diagnostics.count("gradient.noLevels")).isEqualTo(1);
        assertThat(diagnostics.warnings().get(1).english()).contains("Pipe 2 ");
    }

    @Test
    void chineseMessage() {
        UserLocale.set(UserLocale.CHINESE);
        Feature result = checkOne(sewer(0.0015, "pvc"), Optional.empty());
        assertThat(result.getString("message")).contains("最小坡度 2.0‰");
    }
}
