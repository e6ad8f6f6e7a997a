package org.communitygis.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.communitygis.core.CgisException;
import org.communitygis.core.testing.SharedData;
import org.communitygis.network.NetworkModel.Link;
import org.communitygis.network.NetworkModel.LinkKind;
import org.communitygis.network.PumpStation.Friction;
import org.communitygis.network.PumpStation.RisingMain;
import org.junit.jupiter.api.Test;

class PumpStationTest {
    @Test
    void pondLiftUpgradeFrom17To35Kw() {
        RisingMain oldMain = new RisingMain(160, 0.150, Friction.HAZEN_WILLIAMS, 100, 3.0);
        PumpStation.Design before = PumpStation.design(oldMain, 0.037, 18.0, 0.65, PumpStation.DEFAULT_MOTOR_MARGIN);
        assertThat(before.frictionLossM()).isCloseTo(7.745, within(0.005));
        assertThat(before.totalHeadM()).isCloseTo(26.415, within(0.005));
        assertThat(before.motorPowerKw()).isCloseTo(17.0, within(0.1));
        assertThat(before.velocityInRange()).isFalse();

        RisingMain newMain = new RisingMain(160, 0.250, Friction.HAZEN_WILLIAMS, 130, 3.0);
        PumpStation.Design after = PumpStation.design(newMain, 0.085, 24.0, 0.72, PumpStation.DEFAULT_MOTOR_MARGIN);
        assertThat(after.frictionLossM()).isCloseTo(1.847, within(0.005));
        assertThat(after.shaftPowerKw()).isCloseTo(30.47, within(0.01));
        assertThat(after.motorPowerKw()).isCloseTo(35.0, within(0.1));
        assertThat(after.velocityInRange()).isTrue();

        assertThat(oldMain.frictionLossM(0.085)).isCloseTo(36.14, within(0.01));
    }

    @Test
    void hazenWilliamsMatchesEpanetUsFormOnNet1() {
        // EPANET 2 head loss in US units: 4.727·L·q^1.852 / (C^1.852·d^4.871), ft, ft³/s.
        NetworkModel net1 = EpanetInp.read(SharedData.file("real/inp/epanet_Net1.inp")).model();
        int checked = 0;
        for (Link pipe : net1.links()) {
            if (pipe.kind != LinkKind.PIPE) {
                continue;
            }
            double flowCfs = 1.5;
            double lengthFt = pipe.lengthM / SwmmInp.FOOT_M;
            double diameterFt = pipe.geom1M / SwmmInp.FOOT_M;
            double epanetFt = 4.727 * lengthFt * Math.pow(flowCfs, 1.852)
                    / (Math.pow(pipe.roughness, 1.852) * Math.pow(diameterFt, 4.871));
            double oursM = PumpStation.hazenWilliamsLossM(pipe.lengthM, flowCfs * Math.pow(SwmmInp.FOOT_M, 3),
                    pipe.geom1M, pipe.roughness);
            assertThat(oursM / SwmmInp.FOOT_M).as("pipe %s", pipe.name).isCloseTo(epanetFt, within(epanetFt * 0.005));
            checked++;
        }
        assertThat(checked).isEqualTo(12);
    }

    @Test
    void darcyWeisbachMatchesColebrook() {
        double d = 0.2;
        double q = 0.03;
        double eps = 0.26;
        double v = q / (Math.PI * d * d / 4);
        double re = v * d / PumpStation.NU_20C;
        // Colebrook-White by fixed-point iteration.
        double f = 0.02;
        for (int i = 0; i < 50; i++) {
            double rhs = -2 * Math.log10(eps / 1000 / (3.7 * d) + 2.51 / (re * Math.sqrt(f)));
            f = 1 / (rhs * rhs);
        }
        double expected = f * 100 / d * v * v / (2 * PumpStation.G);
        assertThat(PumpStation.darcyWeisbachLossM(100, q, d, eps, PumpStation.NU_20C))
                .isCloseTo(expected, within(expected * 0.01));
        // Laminar: f = 64/Re.
        double slow = 1e-5;
        double vs = slow / (Math.PI * d * d / 4);
        double laminar = 64 / (vs * d / PumpStation.NU_20C) * 100 / d * vs * vs / (2 * PumpStation.G);
        assertThat(PumpStation.darcyWeisbachLossM(100, slow, d, eps, PumpStation.NU_20C)).isCloseTo(laminar, within(1e-15));
    }

    @Test
    void invalidParametersNamed() {
        assertThatThrownBy(() -> new RisingMain(0, 0.2, Friction.HAZEN_WILLIAMS, 120, 0))
                .isInstanceOf(CgisException.class).hasMessageContaining("lengthM");
        assertThatThrownBy(() -> new RisingMain(100, 0.2, Friction.HAZEN_WILLIAMS, -1, 0))
                .isInstanceOf(CgisException.class).hasMessageContaining("roughness");
        RisingMain main = new RisingMain(100, 0.2, Friction.HAZEN_WILLIAMS, 120, 0);
        assertThatThrownBy(() -> PumpStation.design(main, 0.02, 10, 1.5, 1.15)).hasMessageContaining("1.5");
    }
}
