package org.communitygis.core;

import org.communitygis.core.i18n.MessageBundle;

/** The core module's user-facing messages ({@code org/communitygis/core/messages_*.properties}). */
public final class CoreMessages {
    /** The bundle. */
    public static final MessageBundle BUNDLE = new MessageBundle(CoreMessages.class, "org.communitygis.core.messages");

    private CoreMessages() {
    }
}
