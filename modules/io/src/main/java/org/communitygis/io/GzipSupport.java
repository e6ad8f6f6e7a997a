package org.communitygis.io;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Opens a file as a stream, decompressing it when it starts with the gzip magic bytes. */
final class GzipSupport {
    private static final int BUFFER_BYTES = 1 << 16;

    private GzipSupport() {
    }

    /** Opens {@code file}, transparently gunzipping it when its first two bytes are {@code 1F 8B}. */
    static RecordingStream open(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), BUFFER_BYTES);
        try {
            raw.mark(2);
            int first = raw.read();
            int second = raw.read();
            raw.reset();
            if (first == 0x1F && second == 0x8B) {
                return new RecordingStream(new BufferedInputStream(new GZIPInputStream(raw, BUFFER_BYTES), BUFFER_BYTES));
            }
            return new RecordingStream(raw);
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    /**
     * A stream that remembers the first read error, because some parsers (the JDK's StAX reader) report a
     * failing stream as a premature end of the document and drop the cause, e.g. a truncated gzip member.
     */
    static final class RecordingStream extends FilterInputStream {
        private IOException failure;

        RecordingStream(InputStream in) {
            super(in);
        }

        /** Returns the first exception a read threw, or null. */
        IOException failure() {
            return failure;
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                remember(e);
                throw e;
            }
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            try {
                return super.read(buffer, offset, length);
            } catch (IOException e) {
                remember(e);
                throw e;
            }
        }

        private void remember(IOException e) {
            if (failure == null) {
                failure = e;
            }
        }
    }
}
