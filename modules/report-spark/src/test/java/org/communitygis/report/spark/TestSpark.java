package org.communitygis.report.spark;

import org.apache.spark.sql.SparkSession;

/** One local Spark session for all test classes of this module, stopped when the test JVM exits. */
final class TestSpark {
    private static SparkSession session;

    private TestSpark() {
    }

    /** Returns the session ({@code local[2]}, 4 shuffle partitions), starting it on the first call. */
    static synchronized SparkSession get() {
        if (session == null) {
            session = SparkSessions.create("local[2]", 4);
        }
        return session;
    }
}
