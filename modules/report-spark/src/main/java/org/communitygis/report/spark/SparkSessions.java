package org.communitygis.report.spark;

import org.apache.sedona.spark.SedonaContext;
import org.apache.spark.sql.SparkSession;
import org.communitygis.core.CgisException;

/** Creates the Spark session of the coverage engine and job, with Sedona's SQL functions and join strategies. */
public final class SparkSessions {
    /** Application name shown in the Spark UI and the cluster manager. */
    public static final String APP_NAME = "community-gis coverage";

    private SparkSessions() {
    }

    /**
     * Returns a session with Sedona registered, reusing an active one.
     *
     * @param master the Spark master URL ({@code local[2]}, {@code spark://host:7077}, {@code yarn}), or null
     *     to take it from {@code spark-submit} ({@code spark.master})
     * @param shufflePartitions {@code spark.sql.shuffle.partitions}, or 0 to keep Spark's setting
     * @throws CgisException when Spark does not start, for example on a malformed master URL
     */
    public static SparkSession create(String master, int shufflePartitions) {
        try {
            SparkSession.Builder builder = SparkSession.builder().appName(APP_NAME)
                    .config("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
                    .config("spark.kryo.registrator", "org.apache.sedona.core.serde.SedonaKryoRegistrator")
                    .config("spark.ui.showConsoleProgress", "false")
                    // Sedona plans a join with an equality condition besides the spatial predicate as a hash
                    // join with a filter unless configured to optimize every join. The community key is such an equality.
                    .config("sedona.join.optimizationmode", "all");
            if (master != null) {
                builder.master(master).config("spark.ui.enabled", "false");
            }
            if (shufflePartitions > 0) {
                builder.config("spark.sql.shuffle.partitions", Integer.toString(shufflePartitions));
            }
            return SedonaContext.create(builder.getOrCreate());
        } catch (Exception e) {
            // Scala code throws checked exceptions such as SparkException without declaring them.
            throw new CgisException(ReportSparkMessages.BUNDLE, "spark.startFailed", master == null ? "spark-submit" : master,
                    e.getMessage());
        }
    }
}
