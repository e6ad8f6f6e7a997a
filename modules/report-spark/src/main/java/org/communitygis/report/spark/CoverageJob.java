package org.communitygis.report.spark;

import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.communitygis.core.CgisException;
import org.communitygis.core.Diagnostics;
import org.communitygis.network.CoverageOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coverage as a {@code spark-submit} job for inputs that do not fit one machine: reads the GeoParquet
 * tables of {@link GeoParquetTables} under {@code --input}, computes the {@code coverage_buildings} rows
 * with {@link SedonaCoverage} and writes them as GeoParquet to {@code --output}: {@code community}, the
 * fields of {@code coverage_buildings} and {@code geometry} (the building as MULTIPOLYGON).
 * {@code served_gravity} is null in every row because the GeoParquet tables carry no DEM, and the job prints that
 * on standard output. Skipped features are warned about on standard error.
 *
 * <p>Arguments: {@code --input PATH --output PATH [--buffer-m M] [--road-distance-m M]
 * [--shuffle-partitions N] [--master URL]}; paths may be local, {@code hdfs://} or {@code s3a://}. Without
 * {@code --master} the master comes from {@code spark-submit}. docs/spark.md shows the command.
 */
public final class CoverageJob {
    private static final Logger LOG = LoggerFactory.getLogger(CoverageJob.class);

    private CoverageJob() {
    }

    /** Runs the job; exits with status 2 on invalid arguments or input. */
    public static void main(String[] args) {
        try {
            run(parse(args));
        } catch (CgisException e) {
            System.err.println(e.getLocalizedMessage());
            System.exit(2);
        }
    }

    /** Runs the job with parsed arguments and returns the number of buildings written. */
    static long run(Map<String, String> arguments) {
        String input = arguments.get("input");
        String output = arguments.get("output");
        if (input == null || output == null) {
            throw new CgisException(ReportSparkMessages.BUNDLE, "job.usage");
        }
        CoverageOptions options = CoverageOptions.defaults()
                .withBufferM(number(arguments, "buffer-m", CoverageOptions.defaults().bufferM()))
                .withRoadDistanceM(number(arguments, "road-distance-m", CoverageOptions.defaults().roadDistanceM()));
        SparkSession spark = SparkSessions.create(arguments.get("master"),
                (int) number(arguments, "shuffle-partitions", 0));
        Diagnostics diagnostics = new Diagnostics(warning -> {
            LOG.warn("{}", warning.english());
            System.err.println(warning.localized());
        });
        CoverageTables tables = GeoParquetTables.read(spark, input, options, diagnostics);
        tables.buildings().createOrReplaceTempView("cgis_job_buildings");
        Dataset<Row> rows = SedonaCoverage.compute(spark, tables, options);
        rows.createOrReplaceTempView("cgis_job_rows");
        Dataset<Row> out = spark.sql("SELECT r.*, ST_GeomFromWKB(b.wkb) AS geometry FROM cgis_job_rows r"
                + " JOIN cgis_job_buildings b ON b.community = r.community AND b.ordinal = r.ordinal")
                .drop("ordinal").persist();
        out.write().mode(SaveMode.Overwrite).format(GeoParquetTables.FORMAT).save(output);
        long buildings = out.count();
        long communities = out.select("community").distinct().count();
        LOG.info("Wrote {} coverage rows of {} communities to {}", buildings, communities, output);
        System.out.println(ReportSparkMessages.BUNDLE.format("job.done", buildings, communities, output));
        System.out.println(ReportSparkMessages.BUNDLE.format("job.noGravity"));
        return buildings;
    }

    /** Parses {@code --name value} pairs. */
    static Map<String, String> parse(String[] args) {
        Map<String, String> arguments = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new CgisException(ReportSparkMessages.BUNDLE, "job.usage");
            }
            arguments.put(args[i].substring(2), args[i + 1]);
        }
        return arguments;
    }

    private static double number(Map<String, String> arguments, String name, double fallback) {
        String value = arguments.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new CgisException(ReportSparkMessages.BUNDLE, "job.badNumber", name, value);
        }
    }
}
