package org.communitygis.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.communitygis.core.CgisException;
import org.communitygis.core.Diagnostics;
import org.communitygis.core.crs.Crs;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.feature.Field;
import org.communitygis.core.feature.FieldType;
import org.communitygis.core.feature.GeometryKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeoJsonReaderTest {
    @TempDir
    Path dir;

    private static final String MIXED = """
            {"type": "FeatureCollection",
             "features": [
               {"type": "Feature", "id": 7, "geometry": {"type": "Polygon", "coordinates": [[[0,0],[1,0],[1,1],[0,1],[0,0]]]},
                "properties": {"name": "一组", "households": 12, "area": 1, "served": true, "tags": {"a": 1}, "mixed": 1}},
               {"type": "Feature", "id": 9, "geometry": {"type": "MultiPolygon",
                  "coordinates": [[[[2,2],[3,2],[3,3],[2,3],[2,2]]], [[[5,5],[6,5],[6,6],[5,6],[5,5]]]]},
                "properties": {"name": "二组", "households": 8, "area": 2.5, "served": false, "tags": [1, 2], "mixed": "x"}}
             ]}
            """;

    @Test
    void columnTypesInferred() throws IOException {
        FeatureLayer layer = GeoJsonReader.read(write("Zones 2024.geojson", MIXED), new Diagnostics());
        assertThat(layer.fields()).containsExactly(new Field("name", FieldType.STRING),
                new Field("households", FieldType.INTEGER), new Field("area", FieldType.REAL),
                new Field("served", FieldType.BOOLEAN), new Field("tags", FieldType.STRING),
                new Field("mixed", FieldType.STRING));
    }

    @Test
    void nestedValuesAsJsonText() throws IOException {
        FeatureLayer layer = GeoJsonReader.read(write("zones.geojson", MIXED), new Diagnostics());
        assertThat(layer.features().get(0).get("tags")).isEqualTo("{\"a\":1}");
        assertThat(layer.features().get(1).get("tags")).isEqualTo("[1,2]");
    }

    @Test
    void kindGeneralized() throws IOException {
        FeatureLayer layer = GeoJsonReader.read(write("zones.geojson", MIXED), new Diagnostics());
        assertThat(layer.kind()).isEqualTo(GeometryKind.MULTIPOLYGON);
    }

    @Test
    void nameFromFile() throws IOException {
        FeatureLayer layer = GeoJsonReader.read(write("Zones 2024.geojson", MIXED), new Diagnostics());
        assertThat(layer.name()).isEqualTo("zones_2024");
    }

    @Test
    void uniqueIdsKept() throws IOException {
        FeatureLayer layer = GeoJsonReader.read(write("zones.geojson", MIXED), new Diagnostics());
        assertThat(layer.features()).extracting(f -> f.id()).containsExactly(7L, 9L);
    }

    @Test
    void duplicateIdsRenumbered() throws IOException {
        String json = """
                {"type":"FeatureCollection","features":[
                 {"type":"Feature","id":3,"geometry":{"type":"Point","coordinates":[1,2]},"properties":{}},
                 {"type":"Feature","id":3,"geometry":{"type":"Point","coordinates":[3,4]},"properties":{}},
                 {"type":"Feature","id":"x","geometry":{"type":"Point","coordinates":[5,6]},"properties":null}]}
                """;
        FeatureLayer layer = GeoJsonReader.read(write("wells.geojson", json), new Diagnostics());
        assertThat(layer.features()).extracting(f -> f.id()).containsExactly(1L, 2L, 3L);
        assertThat(layer.kind()).isEqualTo(GeometryKind.POINT);
    }

    @Test
    void legacyCrsHonoured() throws IOException {
        String json = """
                {"type":"FeatureCollection",
                 "features":[{"type":"Feature","geometry":{"type":"LineString","coordinates":[[35500000.5,3400000],[35500100,3400050]]},
                   "properties":{"diameter_mm":300}}],
                 "crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::4544"}}}
                """;
        FeatureLayer layer = GeoJsonReader.read(write("pipes.geojson", json), new Diagnostics());
        assertThat(layer.crs()).isEqualTo("EPSG:4544");
        assertThat(layer.features().get(0).geometry().getCoordinates()[0].x).isEqualTo(35500000.5);
    }

    @Test
    void defaultCrs84() throws IOException {
        FeatureLayer layer = GeoJsonReader.read(write("zones.geojson", MIXED), new Diagnostics());
        assertThat(layer.crs()).isEqualTo(Crs.CRS84);
    }

    @Test
    void unknownCrsRejected() throws IOException {
        String json = "{\"type\":\"Point\",\"coordinates\":[1,2],\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"EPSG:99999999\"}}}";
        Path file = write("p.geojson", json);
        assertThatThrownBy(() -> GeoJsonReader.read(file, new Diagnostics())).isInstanceOf(CgisException.class)
                .hasMessageContaining("p.geojson").hasMessageContaining("EPSG:99999999");
    }

    @Test
    void mixedFamiliesGeometry() throws IOException {
        String json = """
                {"type":"FeatureCollection","features":[
                 {"type":"Feature","geometry":{"type":"Point","coordinates":[1,2]},"properties":{}},
                 {"type":"Feature","geometry":{"type":"LineString","coordinates":[[1,2],[3,4]]},"properties":{}},
                 {"type":"Feature","geometry":{"type":"MultiLineString","coordinates":[[[1,2],[3,4]]]},"properties":{}}]}
                """;
        FeatureLayer layer = GeoJsonReader.read(write("misc.geojson", json), new Diagnostics());
        assertThat(layer.kind()).isEqualTo(GeometryKind.GEOMETRY);
    }

    @Test
    void linesGeneralized() throws IOException {
        String json = """
                {"type":"FeatureCollection","features":[
                 {"type":"Feature","geometry":{"type":"LineString","coordinates":[[1,2],[3,4]]},"properties":{}},
                 {"type":"Feature","geometry":{"type":"MultiLineString","coordinates":[[[1,2],[3,4]]]},"properties":{}}]}
                """;
        FeatureLayer layer = GeoJsonReader.read(write("ditches.geojson", json), new Diagnostics());
        assertThat(layer.kind()).isEqualTo(GeometryKind.MULTILINESTRING);
    }

    @Test
    void singleFeature() throws IOException {
        String json = "{\"properties\":{\"kind\":\"outfall\"},\"geometry\":{\"type\":\"Point\",\"coordinates\":[104,30]},\"type\":\"Feature\"}";
        FeatureLayer layer = GeoJsonReader.read(write("outfall.json", json), new Diagnostics());
        assertThat(layer.size()).isEqualTo(1);
        assertThat(layer.features().get(0).get("kind")).isEqualTo("outfall");
    }

    @Test
    void bareGeometry() throws IOException {
        String json = "{\"type\":\"LineString\",\"coordinates\":[[104,30,500],[104.1,30.1,510]]}";
        FeatureLayer layer = GeoJsonReader.read(write("line.geojson", json), new Diagnostics());
        assertThat(layer.kind()).isEqualTo(GeometryKind.LINESTRING);
        assertThat(layer.features().get(0).geometry().getLength()).isGreaterThan(0.14);
    }

    @Test
    void nullGeometrySkipped() throws IOException {
        String json = """
                {"type":"FeatureCollection","features":[
                 {"type":"Feature","geometry":null,"properties":{"a":1}},
                 {"type":"Feature","geometry":{"type":"Point","coordinates":[1,2]},"properties":{"a":2}}]}
                """;
        Diagnostics diagnostics = new Diagnostics();
        FeatureLayer layer = GeoJsonReader.read(write("pts.geojson", json), diagnostics);
        assertThat(layer.size()).isEqualTo(1);
        assertThat(diagnostics.count("geojson.nullGeometry")).isEqualTo(1);
        assertThat(diagnostics.warnings().get(0).english()).contains("features[0]");
    }

    @Test
    void bowtieRepaired() throws IOException {
        String json = """
                {"type":"FeatureCollection","features":[
                 {"type":"Feature","geometry":{"type":"Point","coordinates":[1,2]},"properties":{}},
                 {"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[0,0],[10,10],[10,0],[0,10],[0,0]]]},"properties":{}}]}
                """;
        Diagnostics diagnostics = new Diagnostics();
        FeatureLayer layer = GeoJsonReader.read(write("bad.geojson", json), diagnostics);
        assertThat(layer.features().get(1).geometry().isValid()).isTrue();
        assertThat(diagnostics.count("geojson.repaired")).isEqualTo(1);
        assertThat(diagnostics.warnings().get(0).english()).contains("features[1]");
    }

    @Test
    void unclosedRingSkipped() throws IOException {
        String json = """
                {"type":"FeatureCollection","features":[
                 {"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1]]]},"properties":{}}]}
                """;
        Diagnostics diagnostics = new Diagnostics();
        FeatureLayer layer = GeoJsonReader.read(write("open.geojson", json), diagnostics);
        assertThat(layer.size()).isZero();
        assertThat(diagnostics.count("geojson.badGeometry")).isEqualTo(1);
    }

    @Test
    void malformedNamesLineColumn() throws IOException {
        Path file = write("broken.geojson", "{\"type\": \"FeatureCollection\",\n \"features\": [\n  {\"type\": \"Feature\",, }\n]}");
        assertThatThrownBy(() -> GeoJsonReader.read(file, new Diagnostics())).isInstanceOf(CgisException.class)
                .hasMessageContaining("broken.geojson").hasMessageContaining("line 3");
    }

    @Test
    void truncatedJsonNamesLine() throws IOException {
        Path file = write("cut.geojson", "{\"type\": \"FeatureCollection\",\n \"features\": [\n  {\"type\": \"Feature\"");
        assertThatThrownBy(() -> GeoJsonReader.read(file, new Diagnostics())).isInstanceOf(CgisException.class)
                .hasMessageContaining("cut.geojson").hasMessageContaining("not valid JSON");
    }

    @Test
    void notGeoJsonRejected() throws IOException {
        Path file = write("config.json", "{\"type\": \"settings\"}");
        assertThatThrownBy(() -> GeoJsonReader.read(file, new Diagnostics())).isInstanceOf(CgisException.class)
                .hasMessageContaining("settings");
    }

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }
}
