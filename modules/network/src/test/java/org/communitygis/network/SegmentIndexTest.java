package org.communitygis.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.junit.jupiter.api.Test;

class SegmentIndexTest {
    @Test
    void nearestMatchesBruteForce() {
        Random random = new Random(7);
        SegmentIndex index = new SegmentIndex(TestLayers.GF);
        LineString[] lines = new LineString[300];
        for (int i = 0; i < lines.length; i++) {
            double x = random.nextDouble() * 2000;
            double y = random.nextDouble() * 2000;
            lines[i] = TestLayers.line(x, y, x + random.nextDouble() * 80 - 40, y + random.nextDouble() * 80 - 40,
                    x + random.nextDouble() * 80 - 40, y + random.nextDouble() * 80 - 40);
            index.add(lines[i], i);
        }
        index.build();
        for (int q = 0; q < 500; q++) {
            double x = random.nextDouble() * 2400 - 200;
            double y = random.nextDouble() * 2400 - 200;
            Geometry query = q % 2 == 0 ? TestLayers.GF.createPoint(new Coordinate(x, y))
                    : TestLayers.box(x, y, x + 5 + random.nextDouble() * 30, y + 5 + random.nextDouble() * 30);
            double expected = Double.POSITIVE_INFINITY;
            for (LineString line : lines) {
                expected = Math.min(expected, query.distance(line));
            }
            SegmentIndex.Hit hit = index.nearest(query);
            assertThat(hit.distance()).as("query %d", q).isCloseTo(expected, within(1e-9));
            assertThat(query.distance(index.line(hit.segment()))).as("query %d", q).isCloseTo(expected, within(1e-9));
        }
    }
}
