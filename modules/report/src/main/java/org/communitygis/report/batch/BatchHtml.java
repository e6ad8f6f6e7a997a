package org.communitygis.report.batch;

import java.util.List;
import java.util.Locale;
import org.communitygis.report.ReportMessages;

/**
 * Builds the HTML pages of a batch report: {@code index.html} with the summary table and failures, a page
 * per community with its map, inline SVG charts (served share by coverage method per zone, damage zone
 * length per PCI grade) and tables, and a page per zone (village group) with its own map. Pages are
 * self-contained: no scripts, no CDN.
 */
final class BatchHtml {
    private static final String STYLE = "body{font-family:'Noto Sans CJK SC','WenQuanYi Zen Hei',sans-serif;margin:1.5em}"
            + "table{border-collapse:collapse;margin:.5em 0 1.5em}th,td{border:1px solid #bbb;padding:2px 6px;"
            + "font-size:13px}th{background:#eee}td.n{text-align:right}.fail{color:#b00}img{max-width:100%}";
    private static final String[] METHOD_COLOURS = {"#4a90c8", "#8c510a", "#35978f", "#1b7837"};

    private BatchHtml() {
    }

    static String index(String title, Table communities, Table failures, long skipped, List<String> files,
            Locale locale) {
        StringBuilder html = page(title, locale);
        html.append("<h1>").append(esc(title)).append("</h1>\n<p>")
                .append(esc(msg(locale, "batch.indexLine", communities.rows.size(), failures.rows.size(), skipped)))
                .append("</p>\n");
        if (!failures.rows.isEmpty()) {
            html.append("<h2 class=\"fail\">").append(esc(msg(locale, "batch.failures", failures.rows.size())))
                    .append("</h2>\n");
            table(html, failures, null, null, locale);
        }
        html.append("<h2>").append(esc(msg(locale, "batch.summary"))).append("</h2>\n");
        int idColumn = communities.column("community_id");
        table(html, communities, "community_id", row -> BatchReport.pagePath(communities.text(row, idColumn)), locale);
        html.append("<h2>").append(esc(msg(locale, "batch.files"))).append("</h2>\n<ul>\n");
        for (String file : files) {
            html.append("<li><a href=\"").append(esc(file)).append("\">").append(esc(file)).append("</a></li>\n");
        }
        return html.append("</ul>\n</body>\n</html>\n").toString();
    }

    static String community(CommunityResult result, int maxUnservedRows, Locale locale) {
        StringBuilder html = page(result.name(), locale);
        Table summary = result.table(BatchTables.COMMUNITIES);
        html.append("<p><a href=\"../../index.html\">").append(esc(msg(locale, "batch.back"))).append("</a></p>\n");
        html.append("<h1>").append(esc(result.name())).append(" (").append(esc(result.id())).append(")</h1>\n<p>")
                .append(esc(msg(locale, "batch.summaryLine", summary.text(0, summary.column("households")),
                        summary.text(0, summary.column("served_households")),
                        summary.text(0, summary.column("served_share_pct")),
                        summary.text(0, summary.column("unserved_households")))))
                .append("</p>\n");
        if (!result.roadResultsStored()) {
            html.append("<p>").append(esc(msg(locale, "batch.computedInMemory"))).append("</p>\n");
        }
        html.append("<img src=\"").append(BatchReport.MAP_PNG).append("\" alt=\"")
                .append(esc(msg(locale, "batch.map"))).append("\">\n");
        html.append("<h2>").append(esc(msg(locale, "batch.section.zones"))).append("</h2>\n");
        Table zones = result.table(BatchTables.ZONES);
        html.append(shareChart(zones, result.hasDem(), locale));
        html.append("<p>").append(esc(msg(locale, "batch.zonePagesLine"))).append("</p>\n");
        // Links are relative to communities/<id>/, where this page lives.
        table(html, zones, "zone", row -> zones.geometries.get(row) == null || zones.geometries.get(row).isEmpty() ? null
                : "zones/" + (row + 1) + ".html", locale);
        section(html, result, BatchTables.FACILITIES, locale);
        section(html, result, BatchTables.NETWORK, locale);
        html.append("<h2>").append(esc(msg(locale, "batch.section.road_condition"))).append("</h2>\n");
        Table condition = result.table(BatchTables.ROAD_CONDITION);
        if (!condition.rows.isEmpty() && !Boolean.TRUE.equals(summary.rows.get(0)[summary.column("pci_surveyed")])) {
            html.append("<p class=\"fail\">").append(esc(msg(locale, "batch.noSurvey"))).append("</p>\n");
        }
        html.append(gradeChart(condition, locale));
        table(html, condition, null, null, locale);
        section(html, result, BatchTables.DRAINAGE, locale);
        Table unserved = result.table(BatchTables.UNSERVED);
        html.append("<h2>").append(esc(msg(locale, "batch.section.unserved"))).append(" (").append(unserved.rows.size())
                .append(")</h2>\n");
        Table listed = unserved.emptyCopy();
        for (int r = 0; r < Math.min(maxUnservedRows, unserved.rows.size()); r++) {
            listed.rows.add(unserved.rows.get(r));
        }
        table(html, listed, null, null, locale);
        if (listed.rows.size() < unserved.rows.size()) {
            html.append("<p>").append(esc(msg(locale, "batch.moreUnserved", unserved.rows.size() - listed.rows.size())))
                    .append("</p>\n");
        }
        return html.append("</body>\n</html>\n").toString();
    }

    private static void section(StringBuilder html, CommunityResult result, String name, Locale locale) {
        html.append("<h2>").append(esc(msg(locale, "batch.section." + name))).append("</h2>\n");
        table(html, result.table(name), null, null, locale);
    }

    /**
     * Builds the page of zone {@code row} of the community's {@code zones} table: its figures, its map
     * ({@code mapFile}, beside the page) and its unserved households.
     */
    static String zone(CommunityResult result, int row, String mapFile, int maxUnservedRows, Locale locale) {
        Table zones = result.table(BatchTables.ZONES);
        String zoneName = zones.text(row, zones.column("zone"));
        if (zoneName.isEmpty()) {
            zoneName = msg(locale, "batch.noZone");
        }
        StringBuilder html = page(result.name() + " · " + zoneName, locale);
        html.append("<p><a href=\"../index.html\">").append(esc(msg(locale, "batch.backToCommunity", result.name())))
                .append("</a> · <a href=\"../../../index.html\">").append(esc(msg(locale, "batch.back")))
                .append("</a></p>\n");
        html.append("<h1>").append(esc(zoneName)).append(" · ").append(esc(result.name())).append("</h1>\n<p>")
                .append(esc(msg(locale, "batch.summaryLine", zones.text(row, zones.column("households")),
                        zones.text(row, zones.column("served_households")),
                        zones.text(row, zones.column("served_share_pct")),
                        zones.text(row, zones.column("unserved_households")))))
                .append("</p>\n");
        html.append("<img src=\"").append(esc(mapFile)).append("\" alt=\"").append(esc(msg(locale, "batch.map")))
                .append("\">\n");
        Table one = zones.emptyCopy();
        one.rows.add(zones.rows.get(row));
        html.append(shareChart(one, result.hasDem(), locale));
        table(html, one, null, null, locale);

        Table unserved = result.table(BatchTables.UNSERVED);
        String zoneKey = zones.text(row, zones.column("zone"));
        int unservedZone = unserved.column("zone");
        Table listed = unserved.emptyCopy();
        int count = 0;
        for (int r = 0; r < unserved.rows.size(); r++) {
            if (unserved.text(r, unservedZone).equals(zoneKey)) {
                if (count < maxUnservedRows) {
                    listed.rows.add(unserved.rows.get(r));
                }
                count++;
            }
        }
        html.append("<h2>").append(esc(msg(locale, "batch.section.unserved"))).append(" (").append(count)
                .append(")</h2>\n");
        table(html, listed, null, null, locale);
        if (listed.rows.size() < count) {
            html.append("<p>").append(esc(msg(locale, "batch.moreUnserved", count - listed.rows.size()))).append("</p>\n");
        }
        return html.append("</body>\n</html>\n").toString();
    }

    /** Horizontal bars per zone: served share by buffer, along roads, by gravity (with a DEM) and in total, %. */
    static String shareChart(Table zones, boolean hasDem, Locale locale) {
        String[] keys = hasDem ? new String[] {"served_buffer_households", "served_road_households",
            "served_gravity_households", "served_households"}
                : new String[] {"served_buffer_households", "served_road_households", "served_households"};
        int households = zones.column("households");
        int zone = zones.column("zone");
        int barHeight = 8;
        int groupHeight = keys.length * barHeight + 8;
        int height = 30 + zones.rows.size() * groupHeight;
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"640\" height=\"").append(height)
                .append("\" role=\"img\"><title>").append(esc(msg(locale, "batch.chart.shares"))).append("</title>\n");
        for (int k = 0; k < keys.length; k++) {
            svg.append("<rect x=\"").append(120 + k * 130).append("\" y=\"4\" width=\"10\" height=\"10\" fill=\"")
                    .append(METHOD_COLOURS[k]).append("\"/><text x=\"").append(134 + k * 130)
                    .append("\" y=\"13\" font-size=\"11\">").append(esc(msg(locale, "batch.col." + keys[k])))
                    .append("</text>\n");
        }
        for (int r = 0; r < zones.rows.size(); r++) {
            long total = ((Number) zones.rows.get(r)[households]).longValue();
            int top = 24 + r * groupHeight;
            String name = zones.text(r, zone).isEmpty() ? msg(locale, "batch.noZone") : zones.text(r, zone);
            svg.append("<text x=\"0\" y=\"").append(top + groupHeight / 2).append("\" font-size=\"11\">")
                    .append(esc(name)).append("</text>\n");
            for (int k = 0; k < keys.length; k++) {
                Object value = zones.rows.get(r)[zones.column(keys[k])];
                double share = total == 0 || value == null ? 0 : 100.0 * ((Number) value).longValue() / total;
                svg.append("<rect x=\"120\" y=\"").append(top + k * barHeight).append("\" width=\"")
                        .append(String.format(Locale.ROOT, "%.1f", share * 4)).append("\" height=\"")
                        .append(barHeight - 1).append("\" fill=\"").append(METHOD_COLOURS[k]).append("\"><title>")
                        .append(String.format(Locale.ROOT, "%.1f %%", share)).append("</title></rect>\n");
            }
        }
        return svg.append("</svg>\n").toString();
    }

    /** Bars of damage zone length per PCI grade, m; zones without a PCI are under the reason they have none. */
    static String gradeChart(Table condition, Locale locale) {
        if (condition.rows.isEmpty()) {
            return "<p>" + esc(msg(locale, "batch.noDamageZones")) + "</p>\n";
        }
        java.util.Map<String, Double> byGrade = new java.util.LinkedHashMap<>();
        for (int r = 0; r < condition.rows.size(); r++) {
            String grade = condition.text(r, condition.column("pci_grade"));
            byGrade.merge(gradeLabel(grade, locale), (Double) condition.rows.get(r)[condition.column("length_m")],
                    Double::sum);
        }
        double max = byGrade.values().stream().mapToDouble(Double::doubleValue).max().orElse(1);
        StringBuilder svg = new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"720\" height=\"")
                .append(20 + 22 * byGrade.size()).append("\" role=\"img\"><title>")
                .append(esc(msg(locale, "batch.chart.grades"))).append("</title>\n");
        int row = 0;
        for (java.util.Map.Entry<String, Double> entry : byGrade.entrySet()) {
            double width = max <= 0 ? 0 : 400 * entry.getValue() / max;
            int y = 10 + 22 * row++;
            svg.append("<text x=\"0\" y=\"").append(y + 13).append("\" font-size=\"12\">").append(esc(entry.getKey()))
                    .append("</text><rect x=\"140\" y=\"").append(y).append("\" width=\"")
                    .append(String.format(Locale.ROOT, "%.1f", width)).append("\" height=\"16\" fill=\"#b2182b\"/>")
                    .append("<text x=\"").append(String.format(Locale.ROOT, "%.1f", 146 + width)).append("\" y=\"")
                    .append(y + 13).append("\" font-size=\"11\">")
                    .append(String.format(Locale.ROOT, "%.0f m", entry.getValue())).append("</text>\n");
        }
        return svg.append("</svg>\n").toString();
    }

    private static StringBuilder page(String title, Locale locale) {
        return new StringBuilder(8192).append("<!DOCTYPE html>\n<html lang=\"")
                .append(locale.getLanguage().equals("zh") ? "zh-CN" : "en").append("\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<title>").append(esc(title)).append("</title>\n<style>").append(STYLE)
                .append("</style>\n</head>\n<body>\n");
    }

    /** Returns the label of a {@code pci_grade} cell: the grade, or the reason a zone has none. */
    private static String gradeLabel(String grade, Locale locale) {
        return grade.equals(BatchTables.GRADE_NO_SURVEY) || grade.equals(BatchTables.GRADE_NOT_SURVEYED)
                ? msg(locale, "batch.grade." + grade) : grade;
    }

    /**
     * Appends {@code table} as an HTML table. The column {@code linkColumn} links to {@code link.apply(row)}
     * unless {@code link} or its result is null.
     */
    private static void table(StringBuilder html, Table table, String linkColumn,
            java.util.function.IntFunction<String> link, Locale locale) {
        if (table.rows.isEmpty()) {
            html.append("<p>").append(esc(msg(locale, "batch.noRows"))).append("</p>\n");
            return;
        }
        int grade = table.columns.stream().map(Table.Column::key).toList().indexOf("pci_grade");
        html.append("<table>\n<tr>");
        for (Table.Column column : table.columns) {
            html.append("<th>").append(esc(msg(locale, "batch.col." + column.key()))).append("</th>");
        }
        html.append("</tr>\n");
        for (int r = 0; r < table.rows.size(); r++) {
            html.append("<tr>");
            for (int c = 0; c < table.columns.size(); c++) {
                Table.Type type = table.columns.get(c).type();
                html.append(type == Table.Type.INTEGER || type == Table.Type.REAL ? "<td class=\"n\">" : "<td>");
                String text = esc(c == grade ? gradeLabel(table.text(r, c), locale) : table.label(r, c, locale));
                String href = link != null && table.columns.get(c).key().equals(linkColumn) ? link.apply(r) : null;
                if (href != null) {
                    html.append("<a href=\"").append(esc(href)).append("\">").append(text).append("</a>");
                } else {
                    html.append(text);
                }
                html.append("</td>");
            }
            html.append("</tr>\n");
        }
        html.append("</table>\n");
    }

    private static String msg(Locale locale, String key, Object... args) {
        return ReportMessages.BUNDLE.format(locale, key, args);
    }

    private static String esc(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
