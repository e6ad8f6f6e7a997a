package org.communitygis.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import org.communitygis.core.store.ProjectStore;
import org.communitygis.store.GeoPackageStore;
import org.communitygis.store.Projects;
import org.communitygis.store.StoreMessages;
import org.communitygis.store.postgis.PooledPostGisStore;
import org.communitygis.store.postgis.PostGisProjects;
import org.communitygis.store.postgis.PostGisUrl;

/**
 * The location of a command's project: a GeoPackage file ({@code --project P.gpkg}) or a PostGIS schema
 * ({@code --db postgresql://…}). Both give the same atomic {@link #update} and read-only {@link #read}.
 */
abstract class ProjectLocation {

    /** Returns a GeoPackage project. */
    static ProjectLocation file(Path project) {
        return new FileLocation(project);
    }

    /** Returns a PostGIS project. */
    static ProjectLocation database(PostGisUrl url) {
        return new DatabaseLocation(url);
    }

    /** Runs {@code work} atomically: all its writes or none reach the project, which is created when missing. */
    abstract <T> T update(Function<ProjectStore, T> work);

    /** Runs {@code work} on the project opened read-only. */
    abstract <T> T read(Function<ProjectStore, T> work);

    /**
     * Runs {@code work} atomically on a project that must already exist, as analyses need: a mistyped
     * project name then gives "project not found" instead of a missing-layer error on a new empty project.
     */
    <T> T updateExisting(Function<ProjectStore, T> work) {
        read(store -> null);
        return update(work);
    }

    /** Opens the project read-only for a long-running reader (the map server); the caller closes it. */
    abstract ProjectStore openReadOnly();

    /** Returns the project's name when its metadata has none: file name without .gpkg, or the schema. */
    abstract String defaultName();

    /** Returns the location as shown to the user: the file, or the URL without password. */
    @Override
    public abstract String toString();

    private static final class FileLocation extends ProjectLocation {
        private final Path file;

        FileLocation(Path file) {
            this.file = file;
        }

        @Override
        <T> T update(Function<ProjectStore, T> work) {
            return Projects.update(file, work);
        }

        @Override
        <T> T read(Function<ProjectStore, T> work) {
            return Projects.read(file, work);
        }

        @Override
        ProjectStore openReadOnly() {
            if (!Files.exists(file)) {
                throw new org.communitygis.core.CgisException(StoreMessages.BUNDLE, "store.projectNotFound", file);
            }
            return GeoPackageStore.openReadOnly(file);
        }

        @Override
        String defaultName() {
            return file.getFileName().toString().replaceFirst("\\.gpkg$", "");
        }

        @Override
        public String toString() {
            return file.toString();
        }
    }

    private static final class DatabaseLocation extends ProjectLocation {
        private final PostGisUrl url;

        DatabaseLocation(PostGisUrl url) {
            this.url = url;
        }

        @Override
        <T> T update(Function<ProjectStore, T> work) {
            return PostGisProjects.update(url, work);
        }

        @Override
        <T> T read(Function<ProjectStore, T> work) {
            return PostGisProjects.read(url, work);
        }

        @Override
        ProjectStore openReadOnly() {
            // A pool lets the map server's request threads query in parallel and reconnect after a restart.
            return PooledPostGisStore.open(url);
        }

        @Override
        String defaultName() {
            return url.schema();
        }

        @Override
        public String toString() {
            return url.toString();
        }
    }
}
