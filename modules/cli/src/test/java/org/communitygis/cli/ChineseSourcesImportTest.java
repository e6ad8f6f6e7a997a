package org.communitygis.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.communitygis.core.crs.Crs;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.io.ChinaCoordinateShift;
import org.communitygis.io.ShapefileBytes;
import org.communitygis.store.Projects;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Point;

/**
 * A street office's data imported as it comes. The sources are a GBK Shapefile with Chinese field names,
 * written byte by byte here; a GBK CSV household list joined onto the buildings; and GPS points taken in
 * AMap's GCJ-02, in an Excel file.
 */
class ChineseSourcesImportTest {
    private static final Charset GBK = Charset.forName("GBK");
    private static final String PRJ_4544 = "PROJCS[\"CGCS2000_3_Degree_GK_CM_105E\",GEOGCS[\"GCS_China_Geodetic_Coordinate_System_2000\","
            + "DATUM[\"D_China_2000\",SPHEROID[\"CGCS2000\",6378137.0,298.257222101]],PRIMEM[\"Greenwich\",0.0],"
            + "UNIT[\"Degree\",0.0174532925199433]],PROJECTION[\"Gauss_Kruger\"],PARAMETER[\"False_Easting\",500000.0],"
            + "PARAMETER[\"False_Northing\",0.0],PARAMETER[\"Central_Meridian\",105.0],PARAMETER[\"Scale_Factor\",1.0],"
            + "PARAMETER[\"Latitude_Of_Origin\",0.0],UNIT[\"Meter\",1.0]]";
    /** Centre of the test village in EPSG:4544 (near Chengdu's longitude, 30.6°N), m. */
    private static final double X0 = 406500;
    private static final double Y0 = 3393000;

    @TempDir
    Path dir;

    private Path shp;
    private Path households;
    private Path wells;
    /** The WGS 84 positions the two wells really have. */
    private final double[][] wellsWgs84 = {{104.0200, 30.6600}, {104.0210, 30.6605}};

    @BeforeEach
    void writeSources() throws Exception {
        shp = dir.resolve("房屋.shp");
        writeBuildingsShapefile(shp);
        households = dir.resolve("户籍.csv");
        Files.write(households, ("户主,门牌号,人口\r\n张三,1,4\r\n李四,1,3\r\n王五,2,5\r\n外来户,99,2\r\n")
                .getBytes(GBK));
        wells = dir.resolve("检查井.xlsx");
        try (XSSFWorkbook workbook = new XSSFWorkbook(); OutputStream out = Files.newOutputStream(wells)) {
            Sheet sheet = workbook.createSheet("井");
            Row header = sheet.createRow(0);
            header.createCell(0).setCellValue("名称");
            header.createCell(1).setCellValue("经度");
            header.createCell(2).setCellValue("纬度");
            for (int i = 0; i < wellsWgs84.length; i++) {
                double[] gcj = ChinaCoordinateShift.wgs84ToGcj02(wellsWgs84[i][0], wellsWgs84[i][1]);
                Row row = sheet.createRow(i + 1);
                row.createCell(0).setCellValue("井" + (i + 1));
                row.createCell(1).setCellValue(gcj[0]);
                row.createCell(2).setCellValue(gcj[1]);
            }
            Row bad = sheet.createRow(3);
            bad.createCell(0).setCellValue("坏井");
            bad.createCell(1).setCellValue("未测");
            workbook.write(out);
        }
    }

    @Test
    void importsShapefileTableAndShiftedPoints() throws Exception {
        Path project = dir.resolve("村.gpkg");
        CliRun run = CliRun.of("--lang", "en", "import", "--project", project.toString(), shp.toString(),
                households.toString(), wells.toString(), "--layer-map", "房屋=buildings", "--layer-map",
                "检查井=facilities", "--join-key", "门牌号=门牌", "--coord-system", "gcj02");
        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(run.out).contains("buildings").contains("facilities").contains("户籍.csv");
        assertThat(run.err).contains("row 4").contains("99");

        FeatureLayer buildings = Projects.read(project, store -> store.readFeatures("buildings"));
        String crs = Projects.read(project, store -> store.crs().orElseThrow());
        assertThat(crs).isEqualTo("EPSG:4544");
        assertThat(buildings.size()).isEqualTo(3);
        Feature first = byName(buildings, "张家");
        assertThat(first.get("households")).isEqualTo(2L);
        assertThat(first.get("residents")).isEqualTo(7L);
        assertThat(byName(buildings, "李家").get("households")).isEqualTo(1L);
        assertThat(byName(buildings, "祠堂").get("households")).isNull();
        assertThat(first.geometry().getArea()).isCloseTo(20 * 12 - 4 * 4, within(1e-6));

        FeatureLayer facilities = Projects.read(project, store -> store.readFeatures("facilities"));
        assertThat(facilities.size()).isEqualTo(2);
        for (int i = 0; i < wellsWgs84.length; i++) {
            Coordinate expected = Crs.transform(Crs.CRS84, "EPSG:4544")
                    .apply(new org.locationtech.jts.geom.GeometryFactory().createPoint(
                            new Coordinate(wellsWgs84[i][0], wellsWgs84[i][1]))).getCoordinate();
            Point actual = (Point) facilities.features().get(i).geometry();
            assertThat(actual.getCoordinate().distance(expected)).as("well %d", i + 1).isLessThan(0.01);
        }
    }

    @Test
    void defaultNameWarnsAboutLayerMap() throws Exception {
        Path project = dir.resolve("p.gpkg");
        CliRun run = CliRun.of("--lang", "zh", "import", "--project", project.toString(), shp.toString());
        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(run.err).contains("--layer-map 房屋=buildings");
        assertThat(run.err).contains("GBK");
    }

    @Test
    void chineseFileNamesGiveDistinctLayers() throws Exception {
        for (String extension : new String[] {"shp", "shx", "dbf", "prj"}) {
            Files.copy(dir.resolve("房屋." + extension), dir.resolve("道路." + extension));
        }
        Path project = dir.resolve("p.gpkg");

        CliRun houses = CliRun.of("--lang", "en", "import", "--project", project.toString(), shp.toString());
        CliRun roads = CliRun.of("--lang", "en", "import", "--project", project.toString(),
                dir.resolve("道路.shp").toString());

        assertThat(houses.exitCode).as(houses.toString()).isZero();
        assertThat(roads.exitCode).as(roads.toString()).isZero();
        assertThat(roads.err).doesNotContain("already had a layer");
        List<String> names = Projects.read(project, store -> store.layers().stream().map(info -> info.name()).toList());
        assertThat(names).contains("u623f_u5c4b", "u9053_u8def");
        int houseCount = Projects.read(project, store -> store.readFeatures("u623f_u5c4b").size());
        int roadCount = Projects.read(project, store -> store.readFeatures("u9053_u8def").size());
        assertThat(houseCount).isEqualTo(3);
        assertThat(roadCount).isEqualTo(3);
        assertThat(roads.err).contains("道路").contains("u9053_u8def").contains("--layer-map 道路=buildings");
    }

    @Test
    void householdNumberInvalidWarns() throws Exception {
        Path table = dir.resolve("户籍错.csv");
        Files.write(table, "户主,门牌号,人口\r\n张三,1,4\r\n李四,1,abc\r\n".getBytes(GBK));
        Path project = dir.resolve("p.gpkg");

        CliRun run = CliRun.of("--lang", "en", "import", "--project", project.toString(), shp.toString(),
                table.toString(), "--layer-map", "房屋=buildings", "--join-key", "门牌号=门牌");

        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(run.err).contains("户籍错.csv").contains("3:人口=\"abc\"");
        FeatureLayer buildings = Projects.read(project, store -> store.readFeatures("buildings"));
        assertThat(byName(buildings, "张家").get("residents")).isEqualTo(4L);
    }

    @Test
    void failedImportsLeaveProjectUnchanged() throws Exception {
        Path project = dir.resolve("p.gpkg");
        CliRun first = CliRun.of("--lang", "en", "import", "--project", project.toString(), shp.toString(),
                "--layer-map", "房屋=buildings");
        assertThat(first.exitCode).as(first.toString()).isZero();
        String before = sha256(project);

        CliRun badKey = CliRun.of("--lang", "en", "import", "--project", project.toString(), households.toString(),
                "--join-key", "门牌号=address");
        assertThat(badKey.exitCode).as(badKey.toString()).isEqualTo(1);
        assertThat(badKey.err).contains("address").contains("门牌");
        assertThat(sha256(project)).isEqualTo(before);

        CliRun noJoin = CliRun.of("--lang", "en", "import", "--project", project.toString(), households.toString());
        assertThat(noJoin.exitCode).as(noJoin.toString()).isEqualTo(1);
        assertThat(noJoin.err).contains("户籍.csv").contains("--join-key");
        assertThat(sha256(project)).isEqualTo(before);

        Files.delete(dir.resolve("房屋.prj"));
        CliRun noPrj = CliRun.of("--lang", "en", "import", "--project", project.toString(), shp.toString());
        assertThat(noPrj.exitCode).as(noPrj.toString()).isEqualTo(1);
        assertThat(noPrj.err).contains("房屋.prj").contains("--source-crs");
        assertThat(sha256(project)).isEqualTo(before);

        Path allBad = dir.resolve("全坏.csv");
        Files.writeString(allBad, "名称,经度,纬度\n井,未测,\n", StandardCharsets.UTF_8);
        CliRun empty = CliRun.of("--lang", "en", "import", "--project", project.toString(), allBad.toString());
        assertThat(empty.exitCode).as(empty.toString()).isEqualTo(1);
        assertThat(empty.err).contains("row 2").contains("全坏.csv");
        assertThat(sha256(project)).isEqualTo(before);

        CliRun badTarget = CliRun.of("--lang", "en", "import", "--project", project.toString(), wells.toString(),
                "--layer-map", "检查井=检查井");
        assertThat(badTarget.exitCode).as(badTarget.toString()).isEqualTo(1);
        assertThat(badTarget.err).contains("--layer-map");
        assertThat(sha256(project)).isEqualTo(before);
    }

    @Test
    void siblingFilesImportTheShapefileOnce() throws Exception {
        Path project = dir.resolve("p.gpkg");
        CliRun run = CliRun.of("--lang", "en", "import", "--project", project.toString(), shp.toString(),
                dir.resolve("房屋.dbf").toString(), dir.resolve("房屋.prj").toString(), "--layer-map", "房屋=buildings");
        assertThat(run.exitCode).as(run.toString()).isZero();
        FeatureLayer buildings = Projects.read(project, store -> store.readFeatures("buildings"));
        int layers = Projects.read(project, store -> store.layers().size());
        assertThat(buildings.size()).isEqualTo(3);
        assertThat(layers).isEqualTo(1);
    }

    @Test
    void exportWritesGbkShapefile() throws Exception {
        Path project = dir.resolve("p.gpkg");
        CliRun imported = CliRun.of("--lang", "en", "import", "--project", project.toString(), shp.toString(),
                "--layer-map", "房屋=buildings");
        assertThat(imported.exitCode).as(imported.toString()).isZero();
        Path out = dir.resolve("导出").resolve("建筑.shp");
        Files.createDirectories(out.getParent());
        CliRun exported = CliRun.of("--lang", "en", "export", "--project", project.toString(), "buildings", "--out",
                out.toString(), "--encoding", "GBK");
        assertThat(exported.exitCode).as(exported.toString()).isZero();

        assertThat(Files.readString(out.resolveSibling("建筑.cpg"), StandardCharsets.US_ASCII)).isEqualTo("936");
        byte[] dbf = Files.readAllBytes(out.resolveSibling("建筑.dbf"));
        assertThat(dbf[29] & 0xFF).isEqualTo(0x4D);
        assertThat(new String(dbf, GBK)).contains("名称").contains("张家").contains("祠堂");
        FeatureLayer back = org.communitygis.io.ShapefileReader.read(out, "buildings", java.util.Optional.empty(),
                java.util.Optional.empty(), new org.communitygis.core.Diagnostics());
        assertThat(back.crs()).isEqualTo("EPSG:4544");
        assertThat(back.features()).extracting(feature -> feature.get("名称")).containsExactly("张家", "李家", "祠堂");
    }

    private static Feature byName(FeatureLayer layer, String name) {
        return layer.features().stream().filter(f -> name.equals(f.get("名称"))).findFirst().orElseThrow();
    }

    /**
     * Writes three rectangular buildings (the first 20 m × 12 m with a 4 m × 4 m courtyard hole) as a
     * Polygon Shapefile with a GBK attribute table: 名称 C(20), 门牌 C(6), 层数 N(2). The DBF declares GBK
     * only by its language driver id 0x4D; there is no .cpg.
     */
    private static void writeBuildingsShapefile(Path shp) throws IOException {
        double[][][] rings = {
            {{X0, Y0}, {X0, Y0 + 12}, {X0 + 20, Y0 + 12}, {X0 + 20, Y0}, {X0, Y0}},
            {{X0 + 30, Y0}, {X0 + 30, Y0 + 10}, {X0 + 40, Y0 + 10}, {X0 + 40, Y0}, {X0 + 30, Y0}},
            {{X0 + 50, Y0}, {X0 + 50, Y0 + 8}, {X0 + 58, Y0 + 8}, {X0 + 58, Y0}, {X0 + 50, Y0}},
        };
        double[][] hole = {{X0 + 8, Y0 + 4}, {X0 + 12, Y0 + 4}, {X0 + 12, Y0 + 8}, {X0 + 8, Y0 + 8}, {X0 + 8, Y0 + 4}};
        List<byte[]> records = new java.util.ArrayList<>();
        for (int i = 0; i < rings.length; i++) {
            double[][][] parts = i == 0 ? new double[][][] {rings[i], hole} : new double[][][] {rings[i]};
            int points = 0;
            for (double[][] part : parts) {
                points += part.length;
            }
            ByteBuffer content = ByteBuffer.allocate(44 + 4 * parts.length + 16 * points).order(ByteOrder.LITTLE_ENDIAN);
            content.putInt(5).putDouble(rings[i][0][0]).putDouble(rings[i][0][1]).putDouble(rings[i][2][0])
                    .putDouble(rings[i][2][1]).putInt(parts.length).putInt(points);
            int start = 0;
            for (double[][] part : parts) {
                content.putInt(start);
                start += part.length;
            }
            for (double[][] part : parts) {
                for (double[] point : part) {
                    content.putDouble(point[0]).putDouble(point[1]);
                }
            }
            records.add(content.array());
        }
        int words = 50;
        for (byte[] record : records) {
            words += 4 + record.length / 2;
        }
        ByteBuffer shpBytes = ByteBuffer.allocate(words * 2);
        ByteBuffer shxBytes = ByteBuffer.allocate(100 + 8 * records.size());
        for (ByteBuffer header : new ByteBuffer[] {shpBytes, shxBytes}) {
            header.order(ByteOrder.BIG_ENDIAN).putInt(9994).position(24);
            header.putInt(header == shpBytes ? words : 50 + 4 * records.size());
            header.order(ByteOrder.LITTLE_ENDIAN).putInt(1000).putInt(5);
            header.putDouble(X0).putDouble(Y0).putDouble(X0 + 58).putDouble(Y0 + 12);
            header.position(100);
        }
        int offset = 50;
        for (int i = 0; i < records.size(); i++) {
            shpBytes.order(ByteOrder.BIG_ENDIAN).putInt(i + 1).putInt(records.get(i).length / 2).put(records.get(i));
            shxBytes.order(ByteOrder.BIG_ENDIAN).putInt(offset).putInt(records.get(i).length / 2);
            offset += 4 + records.get(i).length / 2;
        }
        Files.write(shp, shpBytes.array());
        Files.write(shp.resolveSibling("房屋.shx"), shxBytes.array());
        Files.writeString(shp.resolveSibling("房屋.prj"), PRJ_4544, StandardCharsets.US_ASCII);

        List<ShapefileBytes.Column> columns = List.of(new ShapefileBytes.Column("名称", 'C', 20, 0),
                new ShapefileBytes.Column("门牌", 'C', 6, 0), new ShapefileBytes.Column("层数", 'N', 2, 0));
        List<List<String>> rows = List.of(List.of("张家", "1", "2"), List.of("李家", "2", "1"), List.of("祠堂", "3", "1"));
        Files.write(shp.resolveSibling("房屋.dbf"), ShapefileBytes.dbf(GBK, 0x4D, columns, rows));
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
