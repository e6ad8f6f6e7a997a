package org.communitygis.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Colour ramps for raster overlays, chosen by layer name. Colours are ARGB; NoData (NaN) is always fully
 * transparent.
 *
 * <ul>
 * <li>{@code dem}, {@code dem_filled}: hypsometric tint stretched from the minimum (green) over khaki and
 * brown to the maximum (near white).</li>
 * <li>{@code slope} (degrees) and {@code slope_pct} (percent rise): five classes, green to red, at
 * 2°, 6°, 15° and 25°. These are the cropland slope grades of China's national land surveys; the
 * grades are quoted from memory, not checked against the survey rules (unconfirmed). The percent
 * limits are tan of the degree limits: 3.49 %, 10.51 %, 26.79 %, 46.63 %.</li>
 * <li>{@code flow_acc}: blue, darker and more opaque with log10(cells) / log10(max), so single cells are
 * nearly transparent and streams stand out.</li>
 * <li>{@code flow_dir}: one colour per D8 direction and black for 0 (outlet); other values grey. The
 * codes follow the scheme in the project metadata key {@value #FLOW_DIR_CODES_KEY}, which
 * {@code cgis analyze drainage --export-codes} writes: {@code esri} (1 E … 128 NE, also when the key is
 * missing), {@code grass} (r.watershed: 1 NE … 8 E, negative where flow leaves the region, coloured like
 * the positive code) or {@code taudem} (1 E … 8 SE). A direction has the same colour in every scheme.</li>
 * <li>any other name: grey stretched from the minimum (black) to the maximum (white).</li>
 * </ul>
 */
enum RasterStyle {
    HYPSOMETRIC, SLOPE_DEGREES, SLOPE_PERCENT, FLOW_ACCUMULATION, FLOW_DIRECTION, FLOW_DIRECTION_GRASS,
    FLOW_DIRECTION_TAUDEM, GREY;

    /** Project metadata key with the code scheme of {@code flow_dir}: esri, grass or taudem. */
    static final String FLOW_DIR_CODES_KEY = "analysis.drainage.flow_dir_codes";

    private static final double[] HYPSOMETRIC_STOPS = {0.0, 0.2, 0.4, 0.6, 0.8, 1.0};
    private static final int[] HYPSOMETRIC_COLORS = {0xFF2E7D32, 0xFF8BC34A, 0xFFF0E68C, 0xFFD4A05A, 0xFFA0522D,
        0xFFF5F5F5};
    private static final double[] SLOPE_DEGREE_LIMITS = {2, 6, 15, 25};
    private static final int[] SLOPE_COLORS = {0xFF1A9850, 0xFF91CF60, 0xFFFEE08B, 0xFFFC8D59, 0xFFD73027};
    /** Codes of E, SE, S, SW, W, NW, N, NE and outlet in each scheme. */
    private static final int[] DIRECTION_CODES = {1, 2, 4, 8, 16, 32, 64, 128, 0};
    private static final int[] GRASS_DIRECTION_CODES = {8, 7, 6, 5, 4, 3, 2, 1, 0};
    private static final int[] TAUDEM_DIRECTION_CODES = {1, 8, 7, 6, 5, 4, 3, 2, 0};
    private static final String[] DIRECTION_KEYS = {"E", "SE", "S", "SW", "W", "NW", "N", "NE", "outlet"};
    private static final int[] DIRECTION_COLORS = {0xFFE41A1C, 0xFFFF7F00, 0xFFFFD92F, 0xFFA65628, 0xFF984EA3,
        0xFF377EB8, 0xFF4DAF4A, 0xFFF781BF, 0xFF000000};
    private static final int OTHER_GREY = 0xFF9E9E9E;

    /** Returns the style for a raster layer name, with ESRI codes for {@code flow_dir}. */
    static RasterStyle forLayer(String name) {
        return forLayer(name, Map.of());
    }

    /** Returns the style for a raster layer name, reading the code scheme of {@code flow_dir} from {@code metadata}. */
    static RasterStyle forLayer(String name, Map<String, String> metadata) {
        switch (name) {
            case "dem":
            case "dem_filled":
                return HYPSOMETRIC;
            case "slope":
                return SLOPE_DEGREES;
            case "slope_pct":
                return SLOPE_PERCENT;
            case "flow_acc":
                return FLOW_ACCUMULATION;
            case "flow_dir":
                return switch (metadata.getOrDefault(FLOW_DIR_CODES_KEY, "esri")) {
                    case "grass" -> FLOW_DIRECTION_GRASS;
                    case "taudem" -> FLOW_DIRECTION_TAUDEM;
                    default -> FLOW_DIRECTION;
                };
            default:
                return GREY;
        }
    }

    /** Returns the codes of E, SE, … NE and outlet of a flow direction style. */
    private int[] directionCodes() {
        return switch (this) {
            case FLOW_DIRECTION_GRASS -> GRASS_DIRECTION_CODES;
            case FLOW_DIRECTION_TAUDEM -> TAUDEM_DIRECTION_CODES;
            default -> DIRECTION_CODES;
        };
    }

    /** Returns the ARGB colour of {@code value} for a raster whose valid cells span {@code min}…{@code max}. */
    int argb(float value, double min, double max) {
        if (Float.isNaN(value)) {
            return 0;
        }
        switch (this) {
            case HYPSOMETRIC:
                return ramp(fraction(value, min, max));
            case SLOPE_DEGREES:
                return SLOPE_COLORS[slopeClass(value, SLOPE_DEGREE_LIMITS)];
            case SLOPE_PERCENT:
                return SLOPE_COLORS[slopeClass(value, percentLimits())];
            case FLOW_ACCUMULATION:
                return flowAccumulation(value, max);
            case FLOW_DIRECTION:
            case FLOW_DIRECTION_GRASS:
            case FLOW_DIRECTION_TAUDEM:
                int[] codes = directionCodes();
                float code = this == FLOW_DIRECTION_GRASS ? Math.abs(value) : value;
                for (int i = 0; i < codes.length; i++) {
                    if (code == codes[i]) {
                        return DIRECTION_COLORS[i];
                    }
                }
                return OTHER_GREY;
            default:
                int grey = (int) Math.round(255 * fraction(value, min, max));
                return 0xFF000000 | grey << 16 | grey << 8 | grey;
        }
    }

    /** Returns legend entries (colour, label in {@code locale}) for a raster spanning {@code min}…{@code max}. */
    List<LegendEntry> legend(double min, double max, String unit, Locale locale) {
        List<LegendEntry> entries = new ArrayList<>();
        String suffix = unit == null || unit.isEmpty() ? ""
                : " " + ("cells".equals(unit) ? ServerMessages.BUNDLE.format(locale, "unit.cells") : unit);
        switch (this) {
            case SLOPE_DEGREES:
            case SLOPE_PERCENT:
                double[] limits = this == SLOPE_DEGREES ? SLOPE_DEGREE_LIMITS : percentLimits();
                String slopeUnit = this == SLOPE_DEGREES ? "°" : " %";
                entries.add(new LegendEntry(SLOPE_COLORS[0], "≤ " + number(limits[0]) + slopeUnit));
                for (int i = 1; i < limits.length; i++) {
                    entries.add(new LegendEntry(SLOPE_COLORS[i],
                            number(limits[i - 1]) + "–" + number(limits[i]) + slopeUnit));
                }
                entries.add(new LegendEntry(SLOPE_COLORS[limits.length], "> " + number(limits[limits.length - 1])
                        + slopeUnit));
                return entries;
            case FLOW_DIRECTION:
            case FLOW_DIRECTION_GRASS:
            case FLOW_DIRECTION_TAUDEM:
                int[] codes = directionCodes();
                for (int i = 0; i < codes.length; i++) {
                    // GRASS negates the code where flow leaves the region; both get the same colour.
                    String code = this == FLOW_DIRECTION_GRASS && codes[i] != 0 ? codes[i] + ", −" + codes[i]
                            : String.valueOf(codes[i]);
                    String label = ServerMessages.BUNDLE.format(locale, "direction." + DIRECTION_KEYS[i], code);
                    entries.add(new LegendEntry(DIRECTION_COLORS[i], label));
                }
                return entries;
            case FLOW_ACCUMULATION:
                if (!(max >= 1)) {
                    return entries;
                }
                for (double cells = 1; cells <= max; cells *= 10) {
                    entries.add(new LegendEntry(flowAccumulation((float) cells, max), number(cells) + suffix));
                }
                return entries;
            default:
                if (Double.isNaN(min)) {
                    return entries;
                }
                for (int i = 0; i <= 4; i++) {
                    double value = min + (max - min) * i / 4.0;
                    entries.add(new LegendEntry(argb((float) value, min, max), number(value) + suffix));
                }
                return entries;
        }
    }

    private static double[] percentLimits() {
        double[] limits = new double[SLOPE_DEGREE_LIMITS.length];
        for (int i = 0; i < limits.length; i++) {
            limits[i] = 100 * Math.tan(Math.toRadians(SLOPE_DEGREE_LIMITS[i]));
        }
        return limits;
    }

    private static int slopeClass(float value, double[] limits) {
        int index = 0;
        while (index < limits.length && value > limits[index]) {
            index++;
        }
        return index;
    }

    private static double fraction(double value, double min, double max) {
        if (!(max > min)) {
            return 0.5;
        }
        return Math.max(0, Math.min(1, (value - min) / (max - min)));
    }

    private static int ramp(double t) {
        int segment = 0;
        while (segment < HYPSOMETRIC_STOPS.length - 2 && t > HYPSOMETRIC_STOPS[segment + 1]) {
            segment++;
        }
        double local = (t - HYPSOMETRIC_STOPS[segment])
                / (HYPSOMETRIC_STOPS[segment + 1] - HYPSOMETRIC_STOPS[segment]);
        return mix(HYPSOMETRIC_COLORS[segment], HYPSOMETRIC_COLORS[segment + 1], local);
    }

    private static int flowAccumulation(float cells, double max) {
        double t = max > 1 ? Math.log10(Math.max(1, cells)) / Math.log10(max) : 1;
        t = Math.max(0, Math.min(1, t));
        int color = mix(0xFFC6DBEF, 0xFF08306B, t);
        int alpha = (int) Math.round(40 + 215 * t);
        return alpha << 24 | (color & 0x00FFFFFF);
    }

    private static int mix(int from, int to, double t) {
        int result = 0;
        for (int shift = 0; shift <= 24; shift += 8) {
            int a = from >>> shift & 0xFF;
            int b = to >>> shift & 0xFF;
            result |= (int) Math.round(a + (b - a) * t) << shift;
        }
        return result;
    }

    private static String number(double value) {
        if (Math.abs(value - Math.rint(value)) < 1e-9 || Math.abs(value) >= 100) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        return String.format(Locale.ROOT, "%.1f", value);
    }

    /** One legend row: an ARGB colour and its label. */
    record LegendEntry(int argb, String label) {
        /** Returns the colour as CSS {@code rgba(r, g, b, a)}. */
        String css() {
            return String.format(Locale.ROOT, "rgba(%d, %d, %d, %.2f)", argb >>> 16 & 0xFF, argb >>> 8 & 0xFF,
                    argb & 0xFF, (argb >>> 24) / 255.0);
        }
    }
}
