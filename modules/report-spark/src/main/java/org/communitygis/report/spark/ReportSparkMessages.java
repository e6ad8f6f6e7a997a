package org.communitygis.report.spark;

import org.communitygis.core.i18n.MessageBundle;

/** The Spark engine's user-facing messages ({@code org/communitygis/report/spark/messages_*.properties}). */
public final class ReportSparkMessages {
    /** The bundle. */
    public static final MessageBundle BUNDLE =
            new MessageBundle(ReportSparkMessages.class, "org.communitygis.report.spark.messages");

    private ReportSparkMessages() {
    }
}
