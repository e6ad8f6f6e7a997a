package org.communitygis.report.batch;

import java.io.IOException;
import java.io.Writer;

/**
 * Writes a {@link Table} as RFC 4180 CSV: UTF-8 with a byte order mark so that Excel and WPS read the
 * Chinese text correctly, CRLF line ends, the English column keys as header, REAL cells with the
 * column's decimals and missing values empty.
 */
final class CsvTables {
    static final char BOM = '\uFEFF';

    private CsvTables() {
    }

    static void write(Table table, Writer out) throws IOException {
        out.write(BOM);
        for (int c = 0; c < table.columns.size(); c++) {
            out.write(c == 0 ? "" : ",");
            out.write(table.columns.get(c).key());
        }
        out.write("\r\n");
        for (int r = 0; r < table.rows.size(); r++) {
            for (int c = 0; c < table.columns.size(); c++) {
                out.write(c == 0 ? "" : ",");
                out.write(quote(table.text(r, c)));
            }
            out.write("\r\n");
        }
    }

    /** Quotes a value containing a comma, quote or line break (RFC 4180 §2). */
    static String quote(String value) {
        if (value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            return '"' + value.replace("\"", "\"\"") + '"';
        }
        return value;
    }
}
