package org.communitygis.report.batch;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.LocalDateTime;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.apache.poi.ss.usermodel.BorderStyle;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.FillPatternType;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.IndexedColors;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.communitygis.report.ReportMessages;

/**
 * Writes the tables as one XLSX workbook (Apache POI), one sheet per table: a bold shaded header row with
 * the column labels in the report language, frozen below the header, then numbers as numeric cells with
 * the formats {@code 0}, {@code 0.0} or {@code 0.00}. For byte-identical reruns the document's created date
 * and every zip entry's time are fixed to 2000-01-01 00:00, and the entries are written in POI's order.
 */
final class XlsxTables {
    private static final LocalDateTime FIXED_TIME = LocalDateTime.of(2000, 1, 1, 0, 0);

    private XlsxTables() {
    }

    static void write(List<Table> tables, Locale locale, OutputStream out) throws IOException {
        ByteArrayOutputStream poiBytes = new ByteArrayOutputStream(1 << 16);
        try (XSSFWorkbook workbook = new XSSFWorkbook()) {
            workbook.getProperties().getCoreProperties().setCreated(Optional.of(new Date(946684800000L)));
            workbook.getProperties().getCoreProperties().setCreator("community-gis");
            CellStyle header = workbook.createCellStyle();
            Font bold = workbook.createFont();
            bold.setBold(true);
            header.setFont(bold);
            header.setFillForegroundColor(IndexedColors.GREY_25_PERCENT.getIndex());
            header.setFillPattern(FillPatternType.SOLID_FOREGROUND);
            header.setBorderBottom(BorderStyle.THIN);
            CellStyle[] decimals = new CellStyle[3];
            for (int d = 0; d < decimals.length; d++) {
                decimals[d] = workbook.createCellStyle();
                decimals[d].setDataFormat(workbook.createDataFormat().getFormat(d == 0 ? "0" : "0." + "0".repeat(d)));
            }
            for (Table table : tables) {
                Sheet sheet = workbook.createSheet(table.name);
                Row head = sheet.createRow(0);
                for (int c = 0; c < table.columns.size(); c++) {
                    Cell cell = head.createCell(c);
                    cell.setCellValue(ReportMessages.BUNDLE.format(locale, "batch.col." + table.columns.get(c).key()));
                    cell.setCellStyle(header);
                    sheet.setColumnWidth(c, 14 * 256);
                }
                sheet.createFreezePane(0, 1);
                for (int r = 0; r < table.rows.size(); r++) {
                    Row row = sheet.createRow(r + 1);
                    Object[] values = table.rows.get(r);
                    for (int c = 0; c < values.length; c++) {
                        Object value = values[c];
                        if (value == null || (value instanceof Double d && !Double.isFinite(d))) {
                            continue;
                        }
                        Cell cell = row.createCell(c);
                        if (value instanceof Number n) {
                            cell.setCellValue(n.doubleValue());
                            cell.setCellStyle(decimals[Math.min(2, table.columns.get(c).decimals())]);
                        } else if (value instanceof Boolean b) {
                            cell.setCellValue(b);
                        } else {
                            cell.setCellValue(value.toString());
                        }
                    }
                }
            }
            workbook.write(poiBytes);
        }
        fixEntryTimes(poiBytes.toByteArray(), out);
    }

    /** Copies the zip entries in order with a fixed local time, so equal workbooks give equal bytes. */
    private static void fixEntryTimes(byte[] zip, OutputStream out) throws IOException {
        ZipOutputStream copy = new ZipOutputStream(out);
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                ZipEntry fixed = new ZipEntry(entry.getName());
                fixed.setTimeLocal(FIXED_TIME);
                copy.putNextEntry(fixed);
                in.transferTo(copy);
                copy.closeEntry();
            }
        }
        copy.finish();
    }
}
