package org.communitygis.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.communitygis.core.CgisException;
import org.communitygis.core.Diagnostics;
import org.communitygis.core.crs.Crs;
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
import org.locationtech.jts.geom.Polygon;

class GeoJsonWriterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final GeometryFactory FACTORY = new GeometryFactory();

    @TempDir
    Path dir;

    /** A zone near Chengdu in CGCS2000 / 3-degree Gauss-Kruger CM 105E, with a clockwise shell and a hole. */
    private static FeatureLayer zones() {
        FeatureLayer layer = new FeatureLayer("zones", GeometryKind.MULTIPOLYGON, "EPSG:4544",
                List.of(new Field("name", FieldType.STRING), new Field("code", FieldType.STRING),
                        new Field("area_m2", FieldType.REAL)));
        double x = 404000;
        double y = 3395000;
        LinearRing shell = FACTORY.createLinearRing(new Coordinate[] {new Coordinate(x, y), new Coordinate(x, y + 100),
            new Coordinate(x + 100, y + 100), new Coordinate(x + 100, y), new Coordinate(x, y)});
        LinearRing hole = FACTORY.createLinearRing(new Coordinate[] {new Coordinate(x + 10, y + 10),
            new Coordinate(x + 20, y + 10), new Coordinate(x + 20, y + 20), new Coordinate(x + 10, y + 20),
            new Coordinate(x + 10, y + 10)});
        Polygon polygon = FACTORY.createPolygon(shell, new LinearRing[] {hole});
        layer.add(new Feature(5, polygon).set("name", "一组").set("code", "G1").set("area_m2", Double.NaN));
        return layer;
    }

    @Test
    void writesCrs84() throws IOException {
        Path file = dir.resolve("zones.geojson");
        GeoJsonWriter.write(zones(), file, false);
        JsonNode root = JSON.readTree(file.toFile());
        assertThat(root.has("crs")).isFalse();
        JsonNode first = root.at("/features/0/geometry/coordinates/0/0/0");
        assertThat(first.get(0).doubleValue()).isBetween(103.9, 104.1);
        assertThat(first.get(1).doubleValue()).isBetween(30.6, 30.7);
    }

    @Test
    void roundsToSevenDecimals() throws IOException {
        Path file = dir.resolve("zones.geojson");
        GeoJsonWriter.write(zones(), file, false);
        String text = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(text).containsPattern("\\[10[34]\\.\\d{1,7},30\\.\\d{1,7}\\]");
        assertThat(text).doesNotContainPattern("\\d\\.\\d{8,}");
    }

    @Test
    void shellCounterClockwise() throws IOException {
        Path file = dir.resolve("zones.geojson");
        GeoJsonWriter.write(zones(), file, false);
        FeatureLayer back = GeoJsonReader.read(file, new Diagnostics());
        Polygon polygon = (Polygon) back.features().get(0).geometry().getGeometryN(0);
        assertThat(Orientation.isCCW(polygon.getExteriorRing().getCoordinates())).isTrue();
        assertThat(Orientation.isCCW(polygon.getInteriorRingN(0).getCoordinates())).isFalse();
    }

    @Test
    void roundTripAttributes() throws IOException {
        Path file = dir.resolve("zones.geojson");
        GeoJsonWriter.write(zones(), file, false);
        FeatureLayer back = GeoJsonReader.read(file, new Diagnostics());
        Feature feature = back.features().get(0);
        assertThat(feature.id()).isEqualTo(5L);
        assertThat(feature.get("name")).isEqualTo("一组");
        assertThat(feature.get("area_m2")).isNull();
        assertThat(back.crs()).isEqualTo(Crs.CRS84);
    }

    @Test
    void roundTripPositionWithinCentimetre() throws IOException {
        Path file = dir.resolve("zones.geojson");
        GeoJsonWriter.write(zones(), file, false);
        FeatureLayer back = GeoJsonReader.read(file, new Diagnostics());
        Coordinate[] projected = Crs.transform(Crs.CRS84, "EPSG:4544").apply(back.features().get(0).geometry())
                .getCoordinates();
        assertThat(Stream.of(projected).anyMatch(c -> Math.abs(c.x - 404000) < 0.02 && Math.abs(c.y - 3395000) < 0.02))
                .isTrue();
    }

    @Test
    void polygonPromotedToMulti() throws IOException {
        Path file = dir.resolve("zones.geojson");
        GeoJsonWriter.write(zones(), file, false);
        JsonNode root = JSON.readTree(file.toFile());
        assertThat(root.at("/features/0/geometry/type").asText()).isEqualTo("MultiPolygon");
    }

    @Test
    void keepCrsWritesLegacyMember() throws IOException {
        Path file = dir.resolve("zones.geojson");
        GeoJsonWriter.write(zones(), file, true);
        JsonNode root = JSON.readTree(file.toFile());
        assertThat(root.at("/crs/properties/name").asText()).isEqualTo("urn:ogc:def:crs:EPSG::4544");
        assertThat(root.at("/features/0/geometry/coordinates/0/0/0/0").doubleValue()).isEqualTo(404000.0);
    }

    @Test
    void keepCrsReadBack() throws IOException {
        Path file = dir.resolve("zones.geojson");
        GeoJsonWriter.write(zones(), file, true);
        FeatureLayer back = GeoJsonReader.read(file, new Diagnostics());
        assertThat(back.crs()).isEqualTo("EPSG:4544");
        assertThat(back.features().get(0).geometry().getArea()).isEqualTo(9900.0);
    }

    @Test
    void noTemporaryFilesLeft() throws IOException {
        GeoJsonWriter.write(zones(), dir.resolve("zones.geojson"), false);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("zones.geojson");
        }
    }

    @Test
    void missingFolderRejected() {
        Path file = dir.resolve("no/such/folder/zones.geojson");
        assertThatThrownBy(() -> GeoJsonWriter.write(zones(), file, false)).isInstanceOf(CgisException.class)
                .hasMessageContaining("does not exist");
    }
}
