package org.communitygis.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.communitygis.core.CgisException;
import org.communitygis.core.Diagnostics;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.feature.Field;
import org.communitygis.core.feature.FieldType;
import org.communitygis.core.feature.GeometryKind;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.io.WKTReader;

class ShapefileReaderTest {
    private static final String PRJ_4544 = "PROJCS[\"CGCS2000_3_Degree_GK_CM_105E\",GEOGCS[\"GCS_China_Geodetic_Coordinate_System_2000\","
            + "DATUM[\"D_China_2000\",SPHEROID[\"CGCS2000\",6378137.0,298.257222101]],PRIMEM[\"Greenwich\",0.0],"
            + "UNIT[\"Degree\",0.0174532925199433]],PROJECTION[\"Gauss_Kruger\"],PARAMETER[\"False_Easting\",500000.0],"
            + "PARAMETER[\"False_Northing\",0.0],PARAMETER[\"Central_Meridian\",105.0],PARAMETER[\"Scale_Factor\",1.0],"
            + "PARAMETER[\"Latitude_Of_Origin\",0.0],UNIT[\"Meter\",1.0]]";
    private static final List<ShapefileBytes.Column> GBK_COLUMNS = List.of(
            new ShapefileBytes.Column("名称", 'C', 20, 0), new ShapefileBytes.Column("户数", 'N', 4, 0),
            new ShapefileBytes.Column("面积", 'N', 10, 2), new ShapefileBytes.Column("有户主", 'L', 1, 0),
            new ShapefileBytes.Column("建成日期", 'D', 8, 0), new ShapefileBytes.Column("备注", 'M', 10, 0));

    @TempDir
    Path dir;

    /** Writes a GBK village: a PolygonZ with a hole, a null shape, a deleted record and a two-part polygon. */
    private Path gbkVillage(int languageDriver, boolean cpg) throws Exception {
        ShapefileBytes shapes = new ShapefileBytes(15)
                .parts(new double[] {0, 0, 0, 10, 10, 10, 10, 0, 0, 0}, new double[] {2, 2, 4, 2, 4, 4, 2, 4, 2, 2})
                .nullShape()
                .parts(new double[] {20, 0, 20, 5, 25, 5, 20, 0})
                .parts(new double[] {30, 0, 30, 5, 35, 5, 35, 0, 30, 0}, new double[] {40, 0, 40, 5, 45, 5, 45, 0, 40, 0});
        Path shp = dir.resolve("房屋.shp");
        Files.write(shp, shapes.shp());
        Files.write(dir.resolve("房屋.shx"), shapes.shx());
        Files.writeString(dir.resolve("房屋.prj"), PRJ_4544);
        if (cpg) {
            Files.writeString(dir.resolve("房屋.cpg"), "GBK");
        }
        List<List<String>> rows = List.of(
                Arrays.asList("张家老屋", "3", "120.50", "T", "20190301", "x"),
                Arrays.asList("空记录", "1", "1", "F", "", ""),
                Arrays.asList("*DELETED*", null, null, null, null, null),
                Arrays.asList("李家", "", "**********", "?", "00000000", ""));
        Files.write(dir.resolve("房屋.dbf"), ShapefileBytes.dbf(TextEncodings.GBK, languageDriver, GBK_COLUMNS, rows));
        return shp;
    }

    @Test
    void gbkByLanguageDriver() throws Exception {
        Diagnostics diagnostics = new Diagnostics();
        FeatureLayer layer = ShapefileReader.read(gbkVillage(0x4D, false), "buildings", Optional.empty(),
                Optional.empty(), diagnostics);

        assertThat(layer.crs()).isEqualTo("EPSG:4544");
        assertThat(layer.kind()).isEqualTo(GeometryKind.MULTIPOLYGON);
        assertThat(layer.fields()).extracting(Field::name).containsExactly("名称", "户数", "面积", "有户主", "建成日期");
        assertThat(layer.fields()).extracting(Field::type).containsExactly(FieldType.STRING, FieldType.INTEGER,
                FieldType.REAL, FieldType.BOOLEAN, FieldType.STRING);
        assertThat(layer.features()).extracting(Feature::id).containsExactly(1L, 4L);
        Feature first = layer.features().get(0);
        assertThat(first.get("名称")).isEqualTo("张家老屋");
        assertThat(first.get("户数")).isEqualTo(3L);
        assertThat(first.get("面积")).isEqualTo(120.5);
        assertThat(first.get("有户主")).isEqualTo(true);
        assertThat(first.get("建成日期")).isEqualTo("2019-03-01");
        Feature last = layer.features().get(1);
        assertThat(last.get("户数")).isNull();
        assertThat(last.get("面积")).isNull();
        assertThat(last.get("有户主")).isNull();
        assertThat(last.get("建成日期")).isNull();
        assertThat(diagnostics.count("shp.encoding")).isEqualTo(1);
        assertThat(diagnostics.warnings().toString()).contains("LDID 0x4D");
        assertThat(diagnostics.count("shp.nullShapes")).isEqualTo(1);
        assertThat(diagnostics.count("shp.deletedRecords")).isEqualTo(1);
        assertThat(diagnostics.count("shp.zKept")).isEqualTo(1);
        assertThat(first.geometry().getCoordinates()[1].getZ()).isEqualTo(1.0);
        assertThat(diagnostics.count("dbf.columnSkipped")).isEqualTo(1);
    }

    @Test
    void pointZKeepsHeights() throws Exception {
        ShapefileBytes shapes = new ShapefileBytes(11).point(500_010, 3_300_020, 512.34).point(500_030, 3_300_040, 498.5);
        Path shp = dir.resolve("高程点.shp");
        Files.write(shp, shapes.shp());
        Files.write(dir.resolve("高程点.shx"), shapes.shx());
        Diagnostics diagnostics = new Diagnostics();

        FeatureLayer layer = ShapefileReader.read(shp, "spot_heights", Optional.empty(), Optional.of("EPSG:4544"),
                diagnostics);

        assertThat(layer.features()).extracting(feature -> feature.geometry().getCoordinate().getZ())
                .containsExactly(512.34, 498.5);
        assertThat(layer.features().get(1).geometry().getCoordinate().getX()).isEqualTo(500_030.0);
        assertThat(diagnostics.count("shp.zKept")).isEqualTo(1);
    }

    @Test
    void holeAssignedByOrientation() throws Exception {
        FeatureLayer layer = ShapefileReader.read(gbkVillage(0x4D, false), "buildings", Optional.empty(),
                Optional.empty(), new Diagnostics());
        Polygon withHole = (Polygon) layer.features().get(0).geometry();
        assertThat(withHole.getNumInteriorRing()).isEqualTo(1);
        assertThat(withHole.getArea()).isEqualTo(96.0);
        Geometry twoParts = layer.features().get(1).geometry();
        assertThat(twoParts).isInstanceOf(MultiPolygon.class);
        assertThat(twoParts.getNumGeometries()).isEqualTo(2);
    }

    @Test
    void gbkGuessedFromContent() throws Exception {
        Diagnostics diagnostics = new Diagnostics();
        FeatureLayer layer = ShapefileReader.read(gbkVillage(0x00, false), "buildings", Optional.empty(),
                Optional.empty(), diagnostics);
        assertThat(layer.features().get(0).get("名称")).isEqualTo("张家老屋");
        assertThat(diagnostics.warnings().toString()).contains("GB18030");
        assertThat(diagnostics.count("shp.encodingFromContent")).isEqualTo(1);
    }

    @Test
    void cpgBeatsLanguageDriver() throws Exception {
        Diagnostics diagnostics = new Diagnostics();
        // LDID 0x03 declares windows-1252, which would garble the names, but the .cpg declares GBK and wins.
        FeatureLayer layer = ShapefileReader.read(gbkVillage(0x03, true), "buildings", Optional.empty(),
                Optional.empty(), diagnostics);
        assertThat(layer.features().get(0).get("名称")).isEqualTo("张家老屋");
        assertThat(diagnostics.warnings().toString()).contains("房屋.cpg");
    }

    @Test
    void encodingOptionBeatsEverything() throws Exception {
        Diagnostics diagnostics = new Diagnostics();
        FeatureLayer layer = ShapefileReader.read(gbkVillage(0x4D, true), "buildings",
                Optional.of(StandardCharsets.ISO_8859_1), Optional.empty(), diagnostics);
        assertThat(layer.features().get(0).get(layer.fields().get(0).name())).isNotEqualTo("张家老屋");
        assertThat(diagnostics.count("shp.encoding")).isZero();
    }

    @Test
    void missingShxScannedAndSaid() throws Exception {
        Path shp = gbkVillage(0x4D, false);
        Files.delete(dir.resolve("房屋.shx"));
        Diagnostics diagnostics = new Diagnostics();
        FeatureLayer layer = ShapefileReader.read(shp, "buildings", Optional.empty(), Optional.empty(), diagnostics);
        assertThat(layer.size()).isEqualTo(2);
        assertThat(diagnostics.warnings().toString()).contains("房屋.shx");
    }

    @Test
    void missingDbfGivesGeometriesOnly() throws Exception {
        Path shp = gbkVillage(0x4D, false);
        Files.delete(dir.resolve("房屋.dbf"));
        Diagnostics diagnostics = new Diagnostics();
        FeatureLayer layer = ShapefileReader.read(shp, "buildings", Optional.empty(), Optional.empty(), diagnostics);
        assertThat(layer.size()).isEqualTo(3);
        assertThat(layer.fields()).isEmpty();
        assertThat(diagnostics.count("shp.noDbf")).isEqualTo(1);
        assertThat(diagnostics.warnings().toString()).contains("房屋.dbf");
    }

    @Test
    void missingPrjAsksForSourceCrs() throws Exception {
        Path shp = gbkVillage(0x4D, false);
        Files.delete(dir.resolve("房屋.prj"));
        assertThatThrownBy(() -> ShapefileReader.read(shp, "buildings", Optional.empty(), Optional.empty(),
                new Diagnostics())).isInstanceOf(CgisException.class).hasMessageContaining("房屋.prj")
                .hasMessageContaining("--source-crs");
        FeatureLayer layer = ShapefileReader.read(shp, "buildings", Optional.empty(), Optional.of("EPSG:4545"),
                new Diagnostics());
        assertThat(layer.crs()).isEqualTo("EPSG:4545");
    }

    @Test
    void unknownPrjNamesProjection() throws Exception {
        Path shp = gbkVillage(0x4D, false);
        Files.writeString(dir.resolve("房屋.prj"), PRJ_4544.replace("Gauss_Kruger", "Lambert_Conformal_Conic")
                .replace("CGCS2000_3_Degree_GK_CM_105E", "My_Lambert")
                .replace("PARAMETER[\"Scale_Factor\",1.0],", "PARAMETER[\"Standard_Parallel_1\",25.0],"
                        + "PARAMETER[\"Standard_Parallel_2\",47.0],"));
        assertThatThrownBy(() -> ShapefileReader.read(shp, "buildings", Optional.empty(), Optional.empty(),
                new Diagnostics())).isInstanceOf(CgisException.class).hasMessageContaining("My_Lambert")
                .hasMessageContaining("--source-crs");
    }

    @Test
    void countMismatchUsesCommonPrefix() throws Exception {
        Path shp = gbkVillage(0x4D, false);
        List<List<String>> rows = List.of(Arrays.asList("张家老屋", "3", "1", "T", "", ""));
        Files.write(dir.resolve("房屋.dbf"), ShapefileBytes.dbf(TextEncodings.GBK, 0x4D, GBK_COLUMNS, rows));
        Diagnostics diagnostics = new Diagnostics();
        FeatureLayer layer = ShapefileReader.read(shp, "buildings", Optional.empty(), Optional.empty(), diagnostics);
        assertThat(layer.size()).isEqualTo(1);
        assertThat(diagnostics.count("shp.countMismatch")).isEqualTo(1);
        assertThat(diagnostics.warnings().get(diagnostics.warnings().size() - 1).toString()).isNotEmpty();
        assertThat(diagnostics.warnings().toString()).contains("4").contains("1");
    }

    @Test
    void truncatedShpKeepsCompleteRecords() throws Exception {
        Path shp = gbkVillage(0x4D, false);
        byte[] whole = Files.readAllBytes(shp);
        Files.write(shp, Arrays.copyOf(whole, whole.length - 20));
        Files.delete(dir.resolve("房屋.shx"));
        Diagnostics diagnostics = new Diagnostics();
        FeatureLayer layer = ShapefileReader.read(shp, "buildings", Optional.empty(), Optional.empty(), diagnostics);
        assertThat(layer.features()).extracting(Feature::id).containsExactly(1L);
        assertThat(diagnostics.count("shp.truncated")).isEqualTo(1);
        assertThat(diagnostics.count("shp.countMismatch")).isEqualTo(1);
    }

    @Test
    void truncatedDbfKeepsCompleteRecords() throws Exception {
        Path shp = gbkVillage(0x4D, false);
        byte[] whole = Files.readAllBytes(dir.resolve("房屋.dbf"));
        Files.write(dir.resolve("房屋.dbf"), Arrays.copyOf(whole, whole.length - 30));
        Diagnostics diagnostics = new Diagnostics();
        ShapefileReader.read(shp, "buildings", Optional.empty(), Optional.empty(), diagnostics);
        assertThat(diagnostics.count("dbf.truncated")).isEqualTo(1);
    }

    @Test
    void notAShapefileRejected() throws Exception {
        Path shp = dir.resolve("x.shp");
        Files.writeString(shp, "hello, this is no shapefile at all, but it is long enough to have a header"
                + " of one hundred bytes and a few more besides that");
        assertThatThrownBy(() -> ShapefileReader.read(shp, "x", Optional.empty(), Optional.empty(), new Diagnostics()))
                .isInstanceOf(CgisException.class).hasMessageContaining("x.shp");
    }

    @Test
    void gbkRoundTrip() throws Exception {
        roundTrip(TextEncodings.GBK, "936");
    }

    @Test
    void utf8RoundTrip() throws Exception {
        roundTrip(StandardCharsets.UTF_8, "UTF-8");
    }

    private void roundTrip(java.nio.charset.Charset charset, String cpg) throws Exception {
        WKTReader wkt = new WKTReader();
        FeatureLayer layer = new FeatureLayer("pipes", GeometryKind.LINESTRING, "EPSG:4544", List.of(
                new Field("名称", FieldType.STRING), new Field("管径", FieldType.REAL), new Field("节点数", FieldType.INTEGER),
                new Field("在用", FieldType.BOOLEAN)));
        layer.add(new Feature(1, wkt.read("LINESTRING (500000 3300000, 500010 3300020)"),
                java.util.Map.of("名称", "污水主管一号", "管径", 300.0, "节点数", 4L, "在用", true)));
        layer.add(new Feature(2, wkt.read("LINESTRING (500010 3300020, 500050 3300020, 500060 3300000)"),
                java.util.Map.of("名称", "雨水支管", "管径", 200.5, "节点数", 2L, "在用", false)));
        Path shp = dir.resolve("管网.shp");
        ShapefileWriter.write(layer, shp, charset, new Diagnostics());
        assertThat(Files.readString(dir.resolve("管网.cpg"), StandardCharsets.US_ASCII)).isEqualTo(cpg);

        Diagnostics diagnostics = new Diagnostics();
        FeatureLayer read = ShapefileReader.read(shp, "pipes", Optional.empty(), Optional.empty(), diagnostics);
        assertThat(read.crs()).isEqualTo("EPSG:4544");
        assertThat(read.kind()).isEqualTo(GeometryKind.LINESTRING);
        assertThat(read.fields()).extracting(Field::name).containsExactly("名称", "管径", "节点数", "在用");
        assertThat(read.size()).isEqualTo(2);
        for (int i = 0; i < 2; i++) {
            Feature expected = layer.features().get(i);
            Feature actual = read.features().get(i);
            assertThat(actual.geometry().equalsExact(expected.geometry())).as("geometry %d", i).isTrue();
            assertThat(actual.attributes()).as("attributes %d", i).isEqualTo(expected.attributes());
        }
        // Without the .cpg, GBK is found from the language driver id and UTF-8 from the content.
        Files.delete(dir.resolve("管网.cpg"));
        FeatureLayer again = ShapefileReader.read(shp, "pipes", Optional.empty(), Optional.empty(), new Diagnostics());
        assertThat(again.features().get(0).get("名称")).isEqualTo("污水主管一号");
    }

    /** GDAL's ogr2ogr writes a GBK Shapefile with an ESRI .prj; this reader must read it back. */
    @Test
    void readsGdalGbkShapefile() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/ogr2ogr")), "ogr2ogr (gdal-bin) not installed");
        Path geojson = dir.resolve("in.geojson");
        Files.writeString(geojson, """
                {"type":"FeatureCollection","features":[
                {"type":"Feature","properties":{"名称":"村委会","户数":12,"面积":88.25},
                 "geometry":{"type":"Polygon","coordinates":[[[500000,3300000],[500000,3300010],[500010,3300010],[500010,3300000],[500000,3300000]],
                 [[500002,3300002],[500004,3300002],[500004,3300004],[500002,3300004],[500002,3300002]]]}},
                {"type":"Feature","properties":{"名称":"卫生站","户数":null,"面积":10.5},
                 "geometry":{"type":"Polygon","coordinates":[[[500020,3300000],[500020,3300005],[500025,3300005],[500020,3300000]]]}}]}
                """, StandardCharsets.UTF_8);
        Path out = Files.createDirectories(dir.resolve("gdal"));
        Process process = new ProcessBuilder("/usr/bin/ogr2ogr", "-f", "ESRI Shapefile", "-lco", "ENCODING=CP936",
                "-a_srs", "EPSG:4544", out.resolve("村.shp").toString(), geojson.toString()).redirectErrorStream(true).start();
        String log = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(log).isZero();

        Diagnostics diagnostics = new Diagnostics();
        FeatureLayer layer = ShapefileReader.read(out.resolve("村.shp"), "buildings", Optional.empty(), Optional.empty(),
                diagnostics);
        assertThat(layer.crs()).isEqualTo("EPSG:4544");
        assertThat(layer.size()).isEqualTo(2);
        List<Object> names = new ArrayList<>();
        layer.features().forEach(feature -> names.add(feature.get("名称")));
        assertThat(names).containsExactly("村委会", "卫生站");
        assertThat(layer.features().get(0).get("户数")).isEqualTo(12L);
        assertThat(layer.features().get(1).get("面积")).isEqualTo(10.5);
        assertThat(((Polygon) layer.features().get(0).geometry()).getNumInteriorRing()).isEqualTo(1);
    }
}
