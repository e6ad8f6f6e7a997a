package org.communitygis.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.communitygis.core.CgisException;
import org.communitygis.core.Diagnostics;
import org.communitygis.core.crs.Crs;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.feature.Field;
import org.communitygis.core.feature.FieldType;
import org.communitygis.core.feature.GeometryKind;
import org.communitygis.core.i18n.Message;
import org.communitygis.core.testing.SharedData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;

class OsmReaderTest {
    /** Warning keys after which the element is not in the layer. */
    private static final Set<String> SKIP_KEYS = Set.of("osm.nodeSkipped", "osm.missingNodes", "osm.zeroLength",
            "osm.unclosed", "osm.relationNotMultipolygon", "osm.relationMissingNodes", "osm.relationIncomplete",
            "osm.relationOpen", "osm.emptyAfterRepair");

    private static List<FeatureLayer> bayreuth;
    private static Diagnostics bayreuthDiagnostics;
    private static Map<String, Integer> tagCounts;
    private static long readMillis;

    @TempDir
    Path dir;

    @BeforeAll
    static void readBayreuth() throws Exception {
        Path file = SharedData.file("real/north-bayreuth.osm.gz");
        tagCounts = countTags(file);
        bayreuthDiagnostics = new Diagnostics();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long wall = System.nanoTime();
        long cpu = threads.getCurrentThreadCpuTime();
        bayreuth = OsmReader.read(file, bayreuthDiagnostics);
        readMillis = (threads.getCurrentThreadCpuTime() - cpu) / 1_000_000;
        // CPU time is reported beside wall time because the test machine may be shared.
        System.out.printf("OsmReader read north-bayreuth.osm.gz: %d ms CPU, %d ms wall, cold JVM (%d warnings)%n",
                readMillis, (System.nanoTime() - wall) / 1_000_000, bayreuthDiagnostics.warnings().size());
        bayreuthDiagnostics.warnings().forEach(m -> System.out.println("  " + m.english()));
    }

    /** Counts tag keys per element type ("way:building") with a plain StAX pass, independent of OsmReader. */
    private static Map<String, Integer> countTags(Path file) throws IOException, XMLStreamException {
        Map<String, Integer> counts = new TreeMap<>();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            XMLStreamReader xml = XMLInputFactory.newFactory().createXMLStreamReader(in);
            String element = "";
            while (xml.hasNext()) {
                if (xml.next() != XMLStreamConstants.START_ELEMENT) {
                    continue;
                }
                String name = xml.getLocalName();
                if (name.equals("node") || name.equals("way") || name.equals("relation")) {
                    element = name;
                } else if (name.equals("tag")) {
                    counts.merge(element + ":" + xml.getAttributeValue(null, "k"), 1, Integer::sum);
                }
            }
        }
        return counts;
    }

    private static int tags(String key) {
        return tagCounts.getOrDefault("node:" + key, 0) + tagCounts.getOrDefault("way:" + key, 0)
                + tagCounts.getOrDefault("relation:" + key, 0);
    }

    private static long skipped(String layer) {
        return bayreuthDiagnostics.warnings().stream()
                .filter(m -> SKIP_KEYS.contains(m.key()) && layer.equals(m.args()[0])).count();
    }

    private static FeatureLayer layer(String name) {
        return bayreuth.stream().filter(l -> l.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void readmeTagCounts() {
        assertThat(tags("building")).isEqualTo(4269);
        assertThat(tags("highway")).isEqualTo(2122);
        assertThat(tags("waterway")).isEqualTo(230);
        assertThat(tags("landuse")).isEqualTo(686);
    }

    @Test
    void layerNamesInOrder() {
        assertThat(bayreuth).extracting(FeatureLayer::name).containsExactly("roads", "buildings", "waterways", "landuse");
    }

    @Test
    void buildingsMatchTags() {
        assertThat((long) layer("buildings").size()).isEqualTo(tags("building") - skipped("buildings"));
    }

    @Test
    void buildingNodesReported() {
        assertThat(skipped("buildings")).isEqualTo((long) tagCounts.getOrDefault("node:building", 0));
    }

    @Test
    void roadsMatchHighwayWays() {
        assertThat((long) layer("roads").size()).isEqualTo(tagCounts.get("way:highway") - skipped("roads"));
    }

    @Test
    void waterwaysMatchWaterwayWays() {
        assertThat((long) layer("waterways").size()).isEqualTo(tagCounts.get("way:waterway") - skipped("waterways"));
    }

    @Test
    void landuseIncludesRelations() {
        assertThat((long) layer("landuse").size()).isEqualTo(tags("landuse") - skipped("landuse"));
    }

    @Test
    void landuseHasMultipolygon() {
        long multipolygons = layer("landuse").features().stream()
                .filter(f -> f.geometry().getGeometryType().equals("MultiPolygon")).count();
        assertThat(multipolygons).isGreaterThan(0);
    }

    @Test
    void oldStyleHolesApplied() {
        // Untagged multipolygon relations such as 79017 (forest with a farmland hole) give their holes to
        // the tagged outer way, so closed ways, which have no holes of their own, end up with holes.
        Set<Long> taggedRelations = Set.of(16600L, 85885L, 1669599L);
        long waysWithHoles = layer("landuse").features().stream()
                .filter(f -> !taggedRelations.contains((Long) f.get("osm_id")))
                .filter(f -> f.geometry() instanceof Polygon p && p.getNumInteriorRing() > 0)
                .count();
        System.out.println("landuse ways with holes from old-style multipolygons: " + waysWithHoles);
        assertThat(waysWithHoles).isGreaterThanOrEqualTo(10);
    }

    @Test
    void allGeometriesValid() {
        for (FeatureLayer layer : bayreuth) {
            for (Feature feature : layer.features()) {
                assertThat(feature.geometry().isValid()).as("%s %s", layer.name(), feature.get("osm_id")).isTrue();
            }
        }
    }

    @Test
    void coordinatesInsideBounds() {
        for (FeatureLayer layer : bayreuth) {
            assertThat(layer.crs()).isEqualTo(Crs.CRS84);
            assertThat(layer.envelope().getMinX()).as(layer.name()).isGreaterThan(11.3);
            assertThat(layer.envelope().getMaxY()).as(layer.name()).isLessThan(50.2);
        }
    }

    @Test
    void roadSchema() {
        FeatureLayer roads = layer("roads");
        assertThat(roads.kind()).isEqualTo(GeometryKind.LINESTRING);
        assertThat(roads.fields()).containsExactly(new Field("osm_id", FieldType.INTEGER),
                new Field("highway", FieldType.STRING), new Field("name", FieldType.STRING),
                new Field("ref", FieldType.STRING), new Field("surface", FieldType.STRING),
                new Field("lanes", FieldType.INTEGER), new Field("width_m", FieldType.REAL),
                new Field("maxweight_t", FieldType.REAL), new Field("heavy_vehicles_per_day", FieldType.INTEGER));
    }

    @Test
    void tracksCountMatchesReadme() {
        long tracks = layer("roads").features().stream().filter(f -> "track".equals(f.get("highway"))).count();
        assertThat(tracks).isEqualTo(900);
    }

    @Test
    void householdsNullUntagged() {
        assertThat(layer("buildings").features()).allSatisfy(f -> assertThat(f.get("households")).isNull());
    }

    @Test
    void readCpuTimeBounded() {
        // 58,631 nodes and 7,801 ways took 0.4–0.6 s of CPU in a cold JVM on a 2-core build machine.
        assertThat(readMillis).isLessThan(5_000);
    }

    @Test
    void multipolygonFromOpenWays() throws IOException {
        // Outer ring split into two open ways; the hole is one closed way.
        String xml = osm(nodes(1, 0, 0, 2, 10, 0, 3, 10, 10, 4, 0, 10, 5, 4, 4, 6, 6, 4, 7, 6, 6, 8, 4, 6)
                + "<way id='10'><nd ref='1'/><nd ref='2'/><nd ref='3'/></way>"
                + "<way id='11'><nd ref='1'/><nd ref='4'/><nd ref='3'/></way>"
                + "<way id='12'><nd ref='5'/><nd ref='6'/><nd ref='7'/><nd ref='8'/><nd ref='5'/></way>"
                + "<relation id='20'><member type='way' ref='10' role='outer'/><member type='way' ref='11' role='outer'/>"
                + "<member type='way' ref='12' role='inner'/><tag k='type' v='multipolygon'/><tag k='building' v='yes'/>"
                + "<tag k='name' v='粮站'/></relation>");
        Diagnostics diagnostics = new Diagnostics();
        FeatureLayer buildings = OsmReader.read(file("mp.osm", xml), diagnostics).get(1);
        Geometry geometry = buildings.features().get(0).geometry();
        assertThat(geometry.getGeometryType()).isEqualTo("MultiPolygon");
        assertThat(geometry.getArea()).isEqualTo(96.0);
        assertThat(buildings.features().get(0).get("osm_id")).isEqualTo(20L);
        assertThat(buildings.features().get(0).get("name")).isEqualTo("粮站");
        assertThat(diagnostics.warnings()).isEmpty();
    }

    @Test
    void bowtieRepaired() throws IOException {
        String xml = osm(nodes(1, 0, 0, 2, 10, 10, 3, 10, 0, 4, 0, 10)
                + "<way id='30'><nd ref='1'/><nd ref='2'/><nd ref='3'/><nd ref='4'/><nd ref='1'/>"
                + "<tag k='building' v='house'/></way>");
        Diagnostics diagnostics = new Diagnostics();
        FeatureLayer buildings = OsmReader.read(file("bowtie.osm", xml), diagnostics).get(1);
        assertThat(buildings.size()).isEqualTo(1);
        assertThat(buildings.features().get(0).geometry().isValid()).isTrue();
        assertThat(diagnostics.count("osm.repaired")).isEqualTo(1);
        assertThat(diagnostics.warnings().get(0).english()).contains("way/30");
    }

    @Test
    void badWaysSkipped() throws IOException {
        String xml = osm(nodes(1, 0, 0, 2, 10, 0, 3, 10, 10)
                + "<way id='40'><nd ref='1'/><nd ref='2'/><nd ref='3'/><tag k='building' v='yes'/></way>"
                + "<way id='41'><nd ref='1'/><nd ref='99'/><tag k='highway' v='track'/></way>"
                + "<way id='42'><nd ref='1'/><nd ref='1'/><tag k='highway' v='path'/></way>"
                + "<way id='43'><nd ref='1'/><nd ref='2'/><tag k='highway' v='track'/><tag k='lanes' v='2;3'/>"
                + "<tag k='width' v='3,5 m'/><tag k='maxweight' v='7.5'/></way>");
        Diagnostics diagnostics = new Diagnostics();
        List<FeatureLayer> layers = OsmReader.read(file("bad.osm", xml), diagnostics);
        assertThat(layers.get(1).size()).isZero();
        assertThat(layers.get(0).size()).isEqualTo(1);
        assertThat(diagnostics.count("osm.unclosed")).isEqualTo(1);
        assertThat(diagnostics.count("osm.missingNodes")).isEqualTo(1);
        assertThat(diagnostics.count("osm.zeroLength")).isEqualTo(1);
        assertThat(diagnostics.count("osm.tagInvalid")).isEqualTo(1);
        Feature road = layers.get(0).features().get(0);
        assertThat(road.get("width_m")).isEqualTo(3.5);
        assertThat(road.get("maxweight_t")).isEqualTo(7.5);
        assertThat(road.get("lanes")).isNull();
        assertThat(diagnostics.warnings()).extracting(Message::english)
                .anySatisfy(text -> assertThat(text).contains("way/40"))
                .anySatisfy(text -> assertThat(text).contains("way/41"))
                .anySatisfy(text -> assertThat(text).contains("way/42"));
    }

    @Test
    void truncatedGzip() throws IOException {
        byte[] original = Files.readAllBytes(SharedData.file("real/north-bayreuth.osm.gz"));
        Path file = dir.resolve("cut.osm.gz");
        Files.write(file, Arrays.copyOf(original, original.length / 2));
        assertThatThrownBy(() -> OsmReader.read(file, new Diagnostics())).isInstanceOf(CgisException.class)
                .hasMessageContaining("cut.osm.gz").hasMessageContaining("truncated");
    }

    @Test
    void brokenXmlNamesLine() throws IOException {
        Path file = file("broken.osm", "<?xml version='1.0'?>\n<osm version='0.6'>\n<node id='1' lat='1' lon='2'>\n"
                + "<tag k='a' v='b'>\n</node>\n</osm>\n");
        assertThatThrownBy(() -> OsmReader.read(file, new Diagnostics())).isInstanceOf(CgisException.class)
                .hasMessageContaining("broken.osm").hasMessageContaining("line 5");
    }

    @Test
    void plainXmlEndsEarly() throws IOException {
        Path file = file("short.osm", "<?xml version='1.0'?>\n<osm version='0.6'>\n<node id='1' lat='1' lon='2'/>\n");
        assertThatThrownBy(() -> OsmReader.read(file, new Diagnostics())).isInstanceOf(CgisException.class)
                .hasMessageContaining("short.osm").hasMessageContaining("not well-formed");
    }

    @Test
    void gpxRejected() throws IOException {
        Path file = file("track.gpx", "<?xml version='1.0'?><gpx></gpx>");
        assertThatThrownBy(() -> OsmReader.read(file, new Diagnostics())).isInstanceOf(CgisException.class)
                .hasMessageContaining("<gpx>");
    }

    @Test
    void gzipRoundTrip() throws IOException {
        String xml = osm(nodes(1, 0, 0, 2, 0.001, 0) + "<way id='50'><nd ref='1'/><nd ref='2'/>"
                + "<tag k='waterway' v='ditch'/><tag k='width' v='0.8'/></way>");
        Path file = dir.resolve("small.osm.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(xml.getBytes(StandardCharsets.UTF_8));
        }
        FeatureLayer waterways = OsmReader.read(file, new Diagnostics()).get(2);
        assertThat(waterways.features().get(0).get("width_m")).isEqualTo(0.8);
    }

    private static String osm(String body) {
        return "<?xml version='1.0' encoding='UTF-8'?>\n<osm version='0.6'>\n" + body + "\n</osm>\n";
    }

    /** Returns node elements from triples id, lon, lat. */
    private static String nodes(double... idLonLat) {
        StringBuilder xml = new StringBuilder();
        for (int i = 0; i < idLonLat.length; i += 3) {
            xml.append("<node id='").append((long) idLonLat[i]).append("' lon='").append(idLonLat[i + 1])
                    .append("' lat='").append(idLonLat[i + 2]).append("'/>\n");
        }
        return xml.toString();
    }

    private Path file(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }
}
