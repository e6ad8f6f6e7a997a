package org.communitygis.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Checks that the viewer's JavaScript dictionaries have the same keys in Chinese and English. */
class ViewerStringsTest {
    private static final Pattern KEY = Pattern.compile("([A-Za-z_0-9]+)\\s*:\\s*'");

    static String script() throws IOException {
        try (InputStream in = ViewerStringsTest.class.getResourceAsStream("viewer/viewer.js")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Returns the keys of {@code language: { ... }} inside the object assigned to {@code variable}. */
    static Set<String> keys(String script, String variable, String language) {
        int start = script.indexOf("var " + variable + " = {");
        int block = script.indexOf(language + ": {", start);
        int end = script.indexOf("\n    }", block);
        Set<String> keys = new TreeSet<>();
        Matcher matcher = KEY.matcher(script.substring(block + language.length() + 3, end));
        while (matcher.find()) {
            keys.add(matcher.group(1));
        }
        return keys;
    }

    @Test
    void uiStringsComplete() throws IOException {
        String script = script();
        Set<String> chinese = keys(script, "STRINGS", "zh");
        assertThat(chinese).contains("title", "loaded", "served", "unserved", "severity3");
        assertThat(keys(script, "STRINGS", "en")).isEqualTo(chinese);
    }

    @Test
    void layerTitlesComplete() throws IOException {
        String script = script();
        Set<String> chinese = keys(script, "LAYER_TITLES", "zh");
        assertThat(chinese).contains("coverage_buildings", "road_damage_zones", "dem", "flow_dir");
        assertThat(keys(script, "LAYER_TITLES", "en")).isEqualTo(chinese);
    }

    @Test
    void languageFallsBackToServer() throws IOException {
        // #lang= wins over the stored switch, which wins over the server's <html lang>. Any other value is Chinese.
        assertThat(script()).contains(
                "(HASH.lang || readStorage('cgis.lang') || document.documentElement.lang) === 'en' ? 'en' : 'zh'");
    }
}
