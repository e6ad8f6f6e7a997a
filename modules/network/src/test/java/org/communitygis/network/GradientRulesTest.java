package org.communitygis.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import org.communitygis.core.CgisException;
import org.communitygis.network.GradientRules.PipeClass;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GradientRulesTest {
    private final GradientRules rules = GradientRules.defaults();

    @Test
    void dn300ByMaterial() {
        assertThat(rules.minGradient("sewer", 300, Double.NaN, "pvc")).isEqualTo(0.002);
        assertThat(rules.minGradient("sewer", 300, Double.NaN, "PE")).isEqualTo(0.002);
        assertThat(rules.minGradient("sewer", 300, Double.NaN, "concrete")).isEqualTo(0.003);
        assertThat(rules.minGradient("sewer", 300, Double.NaN, null)).isEqualTo(0.003);
    }

    @Test
    void smallDiametersUseDn200() {
        assertThat(rules.minGradient("sewer", 200, Double.NaN, "pvc")).isEqualTo(0.004);
        assertThat(rules.minGradient("sewer", 250, Double.NaN, "concrete")).isEqualTo(0.004);
        assertThat(rules.minGradient("sewer", 150, Double.NaN, "pvc")).isEqualTo(0.004);
    }

    @Test
    void largeDiameterDerivedFromVelocity() {
        // DN400 concrete at h/D 0.65: R = 0.1153 m, n 0.014 → I = (0.6·0.014 / R^(2/3))² ≈ 0.00126.
        double derived = rules.minGradient("sewer", 400, Double.NaN, "concrete");
        assertThat(derived).isCloseTo(0.001257, within(0.00001));
        assertThat(rules.minGradient("sewer", 1000, Double.NaN, "concrete")).isLessThan(derived);
    }

    @Test
    void largeDiameterCappedByTable() {
        GradientRules slowRough = rules.with("min_velocity.sewage", "5");
        assertThat(slowRough.minGradient("sewer", 400, Double.NaN, "concrete")).isEqualTo(0.003);
    }

    @Test
    void pressureHasNoMinimum() {
        assertThat(rules.minGradient("rising_main", 100, Double.NaN, "pe")).isNaN();
        assertThat(rules.classify("rising_main")).isEqualTo(PipeClass.PRESSURE);
    }

    @Test
    void channelFromMinimumVelocity() {
        // 0.4 m wide earth ditch, depth 0.2 m: R = 0.1 m, I = (0.4·0.025 / 0.1^(2/3))².
        double expected = Math.pow(0.4 * 0.025 / Math.pow(0.1, 2.0 / 3.0), 2);
        assertThat(rules.minGradient("ditch", Double.NaN, 0.4, null)).isCloseTo(expected, within(1e-12));
    }

    @Test
    void maxVelocityByMaterial() {
        assertThat(rules.maxVelocity(PipeClass.GRAVITY_PIPE, "steel")).isEqualTo(10);
        assertThat(rules.maxVelocity(PipeClass.GRAVITY_PIPE, "pvc")).isEqualTo(5);
    }

    @Test
    void overrideFromFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("rules.properties");
        Files.writeString(file, "pipe.min_gradient.plastic=200:0.005,300:0.0025\n");
        GradientRules loaded = GradientRules.load(file);
        assertThat(loaded.minGradient("sewer", 300, Double.NaN, "pvc")).isEqualTo(0.0025);
        assertThat(loaded.minGradient("sewer", 300, Double.NaN, "concrete")).isEqualTo(0.003);
    }

    @Test
    void rejectsBadTable() {
        assertThatThrownBy(() -> rules.with("pipe.min_gradient.other", "300-0.003"))
                .isInstanceOf(CgisException.class)
                .hasMessageContaining("pipe.min_gradient.other");
    }

    @Test
    void rejectsNegativeVelocity() {
        assertThatThrownBy(() -> rules.with("max_velocity.metal", "-1")).isInstanceOf(CgisException.class);
    }
}
