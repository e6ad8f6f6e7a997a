package org.communitygis.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.function.Function;
import org.communitygis.core.CgisException;
import org.communitygis.core.store.ProjectStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Atomic access to a project file {@code P.gpkg}.
 *
 * <p>{@link #update} works on a copy {@code .P.gpkg.tmp-<random>} in the same directory and renames it
 * over the project only when the work returned normally, so the project is either unchanged (byte for
 * byte) or fully updated, also after a crash or power loss. Updates of one project are serialized by
 * an exclusive lock on {@code .P.gpkg.lock}, which stays in the directory. Deleting it on release would be
 * unsafe, because a process already waiting on the old file would lock it while the next process locked a
 * new file, and both would update the project at once. The update that holds the lock deletes the
 * temporary copies that crashed runs left behind. Readers need no lock: the rename swaps
 * the whole file, and an open reader keeps reading the old one.
 *
 * <p>Limits: the copy costs one read and write of the project file per update. Nested updates of the
 * same project in one thread fail, since the lock is held by the outer update. Atomic rename requires
 * a file system that supports it (any local Linux, macOS or Windows file system does).
 */
public final class Projects {
    private static final Logger LOG = LoggerFactory.getLogger(Projects.class);
    private static final String TEMP_MARKER = ".tmp-";

    private Projects() {
    }

    /**
     * Runs {@code work} on a copy of {@code project} (a new empty project when the file does not exist)
     * and replaces the project with the copy when {@code work} returns.
     *
     * <p>When {@code work} or the replacement throws, the copy is deleted and the exception propagates;
     * the project file stays as it was. The store passed to {@code work} is closed afterwards and must
     * not be kept.
     *
     * @return what {@code work} returned
     * @throws CgisException when the project is not a GeoPackage, or the copy cannot be written or moved
     */
    public static <T> T update(Path project, Function<ProjectStore, T> work) {
        Path target = project.toAbsolutePath().normalize();
        Path directory = target.getParent();
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new CgisException(e, StoreMessages.BUNDLE, "store.updateFailed", target, e.getMessage());
        }
        try (FileChannel lockChannel = FileChannel.open(lockFile(target), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock lock = lockChannel.lock()) {
            deleteStaleCopies(target);
            return updateLocked(target, work);
        } catch (OverlappingFileLockException e) {
            throw new IllegalStateException("Nested or concurrent update of " + target + " in one JVM", e);
        } catch (IOException e) {
            throw new CgisException(e, StoreMessages.BUNDLE, "store.updateFailed", target, e.getMessage());
        }
    }

    private static <T> T updateLocked(Path target, Function<ProjectStore, T> work) throws IOException {
        Path copy = Files.createTempFile(target.getParent(), "." + target.getFileName() + TEMP_MARKER, "");
        try {
            GeoPackageStore store;
            if (Files.exists(target)) {
                Files.copy(target, copy, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                store = GeoPackageStore.openScratch(copy);
            } else {
                Files.delete(copy);
                GeoPackageStore.create(copy).close();
                store = GeoPackageStore.openScratch(copy);
            }
            T result;
            try {
                result = work.apply(store);
            } finally {
                store.close();
            }
            try (FileChannel channel = FileChannel.open(copy, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(copy, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            syncDirectory(target.getParent());
            return result;
        } catch (IOException | RuntimeException | Error e) {
            try {
                Files.deleteIfExists(copy);
            } catch (IOException deleteFailure) {
                e.addSuppressed(deleteFailure);
            }
            throw e;
        }
    }

    /**
     * Opens {@code project} read-only, runs {@code work} and closes it.
     *
     * @throws CgisException when the project file does not exist ("run import first") or is not a GeoPackage
     */
    public static <T> T read(Path project, Function<ProjectStore, T> work) {
        if (!Files.exists(project)) {
            throw new CgisException(StoreMessages.BUNDLE, "store.projectNotFound", project);
        }
        try (GeoPackageStore store = GeoPackageStore.openReadOnly(project)) {
            return work.apply(store);
        }
    }

    /** Returns whether {@code file} is a temporary copy that {@link #update} makes of {@code project}. */
    static boolean isTemporaryCopy(Path project, Path file) {
        return file.getFileName().toString().startsWith("." + project.getFileName() + TEMP_MARKER);
    }

    private static Path lockFile(Path project) {
        return project.resolveSibling("." + project.getFileName() + ".lock");
    }

    private static void deleteStaleCopies(Path project) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(project.getParent(),
                file -> isTemporaryCopy(project, file))) {
            for (Path stale : files) {
                LOG.warn("Deleting {}, a temporary copy left by an interrupted update of {}", stale, project);
                Files.deleteIfExists(stale);
            }
        }
    }

    /** Flushes the directory entry of the rename; some platforms cannot open a directory, which is ignored. */
    private static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            LOG.debug("Cannot sync directory {}: {}", directory, e.toString());
        }
    }
}
