package org.communitygis.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.communitygis.core.store.MemoryStore;
import org.communitygis.core.store.ProjectStore;
import org.junit.jupiter.api.Test;

/**
 * A store that {@link MapServer#reloadLayers} replaces stays open for requests that still read it, and
 * is closed after the grace period (twice the request time limit plus 1 s) or when the server stops.
 */
class RetiredStoreTest {

    @Test
    void replacedStoreClosedAfterGrace() throws Exception {
        MemoryStore project = TestProject.create();
        List<String> closed = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger opened = new AtomicInteger();
        Supplier<ProjectStore> reopen = () -> tracked(project, "store " + opened.incrementAndGet(), closed);
        MapServer server = new MapServer(project, "示例村", MapServerOptions.defaults().withRequestTimeLimitMillis(100))
                .withProcesses(work -> work.apply(project), reopen, List.of())
                .start("127.0.0.1", 0);
        try {
            server.reloadLayers();
            server.reloadLayers();
            assertThat(closed).as("closed right after the reload").isEmpty();

            long deadline = System.nanoTime() + 10_000_000_000L;
            while (closed.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(closed).containsExactly("store 1");

            server.reloadLayers();
        } finally {
            server.stop();
        }
        assertThat(closed).containsExactlyInAnyOrder("store 1", "store 2", "store 3");
    }

    /** Returns {@code store} behind a proxy that adds {@code name} to {@code closed} when it is closed. */
    private static ProjectStore tracked(ProjectStore store, String name, List<String> closed) {
        return (ProjectStore) Proxy.newProxyInstance(ProjectStore.class.getClassLoader(),
                new Class<?>[] {ProjectStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("close") && method.getParameterCount() == 0) {
                        closed.add(name);
                        return null;
                    }
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
