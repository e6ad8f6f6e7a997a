package org.communitygis.cli;

import org.communitygis.core.i18n.MessageBundle;

/** The CLI's user-facing messages ({@code org/communitygis/cli/messages_*.properties}). */
public final class CliMessages {
    /** The bundle. */
    public static final MessageBundle BUNDLE = new MessageBundle(CliMessages.class, "org.communitygis.cli.messages");

    private CliMessages() {
    }
}
