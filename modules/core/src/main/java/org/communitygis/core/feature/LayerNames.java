package org.communitygis.core.feature;

import java.util.regex.Pattern;

/** Rules for layer names shared by the stores, the API and the CLI. */
public final class LayerNames {
    private static final Pattern VALID = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    private LayerNames() {
    }

    /** Returns whether {@code name} is a valid layer name: lower-case ASCII letter, then letters, digits or underscores, at most 63 characters. */
    public static boolean isValid(String name) {
        return name != null && VALID.matcher(name).matches() && !name.startsWith("gpkg") && !name.startsWith("rtree")
                && !name.startsWith("cgis_");
    }

    /**
     * Returns {@code name} when valid.
     *
     * @throws IllegalArgumentException naming the value and the rule
     */
    public static String validate(String name) {
        if (!isValid(name)) {
            throw new IllegalArgumentException("Invalid layer name '" + name
                    + "': use a lower-case letter followed by letters, digits or '_' (max 63), not starting with gpkg, rtree or cgis_");
        }
        return name;
    }

    /** Turns arbitrary text (a file name) into a valid layer name, e.g. {@code "My Pipes-2"} → {@code my_pipes_2}. */
    public static String sanitize(String text) {
        String cleaned = text.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9_]+", "_").replaceAll("^_+|_+$", "");
        if (cleaned.isEmpty() || !Character.isLetter(cleaned.charAt(0))) {
            cleaned = "layer_" + cleaned;
        }
        if (cleaned.length() > 63) {
            cleaned = cleaned.substring(0, 63);
        }
        if (!isValid(cleaned)) {
            cleaned = "layer_" + cleaned;
            cleaned = cleaned.substring(0, Math.min(63, cleaned.length()));
        }
        return cleaned;
    }
}
