package org.communitygis.core.crs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.communitygis.core.CgisException;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;

class CrsTest {

    @Test
    void chengduToGaussKrugerEastingFirst() {
        double[] point = {104.07, 30.67};
        Crs.transform(Crs.CRS84, "EPSG:4544").apply(point);
        assertThat(point[0]).isCloseTo(410874.8, within(0.5));
        assertThat(point[1]).isCloseTo(3394757.3, within(0.5));
    }

    @Test
    void epsg4326IsLongitudeFirstInMemory() {
        double[] point = {104.07, 30.67};
        Crs.transform("EPSG:4326", Crs.CRS84).apply(point);
        assertThat(point[0]).isCloseTo(104.07, within(1e-9));
    }

    @Test
    void localCrsChoosesZoneByLongitude() {
        assertThat(Crs.localMetricCode(104.07, 30.67)).isEqualTo("EPSG:4544");
        assertThat(Crs.localMetricCode(116.4, 39.9)).isEqualTo("EPSG:4548");
        assertThat(Crs.localMetricCode(87.6, 43.8)).isEqualTo("EPSG:4538");
        assertThat(Crs.localMetricCode(11.55, 50.0)).isEqualTo("EPSG:32632");
        assertThat(Crs.localMetricCode(174.7, -36.9)).isEqualTo("EPSG:32760");
    }

    @Test
    void codesNormalize() {
        assertThat(Crs.normalizeCode("4544")).isEqualTo("EPSG:4544");
        assertThat(Crs.normalizeCode("urn:ogc:def:crs:EPSG::4490")).isEqualTo("EPSG:4490");
        assertThat(Crs.normalizeCode("http://www.opengis.net/def/crs/EPSG/0/4326")).isEqualTo("EPSG:4326");
        assertThat(Crs.normalizeCode("http://www.opengis.net/def/crs/OGC/1.3/CRS84")).isEqualTo(Crs.CRS84);
        assertThat(Crs.isGeographic("EPSG:4490")).isTrue();
        assertThat(Crs.isProjected("EPSG:4544")).isTrue();
    }

    @Test
    void unknownCodeIsUserError() {
        assertThatThrownBy(() -> Crs.forCode("EPSG:999999")).isInstanceOf(CgisException.class)
                .hasMessageContaining("EPSG:999999");
        assertThatThrownBy(() -> Crs.normalizeCode("not a crs")).isInstanceOf(CgisException.class);
    }

    @Test
    void geometryTransformRoundTrips() {
        GeometryFactory factory = new GeometryFactory();
        Geometry line = factory.createLineString(new Coordinate[] {new Coordinate(104.0, 30.6), new Coordinate(104.01, 30.61)});
        Geometry projected = Crs.transform(Crs.CRS84, "EPSG:4544").apply(line);
        assertThat(projected.getLength()).isBetween(1400.0, 1500.0);
        Geometry back = Crs.transform("EPSG:4544", Crs.CRS84).apply(projected);
        assertThat(back.getCoordinates()[1].x).isCloseTo(104.01, within(1e-8));
    }
    @Test
    void projectedPairWithDisjointAreasGoesThroughWgs84() {
        // EPSG:4545 (CGCS2000 / 3-degree GK CM 108E) and EPSG:32650 (WGS 84 / UTM 50N) have disjoint areas
        // of use, so Apache SIS finds no direct operation between them.
        double[] lonLat = {112.0, 30.0};
        double[] gk = lonLat.clone();
        Crs.transform(Crs.WGS84, "EPSG:4545").apply(gk);
        double[] utmDirect = lonLat.clone();
        Crs.transform(Crs.WGS84, "EPSG:32650").apply(utmDirect);

        double[] utm = gk.clone();
        Crs.transform("EPSG:4545", "EPSG:32650").apply(utm);
        assertThat(utm[0]).isCloseTo(utmDirect[0], within(0.01));
        assertThat(utm[1]).isCloseTo(utmDirect[1], within(0.01));

        double[] back = utm.clone();
        Crs.transform("EPSG:32650", "EPSG:4545").apply(back);
        assertThat(back[0]).isCloseTo(gk[0], within(0.01));
        assertThat(back[1]).isCloseTo(gk[1], within(0.01));
    }
}
