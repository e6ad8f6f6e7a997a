package org.communitygis.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.communitygis.core.i18n.UserLocale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Checks that the viewer page carries the server's language, which viewer.js uses when nothing else is set. */
class StaticResourcesTest {
    private final Locale before = UserLocale.get();
    private final StaticResources resources = new StaticResources();

    @AfterEach
    void restoreLocale() {
        UserLocale.set(before);
    }

    private String page(String path) {
        return new String(resources.get(path).orElseThrow().content(), StandardCharsets.UTF_8);
    }

    @Test
    void englishServerServesEnglishPage() {
        UserLocale.set(UserLocale.ENGLISH);

        assertThat(page("")).contains("<html lang=\"en\">");
        assertThat(page("index.html")).contains("<html lang=\"en\">");
        assertThat(page("index.html")).doesNotContain("lang=\"zh-CN\"");
    }

    @Test
    void chineseServerServesChinesePage() {
        UserLocale.set(UserLocale.CHINESE);

        assertThat(page("")).contains("<html lang=\"zh-CN\">");
        assertThat(page("index.html")).contains("<html lang=\"zh-CN\">");
    }

    @Test
    void pageFollowsLocaleChange() {
        UserLocale.set(UserLocale.CHINESE);
        String chinese = page("");
        UserLocale.set(UserLocale.ENGLISH);
        String english = page("");

        assertThat(english).isNotEqualTo(chinese);
        assertThat(english.replace("<html lang=\"en\">", StaticResources.HTML_START_TAG)).isEqualTo(chinese);
    }

    @Test
    void otherFilesUnchanged() {
        UserLocale.set(UserLocale.ENGLISH);

        assertThat(resources.get("viewer.js")).isPresent();
        assertThat(resources.get("viewer.js").orElseThrow().contentType()).startsWith("text/javascript");
        assertThat(resources.get("index.html").orElseThrow().contentType()).isEqualTo("text/html; charset=utf-8");
        assertThat(resources.get("../pom.xml")).isEmpty();
    }
}
