package org.communitygis.terrain;

import org.communitygis.core.i18n.MessageBundle;

/** The terrain module's user-facing messages ({@code org/communitygis/terrain/messages_*.properties}). */
public final class TerrainMessages {
    /** The bundle. */
    public static final MessageBundle BUNDLE = new MessageBundle(TerrainMessages.class, "org.communitygis.terrain.messages");

    private TerrainMessages() {
    }
}
