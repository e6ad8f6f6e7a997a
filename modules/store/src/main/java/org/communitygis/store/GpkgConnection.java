package org.communitygis.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import org.communitygis.core.CgisException;
import org.sqlite.SQLiteConfig;

/**
 * One JDBC connection to a GeoPackage file, with the checks that make sure the file is one.
 *
 * <p>All reads and writes of a store go through this single connection, so that a layer write is one
 * SQLite transaction. NGA's {@code GeoPackageImpl} is not used for that because it writes its metadata
 * tables through a second connection (ORMLite), which would wait on the first one's transaction lock.
 */
final class GpkgConnection implements AutoCloseable {
    /** Access mode of a connection. */
    enum Mode {
        /** Read-only: writes fail. */
        READ_ONLY,
        /** Read-write with SQLite's default rollback journal and full syncs. */
        READ_WRITE,
        /**
         * Read-write for a scratch copy that is discarded on failure: journal in memory, no syncs. A
         * failed transaction still rolls back, but a crash can corrupt the file.
         */
        SCRATCH
    }

    private static final byte[] SQLITE_MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    private static final List<String> REQUIRED_TABLES = List.of("gpkg_spatial_ref_sys", "gpkg_contents");

    private final Path file;
    private final Connection connection;

    private GpkgConnection(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    /**
     * Opens an existing GeoPackage.
     *
     * @throws CgisException when the file is missing, is not an SQLite database or lacks the
     *     GeoPackage core tables
     */
    static GpkgConnection open(Path file, Mode mode) {
        checkSqliteHeader(file);
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(mode == Mode.READ_ONLY);
        if (mode == Mode.SCRATCH) {
            config.setJournalMode(SQLiteConfig.JournalMode.MEMORY);
            config.setSynchronous(SQLiteConfig.SynchronousMode.OFF);
        }
        Connection connection;
        try {
            connection = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
        } catch (SQLException e) {
            throw new CgisException(e, StoreMessages.BUNDLE, "store.notSqlite", file);
        }
        GpkgConnection result = new GpkgConnection(file, connection);
        try {
            for (String table : REQUIRED_TABLES) {
                if (!result.tableExists(table)) {
                    throw new CgisException(StoreMessages.BUNDLE, "store.notGeoPackage", file, table);
                }
            }
        } catch (CgisException e) {
            result.close();
            if (e.message().key().equals("store.sqlFailed")) {
                throw new CgisException(e, StoreMessages.BUNDLE, "store.notSqlite", file);
            }
            throw e;
        }
        return result;
    }

    private static void checkSqliteHeader(Path file) {
        if (Files.isDirectory(file)) {
            throw new CgisException(StoreMessages.BUNDLE, "store.notSqlite", file);
        }
        byte[] header = new byte[SQLITE_MAGIC.length];
        int read;
        try (InputStream in = Files.newInputStream(file)) {
            read = in.readNBytes(header, 0, header.length);
        } catch (NoSuchFileException e) {
            throw new CgisException(e, StoreMessages.BUNDLE, "store.fileNotFound", file);
        } catch (IOException e) {
            throw new CgisException(e, StoreMessages.BUNDLE, "store.ioFailed", file, e.getMessage());
        }
        if (read < header.length || !Arrays.equals(header, SQLITE_MAGIC)) {
            throw new CgisException(StoreMessages.BUNDLE, "store.notSqlite", file);
        }
    }

    /** Returns the file. */
    Path file() {
        return file;
    }

    /** Returns the JDBC connection, for batched statements. */
    Connection jdbc() {
        return connection;
    }

    /** Returns whether a table or view called {@code name} exists. */
    boolean tableExists(String name) {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT 1 FROM sqlite_master WHERE type IN ('table', 'view') AND name = ?")) {
            statement.setString(1, name);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next();
            }
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** Runs one SQL statement without parameters. */
    void execute(String sql) {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** Runs one SQL update with parameters and returns the number of changed rows. */
    int update(String sql, Object... parameters) {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** Work that needs the JDBC connection. */
    @FunctionalInterface
    interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Runs {@code work} outside a transaction, turning SQL errors into a {@link CgisException}. */
    <T> T query(SqlWork<T> work) {
        try {
            return work.run(connection);
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
    <T> T transaction(SqlWork<T> work) {
        try {
            connection.setAutoCommit(false);
        } catch (SQLException e) {
            throw failure(e);
        }
        try {
            T result = work.run(connection);
            connection.commit();
            return result;
        } catch (SQLException e) {
            rollbackQuietly(e);
            throw failure(e);
        } catch (RuntimeException | Error e) {
            rollbackQuietly(e);
            throw e;
        } finally {
            try {
                connection.setAutoCommit(true);
            } catch (SQLException e) {
                // The connection is broken; the next statement reports it.
            }
        }
    }

    private void rollbackQuietly(Throwable cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    /** Returns the user error for an SQL failure on this file. */
    CgisException failure(SQLException e) {
        return new CgisException(e, StoreMessages.BUNDLE, "store.sqlFailed", file, e.getMessage());
    }

    /** Quotes an SQL identifier. */
    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw failure(e);
        }
    }
}
