package org.communitygis.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SectionTest {
    private static final double N = 0.013;
    private static final double I = 0.003;

    @Test
    void circularFullFlowMatchesManning() {
        Section pipe = Section.circular(0.3);
        // A = π·0.3²/4 = 0.0706858 m², R = 0.075 m, v = 0.075^(2/3)·√0.003 / 0.013 = 0.749 m/s.
        assertThat(pipe.velocity(N, I, 0.3)).isCloseTo(0.74929, within(1e-4));
        assertThat(pipe.fullFlow(N, I)).isCloseTo(0.052964, within(1e-5));
    }

    @Test
    void circularHalfFullCarriesHalf() {
        Section pipe = Section.circular(0.4);
        assertThat(pipe.flow(N, I, 0.2)).isCloseTo(pipe.fullFlow(N, I) / 2, within(1e-9));
        assertThat(pipe.velocity(N, I, 0.2)).isCloseTo(pipe.velocity(N, I, 0.4), within(1e-9));
        assertThat(pipe.normalDepth(N, I, pipe.fullFlow(N, I) / 2)).isCloseTo(0.2, within(1e-7));
    }

    @Test
    void circularMaximumNearH938() {
        Section pipe = Section.circular(0.5);
        // Textbook values: the largest part-full flow is about 1.076 × the full flow, at h/D ≈ 0.938.
        assertThat(pipe.maxFlowDepthM() / 0.5).isCloseTo(0.938, within(0.001));
        assertThat(pipe.flow(N, I, pipe.maxFlowDepthM()) / pipe.fullFlow(N, I)).isCloseTo(1.076, within(0.002));
        assertThat(pipe.normalDepth(N, I, 1.08 * pipe.fullFlow(N, I))).isInfinite();
    }

    @Test
    void normalDepthInvertsFlow() {
        Section pipe = Section.circular(0.3);
        for (double ratio : new double[] {0.05, 0.2, 0.55, 0.7, 0.9}) {
            double q = pipe.flow(N, I, ratio * 0.3);
            assertThat(pipe.normalDepth(N, I, q) / 0.3).as("h/D %s", ratio).isCloseTo(ratio, within(1e-6));
        }
        assertThat(pipe.normalDepth(N, I, 0)).isZero();
        assertThat(pipe.normalDepth(N, 0, 0.01)).isInfinite();
    }

    @Test
    void rectangleAndUChannelGeometry() {
        Section rect = Section.rectangular(0.4, 0.4);
        assertThat(rect.hydraulicRadius(0.2)).isCloseTo(0.1, within(1e-12));
        Section u = Section.uChannel(0.4, 0.5);
        Section circle = Section.circular(0.4);
        assertThat(u.area(0.15)).isCloseTo(circle.area(0.15), within(1e-12));
        assertThat(u.area(0.3)).isCloseTo(Math.PI * 0.04 / 2 + 0.4 * 0.1, within(1e-12));
        assertThat(u.wettedPerimeter(0.3)).isCloseTo(Math.PI * 0.2 + 0.2, within(1e-12));
        double q = u.flow(0.014, 0.01, 0.35);
        assertThat(u.normalDepth(0.014, 0.01, q)).isCloseTo(0.35, within(1e-7));
    }

    @Test
    void invalidSizesRejected() {
        assertThatThrownBy(() -> Section.circular(0)).hasMessageContaining("diameterM");
        assertThatThrownBy(() -> Section.rectangular(0.3, -1)).hasMessageContaining("heightM");
        assertThatThrownBy(() -> Section.uChannel(0.4, 0.1)).hasMessageContaining("heightM");
    }
}
