package org.communitygis.io;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads the group code/value pairs of an ASCII DXF file: each pair is two lines, an integer group code and
 * its value. Lines end in LF or CR LF.
 *
 * <p>Values are decoded with the charset set by {@link #setCharset}. Until it is set (a file without
 * {@code $DWGCODEPAGE}, or the HEADER section itself) each value is decoded as UTF-8 and, when it is not
 * valid UTF-8, as GBK, the code page of Chinese AutoCAD before 2007.
 */
final class DxfTokenizer implements Closeable {
    private static final Charset GBK = Charset.forName("GBK");

    private final InputStream in;
    private final ByteArrayOutputStream lineBuffer = new ByteArrayOutputStream(256);
    private Charset charset;
    private long lineNumber;
    private boolean pushedBack;
    private int code;
    private String value;
    private long codeLine;

    /** Thrown when the file ends after a group code line, before its value, or a code line is not an integer. */
    static final class SyntaxError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final long line;
        final boolean truncated;
        final String text;

        SyntaxError(long line, boolean truncated, String text) {
            super((truncated ? "DXF ends after the group code on line " : "Invalid group code on line ") + line
                    + (text == null ? "" : ": '" + text + "'"));
            this.line = line;
            this.truncated = truncated;
            this.text = text;
        }
    }

    DxfTokenizer(InputStream in) {
        this.in = in;
    }

    /** Sets the charset of the values that follow; null restores the UTF-8-else-GBK guess. */
    void setCharset(Charset charset) {
        this.charset = charset;
    }

    /**
     * Advances to the next pair.
     *
     * @return false at the end of the file (no further code line)
     * @throws SyntaxError when the code line is not an integer or the file ends before the value line
     */
    boolean next() throws IOException {
        if (pushedBack) {
            pushedBack = false;
            return true;
        }
        byte[] codeBytes = readLine();
        while (codeBytes != null && isBlank(codeBytes)) {
            // Blank lines between pairs are not DXF, but some exporters append them at the end.
            codeBytes = readLine();
        }
        if (codeBytes == null) {
            return false;
        }
        codeLine = lineNumber;
        String codeText = new String(codeBytes, StandardCharsets.ISO_8859_1).trim();
        try {
            code = Integer.parseInt(codeText);
        } catch (NumberFormatException e) {
            throw new SyntaxError(codeLine, false, codeText.length() > 40 ? codeText.substring(0, 40) + "…" : codeText);
        }
        byte[] valueBytes = readLine();
        if (valueBytes == null) {
            throw new SyntaxError(codeLine, true, null);
        }
        value = decode(valueBytes);
        return true;
    }

    /** Makes the next {@link #next()} return the current pair again. */
    void pushBack() {
        pushedBack = true;
    }

    /** Returns the group code of the current pair. */
    int code() {
        return code;
    }

    /** Returns the value of the current pair, with the line end removed but other spaces kept. */
    String value() {
        return value;
    }

    /** Returns the 1-based line number of the current pair's group code. */
    long line() {
        return codeLine;
    }

    /** Returns the number of lines read so far. */
    long linesRead() {
        return lineNumber;
    }

    private String decode(byte[] bytes) {
        if (charset != null) {
            return new String(bytes, charset);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return new String(bytes, GBK);
        }
    }

    private byte[] readLine() throws IOException {
        lineBuffer.reset();
        int b = in.read();
        if (b < 0) {
            return null;
        }
        while (b >= 0 && b != '\n') {
            lineBuffer.write(b);
            b = in.read();
        }
        lineNumber++;
        byte[] bytes = lineBuffer.toByteArray();
        int length = bytes.length;
        if (length > 0 && bytes[length - 1] == '\r') {
            length--;
        }
        if (length != bytes.length) {
            byte[] trimmed = new byte[length];
            System.arraycopy(bytes, 0, trimmed, 0, length);
            return trimmed;
        }
        return bytes;
    }

    private static boolean isBlank(byte[] bytes) {
        for (byte b : bytes) {
            if (b != ' ' && b != '\t') {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
