package org.communitygis.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.communitygis.core.i18n.UserLocale;

/**
 * The viewer's files, read from the classpath once and served by exact path.
 *
 * <p>Only the paths listed here exist: a request path is a key into a fixed map and never reaches a
 * file system or class loader, so {@code ..}, encoded slashes or absolute paths cannot select another
 * file. Leaflet comes from the {@code org.webjars.npm:leaflet} jar, so the viewer works offline.
 *
 * <p>{@code index.html} is served with the server's language ({@link UserLocale#get()}, set by
 * {@code --lang}) in {@code <html lang>}: {@code zh-CN} or {@code en}. The viewer starts in that language
 * unless the link has {@code #lang=} or the browser stored a choice from the language switch. The
 * request's {@code Accept-Language} is ignored here, because a browser always sends one.
 */
final class StaticResources {
    /** Leaflet version of the WebJar on the classpath; its files live under this version's folder. */
    static final String LEAFLET_VERSION = "1.9.4";

    private static final String VIEWER = "org/communitygis/server/viewer/";
    private static final String LEAFLET = "META-INF/resources/webjars/leaflet/" + LEAFLET_VERSION + "/dist/";

    private static final String HTML = "text/html; charset=utf-8";
    /** The {@code <html>} start tag of {@code viewer/index.html}, replaced per language. */
    static final String HTML_START_TAG = "<html lang=\"zh-CN\">";

    private final Map<String, Resource> resources = new LinkedHashMap<>();
    private final Resource chineseIndex;
    private final Resource englishIndex;

    StaticResources() {
        String index = new String(read(VIEWER + "index.html"), StandardCharsets.UTF_8);
        if (!index.contains(HTML_START_TAG)) {
            throw new IllegalStateException("Viewer file " + VIEWER + "index.html lacks the start tag "
                    + HTML_START_TAG);
        }
        chineseIndex = new Resource(index.getBytes(StandardCharsets.UTF_8), HTML);
        englishIndex = new Resource(index.replace(HTML_START_TAG, "<html lang=\"en\">")
                .getBytes(StandardCharsets.UTF_8), HTML);
        add("viewer.js", VIEWER + "viewer.js", "text/javascript; charset=utf-8");
        add("viewer.css", VIEWER + "viewer.css", "text/css; charset=utf-8");
        add("lib/leaflet/leaflet.js", LEAFLET + "leaflet.js", "text/javascript; charset=utf-8");
        add("lib/leaflet/leaflet.css", LEAFLET + "leaflet.css", "text/css; charset=utf-8");
        for (String image : new String[] {"layers.png", "layers-2x.png", "marker-icon.png", "marker-icon-2x.png",
            "marker-shadow.png"}) {
            add("lib/leaflet/images/" + image, LEAFLET + "images/" + image, "image/png");
        }
    }

    /**
     * Returns the file at {@code path}, relative to {@code /viewer/}, if it is one of the viewer's files.
     * The page ({@code ""} or {@code index.html}) is the variant for the current {@link UserLocale}.
     */
    Optional<Resource> get(String path) {
        if (path.isEmpty() || path.equals("index.html")) {
            return Optional.of(index(UserLocale.get()));
        }
        return Optional.ofNullable(resources.get(path));
    }

    /** Returns {@code index.html} with {@code <html lang>} set to {@code locale}'s language. */
    Resource index(Locale locale) {
        return locale.getLanguage().equals(UserLocale.ENGLISH.getLanguage()) ? englishIndex : chineseIndex;
    }

    private void add(String path, String classpathName, String contentType) {
        resources.put(path, new Resource(read(classpathName), contentType));
    }

    private static byte[] read(String classpathName) {
        try (InputStream in = StaticResources.class.getClassLoader().getResourceAsStream(classpathName)) {
            if (in == null) {
                throw new IllegalStateException("Viewer file missing from the classpath: " + classpathName);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read viewer file " + classpathName, e);
        }
    }

    /** A file's content and media type. */
    record Resource(byte[] content, String contentType) {
    }
}
