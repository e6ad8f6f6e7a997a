package org.communitygis.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.communitygis.core.store.FeatureQuerySource;
import org.communitygis.core.store.ProjectStore;
import org.communitygis.store.GeoPackageStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Envelope;

/**
 * Pages of layers read per request are built at most {@link FeatureService#READ_PERMITS} at a time, and a
 * request that waits for a permit past its deadline gets HTTP 503 instead of waiting on.
 */
class ReadPermitsTest {
    private static final String PAGE = "/collections/survey_points/items?bbox=104.0625,30.6625,104.0705,30.6705";

    @TempDir
    Path dir;

    @Test
    void readsLimitedAndWaitersTimeOut() throws Exception {
        Path file = ItemsFromGeoPackageTest.write(dir.resolve("示例村.gpkg"), TestProject.create());
        AtomicInteger reading = new AtomicInteger();
        AtomicInteger maxReading = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService clients = Executors.newFixedThreadPool(FeatureService.READ_PERMITS + 2);
        try (GeoPackageStore project = GeoPackageStore.openReadOnly(file)) {
            ProjectStore slow = blockingBoxReads(project, reading, maxReading, release);
            MapServer server = new MapServer(slow, "示例村", MapServerOptions.defaults().withMaxHeldFeatures(0)
                    .withRequestTimeLimitMillis(300)).start("127.0.0.1", 0);
            try {
                ApiClient api = new ApiClient(server);
                List<Future<HttpResponse<byte[]>>> responses = new ArrayList<>();
                for (int i = 0; i < FeatureService.READ_PERMITS + 2; i++) {
                    responses.add(clients.submit(() -> api.get(PAGE)));
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (reading.get() < FeatureService.READ_PERMITS && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                // The two requests without a permit wait past their 300 ms deadline.
                Thread.sleep(600);
                release.countDown();

                List<Integer> statuses = new ArrayList<>();
                for (Future<HttpResponse<byte[]>> response : responses) {
                    statuses.add(response.get(10, TimeUnit.SECONDS).statusCode());
                }
                assertThat(maxReading.get()).isEqualTo(FeatureService.READ_PERMITS);
                assertThat(statuses).filteredOn(status -> status == 503).hasSizeGreaterThanOrEqualTo(2);
                assertThat(api.get(PAGE).statusCode()).isEqualTo(200);
            } finally {
                server.stop();
            }
        } finally {
            clients.shutdownNow();
        }
    }

    /**
     * Returns {@code project} behind a proxy whose bounding-box reads wait for {@code release} and record
     * the largest number running at once in {@code maxReading}.
     */
    private static ProjectStore blockingBoxReads(GeoPackageStore project, AtomicInteger reading,
            AtomicInteger maxReading, CountDownLatch release) {
        return (ProjectStore) Proxy.newProxyInstance(ReadPermitsTest.class.getClassLoader(),
                new Class<?>[] {ProjectStore.class, FeatureQuerySource.class}, (proxy, method, args) -> {
                    // The server reads each layer's schema with a null box when it starts; that read passes.
                    boolean boxRead = method.getName().equals("readFeatures") && method.getParameterCount() == 2
                            && !((Envelope) args[1]).isNull();
                    if (boxRead) {
                        maxReading.accumulateAndGet(reading.incrementAndGet(), Math::max);
                        release.await(10, TimeUnit.SECONDS);
                    }
                    try {
                        return method.invoke(project, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    } finally {
                        if (boxRead) {
                            reading.decrementAndGet();
                        }
                    }
                });
    }
}
