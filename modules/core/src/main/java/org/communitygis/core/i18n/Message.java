package org.communitygis.core.i18n;

import java.util.Locale;

/**
 * A message key with its arguments, formatted late so that one value serves a Chinese user and an English
 * log line.
 */
public record Message(MessageBundle bundle, String key, Object... args) {

    /** Formats the message in the current {@link UserLocale}. */
    public String localized() {
        return bundle.format(key, args);
    }

    /** Formats the message in English, for logs and exception messages. */
    public String english() {
        return bundle.format(Locale.ENGLISH, key, args);
    }

    @Override
    public String toString() {
        return english();
    }
}
