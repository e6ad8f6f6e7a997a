package org.communitygis.cli;

import java.util.concurrent.Callable;
import org.communitygis.network.PumpStation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cgis network pump}: head and power of a pump or lift station with its rising main, by
 * {@link PumpStation} (static lift + Hazen-Williams or Darcy-Weisbach friction + minor losses,
 * P = ρ·g·Q·H/η, motor rating = shaft power × margin). It needs no project.
 */
@Command(name = "pump", mixinStandardHelpOptions = true)
final class PumpCommand implements Callable<Integer> {
    @Option(names = "--flow-l-s", required = true, paramLabel = "L/s")
    double flowLitresPerSecond;

    @Option(names = "--lift-m", required = true, paramLabel = "m")
    double staticLiftM;

    @Option(names = "--length-m", required = true, paramLabel = "m")
    double lengthM;

    @Option(names = "--diameter-mm", required = true, paramLabel = "mm")
    double diameterMm;

    @Option(names = "--hazen-williams-c", defaultValue = "130", paramLabel = "C")
    double hazenWilliamsC;

    @Option(names = "--roughness-mm", paramLabel = "mm")
    Double roughnessMm;

    @Option(names = "--minor-loss-k", defaultValue = "3.0", paramLabel = "ΣK")
    double minorLossK;

    @Option(names = "--efficiency", defaultValue = "0.70", paramLabel = "η")
    double efficiency;

    @Option(names = "--motor-margin", defaultValue = "1.15", paramLabel = "×")
    double motorMargin;

    @Override
    public Integer call() {
        PumpStation.RisingMain main = roughnessMm == null
                ? new PumpStation.RisingMain(lengthM, diameterMm / 1000.0, PumpStation.Friction.HAZEN_WILLIAMS,
                        hazenWilliamsC, minorLossK)
                : new PumpStation.RisingMain(lengthM, diameterMm / 1000.0, PumpStation.Friction.DARCY_WEISBACH,
                        roughnessMm, minorLossK);
        PumpStation.Design design = PumpStation.design(main, flowLitresPerSecond / 1000.0, staticLiftM, efficiency,
                motorMargin);
        Console console = CliContext.console();
        console.info("pump.head", design.totalHeadM(), design.staticLiftM(), design.frictionLossM(), design.minorLossM());
        console.info("pump.velocity", design.velocityMs(), design.velocityInRange()
                ? CliMessages.BUNDLE.format("pump.velocityOk") : CliMessages.BUNDLE.format("pump.velocityOut"));
        console.info("pump.power", design.shaftPowerKw(), design.motorPowerKw());
        return 0;
    }
}
