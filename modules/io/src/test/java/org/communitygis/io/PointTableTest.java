package org.communitygis.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.communitygis.core.CgisException;
import org.communitygis.core.Diagnostics;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.feature.Field;
import org.communitygis.core.feature.FieldType;
import org.communitygis.core.feature.GeometryKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Point;

class PointTableTest {
    @TempDir
    Path dir;

    private FeatureLayer read(Path file, Diagnostics diagnostics) {
        TableReader.Table table = file.toString().endsWith(".xlsx") ? TableReader.readExcel(file)
                : TableReader.readCsv(file, Optional.empty());
        return PointTable.toLayer(table, "points", PointTable.Columns.DETECT, Optional.empty(), diagnostics);
    }

    @Test
    void gbkCsvWithQuotesAndBadRow() throws Exception {
        Path csv = dir.resolve("gps.csv");
        String text = "名称,经度,纬度,备注\r\n"
                + "\"检查井, 一号\",104.0661,30.6571,\"第一行\n第二行\"\r\n"
                + "坏点,abc,30.6,\r\n"
                + "\r\n"
                + "\"化粪池\"\"甲\"\"\",104.0670,30.6580,\r\n";
        Files.write(csv, text.getBytes(TextEncodings.GBK));
        Diagnostics diagnostics = new Diagnostics();
        FeatureLayer layer = read(csv, diagnostics);

        assertThat(layer.crs()).isEqualTo("CRS:84");
        assertThat(layer.kind()).isEqualTo(GeometryKind.POINT);
        assertThat(layer.fields()).extracting(Field::name).containsExactly("名称", "备注");
        assertThat(layer.size()).isEqualTo(2);
        Feature first = layer.features().get(0);
        assertThat(first.get("名称")).isEqualTo("检查井, 一号");
        assertThat(first.get("备注")).isEqualTo("第一行\n第二行");
        assertThat(((Point) first.geometry()).getX()).isEqualTo(104.0661);
        assertThat(layer.features().get(1).get("名称")).isEqualTo("化粪池\"甲\"");
        assertThat(diagnostics.count("table.badCoordinates")).isEqualTo(1);
        // The bad record starts on line 4, because the quoted field of the record before spans two lines.
        assertThat(diagnostics.warnings().get(0).args()).contains(4);
    }

    @Test
    void utf8BomCsvWithUnitsInHeader() throws Exception {
        Path csv = dir.resolve("bom.csv");
        byte[] body = "点号;Lon (°);Lat (°);人口\n1;104.1;30.5;3\n2;104.2;30.6;5\n".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[body.length + 3];
        bytes[0] = (byte) 0xEF;
        bytes[1] = (byte) 0xBB;
        bytes[2] = (byte) 0xBF;
        System.arraycopy(body, 0, bytes, 3, body.length);
        Files.write(csv, bytes);
        FeatureLayer layer = read(csv, new Diagnostics());
        assertThat(layer.fields()).extracting(Field::name).containsExactly("点号", "人口");
        assertThat(layer.field("人口").orElseThrow().type()).isEqualTo(FieldType.INTEGER);
        assertThat(layer.features().get(1).get("人口")).isEqualTo(5L);
    }

    @Test
    void xlsxNumericAndTextCells() throws Exception {
        Path xlsx = dir.resolve("户籍点.xlsx");
        try (XSSFWorkbook workbook = new XSSFWorkbook(); OutputStream out = Files.newOutputStream(xlsx)) {
            Sheet sheet = workbook.createSheet("点");
            Row header = sheet.createRow(0);
            header.createCell(0).setCellValue("户主");
            header.createCell(1).setCellValue("经度");
            header.createCell(2).setCellValue("纬度");
            header.createCell(3).setCellValue("人数");
            Row one = sheet.createRow(1);
            one.createCell(0).setCellValue("王五");
            one.createCell(1).setCellValue(104.05);
            one.createCell(2).setCellValue("30.65");
            one.createCell(3).setCellValue(4);
            Row two = sheet.createRow(2);
            two.createCell(0).setCellValue("赵六");
            two.createCell(1).setCellValue(104.06);
            two.createCell(3).setCellValue(2);
            workbook.write(out);
        }
        Diagnostics diagnostics = new Diagnostics();
        FeatureLayer layer = read(xlsx, diagnostics);
        assertThat(layer.size()).isEqualTo(1);
        assertThat(layer.features().get(0).get("户主")).isEqualTo("王五");
        assertThat(layer.features().get(0).get("人数")).isEqualTo(4L);
        assertThat(((Point) layer.features().get(0).geometry()).getY()).isEqualTo(30.65);
        assertThat(diagnostics.warnings()).hasSize(1);
        assertThat(diagnostics.warnings().get(0).args()).contains(3);
    }

    @Test
    void surveyXySwappedWithWarning() throws Exception {
        Path csv = dir.resolve("测量.csv");
        Files.writeString(csv, "点名,X,Y\nJ1,3395000.5,512000.25\nJ2,3395100.0,35512100.0\n", StandardCharsets.UTF_8);
        TableReader.Table table = TableReader.readCsv(csv, Optional.empty());
        Diagnostics diagnostics = new Diagnostics();
        FeatureLayer layer = PointTable.toLayer(table, "points", PointTable.Columns.DETECT, Optional.of("EPSG:4544"),
                diagnostics);
        assertThat(((Point) layer.features().get(0).geometry()).getX()).isEqualTo(512000.25);
        assertThat(((Point) layer.features().get(0).geometry()).getY()).isEqualTo(3395000.5);
        assertThat(diagnostics.count("table.xySwapped")).isEqualTo(1);

        Diagnostics explicit = new Diagnostics();
        FeatureLayer kept = PointTable.toLayer(table, "points", new PointTable.Columns(Optional.of("X"),
                Optional.of("Y"), Optional.empty()), Optional.of("EPSG:4544"), explicit);
        assertThat(((Point) kept.features().get(0).geometry()).getX()).isEqualTo(3395000.5);
        assertThat(explicit.count("table.xySwapped")).isZero();
    }

    @Test
    void projectedWithoutCrsRejected() throws Exception {
        Path csv = dir.resolve("东北.csv");
        Files.writeString(csv, "东坐标,北坐标\n512000,3395000\n", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> read(csv, new Diagnostics())).isInstanceOf(CgisException.class)
                .hasMessageContaining("东北.csv").hasMessageContaining("--source-crs");
    }

    @Test
    void wktColumnRead() throws Exception {
        Path csv = dir.resolve("wkt.csv");
        Files.writeString(csv, "name,WKT\nditch,\"LINESTRING (104 30, 104.001 30.001)\"\nbroken,LINESTRING (\n",
                StandardCharsets.UTF_8);
        Diagnostics diagnostics = new Diagnostics();
        FeatureLayer layer = read(csv, diagnostics);
        assertThat(layer.kind()).isEqualTo(GeometryKind.LINESTRING);
        assertThat(layer.size()).isEqualTo(1);
        assertThat(diagnostics.count("table.badCoordinates")).isEqualTo(1);
    }

    @Test
    void noCoordinatesListsColumns() throws Exception {
        Path csv = dir.resolve("户籍.csv");
        Files.writeString(csv, "户主,门牌号,人口\n张三,1,4\n", StandardCharsets.UTF_8);
        TableReader.Table table = TableReader.readCsv(csv, Optional.empty());
        assertThat(PointTable.hasGeometry(table, PointTable.Columns.DETECT)).isFalse();
        assertThatThrownBy(() -> read(csv, new Diagnostics())).isInstanceOf(CgisException.class)
                .hasMessageContaining("户主, 门牌号, 人口").hasMessageContaining("--join-key");
    }

    @Test
    void unclosedQuoteNamesLine() throws Exception {
        Path csv = dir.resolve("open.csv");
        Files.writeString(csv, "a,b\n1,\"never closed\n2,3\n", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> TableReader.readCsv(csv, Optional.empty())).isInstanceOf(CgisException.class)
                .hasMessageContaining("open.csv").hasMessageContaining(" 2");
    }

    @Test
    void householdsJoinedByKey() throws Exception {
        Path csv = dir.resolve("户籍.csv");
        Files.writeString(csv, "户主,门牌号,人口\n张三,1,4\n李四,1,3\n王五,2,5\n孤户,99,1\n无号,,2\n",
                StandardCharsets.UTF_8);
        TableReader.Table table = TableReader.readCsv(csv, Optional.empty());
        FeatureLayer buildings = new FeatureLayer("buildings", GeometryKind.POLYGON, "EPSG:4544",
                List.of(new Field("门牌", FieldType.STRING)));
        org.locationtech.jts.geom.GeometryFactory factory = new org.locationtech.jts.geom.GeometryFactory();
        for (int i = 1; i <= 3; i++) {
            buildings.add(new Feature(i, factory.toGeometry(new org.locationtech.jts.geom.Envelope(i * 20, i * 20 + 10,
                    0, 10)), java.util.Map.of("门牌", String.valueOf(i))));
        }
        HouseholdJoin.Result result = HouseholdJoin.join(table, HouseholdJoin.Key.parse("门牌号=门牌"), buildings);

        assertThat(result.matchedRows()).isEqualTo(3);
        assertThat(result.matchedBuildings()).isEqualTo(2);
        assertThat(result.unmatchedRows()).containsExactly("5:99", "6:");
        assertThat(result.unmatchedBuildings()).containsExactly(3L);
        assertThat(buildings.features().get(0).get("households")).isEqualTo(2L);
        assertThat(buildings.features().get(0).get("residents")).isEqualTo(7L);
        assertThat(buildings.features().get(1).get("households")).isEqualTo(1L);
        assertThat(buildings.features().get(1).get("residents")).isEqualTo(5L);
        assertThat(buildings.features().get(2).get("households")).isNull();
        assertThatThrownBy(() -> HouseholdJoin.join(table, HouseholdJoin.Key.parse("门牌号=address"), buildings))
                .isInstanceOf(CgisException.class).hasMessageContaining("address").hasMessageContaining("门牌");
        assertThatThrownBy(() -> HouseholdJoin.Key.parse("门牌号")).isInstanceOf(CgisException.class);
    }

    @Test
    void householdsInvalidNumberReported() throws Exception {
        Path csv = dir.resolve("户籍.csv");
        Files.writeString(csv, "户主,门牌号,人口\n张三,1,4\n李四,1,abc\n王五,1,\n", StandardCharsets.UTF_8);
        TableReader.Table table = TableReader.readCsv(csv, Optional.empty());
        FeatureLayer buildings = new FeatureLayer("buildings", GeometryKind.POLYGON, "EPSG:4544",
                List.of(new Field("门牌", FieldType.STRING)));
        org.locationtech.jts.geom.GeometryFactory factory = new org.locationtech.jts.geom.GeometryFactory();
        buildings.add(new Feature(1, factory.toGeometry(new org.locationtech.jts.geom.Envelope(0, 10, 0, 10)),
                java.util.Map.of("门牌", "1")));

        HouseholdJoin.Result result = HouseholdJoin.join(table, HouseholdJoin.Key.parse("门牌号=门牌"), buildings);

        assertThat(result.invalidCells()).containsExactly(new HouseholdJoin.InvalidCell(3, "人口", "abc"));
        assertThat(result.invalidCells().get(0).toString()).isEqualTo("3:人口=\"abc\"");
        assertThat(buildings.features().get(0).get("households")).isEqualTo(3L);
        assertThat(buildings.features().get(0).get("residents")).isEqualTo(4L);
    }
}
