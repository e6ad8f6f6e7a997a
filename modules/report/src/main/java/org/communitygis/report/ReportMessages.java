package org.communitygis.report;

import org.communitygis.core.i18n.MessageBundle;

/** The report module's user-facing messages and labels ({@code org/communitygis/report/messages_*.properties}). */
public final class ReportMessages {
    /** The bundle. */
    public static final MessageBundle BUNDLE = new MessageBundle(ReportMessages.class, "org.communitygis.report.messages");

    private ReportMessages() {
    }
}
