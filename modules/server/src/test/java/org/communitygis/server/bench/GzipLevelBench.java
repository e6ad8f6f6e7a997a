package org.communitygis.server.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Times gzip at level 1 (what the map server sends) against level 6 ({@code GZIPOutputStream}'s default,
 * which Spark used) on one response body, such as an items page saved with {@code curl}.
 *
 * <p>Usage: {@code GzipLevelBench FILE}. It runs 15 rounds of 400 compressions per level, the levels
 * alternating, and prints the compressed size and the median and minimum time per compression.
 */
public final class GzipLevelBench {
    private static final int ROUNDS = 15;
    private static final int CALLS = 400;

    private GzipLevelBench() {
    }

    public static void main(String[] args) throws IOException {
        byte[] body = Files.readAllBytes(Path.of(args[0]));
        int[] levels = {Deflater.BEST_SPEED, Deflater.DEFAULT_COMPRESSION};
        long[][] nanos = new long[levels.length][ROUNDS];
        int[] sizes = new int[levels.length];
        for (int round = 0; round < ROUNDS; round++) {
            for (int l = 0; l < levels.length; l++) {
                long start = System.nanoTime();
                for (int call = 0; call < CALLS; call++) {
                    sizes[l] = compress(body, levels[l]).length;
                }
                nanos[l][round] = (System.nanoTime() - start) / CALLS;
            }
        }
        for (int l = 0; l < levels.length; l++) {
            long[] sorted = nanos[l].clone();
            Arrays.sort(sorted);
            System.out.printf(Locale.ROOT, "level %s: %d -> %d bytes, median %.3f ms, min %.3f ms per call%n",
                    levels[l] == Deflater.DEFAULT_COMPRESSION ? "6 (default)" : levels[l], body.length, sizes[l],
                    sorted[ROUNDS / 2] / 1e6, sorted[0] / 1e6);
        }
    }

    private static byte[] compress(byte[] body, int level) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 4 + 64);
        try (GZIPOutputStream gzip = new GZIPOutputStream(out, 8192) {
            {
                def.setLevel(level);
            }
        }) {
            gzip.write(body);
        }
        return out.toByteArray();
    }
}
