package org.communitygis.report.batch;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.communitygis.core.io.TempFiles;

/** Atomic output files: each is written to a temporary file beside it and then moved into place. */
final class BatchFiles {
    /** Content written into a temporary file. */
    @FunctionalInterface
    interface Content {
        void writeTo(Path temp) throws IOException;
    }

    private BatchFiles() {
    }

    /** Writes {@code target} through a temporary file in its folder, creating the folder when missing. */
    static void replace(Path target, Content content) throws IOException {
        Files.createDirectories(target.toAbsolutePath().getParent());
        Path temp = TempFiles.createBeside(target, "-tmp-");
        boolean moved = false;
        try {
            content.writeTo(temp);
            try {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
        } finally {
            if (!moved) {
                Files.deleteIfExists(temp);
            }
        }
    }

    /** Writes {@code bytes} to {@code target} atomically. */
    static void replace(Path target, byte[] bytes) throws IOException {
        replace(target, temp -> Files.write(temp, bytes));
    }
}
