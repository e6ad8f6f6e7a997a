package org.communitygis.core.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Temporary files for atomic writes: created beside their target, so that a move replaces the target in
 * one step, and with the target's permissions (or {@code rw-r--r--} for a new file) instead of the
 * owner-only permissions of {@link Files#createTempFile}, so that the finished file is as readable as any
 * other file the user writes.
 */
public final class TempFiles {
    private static final Set<PosixFilePermission> NEW_FILE = PosixFilePermissions.fromString("rw-r--r--");

    private TempFiles() {
    }

    /**
     * Creates an empty temporary file in {@code target}'s folder, named {@code .<target name><marker><random>}.
     *
     * @throws IOException when the folder cannot be written
     */
    public static Path createBeside(Path target, String marker) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path temporary = Files.createTempFile(absolute.getParent(), "." + absolute.getFileName() + marker, "");
        PosixFileAttributeView view = Files.getFileAttributeView(temporary, PosixFileAttributeView.class);
        if (view != null) {
            Set<PosixFilePermission> permissions = Files.exists(absolute)
                    ? Files.getPosixFilePermissions(absolute) : NEW_FILE;
            view.setPermissions(permissions);
        }
        return temporary;
    }
}
