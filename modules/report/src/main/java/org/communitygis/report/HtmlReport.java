package org.communitygis.report;

import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.communitygis.report.CoverageData.Building;
import org.communitygis.report.CoverageData.DamageZone;
import org.communitygis.report.CoverageData.Facility;
import org.communitygis.report.CoverageData.PipeGradient;
import org.communitygis.report.CoverageData.RoadGradient;
import org.communitygis.report.CoverageData.Zone;

/**
 * Builds {@code index.html}: one self-contained page (inline CSS, the map embedded as a PNG data URI, no
 * scripts or outside links) in {@code locale}.
 */
final class HtmlReport {
    private static final String CSS = """
            body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC","WenQuanYi Zen Hei",sans-serif;\
            margin:24px auto;max-width:1240px;color:#222;padding:0 16px;line-height:1.5}
            h1{font-size:26px;margin:0 0 4px}h2{font-size:19px;margin:28px 0 8px;border-bottom:2px solid #ddd;padding-bottom:4px}
            .meta{color:#666;font-size:13px}
            .totals{display:flex;flex-wrap:wrap;gap:12px;margin:16px 0}
            .card{border:1px solid #ddd;border-radius:6px;padding:10px 16px;min-width:130px;background:#fafafa}
            .card b{display:block;font-size:22px}.card span{color:#555;font-size:13px}
            table{border-collapse:collapse;font-size:14px;margin:6px 0}
            th,td{border:1px solid #ccc;padding:4px 10px;text-align:left}th{background:#f0f0f0}
            td.n{text-align:right;font-variant-numeric:tabular-nums}
            tr.over td{background:#fde0dd;color:#a50f15;font-weight:bold}
            tr.total td{font-weight:bold;background:#f7f7f7}
            img.map{max-width:100%;border:1px solid #ccc}
            .note{color:#666;font-size:13px}
            """;

    private final CoverageData data;
    private final ReportOptions options;
    private final Locale locale;
    private final StringBuilder out = new StringBuilder(64 * 1024);

    private HtmlReport(CoverageData data, ReportOptions options, Locale locale) {
        this.data = data;
        this.options = options;
        this.locale = locale;
    }

    /**
     * Returns the page.
     *
     * @param projectName the name in the title
     * @param generated the generation time, already formatted
     * @param analysisTime the coverage analysis time from the project metadata, or null
     * @param analysisParams the coverage analysis parameters ({@code key=value;…}), or null
     * @param mapPng the encoded map picture
     */
    static String build(CoverageData data, ReportOptions options, Locale locale, String projectName, String generated,
            String analysisTime, String analysisParams, byte[] mapPng) {
        HtmlReport report = new HtmlReport(data, options, locale);
        report.page(projectName, generated, analysisTime, analysisParams, mapPng);
        return report.out.toString();
    }

    private String t(String key, Object... args) {
        return Formats.html(ReportMessages.BUNDLE.format(locale, key, args));
    }

    private void page(String projectName, String generated, String analysisTime, String analysisParams, byte[] mapPng) {
        String title = t("html.title", projectName);
        out.append("<!DOCTYPE html>\n<html lang=\"").append(locale.getLanguage().equals("en") ? "en" : "zh-CN")
                .append("\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(title).append("</title>\n<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
        out.append("<h1>").append(title).append("</h1>\n<p class=\"meta\">").append(t("html.generated", generated));
        if (analysisTime != null) {
            out.append(" · ").append(t("html.analysisTime", analysisTime));
        }
        if (analysisParams != null) {
            out.append(" · ").append(t("html.analysisParams", analysisParams));
        }
        out.append("</p>\n");
        totals();
        map(mapPng);
        zones();
        facilities();
        unserved();
        pipeGradients();
        damageZones();
        roadGradients();
        out.append("<p class=\"note\">").append(t("html.footer")).append("</p>\n</body>\n</html>\n");
    }

    private void totals() {
        out.append("<h2>").append(t("html.totals")).append("</h2>\n<div class=\"totals\">\n");
        card(String.valueOf(data.buildings.size()), t("html.col.buildings"));
        card(String.valueOf(data.totalHouseholds()), t("html.col.households"));
        card(String.valueOf(data.totalResidents()), t("html.col.residents"));
        card(String.valueOf(data.servedHouseholds()), t("html.col.servedHouseholds"));
        card(Formats.number(data.servedSharePct(), 1) + " %", t("html.col.sharePct"));
        card(String.valueOf(data.totalHouseholds() - data.servedHouseholds()), t("html.col.unservedHouseholds"));
        out.append("</div>\n");
    }

    private void card(String value, String label) {
        out.append("<div class=\"card\"><b>").append(Formats.html(value)).append("</b><span>").append(label).append("</span></div>\n");
    }

    private void map(byte[] png) {
        out.append("<h2>").append(t("html.map")).append("</h2>\n<img class=\"map\" alt=\"").append(t("html.mapAlt"))
                .append("\" src=\"data:image/png;base64,").append(Base64.getEncoder().encodeToString(png)).append("\">\n")
                .append("<p class=\"note\">").append(t("html.mapNote")).append("</p>\n");
    }

    private void zones() {
        out.append("<h2>").append(t("html.zones")).append("</h2>\n<table>\n<tr>");
        header("html.col.zone", "html.col.buildings", "html.col.households", "html.col.residents",
                "html.col.servedHouseholds", "html.col.sharePct", "html.col.unservedHouseholds");
        out.append("</tr>\n");
        for (Zone zone : data.zones) {
            out.append("<tr>");
            cell(zone.name() == null || zone.name().isBlank() ? t("html.noZone") : Formats.html(zone.name()));
            number(zone.buildings());
            number(zone.households());
            number(zone.residents());
            number(zone.servedHouseholds());
            numberCell(Formats.number(zone.servedSharePct(), 1));
            number(zone.unservedHouseholds());
            out.append("</tr>\n");
        }
        out.append("<tr class=\"total\">");
        cell(t("html.total"));
        number(data.buildings.size());
        number(data.totalHouseholds());
        number(data.totalResidents());
        number(data.servedHouseholds());
        numberCell(Formats.number(data.servedSharePct(), 1));
        number(data.totalHouseholds() - data.servedHouseholds());
        out.append("</tr>\n</table>\n");
    }

    private void facilities() {
        out.append("<h2>").append(t("html.facilities")).append("</h2>\n");
        if (data.facilities.isEmpty()) {
            out.append("<p class=\"note\">").append(t("html.facilities.none")).append("</p>\n");
            return;
        }
        out.append("<table>\n<tr>");
        header("html.col.name", "html.col.kind", "html.col.network", "html.col.connected", "html.col.capacity",
                "html.col.designFlow", "html.col.capacityFlow", "html.col.loadPct", "html.col.flag");
        out.append("</tr>\n");
        for (Facility f : data.facilities.get()) {
            out.append("over".equals(f.flag()) ? "<tr class=\"over\">" : "<tr>");
            cell(Formats.html(f.name()));
            cell(kindLabel(f.kind()));
            cell(Formats.html(f.network()));
            number(f.connectedHouseholds());
            numberCell(f.capacityHouseholds() == null ? "–" : String.valueOf(f.capacityHouseholds()));
            numberCell(Formats.number(f.designFlowM3PerDay(), 1));
            numberCell(Formats.number(f.capacityM3PerDay(), 1));
            numberCell(Formats.number(f.loadPct(), 0));
            cell(f.flag() == null ? "–" : t("facility.flag." + knownOr(f.flag(), "ok", "over", "unknown")));
            out.append("</tr>\n");
        }
        out.append("</table>\n");
    }

    private void unserved() {
        List<Building> unserved = data.unserved();
        out.append("<h2>").append(t("html.unserved", unserved.size())).append("</h2>\n");
        if (unserved.isEmpty()) {
            out.append("<p class=\"note\">").append(t("html.unserved.none")).append("</p>\n");
            return;
        }
        out.append("<table>\n<tr>");
        header("html.col.buildingId", "html.col.zone", "html.col.households", "html.col.pipeDistance",
                "html.col.roadDistance");
        out.append("</tr>\n");
        int listed = Math.min(unserved.size(), options.maxUnservedRows());
        for (Building b : unserved.subList(0, listed)) {
            out.append("<tr>");
            numberCell(String.valueOf(b.id()));
            cell(b.zone() == null ? t("html.noZone") : Formats.html(b.zone()));
            number(b.households());
            numberCell(Formats.number(b.pipeDistanceM(), 1));
            numberCell(Formats.number(b.roadDistanceM(), 1));
            out.append("</tr>\n");
        }
        out.append("</table>\n");
        if (listed < unserved.size()) {
            out.append("<p class=\"note\">").append(t("html.unserved.more", unserved.size() - listed)).append("</p>\n");
        }
    }

    private void pipeGradients() {
        if (data.pipeGradients.isEmpty()) {
            return;
        }
        List<PipeGradient> links = data.pipeGradients.get();
        out.append("<h2>").append(t("html.pipes")).append("</h2>\n<table>\n<tr>");
        header("html.col.flag", "html.col.links", "html.col.length");
        out.append("</tr>\n");
        for (Map.Entry<String, long[]> entry : countByFlag(links).entrySet()) {
            out.append("<tr>");
            cell(t("pipe.flag." + entry.getKey()));
            number(entry.getValue()[0]);
            numberCell(Formats.number(entry.getValue()[1] / 10.0, 0));
            out.append("</tr>\n");
        }
        out.append("</table>\n");

        List<PipeGradient> worst = links.stream().filter(l -> flagOrder(l.flag()) < 3)
                .sorted(Comparator.comparingInt((PipeGradient l) -> flagOrder(l.flag()))
                        .thenComparingDouble(HtmlReport::severityKey))
                .limit(options.worstLinks()).toList();
        if (worst.isEmpty()) {
            out.append("<p class=\"note\">").append(t("html.pipes.allOk")).append("</p>\n");
            return;
        }

        out.append("<h3>").append(t("html.pipes.worst", worst.size())).append("</h3>\n<table>\n<tr>");
        header("html.col.pipeId", "html.col.name", "html.col.kind", "html.col.length", "html.col.gradient",
                "html.col.minGradient", "html.col.flag", "html.col.message");
        out.append("</tr>\n");
        for (PipeGradient link : worst) {
            out.append("<tr>");
            numberCell(String.valueOf(link.pipeId()));
            cell(Formats.html(link.name()));
            cell(kindLabel(link.kind()));
            numberCell(Formats.number(link.lengthM(), 1));
            numberCell(Formats.number(link.gradientPermille(), 1));
            numberCell(Formats.number(link.minGradientPermille(), 1));
            cell(t("pipe.flag." + flagKey(link.flag())));
            cell(Formats.html(link.message()));
            out.append("</tr>\n");
        }
        out.append("</table>\n");
    }

    /**
     * Returns the sort key that puts the worst link of a flag first: minus the rise of a reverse link, minus
     * the shortfall below the minimum of a too-flat one, minus the gradient of a too-steep one (‰).
     */
    private static double severityKey(PipeGradient link) {
        double gradient = link.gradientPermille();
        double value = switch (link.flag()) {
            case "reverse" -> -gradient;
            case "too_flat" -> link.minGradientPermille() - gradient;
            default -> gradient;
        };
        return Double.isNaN(value) ? Double.NEGATIVE_INFINITY : -value;
    }

    private static int flagOrder(String flag) {
        if (flag == null) {
            return 4;
        }
        return switch (flag) {
            case "reverse" -> 0;
            case "too_flat" -> 1;
            case "too_steep" -> 2;
            case "ok" -> 3;
            default -> 2;
        };
    }

    private static String flagKey(String flag) {
        return knownOr(flag, "ok", "reverse", "too_flat", "too_steep");
    }

    private static String knownOr(String value, String... known) {
        for (String k : known) {
            if (k.equals(value)) {
                return k;
            }
        }
        return "other";
    }

    /** Returns link count and length in decimetres per flag, in the order reverse, too_flat, too_steep, ok, other. */
    private static Map<String, long[]> countByFlag(List<PipeGradient> links) {
        Map<String, long[]> counts = new LinkedHashMap<>();
        for (String flag : List.of("reverse", "too_flat", "too_steep", "ok", "other")) {
            counts.put(flag, new long[2]);
        }
        for (PipeGradient link : links) {
            long[] c = counts.get(flagKey(link.flag()));
            c[0]++;
            c[1] += Math.round(link.lengthM() * 10);
        }
        counts.values().removeIf(c -> c[0] == 0);
        return counts;
    }

    /**
     * Writes the ranked damage zone table, one row per zone. Severity is translated from its stored code
     * into the report's language; the stored label, written in the language of the analysis run, is shown
     * only for a layer without codes. Reasons are stored as text and are shown as stored.
     */
    private void damageZones() {
        if (data.damageZones.isEmpty()) {
            return;
        }
        List<DamageZone> zones = data.damageZoneTable();
        out.append("<h2>").append(t("html.damage", zones.size())).append("</h2>\n");
        if (zones.isEmpty()) {
            out.append("<p class=\"note\">").append(t("html.damage.none")).append("</p>\n");
            return;
        }
        out.append("<table>\n<tr>");
        header("html.col.rank", "html.col.road", "html.col.from", "html.col.to", "html.col.length", "html.col.severity",
                "html.col.pci", "html.col.esal", "html.col.reasons");
        out.append("</tr>\n");
        for (DamageZone zone : zones) {
            out.append(zone.severity() >= 3 ? "<tr class=\"over\">" : "<tr>");
            numberCell(zone.rank() == Long.MAX_VALUE ? "–" : String.valueOf(zone.rank()));
            cell(zone.routeName() == null ? t("html.unnamedRoad") : Formats.html(zone.routeName()));
            cell(Formats.html(zone.startStation()));
            cell(Formats.html(zone.endStation()));
            numberCell(Formats.number(zone.lengthM(), 0));
            cell(severityText(zone));
            cell(pciText(zone));
            numberCell(zone.esalPerDay() == null ? "–" : Formats.number(zone.esalPerDay(), 0));
            cell(zone.reasons() == null ? "" : Formats.html(zone.reasons()));
            out.append("</tr>\n");
        }
        out.append("</table>\n");
    }

    private String severityText(DamageZone zone) {
        if (zone.severity() >= 1 && zone.severity() <= 3) {
            return t("damage.severity." + zone.severity());
        }
        return zone.severityLabel() != null ? Formats.html(zone.severityLabel()) : t("damage.severity.0");
    }

    /** Returns "58.7 差" with the standard as a tooltip, or "–" without a PCI. */
    private String pciText(DamageZone zone) {
        if (zone.pci() == null) {
            return "–";
        }
        String text = Formats.number(zone.pci(), 1) + (zone.pciGrade() == null ? "" : " " + zone.pciGrade());
        if (zone.pciStandard() == null) {
            return Formats.html(text);
        }
        return "<span title=\"" + Formats.html(zone.pciStandard()) + "\">" + Formats.html(text) + "</span>";
    }

    private void roadGradients() {
        if (data.roadGradients.isEmpty()) {
            return;
        }
        List<RoadGradient> roads = data.roadGradients.get();
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String flag : List.of("steep", "flat", "ok", "other")) {
            counts.put(flag, 0L);
        }
        for (RoadGradient road : roads) {
            counts.merge(knownOr(road.flag(), "steep", "flat", "ok"), 1L, Long::sum);
        }

        out.append("<h2>").append(t("html.roads")).append("</h2>\n<p>");
        boolean first = true;
        for (Map.Entry<String, Long> entry : counts.entrySet()) {
            if (entry.getValue() > 0) {
                out.append(first ? "" : " · ").append(t("road.flag." + entry.getKey())).append(": ").append(entry.getValue());
                first = false;
            }
        }
        out.append("</p>\n");

        List<RoadGradient> steepest = roads.stream().filter(r -> !Double.isNaN(r.maxGradientPermille()))
                .sorted(Comparator.comparingDouble(RoadGradient::maxGradientPermille).reversed())
                .limit(Math.min(5, options.worstLinks())).toList();
        if (steepest.isEmpty()) {
            return;
        }
        out.append("<table>\n<tr>");
        header("html.col.road", "html.col.highway", "html.col.length", "html.col.maxGradient", "html.col.flag");
        out.append("</tr>\n");
        for (RoadGradient road : steepest) {
            out.append("<tr>");
            cell(road.name() == null ? t("html.unnamedRoad") : Formats.html(road.name()));
            cell(Formats.html(road.highway()));
            numberCell(Formats.number(road.lengthM(), 0));
            numberCell(Formats.number(road.maxGradientPermille(), 1));
            cell(t("road.flag." + knownOr(road.flag(), "steep", "flat", "ok")));
            out.append("</tr>\n");
        }
        out.append("</table>\n");
    }

    private String kindLabel(String kind) {
        return kind == null ? "–" : t("kind." + knownOr(kind, "sewer", "storm", "rising_main", "irrigation_pipe", "u_channel",
                "ditch", "treatment_unit", "septic_tank", "pump_station", "pond", "outfall"));
    }

    private void header(String... keys) {
        for (String key : keys) {
            out.append("<th>").append(t(key)).append("</th>");
        }
    }

    private void cell(String escapedHtml) {
        out.append("<td>").append(escapedHtml).append("</td>");
    }

    private void number(long value) {
        numberCell(String.valueOf(value));
    }

    private void numberCell(String text) {
        out.append("<td class=\"n\">").append(Formats.html(text)).append("</td>");
    }
}
