package org.communitygis.server.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.communitygis.core.store.ProjectStore;
import org.communitygis.server.MapServer;
import org.communitygis.server.MapServerOptions;
import org.communitygis.store.GeoPackageStore;
import org.communitygis.store.postgis.PooledPostGisStore;
import org.communitygis.store.postgis.PostGisStore;
import org.communitygis.store.postgis.PostGisUrl;

/**
 * The two ends of {@code bench/tiles-vs-st-asmvt.sh}.
 *
 * <p>{@code TileBench serve (--db URL | --project FILE) URL_FILE SECONDS} serves a project on 127.0.0.1
 * with the tile cache off, so every tile request is encoded anew (PostGIS: by the pooled store's
 * {@code ST_AsMVT} statement; GeoPackage: in Java), writes the base URL to {@code URL_FILE} and serves for
 * {@code SECONDS} seconds.
 *
 * <p>{@code TileBench direct URL TILE_FILE LAYER CLIENTS SECONDS} is the baseline: {@code ST_AsMVT}
 * called directly over JDBC, without HTTP. Each of {@code CLIENTS} threads opens its own
 * {@link PostGisStore} (one connection, the store's prepared statement, the same driver settings as the
 * server) and requests the tiles of {@code TILE_FILE} ({@code z x y} per line) in turn, from its own
 * start in the list, for {@code SECONDS} seconds. It prints requests/s and the mean, p50, p90 and p99
 * latency in ms, the figures wrk prints for the HTTP side.
 */
public final class TileBench {
    private TileBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 5 && args[0].equals("serve")) {
            serve(args[1], args[2], Path.of(args[3]), Long.parseLong(args[4]));
        } else if (args.length == 6 && args[0].equals("direct")) {
            direct(PostGisUrl.parse(args[1]), Path.of(args[2]), args[3], Integer.parseInt(args[4]),
                    Long.parseLong(args[5]));
        } else {
            System.err.println("Usage: TileBench serve (--db URL | --project FILE) URL_FILE SECONDS\n"
                    + "       TileBench direct URL TILE_FILE LAYER CLIENTS SECONDS");
            System.exit(2);
        }
    }

    private static void serve(String kind, String location, Path urlFile, long seconds) throws Exception {
        ProjectStore store = kind.equals("--db") ? PooledPostGisStore.open(PostGisUrl.parse(location))
                : GeoPackageStore.openReadOnly(Path.of(location));
        MapServerOptions options = MapServerOptions.defaults().withTileCacheTiles(0);
        MapServer server = new MapServer(store, "tile-bench", options).start("127.0.0.1", 0);
        Files.writeString(urlFile, server.url());
        Thread.sleep(seconds * 1000);
        server.stop();
        store.close();
    }

    private static void direct(PostGisUrl url, Path tileFile, String layer, int clients, long seconds)
            throws Exception {
        List<int[]> tiles = new ArrayList<>();
        for (String line : Files.readAllLines(tileFile)) {
            if (!line.isBlank()) {
                tiles.add(Arrays.stream(line.trim().split("\\s+")).mapToInt(Integer::parseInt).toArray());
            }
        }
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        long[][] latencies = new long[clients][];
        int[] counts = new int[clients];
        AtomicLong bytes = new AtomicLong();
        AtomicLong empty = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int client = 0; client < clients; client++) {
            int first = client * tiles.size() / clients;
            int index = client;
            long[] own = new long[1 << 22];
            latencies[client] = own;
            Thread thread = new Thread(() -> {
                try (PostGisStore store = PostGisStore.openReadOnly(url)) {
                    int count = 0;
                    for (int i = first; System.nanoTime() < deadline && count < own.length; i++) {
                        int[] tile = tiles.get(i % tiles.size());
                        long before = System.nanoTime();
                        Optional<byte[]> encoded = store.vectorTile(layer, tile[0], tile[1], tile[2], 4096, 64);
                        own[count++] = System.nanoTime() - before;
                        encoded.ifPresentOrElse(b -> bytes.addAndGet(b.length), empty::incrementAndGet);
                    }
                    counts[index] = count;
                }
            }, "tile-client-" + client);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double elapsedSeconds = (System.nanoTime() - start) / 1e9;
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int at = 0;
        for (int client = 0; client < clients; client++) {
            System.arraycopy(latencies[client], 0, all, at, counts[client]);
            at += counts[client];
        }
        Arrays.sort(all);
        double mean = Arrays.stream(all).average().orElse(0) / 1e6;
        System.out.printf(Locale.ROOT, "%d requests, %d empty tiles, %d bytes, %d clients, %.1f s%n", total,
                empty.get(), bytes.get(), clients, elapsedSeconds);
        System.out.printf(Locale.ROOT, "Requests/sec: %.1f%n", total / elapsedSeconds);
        System.out.printf(Locale.ROOT, "Latency mean %.3fms p50 %.3fms p90 %.3fms p99 %.3fms%n", mean,
                percentile(all, 0.50), percentile(all, 0.90), percentile(all, 0.99));
    }

    private static double percentile(long[] sorted, double fraction) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }
}
