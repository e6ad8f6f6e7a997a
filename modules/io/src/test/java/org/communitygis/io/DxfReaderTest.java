package org.communitygis.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.communitygis.core.CgisException;
import org.communitygis.core.Diagnostics;
import org.communitygis.core.crs.Crs;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.feature.GeometryKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;

class DxfReaderTest {
    private static final String CRS = "EPSG:4544";

    @TempDir
    Path dir;

    /** Handles of the entities the assertions look up, filled while the drawing is written. */
    private final java.util.Map<String, String> handles = new java.util.HashMap<>();

    @Test
    void r2018DrawingEveryEntityType() throws IOException {
        Path file = write("survey2018.dxf", drawing2018().bytes(StandardCharsets.UTF_8));
        Diagnostics diagnostics = new Diagnostics();

        DxfReader.Drawing drawing = DxfReader.read(file, DxfReader.Options.of(CRS), diagnostics);

        assertThat(drawing.version()).isEqualTo("AC1032");
        assertThat(drawing.charset()).isEqualTo("UTF-8");
        assertThat(drawing.truncatedAtLine()).isZero();
        assertThat(drawing.skipped()).containsEntry("DIMENSION", 1).containsEntry("3DFACE", 1);
        assertThat(diagnostics.count("dxf.skippedTypes")).isEqualTo(1);
        assertThat(diagnostics.count("dxf.paperSpace")).isEqualTo(1);
        assertThat(diagnostics.count("dxf.blockTooDeep")).isEqualTo(1);
        assertThat(layerNames(drawing)).contains("dlss", "jmd", "gcd_points", "gcd_lines", "dgx", "zbtz_points",
                "zbtz_lines", "hatch_area", "zj");
        assertThat(layer(drawing, "jmd").crs()).isEqualTo(CRS);
    }

    @Test
    void linesArcsSplinesDensified() throws IOException {
        DxfReader.Drawing drawing = read2018();
        FeatureLayer roads = layer(drawing, "dlss");
        assertThat(roads.kind()).isEqualTo(GeometryKind.LINESTRING);
        assertThat(roads.field("layer")).isPresent();

        Geometry straight = feature(roads, "line").geometry();
        assertThat(straight.getLength()).isCloseTo(10, within(1e-9));
        assertThat(feature(roads, "line").get("layer")).isEqualTo("DLSS");
        assertThat(feature(roads, "line").get("entity")).isEqualTo("LINE");

        Geometry semicircle = feature(roads, "bulge").geometry();
        Coordinate centre = new Coordinate(5, 60);
        for (Coordinate vertex : semicircle.getCoordinates()) {
            assertThat(vertex.distance(centre)).isCloseTo(5, within(1e-9));
        }
        assertThat(semicircle.getLength()).isLessThanOrEqualTo(Math.PI * 5).isGreaterThan(Math.PI * 5 * (1 - 1e-3));
        // The arc bulges to the right of its direction (positive bulge, counter-clockwise): below y = 60.
        assertThat(semicircle.getEnvelopeInternal().getMinY()).isCloseTo(55, within(DxfCurves.CHORD_TOLERANCE));
        double maxSagitta = maxChordError(semicircle, centre, 5);
        assertThat(maxSagitta).isLessThanOrEqualTo(DxfCurves.CHORD_TOLERANCE + 1e-12);

        Geometry arc = feature(roads, "arc").geometry();
        assertThat(arc.getCoordinates()[0].distance(new Coordinate(10, 0))).isLessThan(1e-9);
        assertThat(arc.getCoordinates()[arc.getNumPoints() - 1].distance(new Coordinate(0, 10))).isLessThan(1e-9);

        Geometry ellipse = feature(roads, "ellipse").geometry();
        assertThat(ellipse.getEnvelopeInternal().getWidth()).isCloseTo(8, within(2 * DxfCurves.CHORD_TOLERANCE));
        assertThat(ellipse.getEnvelopeInternal().getHeight()).isCloseTo(4, within(2 * DxfCurves.CHORD_TOLERANCE));

        Geometry spline = feature(roads, "spline").geometry();
        Coordinate[] vertices = spline.getCoordinates();
        assertThat(vertices[0].distance(new Coordinate(0, 0))).isLessThan(1e-9);
        assertThat(vertices[vertices.length - 1].distance(new Coordinate(4, 0))).isLessThan(1e-9);
        // A clamped cubic Bézier with control points (0,0) (1,2) (3,2) (4,0) passes (2, 1.5) at u = 0.5.
        assertThat(List.of(vertices)).anySatisfy(v -> assertThat(v.distance(new Coordinate(2, 1.5))).isLessThan(1e-9));
    }

    @Test
    void closedPolylinesOnBuildingLayerArePolygons() throws IOException {
        DxfReader.Drawing drawing = read2018();
        FeatureLayer buildings = layer(drawing, "jmd");
        assertThat(buildings.kind()).isEqualTo(GeometryKind.POLYGON);
        assertThat(feature(buildings, "square").geometry().getArea()).isCloseTo(100, within(1e-9));
        // 10 × 10 plus a half disc of radius 5 from the bulge. The chords cut off at most the chord tolerance
        // times the arc length.
        assertThat(feature(buildings, "bulgedPolyline").geometry().getArea())
                .isLessThan(100 + Math.PI * 25 / 2).isCloseTo(100 + Math.PI * 25 / 2, within(areaSlack(Math.PI * 5)));
        assertThat(feature(buildings, "circle").geometry().getArea()).isLessThan(Math.PI * 9)
                .isCloseTo(Math.PI * 9, within(areaSlack(2 * Math.PI * 3)));
        assertThat(sourceOf(drawing, "jmd")).isEqualTo("JMD");
    }

    @Test
    void hatchWithIslandIsPolygonWithHole() throws IOException {
        FeatureLayer hatch = layer(read2018(), "hatch_area");
        Polygon polygon = (Polygon) feature(hatch, "hatch").geometry();
        assertThat(polygon.getNumInteriorRing()).isEqualTo(1);
        assertThat(polygon.getArea()).isGreaterThan(100 - Math.PI * 4)
                .isCloseTo(100 - Math.PI * 4, within(areaSlack(2 * Math.PI * 2)));
    }

    @Test
    void blocksExpandedWithScaleRotationAndNesting() throws IOException {
        DxfReader.Drawing drawing = read2018();
        FeatureLayer lines = layer(drawing, "zbtz_lines");
        // Block TREE: a line (0,0)–(1,0) and a nested DOT (circle r 0.1) at (1,0); inserted at (100,100),
        // scale 2, rotation 90°. Entities on layer 0 take the INSERT's layer.
        Feature line = lines.features().stream().filter(f -> "LINE".equals(f.get("entity"))).findFirst().orElseThrow();
        Coordinate[] ends = line.geometry().getCoordinates();
        assertThat(ends[0].distance(new Coordinate(100, 100))).isLessThan(1e-9);
        assertThat(ends[1].distance(new Coordinate(100, 102))).isLessThan(1e-9);
        assertThat(line.get("layer")).isEqualTo("ZBTZ");
        assertThat(line.get("block")).isEqualTo("TREE");
        Feature dot = lines.features().stream().filter(f -> "CIRCLE".equals(f.get("entity"))).findFirst().orElseThrow();
        assertThat(dot.geometry().getCentroid().getCoordinate().distance(new Coordinate(100, 102))).isLessThan(1e-6);
        assertThat(dot.geometry().getEnvelopeInternal().getWidth()).isCloseTo(0.4, within(1e-3));
        assertThat(dot.get("block")).isEqualTo("DOT");
        FeatureLayer points = layer(drawing, "zbtz_points");
        assertThat(points.features()).anySatisfy(f -> assertThat(f.get("block")).isEqualTo("TREE"));
    }

    @Test
    void surveyPointElevationsFromZAttributeAndText() throws IOException {
        Diagnostics diagnostics = new Diagnostics();
        DxfReader.Drawing drawing = DxfReader.read(write("survey2018.dxf", drawing2018().bytes(StandardCharsets.UTF_8)),
                DxfReader.Options.of(CRS), diagnostics);
        FeatureLayer points = layer(drawing, "gcd_points");

        Feature withZ = feature(points, "pointZ");
        assertThat(withZ.get("elevation_m")).isEqualTo(12.3);
        assertThat(withZ.get("elevation_source")).isEqualTo("z");

        Feature withAttribute = feature(points, "insertGc");
        assertThat(withAttribute.get("elevation_m")).isEqualTo(46.1);
        assertThat(withAttribute.get("elevation_source")).isEqualTo("attribute");
        assertThat(withAttribute.get("attr_gc")).isEqualTo(46.1);
        assertThat(withAttribute.get("attr_name")).isEqualTo("GP01");
        assertThat(withAttribute.get("block")).isEqualTo("GC200");

        Feature withText = feature(points, "pointText");
        assertThat(withText.get("elevation_m")).isEqualTo(45.37);
        assertThat(withText.get("elevation_source")).isEqualTo("text");
        assertThat(withText.geometry().getCoordinate().z).isEqualTo(45.37);

        Feature without = feature(points, "pointBare");
        assertThat(without.get("elevation_m")).isNull();
        assertThat(Double.isNaN(without.geometry().getCoordinate().z)).isTrue();
        assertThat(diagnostics.count("dxf.pointsWithoutElevation")).isEqualTo(1);
        String message = diagnostics.warnings().stream().filter(m -> m.key().equals("dxf.pointsWithoutElevation"))
                .findFirst().orElseThrow().english();
        assertThat(message).contains("GCD").contains("1 of 4").contains(handles.get("pointBare"));

        assertThat(drawing.layers()).flatExtracting(source -> source.layer().features())
                .noneMatch(feature -> "45.37".equals(feature.get("text")));
        assertThat(diagnostics.count("dxf.elevationLabelsMerged")).isEqualTo(1);
    }

    @Test
    void contourElevationFromCode38And3dPolylineZ() throws IOException {
        FeatureLayer contours = layer(read2018(), "dgx");
        Feature lw = feature(contours, "contour");
        assertThat(lw.get("elevation_m")).isEqualTo(45.5);
        assertThat(lw.geometry().getCoordinates()[1].z).isEqualTo(45.5);
        Feature polyline3d = feature(contours, "polyline3d");
        assertThat(polyline3d.get("elevation_m")).isNull();
        assertThat(polyline3d.geometry().getCoordinates()).extracting(c -> c.z).containsExactly(40.0, 41.0, 42.0);
    }

    @Test
    void textEscapesAndMtextFormattingDecoded() throws IOException {
        FeatureLayer notes = layer(read2018(), "zj");
        assertThat(feature(notes, "text").get("text")).isEqualTo("中心");
        assertThat(feature(notes, "text").get("text_height")).isEqualTo(2.0);
        assertThat(feature(notes, "mtext").get("text")).isEqualTo("道路\n中心线 1/2");
    }

    @Test
    void r12GbkCodePageWithChineseLayers() throws IOException {
        DxfWriterForTests dxf = new DxfWriterForTests();
        dxf.handles = false;
        dxf.header("AC1009", "ANSI_936").layerTable("房屋", "道路");
        dxf.section("ENTITIES");
        dxf.entity("POLYLINE", "房屋").pair(66, 1).xyz(10, 0, 0, 0).pair(70, 1);
        for (double[] v : new double[][] {{0, 0}, {12, 0}, {12, 8}, {0, 8}}) {
            dxf.entity("VERTEX", "房屋").xyz(10, v[0], v[1], 0);
        }
        dxf.entity("SEQEND", "房屋");
        dxf.entity("LINE", "道路").xyz(10, 0, -5, 0).xyz(11, 20, -5, 0);
        dxf.entity("TEXT", "道路").xyz(10, 5, -4, 0).pair(40, 1.5).pair(1, "村道");
        dxf.endSection().eof();
        Path file = write("r12_gbk.dxf", dxf.bytes(Charset.forName("GBK")));

        DxfReader.Drawing drawing = DxfReader.read(file, DxfReader.Options.of(CRS), new Diagnostics());

        assertThat(drawing.version()).isEqualTo("AC1009");
        assertThat(drawing.charset()).isEqualTo("GBK");
        SourceLayer houses = drawing.layers().stream().filter(l -> l.source().equals("房屋")).findFirst().orElseThrow();
        assertThat(houses.layer().name()).isEqualTo("u623f_u5c4b");
        assertThat(houses.layer().kind()).isEqualTo(GeometryKind.POLYGON);
        assertThat(houses.layer().features().get(0).geometry().getArea()).isCloseTo(96, within(1e-9));
        assertThat(houses.layer().features().get(0).get("layer")).isEqualTo("房屋");
        assertThat(houses.layer().features().get(0).get("handle")).isEqualTo("?");
        SourceLayer road = drawing.layers().stream().filter(l -> l.source().equals("道路")
                && l.layer().kind() == GeometryKind.POINT).findFirst().orElseThrow();
        assertThat(road.layer().features().get(0).get("text")).isEqualTo("村道");
    }

    @Test
    void r12DrawingEveryEntityType() throws IOException {
        Path file = write("survey_r12.dxf", drawingR12().bytes(StandardCharsets.US_ASCII));
        Diagnostics diagnostics = new Diagnostics();

        DxfReader.Drawing drawing = DxfReader.read(file, DxfReader.Options.of(CRS), diagnostics);

        assertThat(drawing.version()).isEqualTo("AC1009");
        assertThat(drawing.truncatedAtLine()).isZero();
        assertThat(drawing.skipped()).containsOnly(java.util.Map.entry("3DFACE", 1), java.util.Map.entry("SOLID", 1));
        assertThat(layerNames(drawing)).containsExactlyInAnyOrder("dlss", "jmd", "dgx", "gcd", "zbtz_points",
                "zbtz_lines", "zj");

        FeatureLayer roads = layer(drawing, "dlss");
        Geometry line = feature(roads, "line").geometry();
        assertThat(line.getLength()).isCloseTo(10, within(1e-9));
        Geometry arc = feature(roads, "arc").geometry();
        assertThat(arc.getLength()).isCloseTo(Math.PI * 5, within(1e-2));
        assertThat(maxChordError(arc, new Coordinate(0, 0), 10)).isLessThanOrEqualTo(DxfCurves.CHORD_TOLERANCE + 1e-9);

        FeatureLayer buildings = layer(drawing, "jmd");
        assertThat(buildings.kind().isAreal()).isTrue();
        // Square 10 m × 10 m plus a half disc of radius 5 m from the bulge 1 on its top edge.
        assertThat(feature(buildings, "bulgedPolyline").geometry().getArea())
                .isCloseTo(100 + Math.PI * 12.5, within(areaSlack(Math.PI * 5)));
        assertThat(feature(buildings, "circle").geometry().getArea())
                .isCloseTo(Math.PI * 9, within(areaSlack(2 * Math.PI * 3)));

        FeatureLayer contours = layer(drawing, "dgx");
        assertThat(feature(contours, "polyline3d").geometry().getCoordinates()).extracting(c -> c.z)
                .containsExactly(40.0, 41.0, 42.0);

        FeatureLayer spots = layer(drawing, "gcd");
        assertThat(feature(spots, "pointZ").get("elevation_m")).isEqualTo(12.3);
        assertThat(feature(spots, "pointText").get("elevation_m")).isEqualTo(45.37);
        assertThat(feature(spots, "pointText").get("elevation_source")).isEqualTo("text");
        assertThat(spots.features()).noneMatch(f -> handles.get("label").equals(f.get("handle")));

        FeatureLayer symbols = layer(drawing, "zbtz_points");
        Feature insert = feature(symbols, "insertGc");
        assertThat(insert.get("attr_gc")).isEqualTo(46.1);
        assertThat(insert.get("elevation_m")).isEqualTo(46.1);
        assertThat(insert.get("elevation_source")).isEqualTo("attribute");
        FeatureLayer symbolLines = layer(drawing, "zbtz_lines");
        Feature nested = symbolLines.features().stream().filter(f -> "CIRCLE".equals(f.get("entity"))).findFirst()
                .orElseThrow();
        assertThat(nested.get("block")).isEqualTo("DOT");
        assertThat(nested.geometry().getCentroid().getCoordinate().distance(new Coordinate(201, 200)))
                .isLessThan(1e-6);

        assertThat(feature(layer(drawing, "zj"), "text").get("text")).isEqualTo("Village road");
    }

    /**
     * A HATCH whose edge path has a clockwise arc (flag 73 = 0): the D shape (0,0)–(10,0), then the arc
     * around (10,5) with radius 5 through (15,5) to (10,10), then (10,10)–(0,10)–(0,0). The arc runs
     * clockwise from 90° to −90°, which DXF stores as the complementary angles start 360 − 90 = 270 and end
     * 360 − 270 = 90, as ezdxf (mozman/ezdxf) explains in its clockwise hatch edge examples. Read as a
     * counter-clockwise arc from 270° to 90° instead, it would bulge into the square (area 100 − 12.5π).
     */
    @Test
    void hatchClockwiseArcEdge() throws IOException {
        DxfWriterForTests dxf = new DxfWriterForTests();
        dxf.header("AC1032", null).section("ENTITIES");
        dxf.entity("HATCH", "HATCH_AREA").xyz(10, 0, 0, 0).xyz(210, 0, 0, 1).pair(2, "SOLID").pair(70, 1)
                .pair(71, 0).pair(91, 1)
                .pair(92, 1).pair(93, 4)
                .pair(72, 1).pair(10, 0).pair(20, 0).pair(11, 10).pair(21, 0)
                .pair(72, 2).pair(10, 10).pair(20, 5).pair(40, 5).pair(50, 270).pair(51, 90).pair(73, 0)
                .pair(72, 1).pair(10, 10).pair(20, 10).pair(11, 0).pair(21, 10)
                .pair(72, 1).pair(10, 0).pair(20, 10).pair(11, 0).pair(21, 0)
                .pair(97, 0)
                .pair(75, 0).pair(76, 1).pair(98, 0);
        handles.put("hatch", dxf.lastHandle());
        dxf.endSection().eof();
        Path file = write("hatch_cw.dxf", dxf.bytes(StandardCharsets.UTF_8));

        DxfReader.Drawing drawing = DxfReader.read(file, DxfReader.Options.of(CRS), new Diagnostics());

        Polygon polygon = (Polygon) feature(layer(drawing, "hatch_area"), "hatch").geometry();
        assertThat(polygon.getArea()).isCloseTo(100 + Math.PI * 12.5, within(areaSlack(Math.PI * 5)));
        assertThat(polygon.getEnvelopeInternal().getMaxX()).isCloseTo(15, within(DxfCurves.CHORD_TOLERANCE));
        assertThat(polygon.getEnvelopeInternal().getMinX()).isCloseTo(0, within(1e-9));
        assertThat(polygon.covers(polygon.getFactory().createPoint(new Coordinate(14, 5)))).isTrue();
        assertThat(polygon.covers(polygon.getFactory().createPoint(new Coordinate(6, 5)))).isTrue();
    }

    @Test
    void areaLayerOptionTurnsClosedLinesIntoPolygons() throws IOException {
        DxfWriterForTests dxf = new DxfWriterForTests();
        dxf.header("AC1032", null).section("ENTITIES");
        dxf.entity("LWPOLYLINE", "PARCELS").pair(90, 4).pair(70, 1);
        for (double[] v : new double[][] {{0, 0}, {5, 0}, {5, 5}, {0, 5}}) {
            dxf.pair(10, v[0]).pair(20, v[1]);
        }
        dxf.endSection().eof();
        Path file = write("parcels.dxf", dxf.bytes(StandardCharsets.UTF_8));

        FeatureLayer asLines = DxfReader.read(file, DxfReader.Options.of(CRS), new Diagnostics()).layers().get(0).layer();
        FeatureLayer asPolygons = DxfReader.read(file, new DxfReader.Options(CRS, Set.of("parcels"), Set.of()),
                new Diagnostics()).layers().get(0).layer();

        assertThat(asLines.kind()).isEqualTo(GeometryKind.LINESTRING);
        assertThat(asLines.features().get(0).geometry().isValid()).isTrue();
        assertThat(asPolygons.kind()).isEqualTo(GeometryKind.POLYGON);
        assertThat(asPolygons.features().get(0).geometry().getArea()).isCloseTo(25, within(1e-9));
    }

    @Test
    void truncatedInEntitiesImportsCompleteEntities() throws IOException {
        String full = drawing2018().text();
        int cut = full.indexOf("SPLINE");
        Path file = write("cut.dxf", full.substring(0, cut + 20).getBytes(StandardCharsets.UTF_8));
        long expectedLine = full.substring(0, cut + 20).chars().filter(c -> c == '\n').count();
        Diagnostics diagnostics = new Diagnostics();

        DxfReader.Drawing drawing = DxfReader.read(file, DxfReader.Options.of(CRS), diagnostics);

        assertThat(drawing.truncatedAtLine()).isBetween(expectedLine - 2, expectedLine + 1);
        assertThat(diagnostics.count("dxf.truncated")).isEqualTo(1);
        String message = diagnostics.warnings().stream().filter(m -> m.key().equals("dxf.truncated")).findFirst()
                .orElseThrow().english();
        assertThat(message).contains("cut.dxf").contains("ENTITIES").contains(String.valueOf(drawing.truncatedAtLine()));
        assertThat(layerNames(drawing)).contains("dlss");
        assertThat(layer(drawing, "dlss").features()).noneMatch(f -> "SPLINE".equals(f.get("entity")));
    }

    @Test
    void truncatedBeforeEntitiesRejected() throws IOException {
        String full = drawing2018().text();
        Path file = write("header_only.dxf", full.substring(0, full.indexOf("$INSUNITS")).getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> DxfReader.read(file, DxfReader.Options.of(CRS), new Diagnostics()))
                .isInstanceOf(CgisException.class).hasMessageContaining("header_only.dxf")
                .hasMessageContaining("line").hasMessageContaining("HEADER");
    }

    @Test
    void invalidGroupCodeNamesLine() throws IOException {
        Path file = write("bad.dxf", "  0\nSECTION\n  2\nENTITIES\n  0\nLINE\nxx\n8\n".getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> DxfReader.read(file, DxfReader.Options.of(CRS), new Diagnostics()))
                .isInstanceOf(CgisException.class).hasMessageContaining("line 7").hasMessageContaining("\"xx\"");
    }

    @Test
    void unparsableNumberSkipsEntity() throws IOException {
        String text = String.join("\n", "  0", "SECTION", "  2", "ENTITIES",
                "  0", "LINE", "  5", "A1", "  8", "DLSS", " 10", "abc", " 20", "3300000", " 11", "500100", " 21", "3300000",
                "  0", "LINE", "  5", "A2", "  8", "DLSS", " 10", "500000", " 20", "3300000", " 11", "500100", " 21", "3300050",
                "  0", "POLYLINE", "  5", "A3", "  8", "DLSS", " 66", "1", " 70", "0",
                "  0", "VERTEX", "  5", "A4", "  8", "DLSS", " 10", "500000", " 20", "3,300,000",
                "  0", "VERTEX", "  5", "A5", "  8", "DLSS", " 10", "500010", " 20", "3300000",
                "  0", "SEQEND", "  0", "ENDSEC", "  0", "EOF", "");
        Path file = write("bad_number.dxf", text.getBytes(StandardCharsets.US_ASCII));
        Diagnostics diagnostics = new Diagnostics();

        DxfReader.Drawing drawing = DxfReader.read(file, DxfReader.Options.of(CRS), diagnostics);

        List<Feature> features = layer(drawing, "dlss").features();
        assertThat(features).hasSize(1);
        assertThat(features.get(0).get("handle")).isEqualTo("A2");
        assertThat(diagnostics.count("dxf.invalidNumber")).isEqualTo(2);
        List<String> messages = diagnostics.warnings().stream().filter(m -> m.key().equals("dxf.invalidNumber"))
                .map(m -> m.english()).toList();
        assertThat(messages.get(0)).contains("bad_number.dxf").contains("line 12").contains("LINE")
                .contains("A1").contains("group code 10").contains("\"abc\"");
        assertThat(messages.get(1)).contains("line 52").contains("VERTEX").contains("A4").contains("\"3,300,000\"");
        assertThat(diagnostics.count("dxf.invalidCount")).isEqualTo(1);
    }

    @Test
    void zonePrefixInEastingsSuggestsPrefixedCode() throws IOException {
        DxfWriterForTests dxf = new DxfWriterForTests();
        dxf.header("AC1032", null).section("ENTITIES");
        dxf.entity("LINE", "DLSS").xyz(10, 35_500_000, 3_300_000, 0).xyz(11, 35_500_100, 3_300_000, 0);
        dxf.endSection().eof();
        Path file = write("prefixed.dxf", dxf.bytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> DxfReader.read(file, DxfReader.Options.of("EPSG:4544"), new Diagnostics()))
                .isInstanceOf(CgisException.class).hasMessageContaining("EPSG:4523").hasMessageContaining("35");
        assertThat(Crs.name("EPSG:4523")).contains("zone 35");
        assertThat(Crs.name("EPSG:4544")).contains("105");
        assertThat(DxfReader.read(file, DxfReader.Options.of("EPSG:4523"), new Diagnostics()).layers()).hasSize(1);
        assertThatThrownBy(() -> DxfReader.read(file, DxfReader.Options.of("EPSG:4524"), new Diagnostics()))
                .isInstanceOf(CgisException.class).hasMessageContaining("EPSG:4523");
    }

    @Test
    void missingPrefixWithPrefixedCodeSuggestsPlainCode() throws IOException {
        DxfWriterForTests dxf = new DxfWriterForTests();
        dxf.header("AC1032", null).section("ENTITIES");
        dxf.entity("LINE", "DLSS").xyz(10, 500_000, 3_300_000, 0).xyz(11, 500_100, 3_300_000, 0);
        dxf.endSection().eof();
        Path file = write("plain.dxf", dxf.bytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> DxfReader.read(file, DxfReader.Options.of("EPSG:4523"), new Diagnostics()))
                .isInstanceOf(CgisException.class).hasMessageContaining("EPSG:4544");
        assertThat(Crs.name("EPSG:4544")).contains("105");
        assertThat(Crs.name("EPSG:4523")).contains("35");
    }

    @Test
    void dwgAndBinaryDxfRejectedWithAdvice() throws IOException {
        Path dwg = write("plan.dwg", "AC1027\0\0\0\0\0\0\0".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> FormatDetector.detect(dwg)).isInstanceOf(CgisException.class)
                .hasMessageContaining("plan.dwg").hasMessageContaining("AC1027").hasMessageContaining("DXF")
                .hasMessageContaining("ODA File Converter");
        Path binary = write("plan.dxf", "AutoCAD Binary DXF\r\n\u001a\0".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> FormatDetector.detect(binary)).isInstanceOf(CgisException.class)
                .hasMessageContaining("ASCII");
    }

    @Test
    void asciiDxfDetected() throws IOException {
        Path file = write("with_comment.dxf", ("999\r\nwritten by a test\r\n" + drawing2018().text())
                .getBytes(StandardCharsets.UTF_8));
        assertThat(FormatDetector.detect(file)).isEqualTo(InputFormat.DXF);
    }

    private DxfReader.Drawing read2018() throws IOException {
        Path file = write("survey2018.dxf", drawing2018().bytes(StandardCharsets.UTF_8));
        return DxfReader.read(file, DxfReader.Options.of(CRS), new Diagnostics());
    }

    /** Builds an AutoCAD 2018 drawing with every supported entity type and two unsupported ones. */
    private DxfWriterForTests drawing2018() {
        DxfWriterForTests dxf = new DxfWriterForTests();
        dxf.header("AC1032", null).layerTable("DLSS", "JMD", "GCD", "DGX", "ZBTZ", "ZJ", "HATCH_AREA");
        dxf.section("BLOCKS");
        dxf.pair(0, "BLOCK").pair(8, "0").pair(2, "DOT").pair(70, 0).xyz(10, 0, 0, 0);
        dxf.entity("CIRCLE", "0").xyz(10, 0, 0, 0).pair(40, 0.1);
        dxf.pair(0, "ENDBLK");
        dxf.pair(0, "BLOCK").pair(8, "0").pair(2, "TREE").pair(70, 0).xyz(10, 0, 0, 0);
        dxf.entity("LINE", "0").xyz(10, 0, 0, 0).xyz(11, 1, 0, 0);
        dxf.entity("INSERT", "0").pair(2, "DOT").xyz(10, 1, 0, 0);
        dxf.pair(0, "ENDBLK");
        dxf.pair(0, "BLOCK").pair(8, "0").pair(2, "GC200").pair(70, 2).xyz(10, 0, 0, 0);
        dxf.entity("CIRCLE", "0").xyz(10, 0, 0, 0).pair(40, 0.2);
        dxf.entity("ATTDEF", "0").xyz(10, 0.5, 0, 0).pair(40, 0.5).pair(1, "").pair(3, "elevation").pair(2, "GC");
        dxf.pair(0, "ENDBLK");
        dxf.pair(0, "BLOCK").pair(8, "0").pair(2, "LOOP").pair(70, 0).xyz(10, 0, 0, 0);
        dxf.entity("INSERT", "0").pair(2, "LOOP").xyz(10, 0, 0, 0);
        dxf.pair(0, "ENDBLK");
        dxf.endSection();

        dxf.section("ENTITIES");
        dxf.entity("LINE", "DLSS").xyz(10, 0, 0, 0).xyz(11, 10, 0, 0);
        handles.put("line", dxf.lastHandle());
        dxf.entity("LWPOLYLINE", "DLSS").pair(100, "AcDbPolyline").pair(90, 2).pair(70, 0)
                .pair(10, 0).pair(20, 60).pair(42, 1.0).pair(10, 10).pair(20, 60);
        handles.put("bulge", dxf.lastHandle());
        dxf.entity("ARC", "DLSS").xyz(10, 0, 0, 0).pair(40, 10).pair(50, 0).pair(51, 90);
        handles.put("arc", dxf.lastHandle());
        dxf.entity("ELLIPSE", "DLSS").xyz(10, 200, 0, 0).xyz(11, 4, 0, 0).pair(40, 0.5).pair(41, 0)
                .pair(42, 2 * Math.PI);
        handles.put("ellipse", dxf.lastHandle());
        dxf.entity("LWPOLYLINE", "JMD").pair(90, 4).pair(70, 1).pair(10, 0).pair(20, 40).pair(10, 10).pair(20, 40)
                .pair(10, 10).pair(20, 50).pair(10, 0).pair(20, 50);
        handles.put("square", dxf.lastHandle());
        dxf.entity("POLYLINE", "JMD").pair(66, 1).xyz(10, 0, 0, 0).pair(70, 1);
        handles.put("bulgedPolyline", dxf.lastHandle());
        dxf.entity("VERTEX", "JMD").xyz(10, 30, 0, 0);
        dxf.entity("VERTEX", "JMD").xyz(10, 40, 0, 0);
        dxf.entity("VERTEX", "JMD").xyz(10, 40, 10, 0).pair(42, 1.0);
        dxf.entity("VERTEX", "JMD").xyz(10, 30, 10, 0);
        dxf.entity("SEQEND", "JMD");
        dxf.entity("CIRCLE", "JMD").xyz(10, 100, 0, 0).pair(40, 3);
        handles.put("circle", dxf.lastHandle());
        dxf.entity("LWPOLYLINE", "DGX").pair(90, 3).pair(70, 0).pair(38, 45.5).pair(10, 0).pair(20, 20)
                .pair(10, 10).pair(20, 22).pair(10, 20).pair(20, 20);
        handles.put("contour", dxf.lastHandle());
        dxf.entity("POLYLINE", "DGX").pair(66, 1).xyz(10, 0, 0, 0).pair(70, 8);
        handles.put("polyline3d", dxf.lastHandle());
        dxf.entity("VERTEX", "DGX").xyz(10, 0, 30, 40).pair(70, 32);
        dxf.entity("VERTEX", "DGX").xyz(10, 10, 30, 41).pair(70, 32);
        dxf.entity("VERTEX", "DGX").xyz(10, 20, 30, 42).pair(70, 32);
        dxf.entity("SEQEND", "DGX");
        dxf.entity("POINT", "GCD").xyz(10, 70, 70, 12.3);
        handles.put("pointZ", dxf.lastHandle());
        dxf.entity("POINT", "GCD").xyz(10, 60, 60, 0);
        handles.put("pointText", dxf.lastHandle());
        dxf.entity("TEXT", "GCD").xyz(10, 60.8, 60.1, 0).pair(40, 0.5).pair(1, "45.37");
        dxf.entity("POINT", "GCD").xyz(10, 80, 80, 0);
        handles.put("pointBare", dxf.lastHandle());
        dxf.entity("INSERT", "GCD").pair(66, 1).pair(2, "GC200").xyz(10, 50, 50, 0);
        handles.put("insertGc", dxf.lastHandle());
        dxf.entity("ATTRIB", "GCD").xyz(10, 50.5, 50, 0).pair(40, 0.5).pair(1, "46.10").pair(2, "GC");
        dxf.entity("ATTRIB", "GCD").xyz(10, 50.5, 49, 0).pair(40, 0.5).pair(1, "GP01").pair(2, "NAME");
        dxf.entity("SEQEND", "GCD");
        dxf.entity("INSERT", "ZBTZ").pair(2, "TREE").xyz(10, 100, 100, 0).pair(41, 2).pair(42, 2).pair(43, 2)
                .pair(50, 90);
        dxf.entity("INSERT", "ZBTZ").pair(2, "LOOP").xyz(10, 300, 300, 0);
        dxf.entity("HATCH", "HATCH_AREA").xyz(10, 0, 0, 0).xyz(210, 0, 0, 1).pair(2, "SOLID").pair(70, 1)
                .pair(71, 0).pair(91, 2)
                .pair(92, 3).pair(72, 0).pair(73, 1).pair(93, 4)
                .pair(10, 0).pair(20, 0).pair(10, 10).pair(20, 0).pair(10, 10).pair(20, 10).pair(10, 0).pair(20, 10)
                .pair(97, 0)
                .pair(92, 16).pair(93, 1).pair(72, 2).pair(10, 5).pair(20, 5).pair(40, 2).pair(50, 0).pair(51, 360)
                .pair(73, 1).pair(97, 0)
                .pair(75, 0).pair(76, 1).pair(98, 0);
        handles.put("hatch", dxf.lastHandle());
        dxf.entity("TEXT", "ZJ").xyz(10, 0, 90, 0).pair(40, 2).pair(1, "\\U+4E2D心");
        handles.put("text", dxf.lastHandle());
        dxf.entity("MTEXT", "ZJ").xyz(10, 0, 95, 0).pair(40, 2.5)
                .pair(1, "{\\fSimSun|b0|i0|c134;\\H2.5;道路\\P中心线} \\S1^2;");
        handles.put("mtext", dxf.lastHandle());
        dxf.entity("DIMENSION", "DIM").pair(2, "*D1").xyz(10, 0, 0, 0);
        dxf.entity("3DFACE", "DLSS").xyz(10, 0, 0, 0).xyz(11, 1, 0, 0).xyz(12, 1, 1, 0).xyz(13, 0, 1, 0);
        dxf.entity("LINE", "DLSS").pair(67, 1).xyz(10, 0, 0, 0).xyz(11, 1, 1, 0);
        dxf.entity("SPLINE", "DLSS").pair(70, 8).pair(71, 3).pair(72, 8).pair(73, 4).pair(74, 0)
                .pair(40, 0).pair(40, 0).pair(40, 0).pair(40, 0).pair(40, 1).pair(40, 1).pair(40, 1).pair(40, 1)
                .xyz(10, 0, 0, 0).xyz(10, 1, 2, 0).xyz(10, 3, 2, 0).xyz(10, 4, 0, 0);
        handles.put("spline", dxf.lastHandle());
        dxf.endSection().eof();
        return dxf;
    }

    /**
     * Builds an AutoCAD R12 (AC1009) drawing with every entity type R12 has that the reader converts, and two
     * it skips (3DFACE, SOLID). R12 predates LWPOLYLINE, MTEXT, HATCH, ELLIPSE and SPLINE, so polylines are
     * POLYLINE/VERTEX/SEQEND sequences and there are no subclass markers (code 100).
     */
    private DxfWriterForTests drawingR12() {
        DxfWriterForTests dxf = new DxfWriterForTests();
        dxf.header("AC1009", "ANSI_1252").layerTable("DLSS", "JMD", "DGX", "GCD", "ZBTZ", "ZJ");
        dxf.section("BLOCKS");
        dxf.pair(0, "BLOCK").pair(8, "0").pair(2, "DOT").pair(70, 0).xyz(10, 0, 0, 0);
        dxf.entity("CIRCLE", "0").xyz(10, 0, 0, 0).pair(40, 0.1);
        dxf.pair(0, "ENDBLK");
        dxf.pair(0, "BLOCK").pair(8, "0").pair(2, "GC200").pair(70, 2).xyz(10, 0, 0, 0);
        dxf.entity("INSERT", "0").pair(2, "DOT").xyz(10, 1, 0, 0);
        dxf.entity("ATTDEF", "0").xyz(10, 0.5, 0, 0).pair(40, 0.5).pair(1, "").pair(3, "elevation").pair(2, "GC");
        dxf.pair(0, "ENDBLK");
        dxf.endSection();

        dxf.section("ENTITIES");
        dxf.entity("LINE", "DLSS").xyz(10, 0, 0, 0).xyz(11, 10, 0, 0);
        handles.put("line", dxf.lastHandle());
        dxf.entity("ARC", "DLSS").xyz(10, 0, 0, 0).pair(40, 10).pair(50, 0).pair(51, 90);
        handles.put("arc", dxf.lastHandle());
        dxf.entity("POLYLINE", "JMD").pair(66, 1).xyz(10, 0, 0, 0).pair(70, 1);
        handles.put("bulgedPolyline", dxf.lastHandle());
        dxf.entity("VERTEX", "JMD").xyz(10, 30, 0, 0);
        dxf.entity("VERTEX", "JMD").xyz(10, 40, 0, 0);
        dxf.entity("VERTEX", "JMD").xyz(10, 40, 10, 0).pair(42, 1.0);
        dxf.entity("VERTEX", "JMD").xyz(10, 30, 10, 0);
        dxf.entity("SEQEND", "JMD");
        dxf.entity("CIRCLE", "JMD").xyz(10, 100, 0, 0).pair(40, 3);
        handles.put("circle", dxf.lastHandle());
        dxf.entity("POLYLINE", "DGX").pair(66, 1).xyz(10, 0, 0, 0).pair(70, 8);
        handles.put("polyline3d", dxf.lastHandle());
        dxf.entity("VERTEX", "DGX").xyz(10, 0, 30, 40).pair(70, 32);
        dxf.entity("VERTEX", "DGX").xyz(10, 10, 30, 41).pair(70, 32);
        dxf.entity("VERTEX", "DGX").xyz(10, 20, 30, 42).pair(70, 32);
        dxf.entity("SEQEND", "DGX");
        dxf.entity("POINT", "GCD").xyz(10, 70, 70, 12.3);
        handles.put("pointZ", dxf.lastHandle());
        dxf.entity("POINT", "GCD").xyz(10, 60, 60, 0);
        handles.put("pointText", dxf.lastHandle());
        dxf.entity("TEXT", "GCD").xyz(10, 60.8, 60.1, 0).pair(40, 0.5).pair(1, "45.37");
        handles.put("label", dxf.lastHandle());
        dxf.entity("INSERT", "ZBTZ").pair(66, 1).pair(2, "GC200").xyz(10, 200, 200, 0);
        handles.put("insertGc", dxf.lastHandle());
        dxf.entity("ATTRIB", "ZBTZ").xyz(10, 200.5, 200, 0).pair(40, 0.5).pair(1, "46.10").pair(2, "GC");
        dxf.entity("SEQEND", "ZBTZ");
        dxf.entity("TEXT", "ZJ").xyz(10, 0, 90, 0).pair(40, 2).pair(1, "Village road");
        handles.put("text", dxf.lastHandle());
        dxf.entity("3DFACE", "DLSS").xyz(10, 0, 0, 0).xyz(11, 1, 0, 0).xyz(12, 1, 1, 0).xyz(13, 0, 1, 0);
        dxf.entity("SOLID", "DLSS").xyz(10, 0, 0, 0).xyz(11, 1, 0, 0).xyz(12, 1, 1, 0).xyz(13, 0, 1, 0);
        dxf.endSection().eof();
        return dxf;
    }

    private Path write(String name, byte[] bytes) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, bytes);
        return file;
    }

    private static List<String> layerNames(DxfReader.Drawing drawing) {
        return drawing.layers().stream().map(l -> l.layer().name()).toList();
    }

    private static FeatureLayer layer(DxfReader.Drawing drawing, String name) {
        return drawing.layers().stream().map(SourceLayer::layer).filter(l -> l.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no layer " + name + " in " + layerNames(drawing)));
    }

    private static String sourceOf(DxfReader.Drawing drawing, String name) {
        return drawing.layers().stream().filter(l -> l.layer().name().equals(name)).findFirst().orElseThrow().source();
    }

    private Feature feature(FeatureLayer layer, String key) {
        String handle = handles.get(key);
        return layer.features().stream().filter(f -> handle.equals(f.get("handle"))).findFirst()
                .orElseThrow(() -> new AssertionError("no feature " + key + " (handle " + handle + ") in " + layer.name()));
    }

    /** Returns the most area that chords within the chord tolerance can cut off an arc of {@code arcLength}. */
    private static double areaSlack(double arcLength) {
        return DxfCurves.CHORD_TOLERANCE * arcLength;
    }

    /** Returns the largest distance of a chord midpoint from the circle of {@code radius} around {@code centre}. */
    private static double maxChordError(Geometry line, Coordinate centre, double radius) {
        Coordinate[] vertices = line.getCoordinates();
        double max = 0;
        for (int i = 0; i + 1 < vertices.length; i++) {
            Coordinate mid = new Coordinate((vertices[i].x + vertices[i + 1].x) / 2, (vertices[i].y + vertices[i + 1].y) / 2);
            max = Math.max(max, radius - mid.distance(centre));
        }
        return max;
    }
}
