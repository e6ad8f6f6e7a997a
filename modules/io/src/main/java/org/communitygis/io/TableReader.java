package org.communitygis.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.poi.EncryptedDocumentException;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.communitygis.core.CgisException;
import org.communitygis.core.Diagnostics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a table with a header row from CSV or Excel, as planners receive household lists and GPS points.
 *
 * <ul>
 * <li>CSV (RFC 4180): fields in double quotes may contain the delimiter, line breaks and doubled quotes. The
 * delimiter is the one of comma, semicolon and tab that occurs most often in the header line. Encoding:
 * {@code --encoding} when given, UTF-8 after a byte order mark, UTF-8 when the whole file is strict UTF-8,
 * otherwise GB18030 (a superset of the GBK that Chinese Excel writes).
 * <li>Excel ({@code .xlsx}, and {@code .xls} through Apache POI): the first sheet with a non-empty row.
 * Numeric cells become {@link Long} when whole and {@link Double} otherwise, date cells ISO text
 * ({@code 2024-03-01}), formula cells their cached value, other cells text.
 * <li>The header is the first non-empty row. Empty rows are skipped. Row numbers are the ones shown to a user:
 * the line where a CSV record starts, or Excel's row number.
 * </ul>
 */
public final class TableReader {
    private static final Logger LOG = LoggerFactory.getLogger(TableReader.class);

    private TableReader() {
    }

    /** One data row: its number as the user sees it, and its cells (null when empty) in header order. */
    public record TableRow(int number, List<Object> cells) {
        /** Returns the cell in {@code column}, or null when the row is shorter. */
        public Object cell(int column) {
            return column < cells.size() ? cells.get(column) : null;
        }
    }

    /**
     * A table read from {@code file}: its header names (trimmed), its data rows, and the text encoding (null
     * for Excel).
     */
    public record Table(Path file, List<String> header, List<TableRow> rows, Charset encoding) {
        /** Returns the index of the column named {@code name}, ignoring case and surrounding blanks, or -1. */
        public int column(String name) {
            for (int i = 0; i < header.size(); i++) {
                if (header.get(i).equalsIgnoreCase(name.trim())) {
                    return i;
                }
            }
            return -1;
        }
    }

    /**
     * Reads a CSV file.
     *
     * @param encoding the {@code --encoding} override
     * @throws CgisException when the file cannot be read, has no header row or an unclosed quote
     */
    public static Table readCsv(Path file, Optional<Charset> encoding) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new CgisException(e, IoMessages.BUNDLE, "read.notFound", file);
        } catch (IOException e) {
            throw new CgisException(e, IoMessages.BUNDLE, "read.failed", file, e.getMessage());
        }
        int start = 0;
        Charset charset;
        if (encoding.isPresent()) {
            charset = encoding.get();
        } else if (bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB
                && (bytes[2] & 0xFF) == 0xBF) {
            charset = StandardCharsets.UTF_8;
        } else {
            charset = TextEncodings.guess(bytes, 0, bytes.length);
        }
        if (charset.equals(StandardCharsets.UTF_8) && bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF
                && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF) {
            start = 3;
        }
        LOG.info("{}: decoded as {}", file, charset.name());
        String text = new String(bytes, start, bytes.length - start, charset);
        List<TableRow> records = parseCsv(text, delimiter(text), file);
        return table(file, records, charset);
    }

    /**
     * Reads the first non-empty sheet of an Excel workbook.
     *
     * @throws CgisException when the file cannot be read, is encrypted or has no non-empty row
     */
    public static Table readExcel(Path file) {
        try (InputStream in = Files.newInputStream(file); Workbook workbook = WorkbookFactory.create(in)) {
            for (Sheet sheet : workbook) {
                List<TableRow> rows = new ArrayList<>();
                for (Row row : sheet) {
                    List<Object> cells = new ArrayList<>();
                    for (int c = 0; c < Math.max(0, row.getLastCellNum()); c++) {
                        cells.add(value(row.getCell(c)));
                    }
                    if (cells.stream().anyMatch(cell -> cell != null)) {
                        rows.add(new TableRow(row.getRowNum() + 1, cells));
                    }
                }
                if (!rows.isEmpty()) {
                    return table(file, rows, null);
                }
            }
        } catch (NoSuchFileException e) {
            throw new CgisException(e, IoMessages.BUNDLE, "read.notFound", file);
        } catch (EncryptedDocumentException e) {
            throw new CgisException(e, IoMessages.BUNDLE, "table.encrypted", file);
        } catch (IOException | RuntimeException e) {
            throw new CgisException(e, IoMessages.BUNDLE, "table.excelFailed", file, String.valueOf(e.getMessage()));
        }
        throw new CgisException(IoMessages.BUNDLE, "table.noHeader", file);
    }

    /**
     * Reads a stand-alone dBASE table ({@code .dbf} without a {@code .shp}), as exported by a Shapefile
     * editor or a household register. The encoding is chosen as for a Shapefile's table
     * ({@link DbfReader#readDetected}), with a {@code .cpg} beside it read too. The header is the field
     * names. Deleted records are skipped, and a row number is the record's 1-based position in the file.
     *
     * @param encoding the {@code --encoding} override
     * @throws CgisException when the file cannot be read or its header is not a dBASE header
     */
    public static Table readDbf(Path file, Optional<Charset> encoding, Diagnostics diagnostics) {
        if (!Files.isRegularFile(file)) {
            throw new CgisException(IoMessages.BUNDLE, "read.notFound", file);
        }
        Optional<Path> cpg = ShapefileReader.sibling(file, ".cpg");
        DbfReader.Table dbf = DbfReader.readDetected(file, cpg, encoding, ShapefileReader.baseName(file), diagnostics);
        List<String> header = new ArrayList<>();
        dbf.fields().forEach(field -> header.add(field.name()));
        List<TableRow> rows = new ArrayList<>();
        for (DbfReader.Record record : dbf.records()) {
            if (!record.deleted()) {
                rows.add(new TableRow(record.index() + 1, new ArrayList<>(record.values().values())));
            }
        }
        return new Table(file, header, rows, dbf.charset());
    }

    private static Table table(Path file, List<TableRow> rows, Charset charset) {
        if (rows.isEmpty()) {
            throw new CgisException(IoMessages.BUNDLE, "table.noHeader", file);
        }
        List<String> header = new ArrayList<>();
        for (Object cell : rows.get(0).cells()) {
            header.add(cell == null ? "" : cell.toString().trim());
        }
        return new Table(file, header, List.copyOf(rows.subList(1, rows.size())), charset);
    }

    private static Object value(Cell cell) {
        if (cell == null) {
            return null;
        }
        CellType type = cell.getCellType() == CellType.FORMULA ? cell.getCachedFormulaResultType() : cell.getCellType();
        switch (type) {
            case NUMERIC: {
                if (DateUtil.isCellDateFormatted(cell)) {
                    return cell.getLocalDateTimeCellValue().toLocalDate().toString();
                }
                double number = cell.getNumericCellValue();
                if (number == Math.rint(number) && Math.abs(number) < 1e15) {
                    return (long) number;
                }
                return number;
            }
            case STRING: {
                String text = cell.getStringCellValue().trim();
                return text.isEmpty() ? null : text;
            }
            case BOOLEAN:
                return cell.getBooleanCellValue();
            default:
                return null;
        }
    }

    /** Returns the one of comma, semicolon and tab that occurs most often outside quotes in the first line. */
    static char delimiter(String text) {
        int comma = 0;
        int semicolon = 0;
        int tab = 0;
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch == '"') {
                quoted = !quoted;
            } else if (!quoted && (ch == '\n' || ch == '\r')) {
                break;
            } else if (!quoted && ch == ',') {
                comma++;
            } else if (!quoted && ch == ';') {
                semicolon++;
            } else if (!quoted && ch == '\t') {
                tab++;
            }
        }
        if (tab > comma && tab >= semicolon) {
            return '\t';
        }
        return semicolon > comma ? ';' : ',';
    }

    /** Parses RFC 4180 records; a record's number is the line it starts on. Blank lines are skipped. */
    static List<TableRow> parseCsv(String text, char delimiter, Path file) {
        List<TableRow> rows = new ArrayList<>();
        List<Object> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        boolean cellWasQuoted = false;
        int line = 1;
        int recordLine = 1;
        int quoteLine = 0;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (quoted) {
                if (ch == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        cell.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    if (ch == '\n') {
                        line++;
                    }
                    cell.append(ch);
                }
                continue;
            }
            if (ch == '"' && cell.toString().isBlank()) {
                quoted = true;
                cellWasQuoted = true;
                quoteLine = line;
                cell.setLength(0);
            } else if (ch == delimiter) {
                cells.add(cellValue(cell, cellWasQuoted));
                cell.setLength(0);
                cellWasQuoted = false;
            } else if (ch == '\n' || ch == '\r') {
                if (ch == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                cells.add(cellValue(cell, cellWasQuoted));
                addRow(rows, recordLine, cells);
                cells = new ArrayList<>();
                cell.setLength(0);
                cellWasQuoted = false;
                line++;
                recordLine = line;
            } else {
                cell.append(ch);
            }
        }
        if (quoted) {
            throw new CgisException(IoMessages.BUNDLE, "table.unclosedQuote", file, quoteLine);
        }
        cells.add(cellValue(cell, cellWasQuoted));
        addRow(rows, recordLine, cells);
        return rows;
    }

    private static Object cellValue(StringBuilder cell, boolean quoted) {
        String text = quoted ? cell.toString() : cell.toString().trim();
        return text.isEmpty() ? null : text;
    }

    private static void addRow(List<TableRow> rows, int line, List<Object> cells) {
        if (cells.stream().anyMatch(cell -> cell != null)) {
            rows.add(new TableRow(line, cells));
        }
    }
}
