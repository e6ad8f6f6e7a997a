package org.communitygis.io;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the semi-major axis from a GEOGCS WKT, for {@link PrjCrsTest}. */
final class PrjCrsTestSupport {
    private PrjCrsTestSupport() {
    }

    static double semiMajor(String geogcs) {
        Matcher matcher = Pattern.compile("SPHEROID\\[\"[^\"]*\",([0-9.]+)").matcher(geogcs);
        if (!matcher.find()) {
            throw new IllegalArgumentException(geogcs);
        }
        return Double.parseDouble(matcher.group(1));
    }
}
