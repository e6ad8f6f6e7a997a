package org.communitygis.report.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.communitygis.core.CgisException;
import org.communitygis.core.Diagnostics;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.feature.GeometryKind;
import org.communitygis.core.i18n.Message;
import org.communitygis.core.progress.Progress;
import org.communitygis.network.CoverageOptions;
import org.communitygis.report.batch.CommunityCoverage;
import org.communitygis.report.batch.CommunityInput;
import org.communitygis.report.batch.LocalCoverageEngine;
import org.communitygis.sample.GeneratedCommunities;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.junit.jupiter.api.io.TempDir;

/** GeoParquet written by Sedona, read back by the job's reader, gives the local engine's rows. */
class GeoParquetTest {
    @TempDir
    Path dir;

    @Test
    void roundTripEqualsLocal() {
        SparkSession spark = TestSpark.get();
        List<CommunityInput> communities = new ArrayList<>();
        communities.add(withoutDem(BayreuthCommunity.get()));
        for (int i = 0; i < 20; i++) {
            communities.add(withoutDem(Communities.read(GeneratedCommunities.id(i), GeneratedCommunities.build(i))));
        }
        CoverageOptions options = CoverageOptions.defaults();
        String root = dir.resolve("input").toString();
        GeoParquetTables.write(spark, communities, root);

        Diagnostics warnings = new Diagnostics();
        List<Row> rows = SedonaCoverage.compute(spark, GeoParquetTables.read(spark, root, options, warnings), options)
                .collectAsList();
        Diagnostics expectedWarnings = new Diagnostics();
        List<CommunityCoverage> expected = new LocalCoverageEngine().compute(communities, options, Progress.NONE,
                expectedWarnings);

        assertThat(skipped(warnings, "job.")).as("features skipped for their geometry")
                .containsExactlyInAnyOrderElementsOf(skipped(expectedWarnings, "coverage."));

        Map<String, Row> byBuilding = new HashMap<>();
        for (Row row : rows) {
            byBuilding.put(row.getString(0) + "/" + row.getLong(2), row);
        }
        int compared = 0;
        for (CommunityCoverage community : expected) {
            for (Feature want : community.buildings().orElseThrow().features()) {
                Row got = byBuilding.get(community.communityId() + "/" + want.id());
                assertThat(got).as("row of building %d in %s", want.id(), community.communityId()).isNotNull();
                for (int c = 0; c < SedonaCoverage.RESULT_COLUMNS.length; c++) {
                    String field = SedonaCoverage.RESULT_COLUMNS[c];
                    assertThat(got.get(c + 2)).as("%s of building %d in %s", field, want.id(), community.communityId())
                            .isEqualTo(want.get(field));
                }
                compared++;
            }
        }
        assertThat(rows).hasSize(compared);
        assertThat(compared).isGreaterThan(4_000 + 20 * 100);
    }

    @Test
    void skippedFeaturesWarnAsLocal() {
        SparkSession spark = TestSpark.get();
        CommunityInput community = withBadFeatures(Communities.read("c1", GeneratedCommunities.build(0)));
        String root = dir.resolve("input").toString();
        GeoParquetTables.write(spark, List.of(community), root);
        CoverageOptions options = CoverageOptions.defaults();

        Diagnostics warnings = new Diagnostics();
        GeoParquetTables.read(spark, root, options, warnings);
        Diagnostics expected = new Diagnostics();
        new LocalCoverageEngine().compute(List.of(community), options, Progress.NONE, expected);

        assertThat(skipped(warnings, "job.")).containsExactlyInAnyOrder("badBuilding 900001 Point",
                "badPipe 900002 LineString", "badRoad 900003 Polygon", "badZone 900004 LineString");
        assertThat(skipped(warnings, "job.")).containsExactlyInAnyOrderElementsOf(skipped(expected, "coverage."));
        assertThat(warnings.warnings()).allMatch(w -> w.args()[0].equals("c1"), "warnings name the community");
    }

    @Test
    void jobWritesGeoParquet() {
        SparkSession spark = TestSpark.get();
        List<CommunityInput> communities = List.of(Communities.read("c1", GeneratedCommunities.build(0)),
                Communities.read("c2", GeneratedCommunities.build(1)));
        String input = dir.resolve("input").toString();
        String output = dir.resolve("output").toString();
        GeoParquetTables.write(spark, communities, input);

        long written = CoverageJob.run(CoverageJob.parse(new String[] {"--input", input, "--output", output}));

        long buildings = communities.stream().mapToLong(c -> c.buildings().size()).sum();
        assertThat(written).isEqualTo(buildings);
        Row first = spark.read().format("geoparquet").load(output).where("community = 'c1'").orderBy("building_id")
                .first();
        assertThat(first.<Object>getAs("geometry")).isInstanceOf(org.locationtech.jts.geom.MultiPolygon.class);
        assertThat(first.<Object>getAs("served")).isInstanceOf(Boolean.class);
    }

    @Test
    void jobRejectsMissingPipes() {
        SparkSession spark = TestSpark.get();
        String input = dir.resolve("input").toString();
        GeoParquetTables.write(spark, List.of(Communities.read("c1", GeneratedCommunities.build(0))), input);
        org.apache.commons.io.FileUtils.deleteQuietly(dir.resolve("input/pipes").toFile());

        assertThatThrownBy(() -> GeoParquetTables.read(spark, input, CoverageOptions.defaults(), new Diagnostics()))
                .isInstanceOf(CgisException.class).hasMessageContaining("pipes");
    }

    /**
     * Returns the skipped-feature warnings with key prefix {@code prefix} as "kind id type", without the
     * community that only the GeoParquet warnings name.
     */
    private static List<String> skipped(Diagnostics diagnostics, String prefix) {
        List<String> result = new ArrayList<>();
        for (Message warning : diagnostics.warnings()) {
            String kind = warning.key().substring(warning.key().indexOf('.') + 1);
            if (!warning.key().startsWith(prefix) || !List.of("badBuilding", "badPipe", "badRoad", "badZone")
                    .contains(kind)) {
                continue;
            }
            Object[] args = warning.args();
            int first = prefix.equals("job.") ? 1 : 0;
            result.add(kind + " " + args[first] + " " + args[first + 1]);
        }
        return result;
    }

    /**
     * Returns the community with one feature per layer that {@code CoverageAnalysis} skips: a point building,
     * a zero-length sewer, a polygon road and a line zone, each with the attributes of the layer's first
     * feature.
     */
    private static CommunityInput withBadFeatures(CommunityInput community) {
        GeometryFactory factory = new GeometryFactory();
        Coordinate at = community.buildings().features().get(0).geometry().getCentroid().getCoordinate();
        Coordinate east = new Coordinate(at.x + 10, at.y);
        Coordinate north = new Coordinate(at.x, at.y + 10);
        FeatureLayer buildings = withCopy(community.buildings(), 900_001, factory.createPoint(at));
        FeatureLayer pipes = withCopy(community.pipes(), 900_002,
                factory.createLineString(new Coordinate[] {at, new Coordinate(at)}));
        pipes.features().get(pipes.size() - 1).set("kind", "sewer");
        FeatureLayer roads = withCopy(community.roads().orElseThrow(), 900_003,
                factory.createPolygon(new Coordinate[] {at, east, north, new Coordinate(at)}));
        FeatureLayer zones = withCopy(community.zones().orElseThrow(), 900_004,
                factory.createLineString(new Coordinate[] {at, east}));
        return new CommunityInput(community.id(), community.name(), buildings, pipes, Optional.of(roads),
                Optional.of(zones), community.facilities(), community.dem());
    }

    /** Returns a copy of the layer that accepts any geometry, plus a feature with the first one's attributes. */
    private static FeatureLayer withCopy(FeatureLayer layer, long id, Geometry geometry) {
        FeatureLayer copy = new FeatureLayer(layer.name(), GeometryKind.GEOMETRY, layer.crs(), layer.fields());
        layer.features().forEach(copy::add);
        copy.add(new Feature(id, geometry, layer.features().get(0).attributes()));
        return copy;
    }

    private static CommunityInput withoutDem(CommunityInput community) {
        return new CommunityInput(community.id(), community.name(), community.buildings(), community.pipes(),
                community.roads(), community.zones(), community.facilities(), Optional.empty());
    }
}
