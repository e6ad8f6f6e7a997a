package org.communitygis.network;

import org.communitygis.core.i18n.MessageBundle;

/** The network module's user-facing messages ({@code org/communitygis/network/messages_*.properties}). */
public final class NetworkMessages {
    /** The bundle. */
    public static final MessageBundle BUNDLE =
            new MessageBundle(NetworkMessages.class, "org.communitygis.network.messages");

    private NetworkMessages() {
    }
}
