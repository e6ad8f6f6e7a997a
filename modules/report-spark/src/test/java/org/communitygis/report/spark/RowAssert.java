package org.communitygis.report.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.report.batch.CommunityCoverage;

/** Compares two engines' results field by field. */
final class RowAssert {
    private RowAssert() {
    }

    /** Asserts equal community ids, outcomes, layers, feature ids, geometries and every attribute value. */
    static void assertSameRows(List<CommunityCoverage> actual, List<CommunityCoverage> expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int c = 0; c < expected.size(); c++) {
            CommunityCoverage want = expected.get(c);
            CommunityCoverage got = actual.get(c);
            assertThat(got.communityId()).isEqualTo(want.communityId());
            assertThat(got.failure()).as("failure of %s", want.communityId()).isEqualTo(want.failure());
            if (!want.succeeded()) {
                continue;
            }
            FeatureLayer wantLayer = want.buildings().orElseThrow();
            FeatureLayer gotLayer = got.buildings().orElseThrow();
            assertThat(gotLayer.name()).isEqualTo(wantLayer.name());
            assertThat(gotLayer.crs()).isEqualTo(wantLayer.crs());
            assertThat(gotLayer.fields()).isEqualTo(wantLayer.fields());
            assertThat(gotLayer.size()).as("buildings of %s", want.communityId()).isEqualTo(wantLayer.size());
            for (int i = 0; i < wantLayer.size(); i++) {
                Feature w = wantLayer.features().get(i);
                Feature g = gotLayer.features().get(i);
                assertThat(g.id()).isEqualTo(w.id());
                assertThat(g.geometry().equalsExact(w.geometry())).as("geometry of building %d", w.id()).isTrue();
                assertThat(g.attributes()).as("building %d of %s", w.id(), want.communityId())
                        .isEqualTo(w.attributes());
            }
        }
    }
}
