package org.communitygis.report.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.communitygis.core.Diagnostics;
import org.communitygis.network.CoverageOptions;
import org.communitygis.sample.GeneratedCommunities;
import org.junit.jupiter.api.Test;

/** Checks that the spatial joins run as Sedona's spatial join operators, not as nested loops. */
class JoinPlanTest {

    @Test
    void joinsAreSedonaSpatialJoins() {
        SparkSession spark = TestSpark.get();
        CoverageTables tables = CoverageTables.of(spark, List.of(Communities.read("c1", GeneratedCommunities.build(0))),
                CoverageOptions.defaults(), new Diagnostics());
        tables.registerViews();
        spark.sql("SELECT community, ordinal, ST_GeomFromWKB(wkb) AS geom FROM cgis_buildings")
                .createOrReplaceTempView("cgis_building_geoms");
        spark.sql("SELECT community, ordinal, ST_GeomFromWKB(wkb) AS geom FROM cgis_buildings")
                .createOrReplaceTempView("cgis_open");
        spark.sql("SELECT community, ordinal, pipe_id, network, ST_GeomFromWKB(wkb) AS geom FROM cgis_pipes")
                .createOrReplaceTempView("cgis_pipe_geoms");

        String nearest = SedonaCoverage.nearestWithin(spark, 200).queryExecution().sparkPlan().toString();
        String zones = SedonaCoverage.zones(spark).queryExecution().sparkPlan().toString();

        // Small inputs give Sedona's broadcast index join, large ones its partitioned DistanceJoin or RangeJoin.
        assertThat(nearest).containsPattern("BroadcastIndexJoin|DistanceJoin").contains("ST_DWithin")
                .doesNotContain("BroadcastHashJoin").doesNotContain("NestedLoop").doesNotContain("Cartesian");
        assertThat(zones).containsPattern("BroadcastIndexJoin|RangeJoin")
                .doesNotContain("BroadcastHashJoin").doesNotContain("NestedLoop").doesNotContain("Cartesian");
    }
}
