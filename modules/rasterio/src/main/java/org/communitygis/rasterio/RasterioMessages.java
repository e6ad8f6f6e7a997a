package org.communitygis.rasterio;

import org.communitygis.core.i18n.MessageBundle;

/** The rasterio module's user-facing messages ({@code org/communitygis/rasterio/messages_*.properties}). */
public final class RasterioMessages {
    /** The bundle. */
    public static final MessageBundle BUNDLE =
            new MessageBundle(RasterioMessages.class, "org.communitygis.rasterio.messages");

    private RasterioMessages() {
    }
}
