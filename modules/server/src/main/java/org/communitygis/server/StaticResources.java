package org.communitygis.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The viewer's files, read from the classpath once and served by exact path.
 *
 * <p>Only the paths listed here exist: a request path is a key into a fixed map and never reaches a
 * file system or class loader, so {@code ..}, encoded slashes or absolute paths cannot select another
 * file. Leaflet comes from the {@code org.webjars.npm:leaflet} jar, so the viewer works offline.
 */
final class StaticResources {
    /** Leaflet version of the WebJar on the classpath; its files live under this version's folder. */
    static final String LEAFLET_VERSION = "1.9.4";

    private static final String VIEWER = "org/communitygis/server/viewer/";
    private static final String LEAFLET = "META-INF/resources/webjars/leaflet/" + LEAFLET_VERSION + "/dist/";

    private final Map<String, Resource> resources = new LinkedHashMap<>();

    StaticResources() {
        add("", VIEWER + "index.html", "text/html; charset=utf-8");
        add("index.html", VIEWER + "index.html", "text/html; charset=utf-8");
        add("viewer.js", VIEWER + "viewer.js", "text/javascript; charset=utf-8");
        add("viewer.css", VIEWER + "viewer.css", "text/css; charset=utf-8");
        add("lib/leaflet/leaflet.js", LEAFLET + "leaflet.js", "text/javascript; charset=utf-8");
        add("lib/leaflet/leaflet.css", LEAFLET + "leaflet.css", "text/css; charset=utf-8");
        for (String image : new String[] {"layers.png", "layers-2x.png", "marker-icon.png", "marker-icon-2x.png",
            "marker-shadow.png"}) {
            add("lib/leaflet/images/" + image, LEAFLET + "images/" + image, "image/png");
        }
    }

    /** Returns the file at {@code path}, relative to {@code /viewer/}, if it is one of the viewer's files. */
    Optional<Resource> get(String path) {
        return Optional.ofNullable(resources.get(path));
    }

    private void add(String path, String classpathName, String contentType) {
        try (InputStream in = StaticResources.class.getClassLoader().getResourceAsStream(classpathName)) {
            if (in == null) {
                throw new IllegalStateException("Viewer file missing from the classpath: " + classpathName);
            }
            resources.put(path, new Resource(in.readAllBytes(), contentType));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read viewer file " + classpathName, e);
        }
    }

    /** A file's content and media type. */
    record Resource(byte[] content, String contentType) {
    }
}
