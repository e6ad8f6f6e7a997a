package org.communitygis.report.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.communitygis.core.Diagnostics;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.progress.Progress;
import org.communitygis.network.CoverageOptions;
import org.communitygis.report.batch.CommunityCoverage;
import org.communitygis.report.batch.CommunityInput;
import org.communitygis.report.batch.LocalCoverageEngine;
import org.communitygis.sample.GeneratedCommunities;
import org.junit.jupiter.api.Test;

/** The Spark engine against the local engine, row by row, on real and generated communities. */
class SparkCoverageEngineTest {
    private final SparkCoverageEngine spark = new SparkCoverageEngine(TestSpark.get(), 512);

    @Test
    void bayreuthEqualsLocal() {
        CommunityInput bayreuth = BayreuthCommunity.get();
        List<CommunityCoverage> expected = local(List.of(bayreuth), CoverageOptions.defaults());
        List<CommunityCoverage> actual = spark.compute(List.of(bayreuth), CoverageOptions.defaults(), Progress.NONE,
                new Diagnostics());

        RowAssert.assertSameRows(actual, expected);
        FeatureLayer rows = actual.get(0).buildings().orElseThrow();
        assertThat(rows.size()).isGreaterThan(4_000);
        assertThat(rows.features()).as("buildings in a residential landuse polygon")
                .anyMatch(f -> !"".equals(f.get("zone")));
        assertThat(rows.features()).as("buildings served along the roads only")
                .anyMatch(f -> Boolean.TRUE.equals(f.get("served_road")) && !Boolean.TRUE.equals(f.get("served_buffer")));
        assertThat(rows.features()).as("gravity known").anyMatch(f -> f.get("served_gravity") != null);
    }

    @Test
    void bayreuthTightThresholdsEqualLocal() {
        CoverageOptions options = CoverageOptions.defaults().withBufferM(5).withRoadDistanceM(20)
                .withRoadClasses(java.util.Set.of("residential", "service")).withPersonsPerHousehold(3.5);
        CommunityInput bayreuth = BayreuthCommunity.get();

        RowAssert.assertSameRows(spark.compute(List.of(bayreuth), options, Progress.NONE, new Diagnostics()),
                local(List.of(bayreuth), options));
    }

    @Test
    void twoHundredGeneratedCommunitiesEqualLocal() {
        List<CommunityInput> communities = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            communities.add(Communities.read(GeneratedCommunities.id(i), GeneratedCommunities.build(i)));
        }
        CoverageOptions options = CoverageOptions.defaults();
        List<CommunityCoverage> actual = spark.compute(communities, options, Progress.NONE, new Diagnostics());

        RowAssert.assertSameRows(actual, local(communities, options));
        assertThat(actual).allMatch(CommunityCoverage::succeeded);
    }

    @Test
    void rejectedCommunityFailsAlone() {
        CommunityInput good = Communities.read("good", GeneratedCommunities.build(0));
        FeatureLayer stormOnly = new FeatureLayer("pipes", good.pipes().kind(), good.pipes().crs(), good.pipes().fields());
        for (Feature pipe : good.pipes().features()) {
            if ("storm".equals(pipe.get("kind"))) {
                stormOnly.add(pipe);
            }
        }
        CommunityInput bad = new CommunityInput("storm-only", "storm-only", good.buildings(), stormOnly, good.roads(),
                good.zones(), Optional.empty(), Optional.empty());
        List<CommunityInput> communities = List.of(bad, good);

        List<CommunityCoverage> actual = spark.compute(communities, CoverageOptions.defaults(), Progress.NONE,
                new Diagnostics());

        RowAssert.assertSameRows(actual, local(communities, CoverageOptions.defaults()));
        assertThat(actual.get(0).failure()).contains("sewer");
        assertThat(actual.get(1).succeeded()).isTrue();
    }

    @Test
    void skippedFeaturesWarnAsLocal() {
        CommunityInput bayreuth = BayreuthCommunity.get();
        Diagnostics expected = new Diagnostics();
        Diagnostics actual = new Diagnostics();
        local(List.of(bayreuth), CoverageOptions.defaults(), expected);
        spark.compute(List.of(bayreuth), CoverageOptions.defaults(), Progress.NONE, actual);

        assertThat(actual.warnings()).extracting(Object::toString)
                .containsExactlyInAnyOrderElementsOf(expected.warnings().stream().map(Object::toString).toList());
    }

    private static List<CommunityCoverage> local(List<CommunityInput> communities, CoverageOptions options) {
        return local(communities, options, new Diagnostics());
    }

    private static List<CommunityCoverage> local(List<CommunityInput> communities, CoverageOptions options,
            Diagnostics diagnostics) {
        return new LocalCoverageEngine().compute(communities, options, Progress.NONE, diagnostics);
    }
}
