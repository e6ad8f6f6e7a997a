package org.communitygis.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.communitygis.core.CgisException;
import org.communitygis.core.store.ProjectStore;
import org.communitygis.server.MapServer;
import org.communitygis.server.MapServerOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code cgis serve --project P.gpkg | --db URL [--host 127.0.0.1] [--port 4567] [--cors-origin URL]…
 * [--token TOKEN] [--time-limit-ms MS] [--max-jobs N] [--max-held-features N]}: the OGC API Features
 * endpoint, the analyses as OGC API – Processes and the viewer, until the process is interrupted (Ctrl-C).
 */
@Command(name = "serve", mixinStandardHelpOptions = true)
final class ServeCommand implements Callable<Integer> {
    @Mixin
    ProjectOption project;

    @Option(names = "--host", defaultValue = "127.0.0.1")
    String host;

    @Option(names = "--port", defaultValue = "4567")
    int port;

    @Option(names = "--cors-origin", paramLabel = "URL")
    List<String> corsOrigins = new ArrayList<>();

    /** Access token; the environment variable keeps it out of the process list, which shows arguments. */
    @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:CGIS_TOKEN}")
    String token;

    @Option(names = "--time-limit-ms", paramLabel = "ms", defaultValue = "10000")
    long timeLimitMillis;

    @Option(names = "--max-jobs", paramLabel = "N", defaultValue = "100")
    int maxJobs;

    @Option(names = "--max-held-features", paramLabel = "N", defaultValue = "200000")
    long maxHeldFeatures;

    @Override
    public Integer call() throws InterruptedException {
        if (maxJobs < 1) {
            throw new CgisException(CliMessages.BUNDLE, "serve.badMaxJobs", maxJobs);
        }
        if (maxHeldFeatures < 0) {
            throw new CgisException(CliMessages.BUNDLE, "serve.badMaxHeldFeatures", maxHeldFeatures);
        }
        MapServerOptions options = options(host, corsOrigins, token, timeLimitMillis).withMaxJobs(maxJobs)
                .withMaxHeldFeatures(maxHeldFeatures);
        serve(project.location(), host, port, options);
        return 0;
    }

    /**
     * Checks the options and builds the server settings.
     *
     * @throws CgisException for an origin that is not {@code scheme://host[:port]}, a non-positive time
     *     limit, or a host other than loopback without a token
     */
    static MapServerOptions options(String host, List<String> corsOrigins, String token, long timeLimitMillis) {
        Set<String> origins = new LinkedHashSet<>();
        for (String origin : corsOrigins) {
            if (!origin.matches("https?://[^/?#\\s]+")) {
                throw new CgisException(CliMessages.BUNDLE, "serve.badOrigin", origin);
            }
            origins.add(origin);
        }
        if (timeLimitMillis <= 0) {
            throw new CgisException(CliMessages.BUNDLE, "serve.badTimeLimit", timeLimitMillis);
        }
        String accessToken = token == null || token.isBlank() ? null : token;
        if (accessToken == null && !MapServer.isLoopback(host)) {
            throw new CgisException(CliMessages.BUNDLE, "serve.tokenRequired", host);
        }
        return new MapServerOptions(origins, accessToken, timeLimitMillis);
    }

    /** Serves {@code project} and blocks until the JVM shuts down. */
    static void serve(Path project, String host, int port) throws InterruptedException {
        serve(ProjectLocation.file(project), host, port);
    }

    /** Serves a GeoPackage or PostGIS project and blocks until the JVM shuts down. */
    static void serve(ProjectLocation project, String host, int port) throws InterruptedException {
        serve(project, host, port, options(host, List.of(), System.getenv("CGIS_TOKEN"),
                MapServerOptions.DEFAULT_TIME_LIMIT_MILLIS));
    }

    /**
     * Serves a project with CORS, token and time-limit settings, offering the analyses as processes that
     * write through the project's atomic update, and blocks until the JVM shuts down.
     */
    static void serve(ProjectLocation project, String host, int port, MapServerOptions options)
            throws InterruptedException {
        ProjectStore store = project.openReadOnly();
        String name = store.metadata().getOrDefault(ProjectImporter.PROJECT_NAME_KEY, project.defaultName());
        MapServer server = new MapServer(store, name, options)
                .withProcesses(project::updateExisting, project::openReadOnly, ProcessRunners.all());
        try {
            server.start(host, port);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop();
            store.close();
            stopped.countDown();
        }, "cgis-shutdown"));
        Console console = CliContext.console();
        console.info("serve.started", server.url(), server.url() + "viewer/");
        console.info("serve.stopHint");
        stopped.await();
    }
}
