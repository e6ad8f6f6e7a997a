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
 */
public record MapServerOptions(Set<String> allowedOrigins, String accessToken, long requestTimeLimitMillis) {
    /** Default request time limit, ms. */
    public static final long DEFAULT_TIME_LIMIT_MILLIS = 10_000;

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
    }

    /** Returns the defaults: no CORS origins, no token, {@value #DEFAULT_TIME_LIMIT_MILLIS} ms per request. */
    public static MapServerOptions defaults() {
        return new MapServerOptions(Set.of(), null, DEFAULT_TIME_LIMIT_MILLIS);
    }

    /** Returns a copy with {@code origins} allowed to read the API from web pages. */
    public MapServerOptions withAllowedOrigins(Set<String> origins) {
        return new MapServerOptions(origins, accessToken, requestTimeLimitMillis);
    }

    /** Returns a copy with the access token for write requests. */
    public MapServerOptions withAccessToken(String token) {
        return new MapServerOptions(allowedOrigins, token, requestTimeLimitMillis);
    }

    /** Returns a copy with the request time limit, ms. */
    public MapServerOptions withRequestTimeLimitMillis(long millis) {
        return new MapServerOptions(allowedOrigins, accessToken, millis);
    }
}
