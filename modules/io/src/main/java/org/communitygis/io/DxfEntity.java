package org.communitygis.io;

import java.util.ArrayList;
import java.util.List;

/**
 * One DXF entity as read: its type, its group code/value pairs in file order, the line of its
 * {@code 0/TYPE} pair, and the entities that belong to it (VERTEX records of a POLYLINE, ATTRIB records of
 * an INSERT).
 */
final class DxfEntity {
    final String type;
    final long line;
    final List<Integer> codes = new ArrayList<>();
    final List<String> values = new ArrayList<>();
    /** The 1-based file line of each value, parallel to {@link #values}. */
    final List<Long> valueLines = new ArrayList<>();
    final List<DxfEntity> children = new ArrayList<>();

    DxfEntity(String type, long line) {
        this.type = type;
        this.line = line;
    }

    void add(int code, String value, long valueLine) {
        codes.add(code);
        values.add(value);
        valueLines.add(valueLine);
    }

    /** A value of a numeric group code that is not a finite number, with the entity that contains it. */
    record InvalidNumber(String type, String handle, int code, String value, long line) {
    }

    /**
     * Returns the first pair, in this entity or its children, whose group code is numeric by the DXF reference
     * (AutoCAD DXF Reference, "Group Code Value Types") but whose value is not a finite number, or null when
     * all numbers parse. Extended data (codes 1000 and up) is not checked because it is not read.
     */
    InvalidNumber firstInvalidNumber() {
        for (int i = 0; i < codes.size(); i++) {
            if (isNumericCode(codes.get(i)) && !Double.isFinite(parse(values.get(i), Double.NaN))) {
                return new InvalidNumber(type, handle(), codes.get(i), values.get(i).trim(), valueLines.get(i));
            }
        }
        for (DxfEntity child : children) {
            InvalidNumber invalid = child.firstInvalidNumber();
            if (invalid != null) {
                return invalid;
            }
        }
        return null;
    }

    /** Returns whether values of group {@code code} are numbers: reals, 16/32/64-bit integers or booleans. */
    static boolean isNumericCode(int code) {
        return (code >= 10 && code <= 99) || (code >= 110 && code <= 149) || (code >= 160 && code <= 179)
                || (code >= 210 && code <= 239) || (code >= 270 && code <= 299) || (code >= 370 && code <= 389)
                || (code >= 400 && code <= 409) || (code >= 420 && code <= 429) || (code >= 440 && code <= 469);
    }

    int size() {
        return codes.size();
    }

    /** Returns the value of the first pair with {@code code}, or {@code fallback}. */
    String string(int code, String fallback) {
        int index = codes.indexOf(code);
        return index < 0 ? fallback : values.get(index);
    }

    /** Returns the number in the first pair with {@code code}, or {@code fallback} when absent or not a number. */
    double number(int code, double fallback) {
        int index = codes.indexOf(code);
        return index < 0 ? fallback : parse(values.get(index), fallback);
    }

    /** Returns the integer in the first pair with {@code code}, or {@code fallback}. */
    int integer(int code, int fallback) {
        double number = number(code, Double.NaN);
        return Double.isNaN(number) ? fallback : (int) number;
    }

    /** Returns the entity handle (code 5), or {@code "?"} when the file has none (R12 without handles). */
    String handle() {
        return string(5, "?").trim();
    }

    /** Returns the layer name (code 8), {@code "0"} when absent. */
    String layer() {
        return string(8, "0").trim();
    }

    /** Parses a DXF number; DXF writes plain decimal or E notation. */
    static double parse(String text, double fallback) {
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
