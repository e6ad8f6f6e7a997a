package org.communitygis.store.postgis;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.function.Function;
import org.communitygis.core.store.ProjectStore;

/**
 * Atomic access to a PostGIS project, the counterpart of {@link org.communitygis.store.Projects} for
 * GeoPackage files.
 *
 * <p>{@link #update} runs the whole command in one database transaction: the schema and its tables are
 * created inside it, every layer and metadata write joins it, and it commits only when the work
 * returned normally. A failed import or analysis, a lost connection or a killed process leaves the
 * schema exactly as it was (or absent, for a first import). Updates of one schema are serialized by a
 * transaction-scoped advisory lock on the schema name, also across machines. Readers see the previous
 * state until the commit.
 */
public final class PostGisProjects {
    private PostGisProjects() {
    }

    /**
     * Runs {@code work} in one transaction on the project at {@code url} (a new, empty project when the
     * schema does not exist) and commits when {@code work} returns.
     *
     * <p>When {@code work} or the commit throws, the transaction is rolled back and the exception
     * propagates. The store passed to {@code work} must not be kept.
     *
     * @return what {@code work} returned
     * @throws org.communitygis.core.CgisException when the server cannot be reached, PostGIS is missing or the commit fails
     */
    public static <T> T update(PostGisUrl url, Function<ProjectStore, T> work) {
        Connection connection = PostGisStore.connect(url);
        try {
            connection.setAutoCommit(false);
            try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
                lock.setString(1, "community-gis project " + url.schema());
                lock.execute();
            }
            PostGisStore store = PostGisStore.openManaged(url, connection);
            T result = work.apply(store);
            connection.commit();
            return result;
        } catch (SQLException e) {
            rollback(connection, e);
            throw PostGisStore.failed(url, e);
        } catch (RuntimeException | Error e) {
            rollback(connection, e);
            throw e;
        } finally {
            try {
                connection.close();
            } catch (SQLException e) {
                // The transaction has ended either way; a failing close loses nothing.
            }
        }
    }

    private static void rollback(Connection connection, Throwable cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    /**
     * Opens the project at {@code url} read-only, runs {@code work} and closes it.
     *
     * @throws org.communitygis.core.CgisException when the schema contains no project ("run import first")
     */
    public static <T> T read(PostGisUrl url, Function<ProjectStore, T> work) {
        try (PostGisStore store = PostGisStore.openReadOnly(url)) {
            return work.apply(store);
        }
    }
}
