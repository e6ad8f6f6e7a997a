package org.communitygis.roads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.MultiLineString;

class ChainageTest {
    private final LineString bent = Fixtures.line(0, 0, 100, 0, 100, 50);

    @Test
    void stationFormat() {
        assertThat(Chainage.station(180)).isEqualTo("K0+180");
        assertThat(Chainage.station(0)).isEqualTo("K0+000");
        assertThat(Chainage.station(1234.4)).isEqualTo("K1+234");
        assertThat(Chainage.station(999.6)).isEqualTo("K1+000");
        assertThat(Chainage.station(12_005)).isEqualTo("K12+005");
        assertThat(Chainage.station(-5)).isEqualTo("-K0+005");
    }

    @Test
    void pointAtAcrossBend() {
        Coordinate point = Chainage.pointAt(bent, 120);
        assertThat(point.x).isEqualTo(100.0);
        assertThat(point.y).isEqualTo(20.0);
    }

    @Test
    void pointAtClampsInsteadOfWrapping() {
        Coordinate before = Chainage.pointAt(bent, -10);
        Coordinate after = Chainage.pointAt(bent, 500);
        assertThat(before.x).isEqualTo(0.0);
        assertThat(after.y).isEqualTo(50.0);
    }

    @Test
    void subLineAcrossBend() {
        Geometry sub = Chainage.subLine(bent, 90, 110);
        assertThat(sub.getLength()).isCloseTo(20, within(1e-9));
        assertThat(sub.getCoordinates()).hasSize(3);
        assertThat(sub.getCoordinates()[1]).isEqualTo(new Coordinate(100, 0));
    }

    @Test
    void locateNearestPoint() {
        Chainage.Station station = Chainage.locate(bent, new Coordinate(104, 30));
        assertThat(station.chainageM()).isCloseTo(130, within(1e-9));
        assertThat(station.offsetM()).isCloseTo(4, within(1e-9));
    }

    @Test
    void ringStartLocatesAtZero() {
        LineString ring = Fixtures.line(0, 0, 50, 0, 50, 50, 0, 50, 0, 0);
        assertThat(ring.isClosed()).isTrue();
        assertThat(Chainage.locate(ring, new Coordinate(0, 0)).chainageM()).isEqualTo(0.0);
        assertThat(Chainage.locate(ring, new Coordinate(0, 10)).chainageM()).isCloseTo(190, within(1e-9));
    }

    @Test
    void multiLineChainageContinues() {
        MultiLineString road = Fixtures.GEOMETRY.createMultiLineString(new LineString[] {
            Fixtures.line(0, 0, 100, 0), Fixtures.line(200, 0, 250, 0)});
        Coordinate point = Chainage.pointAt(road, 120);
        assertThat(Chainage.length(road)).isEqualTo(150.0);
        assertThat(point.x).isEqualTo(220.0);
    }

    @Test
    void unitsEvenLength() {
        List<Chainage.Range> units = Chainage.units(100, 20);
        assertThat(units).hasSize(5);
        assertThat(units.get(4)).isEqualTo(new Chainage.Range(80, 100));
    }

    @Test
    void unitsShortRemainderJoinsLast() {
        List<Chainage.Range> units = Chainage.units(105, 20);
        assertThat(units).hasSize(5);
        assertThat(units.get(4)).isEqualTo(new Chainage.Range(80, 105));
    }

    @Test
    void unitsLongRemainderOwnUnit() {
        List<Chainage.Range> units = Chainage.units(115, 20);
        assertThat(units).hasSize(6);
        assertThat(units.get(5)).isEqualTo(new Chainage.Range(100, 115));
    }

    @Test
    void unitsShortLineAndZero() {
        assertThat(Chainage.units(7, 20)).containsExactly(new Chainage.Range(0, 7));
        assertThat(Chainage.units(0, 20)).isEmpty();
        assertThatThrownBy(() -> Chainage.units(100, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
