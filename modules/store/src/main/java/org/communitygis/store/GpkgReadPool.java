package org.communitygis.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import org.communitygis.core.CgisException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded pool of read-only connections to one GeoPackage file, for the feature reads of a
 * {@link GeoPackageStore} that run on many threads at once.
 *
 * <p>Connections are opened on first need, up to the maximum, and closed by {@link #close}. Each is lent
 * to one caller at a time, which may keep prepared statements on it ({@link ReadConnection#statement}).
 * A connection runs in autocommit mode, and a read holds SQLite's shared lock only while its result set
 * is open. The project file uses SQLite's rollback journal, so a program that writes into the file in
 * place (QGIS, or another {@link GeoPackageStore}) waits for running reads when it commits, and a read
 * waits up to the busy timeout (3 s, the default of sqlite-jdbc 3.45) while such a writer commits.
 * {@link Projects#update} writes a copy and does not wait for them.
 *
 * <p>Every connection reads the file that the store opened. {@link Projects#update} replaces a project
 * by renaming a new file over it, and a connection opened afterwards would read the new file beside
 * connections on the old one. So each new connection is checked against the file identity (device and
 * inode on Unix) that the store recorded before it opened its own connection. After a replacement the
 * pool opens no more connections and shares the ones it has. With none open, reads throw a
 * {@link CgisException} whose message asks the user to open the project again. Where the file system
 * reports no file identity ({@code fileKey()} is null, as on Windows), the check is skipped.
 */
final class GpkgReadPool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GpkgReadPool.class);

    private final Path file;
    private final Object fileKey;
    private final int maxConnections;
    private final Deque<ReadConnection> idle = new ArrayDeque<>();
    /** Connections open, idle or lent. Guarded by this. */
    private int open;
    /** Connections being opened outside the lock. Guarded by this. */
    private int opening;
    /**
     * Incremented by {@link #discardStatements}. A connection whose statements are older closes them when it
     * is next lent. Guarded by this.
     */
    private long statementGeneration;
    private boolean replaced;
    private boolean closed;

    /**
     * Creates an empty pool.
     *
     * @param fileKey the file identity from {@link #fileKey} taken before the store opened the file, null
     *     when the file system has none
     */
    GpkgReadPool(Path file, Object fileKey, int maxConnections) {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1, got " + maxConnections);
        }
        this.file = file;
        this.fileKey = fileKey;
        this.maxConnections = maxConnections;
    }

    /** Returns the identity of {@code file} (device and inode on Unix), or null when the file system has none. */
    static Object fileKey(Path file) {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            return null;
        }
    }

    /** Work on a lent connection. */
    @FunctionalInterface
    interface ReadWork<T> {
        T run(ReadConnection connection) throws SQLException;
    }

    /**
     * Runs {@code work} on a lent connection, waiting while all connections are lent.
     *
     * @throws CgisException when the work fails with an SQL error, a connection cannot be opened, or the
     *     file was replaced before any connection was open
     * @throws IllegalStateException after {@link #close}
     */
    <T> T read(ReadWork<T> work) {
        ReadConnection connection = borrow();
        try {
            return work.run(connection);
        } catch (SQLException e) {
            throw connection.gpkg.failure(e);
        } finally {
            giveBack(connection);
        }
    }

    private ReadConnection borrow() {
        while (true) {
            synchronized (this) {
                ReadConnection lent = lendOrReserve();
                if (lent != null) {
                    return lent;
                }
            }
            // A slot is reserved: open outside the lock, so that other callers can borrow meanwhile.
            ReadConnection created = openReserved();
            if (created != null) {
                return created;
            }
        }
    }

    /**
     * Returns an idle connection, or null after reserving a slot for a new one (opening incremented). Waits
     * while neither is possible.
     */
    private ReadConnection lendOrReserve() {
        while (true) {
            if (closed) {
                throw new IllegalStateException("GeoPackage store of " + file + " is closed");
            }
            ReadConnection connection = idle.pollFirst();
            if (connection != null) {
                connection.discardStatementsBefore(statementGeneration);
                return connection;
            }
            if (!replaced && open + opening < maxConnections) {
                opening++;
                return null;
            }
            if (replaced && open + opening == 0) {
                throw new CgisException(StoreMessages.BUNDLE, "store.replaced", file);
            }
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for a read connection to " + file, e);
            }
        }
    }

    /** Opens the connection of a reserved slot; null when the file turned out to be replaced. */
    private ReadConnection openReserved() {
        GpkgConnection gpkg;
        try {
            gpkg = GpkgConnection.open(file, GpkgConnection.Mode.READ_ONLY);
        } catch (RuntimeException | Error e) {
            release(false);
            throw e;
        }
        // Checked after opening: if the path still names the recorded file now, it named it when SQLite
        // opened it, because a replaced file cannot come back under the path while the store keeps it open.
        if (fileKey != null && !fileKey.equals(fileKey(file))) {
            gpkg.close();
            release(true);
            return null;
        }
        synchronized (this) {
            opening--;
            if (closed) {
                notifyAll();
                gpkg.close();
                throw new IllegalStateException("GeoPackage store of " + file + " is closed");
            }
            open++;
            return new ReadConnection(gpkg, statementGeneration);
        }
    }

    private synchronized void release(boolean fileReplaced) {
        opening--;
        if (fileReplaced && !replaced) {
            replaced = true;
            LOG.warn("Project file {} was replaced after it was opened, probably by another command's update."
                    + " Reads go on with the version that was opened, on the {} connections already open."
                    + " Open the project again (restart cgis serve) to read the new version", file, open);
        }
        notifyAll();
    }

    private synchronized void giveBack(ReadConnection connection) {
        if (closed) {
            open--;
            try {
                connection.close();
            } catch (RuntimeException e) {
                LOG.warn("Closing a read connection to {} failed: {}", file, e.getMessage());
            }
        } else {
            idle.addFirst(connection);
        }
        notifyAll();
    }

    /**
     * Makes every connection close its prepared statements before its next use, because the tables they
     * read were dropped or replaced.
     */
    synchronized void discardStatements() {
        statementGeneration++;
    }

    /** Returns the number of open connections, idle or lent. */
    synchronized int openConnections() {
        return open;
    }

    /** Closes the idle connections now and lent ones when they come back; later reads throw. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        RuntimeException failure = null;
        for (ReadConnection connection : idle) {
            open--;
            try {
                connection.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        idle.clear();
        notifyAll();
        if (failure != null) {
            throw failure;
        }
    }

    /** One read-only connection with its prepared statements, used by one caller at a time. */
    static final class ReadConnection {
        private final GpkgConnection gpkg;
        private final Map<String, PreparedStatement> statements = new HashMap<>();
        private long generation;

        private ReadConnection(GpkgConnection gpkg, long generation) {
            this.gpkg = gpkg;
            this.generation = generation;
        }

        /** Returns the connection. */
        GpkgConnection gpkg() {
            return gpkg;
        }

        /**
         * Returns the prepared statement of {@code sql}, prepared on first use and kept until the pool
         * discards statements or closes. Callers close the result sets they open, which ends SQLite's read
         * transaction, and never close the statement.
         */
        PreparedStatement statement(String sql) throws SQLException {
            PreparedStatement statement = statements.get(sql);
            if (statement == null) {
                statement = gpkg.jdbc().prepareStatement(sql);
                statements.put(sql, statement);
            }
            return statement;
        }

        private void discardStatementsBefore(long current) {
            if (generation != current) {
                closeStatements();
                generation = current;
            }
        }

        private void closeStatements() {
            for (PreparedStatement statement : statements.values()) {
                try {
                    statement.close();
                } catch (SQLException e) {
                    LOG.debug("Closing a statement on {}: {}", gpkg.file(), e.toString());
                }
            }
            statements.clear();
        }

        private void close() {
            closeStatements();
            gpkg.close();
        }
    }
}
