package org.communitygis.io;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.communitygis.core.CgisException;
import org.communitygis.core.io.TempFiles;

/** Writes a file through a temporary file in the same folder that replaces the target only when complete. */
final class AtomicFiles {
    private AtomicFiles() {
    }

    /** The body of a write, given the temporary file to fill. */
    interface Body {
        void writeTo(Path temporary) throws IOException;
    }

    /**
     * Runs {@code body} on a temporary file beside {@code target}, then moves it over {@code target}
     * (atomically where the file system supports it, else by a plain replace). The temporary file is deleted
     * when the body fails.
     *
     * @throws CgisException naming {@code target} when the folder is missing or a write fails
     */
    static void write(Path target, Body body) {
        Path absolute = target.toAbsolutePath();
        Path folder = absolute.getParent();
        if (folder == null || !Files.isDirectory(folder)) {
            throw new CgisException(IoMessages.BUNDLE, "write.noFolder", target, String.valueOf(folder));
        }
        Path temporary = null;
        try {
            temporary = TempFiles.createBeside(absolute, ".tmp-");
            body.writeTo(temporary);
            try {
                Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
            temporary = null;
        } catch (IOException e) {
            throw new CgisException(e, IoMessages.BUNDLE, "write.failed", target, e.getMessage());
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException ignored) {
                    // The write already failed, and that error is the one the user needs.
                }
            }
        }
    }
}
