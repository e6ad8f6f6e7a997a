package org.communitygis.store.postgis;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.communitygis.core.CgisException;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.raster.Raster;
import org.communitygis.core.store.FeatureQuerySource;
import org.communitygis.core.store.LayerInfo;
import org.communitygis.core.store.ProjectStore;
import org.communitygis.core.store.StoreUnavailableException;
import org.communitygis.core.store.VectorTileSource;
import org.communitygis.store.StoreMessages;
import org.locationtech.jts.geom.Envelope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A read-only PostGIS project for a long-running reader such as the map server. Each call borrows a
 * connection from a HikariCP pool, so concurrent requests run in parallel, and a restarted database
 * server costs the calls made while it was down instead of a restart of the reader.
 *
 * <p>Contract:
 * <ul>
 * <li>Reads behave as {@link PostGisStore#openReadOnly}'s and see each committed update. Writes throw a
 * {@link CgisException}.</li>
 * <li>When no connection can be had within {@value #CONNECT_TIMEOUT_MILLIS} ms, or the connection breaks
 * during the call (SQLState class 08, or 57P01–57P03 when the server shuts down), the call throws
 * {@link StoreUnavailableException}. The first such failure after a success logs one warning, and the
 * first success after it logs one line that the server is reachable again.</li>
 * <li>HikariCP checks a connection that was idle for more than 500 ms before lending it and drops
 * connections that failed with a connection error. When the pool has no connection to lend, the call
 * connects directly, so the first call after a restart succeeds. During an outage calls fail without the
 * pool's wait.</li>
 * <li>Bounding-box reads ({@link FeatureQuerySource}) run through the layer's GiST index. The layer's
 * fields are read from the registry once and kept until {@link #close}, like the tile SQL, so a column
 * that another program adds later is not served until the store is opened again.</li>
 * <li>Tiles run the SQL of {@link PostGisStore#vectorTile}, built once per layer and kept until
 * {@link #close}. Each pooled connection keeps up to {@value #STATEMENT_CACHE_QUERIES} server-prepared
 * statements, so repeated tiles and bounding-box reads reuse their parse and plan.</li>
 * </ul>
 */
public final class PooledPostGisStore implements ProjectStore, VectorTileSource, FeatureQuerySource {
    /** Default maximum number of open connections. */
    public static final int DEFAULT_MAX_CONNECTIONS = 8;
    /** Statements each pooled connection keeps server-prepared (pgjdbc {@code preparedStatementCacheQueries}). */
    static final int STATEMENT_CACHE_QUERIES = 64;
    /** Maximum wait for a connection before a call fails as unavailable, ms. */
    static final long CONNECT_TIMEOUT_MILLIS = 3000;

    private static final Logger LOG = LoggerFactory.getLogger(PooledPostGisStore.class);

    private final PostGisUrl url;
    private final HikariDataSource pool;
    private final Map<String, PostGisStore.TileSql> tileSql = new ConcurrentHashMap<>();
    /** Schemas of the layers read by bounding box or id, kept like {@link #tileSql}. */
    private final Map<String, PostGisStore.LayerSchema> schemas = new ConcurrentHashMap<>();
    private final AtomicBoolean reachable = new AtomicBoolean(true);

    private PooledPostGisStore(PostGisUrl url, HikariDataSource pool) {
        this.url = url;
        this.pool = pool;
    }

    /** Opens the project with at most {@value #DEFAULT_MAX_CONNECTIONS} connections. */
    public static PooledPostGisStore open(PostGisUrl url) {
        return open(url, DEFAULT_MAX_CONNECTIONS);
    }

    /**
     * Opens the project at {@code url} read-only with a pool of up to {@code maxConnections} connections.
     *
     * @throws CgisException when the server cannot be reached, PostGIS is missing or the schema contains
     *     no project
     */
    public static PooledPostGisStore open(PostGisUrl url, int maxConnections) {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1, got " + maxConnections);
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url.jdbcUrl());
        Properties properties = url.properties();
        // These connections are read-only and long-lived, so keeping their server-prepared statements saves
        // the parse and plan of every tile and bounding-box read. When a kept statement's table is replaced
        // with other column types, pgjdbc prepares it again in autocommit mode (tested).
        properties.setProperty("preparedStatementCacheQueries", Integer.toString(STATEMENT_CACHE_QUERIES));
        config.setDataSourceProperties(properties);
        config.setReadOnly(true);
        config.setAutoCommit(true);
        config.setMaximumPoolSize(maxConnections);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(CONNECT_TIMEOUT_MILLIS);
        config.setValidationTimeout(1000);
        config.setPoolName("cgis-postgis-" + url.schema());
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (HikariPool.PoolInitializationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new CgisException(e, StoreMessages.BUNDLE, "postgis.connectFailed", url,
                    PostGisStore.withoutFinalStop(PostGisUrl.redact(String.valueOf(cause.getMessage()))));
        }
        try (Connection connection = pool.getConnection()) {
            checkProject(url, connection);
        } catch (SQLException | RuntimeException e) {
            pool.close();
            throw e instanceof CgisException c ? c : PostGisStore.failed(url, e);
        }
        return new PooledPostGisStore(url, pool);
    }

    /** Checks that PostGIS is installed and the schema contains a project, as {@link PostGisStore#openReadOnly} does. */
    private static void checkProject(PostGisUrl url, Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT 1 FROM pg_extension WHERE extname = 'postgis'")) {
            if (!rows.next()) {
                throw new CgisException(StoreMessages.BUNDLE, "postgis.noExtension", url);
            }
        }
        try (PreparedStatement select = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            select.setString(1, PostGisStore.quote(url.schema()) + "." + PostGisStore.quote("cgis_layers"));
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next() || !rows.getBoolean(1)) {
                    throw new CgisException(StoreMessages.BUNDLE, "postgis.projectNotFound", url);
                }
            }
        }
    }

    /** Returns where this project lives (without password when printed). */
    public PostGisUrl url() {
        return url;
    }

    /** Work on a borrowed connection, with a read-only store over it. */
    @FunctionalInterface
    private interface Work<T> {
        T run(PostGisStore store, Connection connection) throws SQLException;
    }

    /**
     * Runs {@code work} on a borrowed connection and sorts its failures into unavailable and other errors.
     * A connection failure is retried once on a fresh connection, because right after a server restart
     * the pool can still lend a connection that the old server closed (SQLState 57P01).
     */
    private <T> T call(Work<T> work) {
        try {
            return attempt(work);
        } catch (RetryableFailure first) {
            try {
                return attempt(work);
            } catch (RetryableFailure second) {
                second.getCause().addSuppressed(first.getCause());
                throw unavailable(second.getCause());
            }
        }
    }

    /** A connection failure that {@link #call} may retry; never escapes this class. */
    private static final class RetryableFailure extends RuntimeException {
        RetryableFailure(SQLException cause) {
            super(null, cause, false, false);
        }

        @Override
        public synchronized SQLException getCause() {
            return (SQLException) super.getCause();
        }
    }

    private <T> T attempt(Work<T> work) {
        Connection connection = borrow();
        try {
            T result = work.run(PostGisStore.borrowed(url, connection), connection);
            if (!reachable.get() && reachable.compareAndSet(false, true)) {
                LOG.info("Database server of {} is reachable again", url);
            }
            return result;
        } catch (SQLException e) {
            if (isConnectionFailure(e)) {
                throw new RetryableFailure(e);
            }
            throw PostGisStore.failed(url, e);
        } catch (CgisException e) {
            SQLException cause = e.getCause() instanceof SQLException sql ? sql : null;
            if (cause != null && isConnectionFailure(cause)) {
                throw new RetryableFailure(cause);
            }
            throw e;
        } finally {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.debug("Returning a connection to the pool of {}: {}", url, e.toString());
            }
        }
    }

    /**
     * Returns a pooled connection, or a direct one that the caller closes after the call when the pool has
     * none. HikariCP retries a failed connection attempt with a backoff that grows to 5 s, so right after
     * the server is back the pool may still wait. While the server is known to be unreachable, calls skip
     * the pool's {@value #CONNECT_TIMEOUT_MILLIS} ms wait and fail as soon as the direct attempt fails.
     *
     * @throws StoreUnavailableException when neither gives a connection
     */
    private Connection borrow() {
        SQLException pooledFailure = null;
        if (reachable.get()) {
            try {
                return pool.getConnection();
            } catch (SQLException e) {
                pooledFailure = e;
            }
        }
        Properties properties = url.properties();
        properties.putIfAbsent("connectTimeout", Long.toString(CONNECT_TIMEOUT_MILLIS / 1000));
        try {
            Connection direct = DriverManager.getConnection(url.jdbcUrl(), properties);
            direct.setReadOnly(true);
            return direct;
        } catch (SQLException e) {
            if (pooledFailure == null) {
                throw unavailable(e);
            }
            pooledFailure.addSuppressed(e);
            throw unavailable(pooledFailure);
        }
    }

    /** Returns whether {@code e} means the connection or the server is gone, rather than a bad statement. */
    static boolean isConnectionFailure(SQLException e) {
        for (SQLException next = e; next != null; next = next.getNextException()) {
            String state = next.getSQLState();
            if (state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
                    || state.equals("57P03"))) {
                return true;
            }
        }
        return e instanceof java.sql.SQLTransientConnectionException;
    }

    private StoreUnavailableException unavailable(SQLException e) {
        String reason = PostGisStore.withoutFinalStop(PostGisUrl.redact(String.valueOf(e.getMessage())));
        if (reachable.getAndSet(false)) {
            LOG.warn("Database server of {} is not reachable: {}. Requests that need it fail until it is back",
                    url, reason);
        }
        return new StoreUnavailableException(e, StoreMessages.BUNDLE, "postgis.unavailable", url, reason);
    }

    private CgisException readOnly() {
        return new CgisException(StoreMessages.BUNDLE, "postgis.readOnly", url);
    }

    @Override
    public Optional<String> crs() {
        return call((store, connection) -> store.crs());
    }

    @Override
    public void setCrs(String code) {
        throw readOnly();
    }

    @Override
    public List<LayerInfo> layers() {
        return call((store, connection) -> store.layers());
    }

    @Override
    public FeatureLayer readFeatures(String name) {
        return call((store, connection) -> store.readFeatures(name));
    }

    /** {@inheritDoc} See {@link PostGisStore#readFeatures(String, Envelope)} for the SQL. */
    @Override
    public FeatureLayer readFeatures(String name, Envelope envelope) {
        return call((store, connection) -> store.readInBox(schema(store, name), envelope));
    }

    @Override
    public FeatureLayer readFeature(String name, long id) {
        return call((store, connection) -> store.readById(schema(store, name), id));
    }

    /** Returns the layer's schema, read from the registry on first use and kept until {@link #close}. */
    private PostGisStore.LayerSchema schema(PostGisStore store, String name) {
        PostGisStore.LayerSchema schema = schemas.get(name);
        if (schema == null) {
            schema = store.layerSchema(name);
            schemas.putIfAbsent(name, schema);
        }
        return schema;
    }

    @Override
    public void writeFeatures(FeatureLayer layer) {
        throw readOnly();
    }

    @Override
    public Raster readRaster(String name) {
        return call((store, connection) -> store.readRaster(name));
    }

    @Override
    public void writeRaster(String name, Raster raster) {
        throw readOnly();
    }

    @Override
    public void delete(String name) {
        throw readOnly();
    }

    @Override
    public Map<String, String> metadata() {
        return call((store, connection) -> store.metadata());
    }

    @Override
    public void putMetadata(String key, String value) {
        throw readOnly();
    }

    /** {@inheritDoc} See {@link PostGisStore#vectorTile} for the SQL. */
    @Override
    public Optional<byte[]> vectorTile(String layer, int z, int x, int y, int extent, int buffer) {
        PostGisStore.checkTile(z, x, y, extent, buffer);
        return call((store, connection) -> {
            PostGisStore.TileSql sql = tileSql.get(layer);
            if (sql == null) {
                sql = store.tileSql(layer);
                tileSql.putIfAbsent(layer, sql);
            }
            boolean indexed = sql.indexed(z);
            try (PreparedStatement statement = connection.prepareStatement(
                    indexed ? sql.indexedSql() : sql.wholeSql())) {
                return PostGisStore.encodeTile(statement, layer, indexed, z, x, y, extent, buffer);
            }
        });
    }

    /** Closes every pooled connection; calls made afterwards fail. */
    @Override
    public void close() {
        pool.close();
    }
}
