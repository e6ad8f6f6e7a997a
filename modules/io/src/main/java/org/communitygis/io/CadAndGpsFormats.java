package org.communitygis.io;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.communitygis.core.CgisException;

/**
 * Content checks of {@link FormatDetector} for CAD drawings and GPS exchange files: DWG and binary DXF
 * (rejected with advice), ASCII DXF, and the XML roots of KML and GPX.
 */
final class CadAndGpsFormats {
    private static final byte[] BINARY_DXF = "AutoCAD Binary DXF".getBytes(StandardCharsets.US_ASCII);

    private CadAndGpsFormats() {
    }

    /**
     * Returns DXF for an ASCII DXF, null for other content.
     *
     * @throws CgisException for a DWG file (its first six bytes are {@code AC10nn}, the AutoCAD version) or a
     *     binary DXF, with advice to save the drawing as ASCII DXF
     */
    static InputFormat detect(Path file, byte[] head) {
        if (head.length >= 6 && head[0] == 'A' && head[1] == 'C' && head[2] == '1' && Character.isDigit(head[3])
                && Character.isDigit(head[4]) && Character.isDigit(head[5])) {
            throw new CgisException(IoMessages.BUNDLE, "detect.dwg", file,
                    new String(head, 0, 6, StandardCharsets.US_ASCII));
        }
        if (startsWith(head, BINARY_DXF)) {
            throw new CgisException(IoMessages.BUNDLE, "detect.binaryDxf", file);
        }
        return isAsciiDxf(head) ? InputFormat.DXF : null;
    }

    /** Returns KML or GPX when the XML root element is {@code <kml>} or {@code <gpx>}, else null. */
    static InputFormat xmlRoot(String text) {
        int index = 0;
        while (index < text.length()) {
            int open = text.indexOf('<', index);
            if (open < 0 || open + 1 >= text.length()) {
                return null;
            }
            char next = text.charAt(open + 1);
            if (next == '?' || next == '!') {
                int close = next == '!' && text.startsWith("<!--", open) ? text.indexOf("-->", open)
                        : text.indexOf('>', open);
                if (close < 0) {
                    return null;
                }
                index = close + 1;
                continue;
            }
            int end = open + 1;
            while (end < text.length() && !Character.isWhitespace(text.charAt(end)) && text.charAt(end) != '>'
                    && text.charAt(end) != '/') {
                end++;
            }
            String element = text.substring(open + 1, end);
            String local = element.substring(element.indexOf(':') + 1);
            if (local.equals("kml")) {
                return InputFormat.KML;
            }
            return local.equals("gpx") ? InputFormat.GPX : null;
        }
        return null;
    }

    /**
     * Returns whether the text starts with DXF group pairs: {@code 999} comment pairs, then {@code 0} and
     * {@code SECTION}, each value on its own line, with surrounding spaces allowed.
     */
    private static boolean isAsciiDxf(byte[] head) {
        String text = new String(head, 0, Math.min(head.length, 4096), StandardCharsets.ISO_8859_1);
        if (text.startsWith("\uFEFF") || text.startsWith("\u00EF\u00BB\u00BF")) {
            text = text.substring(text.charAt(0) == '\uFEFF' ? 1 : 3);
        }
        String[] lines = text.split("\r?\n", 64);
        int i = 0;
        while (i + 1 < lines.length) {
            String code = lines[i].trim();
            String value = lines[i + 1].trim();
            if (code.equals("999")) {
                i += 2;
                continue;
            }
            return code.equals("0") && value.equals("SECTION");
        }
        return false;
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
