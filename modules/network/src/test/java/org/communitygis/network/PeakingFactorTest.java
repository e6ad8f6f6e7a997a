package org.communitygis.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PeakingFactorTest {
    private final PeakingFactor table = PeakingFactor.GB50014;

    @Test
    void tableColumnsExact() {
        assertThat(table.kz(5)).isEqualTo(2.3);
        assertThat(table.kz(15)).isEqualTo(2.0);
        assertThat(table.kz(1000)).isEqualTo(1.3);
    }

    @Test
    void interpolatesLinearly() {
        assertThat(table.kz(10)).isCloseTo(2.15, within(1e-12));
        assertThat(table.kz(55)).isCloseTo(1.75, within(1e-12));
        assertThat(table.kz(300)).isCloseTo(1.5 - 0.1 / 3, within(1e-12));
    }

    @Test
    void clampsOutsideTable() {
        assertThat(table.kz(0.02)).isEqualTo(2.3);
        assertThat(table.kz(0)).isEqualTo(2.3);
        assertThat(table.kz(1500)).isEqualTo(1.2);
        assertThat(table.kz(9000)).isEqualTo(1.2);
    }

    @Test
    void constantTable() {
        assertThat(PeakingFactor.constant(3.5).kz(0.1)).isEqualTo(3.5);
        assertThat(PeakingFactor.constant(3.5).kz(800)).isEqualTo(3.5);
    }

    @Test
    void rejectsUnsortedFlows() {
        assertThatThrownBy(() -> new PeakingFactor(new double[] {5, 3}, new double[] {2, 1.5}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
