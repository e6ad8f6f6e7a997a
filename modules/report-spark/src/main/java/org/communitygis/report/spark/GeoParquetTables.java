package org.communitygis.report.spark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF3;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.communitygis.core.CgisException;
import org.communitygis.core.Diagnostics;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.network.CoverageOptions;
import org.communitygis.report.batch.CommunityInput;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;
import org.locationtech.jts.io.WKBWriter;

/**
 * Communities as GeoParquet tables, the input of {@link CoverageJob} on a cluster: one folder per layer
 * ({@code buildings}, {@code pipes}, {@code roads}, {@code zones}) under a root path (local, {@code hdfs://}
 * or {@code s3a://}), written and read with Sedona's {@code geoparquet} data source. Every table has
 * {@code community} STRING, {@code fid} BIGINT (the feature id, which also fixes the layer order) and
 * {@code geometry}, then the layer's attributes that the coverage reads:
 * <ul>
 *   <li>{@code buildings}: {@code building}, {@code households}, {@code residents} (numbers may be null);</li>
 *   <li>{@code pipes}: {@code kind}, {@code network}, {@code up_invert_m}, {@code down_invert_m}, {@code diameter_mm};</li>
 *   <li>{@code roads}: {@code highway};</li>
 *   <li>{@code zones}: {@code name}, {@code code}.</li>
 * </ul>
 * {@code roads} and {@code zones} may be missing. DEMs are not part of the tables, so
 * {@code served_gravity} is null for GeoParquet input.
 *
 * <p>{@link #read} skips the features that {@code CoverageAnalysis} skips and warns about each, with the
 * text of {@code CoverageAnalysis}'s warning and the community. At most {@value #MAX_LISTED} per table are
 * listed, then one warning with the number of the others.
 */
public final class GeoParquetTables {
    /** Sedona's data source name. */
    static final String FORMAT = "geoparquet";
    /** Skipped features listed per table; the rest are counted, so that a bad export does not flood the log. */
    static final int MAX_LISTED = 100;

    private static final StructType BUILDINGS = base().add("building", DataTypes.StringType, true)
            .add("households", DataTypes.DoubleType, true).add("residents", DataTypes.DoubleType, true);
    private static final StructType PIPES = base().add("kind", DataTypes.StringType, true)
            .add("network", DataTypes.StringType, true).add("up_invert_m", DataTypes.DoubleType, true)
            .add("down_invert_m", DataTypes.DoubleType, true).add("diameter_mm", DataTypes.DoubleType, true);
    private static final StructType ROADS = base().add("highway", DataTypes.StringType, true);
    private static final StructType ZONES = base().add("name", DataTypes.StringType, true)
            .add("code", DataTypes.StringType, true);

    private GeoParquetTables() {
    }

    /** Writes the communities' layers under {@code root}, replacing existing tables. */
    public static void write(SparkSession spark, List<CommunityInput> communities, String root) {
        List<Row> buildings = new ArrayList<>();
        List<Row> pipes = new ArrayList<>();
        List<Row> roads = new ArrayList<>();
        List<Row> zones = new ArrayList<>();
        WKBWriter wkb = new WKBWriter();
        for (CommunityInput community : communities) {
            add(community.id(), community.buildings(), wkb, buildings, withWkb(BUILDINGS));
            add(community.id(), community.pipes(), wkb, pipes, withWkb(PIPES));
            community.roads().ifPresent(layer -> add(community.id(), layer, wkb, roads, withWkb(ROADS)));
            community.zones().ifPresent(layer -> add(community.id(), layer, wkb, zones, withWkb(ZONES)));
        }
        save(spark, buildings, BUILDINGS, root, "buildings");
        save(spark, pipes, PIPES, root, "pipes");
        save(spark, roads, ROADS, root, "roads");
        save(spark, zones, ZONES, root, "zones");
    }

    /**
     * Reads the tables under {@code root} into the form {@link SedonaCoverage} takes, selecting pipes,
     * roads, buildings and zones in Spark SQL as {@link CoverageTables} does in memory.
     *
     * @param diagnostics receives a warning per skipped feature (see the class documentation)
     * @throws CgisException when {@code buildings} or {@code pipes} is missing or lacks a column
     */
    public static CoverageTables read(SparkSession spark, String root, CoverageOptions options,
            Diagnostics diagnostics) {
        spark.udf().register("cgis_zone_name", (UDF3<Long, String, String, String>) (fid, name, code) -> {
            Feature zone = new Feature(fid, null);
            zone.set("name", name);
            zone.set("code", code);
            return CoverageTables.zoneName(zone);
        }, DataTypes.StringType);
        table(spark, root, "buildings", BUILDINGS, true).createOrReplaceTempView("cgis_gp_buildings");
        table(spark, root, "pipes", PIPES, true).createOrReplaceTempView("cgis_gp_pipes");
        table(spark, root, "roads", ROADS, false).createOrReplaceTempView("cgis_gp_roads");
        table(spark, root, "zones", ZONES, false).createOrReplaceTempView("cgis_gp_zones");

        Dataset<Row> buildings = spark.sql("SELECT community, ordinal, building_id, wkb, households_attr, residents_attr,"
                + " building FROM (SELECT community, fid AS building_id, ST_AsBinary(ST_Multi(geometry)) AS wkb,"
                + " households AS households_attr, residents AS residents_attr, building,"
                + " CAST(row_number() OVER (PARTITION BY community ORDER BY fid) - 1 AS BIGINT) AS ordinal,"
                + " geometry FROM cgis_gp_buildings)"
                + " WHERE geometry IS NOT NULL AND NOT ST_IsEmpty(geometry)"
                + " AND ST_GeometryType(geometry) IN ('ST_Polygon', 'ST_MultiPolygon')");
        Dataset<Row> pipes = spark.sql("SELECT community, CAST(row_number() OVER (PARTITION BY community ORDER BY fid) - 1 AS BIGINT)"
                + " AS ordinal, fid AS pipe_id, ST_AsBinary(geometry) AS wkb, CAST(NULL AS BINARY) AS source_wkb,"
                + " lower(trim(kind)) AS kind, coalesce(trim(network), '') AS network, up_invert_m, down_invert_m,"
                + " diameter_mm FROM cgis_gp_pipes WHERE lower(trim(kind)) IN (" + sqlList(CoverageTables.requestedKinds(options))
                + ") AND geometry IS NOT NULL AND ST_Dimension(geometry) = 1 AND ST_Length(geometry) > 0");
        String roadFilter = options.roadClasses().isEmpty() ? ""
                : " AND coalesce(trim(highway), '') IN (" + sqlList(options.roadClasses()) + ")";
        Dataset<Row> roads = spark.sql("SELECT community, CAST(row_number() OVER (PARTITION BY community ORDER BY fid, part) - 1"
                + " AS BIGINT) AS ordinal, ST_AsBinary(line) AS wkb FROM (SELECT community, fid, posexplode(ST_Dump(geometry))"
                + " AS (part, line) FROM cgis_gp_roads WHERE geometry IS NOT NULL AND ST_Dimension(geometry) = 1"
                + roadFilter + ") WHERE ST_GeometryType(line) = 'ST_LineString'");
        Dataset<Row> zones = spark.sql("SELECT community, CAST(row_number() OVER (PARTITION BY community ORDER BY fid) - 1 AS BIGINT)"
                + " AS ordinal, cgis_zone_name(fid, name, code) AS name, ST_AsBinary(ST_Multi(geometry)) AS wkb"
                + " FROM cgis_gp_zones WHERE geometry IS NOT NULL AND NOT ST_IsEmpty(geometry)"
                + " AND ST_GeometryType(geometry) IN ('ST_Polygon', 'ST_MultiPolygon')");
        warnSkipped(spark, options, diagnostics);
        return new CoverageTables(buildings, pipes, roads, zones, Map.of());
    }

    /** Warns about the features that the selections of {@link #read} leave out for a bad geometry. */
    private static void warnSkipped(SparkSession spark, CoverageOptions options, Diagnostics diagnostics) {
        String notPolygon = "geometry IS NULL OR ST_IsEmpty(geometry)"
                + " OR ST_GeometryType(geometry) NOT IN ('ST_Polygon', 'ST_MultiPolygon')";
        warnSkipped(spark, "buildings", "cgis_gp_buildings", notPolygon, "job.badBuilding", diagnostics);
        warnSkipped(spark, "pipes", "cgis_gp_pipes", "lower(trim(kind)) IN ("
                + sqlList(CoverageTables.requestedKinds(options)) + ") AND (geometry IS NULL OR ST_IsEmpty(geometry)"
                + " OR ST_Dimension(geometry) <> 1 OR NOT ST_Length(geometry) > 0)", "job.badPipe", diagnostics);
        String roadClass = options.roadClasses().isEmpty() ? "TRUE"
                : "coalesce(trim(highway), '') IN (" + sqlList(options.roadClasses()) + ")";
        warnSkipped(spark, "roads", "cgis_gp_roads", roadClass + " AND (geometry IS NULL OR ST_IsEmpty(geometry)"
                + " OR ST_Dimension(geometry) <> 1)", "job.badRoad", diagnostics);
        warnSkipped(spark, "zones", "cgis_gp_zones", notPolygon, "job.badZone", diagnostics);
    }

    private static void warnSkipped(SparkSession spark, String table, String view, String condition, String key,
            Diagnostics diagnostics) {
        Dataset<Row> skipped = spark.sql("SELECT community, fid, ST_AsBinary(geometry) AS wkb FROM " + view
                + " WHERE " + condition).orderBy("community", "fid");
        List<Row> listed = skipped.limit(MAX_LISTED + 1).collectAsList();
        WKBReader reader = new WKBReader();
        for (Row row : listed.subList(0, Math.min(MAX_LISTED, listed.size()))) {
            byte[] wkb = row.isNullAt(2) ? null : row.getAs("wkb");
            String type = wkb == null ? "null" : geometryType(reader, wkb);
            diagnostics.warn(ReportSparkMessages.BUNDLE, key, row.getString(0), row.getLong(1), type);
        }
        if (listed.size() > MAX_LISTED) {
            diagnostics.warn(ReportSparkMessages.BUNDLE, "job.moreSkipped", skipped.count() - MAX_LISTED, table);
        }
    }

    /** Returns the JTS geometry type name ({@code Point}, {@code LineString}, …), which the local warnings show. */
    private static String geometryType(WKBReader reader, byte[] wkb) {
        try {
            return reader.read(wkb).getGeometryType();
        } catch (ParseException e) {
            return "invalid WKB";
        }
    }

    private static Dataset<Row> table(SparkSession spark, String root, String name, StructType columns,
            boolean required) {
        String path = root + "/" + name;
        boolean exists = !path.contains("://") ? Files.isDirectory(Path.of(path)) : true;
        if (!exists) {
            if (required) {
                throw new CgisException(ReportSparkMessages.BUNDLE, "job.missingTable", root, name);
            }
            return frame(spark, List.of(), columns);
        }
        Dataset<Row> table = spark.read().format(FORMAT).load(path);
        for (String column : columns.fieldNames()) {
            if (!List.of(table.columns()).contains(column)) {
                throw new CgisException(ReportSparkMessages.BUNDLE, "job.missingColumn", name, column);
            }
        }
        return table;
    }

    /** Adds one row per feature: community, fid, WKB, then the fields of {@code columns} after those three. */
    private static void add(String community, FeatureLayer layer, WKBWriter wkb, List<Row> rows, StructType columns) {
        String[] names = columns.fieldNames();
        for (Feature feature : layer.features()) {
            Object[] values = new Object[names.length];
            values[0] = community;
            values[1] = feature.id();
            values[2] = feature.geometry() == null ? null : wkb.write(feature.geometry());
            for (int i = 3; i < names.length; i++) {
                if (columns.fields()[i].dataType() == DataTypes.DoubleType) {
                    double number = feature.getDouble(names[i], Double.NaN);
                    values[i] = Double.isNaN(number) ? null : number;
                } else {
                    values[i] = feature.get(names[i]) == null ? null : feature.get(names[i]).toString();
                }
            }
            rows.add(RowFactory.create(values));
        }
    }

    /** Returns rows of {@code community, fid, wkb, attributes…} as a table with a {@code geometry} column in place of {@code wkb}. */
    private static Dataset<Row> frame(SparkSession spark, List<Row> rows, StructType columns) {
        return spark.createDataFrame(rows, withWkb(columns)).selectExpr("*", "ST_GeomFromWKB(wkb) AS geometry")
                .drop("wkb");
    }

    private static void save(SparkSession spark, List<Row> rows, StructType columns, String root, String name) {
        frame(spark, rows, columns).write().mode(SaveMode.Overwrite).format(FORMAT).save(root + "/" + name);
    }

    /** Returns {@code community, fid, wkb} and the attribute columns of {@code columns}. */
    private static StructType withWkb(StructType columns) {
        StructType result = base().add("wkb", DataTypes.BinaryType, true);
        for (int i = 2; i < columns.fields().length; i++) {
            result = result.add(columns.fields()[i]);
        }
        return result;
    }

    private static StructType base() {
        return new StructType().add("community", DataTypes.StringType, false).add("fid", DataTypes.LongType, false);
    }

    private static String sqlList(java.util.Collection<String> values) {
        return values.isEmpty() ? "NULL" : values.stream().map(v -> "'" + v.replace("'", "''") + "'")
                .collect(Collectors.joining(", "));
    }
}
