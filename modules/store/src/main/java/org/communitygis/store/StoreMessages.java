package org.communitygis.store;

import org.communitygis.core.i18n.MessageBundle;

/** The store module's user-facing messages ({@code org/communitygis/store/messages_*.properties}). */
public final class StoreMessages {
    /** The bundle. */
    public static final MessageBundle BUNDLE = new MessageBundle(StoreMessages.class, "org.communitygis.store.messages");

    private StoreMessages() {
    }
}
