package org.communitygis.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.WKTReader;

/** The encoder against the worked examples of the Mapbox Vector Tile 2.1 specification, section 4.3.5. */
class MvtEncoderTest {
    private static MvtDecoder.Feature encodeOne(String wkt) throws Exception {
        Geometry geometry = new WKTReader().read(wkt);
        MvtEncoder encoder = new MvtEncoder("test");
        ObjectNode properties = JsonNodeFactory.instance.objectNode().put("a", 1).putNull("b");
        encoder.add(7, geometry, properties);
        return MvtDecoder.decode(encoder.encode()).get(0).features().get(0);
    }

    @Test
    void zigzagMatchesSpec() {
        assertThat(MvtEncoder.zigzag(0)).isZero();
        assertThat(MvtEncoder.zigzag(-1)).isEqualTo(1);
        assertThat(MvtEncoder.zigzag(1)).isEqualTo(2);
        assertThat(MvtEncoder.zigzag(-2)).isEqualTo(3);
        assertThat(MvtEncoder.zigzag(25)).isEqualTo(50);
    }

    @Test
    void pointAndLineRoundTrip() throws Exception {
        MvtDecoder.Feature point = encodeOne("POINT (25 17)");
        assertThat(point.id()).isEqualTo(7);
        assertThat(point.type()).isEqualTo(1);
        assertThat(point.parts().get(0).get(0)).containsExactly(25, 17);
        assertThat(point.properties()).containsEntry("a", 1L).doesNotContainKey("b");

        MvtDecoder.Feature line = encodeOne("MULTILINESTRING ((2 2, 2 10, 10 10), (1 1, 3 5))");
        assertThat(line.type()).isEqualTo(2);
        assertThat(line.parts()).hasSize(2);
        assertThat(line.parts().get(1).get(1)).containsExactly(3, 5);
    }

    @Test
    void ringsOrientedPerSpec() throws Exception {
        // Counter-clockwise on screen (y down) in the input: the encoder must reverse the exterior ring.
        MvtDecoder.Feature polygon = encodeOne("POLYGON ((0 0, 0 10, 10 10, 10 0, 0 0), (3 3, 6 3, 6 6, 3 6, 3 3))");
        assertThat(polygon.type()).isEqualTo(3);
        assertThat(polygon.parts()).hasSize(2);
        assertThat(area(polygon.parts().get(0))).isPositive();
        assertThat(area(polygon.parts().get(1))).isNegative();
    }

    @Test
    void collapsedGeometriesLeftOut() throws Exception {
        MvtEncoder encoder = new MvtEncoder("test");
        encoder.add(1, new WKTReader().read("LINESTRING (1 1, 1.2 1.1)"), JsonNodeFactory.instance.objectNode());
        encoder.add(2, new WKTReader().read("POLYGON ((0 0, 0.2 0, 0.2 0.2, 0 0))"),
                JsonNodeFactory.instance.objectNode());
        assertThat(encoder.isEmpty()).isTrue();
        assertThat(encoder.encode()).isEmpty();
    }

    private static long area(List<int[]> ring) {
        long sum = 0;
        for (int i = 0; i < ring.size(); i++) {
            int[] a = ring.get(i);
            int[] b = ring.get((i + 1) % ring.size());
            sum += (long) a[0] * b[1] - (long) b[0] * a[1];
        }
        return sum;
    }
}
