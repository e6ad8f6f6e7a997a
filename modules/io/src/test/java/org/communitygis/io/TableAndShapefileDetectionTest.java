package org.communitygis.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableAndShapefileDetectionTest {
    @TempDir
    Path dir;

    @Test
    void excelWorkbooksDetected() throws Exception {
        for (Workbook workbook : List.of(new XSSFWorkbook(), new HSSFWorkbook())) {
            Path file = dir.resolve(workbook instanceof XSSFWorkbook ? "户籍.xlsx" : "户籍.xls");
            workbook.createSheet("表").createRow(0).createCell(0).setCellValue("户主");
            try (OutputStream out = Files.newOutputStream(file)) {
                workbook.write(out);
            }
            workbook.close();
            assertThat(FormatDetector.detect(file)).as(file.toString()).isEqualTo(InputFormat.EXCEL);
            assertThat(TableReader.readExcel(file).header()).containsExactly("户主");
        }
    }

    @Test
    void shapefileAndSiblingsDetected() throws Exception {
        ShapefileBytes shapes = new ShapefileBytes(1).point(1, 2, 0);
        Files.write(dir.resolve("井.shp"), shapes.shp());
        Files.write(dir.resolve("井.shx"), shapes.shx());
        Files.write(dir.resolve("井.dbf"), ShapefileBytes.dbf(StandardCharsets.UTF_8, 0,
                List.of(new ShapefileBytes.Column("名称", 'C', 10, 0)), List.of(List.of("一号井"))));
        Files.writeString(dir.resolve("井.cpg"), "UTF-8");
        for (String name : new String[] {"井.shp", "井.shx", "井.dbf", "井.cpg"}) {
            assertThat(FormatDetector.detect(dir.resolve(name))).as(name).isEqualTo(InputFormat.SHAPEFILE);
        }
        assertThat(ShapefileReader.shpBeside(dir.resolve("井.dbf"))).contains(dir.resolve("井.shp").toAbsolutePath());
    }

    @Test
    void standaloneDbfReadAsTable() throws Exception {
        Path dbf = dir.resolve("户籍.dbf");
        List<ShapefileBytes.Column> columns = List.of(new ShapefileBytes.Column("户主", 'C', 10, 0),
                new ShapefileBytes.Column("门牌号", 'C', 6, 0), new ShapefileBytes.Column("人口", 'N', 3, 0));
        Files.write(dbf, ShapefileBytes.dbf(TextEncodings.GBK, 0x4D, columns, List.of(List.of("张三", "1", "4"),
                java.util.Arrays.asList("*DELETED*", null, null), List.of("王五", "2", "5"))));

        assertThat(FormatDetector.detect(dbf)).isEqualTo(InputFormat.DBF);
        org.communitygis.core.Diagnostics diagnostics = new org.communitygis.core.Diagnostics();
        TableReader.Table table = TableReader.readDbf(dbf, java.util.Optional.empty(), diagnostics);
        assertThat(table.header()).containsExactly("户主", "门牌号", "人口");
        assertThat(table.encoding()).isEqualTo(TextEncodings.GBK);
        assertThat(table.rows()).extracting(TableReader.TableRow::number).containsExactly(1, 3);
        assertThat(table.rows().get(0).cells()).containsExactly("张三", "1", 4L);
        assertThat(table.rows().get(1).cells()).containsExactly("王五", "2", 5L);
        assertThat(diagnostics.count("shp.encoding")).isEqualTo(1);
    }

    @Test
    void encodingGuessedFromContentLocalized() throws Exception {
        Path dbf = dir.resolve("无声明.dbf");
        List<ShapefileBytes.Column> columns = List.of(new ShapefileBytes.Column("户主", 'C', 10, 0));
        Files.write(dbf, ShapefileBytes.dbf(TextEncodings.GBK, 0, columns, List.of(List.of("张三"))));
        org.communitygis.core.Diagnostics diagnostics = new org.communitygis.core.Diagnostics();

        TableReader.readDbf(dbf, java.util.Optional.empty(), diagnostics);

        assertThat(diagnostics.count("shp.encoding")).isZero();
        assertThat(diagnostics.count("shp.encodingFromContent")).isEqualTo(1);
        org.communitygis.core.i18n.Message message = diagnostics.warnings().get(0);
        String chinese = IoMessages.BUNDLE.format(java.util.Locale.SIMPLIFIED_CHINESE, message.key(), message.args());
        assertThat(chinese).contains("无声明.dbf").contains("依据：属性文本的字节内容").doesNotContain("content");
        assertThat(message.english()).contains("from the bytes of the text");
    }

    @Test
    void dbfWithoutDbaseHeaderNotDetected() throws Exception {
        Path notDbf = dir.resolve("notes.dbf");
        Files.writeString(notDbf, "these are plain notes, not a dBASE table at all");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> FormatDetector.detect(notDbf))
                .isInstanceOf(org.communitygis.core.CgisException.class).hasMessageContaining("notes.dbf");
    }

    @Test
    void csvDetectedByNameAndText() throws Exception {
        Path csv = dir.resolve("点.csv");
        Files.write(csv, "名称,经度,纬度\n井,104,30\n".getBytes(TextEncodings.GBK));
        assertThat(FormatDetector.detect(csv)).isEqualTo(InputFormat.CSV);
        Path geojsonNamedTxt = dir.resolve("pipes.txt");
        Files.writeString(geojsonNamedTxt, "{\"type\":\"FeatureCollection\",\"features\":[]}");
        assertThat(FormatDetector.detect(geojsonNamedTxt)).isEqualTo(InputFormat.GEOJSON);
    }
}
