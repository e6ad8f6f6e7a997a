package org.communitygis.report;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * Writes {@code coverage.csv}: one row per building of {@code coverage_buildings}, in layer order.
 *
 * <p>RFC 4180 CSV, UTF-8 with a byte order mark so that Excel opens the Chinese zone names correctly, CRLF
 * line ends. The header names are English and stable for scripts: {@value #HEADER}. Booleans are
 * {@code true}/{@code false}, distances in metres with two decimals, and missing values are empty.
 */
final class CoverageCsv {
    static final String HEADER = "building_id,zone,households,residents,served,served_buffer,served_road,"
            + "pipe_distance_m,road_distance_m,nearest_pipe_id,network";
    static final char BOM = '\uFEFF';

    private CoverageCsv() {
    }

    static void write(List<CoverageData.Building> buildings, Writer out) throws IOException {
        out.write(BOM);
        out.write(HEADER);
        out.write("\r\n");
        for (CoverageData.Building b : buildings) {
            out.write(String.join(",", String.valueOf(b.id()), text(b.zone()), String.valueOf(b.households()),
                    String.valueOf(b.residents()), String.valueOf(b.served()), flag(b.servedBuffer()), flag(b.servedRoad()),
                    distance(b.pipeDistanceM()), distance(b.roadDistanceM()),
                    b.nearestPipeId() == null ? "" : String.valueOf(b.nearestPipeId()), text(b.network())));
            out.write("\r\n");
        }
    }

    private static String flag(Boolean value) {
        return value == null ? "" : value.toString();
    }

    private static String distance(double metres) {
        return Double.isNaN(metres) ? "" : Formats.number(metres, 2);
    }

    /** Quotes a text value when it contains a comma, quote or line break (RFC 4180 §2). */
    static String text(String value) {
        if (value == null) {
            return "";
        }
        if (value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            return '"' + value.replace("\"", "\"\"") + '"';
        }
        return value;
    }
}
