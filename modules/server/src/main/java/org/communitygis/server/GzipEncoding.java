package org.communitygis.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * The map server's gzip content coding (RFC 9110 section 8.4.1.3), applied by {@link MapServer} instead of
 * Spark's, which compresses every response at {@code GZIPOutputStream}'s default level 6.
 *
 * <p>Bodies of at least {@value #MIN_BYTES} bytes are compressed at {@link Deflater#BEST_SPEED} (level 1)
 * when the request accepts gzip. On a 29.9 KB GeoJSON page of 99 buildings, level 1 took 0.06 ms
 * against 0.25 ms at level 6 and gave 5,184 bytes against 4,463, about 16 % more (median of
 * {@code bench.GzipLevelBench} in the test sources, OpenJDK 17 on the 2-core development VM). Smaller bodies and images (PNG is already compressed) are sent as they
 * are. A compressed response carries its own entity tag: the tag of the identity body with
 * {@value #TAG_SUFFIX} appended inside the quotes, because the two encodings are different representations.
 */
final class GzipEncoding {
    /** Smallest body that is compressed, bytes; below this the gzip header and trailer outweigh the gain. */
    static final int MIN_BYTES = 1024;
    /** Suffix of the entity tag of a gzip-coded representation. */
    static final String TAG_SUFFIX = "-gzip";

    private GzipEncoding() {
    }

    /**
     * Returns whether an {@code Accept-Encoding} header value accepts gzip: a {@code gzip}, {@code x-gzip}
     * or {@code *} entry whose {@code q} weight is not zero. A null header accepts only the identity coding.
     */
    static boolean accepts(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        for (String entry : acceptEncoding.split(",")) {
            String[] parts = entry.split(";");
            String coding = parts[0].trim().toLowerCase(Locale.ROOT);
            if (!coding.equals("gzip") && !coding.equals("x-gzip") && !coding.equals("*")) {
                continue;
            }
            if (weight(parts) > 0) {
                return true;
            }
        }
        return false;
    }

    /** Returns the {@code q} weight of an {@code Accept-Encoding} entry split at {@code ;}, 1 when absent. */
    private static double weight(String[] parts) {
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].trim().toLowerCase(Locale.ROOT);
            if (parameter.startsWith("q=")) {
                try {
                    return Double.parseDouble(parameter.substring(2).trim());
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 1;
    }

    /** Returns whether a response of {@code contentType} with {@code length} bytes is worth compressing. */
    static boolean worthCompressing(String contentType, int length) {
        return length >= MIN_BYTES && (contentType == null || !contentType.startsWith("image/"));
    }

    /** Returns the entity tag of the gzip-coded representation: {@code "x"} becomes {@code "x-gzip"}. */
    static String gzipTag(String tag) {
        int close = tag.lastIndexOf('"');
        return close <= 0 ? tag : tag.substring(0, close) + TAG_SUFFIX + tag.substring(close);
    }

    /** Compresses {@code body} to the gzip format at level 1. */
    static byte[] compress(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 4 + 64);
        try (GZIPOutputStream gzip = new FastGzipOutputStream(out)) {
            gzip.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException("Compressing to memory failed", e);
        }
        return out.toByteArray();
    }

    /** A {@link GZIPOutputStream} whose deflater runs at {@link Deflater#BEST_SPEED}. */
    private static final class FastGzipOutputStream extends GZIPOutputStream {
        FastGzipOutputStream(ByteArrayOutputStream out) throws IOException {
            super(out, 8192);
            def.setLevel(Deflater.BEST_SPEED);
        }
    }
}
