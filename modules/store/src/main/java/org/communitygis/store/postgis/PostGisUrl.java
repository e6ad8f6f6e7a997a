package org.communitygis.store.postgis;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import org.communitygis.core.CgisException;
import org.communitygis.store.StoreMessages;

/**
 * Where a PostGIS project lives: {@code postgresql://user:password@host:port/database?schema=name}.
 *
 * <p>Accepted prefixes are {@code postgresql://}, {@code postgres://} and {@code jdbc:postgresql://}.
 * The port defaults to 5432 and the schema to {@value #DEFAULT_SCHEMA}. User and password are
 * percent-decoded; without a password in the URL the environment variable {@code PGPASSWORD} is used.
 * Query parameters other than {@code schema} (such as {@code sslmode}) go to the JDBC driver unchanged.
 * {@link #toString()} never contains the password.
 *
 * @param host server host name or address
 * @param port server port
 * @param database database name
 * @param schema project schema, a plain SQL identifier
 * @param user user name, empty for the driver's default (the OS user)
 * @param password password, null when none was given
 * @param parameters other query parameters, passed to the driver
 */
public record PostGisUrl(String host, int port, String database, String schema, String user, String password,
        Map<String, String> parameters) {
    /** Schema of a URL that names none. */
    public static final String DEFAULT_SCHEMA = "cgis";
    private static final Pattern SCHEMA = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    /** Validates the schema name. */
    public PostGisUrl {
        if (!SCHEMA.matcher(schema).matches() || schema.toLowerCase(java.util.Locale.ROOT).startsWith("pg_")) {
            throw new CgisException(StoreMessages.BUNDLE, "postgis.badSchema", schema);
        }
        parameters = Map.copyOf(parameters);
    }

    /** Returns whether {@code text} looks like a PostgreSQL URL rather than a file name. */
    public static boolean isUrl(String text) {
        return text.startsWith("postgresql://") || text.startsWith("postgres://") || text.startsWith("jdbc:postgresql://");
    }

    /**
     * Parses a URL.
     *
     * @throws CgisException naming the URL (without password) and the expected form when it is malformed
     */
    public static PostGisUrl parse(String text) {
        if (!isUrl(text)) {
            throw bad(text);
        }
        String plain = text.startsWith("jdbc:") ? text.substring("jdbc:".length()) : text;
        URI uri;
        try {
            uri = new URI(plain);
        } catch (URISyntaxException e) {
            throw bad(text);
        }

        String host = uri.getHost();
        String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceFirst("^/", "");
        if (host == null || host.isEmpty() || path.isEmpty() || path.contains("/")) {
            throw bad(text);
        }

        String user = "";
        String password = null;
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            password = colon < 0 ? null : decode(userInfo.substring(colon + 1));
        }
        if (password == null) {
            password = System.getenv("PGPASSWORD");
        }

        Map<String, String> parameters = new LinkedHashMap<>();
        String schema = DEFAULT_SCHEMA;
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int equals = pair.indexOf('=');
                String key = decode(equals < 0 ? pair : pair.substring(0, equals));
                String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
                if (key.equals("schema")) {
                    schema = value;
                } else if (key.equals("user") && user.isEmpty()) {
                    user = value;
                } else if (key.equals("password") && password == null) {
                    password = value;
                } else if (!key.equals("user") && !key.equals("password")) {
                    parameters.put(key, value);
                }
            }
        }

        int port = uri.getPort() < 0 ? 5432 : uri.getPort();
        return new PostGisUrl(host, port, decode(path), schema, user, password, parameters);
    }

    private static String decode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static CgisException bad(String text) {
        return new CgisException(StoreMessages.BUNDLE, "postgis.badUrl", redact(text));
    }

    /** Replaces the password in a URL-like text by {@code ***}. */
    static String redact(String text) {
        return text.replaceAll("(://[^:/@?#]*):[^@/?#]*@", "$1:***@").replaceAll("(?i)([?&]password=)[^&]*", "$1***");
    }

    /** Returns the same project in another schema. */
    public PostGisUrl withSchema(String otherSchema) {
        return new PostGisUrl(host, port, database, otherSchema, user, password, parameters);
    }

    /** Returns the JDBC URL without credentials, for {@link java.sql.DriverManager}. */
    public String jdbcUrl() {
        String hostPart = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return "jdbc:postgresql://" + hostPart + ":" + port + "/" + java.net.URLEncoder.encode(database, StandardCharsets.UTF_8);
    }

    /** Returns the driver properties: credentials and the extra query parameters. */
    public Properties properties() {
        Properties properties = new Properties();
        parameters.forEach(properties::setProperty);
        if (!user.isEmpty()) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        properties.putIfAbsent("ApplicationName", "community-gis");
        // Keeps the map server's long-lived connection from being dropped silently by firewalls.
        properties.putIfAbsent("tcpKeepAlive", "true");
        // Batched INSERTs become multi-row INSERTs: several times faster on large layers.
        properties.putIfAbsent("reWriteBatchedInserts", "true");
        // Server-prepared from the first execution ("forceBinary" in the pgjdbc 42.7 documentation), so
        // geometries and tiles come back as binary bytea, not hex text.
        properties.putIfAbsent("prepareThreshold", "-1");
        // No statement cache across prepareStatement calls: a layer table replaced with other column types
        // would otherwise fail with "cached plan must not change result type" inside the same transaction.
        properties.putIfAbsent("preparedStatementCacheQueries", "0");
        return properties;
    }

    /** Returns the URL in the user's form, without the password. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("postgresql://");
        if (!user.isEmpty()) {
            text.append(user).append('@');
        }
        text.append(host).append(':').append(port).append('/').append(database).append("?schema=").append(schema);
        parameters.forEach((key, value) -> text.append('&').append(key).append('=').append(value));
        return text.toString();
    }
}
