package org.communitygis.core.i18n;

import java.util.Locale;

/**
 * The language of user-facing text: Simplified Chinese ({@code zh_CN}) or English ({@code en}).
 *
 * <p>Every message shown to a user is formatted in this locale. Log lines and exception
 * {@link Throwable#getMessage()} texts stay English. The default comes from the JVM locale: an English
 * locale selects English and every other locale, including {@code C}/{@code POSIX}, selects Chinese.
 */
public final class UserLocale {
    /** Simplified Chinese, the default language. */
    public static final Locale CHINESE = Locale.SIMPLIFIED_CHINESE;
    /** English. */
    public static final Locale ENGLISH = Locale.ENGLISH;

    private static volatile Locale current = fromSystem();

    private UserLocale() {
    }

    /** Returns the locale for user-facing text. */
    public static Locale get() {
        return current;
    }

    /** Sets the locale for user-facing text; only {@link #CHINESE} and {@link #ENGLISH} are kept as given. */
    public static void set(Locale locale) {
        current = normalize(locale);
    }

    /**
     * Parses a {@code --lang} value: {@code zh}, {@code zh_CN}, {@code zh-CN}, {@code en}, {@code en_US}…
     *
     * @throws IllegalArgumentException when the value names neither Chinese nor English
     */
    public static Locale parse(String lang) {
        String value = lang.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        if (value.equals("zh") || value.startsWith("zh_")) {
            return CHINESE;
        }
        if (value.equals("en") || value.startsWith("en_")) {
            return ENGLISH;
        }
        throw new IllegalArgumentException("Unsupported language '" + lang + "': use zh or en / 不支持的语言，请用 zh 或 en");
    }

    /** Chooses the locale from the environment ({@code LC_ALL}, {@code LC_MESSAGES}, {@code LANG}) or the JVM. */
    public static Locale fromSystem() {
        for (String variable : new String[] {"LC_ALL", "LC_MESSAGES", "LANG"}) {
            String value = System.getenv(variable);
            if (value != null && !value.isBlank()) {
                return value.toLowerCase(Locale.ROOT).startsWith("en") ? ENGLISH : CHINESE;
            }
        }
        return normalize(Locale.getDefault());
    }

    static Locale normalize(Locale locale) {
        return locale != null && "en".equals(locale.getLanguage()) ? ENGLISH : CHINESE;
    }
}
