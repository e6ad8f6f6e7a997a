package org.communitygis.report.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.communitygis.core.CgisException;
import org.communitygis.core.Diagnostics;
import org.communitygis.core.crs.Crs;
import org.communitygis.core.crs.CrsTransform;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.feature.Field;
import org.communitygis.core.feature.FieldType;
import org.communitygis.core.feature.GeometryKind;
import org.communitygis.core.i18n.UserLocale;
import org.communitygis.core.progress.Progress;
import org.communitygis.core.store.LayerInfo;
import org.communitygis.core.store.MemoryStore;
import org.communitygis.report.ReportMessages;
import org.communitygis.core.testing.BundleAssert;
import org.communitygis.sample.GeneratedCommunities;
import org.communitygis.sample.SampleVillage;
import org.communitygis.store.GeoPackageStore;
import org.communitygis.store.Projects;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.locationtech.jts.geom.Geometry;

class BatchReportTest {
    @TempDir
    static Path inputs;

    static List<CommunitySource> sources = new ArrayList<>();

    @BeforeAll
    static void writeProjects() throws Exception {
        for (int i = 0; i < 3; i++) {
            sources.add(CommunitySource.geoPackage(save(GeneratedCommunities.build(i), inputs.resolve(GeneratedCommunities.id(i) + ".gpkg"))));
        }
        sources.add(CommunitySource.geoPackage(save(SampleVillage.build(), inputs.resolve("shiyan.gpkg"))));
        Path broken = inputs.resolve("broken.gpkg");
        Files.writeString(broken, "not a GeoPackage");
        sources.add(CommunitySource.geoPackage(broken));
    }

    private static Path save(MemoryStore memory, Path file) {
        try (GeoPackageStore store = GeoPackageStore.create(file)) {
            store.setCrs(memory.crs().orElseThrow());
            for (LayerInfo info : memory.layers()) {
                if (info.type() == LayerInfo.LayerType.RASTER) {
                    store.writeRaster(info.name(), memory.readRaster(info.name()));
                } else {
                    store.writeFeatures(memory.readFeatures(info.name()));
                }
            }
            memory.metadata().forEach(store::putMetadata);
        }
        return file;
    }

    private static BatchReport.Summary run(Path out, BatchOptions options) {
        try (CoverageEngine engine = new LocalCoverageEngine()) {
            return BatchReport.write(sources, engine, out, options, Progress.NONE, new Diagnostics());
        }
    }

    @Test
    void batchWritesEveryFormat(@TempDir Path out) throws Exception {
        BatchReport.Summary summary = run(out, BatchOptions.defaults(UserLocale.CHINESE));

        assertThat(summary.succeeded()).isEqualTo(4);
        assertThat(summary.failures()).hasSize(1);
        assertThat(summary.failures().get(0)[0]).isEqualTo("broken");
        String failures = Files.readString(out.resolve("failures.csv"), StandardCharsets.UTF_8);
        assertThat(failures).startsWith("\uFEFFcommunity_id,source,message\r\n").contains("broken,");

        String communities = Files.readString(out.resolve("communities.csv"), StandardCharsets.UTF_8);
        assertThat(communities.charAt(0)).isEqualTo('\uFEFF');
        assertThat(communities.split("\r\n")).hasSize(5);
        assertThat(communities).contains("c0001,生成社区0001,").contains("shiyan,示例村,");
        String zones = Files.readString(out.resolve("zones.csv"), StandardCharsets.UTF_8);
        assertThat(zones).contains("shiyan,示例村,三组,").contains("c0002,生成社区0002,六组,");
        assertThat(Files.readString(out.resolve("drainage_findings.csv"))).contains(",reverse,").contains(",too_flat,");

        try (InputStream in = Files.newInputStream(out.resolve("tables.xlsx")); XSSFWorkbook book = new XSSFWorkbook(in)) {
            Sheet sheet = book.getSheet(BatchTables.COMMUNITIES);
            assertThat(sheet.getRow(0).getCell(4).getStringCellValue()).isEqualTo("户数");
            assertThat(sheet.getRow(4).getCell(0).getStringCellValue()).isEqualTo("shiyan");
            assertThat(sheet.getRow(4).getCell(4).getNumericCellValue()).isEqualTo(SampleVillage.HOUSEHOLDS);
            assertThat(sheet.getRow(1).getCell(7).getCellStyle().getDataFormatString()).isEqualTo("0.0");
        }

        try (PDDocument pdf = Loader.loadPDF(out.resolve("report.pdf").toFile())) {
            String text = new PDFTextStripper().getText(pdf);
            assertThat(text).contains("示例村").contains("三组").contains("生成社区0003");
            assertThat(text).doesNotContain("true").doesNotContain("false");
        }

        BufferedImage map = ImageIO.read(out.resolve("communities/shiyan/map.png").toFile());
        assertThat(map.getWidth()).isEqualTo(900);
        assertThat(distinctColours(map)).isGreaterThan(10);
        String page = Files.readString(out.resolve("communities/shiyan/index.html"));
        assertThat(page).contains("<svg").contains("map.png").contains("三组");
        assertThat(Files.readString(out.resolve("index.html"))).contains("communities/c0001/index.html").contains("broken");
        assertThat(page).contains("href=\"zones/3.html\"");
        String zonePage = Files.readString(out.resolve("communities/c0002/zones/6.html"));
        assertThat(zonePage).contains("六组").contains("生成社区0002").contains("src=\"6.png\"")
                .contains("href=\"../index.html\"");
        BufferedImage zoneMap = ImageIO.read(out.resolve("communities/c0002/zones/6.png").toFile());
        assertThat(zoneMap.getWidth()).isEqualTo(BatchOptions.ZONE_MAP_WIDTH_PX);
        assertThat(distinctColours(zoneMap)).isGreaterThan(10);
        assertThat(Files.readString(out.resolve("road_condition.csv"))).contains("c0001,no_survey,");
        assertThat(Files.readString(out.resolve("communities/c0001/index.html"))).contains("没有路面病害调查");
        // Yes/no cells: 是/否 on pages and in the PDF, true/false kept in CSV for machines.
        String noSurveyPage = Files.readString(out.resolve("communities/c0001/index.html"));
        assertThat(noSurveyPage).contains("<td>否</td>");
        assertThat(noSurveyPage).doesNotContain("<td>false</td>").doesNotContain("<td>true</td>");
        assertThat(communities).contains(",false,");
        try (GeoPackageStore results = GeoPackageStore.openReadOnly(out.resolve("results.gpkg"))) {
            assertThat(results.readFeatures("zones").size()).isEqualTo(5 + 3 * GeneratedCommunities.LANES);
            assertThat(results.readFeatures("unserved").size()).isGreaterThan(0);
        }
    }

    @Test
    void rerunSkipsAndIsByteIdentical(@TempDir Path out) throws Exception {
        BatchOptions options = BatchOptions.defaults(UserLocale.ENGLISH).withFormats(Set.of("csv", "xlsx", "gpkg", "html"));
        run(out, options);
        byte[] csv = Files.readAllBytes(out.resolve("zones.csv"));
        byte[] unserved = Files.readAllBytes(out.resolve("unserved.csv"));
        byte[] xlsx = Files.readAllBytes(out.resolve("tables.xlsx"));
        byte[] gpkg = Files.readAllBytes(out.resolve("results.gpkg"));

        BatchReport.Summary again = run(out, options);
        assertThat(again.skipped()).isEqualTo(4);
        assertThat(again.failures()).hasSize(1);
        assertThat(Files.readAllBytes(out.resolve("zones.csv"))).isEqualTo(csv);
        assertThat(Files.readAllBytes(out.resolve("tables.xlsx"))).isEqualTo(xlsx);

        BatchReport.Summary forced = run(out, options.withForce(true));
        assertThat(forced.skipped()).isZero();
        assertThat(Files.readAllBytes(out.resolve("zones.csv"))).isEqualTo(csv);
        assertThat(Files.readAllBytes(out.resolve("unserved.csv"))).isEqualTo(unserved);
        assertThat(Files.readAllBytes(out.resolve("tables.xlsx"))).isEqualTo(xlsx);
        assertThat(Files.readAllBytes(out.resolve("results.gpkg"))).isEqualTo(gpkg);
    }

    @Test
    void changedInputIsRecomputed(@TempDir Path out) throws Exception {
        Path copy = out.resolve("in/c0001.gpkg");
        Files.createDirectories(copy.getParent());
        Files.copy(inputs.resolve("c0001.gpkg"), copy);
        BatchOptions options = BatchOptions.defaults(UserLocale.ENGLISH).withFormats(Set.of("csv"));
        try (CoverageEngine engine = new LocalCoverageEngine()) {
            BatchReport.write(List.of(CommunitySource.geoPackage(copy)), engine, out.resolve("report"), options,
                    Progress.NONE, new Diagnostics());
            Projects.update(copy, store -> {
                store.putMetadata("project.name", "改名社区");
                return null;
            });
            BatchReport.Summary summary = BatchReport.write(List.of(CommunitySource.geoPackage(copy)), engine,
                    out.resolve("report"), options, Progress.NONE, new Diagnostics());
            assertThat(summary.skipped()).isZero();
        }
        assertThat(Files.readString(out.resolve("report/communities.csv"))).contains("改名社区");
    }

    @Test
    void threadCountKeepsOutputsEqual(@TempDir Path out) throws Exception {
        BatchOptions options = BatchOptions.defaults(UserLocale.ENGLISH).withFormats(Set.of("csv", "xlsx", "html"));
        try (CoverageEngine engine = new LocalCoverageEngine(1)) {
            BatchReport.write(sources, engine, out.resolve("one"), options.withThreads(1), Progress.NONE, new Diagnostics());
        }
        try (CoverageEngine engine = new LocalCoverageEngine(3)) {
            BatchReport.write(sources, engine, out.resolve("three"), options.withThreads(3), Progress.NONE,
                    new Diagnostics());
        }
        for (String file : List.of("communities.csv", "zones.csv", "unserved.csv", "road_condition.csv", "tables.xlsx",
                "communities/c0001/map.png", "communities/c0001/zones/2.png")) {
            assertThat(Files.readAllBytes(out.resolve("three").resolve(file))).as(file)
                    .isEqualTo(Files.readAllBytes(out.resolve("one").resolve(file)));
        }
    }

    @Test
    void surveyLayerGivesPciGrades(@TempDir Path out) throws Exception {
        MemoryStore memory = GeneratedCommunities.build(0);
        FeatureLayer roads = memory.readFeatures("roads");
        FeatureLayer survey = new FeatureLayer(CommunityLoader.SURVEY_LAYER, GeometryKind.POINT, GeneratedCommunities.CRS,
                List.of(new Field("road", FieldType.STRING), new Field("from_m", FieldType.REAL),
                        new Field("to_m", FieldType.REAL), new Field("type", FieldType.STRING),
                        new Field("severity", FieldType.STRING), new Field("area_m2", FieldType.REAL)));
        long id = 1;
        for (Feature road : roads.features()) {
            Feature record = new Feature(id++, road.geometry().getCentroid());
            record.set("road", road.getString("name"));
            record.set("from_m", 0.0);
            record.set("to_m", 40.0);
            record.set("type", "坑槽");
            record.set("severity", "重");
            record.set("area_m2", 60.0);
            survey.add(record);
        }
        memory.writeFeatures(survey);
        Path project = save(memory, out.resolve("in/surveyed.gpkg"));
        try (CoverageEngine engine = new LocalCoverageEngine()) {
            BatchReport.write(List.of(CommunitySource.geoPackage(project)), engine, out.resolve("report"),
                    BatchOptions.defaults(UserLocale.ENGLISH).withFormats(Set.of("csv", "html")), Progress.NONE,
                    new Diagnostics());
        }
        String condition = Files.readString(out.resolve("report/road_condition.csv"));
        assertThat(condition).doesNotContain("no_survey").containsPattern("surveyed,[优良中次差],");
        assertThat(Files.readString(out.resolve("report/communities.csv"))).contains(",true,1,1\r\n");
        assertThat(Files.readString(out.resolve("report/communities/surveyed/index.html")))
                .doesNotContain("No distress survey");
    }

    /**
     * Transforms a community into another CRS and back through results.gpkg: EPSG:4545 (the next
     * CGCS2000 zone) has a direct operation, EPSG:32650 (UTM on WGS 84, no overlapping area of use) goes
     * through WGS 84 longitude and latitude.
     */
    @ParameterizedTest
    @ValueSource(strings = {"EPSG:4545", "EPSG:32650"})
    void geoPackageTransformsOtherCrs(String neighbourZone, @TempDir Path out) throws Exception {
        MemoryStore original = GeneratedCommunities.build(5);
        CrsTransform toWgs84 = Crs.transform(GeneratedCommunities.CRS, Crs.WGS84);
        CrsTransform fromWgs84 = Crs.transform(Crs.WGS84, neighbourZone);
        MemoryStore moved = new MemoryStore();
        moved.setCrs(neighbourZone);
        for (LayerInfo info : original.layers()) {
            if (info.type() != LayerInfo.LayerType.VECTOR) {
                continue;
            }
            FeatureLayer layer = original.readFeatures(info.name());
            FeatureLayer copy = new FeatureLayer(layer.name(), layer.kind(), neighbourZone, layer.fields());
            for (Feature feature : layer.features()) {
                copy.add(new Feature(feature.id(), fromWgs84.apply(toWgs84.apply(feature.geometry())), feature.attributes()));
            }
            moved.writeFeatures(copy);
        }
        original.metadata().forEach(moved::putMetadata);
        List<CommunitySource> mixed = List.of(sources.get(0),
                CommunitySource.geoPackage(save(moved, out.resolve("in/moved.gpkg"))));
        try (CoverageEngine engine = new LocalCoverageEngine()) {
            BatchReport.write(mixed, engine, out.resolve("report"),
                    BatchOptions.defaults(UserLocale.ENGLISH).withFormats(Set.of("gpkg")), Progress.NONE,
                    new Diagnostics());
        }
        try (GeoPackageStore results = GeoPackageStore.openReadOnly(out.resolve("report/results.gpkg"))) {
            FeatureLayer zones = results.readFeatures("zones");
            // Two CRSs in one batch: the results are in WGS 84 longitude and latitude.
            assertThat(results.crs()).contains(Crs.WGS84);
            assertThat(zones.size()).isEqualTo(2 * GeneratedCommunities.LANES);
            Geometry expected = toWgs84.apply(original.readFeatures("zones").features().get(0).geometry());
            Feature back = zones.features().stream().filter(f -> "moved".equals(f.getString("community_id"))).findFirst()
                    .orElseThrow();
            // 1e-7 degrees is about 1 cm.
            assertThat(back.geometry().getCentroid().distance(expected.getCentroid())).isLessThan(1e-7);
        }
    }

    /** One project with the layers of four generated communities: 24 village groups as the report units. */
    @Test
    void oneProjectWithManyZones(@TempDir Path out) throws Exception {
        MemoryStore district = new MemoryStore();
        district.setCrs(GeneratedCommunities.CRS);
        district.putMetadata("project.name", "某街道");
        long households = 0;
        for (String name : List.of("buildings", "pipes", "roads", "zones", "facilities")) {
            FeatureLayer merged = null;
            long id = 1;
            for (int i = 0; i < 4; i++) {
                FeatureLayer layer = GeneratedCommunities.build(i).readFeatures(name);
                if (merged == null) {
                    merged = new FeatureLayer(name, layer.kind(), layer.crs(), layer.fields());
                }
                for (Feature feature : layer.features()) {
                    Feature copy = new Feature(id++, feature.geometry(), feature.attributes());
                    if (name.equals("zones")) {
                        copy.set("name", GeneratedCommunities.id(i) + feature.getString("name"));
                    }
                    if (name.equals("buildings")) {
                        households += feature.getLong("households", 0);
                    }
                    merged.add(copy);
                }
            }
            district.writeFeatures(merged);
        }
        Path project = save(district, out.resolve("in/district.gpkg"));
        try (CoverageEngine engine = new LocalCoverageEngine()) {
            BatchReport.write(List.of(CommunitySource.geoPackage(project)), engine, out.resolve("report"),
                    BatchOptions.defaults(UserLocale.CHINESE).withFormats(Set.of("csv", "html")), Progress.NONE,
                    new Diagnostics());
        }

        List<String> zones = Files.readAllLines(out.resolve("report/zones.csv"), StandardCharsets.UTF_8);
        assertThat(zones).hasSize(1 + 4 * GeneratedCommunities.LANES);
        assertThat(zones.get(1)).startsWith("district,某街道,c0001一组,");
        assertThat(zones.get(24)).startsWith("district,某街道,c0004六组,");
        String communities = Files.readString(out.resolve("report/communities.csv"), StandardCharsets.UTF_8);
        assertThat(communities).contains("district,某街道,24,");
        assertThat(communities).contains("," + households + ",");
        String page = Files.readString(out.resolve("report/communities/district/index.html"));
        assertThat(page).contains("href=\"zones/24.html\"");
        Path zonePages = out.resolve("report/communities/district/zones");
        assertThat(Files.readString(zonePages.resolve("24.html"))).contains("c0004六组");
        byte[] first = Files.readAllBytes(zonePages.resolve("1.png"));
        byte[] last = Files.readAllBytes(zonePages.resolve("24.png"));
        assertThat(first).isNotEqualTo(last);
        assertThat(distinctColours(ImageIO.read(zonePages.resolve("24.png").toFile()))).isGreaterThan(10);
    }

    @Test
    void missingPdfFontNamesPackage(@TempDir Path out) {
        System.setProperty(PdfFonts.FONT_PROPERTY, out.resolve("no-such-font.ttc").toString());
        try {
            assertThatThrownBy(() -> run(out, BatchOptions.defaults(UserLocale.ENGLISH)))
                    .isInstanceOf(CgisException.class)
                    .hasMessageContaining("fonts-wqy-zenhei");
        } finally {
            System.clearProperty(PdfFonts.FONT_PROPERTY);
        }
        assertThat(new File(out.toFile(), "index.html")).doesNotExist();
    }

    @Test
    void localEngineFoundByName() {
        try (CoverageEngine engine = CoverageEngines.open("local", java.util.Map.of())) {
            assertThat(engine).isInstanceOf(LocalCoverageEngine.class);
        }
        assertThatThrownBy(() -> CoverageEngines.open("nosuch", java.util.Map.of()))
                .isInstanceOf(CgisException.class).hasMessageContaining("local");
    }

    @Test
    void bundlesComplete() {
        BundleAssert.assertComplete(ReportMessages.BUNDLE);
    }

    private static int distinctColours(BufferedImage image) {
        java.util.Set<Integer> colours = new java.util.HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 7) {
            for (int x = 0; x < image.getWidth(); x += 7) {
                colours.add(image.getRGB(x, y));
            }
        }
        return colours.size();
    }
}
