package org.communitygis.roads;

import org.communitygis.core.i18n.MessageBundle;

/** The roads module's user-facing messages ({@code org/communitygis/roads/messages_*.properties}). */
public final class RoadsMessages {
    /** The bundle. */
    public static final MessageBundle BUNDLE = new MessageBundle(RoadsMessages.class, "org.communitygis.roads.messages");

    private RoadsMessages() {
    }
}
