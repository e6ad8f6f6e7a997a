package org.communitygis.io;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.communitygis.core.CgisException;
import org.communitygis.core.Diagnostics;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.feature.Field;
import org.communitygis.core.feature.FieldType;

/**
 * Writes a layer's attributes as a dBASE III table ({@code .dbf}) with text in UTF-8 or another encoding
 * such as GBK, the encoding the Shapefile's {@code .cpg} file declares. For GBK the language driver id (header
 * byte 29) is 0x4D as well, so that software which ignores the {@code .cpg} still decodes it; for UTF-8
 * it is 0, because dBASE defines no id for UTF-8. Characters the encoding lacks are written as {@code ?}.
 *
 * <p>Column types: STRING → C (width = longest value in encoded bytes, 1–254), INTEGER → N with 0 decimals,
 * REAL → N with the decimals the values need (1–15), BOOLEAN → L ({@code T}, {@code F}, {@code ?} for null).
 * Field names are cut to 10 bytes at a character boundary and made unique without regard to case by a
 * {@code _1}, {@code _2}… suffix. Null numbers are blank. Text longer than 254 bytes is cut at a character
 * boundary, and numbers that need more than 254 characters are left blank, each with a warning.
 */
final class DbfWriter {
    static final int MAX_NAME_BYTES = 10;
    private static final int MAX_WIDTH = 254;
    private static final int MAX_DECIMALS = 15;

    private final FeatureLayer layer;
    private final Charset charset;
    private final Diagnostics diagnostics;
    private final List<Column> columns = new ArrayList<>();
    private final int recordLength;

    /** A DBF column: its layer field, the written name, type letter, width and decimals. */
    record Column(Field field, String name, char type, int width, int decimals) {
    }

    DbfWriter(FeatureLayer layer, Diagnostics diagnostics) {
        this(layer, StandardCharsets.UTF_8, diagnostics);
    }

    DbfWriter(FeatureLayer layer, Charset charset, Diagnostics diagnostics) {
        this.layer = layer;
        this.charset = charset;
        this.diagnostics = diagnostics;
        Set<String> taken = new HashSet<>();
        int length = 1;
        for (Field field : layer.fields()) {
            String name = uniqueName(field.name(), taken, charset);
            if (!name.equals(field.name())) {
                diagnostics.warn(IoMessages.BUNDLE, "shp.fieldRenamed", layer.name(), field.name(), name);
            }
            Column column = column(field, name);
            columns.add(column);
            length += column.width();
        }
        if (length > 65535) {
            throw new CgisException(IoMessages.BUNDLE, "shp.dbfTooWide", layer.name(), length);
        }
        recordLength = length;
    }

    List<Column> columns() {
        return columns;
    }

    /** Writes the header, the records and the end-of-file marker. */
    void write(OutputStream out) throws IOException {
        int headerLength = 32 + 32 * columns.size() + 1;
        ByteBuffer header = ByteBuffer.allocate(headerLength).order(ByteOrder.LITTLE_ENDIAN);
        LocalDate today = LocalDate.now();
        header.put((byte) 0x03);
        header.put((byte) (today.getYear() - 1900));
        header.put((byte) today.getMonthValue());
        header.put((byte) today.getDayOfMonth());
        header.putInt(layer.size());
        header.putShort((short) headerLength);
        header.putShort((short) recordLength);
        header.put(new byte[17]);
        header.put((byte) TextEncodings.languageDriver(charset));
        header.put(new byte[2]);
        for (Column column : columns) {
            byte[] name = Arrays.copyOf(column.name().getBytes(charset), 11);
            header.put(name);
            header.put((byte) column.type());
            header.put(new byte[4]);
            header.put((byte) column.width());
            header.put((byte) column.decimals());
            header.put(new byte[14]);
        }
        header.put((byte) 0x0D);
        out.write(header.array());

        byte[] record = new byte[recordLength];
        int[] truncated = new int[columns.size()];
        for (Feature feature : layer.features()) {
            Arrays.fill(record, (byte) ' ');
            int offset = 1;
            for (int c = 0; c < columns.size(); c++) {
                Column column = columns.get(c);
                if (encode(column, feature.get(column.field().name()), record, offset, charset)) {
                    truncated[c]++;
                }
                offset += column.width();
            }
            out.write(record);
        }
        out.write(0x1A);
        for (int c = 0; c < columns.size(); c++) {
            if (truncated[c] > 0) {
                diagnostics.warn(IoMessages.BUNDLE, "shp.valueTruncated", layer.name(), columns.get(c).field().name(),
                        truncated[c], columns.get(c).width());
            }
        }
    }

    /** Writes one value into its column and returns true when it had to be cut or left blank. */
    private static boolean encode(Column column, Object value, byte[] record, int offset, Charset charset) {
        switch (column.type()) {
            case 'C': {
                if (value == null) {
                    return false;
                }
                byte[] bytes = value.toString().getBytes(charset);
                int length = fit(value.toString(), bytes, column.width(), charset);
                System.arraycopy(bytes, 0, record, offset, length);
                return length < bytes.length;
            }
            case 'L':
                record[offset] = value == null ? (byte) '?' : ((Boolean) value) ? (byte) 'T' : (byte) 'F';
                return false;
            default: {
                String text = numberText(value, column.decimals());
                if (text == null) {
                    return false;
                }
                if (text.length() > column.width()) {
                    return true;
                }
                byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
                System.arraycopy(bytes, 0, record, offset + column.width() - bytes.length, bytes.length);
                return false;
            }
        }
    }

    private Column column(Field field, String name) {
        switch (field.type()) {
            case STRING: {
                int width = 1;
                for (Feature feature : layer.features()) {
                    Object value = feature.get(field.name());
                    if (value != null) {
                        width = Math.max(width, value.toString().getBytes(charset).length);
                    }
                }
                return new Column(field, name, 'C', Math.min(width, MAX_WIDTH), 0);
            }
            case BOOLEAN:
                return new Column(field, name, 'L', 1, 0);
            case INTEGER:
            case REAL: {
                int decimals = field.type() == FieldType.REAL ? 1 : 0;
                if (field.type() == FieldType.REAL) {
                    for (Feature feature : layer.features()) {
                        BigDecimal value = decimal(feature.get(field.name()), MAX_DECIMALS);
                        if (value != null) {
                            decimals = Math.max(decimals, Math.max(0, value.stripTrailingZeros().scale()));
                        }
                    }
                }
                int width = decimals == 0 ? 1 : decimals + 2;
                for (Feature feature : layer.features()) {
                    String text = numberText(feature.get(field.name()), decimals);
                    if (text != null) {
                        width = Math.max(width, text.length());
                    }
                }
                return new Column(field, name, 'N', Math.min(width, MAX_WIDTH), decimals);
            }
            default:
                throw new AssertionError(field.type());
        }
    }

    private static String numberText(Object value, int decimals) {
        BigDecimal decimal = decimal(value, decimals);
        return decimal == null ? null : decimal.setScale(decimals, RoundingMode.HALF_UP).toPlainString();
    }

    private static BigDecimal decimal(Object value, int maxDecimals) {
        if (value instanceof Long || value instanceof Integer) {
            return BigDecimal.valueOf(((Number) value).longValue());
        }
        if (value instanceof Number number) {
            double real = number.doubleValue();
            if (!Double.isFinite(real)) {
                return null;
            }
            BigDecimal decimal = BigDecimal.valueOf(real);
            return decimal.scale() > maxDecimals ? decimal.setScale(maxDecimals, RoundingMode.HALF_UP) : decimal;
        }
        return null;
    }

    /** Returns how many leading bytes of UTF-8 {@code bytes} fit in {@code max} without splitting a character. */
    static int fitUtf8(byte[] bytes, int max) {
        if (bytes.length <= max) {
            return bytes.length;
        }
        int end = max;
        // Continuation bytes are 10xxxxxx, so step back to the start of the character that does not fit.
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
            end--;
        }
        return end;
    }

    /**
     * Returns how many leading bytes of {@code bytes}, the encoding of {@code text} in {@code charset}, fit in
     * {@code max} without splitting a character.
     */
    static int fit(String text, byte[] bytes, int max, Charset charset) {
        if (bytes.length <= max) {
            return bytes.length;
        }
        if (charset.equals(StandardCharsets.UTF_8)) {
            return fitUtf8(bytes, max);
        }
        int end = text.length();
        int length = bytes.length;
        while (end > 0 && length > max) {
            end = text.offsetByCodePoints(end, -1);
            length = text.substring(0, end).getBytes(charset).length;
        }
        return length;
    }

    /** Cuts {@code name} to 10 UTF-8 bytes and makes it unique among {@code taken} (compared in lower case). */
    static String uniqueName(String name, Set<String> taken) {
        return uniqueName(name, taken, StandardCharsets.UTF_8);
    }

    /** Cuts {@code name} to 10 bytes in {@code charset} and makes it unique among {@code taken}, case ignored. */
    static String uniqueName(String name, Set<String> taken, Charset charset) {
        String base = cut(name, MAX_NAME_BYTES, charset);
        if (base.isEmpty()) {
            base = "field";
        }
        String candidate = base;
        for (int suffix = 1; !taken.add(candidate.toLowerCase(Locale.ROOT)); suffix++) {
            String tail = "_" + suffix;
            candidate = cut(base, MAX_NAME_BYTES - tail.length(), charset) + tail;
        }
        return candidate;
    }

    private static String cut(String text, int maxBytes, Charset charset) {
        byte[] bytes = text.getBytes(charset);
        return new String(bytes, 0, fit(text, bytes, maxBytes, charset), charset);
    }
}
