package org.communitygis.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Font;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.communitygis.core.CgisException;
import org.communitygis.core.Diagnostics;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.feature.Field;
import org.communitygis.core.feature.FieldType;
import org.communitygis.core.feature.GeometryKind;
import org.communitygis.core.i18n.UserLocale;
import org.communitygis.core.progress.Progress;
import org.communitygis.core.store.MemoryStore;
import org.communitygis.core.testing.BundleAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CoverageReportTest {
    @TempDir
    Path dir;
    private Locale previous;

    @BeforeEach
    void chinese() {
        previous = UserLocale.get();
        UserLocale.set(UserLocale.CHINESE);
    }

    @AfterEach
    void restore() {
        UserLocale.set(previous);
    }

    private Path write(MemoryStore store) {
        return CoverageReport.write(store, dir.resolve("report"), ReportOptions.defaults(), Progress.NONE);
    }

    private String html(MemoryStore store) throws IOException {
        return Files.readString(write(store), StandardCharsets.UTF_8);
    }

    /** Returns the HTML row of a table that starts with the cell {@code firstCell}. */
    private static String row(String html, String firstCell) {
        int start = html.indexOf("<tr><td>" + firstCell + "</td>");
        assertThat(start).as("row " + firstCell).isNotNegative();
        return html.substring(start, html.indexOf("</tr>", start));
    }

    @Test
    void bundleComplete() {
        BundleAssert.assertComplete(ReportMessages.BUNDLE);
    }

    @Test
    void writesThreeFiles() {
        Path index = write(ReportFixture.full());
        assertThat(index.getFileName().toString()).isEqualTo("index.html");
        assertThat(dir.resolve("report/map.png")).isRegularFile();
        assertThat(dir.resolve("report/coverage.csv")).isRegularFile();
    }

    @Test
    void leavesNoTemporaryFiles() throws IOException {
        write(ReportFixture.full());
        write(ReportFixture.full());
        try (Stream<Path> files = Files.list(dir.resolve("report"))) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList())
                    .containsExactly("coverage.csv", "index.html", "map.png");
        }
    }

    @Test
    void htmlHasTitleAndTotals() throws IOException {
        String html = html(ReportFixture.full());
        assertThat(html).contains("<title>测试村 污水收集覆盖报告</title>");
        assertThat(html).contains("<div class=\"card\"><b>6</b><span>房屋（栋）</span></div>");
        assertThat(html).contains("<div class=\"card\"><b>8</b><span>户数</span></div>");
        assertThat(html).contains("<div class=\"card\"><b>22</b><span>人口</span></div>");
        assertThat(html).contains("<div class=\"card\"><b>4</b><span>已覆盖户数</span></div>");
        assertThat(html).contains("<div class=\"card\"><b>50.0 %</b><span>覆盖率 %</span></div>");
        assertThat(html).contains("覆盖分析时间：" + CoverageReport.localTime("2024-06-11T08:00:00Z"));
        assertThat(CoverageReport.localTime("2024-06-11T08:00:00Z")).matches("2024-06-11 \\d\\d:00:00 [+-]\\d\\d:\\d\\d");
    }

    @Test
    void htmlHasZoneRows() throws IOException {
        String html = html(ReportFixture.full());
        assertThat(row(html, "一组")).isEqualTo("<tr><td>一组</td><td class=\"n\">3</td><td class=\"n\">4</td>"
                + "<td class=\"n\">12</td><td class=\"n\">3</td><td class=\"n\">75.0</td><td class=\"n\">1</td>");
        assertThat(row(html, "二组")).contains("<td class=\"n\">25.0</td><td class=\"n\">3</td>");
    }

    @Test
    void zoneRowsSummedWithoutCoverageZones() throws IOException {
        MemoryStore store = ReportFixture.full();
        store.delete("coverage_zones");
        String html = html(store);
        assertThat(row(html, "二组")).isEqualTo("<tr><td>二组</td><td class=\"n\">3</td><td class=\"n\">4</td>"
                + "<td class=\"n\">10</td><td class=\"n\">1</td><td class=\"n\">25.0</td><td class=\"n\">3</td>");
    }

    @Test
    void htmlListsUnservedBuildings() throws IOException {
        String html = html(ReportFixture.full());
        assertThat(html).contains("未覆盖房屋（3 栋）");
        assertThat(html).contains("<tr><td class=\"n\">103</td><td>一组</td><td class=\"n\">1</td><td class=\"n\">87.4</td>"
                + "<td class=\"n\">140.0</td></tr>");
        assertThat(html).contains("<tr><td class=\"n\">105</td><td>二组</td>");
        assertThat(html).contains("<tr><td class=\"n\">106</td><td>二组</td><td class=\"n\">1</td><td class=\"n\">–</td>");
        assertThat(html).doesNotContain("<tr><td class=\"n\">101</td>");
    }

    @Test
    void unservedListCapped() throws IOException {
        Path index = CoverageReport.write(ReportFixture.full(), dir, new ReportOptions(null, 800, 600, 10, 1), Progress.NONE);
        String html = Files.readString(index);
        assertThat(html).contains("<tr><td class=\"n\">103</td>");
        assertThat(html).doesNotContain("<tr><td class=\"n\">105</td>");
        assertThat(html).contains("另有 2 栋未列出");
    }

    @Test
    void overCapacityHighlighted() throws IOException {
        String html = html(ReportFixture.full());
        assertThat(html).contains("<tr class=\"over\"><td>化粪池</td><td>化粪池</td><td>化粪池</td><td class=\"n\">30</td>"
                + "<td class=\"n\">20</td>");
        assertThat(html).contains("<tr><td>一体化污水处理设备</td>");
    }

    @Test
    void pipeFindingsCountedByFlag() throws IOException {
        String html = html(ReportFixture.full());
        assertThat(html).contains("<tr><td>倒坡</td><td class=\"n\">1</td><td class=\"n\">120</td></tr>");
        assertThat(html).contains("<tr><td>正常</td><td class=\"n\">1</td><td class=\"n\">120</td></tr>");
        assertThat(html).contains("<td class=\"n\">-3.5</td>");
    }

    @Test
    void damageZonesRankedWithStationing() throws IOException {
        String html = html(ReportFixture.full());
        int first = html.indexOf("K1+045");
        int second = html.indexOf("K0+390");
        assertThat(first).isPositive();
        assertThat(second).isGreaterThan(first);
        assertThat(html).contains("<td class=\"n\">1</td><td>桃园路</td><td>K1+045</td><td>K1+145</td>");
    }

    /** Returns a project with a two-piece zone stored by an English analysis run and a one-piece zone without PCI. */
    private static MemoryStore routeZones() {
        MemoryStore store = ReportFixture.full();
        store.delete("road_damage_zones");
        FeatureLayer layer = new FeatureLayer("road_damage_zones", GeometryKind.POLYGON, ReportFixture.CRS, List.of(
                new Field("zone_id", FieldType.INTEGER), new Field("road_id", FieldType.INTEGER),
                new Field("road_name", FieldType.STRING), new Field("from_m", FieldType.REAL),
                new Field("to_m", FieldType.REAL), new Field("length_m", FieldType.REAL),
                new Field("severity", FieldType.INTEGER), new Field("severity_label", FieldType.STRING),
                new Field("reasons", FieldType.STRING), new Field("rank", FieldType.INTEGER),
                new Field("route", FieldType.STRING), new Field("route_zone", FieldType.INTEGER),
                new Field("route_from_m", FieldType.REAL), new Field("route_to_m", FieldType.REAL),
                new Field("from_station", FieldType.STRING), new Field("to_station", FieldType.STRING),
                new Field("pci", FieldType.REAL), new Field("pci_grade", FieldType.STRING),
                new Field("pci_standard", FieldType.STRING), new Field("esal_per_day", FieldType.REAL)));
        layer.add(zonePiece(1, 1, "桃园路", 100, 140, 3, "high", 1, 1, 100, 200, 58.7, 28.561));
        layer.add(zonePiece(2, 2, "桃园路", 80, 140, 3, "high", 1, 1, 100, 200, 58.7, 28.561));
        layer.add(zonePiece(3, 3, "砂石路", 0, 20, 1, "low", 2, 2, 0, 20, null, null));
        store.writeFeatures(layer);
        return store;
    }

    private static Feature zonePiece(long id, long roadId, String route, double from, double to, long severity,
            String label, long rank, long routeZone, double routeFrom, double routeTo, Double pci, Double esal) {
        Map<String, Object> values = new HashMap<>();
        values.put("zone_id", id);
        values.put("road_id", roadId);
        values.put("road_name", route);
        values.put("from_m", from);
        values.put("to_m", to);
        values.put("length_m", to - from);
        values.put("severity", severity);
        values.put("severity_label", label);
        values.put("reasons", "runoff from 2.0 ha crosses at K0+170");
        values.put("rank", rank);
        values.put("route", route);
        values.put("route_zone", routeZone);
        values.put("route_from_m", routeFrom);
        values.put("route_to_m", routeTo);
        values.put("from_station", String.format(Locale.ROOT, "K0+%03d", (long) routeFrom));
        values.put("to_station", String.format(Locale.ROOT, "K0+%03d", (long) routeTo));
        if (pci != null) {
            values.put("pci", pci);
            values.put("pci_grade", "差");
            values.put("pci_standard", "JTG 5210-2018");
        }
        if (esal != null) {
            values.put("esal_per_day", esal);
        }
        return new Feature(id, ReportFixture.rectangle(from, 140, to, 160), values);
    }

    @Test
    void damageZoneRowPerRouteZone() throws IOException {
        String html = html(routeZones());
        assertThat(html).contains("道路易损区段排序（2 段）");
        // Route length 100 m, not the 40 m of the first piece; severity 3 translated, not the stored "high".
        assertThat(html).contains("<tr class=\"over\"><td class=\"n\">1</td><td>桃园路</td><td>K0+100</td>"
                + "<td>K0+200</td><td class=\"n\">100</td><td>重</td>"
                + "<td><span title=\"JTG 5210-2018\">58.7 差</span></td><td class=\"n\">29</td>");
        assertThat(html).contains("<td class=\"n\">2</td><td>砂石路</td><td>K0+000</td><td>K0+020</td>"
                + "<td class=\"n\">20</td><td>轻</td><td>–</td><td class=\"n\">–</td>");
        assertThat(html).doesNotContain("<td>high</td>");
    }

    @Test
    void damageSeverityInReportLanguage() throws IOException {
        UserLocale.set(UserLocale.ENGLISH);
        String html = html(routeZones());
        assertThat(html).contains("<td>High</td>");
        assertThat(html).contains("<td>Low</td>");
    }

    @Test
    void damageSeverityLabelWithoutCode() throws IOException {
        MemoryStore store = ReportFixture.full();
        FeatureLayer zones = store.readFeatures("road_damage_zones");
        zones.features().get(0).set("severity", null);
        store.writeFeatures(zones);
        assertThat(html(store)).contains("<td>中</td>");
    }

    @Test
    void roadGradientSummary() throws IOException {
        String html = html(ReportFixture.full());
        assertThat(html).contains("纵坡过陡: 1 · 正常: 1");
        assertThat(html).contains("<td class=\"n\">92.5</td>");
    }

    @Test
    void optionalSectionsLeftOut() throws IOException {
        MemoryStore store = ReportFixture.full();
        store.delete("pipe_gradients");
        store.delete("road_damage_zones");
        store.delete("road_gradients");
        store.delete("coverage_facilities");
        String html = html(store);
        assertThat(html).doesNotContain("管段坡度检查");
        assertThat(html).doesNotContain("道路易损区段排序");
        assertThat(html).contains("项目中没有设施负荷结果");
    }

    @Test
    void htmlSelfContained() throws IOException {
        String html = html(ReportFixture.full());
        assertThat(html).doesNotContain("http://");
        assertThat(html).doesNotContain("https://");
        assertThat(html).doesNotContain("<script");
        assertThat(html).contains("src=\"data:image/png;base64,");
    }

    @Test
    void htmlEscapesValues() throws IOException {
        MemoryStore store = ReportFixture.full();
        var zones = store.readFeatures("coverage_zones");
        zones.features().get(0).set("zone", "<b>一组</b>");
        store.writeFeatures(zones);
        String html = html(store);
        assertThat(html).contains("<td>&lt;b&gt;一组&lt;/b&gt;</td>");
    }

    @Test
    void englishWhenUserLocaleEnglish() throws IOException {
        UserLocale.set(UserLocale.ENGLISH);
        String html = html(ReportFixture.full());
        assertThat(html).contains("<html lang=\"en\">");
        assertThat(html).contains("<title>测试村 sewer coverage report</title>");
        assertThat(html).contains("<span>Households</span>");
        assertThat(html).contains("Unserved buildings (3)");
        assertThat(html).contains("<td>Reverse grade</td>");
        assertThat(html).doesNotContain("户数");
    }

    @Test
    void csvHasBomHeaderAndRows() throws IOException {
        write(ReportFixture.full());
        byte[] bytes = Files.readAllBytes(dir.resolve("report/coverage.csv"));
        assertThat(bytes[0]).isEqualTo((byte) 0xEF);
        assertThat(bytes[1]).isEqualTo((byte) 0xBB);
        assertThat(bytes[2]).isEqualTo((byte) 0xBF);
        String text = new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8);
        List<String> lines = List.of(text.split("\r\n"));
        assertThat(lines).hasSize(7);
        assertThat(lines.get(0)).isEqualTo(CoverageCsv.HEADER);
        assertThat(lines.get(1)).isEqualTo("101,一组,1,3,true,true,true,8.50,20.00,2,污水一期");
        assertThat(lines.get(3)).isEqualTo("103,一组,1,4,false,false,false,87.40,140.00,1,");
        assertThat(lines.get(6)).isEqualTo("106,二组,1,3,false,false,false,,,,\"a,\"\"b\"\"\"");
    }

    @Test
    void mapDecodesAtRequestedSize() throws IOException {
        CoverageReport.write(ReportFixture.full(), dir, ReportOptions.defaults(), Progress.NONE);
        BufferedImage image = ImageIO.read(dir.resolve("map.png").toFile());
        assertThat(image.getWidth()).isEqualTo(1200);
        assertThat(image.getHeight()).isEqualTo(900);
    }

    @Test
    void mapHasServedAndUnservedColours() throws IOException {
        CoverageReport.write(ReportFixture.full(), dir, ReportOptions.defaults().withMapSize(800, 600), Progress.NONE);
        BufferedImage image = ImageIO.read(dir.resolve("map.png").toFile());
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                colours.add(image.getRGB(x, y) & 0xFFFFFF);
            }
        }
        assertThat(colours.size()).isGreaterThan(20);
        assertThat(colours).contains(0x2E9E44);
        assertThat(colours).contains(0xD62728);
    }

    @Test
    void mapFallsBackToEnglishWithoutCjkFont() {
        Diagnostics diagnostics = new Diagnostics();
        CoverageData data = CoverageData.load(ReportFixture.full());
        BufferedImage image = CoverageReport.renderMap(data, ReportOptions.defaults(), UserLocale.CHINESE, "测试村",
                diagnostics, Optional.empty());
        assertThat(image.getWidth()).isEqualTo(1200);
        assertThat(diagnostics.count("report.noCjkFont")).isEqualTo(1);
        assertThat(diagnostics.warnings().get(0).localized()).contains("fonts-noto-cjk");
    }

    @Test
    void noWarningWithCjkFont() {
        Diagnostics diagnostics = new Diagnostics();
        CoverageData data = CoverageData.load(ReportFixture.full());
        CoverageReport.renderMap(data, ReportOptions.defaults(), UserLocale.CHINESE, "测试村", diagnostics,
                Optional.of(new Font(Font.SANS_SERIF, Font.PLAIN, 12)));
        assertThat(diagnostics.warnings()).isEmpty();
    }

    @Test
    void fontProbeRejectsLatinFamilies() {
        assertThat(MapFonts.findCjkFont(List.of("DejaVu Sans", "Dialog", "No Such Font"))).isEmpty();
    }

    @Test
    void missingCoverageLayerRejected() {
        MemoryStore store = ReportFixture.full();
        store.delete("coverage_buildings");
        assertThatThrownBy(() -> write(store)).isInstanceOf(CgisException.class)
                .hasMessageContaining("cgis analyze coverage")
                .satisfies(e -> assertThat(((CgisException) e).message().key()).isEqualTo("report.noCoverage"));
        assertThat(dir.resolve("report")).doesNotExist();
    }

    @Test
    void missingServedFieldRejected() {
        MemoryStore store = ReportFixture.full();
        var layer = new org.communitygis.core.feature.FeatureLayer("coverage_buildings",
                org.communitygis.core.feature.GeometryKind.MULTIPOLYGON, ReportFixture.CRS,
                List.of(new org.communitygis.core.feature.Field("households", org.communitygis.core.feature.FieldType.INTEGER)));
        store.writeFeatures(layer);
        assertThatThrownBy(() -> write(store)).isInstanceOf(CgisException.class).hasMessageContaining("served");
    }

    @Test
    void unwritableFolderRejected() throws IOException {
        Path file = Files.writeString(dir.resolve("occupied"), "x");
        assertThatThrownBy(() -> CoverageReport.write(ReportFixture.full(), file, ReportOptions.defaults(), Progress.NONE))
                .isInstanceOf(CgisException.class).hasMessageContaining("occupied");
    }

    @Test
    void progressEnds() {
        long[] calls = new long[3];
        Progress progress = new Progress() {
            @Override
            public void begin(String step, long total) {
                calls[0] = total;
            }

            @Override
            public void worked(long done) {
                calls[1] = done;
            }

            @Override
            public void end() {
                calls[2]++;
            }
        };
        CoverageReport.write(ReportFixture.full(), dir, ReportOptions.defaults(), progress);
        assertThat(calls[1]).isEqualTo(calls[0]);
        assertThat(calls[2]).isEqualTo(1);
    }

    @Test
    void stationingFormat() {
        assertThat(Formats.stationing(390)).isEqualTo("K0+390");
        assertThat(Formats.stationing(1045.4)).isEqualTo("K1+045");
        assertThat(Formats.stationing(0)).isEqualTo("K0+000");
        assertThat(Formats.stationing(Double.NaN)).isEqualTo("–");
    }
}
