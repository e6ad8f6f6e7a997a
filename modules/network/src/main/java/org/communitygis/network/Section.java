package org.communitygis.network;

/**
 * Cross-section of a gravity pipe or open channel, with Manning's flow at a water depth (GB 50014-2021
 * §5.2, v = (1/n)·R^(2/3)·I^(1/2), Q = A·v; the formula is confirmed).
 *
 * <p>Depths, sizes and areas are in m and m², flows in m³/s, velocities in m/s, gradients in m/m.
 * Sizes must be greater than 0; a factory rejects others with {@link IllegalArgumentException} naming the
 * parameter.
 */
public abstract class Section {
    /** Central angle θ (rad) at which a circular pipe carries its largest flow, h/D ≈ 0.938. */
    static final double CIRCLE_MAX_FLOW_ANGLE = 5.278;

    Section() {
    }

    /** Returns a circular pipe of inner diameter {@code diameterM}. */
    public static Section circular(double diameterM) {
        return new Circular(positive("diameterM", diameterM));
    }

    /** Returns a rectangular channel (open or closed) of width {@code widthM} and height {@code heightM}. */
    public static Section rectangular(double widthM, double heightM) {
        return new Rectangular(positive("widthM", widthM), positive("heightM", heightM));
    }

    /**
     * Returns a U-channel: a semicircular bottom of diameter {@code widthM} with vertical walls up to a total
     * height {@code heightM} (≥ width/2), the usual precast 排水沟 section.
     */
    public static Section uChannel(double widthM, double heightM) {
        positive("widthM", widthM);
        if (!(heightM >= widthM / 2)) {
            throw new IllegalArgumentException("heightM must be at least widthM / 2, was " + heightM);
        }
        return new UChannel(widthM, heightM);
    }

    private static double positive(String name, double value) {
        if (!(value > 0)) {
            throw new IllegalArgumentException(name + " must be greater than 0, was " + value);
        }
        return value;
    }

    /** Returns the full height (diameter) of the section, m. */
    public abstract double heightM();

    /** Returns the flow area at water depth {@code depthM}, m². */
    public abstract double area(double depthM);

    /** Returns the wetted perimeter at water depth {@code depthM}, m. */
    public abstract double wettedPerimeter(double depthM);

    /**
     * Returns the depth (m) up to which the flow rises with depth. Above it the flow of a circular pipe
     * falls again, because the perimeter grows faster than the area (h/D ≈ 0.938). Other sections return
     * their full height.
     */
    public double maxFlowDepthM() {
        return heightM();
    }

    /** Returns the hydraulic radius A/P at {@code depthM}, m; 0 for a dry section. */
    public double hydraulicRadius(double depthM) {
        double p = wettedPerimeter(depthM);
        return p > 0 ? area(depthM) / p : 0;
    }

    /** Returns Manning's velocity at {@code depthM}, m/s (0 for a gradient ≤ 0). */
    public double velocity(double n, double gradient, double depthM) {
        return Hydraulics.manningVelocity(n, hydraulicRadius(depthM), gradient);
    }

    /** Returns Manning's flow at {@code depthM}, m³/s. */
    public double flow(double n, double gradient, double depthM) {
        return area(depthM) * velocity(n, gradient, depthM);
    }

    /** Returns the flow of the section running full (closed sections) or brim-full (open channels), m³/s. */
    public double fullFlow(double n, double gradient) {
        return flow(n, gradient, heightM());
    }

    /**
     * Solves the normal depth (m) at which the section carries {@code flow} at {@code gradient}, by
     * bisection to 1e-9 of the height between 0 and {@link #maxFlowDepthM()}. Returns 0 for a flow ≤ 0 and
     * {@link Double#POSITIVE_INFINITY} when the flow exceeds the section's largest part-full flow or the
     * gradient is ≤ 0 (the pipe would surcharge).
     */
    public double normalDepth(double n, double gradient, double flow) {
        if (!(flow > 0)) {
            return 0;
        }
        double hi = maxFlowDepthM();
        if (!(gradient > 0) || flow > flow(n, gradient, hi)) {
            return Double.POSITIVE_INFINITY;
        }
        double lo = 0;
        while (hi - lo > 1e-9 * heightM()) {
            double mid = (lo + hi) / 2;
            if (flow(n, gradient, mid) < flow) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }

    private static final class Circular extends Section {
        private final double d;

        Circular(double d) {
            this.d = d;
        }

        @Override
        public double heightM() {
            return d;
        }

        /** Wetted central angle θ = 2·acos(1 − 2h/D). */
        private double angle(double depthM) {
            double ratio = Math.min(Math.max(depthM / d, 0), 1);
            return 2 * Math.acos(1 - 2 * ratio);
        }

        @Override
        public double area(double depthM) {
            double theta = angle(depthM);
            return d * d / 8 * (theta - Math.sin(theta));
        }

        @Override
        public double wettedPerimeter(double depthM) {
            return d / 2 * angle(depthM);
        }

        @Override
        public double maxFlowDepthM() {
            return d / 2 * (1 - Math.cos(CIRCLE_MAX_FLOW_ANGLE / 2));
        }
    }

    private static final class Rectangular extends Section {
        private final double b;
        private final double h;

        Rectangular(double b, double h) {
            this.b = b;
            this.h = h;
        }

        @Override
        public double heightM() {
            return h;
        }

        @Override
        public double area(double depthM) {
            return b * Math.min(Math.max(depthM, 0), h);
        }

        @Override
        public double wettedPerimeter(double depthM) {
            double y = Math.min(Math.max(depthM, 0), h);
            return y > 0 ? b + 2 * y : 0;
        }
    }

    private static final class UChannel extends Section {
        private final double b;
        private final double h;
        private final Section bottom;

        UChannel(double b, double h) {
            this.b = b;
            this.h = h;
            this.bottom = new Circular(b);
        }

        @Override
        public double heightM() {
            return h;
        }

        @Override
        public double area(double depthM) {
            double y = Math.min(Math.max(depthM, 0), h);
            double r = b / 2;
            return y <= r ? bottom.area(y) : Math.PI * r * r / 2 + b * (y - r);
        }

        @Override
        public double wettedPerimeter(double depthM) {
            double y = Math.min(Math.max(depthM, 0), h);
            double r = b / 2;
            return y <= r ? bottom.wettedPerimeter(y) : Math.PI * r + 2 * (y - r);
        }
    }
}
