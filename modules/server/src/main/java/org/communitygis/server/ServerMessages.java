package org.communitygis.server;

import org.communitygis.core.i18n.MessageBundle;

/** The server module's user-facing messages ({@code org/communitygis/server/messages_*.properties}). */
public final class ServerMessages {
    /** The bundle. */
    public static final MessageBundle BUNDLE =
            new MessageBundle(ServerMessages.class, "org.communitygis.server.messages");

    private ServerMessages() {
    }
}
