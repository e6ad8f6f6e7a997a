package org.communitygis.report.spark;

import static org.apache.spark.sql.functions.col;

import java.util.Locale;
import java.util.Set;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.api.java.UDF3;
import org.apache.spark.sql.types.DataTypes;
import org.communitygis.network.CoverageOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code coverage_buildings} rows of many communities computed with Spark SQL and Apache Sedona, equal
 * to those of {@code CoverageAnalysis.run} for each community on its own.
 *
 * <p>What runs where:
 * <ul>
 *   <li><b>Nearest pipe</b> ({@code nearest_pipe_id}, {@code pipe_distance_m}, {@code network}): a Sedona
 *       distance join {@code ST_DWithin(building, pipe, r)} within the community, then the least
 *       {@code ST_Distance} per building; equally near pipes go to the lowest pipe ordinal, the pipe that
 *       comes first in the layer, as the single-machine segment index decides. Buildings with no pipe
 *       within r join again with r × 8 until every building has one. Any pipe within r means the nearest
 *       is within r too, so the minimum is exact.</li>
 *   <li><b>Zone</b>: a Sedona join {@code ST_Covers(zone, ST_Centroid(building))}; where zones overlap
 *       the lowest zone ordinal (first in the layer) wins; "" outside every zone.</li>
 *   <li><b>Households and residents</b>: a Spark SQL function of the building's attributes (the rule of
 *       {@code CoverageAnalysis}).</li>
 *   <li><b>Road distance and gravity</b>: per community in one Spark task ({@link CommunityPaths}),
 *       with the nearest pipe of the join above. Only communities with roads or a DEM take this step.</li>
 * </ul>
 *
 * <p>The result has one row per building of {@link CoverageTables#buildings()} with the columns of
 * {@link #RESULT_COLUMNS}; it is not sorted.
 */
public final class SedonaCoverage {
    /** Columns of the result, after {@code community} and {@code ordinal}; the names of {@code coverage_buildings}. */
    public static final String[] RESULT_COLUMNS = {"building_id", "zone", "households", "residents",
        "nearest_pipe_id", "pipe_distance_m", "served_buffer", "road_distance_m", "served_road", "served", "network",
        "served_gravity"};

    /** First search radius of the nearest-pipe join, m. Most buildings of a sewered area have a pipe this close. */
    static final double FIRST_RADIUS_M = 200;
    /** Factor between successive search radii. */
    static final double RADIUS_GROWTH = 8;
    /** Passes after which a building without a pipe within the radius is a bug: 200 m × 8^11 exceeds Earth's size. */
    static final int MAX_PASSES = 12;

    private static final Logger LOG = LoggerFactory.getLogger(SedonaCoverage.class);

    private SedonaCoverage() {
    }

    /**
     * Computes the rows.
     *
     * @param spark a session with Sedona registered ({@link SparkSessions})
     * @param tables the inputs
     * @param options thresholds and people estimates; the pipe kinds and road classes were applied when
     *     {@code tables} was built
     * @return {@code community}, {@code ordinal}, then {@link #RESULT_COLUMNS}
     */
    public static Dataset<Row> compute(SparkSession spark, CoverageTables tables, CoverageOptions options) {
        tables.registerViews();
        registerPeopleFunctions(spark, options);

        Dataset<Row> buildings = spark.sql("SELECT community, ordinal, building_id, ST_GeomFromWKB(wkb) AS geom,"
                + " cgis_households(households_attr, building) AS households,"
                + " cgis_residents(households_attr, building, residents_attr) AS residents FROM cgis_buildings")
                .persist();
        buildings.createOrReplaceTempView("cgis_building_geoms");
        spark.sql("SELECT community, ordinal, pipe_id, network, ST_GeomFromWKB(wkb) AS geom FROM cgis_pipes")
                .persist().createOrReplaceTempView("cgis_pipe_geoms");

        Dataset<Row> nearest = nearestPipes(spark, buildings);
        nearest.createOrReplaceTempView("cgis_nearest");
        zones(spark).persist().createOrReplaceTempView("cgis_building_zones");
        roadPaths(spark, tables, options).persist().createOrReplaceTempView("cgis_paths");

        String bufferM = literal(options.bufferM());
        String roadM = literal(options.roadDistanceM());
        return spark.sql("SELECT b.community, b.ordinal, b.building_id, coalesce(z.zone, '') AS zone,"
                + " b.households, b.residents, p.pipe_id AS nearest_pipe_id, n.distance AS pipe_distance_m,"
                + " n.distance <= " + bufferM + " AS served_buffer, r.road_distance_m,"
                + " coalesce(r.road_distance_m <= " + roadM + ", false) AS served_road,"
                + " n.distance <= " + bufferM + " OR coalesce(r.road_distance_m <= " + roadM + ", false) AS served,"
                + " p.network, r.served_gravity"
                + " FROM cgis_building_geoms b"
                + " JOIN cgis_nearest n ON n.community = b.community AND n.ordinal = b.ordinal"
                + " JOIN cgis_pipe_geoms p ON p.community = n.community AND p.ordinal = n.pipe_ordinal"
                + " LEFT JOIN cgis_building_zones z ON z.community = b.community AND z.ordinal = b.ordinal"
                + " LEFT JOIN cgis_paths r ON r.community = b.community AND r.ordinal = b.ordinal");
    }

    /**
     * Returns per building its nearest pipe: {@code community, ordinal, pipe_ordinal, distance}, by distance
     * joins with a growing radius.
     */
    private static Dataset<Row> nearestPipes(SparkSession spark, Dataset<Row> buildings) {
        Dataset<Row> found = null;
        Dataset<Row> open = buildings.select(col("community"), col("ordinal"), col("geom"));
        double radius = FIRST_RADIUS_M;
        for (int pass = 1; ; pass++) {
            open.createOrReplaceTempView("cgis_open");
            Dataset<Row> hits = nearestWithin(spark, radius).persist();
            found = found == null ? hits : found.unionByName(hits);
            Dataset<Row> rest = open.join(hits, open.col("community").equalTo(hits.col("community"))
                    .and(open.col("ordinal").equalTo(hits.col("ordinal"))), "left_anti").persist();
            long left = rest.count();
            LOG.debug("Nearest pipe pass {} with radius {} m: {} buildings left", pass, radius, left);
            if (left == 0) {
                return found;
            }
            if (pass == MAX_PASSES) {
                throw new IllegalStateException(left + " buildings have no pipe within " + radius
                        + " m although each of their communities has pipes");
            }
            open = rest;
            radius *= RADIUS_GROWTH;
        }
    }

    /**
     * Returns {@code community, ordinal, pipe_ordinal, distance} of the buildings of view {@code cgis_open}
     * that have a pipe within {@code radius} m: a Sedona distance join, then the least distance and on equal
     * distances the least pipe ordinal.
     */
    static Dataset<Row> nearestWithin(SparkSession spark, double radius) {
        return spark.sql("SELECT b.community, b.ordinal,"
                + " min(struct(ST_Distance(b.geom, p.geom) AS distance, p.ordinal AS pipe_ordinal)) AS best"
                + " FROM cgis_open b JOIN cgis_pipe_geoms p"
                + " ON b.community = p.community AND ST_DWithin(b.geom, p.geom, " + literal(radius) + ")"
                + " GROUP BY b.community, b.ordinal")
                .select(col("community"), col("ordinal"), col("best.pipe_ordinal").as("pipe_ordinal"),
                        col("best.distance").as("distance"));
    }

    /** Returns {@code community, ordinal, zone} for buildings whose centroid a zone covers. */
    static Dataset<Row> zones(SparkSession spark) {
        spark.sql("SELECT community, ordinal, ST_Centroid(geom) AS centroid FROM cgis_building_geoms")
                .createOrReplaceTempView("cgis_centroids");
        spark.sql("SELECT community, ordinal, name, ST_GeomFromWKB(wkb) AS geom FROM cgis_zones")
                .createOrReplaceTempView("cgis_zone_geoms");
        return spark.sql("SELECT c.community, c.ordinal, min(struct(z.ordinal AS zone_ordinal, z.name AS name)).name"
                + " AS zone FROM cgis_centroids c JOIN cgis_zone_geoms z"
                + " ON c.community = z.community AND ST_Covers(z.geom, c.centroid)"
                + " GROUP BY c.community, c.ordinal");
    }

    /**
     * Returns {@code community, ordinal, road_distance_m, served_gravity} from the per-community step. Each
     * community's buildings (with the nearest pipe of view {@code cgis_nearest}), pipes and roads are
     * gathered into one row with {@code collect_list}, so the shuffle moves Spark's compact rows, and one
     * task computes the community. Communities with neither roads nor a DEM are left out before the shuffle.
     */
    private static Dataset<Row> roadPaths(SparkSession spark, CoverageTables tables, CoverageOptions options) {
        CommunityPaths paths = new CommunityPaths(options, tables.dems());
        Set<String> withDem = Set.copyOf(tables.dems().keySet());
        spark.udf().register("cgis_needs_paths", (UDF2<String, Boolean, Boolean>) (community, hasRoads) ->
                hasRoads || withDem.contains(community), DataTypes.BooleanType);
        Dataset<Row> groups = spark.sql("SELECT b.community, b.buildings, p.pipes, r.roads FROM"
                + " (SELECT c.community, collect_list(struct(c.ordinal, c.wkb, n.pipe_ordinal)) AS buildings"
                + " FROM cgis_buildings c JOIN cgis_nearest n ON n.community = c.community AND n.ordinal = c.ordinal"
                + " GROUP BY c.community) b"
                + " JOIN (SELECT community, collect_list(struct(*)) AS pipes FROM cgis_pipes GROUP BY community) p"
                + " ON p.community = b.community"
                + " LEFT JOIN (SELECT community, collect_list(struct(ordinal, wkb)) AS roads"
                + " FROM cgis_roads GROUP BY community) r ON r.community = b.community"
                + " WHERE cgis_needs_paths(b.community, r.roads IS NOT NULL)");
        return groups.flatMap((FlatMapFunction<Row, Row>) group -> paths.compute(group.getString(0),
                group.getList(1), group.getList(2), group.isNullAt(3) ? List.of() : group.getList(3)).iterator(),
                Encoders.row(CommunityPaths.RESULT));
    }

    /**
     * Registers {@code cgis_households(households, building)} and
     * {@code cgis_residents(households, building, residents)}: the attribute when present and ≥ 0 (rounded
     * as {@code Feature.getLong} does), else 1 household for a residential building type and 0 otherwise,
     * and households × persons per household rounded by {@link Math#round(double)}.
     */
    private static void registerPeopleFunctions(SparkSession spark, CoverageOptions options) {
        Set<String> residential = Set.copyOf(options.residentialTypes());
        double personsPerHousehold = options.personsPerHousehold();
        spark.udf().register("cgis_households", (UDF2<Double, String, Long>) (households, type) ->
                households(households, type, residential), DataTypes.LongType);
        spark.udf().register("cgis_residents", (UDF3<Double, String, Double, Long>) (households, type, residents) -> {
            long stated = residents == null ? -1 : Math.round(residents);
            return stated >= 0 ? stated
                    : Math.round(households(households, type, residential) * personsPerHousehold);
        }, DataTypes.LongType);
    }

    private static long households(Double attribute, String type, Set<String> residential) {
        long stated = attribute == null ? -1 : Math.round(attribute);
        if (stated >= 0) {
            return stated;
        }
        return residential.contains(CoverageTables.text(type).toLowerCase(Locale.ROOT)) ? 1 : 0;
    }

    /** Formats a distance for SQL text without loss. */
    private static String literal(double value) {
        return "CAST(" + Double.toString(value) + "D AS DOUBLE)";
    }
}
