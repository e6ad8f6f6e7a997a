package org.communitygis.server;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Settings of a {@link MapServer} beside the store and the project name.
 *
 * @param allowedOrigins web origins (e.g. {@code https://maps.example.org}) whose pages may read the API
 *     through CORS; empty sends no CORS headers, so only same-origin pages can read responses
 * @param accessToken bearer token that requests other than GET, HEAD and OPTIONS must send in
 *     {@code Authorization: Bearer …}; required when the server binds an address other than loopback,
 *     null to accept such requests on loopback without a token
 * @param requestTimeLimitMillis time after which feature filtering and tile building stop with HTTP 503, ms
 * @param tileCacheTiles number of encoded vector tiles kept in memory, least recently used dropped first;
 *     0 builds every tile on every request
 * @param maxJobs number of process jobs kept for {@code /jobs}, at least 1; when full, the oldest finished
 *     job is dropped before a new one is accepted
 * @param maxHeldFeatures number of features the server may keep in memory. Layers are kept in store order
 *     while their total stays within it. Beyond it, layers of a store that can be queried per request
 *     (PostGIS, GeoPackage) are read from the database or file for each request instead. Layers of other
 *     stores are always kept.
 */
public record MapServerOptions(Set<String> allowedOrigins, String accessToken, long requestTimeLimitMillis,
        int tileCacheTiles, int maxJobs, long maxHeldFeatures) {
    /** Default request time limit, ms. */
    public static final long DEFAULT_TIME_LIMIT_MILLIS = 10_000;
    /** Default number of cached tiles; at a few KB per tile, about 10–40 MB. */
    public static final int DEFAULT_TILE_CACHE_TILES = 8192;
    /** Default number of process jobs kept. */
    public static final int DEFAULT_MAX_JOBS = 100;
    /**
     * Default number of features held in memory. At 1 to 3 KB per feature (geometry, JSON tree and bytes)
     * this is an estimated 0.2 to 0.6 GB of heap.
     */
    public static final long DEFAULT_MAX_HELD_FEATURES = 200_000;

    /** Validates and copies the settings. */
    public MapServerOptions {
        allowedOrigins = Set.copyOf(new LinkedHashSet<>(allowedOrigins));
        if (accessToken != null && accessToken.isBlank()) {
            throw new IllegalArgumentException("Access token must not be blank; use null for none");
        }
        if (requestTimeLimitMillis <= 0) {
            throw new IllegalArgumentException("Request time limit must be positive, got " + requestTimeLimitMillis
                    + " ms");
        }
        if (tileCacheTiles < 0) {
            throw new IllegalArgumentException("Tile cache size must be 0 or more, got " + tileCacheTiles);
        }
        if (maxJobs < 1) {
            throw new IllegalArgumentException("Kept job count must be at least 1, got " + maxJobs);
        }
        if (maxHeldFeatures < 0) {
            throw new IllegalArgumentException("Held feature limit must be 0 or more, got " + maxHeldFeatures);
        }
    }

    /** Creates settings with the default tile cache and job retention. */
    public MapServerOptions(Set<String> allowedOrigins, String accessToken, long requestTimeLimitMillis) {
        this(allowedOrigins, accessToken, requestTimeLimitMillis, DEFAULT_TILE_CACHE_TILES, DEFAULT_MAX_JOBS,
                DEFAULT_MAX_HELD_FEATURES);
    }

    /** Returns the defaults: no CORS origins, no token, {@value #DEFAULT_TIME_LIMIT_MILLIS} ms per request. */
    public static MapServerOptions defaults() {
        return new MapServerOptions(Set.of(), null, DEFAULT_TIME_LIMIT_MILLIS);
    }

    /** Returns a copy with {@code origins} allowed to read the API from web pages. */
    public MapServerOptions withAllowedOrigins(Set<String> origins) {
        return new MapServerOptions(origins, accessToken, requestTimeLimitMillis, tileCacheTiles, maxJobs,
                maxHeldFeatures);
    }

    /** Returns a copy with the access token for write requests. */
    public MapServerOptions withAccessToken(String token) {
        return new MapServerOptions(allowedOrigins, token, requestTimeLimitMillis, tileCacheTiles, maxJobs,
                maxHeldFeatures);
    }

    /** Returns a copy with the request time limit, ms. */
    public MapServerOptions withRequestTimeLimitMillis(long millis) {
        return new MapServerOptions(allowedOrigins, accessToken, millis, tileCacheTiles, maxJobs,
                maxHeldFeatures);
    }

    /** Returns a copy that keeps {@code tiles} encoded tiles in memory, 0 for none. */
    public MapServerOptions withTileCacheTiles(int tiles) {
        return new MapServerOptions(allowedOrigins, accessToken, requestTimeLimitMillis, tiles, maxJobs,
                maxHeldFeatures);
    }

    /** Returns a copy that keeps the last {@code jobs} process jobs. */
    public MapServerOptions withMaxJobs(int jobs) {
        return new MapServerOptions(allowedOrigins, accessToken, requestTimeLimitMillis, tileCacheTiles, jobs,
                maxHeldFeatures);
    }

    /** Returns a copy that keeps at most {@code features} features in memory, 0 to query every layer per request. */
    public MapServerOptions withMaxHeldFeatures(long features) {
        return new MapServerOptions(allowedOrigins, accessToken, requestTimeLimitMillis, tileCacheTiles, maxJobs,
                features);
    }
}
