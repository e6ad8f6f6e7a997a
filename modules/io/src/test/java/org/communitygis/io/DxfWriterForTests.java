package org.communitygis.io;

import java.nio.charset.Charset;
import java.util.Locale;

/**
 * Writes DXF group code/value pairs for test drawings, with the code right-aligned in three columns as
 * AutoCAD writes it. Handles are numbered from 0x100 when {@link #handles} is on.
 */
final class DxfWriterForTests {
    private final StringBuilder text = new StringBuilder();
    private int nextHandle = 0x100;
    boolean handles = true;

    DxfWriterForTests pair(int code, Object value) {
        text.append(String.format(Locale.ROOT, "%3d", code)).append("\r\n").append(value).append("\r\n");
        return this;
    }

    /** Starts an entity: type, handle (when on) and layer. */
    DxfWriterForTests entity(String type, String layer) {
        pair(0, type);
        if (handles) {
            pair(5, Integer.toHexString(nextHandle++).toUpperCase(Locale.ROOT));
        }
        return pair(8, layer);
    }

    /** Returns the handle of the last entity started. */
    String lastHandle() {
        return Integer.toHexString(nextHandle - 1).toUpperCase(Locale.ROOT);
    }

    DxfWriterForTests xyz(int code, double x, double y, double z) {
        return pair(code, x).pair(code + 10, y).pair(code + 20, z);
    }

    DxfWriterForTests header(String version, String codePage) {
        pair(0, "SECTION").pair(2, "HEADER").pair(9, "$ACADVER").pair(1, version);
        if (codePage != null) {
            pair(9, "$DWGCODEPAGE").pair(3, codePage);
        }
        return pair(9, "$INSUNITS").pair(70, 6).pair(0, "ENDSEC");
    }

    DxfWriterForTests layerTable(String... layers) {
        pair(0, "SECTION").pair(2, "TABLES").pair(0, "TABLE").pair(2, "LAYER").pair(70, layers.length);
        for (String layer : layers) {
            pair(0, "LAYER").pair(2, layer).pair(70, 0).pair(62, 7).pair(6, "CONTINUOUS");
        }
        return pair(0, "ENDTAB").pair(0, "ENDSEC");
    }

    DxfWriterForTests section(String name) {
        return pair(0, "SECTION").pair(2, name);
    }

    DxfWriterForTests endSection() {
        return pair(0, "ENDSEC");
    }

    DxfWriterForTests eof() {
        return pair(0, "EOF");
    }

    String text() {
        return text.toString();
    }

    byte[] bytes(Charset charset) {
        return text.toString().getBytes(charset);
    }
}
