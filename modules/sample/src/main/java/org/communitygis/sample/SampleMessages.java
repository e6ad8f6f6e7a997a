package org.communitygis.sample;

import org.communitygis.core.i18n.MessageBundle;

/** The sample module's user-facing messages ({@code org/communitygis/sample/messages_*.properties}). */
public final class SampleMessages {
    /** The bundle. */
    public static final MessageBundle BUNDLE = new MessageBundle(SampleMessages.class, "org.communitygis.sample.messages");

    private SampleMessages() {
    }
}
