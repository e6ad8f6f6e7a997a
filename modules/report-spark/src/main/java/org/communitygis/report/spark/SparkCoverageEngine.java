package org.communitygis.report.spark;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.communitygis.core.CgisException;
import org.communitygis.core.Diagnostics;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.feature.GeometryKind;
import org.communitygis.core.progress.Progress;
import org.communitygis.network.CoverageOptions;
import org.communitygis.network.NetworkLayers;
import org.communitygis.report.batch.CommunityCoverage;
import org.communitygis.report.batch.CommunityInput;
import org.communitygis.report.batch.CoverageEngine;
import org.communitygis.report.batch.CoverageEngineProvider;
import org.locationtech.jts.geom.MultiPolygon;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code spark} engine: computes the {@code coverage_buildings} rows of a chunk of communities with
 * {@link SedonaCoverage} on Apache Spark, local or on a cluster.
 *
 * <p>The batch reads the communities in this JVM (the driver), so the engine ships their layers to Spark as
 * tables and collects the rows back. That suits batches whose chunks fit in the driver's memory; a city
 * whose layers do not is better run as {@link CoverageJob} on GeoParquet input.
 *
 * <p>Settings ({@link Provider#create}): {@code master} (default {@code local[*]}) and
 * {@code shuffle-partitions} (default 2 × the local cores for a local master, else Spark's own). A community
 * that {@code CoverageAnalysis} would reject fails alone with the same message; a Spark failure fails the
 * whole chunk.
 */
public final class SparkCoverageEngine implements CoverageEngine {
    /** The engine name. */
    public static final String NAME = "spark";

    private static final Logger LOG = LoggerFactory.getLogger(SparkCoverageEngine.class);

    private final SparkSession spark;
    private final int chunkSize;

    /** Uses {@code spark}, which must have Sedona registered ({@link SparkSessions#create}). */
    public SparkCoverageEngine(SparkSession spark, int chunkSize) {
        this.spark = spark;
        this.chunkSize = chunkSize;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int chunkSize() {
        return chunkSize;
    }

    @Override
    public List<CommunityCoverage> compute(List<CommunityInput> communities, CoverageOptions options,
            Progress progress, Diagnostics diagnostics) {
        long started = System.nanoTime();
        Map<String, String> failures = new HashMap<>();
        List<CommunityInput> valid = new ArrayList<>();
        for (CommunityInput community : communities) {
            try {
                CoverageTables.check(community, options);
                valid.add(community);
            } catch (CgisException e) {
                LOG.warn("Coverage of community {} failed: {}", community.id(), e.getMessage());
                failures.put(community.id(), e.getLocalizedMessage());
            }
        }

        Map<String, Row[]> rows = new HashMap<>();
        if (!valid.isEmpty()) {
            CoverageTables tables = CoverageTables.of(spark, valid, options, diagnostics);
            for (Row row : SedonaCoverage.compute(spark, tables, options).collectAsList()) {
                Row[] community = rows.computeIfAbsent(row.getString(0),
                        id -> new Row[sizeOf(valid, id)]);
                community[(int) row.getLong(1)] = row;
            }
        }

        List<CommunityCoverage> results = new ArrayList<>(communities.size());
        for (CommunityInput community : communities) {
            String failure = failures.get(community.id());
            results.add(failure != null ? CommunityCoverage.failed(community.id(), failure)
                    : CommunityCoverage.of(community.id(), layer(community, rows.getOrDefault(community.id(), new Row[0]))));
            progress.worked(results.size());
        }
        LOG.info("Spark coverage of {} communities ({} failed) in {} ms", communities.size(), failures.size(),
                (System.nanoTime() - started) / 1_000_000);
        return results;
    }

    /** Builds the community's {@code coverage_buildings} layer from its result rows, indexed by building ordinal. */
    private static FeatureLayer layer(CommunityInput community, Row[] rows) {
        FeatureLayer out = new FeatureLayer(NetworkLayers.COVERAGE_BUILDINGS, GeometryKind.MULTIPOLYGON,
                community.buildings().crs(), NetworkLayers.COVERAGE_BUILDINGS_FIELDS);
        List<Feature> buildings = community.buildings().features();
        for (int i = 0; i < buildings.size(); i++) {
            MultiPolygon polygon = CoverageTables.asMultiPolygon(buildings.get(i).geometry());
            if (polygon == null) {
                continue;
            }
            Row row = i < rows.length ? rows[i] : null;
            if (row == null) {
                throw new IllegalStateException("Spark returned no row for building " + buildings.get(i).id()
                        + " of community " + community.id());
            }
            Feature feature = new Feature(buildings.get(i).id(), polygon);
            for (int c = 0; c < SedonaCoverage.RESULT_COLUMNS.length; c++) {
                feature.set(SedonaCoverage.RESULT_COLUMNS[c], row.get(c + 2));
            }
            out.add(feature);
        }
        return out;
    }

    private static int sizeOf(List<CommunityInput> communities, String id) {
        for (CommunityInput community : communities) {
            if (community.id().equals(id)) {
                return community.buildings().size();
            }
        }
        throw new IllegalStateException("Spark returned rows of unknown community " + id);
    }

    /** Stops the Spark session. */
    @Override
    public void close() {
        spark.stop();
    }

    /** Registers the engine under {@value #NAME}. */
    public static final class Provider implements CoverageEngineProvider {
        @Override
        public String name() {
            return NAME;
        }

        @Override
        public CoverageEngine create(Map<String, String> settings) {
            String master = settings.getOrDefault("master", "local[*]");
            int partitions = intSetting(settings, "shuffle-partitions",
                    master.startsWith("local") ? 2 * Runtime.getRuntime().availableProcessors() : 0);
            int chunk = intSetting(settings, "chunk-size", 256);
            return new SparkCoverageEngine(SparkSessions.create(master, partitions), chunk);
        }

        private static int intSetting(Map<String, String> settings, String key, int fallback) {
            String value = settings.get(key);
            if (value == null) {
                return fallback;
            }
            try {
                int parsed = Integer.parseInt(value.trim());
                if (parsed > 0) {
                    return parsed;
                }
            } catch (NumberFormatException e) {
                // Reported below with the expected form.
            }
            throw new CgisException(ReportSparkMessages.BUNDLE, "spark.badNumber", key, value);
        }
    }
}
