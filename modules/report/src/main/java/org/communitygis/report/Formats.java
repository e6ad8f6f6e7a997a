package org.communitygis.report;

import java.util.Locale;

/** Number, stationing and HTML text formatting shared by the report writers. */
final class Formats {
    private Formats() {
    }

    /** Formats {@code value} with {@code decimals} decimals, or "–" for NaN. */
    static String number(double value, int decimals) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return "–";
        }
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    /**
     * Formats a road stationing in metres as Chinese kilometre stationing (里程桩号), e.g. 1045.4 →
     * {@code K1+045}, rounded to whole metres.
     */
    static String stationing(double metres) {
        if (Double.isNaN(metres) || metres < 0) {
            return "–";
        }
        long whole = Math.round(metres);
        return String.format(Locale.ROOT, "K%d+%03d", whole / 1000, whole % 1000);
    }

    /** Escapes text for HTML element content and attribute values; null becomes "–". */
    static String html(String text) {
        if (text == null) {
            return "–";
        }
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
