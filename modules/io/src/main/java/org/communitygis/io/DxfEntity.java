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
    final List<DxfEntity> children = new ArrayList<>();

    DxfEntity(String type, long line) {
        this.type = type;
        this.line = line;
    }

    void add(int code, String value) {
        codes.add(code);
        values.add(value);
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
