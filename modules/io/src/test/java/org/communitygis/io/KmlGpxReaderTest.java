package org.communitygis.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.communitygis.core.CgisException;
import org.communitygis.core.Diagnostics;
import org.communitygis.core.crs.Crs;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.feature.FieldType;
import org.communitygis.core.feature.GeometryKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Polygon;

class KmlGpxReaderTest {
    private static final String KML = """
            <?xml version="1.0" encoding="UTF-8"?>
            <kml xmlns="http://www.opengis.net/kml/2.2" xmlns:gx="http://www.google.com/kml/ext/2.2">
            <Document><name>示例村踏勘</name>
              <Folder><name>道路</name>
                <Placemark><name>村道一</name><description>水泥路</description>
                  <ExtendedData><Data name="width_m"><value>6.5</value></Data>
                    <Data name="name"><value>clash</value></Data></ExtendedData>
                  <LineString><coordinates>104.0,30.0,500 104.001,30.0,501 104.002,30.001,502</coordinates></LineString>
                </Placemark>
                <Placemark><name>村道二</name>
                  <ExtendedData><SchemaData schemaUrl="#s"><SimpleData name="width_m">4</SimpleData></SchemaData></ExtendedData>
                  <LineString><coordinates>
                    104.0,30.002 104.001,30.002
                  </coordinates></LineString>
                </Placemark>
              </Folder>
              <Folder><name>村庄</name>
                <Folder><name>房屋</name>
                  <Placemark><name>王家</name>
                    <Polygon><outerBoundaryIs><LinearRing><coordinates>
                      104.0,30.0 104.001,30.0 104.001,30.001 104.0,30.001 104.0,30.0
                    </coordinates></LinearRing></outerBoundaryIs>
                    <innerBoundaryIs><LinearRing><coordinates>
                      104.0004,30.0004 104.0006,30.0004 104.0006,30.0006 104.0004,30.0006 104.0004,30.0004
                    </coordinates></LinearRing></innerBoundaryIs></Polygon>
                  </Placemark>
                  <Placemark><name>井和水管</name>
                    <MultiGeometry><Point><coordinates>104.0005,30.0005</coordinates></Point>
                      <LineString><coordinates>104.0005,30.0005 104.0008,30.0008</coordinates></LineString></MultiGeometry>
                  </Placemark>
                  <Placemark><name>祠堂模型</name><Model><Location><longitude>104</longitude><latitude>30</latitude></Location></Model></Placemark>
                </Folder>
              </Folder>
              <Placemark><name>踏勘轨迹</name><gx:Track><when>2024-05-01T08:00:00Z</when><when>2024-05-01T08:01:00Z</when>
                <gx:coord>104.0 30.0 500</gx:coord><gx:coord>104.0005 30.0003 502</gx:coord></gx:Track></Placemark>
            </Document></kml>
            """;

    @TempDir
    Path dir;

    @Test
    void kmzFoldersBecomeLayers() throws IOException {
        Path kmz = dir.resolve("survey.kmz");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(kmz))) {
            zip.putNextEntry(new ZipEntry("files/icon.png"));
            zip.write(new byte[] {1, 2, 3});
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("doc.kml"));
            zip.write(KML.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        assertThat(FormatDetector.detect(kmz)).isEqualTo(InputFormat.KML);
        Diagnostics diagnostics = new Diagnostics();

        List<SourceLayer> layers = KmlReader.read(kmz, diagnostics);

        FeatureLayer roads = source(layers, "道路", GeometryKind.LINESTRING);
        assertThat(roads.crs()).isEqualTo(Crs.CRS84);
        assertThat(roads.size()).isEqualTo(2);
        assertThat(roads.field("width_m").orElseThrow().type()).isEqualTo(FieldType.REAL);
        Feature first = roads.features().get(0);
        assertThat(first.get("name")).isEqualTo("村道一");
        assertThat(first.get("description")).isEqualTo("水泥路");
        assertThat(first.get("folder")).isEqualTo("示例村踏勘/道路");
        assertThat(first.get("width_m")).isEqualTo(6.5);
        assertThat(first.get("data_name")).isEqualTo("clash");
        assertThat(first.geometry().getCoordinates()[2].z).isEqualTo(502.0);
        assertThat(roads.features().get(1).get("width_m")).isEqualTo(4.0);

        FeatureLayer houses = source(layers, "房屋", GeometryKind.POLYGON);
        Polygon house = (Polygon) houses.features().get(0).geometry();
        assertThat(house.getNumInteriorRing()).isEqualTo(1);
        assertThat(houses.features().get(0).get("folder")).isEqualTo("示例村踏勘/村庄/房屋");
        assertThat(source(layers, "房屋", GeometryKind.POINT).features().get(0).get("name")).isEqualTo("井和水管");
        assertThat(source(layers, "房屋", GeometryKind.LINESTRING).size()).isEqualTo(1);

        FeatureLayer track = source(layers, "示例村踏勘", GeometryKind.LINESTRING);
        assertThat(track.features().get(0).geometry().getNumPoints()).isEqualTo(2);

        assertThat(diagnostics.count("kml.unsupportedGeometry")).isEqualTo(1);
        String message = diagnostics.warnings().get(0).english();
        assertThat(message).contains("祠堂模型").contains("Model").contains("survey.kmz");
    }

    @Test
    void plainKmlDetectedAndRead() throws IOException {
        Path file = dir.resolve("roads.kml");
        Files.writeString(file, KML);
        assertThat(FormatDetector.detect(file)).isEqualTo(InputFormat.KML);
        assertThat(KmlReader.read(file, new Diagnostics())).isNotEmpty();
    }

    @Test
    void externalEntityNotResolved() throws IOException {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "SECRET-CONTENT");
        Path file = dir.resolve("xxe.kml");
        Files.writeString(file, "<?xml version=\"1.0\"?>\n<!DOCTYPE kml [<!ENTITY x SYSTEM \"" + secret.toUri()
                + "\">]>\n<kml><Placemark><name>&x;</name><Point><coordinates>104,30</coordinates></Point>"
                + "</Placemark></kml>\n");
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> KmlReader.read(file, new Diagnostics()));
        if (thrown == null) {
            FeatureLayer layer = KmlReader.read(file, new Diagnostics()).get(0).layer();
            assertThat(String.valueOf(layer.features().get(0).get("name"))).doesNotContain("SECRET");
        } else {
            assertThat(thrown).isInstanceOf(CgisException.class).hasMessageContaining("xxe.kml");
            assertThat(thrown.getMessage()).doesNotContain("SECRET");
        }
    }

    @Test
    void kmlWithoutPlacemarksRejected() throws IOException {
        Path file = dir.resolve("empty.kml");
        Files.writeString(file, "<kml><Document><name>x</name></Document></kml>");
        assertThatThrownBy(() -> KmlReader.read(file, new Diagnostics())).isInstanceOf(CgisException.class)
                .hasMessageContaining("empty.kml");
    }

    @Test
    void gpxWaypointsTracksRoutes() throws IOException {
        Path file = dir.resolve("walk.gpx");
        Files.writeString(file, """
                <?xml version="1.0" encoding="UTF-8"?>
                <gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1">
                  <wpt lat="30.0" lon="104.0"><ele>512.5</ele><time>2024-05-01T08:00:00Z</time><name>井1</name><sym>Flag</sym></wpt>
                  <wpt lat="30.001" lon="104.001"><name>无高程</name></wpt>
                  <wpt lat="95" lon="104.001"><name>bad</name></wpt>
                  <rte><name>规划线</name><rtept lat="30.0" lon="104.0"/><rtept lat="30.0" lon="104.002"/></rte>
                  <trk><name>踏勘</name><type>walk</type>
                    <trkseg><trkpt lat="30.0" lon="104.0"><ele>500</ele><time>2024-05-01T08:00:00Z</time></trkpt>
                      <trkpt lat="30.0005" lon="104.0"><ele>501</ele><time>2024-05-01T08:01:00Z</time></trkpt></trkseg>
                    <trkseg><trkpt lat="30.001" lon="104.0"><ele>502</ele><time>2024-05-01T08:05:00Z</time></trkpt>
                      <trkpt lat="30.0015" lon="104.0"><ele>503</ele><time>2024-05-01T08:06:00Z</time></trkpt></trkseg>
                  </trk>
                </gpx>
                """);
        assertThat(FormatDetector.detect(file)).isEqualTo(InputFormat.GPX);
        Diagnostics diagnostics = new Diagnostics();

        List<SourceLayer> layers = GpxReader.read(file, diagnostics);

        FeatureLayer waypoints = source(layers, "waypoints", GeometryKind.POINT);
        assertThat(waypoints.size()).isEqualTo(2);
        Feature well = waypoints.features().get(0);
        assertThat(well.get("name")).isEqualTo("井1");
        assertThat(well.get("ele_m")).isEqualTo(512.5);
        assertThat(well.get("time")).isEqualTo("2024-05-01T08:00:00Z");
        assertThat(well.get("symbol")).isEqualTo("Flag");
        assertThat(well.geometry().getCoordinate().z).isEqualTo(512.5);
        assertThat(waypoints.features().get(1).get("ele_m")).isNull();
        assertThat(diagnostics.count("gpx.badPoint")).isEqualTo(1);

        FeatureLayer tracks = source(layers, "tracks", GeometryKind.MULTILINESTRING);
        Feature walk = tracks.features().get(0);
        assertThat(walk.geometry().getNumGeometries()).isEqualTo(2);
        assertThat(walk.get("time")).isEqualTo("2024-05-01T08:00:00Z");
        assertThat(walk.get("end_time")).isEqualTo("2024-05-01T08:06:00Z");
        assertThat(walk.get("points")).isEqualTo(4L);
        assertThat(walk.get("type")).isEqualTo("walk");
        assertThat(walk.geometry().getLength()).isCloseTo(0.001, within(1e-12));

        FeatureLayer routes = source(layers, "routes", GeometryKind.LINESTRING);
        assertThat(routes.features().get(0).get("name")).isEqualTo("规划线");
    }

    private static FeatureLayer source(List<SourceLayer> layers, String source, GeometryKind kind) {
        return layers.stream().filter(l -> l.source().equals(source) && l.layer().kind() == kind).findFirst()
                .map(SourceLayer::layer).orElseThrow(() -> new AssertionError("no " + kind + " layer for " + source
                        + " in " + layers.stream().map(l -> l.source() + "/" + l.layer().kind()).toList()));
    }
}
