package org.communitygis.roads;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Equivalent standard axle loads by the fourth-power law: N = Σ nᵢ · (Pᵢ / Ps)⁴, with nᵢ axle passes of
 * load Pᵢ and Ps the standard axle. The law is the AASHO road test's approximation (ESAL, Ps = 80 kN);
 * China's pavement design uses the BZZ-100 standard axle of 100 kN, which {@link #BZZ_100_KN} assumes.
 * NOTE: the 100 kN of BZZ-100 is not confirmed here from the design code's text; JTG D50 also uses other
 * exponents for some checks, so treat the result as a screening figure.
 */
public final class AxleLoads {
    /** China's standard axle BZZ-100, kN. */
    public static final double BZZ_100_KN = 100;
    /** The AASHTO equivalent single axle load, 18 kip ≈ 80 kN. */
    public static final double ESAL_KN = 80;

    /**
     * One axle load class.
     *
     * @param loadKn axle load, kN
     * @param perDay axle passes per day
     */
    public record AxleClass(double loadKn, double perDay) {
    }

    private AxleLoads() {
    }

    /** Returns Σ nᵢ · (Pᵢ / standardKn)⁴, standard axle passes per day. */
    public static double equivalentAxles(List<AxleClass> classes, double standardKn) {
        if (!(standardKn > 0)) {
            throw new IllegalArgumentException("Standard axle must be positive, got " + standardKn);
        }
        double sum = 0;
        for (AxleClass axleClass : classes) {
            double ratio = axleClass.loadKn() / standardKn;
            sum += axleClass.perDay() * ratio * ratio * ratio * ratio;
        }
        return sum;
    }

    /**
     * Parses an {@code axle_loads} attribute: a list of {@code load_kN:passes_per_day} pairs separated by
     * commas, semicolons or spaces, e.g. {@code 100:40;130:12}.
     *
     * @throws IllegalArgumentException naming the first pair that is not two non-negative numbers
     */
    public static List<AxleClass> parse(String text) {
        List<AxleClass> classes = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return classes;
        }
        for (String pair : text.trim().split("[,;，；\\s]+")) {
            String[] parts = pair.split("[:：]");
            double load;
            double count;
            try {
                load = parts.length == 2 ? Double.parseDouble(parts[0]) : Double.NaN;
                count = parts.length == 2 ? Double.parseDouble(parts[1]) : Double.NaN;
            } catch (NumberFormatException e) {
                load = Double.NaN;
                count = Double.NaN;
            }
            if (!(load >= 0) || !(count >= 0) || Double.isInfinite(load) || Double.isInfinite(count)) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "Invalid axle load pair '%s'", pair));
            }
            classes.add(new AxleClass(load, count));
        }
        return classes;
    }
}
