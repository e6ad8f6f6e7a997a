package org.communitygis.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LongSummaryStatistics;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.store.MemoryStore;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;

class GeneratedCommunitiesTest {

    private static long households(MemoryStore store) {
        return store.readFeatures("buildings").features().stream().mapToLong(f -> f.getLong("households", 0)).sum();
    }

    @Test
    void householdsNear150() {
        LongSummaryStatistics stats = new LongSummaryStatistics();
        for (int i = 0; i < 100; i++) {
            stats.accept(households(GeneratedCommunities.build(i)));
        }
        assertThat(stats.getMin()).isGreaterThanOrEqualTo(125);
        assertThat(stats.getMax()).isLessThanOrEqualTo(173);
        assertThat(stats.getAverage()).isBetween(140.0, 160.0);
    }

    @Test
    void sameIndexSameLayers() {
        MemoryStore first = GeneratedCommunities.build(7);
        MemoryStore second = GeneratedCommunities.build(7);
        for (String layer : new String[] {"buildings", "pipes", "roads", "zones", "facilities"}) {
            FeatureLayer a = first.readFeatures(layer);
            FeatureLayer b = second.readFeatures(layer);
            assertThat(b.size()).as(layer).isEqualTo(a.size());
            for (int i = 0; i < a.size(); i++) {
                assertThat(b.features().get(i).attributes()).as(layer + " #" + i).isEqualTo(a.features().get(i).attributes());
                assertThat(b.features().get(i).geometry().equalsExact(a.features().get(i).geometry())).isTrue();
            }
        }
        assertThat(second.readRaster("dem").data()).isEqualTo(first.readRaster("dem").data());
    }

    @Test
    void communitiesDoNotOverlap() {
        Geometry a = GeneratedCommunities.build(0).readFeatures("zones").features().get(0).geometry();
        Geometry b = GeneratedCommunities.build(1).readFeatures("zones").features().get(0).geometry();
        Geometry c = GeneratedCommunities.build(40).readFeatures("zones").features().get(0).geometry();
        assertThat(a.intersects(b)).isFalse();
        assertThat(a.intersects(c)).isFalse();
        assertThat(GeneratedCommunities.id(0)).isEqualTo("c0001");
        assertThat(GeneratedCommunities.name(999)).isEqualTo("生成社区1000");
    }

    @Test
    void everyBuildingInOneZoneAndOnDem() {
        MemoryStore store = GeneratedCommunities.build(3);
        FeatureLayer zones = store.readFeatures("zones");
        for (Feature building : store.readFeatures("buildings").features()) {
            long inside = zones.features().stream().filter(z -> z.geometry().contains(building.geometry().getCentroid()))
                    .count();
            assertThat(inside).as("building %d", building.id()).isEqualTo(1);
            double z = store.readRaster("dem").valueAt(building.geometry().getCentroid().getX(),
                    building.geometry().getCentroid().getY());
            assertThat(z).as("ground under building %d", building.id()).isBetween(495.0, 515.0);
        }
        assertThat(store.readFeatures("pipes").features().stream().filter(p -> "sewer".equals(p.getString("kind"))))
                .isNotEmpty();
    }
}
