package org.communitygis.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.communitygis.core.CgisException;
import org.communitygis.core.Diagnostics;
import org.communitygis.core.feature.Field;
import org.communitygis.core.feature.FieldType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a dBASE III/IV table ({@code .dbf}), the attribute part of a Shapefile, in a given encoding.
 *
 * <p>Column types: C → STRING (trailing blanks removed, blank → null), N and F → INTEGER when without
 * decimals and at most 18 digits wide, else REAL (blank or {@code *} → null), L → BOOLEAN (T/Y, F/N,
 * {@code ?} → null), D → STRING in ISO form {@code 2024-03-01}. Memo (M) and other types are skipped with
 * one warning per column. Field names are decoded in the table's encoding, so Chinese names survive. A
 * record whose first byte is {@code *} is deleted. A file shorter than its header promises yields its
 * complete records and a warning.
 *
 * <p>Limit: the whole file is read into memory (at most 2 GiB).
 */
final class DbfReader {
    private static final Logger LOG = LoggerFactory.getLogger(DbfReader.class);

    private final Path file;
    private final byte[] bytes;
    private final int declaredRecords;
    private final int headerLength;
    private final int recordLength;
    private final int languageDriver;
    private final List<RawColumn> rawColumns = new ArrayList<>();

    /** A column as the header describes it; {@code nameBytes} are still undecoded. */
    private record RawColumn(byte[] nameBytes, char type, int offset, int width, int decimals) {
    }

    /** One record: its 0-based position in the file, whether it is deleted, and its values by field name. */
    record Record(int index, boolean deleted, Map<String, Object> values) {
    }

    /**
     * Opens {@code file} and parses its header.
     *
     * @throws CgisException when the file cannot be read or its header is not a dBASE header
     */
    DbfReader(Path file) {
        this.file = file;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new CgisException(e, IoMessages.BUNDLE, "read.failed", file, e.getMessage());
        }
        if (bytes.length < 33) {
            throw new CgisException(IoMessages.BUNDLE, "dbf.badHeader", file);
        }
        ByteBuffer header = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        declaredRecords = header.getInt(4);
        headerLength = header.getShort(8) & 0xFFFF;
        recordLength = header.getShort(10) & 0xFFFF;
        languageDriver = bytes[29] & 0xFF;
        if (declaredRecords < 0 || headerLength < 33 || recordLength < 1 || headerLength > bytes.length) {
            throw new CgisException(IoMessages.BUNDLE, "dbf.badHeader", file);
        }
        int offset = 1;
        for (int pos = 32; pos + 32 <= headerLength && bytes[pos] != 0x0D; pos += 32) {
            int nameEnd = 0;
            while (nameEnd < 11 && bytes[pos + nameEnd] != 0) {
                nameEnd++;
            }
            byte[] name = java.util.Arrays.copyOfRange(bytes, pos, pos + nameEnd);
            char type = (char) (bytes[pos + 11] & 0xFF);
            int width = bytes[pos + 16] & 0xFF;
            int decimals = bytes[pos + 17] & 0xFF;
            rawColumns.add(new RawColumn(name, Character.toUpperCase(type), offset, width, decimals));
            offset += width;
        }
        if (offset > recordLength) {
            throw new CgisException(IoMessages.BUNDLE, "dbf.badHeader", file);
        }
    }

    /**
     * Reads {@code dbf} in the encoding that applies first: {@code encoding} (the {@code --encoding} option),
     * the {@code cpg} file, the language driver id, else UTF-8 when every name and text value is strict UTF-8,
     * otherwise GB18030. The choice is logged, and reported as a warning unless {@code encoding} made it.
     *
     * @param cpg the {@code .cpg} file beside the table, when there is one
     * @param layerName the name used in warnings
     */
    static Table readDetected(Path dbf, Optional<Path> cpg, Optional<Charset> encoding, String layerName,
            Diagnostics diagnostics) {
        DbfReader reader = new DbfReader(dbf);
        Charset charset;
        String source;
        Optional<Charset> fromCpg = Optional.empty();
        if (cpg.isPresent()) {
            String declared = readCpg(cpg.get());
            fromCpg = TextEncodings.forName(declared);
            if (fromCpg.isEmpty() && encoding.isEmpty()) {
                diagnostics.warn(IoMessages.BUNDLE, "shp.cpgUnknown", cpg.get(), declared);
            }
        }
        Optional<Charset> fromLdid = TextEncodings.forLanguageDriver(reader.languageDriver());
        if (encoding.isPresent()) {
            charset = encoding.get();
            source = "--encoding";
        } else if (fromCpg.isPresent()) {
            charset = fromCpg.get();
            source = cpg.get().getFileName().toString();
        } else if (fromLdid.isPresent()) {
            charset = fromLdid.get();
            source = String.format(Locale.ROOT, "LDID 0x%02X", reader.languageDriver());
        } else {
            charset = reader.textIsUtf8() ? StandardCharsets.UTF_8 : TextEncodings.GB18030;
            source = "content";
        }
        LOG.info("{}: attributes decoded as {} (from {})", dbf, charset.name(), source);
        if (encoding.isEmpty() && source.equals("content")) {
            // The reason is a phrase, not a file or header byte, so it needs its own localized message.
            diagnostics.warn(IoMessages.BUNDLE, "shp.encodingFromContent", dbf, charset.name());
        } else if (encoding.isEmpty()) {
            diagnostics.warn(IoMessages.BUNDLE, "shp.encoding", dbf, charset.name(), source);
        }
        return reader.read(charset, layerName, diagnostics);
    }

    private static String readCpg(Path cpg) {
        try {
            return new String(Files.readAllBytes(cpg), StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            throw new CgisException(e, IoMessages.BUNDLE, "read.failed", cpg, e.getMessage());
        }
    }

    /** Returns the language driver id, header byte 29. */
    int languageDriver() {
        return languageDriver;
    }

    /** Returns the number of records the header declares. */
    int declaredRecords() {
        return declaredRecords;
    }

    /** Returns the number of records present in full in the file, at most the declared number. */
    int completeRecords() {
        long available = (bytes.length - (long) headerLength) / recordLength;
        return (int) Math.min(declaredRecords, Math.max(0, available));
    }

    /** Returns whether the field names and text values are strict UTF-8 (so also when they are plain ASCII). */
    boolean textIsUtf8() {
        for (RawColumn column : rawColumns) {
            if (!TextEncodings.isStrictUtf8(column.nameBytes(), 0, column.nameBytes().length)) {
                return false;
            }
        }
        int records = completeRecords();
        for (RawColumn column : rawColumns) {
            if (column.type() != 'C') {
                continue;
            }
            for (int r = 0; r < records; r++) {
                int start = headerLength + r * recordLength + column.offset();
                int end = trimmedEnd(start, column.width());
                if (!TextEncodings.isStrictUtf8(bytes, start, end - start)) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Reads the fields and records in {@code charset}, warning once per skipped column and per column with
     * unreadable values.
     *
     * @param layerName the name used in warnings
     */
    Table read(Charset charset, String layerName, Diagnostics diagnostics) {
        List<Field> fields = new ArrayList<>();
        List<String> names = new ArrayList<>();
        Set<String> taken = new HashSet<>();
        for (RawColumn column : rawColumns) {
            String name = new String(column.nameBytes(), charset).trim();
            if (name.isEmpty()) {
                name = "field";
            }
            String unique = name;
            for (int suffix = 2; !taken.add(unique.toLowerCase(Locale.ROOT)); suffix++) {
                unique = name + "_" + suffix;
            }
            FieldType type = fieldType(column);
            if (type == null) {
                diagnostics.warn(IoMessages.BUNDLE, "dbf.columnSkipped", file, unique, String.valueOf(column.type()));
                names.add(null);
                continue;
            }
            names.add(unique);
            fields.add(new Field(unique, type));
        }
        int records = completeRecords();
        if (records < declaredRecords) {
            diagnostics.warn(IoMessages.BUNDLE, "dbf.truncated", file, declaredRecords, records);
        }
        int[] badValues = new int[rawColumns.size()];
        List<Record> result = new ArrayList<>(records);
        for (int r = 0; r < records; r++) {
            int base = headerLength + r * recordLength;
            boolean deleted = bytes[base] == '*';
            Map<String, Object> values = new LinkedHashMap<>();
            for (int c = 0; c < rawColumns.size(); c++) {
                if (names.get(c) == null) {
                    continue;
                }
                RawColumn column = rawColumns.get(c);
                int start = base + column.offset();
                try {
                    values.put(names.get(c), value(column, start, charset));
                } catch (IllegalArgumentException | java.time.DateTimeException e) {
                    badValues[c]++;
                    values.put(names.get(c), null);
                }
            }
            result.add(new Record(r, deleted, values));
        }
        for (int c = 0; c < rawColumns.size(); c++) {
            if (badValues[c] > 0) {
                diagnostics.warn(IoMessages.BUNDLE, "dbf.badValues", file, layerName, names.get(c), badValues[c]);
            }
        }
        return new Table(fields, result, charset);
    }

    /**
     * The decoded table: fields in column order (skipped columns left out), every complete record, and the
     * charset the text was decoded with.
     */
    record Table(List<Field> fields, List<Record> records, Charset charset) {
    }

    private static FieldType fieldType(RawColumn column) {
        switch (column.type()) {
            case 'C':
            case 'D':
                return FieldType.STRING;
            case 'N':
            case 'F':
                return column.decimals() == 0 && column.width() <= 18 ? FieldType.INTEGER : FieldType.REAL;
            case 'L':
                return FieldType.BOOLEAN;
            default:
                return null;
        }
    }

    /** Decodes one value; throws IllegalArgumentException for a value its type cannot hold. */
    private Object value(RawColumn column, int start, Charset charset) {
        int end = trimmedEnd(start, column.width());
        int begin = start;
        switch (column.type()) {
            case 'C':
                return end == start ? null : new String(bytes, start, end - start, charset);
            case 'N':
            case 'F': {
                while (begin < end && bytes[begin] == ' ') {
                    begin++;
                }
                String text = new String(bytes, begin, end - begin, StandardCharsets.US_ASCII);
                if (text.isEmpty() || text.chars().allMatch(ch -> ch == '*')) {
                    return null;
                }
                if (fieldType(column) == FieldType.INTEGER) {
                    try {
                        return Long.parseLong(text);
                    } catch (NumberFormatException e) {
                        // Some writers put decimals into a column declared without them: keep the whole part.
                        return (long) Double.parseDouble(text);
                    }
                }
                return Double.parseDouble(text);
            }
            case 'L': {
                char flag = (char) bytes[start];
                if ("TtYy".indexOf(flag) >= 0) {
                    return Boolean.TRUE;
                }
                if ("FfNn".indexOf(flag) >= 0) {
                    return Boolean.FALSE;
                }
                if (flag == '?' || flag == ' ' || flag == 0) {
                    return null;
                }
                throw new IllegalArgumentException("logical " + flag);
            }
            case 'D': {
                String text = new String(bytes, start, end - start, StandardCharsets.US_ASCII).trim();
                if (text.isEmpty() || text.equals("00000000")) {
                    return null;
                }
                if (!text.matches("\\d{8}")) {
                    throw new IllegalArgumentException("date " + text);
                }
                return java.time.LocalDate.of(Integer.parseInt(text.substring(0, 4)),
                        Integer.parseInt(text.substring(4, 6)), Integer.parseInt(text.substring(6, 8))).toString();
            }
            default:
                return null;
        }
    }

    /** Returns the end of the value at {@code start} without trailing blanks and NUL bytes. */
    private int trimmedEnd(int start, int width) {
        int end = start + width;
        while (end > start && (bytes[end - 1] == ' ' || bytes[end - 1] == 0)) {
            end--;
        }
        return end;
    }
}
