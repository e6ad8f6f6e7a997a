package org.communitygis.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.communitygis.core.Diagnostics;
import org.communitygis.core.crs.Crs;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.feature.Field;
import org.communitygis.core.feature.FieldType;
import org.communitygis.core.feature.GeometryKind;
import org.communitygis.core.raster.Raster;
import org.communitygis.io.ChinaCoordinateShift;
import org.communitygis.io.ShapefileBytes;
import org.communitygis.io.ShapefileWriter;
import org.communitygis.store.Projects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;

/**
 * The import options around layer mapping and survey data: the geometry family rule of {@code --layer-map},
 * {@code --elevation-text-layer}, stand-alone {@code .dbf} household tables, {@code --coord-system bd09}, and
 * heights of PointZ Shapefiles kept as {@code elevation_m} for a later {@code --dem-from-survey}.
 */
class ImportMappingCliTest {
    private static final Charset GBK = Charset.forName("GBK");
    private static final double X0 = 500_000;
    private static final double Y0 = 3_300_000;

    @TempDir
    Path dir;

    @Test
    void layerMapTakesExpectedFamily() throws IOException {
        Path dxf = writeDxf("mixed.dxf", spotHeightsWithBoundary());
        Path project = dir.resolve("family.gpkg");

        CliRun run = CliRun.of("--lang", "en", "import", "--project", project.toString(), "--source-crs", "EPSG:4544",
                "--layer-map", "GCD=spot_heights", dxf.toString());

        assertThat(run.exitCode).as(run.toString()).isZero();
        Map<String, FeatureLayer> layers = layers(project);
        assertThat(layers).containsOnlyKeys("spot_heights", "gcd_lines");
        assertThat(layers.get("spot_heights").kind()).isEqualTo(GeometryKind.POINT);
        assertThat(layers.get("spot_heights").size()).isEqualTo(3);
        assertThat(layers.get("gcd_lines").size()).isEqualTo(1);
        assertThat(run.err).contains("lines of source \"GCD\"").contains("gcd_lines")
                .contains("--layer-map GCD:lines=LAYER");
    }

    @Test
    void layerMapWithFamilySuffix() throws IOException {
        Path dxf = writeDxf("mixed.dxf", spotHeightsWithBoundary());
        Path project = dir.resolve("suffix.gpkg");

        CliRun run = CliRun.of("--lang", "en", "import", "--project", project.toString(), "--source-crs", "EPSG:4544",
                "--layer-map", "GCD:lines=survey_boundary", "--layer-map", "GCD=spot_heights", dxf.toString());

        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(layers(project)).containsOnlyKeys("spot_heights", "survey_boundary");
        assertThat(run.err).doesNotContain("were not mapped");
    }

    @Test
    void layerMapOtherTargetTakesEveryFamily() throws IOException {
        Path dxf = writeDxf("mixed.dxf", spotHeightsWithBoundary());
        Path project = dir.resolve("other.gpkg");

        CliRun run = CliRun.of("--lang", "en", "import", "--project", project.toString(), "--source-crs", "EPSG:4544",
                "--layer-map", "gcd=survey", dxf.toString());

        assertThat(run.exitCode).as(run.toString()).isZero();
        Map<String, FeatureLayer> layers = layers(project);
        assertThat(layers).containsOnlyKeys("survey_points", "survey_lines");
        assertThat(layers.get("survey_points").size()).isEqualTo(3);
    }

    @Test
    void elevationTextLayerOption() throws IOException {
        StringBuilder entities = new StringBuilder();
        double[][] points = {{X0, Y0, 101.25}, {X0 + 20, Y0, 102.5}, {X0, Y0 + 20, 103.75}};
        int handle = 0x200;
        for (double[] point : points) {
            pairs(entities, 0, "POINT", 5, Integer.toHexString(handle++), 8, "GCD", 10, point[0], 20, point[1], 30, 0.0);
            pairs(entities, 0, "TEXT", 5, Integer.toHexString(handle++), 8, "GCD_TEXT", 10, point[0] + 0.6, 20,
                    point[1] + 0.3, 30, 0.0, 40, 0.5, 1, String.format(Locale.ROOT, "%.2f", point[2]));
        }
        Path dxf = writeDxf("labels.dxf", entities.toString());

        Path without = dir.resolve("without.gpkg");
        CliRun plain = CliRun.of("--lang", "en", "import", "--project", without.toString(), "--source-crs",
                "EPSG:4544", "--layer-map", "GCD=spot_heights", dxf.toString());
        assertThat(plain.exitCode).as(plain.toString()).isZero();
        FeatureLayer unlabelled = layers(without).get("spot_heights");
        assertThat(unlabelled.features()).allSatisfy(feature -> assertThat(feature.get("elevation_m")).isNull());

        Path with = dir.resolve("with.gpkg");
        CliRun labelled = CliRun.of("--lang", "en", "import", "--project", with.toString(), "--source-crs",
                "EPSG:4544", "--layer-map", "GCD=spot_heights", "--elevation-text-layer", "gcd_text", dxf.toString());
        assertThat(labelled.exitCode).as(labelled.toString()).isZero();
        FeatureLayer spotHeights = layers(with).get("spot_heights");
        assertThat(spotHeights.features()).extracting(feature -> feature.get("elevation_m"))
                .containsExactly(101.25, 102.5, 103.75);
        assertThat(spotHeights.features()).extracting(feature -> feature.get("elevation_source"))
                .containsOnly("text");
    }

    @Test
    void standaloneDbfJoinedOntoBuildings() throws IOException {
        Path buildings = dir.resolve("buildings.geojson");
        Files.writeString(buildings, "{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\",\"properties\":"
                + "{\"name\":\"urn:ogc:def:crs:EPSG::4544\"}},\"features\":["
                + building("A1", X0) + "," + building("A2", X0 + 30) + "]}");
        Path households = dir.resolve("户籍.dbf");
        Files.write(households, dbf(List.of(new String[] {"张三", "A1", "4"}, new String[] {"李四", "A1", "3"},
                new String[] {"王五", "A2", "5"}, new String[] {"外来户", "Z9", "2"})));
        Path project = dir.resolve("dbf.gpkg");

        CliRun run = CliRun.of("--lang", "en", "import", "--project", project.toString(), buildings.toString(),
                households.toString(), "--join-key", "门牌号=code");

        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(run.out).contains("户籍.dbf");
        assertThat(run.err).contains("GBK").contains("Z9");
        FeatureLayer joined = layers(project).get("buildings");
        Feature first = byCode(joined, "A1");
        assertThat(first.get("households")).isEqualTo(2L);
        assertThat(first.get("residents")).isEqualTo(7L);
        assertThat(byCode(joined, "A2").get("residents")).isEqualTo(5L);
    }

    @Test
    void cutDbfFieldNamesRestoredForPipes() throws IOException {
        FeatureLayer source = new FeatureLayer("pipes", GeometryKind.LINESTRING, "EPSG:4544",
                List.of(new Field("name", FieldType.STRING), new Field("diameter_mm", FieldType.REAL),
                        new Field("up_invert_m", FieldType.REAL), new Field("down_invert_m", FieldType.REAL),
                        new Field("network_id", FieldType.STRING)));
        GeometryFactory geometries = new GeometryFactory();
        source.add(new Feature(1, geometries.createLineString(new Coordinate[] {new Coordinate(X0, Y0),
                new Coordinate(X0 + 40, Y0)}), Map.of("name", "W1", "diameter_mm", 300.0, "up_invert_m", 101.2,
                "down_invert_m", 100.9, "network_id", "north")));
        Path shp = dir.resolve("管线.shp");
        ShapefileWriter.write(source, shp, new Diagnostics());
        Path project = dir.resolve("pipes.gpkg");

        CliRun run = CliRun.of("--lang", "en", "import", "--project", project.toString(), shp.toString(),
                "--layer-map", "管线=pipes");

        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(run.err).contains("管线.shp").contains("diameter_m → diameter_mm")
                .contains("up_invert_ → up_invert_m").contains("down_inver → down_invert_m");
        assertThat(run.err).doesNotContain("network_id →");
        FeatureLayer pipes = layers(project).get("pipes");
        List<String> names = pipes.fields().stream().map(Field::name).toList();
        assertThat(names).contains("diameter_mm", "up_invert_m", "down_invert_m", "network_id");
        assertThat(names).doesNotContain("diameter_m", "up_invert_", "down_inver");
        Feature pipe = pipes.features().get(0);
        assertThat(pipe.getDouble("diameter_mm", Double.NaN)).isEqualTo(300.0);
        assertThat(pipe.getDouble("up_invert_m", Double.NaN)).isEqualTo(101.2);
        assertThat(pipe.getDouble("down_invert_m", Double.NaN)).isEqualTo(100.9);
    }

    @Test
    void bd09PointsConvertedToWgs84() throws IOException {
        double[][] wgs84 = {{104.0650, 30.6570}, {103.9500, 30.7200}, {104.1200, 30.5800}};
        StringBuilder csv = new StringBuilder("名称,经度,纬度\n");
        for (int i = 0; i < wgs84.length; i++) {
            double[] gcj = ChinaCoordinateShift.wgs84ToGcj02(wgs84[i][0], wgs84[i][1]);
            double[] bd = ChinaCoordinateShift.gcj02ToBd09(gcj[0], gcj[1]);
            csv.append(String.format(Locale.ROOT, "点%d,%.9f,%.9f%n", i + 1, bd[0], bd[1]));
        }
        Path table = dir.resolve("百度点.csv");
        Files.writeString(table, csv.toString(), StandardCharsets.UTF_8);
        Path project = dir.resolve("bd09.gpkg");

        CliRun run = CliRun.of("--lang", "en", "import", "--project", project.toString(), "--crs", "EPSG:4544",
                "--coord-system", "bd09", "--layer-map", "百度点=facilities", table.toString());

        assertThat(run.exitCode).as(run.toString()).isZero();
        FeatureLayer facilities = layers(project).get("facilities");
        assertThat(facilities.size()).isEqualTo(3);
        GeometryFactory factory = new GeometryFactory();
        for (int i = 0; i < wgs84.length; i++) {
            Coordinate expected = Crs.transform(Crs.CRS84, "EPSG:4544")
                    .apply(factory.createPoint(new Coordinate(wgs84[i][0], wgs84[i][1]))).getCoordinate();
            Coordinate actual = facilities.features().get(i).geometry().getCoordinate();
            assertThat(actual.distance(expected)).as("point %d", i + 1).isLessThan(0.01);
        }
    }

    @Test
    void pointZHeightsFeedLaterSurveyDem() throws IOException {
        // Spot heights of the plane z = 100 + 0.02·dx + 0.01·dy on a 5 × 5 grid with 25 m spacing.
        List<double[]> points = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 5; j++) {
                double x = X0 + 25 * i;
                double y = Y0 + 25 * j;
                points.add(new double[] {x, y, 100 + 0.02 * (x - X0) + 0.01 * (y - Y0)});
            }
        }
        Path shp = writePointZ(points);
        Path project = dir.resolve("z.gpkg");

        CliRun first = CliRun.of("--lang", "en", "import", "--project", project.toString(), "--source-crs",
                "EPSG:4544", "--layer-map", "高程点=spot_heights", shp.toString());
        assertThat(first.exitCode).as(first.toString()).isZero();
        FeatureLayer stored = layers(project).get("spot_heights");
        assertThat(stored.features().get(6).get("elevation_m")).isEqualTo(points.get(6)[2]);
        assertThat(stored.features().get(6).geometry().getCoordinate().getZ()).isNaN();

        Path road = dir.resolve("road.geojson");
        Files.writeString(road, "{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\",\"properties\":"
                + "{\"name\":\"urn:ogc:def:crs:EPSG::4544\"}},\"features\":[{\"type\":\"Feature\",\"properties\":{},"
                + "\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[" + X0 + "," + (Y0 + 50) + "],["
                + (X0 + 100) + "," + (Y0 + 50) + "]]}}]}");
        CliRun second = CliRun.of("--lang", "en", "import", "--project", project.toString(), "--layer-map",
                "road=roads", "--dem-from-survey", "spot_heights", "--dem-cell-m", "5", road.toString());
        assertThat(second.exitCode).as(second.toString()).isZero();
        Raster dem = Projects.read(project, store -> store.readRaster("dem"));
        int col = dem.grid().col(X0 + 52.5);
        int row = dem.grid().row(Y0 + 52.5);
        double x = dem.grid().centerX(col);
        double y = dem.grid().centerY(row);
        assertThat((double) dem.get(col, row)).isCloseTo(100 + 0.02 * (x - X0) + 0.01 * (y - Y0), within(1e-3));
    }

    private static Map<String, FeatureLayer> layers(Path project) {
        return Projects.read(project, store -> {
            Map<String, FeatureLayer> result = new java.util.LinkedHashMap<>();
            store.layers().forEach(info -> {
                if (info.type() == org.communitygis.core.store.LayerInfo.LayerType.VECTOR) {
                    result.put(info.name(), store.readFeatures(info.name()));
                }
            });
            return result;
        });
    }

    private static Feature byCode(FeatureLayer layer, String code) {
        return layer.features().stream().filter(f -> code.equals(f.get("code"))).findFirst().orElseThrow();
    }

    private static String building(String code, double x) {
        return String.format(Locale.ROOT, "{\"type\":\"Feature\",\"properties\":{\"code\":\"%s\"},\"geometry\":"
                + "{\"type\":\"Polygon\",\"coordinates\":[[[%.1f,%.1f],[%.1f,%.1f],[%.1f,%.1f],[%.1f,%.1f],[%.1f,%.1f]]]}}",
                code, x, Y0, x + 10, Y0, x + 10, Y0 + 10, x, Y0 + 10, x, Y0);
    }

    /** Three spot heights (POINTs with z) and a boundary LINE, all on layer GCD. */
    private static String spotHeightsWithBoundary() {
        StringBuilder entities = new StringBuilder();
        pairs(entities, 0, "POINT", 5, "A1", 8, "GCD", 10, X0, 20, Y0, 30, 101.0);
        pairs(entities, 0, "POINT", 5, "A2", 8, "GCD", 10, X0 + 10, 20, Y0, 30, 102.0);
        pairs(entities, 0, "POINT", 5, "A3", 8, "GCD", 10, X0, 20, Y0 + 10, 30, 103.0);
        pairs(entities, 0, "LINE", 5, "A4", 8, "GCD", 10, X0 - 5, 20, Y0 - 5, 30, 0.0, 11, X0 + 15, 21, Y0 - 5, 31, 0.0);
        return entities.toString();
    }

    private Path writeDxf(String name, String entities) throws IOException {
        StringBuilder dxf = new StringBuilder();
        pairs(dxf, 0, "SECTION", 2, "HEADER", 9, "$ACADVER", 1, "AC1015", 0, "ENDSEC");
        pairs(dxf, 0, "SECTION", 2, "ENTITIES");
        dxf.append(entities);
        pairs(dxf, 0, "ENDSEC", 0, "EOF");
        Path file = dir.resolve(name);
        Files.write(file, dxf.toString().getBytes(StandardCharsets.US_ASCII));
        return file;
    }

    private static void pairs(StringBuilder out, Object... codesAndValues) {
        for (int i = 0; i < codesAndValues.length; i += 2) {
            out.append(codesAndValues[i]).append('\n').append(codesAndValues[i + 1]).append('\n');
        }
    }

    /**
     * Returns a GBK dBASE III table with the columns 户主 C(10), 门牌号 C(6), 人口 N(3) and language driver
     * 0x4D, without a .cpg, as a household register exports it.
     */
    private static byte[] dbf(List<String[]> rows) {
        List<ShapefileBytes.Column> columns = List.of(new ShapefileBytes.Column("户主", 'C', 10, 0),
                new ShapefileBytes.Column("门牌号", 'C', 6, 0), new ShapefileBytes.Column("人口", 'N', 3, 0));
        List<List<String>> values = rows.stream().map(List::of).toList();
        return ShapefileBytes.dbf(GBK, 0x4D, columns, values);
    }

    /** Writes 高程点.shp/.shx (PointZ, shape type 11) with the points x, y, z and no .dbf or .prj. */
    private Path writePointZ(List<double[]> points) throws IOException {
        int recordBytes = 36;
        int shpWords = 50 + points.size() * (4 + recordBytes / 2);
        ByteBuffer shp = ByteBuffer.allocate(shpWords * 2);
        ByteBuffer shx = ByteBuffer.allocate(100 + 8 * points.size());
        for (ByteBuffer header : new ByteBuffer[] {shp, shx}) {
            header.order(ByteOrder.BIG_ENDIAN).putInt(9994).position(24);
            header.putInt(header == shp ? shpWords : 50 + 4 * points.size());
            header.order(ByteOrder.LITTLE_ENDIAN).putInt(1000).putInt(11);
            header.putDouble(X0).putDouble(Y0).putDouble(X0 + 100).putDouble(Y0 + 100);
            header.position(100);
        }
        int offset = 50;
        for (int i = 0; i < points.size(); i++) {
            double[] point = points.get(i);
            shp.order(ByteOrder.BIG_ENDIAN).putInt(i + 1).putInt(recordBytes / 2);
            shp.order(ByteOrder.LITTLE_ENDIAN).putInt(11).putDouble(point[0]).putDouble(point[1]).putDouble(point[2])
                    .putDouble(0);
            shx.order(ByteOrder.BIG_ENDIAN).putInt(offset).putInt(recordBytes / 2);
            offset += 4 + recordBytes / 2;
        }
        Path file = dir.resolve("高程点.shp");
        Files.write(file, shp.array());
        Files.write(dir.resolve("高程点.shx"), shx.array());
        return file;
    }
}
