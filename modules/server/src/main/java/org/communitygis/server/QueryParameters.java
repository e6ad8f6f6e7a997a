package org.communitygis.server;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeSet;

/**
 * The decoded query string of one request, in the order the client wrote it.
 *
 * <p>Each parameter may occur once; a repeated one is rejected (HTTP 400) because OGC API Features
 * gives no meaning to {@code limit=1&limit=2}. A parameter without {@code =} has the empty value.
 */
public final class QueryParameters {
    /** Parameter selecting the output format, {@code json} or {@code html}. */
    public static final String FORMAT = "f";

    private final Map<String, String> values;

    private QueryParameters(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    /** Returns parameters from a map, kept in its iteration order. */
    public static QueryParameters of(Map<String, String> values) {
        return new QueryParameters(new LinkedHashMap<>(values));
    }

    /**
     * Parses a raw (still percent-encoded) query string; null or empty gives no parameters.
     *
     * @throws ApiException (400) when a parameter occurs twice or an escape is malformed
     */
    public static QueryParameters parse(String rawQuery) {
        Map<String, String> values = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return new QueryParameters(values);
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals), rawQuery);
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1), rawQuery);
            if (values.putIfAbsent(name, value) != null) {
                throw ApiException.badParameter("param.repeated", name);
            }
        }
        return new QueryParameters(values);
    }

    private static String decode(String text, String rawQuery) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiException.badParameter("param.encoding", rawQuery);
        }
    }

    /** Returns the value of {@code name}, or null when absent. */
    public String get(String name) {
        return values.get(name);
    }

    /** Returns the parameters in request order. */
    public Map<String, String> asMap() {
        return values;
    }

    /**
     * Rejects any parameter not in {@code allowed}.
     *
     * @throws ApiException (400) naming the first unknown parameter and listing the allowed ones, or saying
     *     that the resource takes no query parameters when {@code allowed} is empty
     */
    public QueryParameters requireOnly(Set<String> allowed) {
        for (String name : values.keySet()) {
            if (!allowed.contains(name)) {
                if (allowed.isEmpty()) {
                    throw ApiException.badParameter("param.none", name);
                }
                String list = String.join(", ", new TreeSet<>(allowed));
                throw ApiException.badParameter("param.unknown", name, list);
            }
        }
        return this;
    }

    /**
     * Returns the output format: {@code f} when given, else HTML when {@code accept} lists
     * {@code text/html} before any JSON type, else JSON.
     *
     * @throws ApiException (400) when {@code f} is neither {@code json} nor {@code html}
     */
    public Format format(String accept) {
        String requested = values.get(FORMAT);
        if (requested != null) {
            switch (requested) {
                case "json":
                    return Format.JSON;
                case "html":
                    return Format.HTML;
                default:
                    throw ApiException.badParameter("param.format", requested);
            }
        }
        if (accept == null) {
            return Format.JSON;
        }
        int html = accept.indexOf("text/html");
        int json = accept.indexOf("json");
        return html >= 0 && (json < 0 || html < json) ? Format.HTML : Format.JSON;
    }

    /**
     * Returns a query string ({@code ?a=1&b=2}, or empty) with every parameter kept in order, {@code name}
     * set to {@code value} (appended when absent) and {@code f} set to {@code format}. A null {@code format}
     * marks a link to the JSON representation: a given {@code f} becomes {@code json} and an absent one
     * stays absent. Either way {@code f} occurs at most once.
     */
    public String with(String name, String value, String format) {
        Map<String, String> copy = new LinkedHashMap<>(values);
        if (name != null) {
            copy.put(name, value);
        }
        if (format != null) {
            copy.put(FORMAT, format);
        } else if (copy.containsKey(FORMAT)) {
            copy.put(FORMAT, "json");
        }
        if (copy.isEmpty()) {
            return "";
        }
        StringJoiner query = new StringJoiner("&", "?", "");
        copy.forEach((key, text) -> query.add(encode(key) + "=" + encode(text)));
        return query.toString();
    }

    private static String encode(String text) {
        // Commas stay readable in bbox values; they are legal in a query component (RFC 3986 sub-delims).
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("%2C", ",");
    }

    /** Output formats of the API. */
    public enum Format {
        /** JSON or GeoJSON. */
        JSON,
        /** A simple HTML page. */
        HTML
    }
}
