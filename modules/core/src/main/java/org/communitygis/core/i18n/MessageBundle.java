package org.communitygis.core.i18n;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * One module's user-facing messages in Simplified Chinese and English.
 *
 * <p>A bundle named {@code org.communitygis.io.messages} is read from
 * {@code org/communitygis/io/messages_zh_CN.properties} and {@code messages_en.properties} (UTF-8).
 * Patterns use {@link MessageFormat} syntax. No fallback to the JVM's default locale takes place, so a
 * key missing in one language fails loudly in tests instead of silently showing the other language.
 */
public final class MessageBundle {
    private static final ResourceBundle.Control NO_FALLBACK =
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

    private final String baseName;
    private final ClassLoader loader;

    /**
     * Creates a bundle whose property files sit beside {@code anchor}'s package.
     *
     * @param anchor a class of the module that owns the bundle, used for its class loader
     * @param baseName the bundle's base name, e.g. {@code org.communitygis.io.messages}
     */
    public MessageBundle(Class<?> anchor, String baseName) {
        this.baseName = baseName;
        this.loader = anchor.getClassLoader();
    }

    /** Returns the base name, e.g. {@code org.communitygis.io.messages}. */
    public String baseName() {
        return baseName;
    }

    /** Formats the message {@code key} in the current {@link UserLocale}. */
    public String format(String key, Object... args) {
        return format(UserLocale.get(), key, args);
    }

    /** Formats the message {@code key} in {@code locale} (Chinese unless the locale is English). */
    public String format(Locale locale, String key, Object... args) {
        Locale chosen = UserLocale.normalize(locale);
        String pattern;
        try {
            pattern = ResourceBundle.getBundle(baseName, chosen, loader, NO_FALLBACK).getString(key);
        } catch (MissingResourceException e) {
            return key + (args.length == 0 ? "" : " " + java.util.Arrays.toString(args));
        }
        return new MessageFormat(pattern, chosen).format(args);
    }

    /** Returns the raw bundle for {@code locale}, for completeness checks. */
    public ResourceBundle resourceBundle(Locale locale) {
        return ResourceBundle.getBundle(baseName, UserLocale.normalize(locale), loader, NO_FALLBACK);
    }
}
