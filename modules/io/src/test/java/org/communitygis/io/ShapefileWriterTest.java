package org.communitygis.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.communitygis.core.CgisException;
import org.communitygis.core.Diagnostics;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.feature.Field;
import org.communitygis.core.feature.FieldType;
import org.communitygis.core.feature.GeometryKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.algorithm.Orientation;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;

class ShapefileWriterTest {
    private static final GeometryFactory FACTORY = new GeometryFactory();

    @TempDir
    Path dir;

    private static FeatureLayer buildings() {
        FeatureLayer layer = new FeatureLayer("buildings", GeometryKind.MULTIPOLYGON, "EPSG:4544", List.of(
                new Field("name", FieldType.STRING), new Field("households", FieldType.INTEGER),
                new Field("pipe_distance_m", FieldType.REAL), new Field("pipe_distance_max", FieldType.REAL),
                new Field("served", FieldType.BOOLEAN)));
        // The shell is counter-clockwise and the hole clockwise, the reverse of the Shapefile order.
        LinearRing shell = ring(404000, 3395000, 404020, 3395000, 404020, 3395010, 404000, 3395010, 404000, 3395000);
        LinearRing hole = ring(404002, 3395002, 404002, 3395004, 404004, 3395004, 404004, 3395002, 404002, 3395002);
        layer.add(new Feature(1, FACTORY.createPolygon(shell, new LinearRing[] {hole})).set("name", "李家院子")
                .set("households", 3L).set("pipe_distance_m", 12.25).set("pipe_distance_max", 1.0).set("served", true));
        layer.add(new Feature(2, FACTORY.createMultiPolygon(new org.locationtech.jts.geom.Polygon[] {
            FACTORY.createPolygon(ring(404100, 3395100, 404110, 3395100, 404110, 3395110, 404100, 3395100)),
            FACTORY.createPolygon(ring(404200, 3395200, 404210, 3395200, 404210, 3395210, 404200, 3395200))}))
                .set("name", null).set("households", -12345L).set("pipe_distance_m", null).set("served", null));
        return layer;
    }

    private static LinearRing ring(double... xy) {
        Coordinate[] coordinates = new Coordinate[xy.length / 2];
        for (int i = 0; i < coordinates.length; i++) {
            coordinates[i] = new Coordinate(xy[2 * i], xy[2 * i + 1]);
        }
        return FACTORY.createLinearRing(coordinates);
    }

    private Path writeBuildings() {
        Path shp = dir.resolve("buildings.shp");
        ShapefileWriter.write(buildings(), shp, new Diagnostics());
        return shp;
    }

    private static ByteBuffer read(Path file) throws IOException {
        return ByteBuffer.wrap(Files.readAllBytes(file));
    }

    @Test
    void shpHeader() throws IOException {
        ByteBuffer shp = read(writeBuildings());
        assertThat(shp.order(ByteOrder.BIG_ENDIAN).getInt(0)).isEqualTo(9994);
        assertThat(shp.getInt(24) * 2L).isEqualTo(shp.capacity());
        assertThat(shp.order(ByteOrder.LITTLE_ENDIAN).getInt(28)).isEqualTo(1000);
        assertThat(shp.getInt(32)).isEqualTo(5);
    }

    @Test
    void shpBoundingBox() throws IOException {
        ByteBuffer shp = read(writeBuildings()).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(new double[] {shp.getDouble(36), shp.getDouble(44), shp.getDouble(52), shp.getDouble(60)})
                .containsExactly(404000, 3395000, 404210, 3395210);
    }

    @Test
    void shpRecords() throws IOException {
        List<List<Coordinate[]>> records = parsePolygons(read(writeBuildings()));
        assertThat(records).hasSize(2);
        assertThat(records.get(0)).hasSize(2);
        assertThat(records.get(1)).hasSize(2);
    }

    @Test
    void ringOrientation() throws IOException {
        List<Coordinate[]> parts = parsePolygons(read(writeBuildings())).get(0);
        assertThat(Orientation.isCCW(parts.get(0))).as("shell").isFalse();
        assertThat(Orientation.isCCW(parts.get(1))).as("hole").isTrue();
    }

    @Test
    void shxOffsets() throws IOException {
        Path shp = writeBuildings();
        ByteBuffer shx = read(dir.resolve("buildings.shx")).order(ByteOrder.BIG_ENDIAN);
        ByteBuffer main = read(shp).order(ByteOrder.BIG_ENDIAN);
        assertThat(shx.capacity()).isEqualTo(100 + 2 * 8);
        int secondOffset = shx.getInt(108) * 2;
        assertThat(main.getInt(secondOffset)).as("record number").isEqualTo(2);
        assertThat(shx.getInt(112)).isEqualTo(main.getInt(secondOffset + 4));
    }

    @Test
    void dbfHeader() throws IOException {
        writeBuildings();
        ByteBuffer dbf = read(dir.resolve("buildings.dbf")).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(dbf.get(0)).isEqualTo((byte) 3);
        assertThat(dbf.getInt(4)).isEqualTo(2);
        assertThat(dbf.getShort(8)).isEqualTo((short) (32 + 5 * 32 + 1));
        assertThat(dbf.get(dbf.capacity() - 1)).isEqualTo((byte) 0x1A);
    }

    @Test
    void dbfFieldNamesTruncatedUnique() throws IOException {
        writeBuildings();
        List<String[]> fields = dbfFields(read(dir.resolve("buildings.dbf")));
        assertThat(fields).extracting(f -> f[0]).containsExactly("name", "households", "pipe_dista", "pipe_dis_1", "served");
        assertThat(fields).extracting(f -> f[1]).containsExactly("C", "N", "N", "N", "L");
    }

    @Test
    void dbfChineseValue() throws IOException {
        writeBuildings();
        assertThat(dbfValue(read(dir.resolve("buildings.dbf")), 0, 0)).isEqualTo("李家院子");
    }

    @Test
    void dbfNumbers() throws IOException {
        writeBuildings();
        ByteBuffer dbf = read(dir.resolve("buildings.dbf"));
        assertThat(dbfValue(dbf, 0, 2)).isEqualTo("12.25");
        assertThat(dbfValue(dbf, 1, 1)).isEqualTo("-12345");
        assertThat(dbfValue(dbf, 1, 2)).isEmpty();
        assertThat(dbfValue(dbf, 0, 4)).isEqualTo("T");
        assertThat(dbfValue(dbf, 1, 4)).isEqualTo("?");
    }

    @Test
    void renameWarned() {
        Diagnostics diagnostics = new Diagnostics();
        ShapefileWriter.write(buildings(), dir.resolve("b.shp"), diagnostics);
        assertThat(diagnostics.count("shp.fieldRenamed")).isEqualTo(2);
    }

    @Test
    void sidecarFiles() throws IOException {
        writeBuildings();
        assertThat(Files.readString(dir.resolve("buildings.cpg"))).isEqualTo("UTF-8");
        String prj = Files.readString(dir.resolve("buildings.prj"));
        assertThat(prj).startsWith("PROJCS[\"CGCS2000 / 3-degree Gauss-Kruger CM 105E\"");
        assertThat(prj).doesNotContain("AXIS");
    }

    @Test
    void pointLayer() throws IOException {
        FeatureLayer layer = new FeatureLayer("facilities", GeometryKind.POINT, "CRS:84",
                List.of(new Field("kind", FieldType.STRING)));
        layer.add(new Feature(1, FACTORY.createPoint(new Coordinate(104.05, 30.65))).set("kind", "outfall"));
        ShapefileWriter.write(layer, dir.resolve("facilities"));
        ByteBuffer shp = read(dir.resolve("facilities.shp")).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(shp.getInt(32)).isEqualTo(1);
        assertThat(shp.getDouble(112)).isEqualTo(104.05);
        assertThat(Files.readString(dir.resolve("facilities.prj"))).startsWith("GEOGCS[").contains("AUTHORITY[\"EPSG\", \"4326\"]");
    }

    @Test
    void mixedLayerRejected() {
        FeatureLayer layer = new FeatureLayer("misc", GeometryKind.GEOMETRY, "CRS:84", List.of());
        assertThatThrownBy(() -> ShapefileWriter.write(layer, dir.resolve("misc.shp")))
                .isInstanceOf(CgisException.class).hasMessageContaining("GeoPackage");
    }

    /** Parses Polygon records into their parts, following the record headers. */
    private static List<List<Coordinate[]>> parsePolygons(ByteBuffer shp) {
        List<List<Coordinate[]>> records = new ArrayList<>();
        int position = 100;
        while (position < shp.capacity()) {
            int contentBytes = shp.order(ByteOrder.BIG_ENDIAN).getInt(position + 4) * 2;
            ByteBuffer content = shp.slice(position + 8, contentBytes).order(ByteOrder.LITTLE_ENDIAN);
            int parts = content.getInt(36);
            int points = content.getInt(40);
            int[] starts = new int[parts + 1];
            for (int p = 0; p < parts; p++) {
                starts[p] = content.getInt(44 + 4 * p);
            }
            starts[parts] = points;
            int pointBase = 44 + 4 * parts;
            List<Coordinate[]> rings = new ArrayList<>();
            for (int p = 0; p < parts; p++) {
                Coordinate[] ring = new Coordinate[starts[p + 1] - starts[p]];
                for (int i = 0; i < ring.length; i++) {
                    int offset = pointBase + 16 * (starts[p] + i);
                    ring[i] = new Coordinate(content.getDouble(offset), content.getDouble(offset + 8));
                }
                rings.add(ring);
            }
            records.add(rings);
            position += 8 + contentBytes;
        }
        return records;
    }

    /** Returns name, type letter, width and decimals of each DBF field. */
    private static List<String[]> dbfFields(ByteBuffer dbf) {
        List<String[]> fields = new ArrayList<>();
        for (int offset = 32; dbf.get(offset) != 0x0D; offset += 32) {
            byte[] name = new byte[11];
            dbf.get(offset, name);
            int end = 0;
            while (end < 11 && name[end] != 0) {
                end++;
            }
            fields.add(new String[] {new String(name, 0, end, StandardCharsets.UTF_8),
                String.valueOf((char) dbf.get(offset + 11)), String.valueOf(dbf.get(offset + 16) & 0xFF),
                String.valueOf(dbf.get(offset + 17))});
        }
        return fields;
    }

    private static String dbfValue(ByteBuffer dbf, int record, int field) {
        dbf.order(ByteOrder.LITTLE_ENDIAN);
        int headerLength = dbf.getShort(8);
        int recordLength = dbf.getShort(10);
        List<String[]> fields = dbfFields(dbf);
        int offset = headerLength + record * recordLength + 1;
        for (int f = 0; f < field; f++) {
            offset += Integer.parseInt(fields.get(f)[2]);
        }
        byte[] bytes = Arrays.copyOfRange(dbf.array(), offset, offset + Integer.parseInt(fields.get(field)[2]));
        return new String(bytes, StandardCharsets.UTF_8).trim();
    }
}
