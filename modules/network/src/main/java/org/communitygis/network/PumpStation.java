package org.communitygis.network;

import org.communitygis.core.CgisException;

/**
 * Head and power of a pump or lift station with its rising main.
 *
 * <p>Required head H = static lift + friction loss in the rising main + minor losses, with
 * <ul>
 *   <li>Hazen-Williams (SI): h_f = 10.67·L·Q^1.852 / (C^1.852·D^4.87), h_f and L in m, Q in m³/s, D in m;
 *       EPANET 2 uses the same formula in US units (4.727·L/C^1.852/d^4.871, ft and ft³/s);</li>
 *   <li>Darcy-Weisbach: h_f = f·(L/D)·v²/(2g), f = 64/Re for Re < 2000 and the Swamee-Jain (1976)
 *       explicit approximation of Colebrook-White above;</li>
 *   <li>minor losses h_m = ΣK·v²/(2g) (bends, valves, entry and exit).</li>
 * </ul>
 * Shaft power P = ρ·g·Q·H / η (W; ρ = 1000 kg/m³, g = 9.81 m/s²), and the motor rating is the shaft power
 * times a margin. The margin default of 1.15 is a project default within the 1.1–1.2 commonly used for
 * small pumps, not a figure of a standard. GB 50014-2021 §5.2.9 sets 0.7–2.0 m/s for pressure mains
 * (confirmed), which {@link Design#velocityInRange()} reports.
 *
 * <p>Worked example, a pond lift station for irrigation on the users' scale, with the 160 m rising main
 * replaced ({@code PumpStationTest} reproduces these figures):
 * <pre>
 *                     Q m³/s  lift m  main            C    ΣK   v m/s  h_f m  h_m m  H m    η     shaft kW  motor kW
 *  before (old main)  0.037   18.0    160 m DN150     100  3.0  2.09   7.75   0.67   26.42  0.65  14.75     17.0
 *  after  (new main)  0.085   24.0    160 m DN250 PE  130  3.0  1.73   1.85   0.46   26.31  0.72  30.47     35.0
 * </pre>
 * The old main ran above the 2.0 m/s limit. More than doubling the flow costs only about twice the
 * power, because the larger main cuts the friction loss from 7.7 m to 1.8 m. Through the old DN150 main
 * the new flow would lose 36.1 m.
 */
public final class PumpStation {
    /** Water density, kg/m³. */
    public static final double RHO = 1000;
    /** Gravity acceleration, m/s². */
    public static final double G = 9.81;
    /** Kinematic viscosity of water at 20 °C, m²/s. */
    public static final double NU_20C = 1.004e-6;
    /** Default motor margin over the shaft power. */
    public static final double DEFAULT_MOTOR_MARGIN = 1.15;
    /** Velocity range of pressure mains, m/s, GB 50014-2021 §5.2.9 (confirmed). */
    public static final double MIN_MAIN_VELOCITY = 0.7;
    public static final double MAX_MAIN_VELOCITY = 2.0;

    /** Friction formula of a rising main. */
    public enum Friction {
        /** Hazen-Williams; the roughness is C (dimensionless, e.g. 100 old cast iron, 130–150 plastics). */
        HAZEN_WILLIAMS,
        /** Darcy-Weisbach; the roughness is the absolute roughness ε in mm (e.g. 0.0015 PE, 0.26 cast iron). */
        DARCY_WEISBACH
    }

    /**
     * A rising main.
     *
     * @param lengthM pipe length, m, > 0
     * @param diameterM inner diameter, m, > 0
     * @param friction the friction formula
     * @param roughness Hazen-Williams C, or Darcy-Weisbach ε in mm; > 0
     * @param minorLossK sum of minor loss coefficients, ≥ 0
     */
    public record RisingMain(double lengthM, double diameterM, Friction friction, double roughness, double minorLossK) {
        public RisingMain {
            positive("lengthM", lengthM);
            positive("diameterM", diameterM);
            positive("roughness", roughness);
            if (!(minorLossK >= 0)) {
                throw new CgisException(NetworkMessages.BUNDLE, "pump.negative", "minorLossK", minorLossK);
            }
        }

        /** Returns the mean velocity at {@code flowM3s}, m/s. */
        public double velocity(double flowM3s) {
            return flowM3s / (Math.PI * diameterM * diameterM / 4);
        }

        /** Returns the friction loss at {@code flowM3s}, m. */
        public double frictionLossM(double flowM3s) {
            return friction == Friction.HAZEN_WILLIAMS
                    ? hazenWilliamsLossM(lengthM, flowM3s, diameterM, roughness)
                    : darcyWeisbachLossM(lengthM, flowM3s, diameterM, roughness, NU_20C);
        }

        /** Returns the minor losses at {@code flowM3s}, m. */
        public double minorLossM(double flowM3s) {
            double v = velocity(flowM3s);
            return minorLossK * v * v / (2 * G);
        }
    }

    /**
     * Design figures of a station at one duty point.
     *
     * @param flowM3s design flow, m³/s
     * @param staticLiftM static lift, m
     * @param frictionLossM friction loss in the rising main, m
     * @param minorLossM minor losses, m
     * @param totalHeadM required pump head, m
     * @param velocityMs mean velocity in the rising main, m/s
     * @param shaftPowerKw ρgQH/η, kW
     * @param motorPowerKw shaft power × margin, kW
     */
    public record Design(double flowM3s, double staticLiftM, double frictionLossM, double minorLossM, double totalHeadM,
            double velocityMs, double shaftPowerKw, double motorPowerKw) {
        /** Returns whether the main's velocity lies within GB 50014-2021 §5.2.9's 0.7–2.0 m/s. */
        public boolean velocityInRange() {
            return velocityMs >= MIN_MAIN_VELOCITY && velocityMs <= MAX_MAIN_VELOCITY;
        }
    }

    private PumpStation() {
    }

    /**
     * Computes head and power.
     *
     * @param main the rising main
     * @param flowM3s design flow, m³/s, > 0
     * @param staticLiftM water level difference from the sump to the delivery point, m (may be ≤ 0)
     * @param pumpEfficiency η of the pump, in (0, 1]
     * @param motorMargin motor rating ÷ shaft power, ≥ 1
     * @throws CgisException naming the parameter when a value is out of range
     */
    public static Design design(RisingMain main, double flowM3s, double staticLiftM, double pumpEfficiency,
            double motorMargin) {
        positive("flowM3s", flowM3s);
        if (!(pumpEfficiency > 0 && pumpEfficiency <= 1)) {
            throw new CgisException(NetworkMessages.BUNDLE, "pump.badEfficiency", pumpEfficiency);
        }
        if (!(motorMargin >= 1)) {
            throw new CgisException(NetworkMessages.BUNDLE, "pump.badMargin", motorMargin);
        }
        double friction = main.frictionLossM(flowM3s);
        double minor = main.minorLossM(flowM3s);
        double head = staticLiftM + friction + minor;
        double shaftKw = RHO * G * flowM3s * head / pumpEfficiency / 1000;
        return new Design(flowM3s, staticLiftM, friction, minor, head, main.velocity(flowM3s), shaftKw,
                shaftKw * motorMargin);
    }

    /** Returns the Hazen-Williams friction loss (SI form above), m. */
    public static double hazenWilliamsLossM(double lengthM, double flowM3s, double diameterM, double c) {
        return 10.67 * lengthM * Math.pow(Math.abs(flowM3s), 1.852) / (Math.pow(c, 1.852) * Math.pow(diameterM, 4.87));
    }

    /**
     * Returns the Darcy-Weisbach friction loss, m, with f = 64/Re (Re < 2000) or Swamee-Jain
     * f = 0.25 / [log10(ε/(3.7D) + 5.74/Re^0.9)]² (turbulent; within about 1 % of Colebrook-White for
     * 10⁻⁶ ≤ ε/D ≤ 10⁻², 5000 ≤ Re ≤ 10⁸). The transition 2000–4000 uses the turbulent formula.
     */
    public static double darcyWeisbachLossM(double lengthM, double flowM3s, double diameterM, double roughnessMm,
            double kinematicViscosity) {
        double v = Math.abs(flowM3s) / (Math.PI * diameterM * diameterM / 4);
        if (v == 0) {
            return 0;
        }
        double re = v * diameterM / kinematicViscosity;
        double f;
        if (re < 2000) {
            f = 64 / re;
        } else {
            double log = Math.log10(roughnessMm / 1000 / (3.7 * diameterM) + 5.74 / Math.pow(re, 0.9));
            f = 0.25 / (log * log);
        }
        return f * lengthM / diameterM * v * v / (2 * G);
    }

    private static void positive(String name, double value) {
        if (!(value > 0)) {
            throw new CgisException(NetworkMessages.BUNDLE, "pump.notPositive", name, value);
        }
    }
}
