package org.communitygis.server;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * One literal input of a {@link ProcessRunner}, described as a JSON Schema at {@code /processes/{id}} and
 * checked by the server before the process runs.
 *
 * @param name input id in the execute request's {@code inputs} object, e.g. {@code stream_threshold_m2}
 * @param type JSON value type
 * @param defaultValue value used when the request leaves the input out; null makes the input required
 * @param minimum smallest allowed number (inclusive), or null; only for {@link Type#NUMBER} and {@link Type#INTEGER}
 * @param maximum largest allowed number (inclusive), or null
 * @param allowedValues allowed strings for {@link Type#STRING}, or empty for any string
 * @param title title in a locale, with the unit, e.g. "Stream threshold, m²"
 */
public record ProcessInput(String name, Type type, Object defaultValue, Double minimum, Double maximum,
        List<String> allowedValues, Function<Locale, String> title) {

    /** JSON value types of literal inputs. */
    public enum Type {
        /** A JSON number, passed to the runner as a {@link Double}. */
        NUMBER("number"),
        /** A JSON integer, passed as a {@link Long}. */
        INTEGER("integer"),
        /** {@code true} or {@code false}, passed as a {@link Boolean}. */
        BOOLEAN("boolean"),
        /** A JSON string, passed as a {@link String}. */
        STRING("string");

        private final String jsonName;

        Type(String jsonName) {
            this.jsonName = jsonName;
        }

        /** Returns the JSON Schema type name. */
        public String jsonName() {
            return jsonName;
        }
    }

    /** Validates and copies the description. */
    public ProcessInput {
        if (name == null || !name.matches("[A-Za-z][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("Process input name must be a letter followed by letters, digits or _,"
                    + " got " + name);
        }
        allowedValues = allowedValues == null ? List.of() : List.copyOf(allowedValues);
    }

    /** Creates a number input with an inclusive range. */
    public static ProcessInput number(String name, double defaultValue, double minimum, double maximum,
            Function<Locale, String> title) {
        return new ProcessInput(name, Type.NUMBER, defaultValue, minimum, maximum, List.of(), title);
    }

    /** Creates a boolean input. */
    public static ProcessInput bool(String name, boolean defaultValue, Function<Locale, String> title) {
        return new ProcessInput(name, Type.BOOLEAN, defaultValue, null, null, List.of(), title);
    }

    /** Creates a string input limited to {@code allowedValues}, or any string when it is empty. */
    public static ProcessInput string(String name, String defaultValue, List<String> allowedValues,
            Function<Locale, String> title) {
        return new ProcessInput(name, Type.STRING, defaultValue, null, null, allowedValues, title);
    }
}
