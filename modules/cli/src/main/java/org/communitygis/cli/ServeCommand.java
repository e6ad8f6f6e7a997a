package org.communitygis.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.communitygis.core.store.ProjectStore;
import org.communitygis.server.MapServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code cgis serve --project P.gpkg | --db URL [--host 127.0.0.1] [--port 4567]}: the OGC API Features endpoint and
 * the viewer, until the process is interrupted (Ctrl-C).
 */
@Command(name = "serve", mixinStandardHelpOptions = true)
final class ServeCommand implements Callable<Integer> {
    @Mixin
    ProjectOption project;

    @Option(names = "--host", defaultValue = "127.0.0.1")
    String host;

    @Option(names = "--port", defaultValue = "4567")
    int port;

    @Override
    public Integer call() throws InterruptedException {
        serve(project.location(), host, port);
        return 0;
    }

    /** Serves {@code project} and blocks until the JVM shuts down. */
    static void serve(Path project, String host, int port) throws InterruptedException {
        serve(ProjectLocation.file(project), host, port);
    }

    /** Serves a GeoPackage or PostGIS project and blocks until the JVM shuts down. */
    static void serve(ProjectLocation project, String host, int port) throws InterruptedException {
        ProjectStore store = project.openReadOnly();
        String name = store.metadata().getOrDefault(ProjectImporter.PROJECT_NAME_KEY, project.defaultName());
        MapServer server = new MapServer(store, name);
        server.start(host, port);
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
