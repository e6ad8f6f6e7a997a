package org.communitygis.io;

import org.communitygis.core.i18n.MessageBundle;

/** The io module's user-facing messages ({@code org/communitygis/io/messages_*.properties}). */
public final class IoMessages {
    /** The bundle. */
    public static final MessageBundle BUNDLE = new MessageBundle(IoMessages.class, "org.communitygis.io.messages");

    private IoMessages() {
    }
}
