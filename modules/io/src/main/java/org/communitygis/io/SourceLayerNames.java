package org.communitygis.io;

import java.util.Locale;
import org.communitygis.core.feature.LayerNames;

/**
 * Derives layer names from source names (file names, DXF layers, KML folders) under the rule of
 * {@link LayerNames#isValid}, which allows lower-case ASCII only.
 *
 * <p>A non-ASCII letter or digit becomes {@code u} and its Unicode code point in hexadecimal, so that
 * different Chinese names give different layer names and a second import does not replace the first:
 * {@code 房屋} → {@code u623f_u5c4b}, {@code 道路} → {@code u9053_u8def}, {@code 房屋2023} →
 * {@code u623f_u5c4b_2023}. ASCII names are sanitized as by {@link LayerNames#sanitize}. An encoded name
 * longer than 50 characters is cut and ends with a hash of the whole source name, which leaves room for the
 * suffixes that the importer appends.
 */
public final class SourceLayerNames {
    private static final int MAX_LENGTH = 50;

    private SourceLayerNames() {
    }

    /** Returns a valid layer name for {@code source}. */
    public static String of(String source) {
        boolean nonAscii = source.codePoints().anyMatch(c -> c >= 128 && Character.isLetterOrDigit(c));
        if (!nonAscii) {
            return LayerNames.sanitize(source);
        }
        StringBuilder encoded = new StringBuilder();
        source.codePoints().forEach(c -> {
            if (c >= 128 && Character.isLetterOrDigit(c)) {
                encoded.append("_u").append(Integer.toHexString(c)).append('_');
            } else {
                encoded.appendCodePoint(c);
            }
        });
        String name = LayerNames.sanitize(encoded.toString().replaceAll("_{2,}", "_"));
        if (name.length() > MAX_LENGTH) {
            String hash = String.format(Locale.ROOT, "%08x", source.hashCode());
            name = name.substring(0, MAX_LENGTH - hash.length() - 1).replaceAll("_+$", "") + "_" + hash;
        }
        return name;
    }
}
