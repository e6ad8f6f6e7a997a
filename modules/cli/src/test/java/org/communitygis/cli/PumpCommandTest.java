package org.communitygis.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The lift-irrigation upgrade of the users' size, through the CLI: 17 kW before, 35 kW after. */
class PumpCommandTest {

    @Test
    void oldMainNeedsSeventeenKw() {
        CliRun run = CliRun.of("--lang", "en", "network", "pump", "--flow-l-s", "37", "--lift-m", "18",
                "--length-m", "160", "--diameter-mm", "150", "--hazen-williams-c", "100", "--efficiency", "0.65");
        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(run.out).contains("motor rating with margin 17.0 kW");
        assertThat(run.out).contains("outside the 0.7–2.0 m/s");
    }

    @Test
    void newMainNeedsThirtyFiveKw() {
        CliRun run = CliRun.of("--lang", "zh", "network", "pump", "--flow-l-s", "85", "--lift-m", "24",
                "--length-m", "160", "--diameter-mm", "250", "--hazen-williams-c", "130", "--efficiency", "0.72");
        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(run.out).contains("电机功率（含余量）35.0 千瓦");
        assertThat(run.out).contains("在 GB 50014-2021 第 5.2.9 条规定的 0.7–2.0 米/秒范围内");
    }

    @Test
    void zeroDiameterRejected() {
        CliRun run = CliRun.of("--lang", "en", "network", "pump", "--flow-l-s", "85", "--lift-m", "24",
                "--length-m", "160", "--diameter-mm", "0");
        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.err).contains("diameter");
    }
}
