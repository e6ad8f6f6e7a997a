package org.communitygis.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.communitygis.core.Diagnostics;
import org.communitygis.core.feature.Feature;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.feature.Field;
import org.communitygis.core.feature.FieldType;
import org.communitygis.core.feature.GeometryKind;
import org.communitygis.core.progress.Progress;
import org.communitygis.core.store.MemoryStore;
import org.communitygis.core.store.ProjectStore;
import org.communitygis.terrain.DrainageAnalysis;
import org.communitygis.terrain.DrainageOptions;
import org.communitygis.terrain.DrainageResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;

/** OGC API – Processes against a real server on loopback running the terrain module's drainage analysis. */
class ProcessesApiTest {
    private static final String ASYNC = "respond-async";

    private final List<MapServer> servers = new ArrayList<>();

    @AfterEach
    void stopServers() {
        servers.forEach(MapServer::stop);
    }

    /** The drainage analysis as the CLI offers it, reduced to the rasters and streams. */
    static final class DrainageRunner implements ProcessRunner {
        @Override
        public String id() {
            return "drainage";
        }

        @Override
        public String title(Locale locale) {
            return locale.getLanguage().equals("zh") ? "汇水分析" : "Drainage analysis";
        }

        @Override
        public String description(Locale locale) {
            return "Fills the DEM, computes D8 flow directions and accumulation, and extracts streams.";
        }

        @Override
        public List<ProcessInput> inputs() {
            return List.of(ProcessInput.number("stream_threshold_m2", 20_000, 100, 1e9, locale -> "Stream threshold, m²"),
                    ProcessInput.bool("breach_depressions", false, locale -> "Breach depressions"),
                    ProcessInput.string("note", "", List.of(), locale -> "Note"));
        }

        @Override
        public List<String> outputLayers() {
            return List.of("dem_filled", "flow_dir", "flow_acc", "streams");
        }

        @Override
        public List<String> run(ProjectStore store, Map<String, Object> inputs, Progress progress,
                Diagnostics diagnostics) {
            DrainageOptions options = DrainageOptions.defaults()
                    .withStreamThresholdM2((Double) inputs.get("stream_threshold_m2"))
                    .withBreachDepressions((Boolean) inputs.get("breach_depressions"));
            DrainageResult result = DrainageAnalysis.run(store.readRaster("dem"), options, progress, diagnostics);
            store.writeRaster("dem_filled", result.filled());
            store.writeRaster("flow_dir", result.flowDir());
            store.writeRaster("flow_acc", result.flowAcc());
            store.writeFeatures(result.streams());
            return List.of("dem_filled", "flow_dir", "flow_acc", result.streams().name());
        }
    }

    /**
     * A process that waits {@code millis} ms in steps of 20 ms, reporting progress at each step, and then
     * writes the point layer {@code wait_marker}. A dismissed job stops at its next step without writing.
     */
    static final class WaitRunner implements ProcessRunner {
        @Override
        public String id() {
            return "wait";
        }

        @Override
        public String title(Locale locale) {
            return "Wait";
        }

        @Override
        public String description(Locale locale) {
            return "Waits, then writes one point.";
        }

        @Override
        public List<ProcessInput> inputs() {
            return List.of(ProcessInput.number("millis", 30_000, 0, 120_000, locale -> "Wait, ms"));
        }

        @Override
        public List<String> outputLayers() {
            return List.of("wait_marker");
        }

        @Override
        public List<String> run(ProjectStore store, Map<String, Object> inputs, Progress progress,
                Diagnostics diagnostics) {
            long steps = (long) ((Double) inputs.get("millis") / 20);
            for (long step = 0; step < steps; step++) {
                progress.begin("waiting", steps);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("wait interrupted", e);
                }
            }
            FeatureLayer marker = new FeatureLayer("wait_marker", GeometryKind.POINT, TestProject.CRS,
                    List.of(new Field("name", FieldType.STRING)));
            marker.add(new Feature(1, new GeometryFactory().createPoint(
                    new Coordinate(TestProject.KNOWN_EASTING, TestProject.KNOWN_NORTHING)), Map.of("name", "done")));
            store.writeFeatures(marker);
            return List.of("wait_marker");
        }
    }

    /** Returns the read-only store the server reads, holding the layers of {@code fixture}. */
    ProjectStore openProject(MemoryStore fixture) {
        return fixture;
    }

    /** Returns the updater that runs jobs on the project {@link #openProject} returned. */
    ProjectUpdater updater(ProjectStore project) {
        return work -> {
            synchronized (project) {
                return work.apply(project);
            }
        };
    }

    /** Returns a store showing the committed state of the project, for the server to read after a job. */
    Supplier<ProjectStore> reopen(ProjectStore project) {
        return () -> project;
    }

    private ApiClient start(MemoryStore fixture, MapServerOptions options) {
        ProjectStore project = openProject(fixture);
        MapServer server = new MapServer(project, "示例村", options)
                .withProcesses(updater(project), reopen(project), List.of(new DrainageRunner(), new WaitRunner()));
        servers.add(server.start("127.0.0.1", 0));
        return new ApiClient(server);
    }

    private ApiClient start() {
        return start(TestProject.create(), MapServerOptions.defaults());
    }

    /** Polls the job until it has finished, at most 60 s, and returns its last status. */
    private static JsonNode awaitJob(ApiClient api, String location) throws Exception {
        String path = location.substring(api.base().length());
        JsonNode status = api.json(path);
        for (int i = 0; i < 600 && !status.path("status").asText().matches("successful|failed|dismissed"); i++) {
            Thread.sleep(100);
            status = api.json(path);
        }
        return status;
    }

    @Test
    void openApiDescribesProcessesAndJobs() throws Exception {
        ApiClient api = start();

        JsonNode document = ApiClient.MAPPER.readTree(api.get("/api").body());
        for (String path : List.of("/processes", "/processes/{processId}", "/jobs", "/jobs/{jobId}",
                "/jobs/{jobId}/results")) {
            assertThat(document.path("paths").path(path).has("get")).as(path).isTrue();
        }
        JsonNode execute = document.path("paths").path("/processes/{processId}/execution").path("post");
        assertThat(execute.path("responses").has("200")).isTrue();
        assertThat(execute.path("responses").path("201").path("headers").has("Location")).isTrue();
        assertThat(execute.path("requestBody").path("content").has("application/json")).isTrue();
        String schema = execute.path("responses").path("201").path("content").path("application/json")
                .path("schema").path("$ref").asText();
        assertThat(document.at(schema.substring(1)).path("properties").has("jobID")).as(schema).isTrue();

        List<String> references = document.findValuesAsText("$ref");
        assertThat(references).isNotEmpty().allMatch(reference -> reference.startsWith("#/"));
        for (String reference : references) {
            assertThat(document.at(reference.substring(1)).isMissingNode()).as("target of %s", reference).isFalse();
        }
    }

    @Test
    void processListAndDescription() throws Exception {
        ApiClient api = start();

        JsonNode list = api.json("/processes");
        assertThat(list.path("processes").get(0).path("id").asText()).isEqualTo("drainage");
        assertThat(ApiClient.link(list.path("processes").get(0), "http://www.opengis.net/def/rel/ogc/1.0/execute"))
                .isEqualTo(api.base() + "/processes/drainage/execution");

        JsonNode description = api.json("/processes/drainage");
        JsonNode threshold = description.path("inputs").path("stream_threshold_m2");
        assertThat(threshold.path("schema").path("type").asText()).isEqualTo("number");
        assertThat(threshold.path("schema").path("minimum").asDouble()).isEqualTo(100);
        assertThat(threshold.path("schema").path("default").asDouble()).isEqualTo(20_000);
        assertThat(threshold.path("minOccurs").asInt()).isZero();
        assertThat(description.path("outputs").has("flow_acc")).isTrue();
        assertThat(description.path("jobControlOptions").toString()).contains("async-execute", "sync-execute");

        JsonNode landing = api.json("/");
        assertThat(ApiClient.link(landing, "http://www.opengis.net/def/rel/ogc/1.0/processes"))
                .isEqualTo(api.base() + "/processes");
        assertThat(api.json("/conformance").path("conformsTo").toString())
                .contains("http://www.opengis.net/spec/ogcapi-processes-1/1.0/conf/core");
    }

    @Test
    void asyncDrainageWritesLayers() throws Exception {
        ApiClient api = start();
        assertThat(api.json("/collections").toString()).doesNotContain("\"streams\"");

        HttpResponse<byte[]> created = api.post("/processes/drainage/execution",
                "{\"inputs\": {\"stream_threshold_m2\": 4000, \"breach_depressions\": {\"value\": false}}}",
                "Prefer", ASYNC);
        assertThat(created.statusCode()).as(new String(created.body())).isEqualTo(201);
        assertThat(created.headers().firstValue("Preference-Applied")).hasValue(ASYNC);
        String location = created.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith(api.base() + "/jobs/");
        JsonNode accepted = ApiClient.MAPPER.readTree(created.body());
        assertThat(accepted.path("status").asText()).isIn("accepted", "running", "successful");
        assertThat(accepted.path("processID").asText()).isEqualTo("drainage");

        JsonNode status = awaitJob(api, location);
        assertThat(status.path("status").asText()).as(status.toString()).isEqualTo("successful");
        assertThat(status.path("progress").asInt()).isEqualTo(100);
        String resultsUrl = ApiClient.link(status, "http://www.opengis.net/def/rel/ogc/1.0/results");
        assertThat(resultsUrl).isEqualTo(location + "/results");

        JsonNode results = api.json(resultsUrl.substring(api.base().length()));
        assertThat(results.path("flow_acc").path("href").asText()).isEqualTo(api.base() + "/rasters/flow_acc.png");
        assertThat(results.path("streams").path("href").asText()).isEqualTo(api.base() + "/collections/streams");

        JsonNode collections = api.json("/collections");
        List<String> ids = new ArrayList<>();
        collections.path("collections").forEach(c -> ids.add(c.path("id").asText()));
        assertThat(ids).contains("streams", "roads");
        assertThat(api.json("/collections/streams/items?limit=1").path("numberMatched").asLong()).isPositive();
        assertThat(api.get("/rasters/flow_acc.png").statusCode()).isEqualTo(200);

        JsonNode jobs = api.json("/jobs");
        assertThat(jobs.path("jobs").get(0).path("jobID").asText()).isEqualTo(status.path("jobID").asText());
    }

    @Test
    void syncExecutionReturnsResults() throws Exception {
        ApiClient api = start();
        HttpResponse<byte[]> response = api.post("/processes/drainage/execution", "{\"inputs\": {}}");
        assertThat(response.statusCode()).as(new String(response.body())).isIn(200, 201);
        if (response.statusCode() == 200) {
            JsonNode results = ApiClient.MAPPER.readTree(response.body());
            assertThat(results.has("flow_acc")).isTrue();
        }
    }

    @Test
    void invalidInputsNameTheInput() throws Exception {
        ApiClient api = start();
        Map<String, String> cases = Map.of(
                "{\"inputs\": {\"stream_threshold_m2\": \"big\"}}", "stream_threshold_m2",
                "{\"inputs\": {\"stream_threshold_m2\": 5}}", "stream_threshold_m2",
                "{\"inputs\": {\"breach_depressions\": 1}}", "breach_depressions",
                "{\"inputs\": {\"threshold\": 5000}}", "threshold",
                "{\"inputs\": [1, 2]}", "inputs",
                "{\"inputs\": ", "JSON");
        for (Map.Entry<String, String> entry : cases.entrySet()) {
            HttpResponse<byte[]> response = api.post("/processes/drainage/execution", entry.getKey(),
                    "Accept-Language", "en");
            assertThat(response.statusCode()).as(entry.getKey()).isEqualTo(400);
            JsonNode error = ApiClient.MAPPER.readTree(response.body());
            assertThat(error.path("code").asText()).isEqualTo(ApiException.INVALID_PARAMETER);
            assertThat(error.path("description").asText()).as(entry.getKey()).contains(entry.getValue());
        }
        assertThat(api.json("/jobs").path("jobs").size()).isZero();
    }

    @Test
    void unknownProcessAndJobAre404() throws Exception {
        ApiClient api = start();
        HttpResponse<byte[]> execute = api.post("/processes/route-planning/execution", "{}");
        assertThat(execute.statusCode()).isEqualTo(404);
        assertThat(ApiClient.MAPPER.readTree(execute.body()).path("code").asText()).isEqualTo("NoSuchProcess");
        assertThat(api.error("/processes/route-planning", 404).path("description").asText()).contains("drainage");
        assertThat(api.error("/jobs/no-such-job", 404).path("code").asText()).isEqualTo("NoSuchJob");
        assertThat(api.error("/jobs/no-such-job/results", 404).path("code").asText()).isEqualTo("NoSuchJob");
    }

    @Test
    void failedJobReportsProjectError() throws Exception {
        MemoryStore empty = new MemoryStore();
        empty.setCrs(TestProject.CRS);
        ApiClient api = start(empty, MapServerOptions.defaults());
        HttpResponse<byte[]> created = api.post("/processes/drainage/execution", "{}", "Prefer", ASYNC);
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode status = awaitJob(api, created.headers().firstValue("Location").orElseThrow());
        assertThat(status.path("status").asText()).isEqualTo("failed");
        assertThat(status.path("message").asText()).contains("dem");
        String results = "/jobs/" + status.path("jobID").asText() + "/results";
        assertThat(api.error(results, 400).path("code").asText()).isEqualTo("ProcessFailed");
        assertThat(api.json("/collections").toString()).doesNotContain("\"streams\"");
    }

    @Test
    void executionNeedsToken() throws Exception {
        ApiClient api = start(TestProject.create(), MapServerOptions.defaults().withAccessToken("s3cret"));
        assertThat(api.post("/processes/drainage/execution", "{}", "Prefer", ASYNC).statusCode()).isEqualTo(401);
        assertThat(api.post("/processes/drainage/execution", "{}", "Prefer", ASYNC, "Authorization", "Bearer wrong")
                .statusCode()).isEqualTo(401);
        assertThat(api.json("/jobs").path("jobs").size()).isZero();
        HttpResponse<byte[]> accepted = api.post("/processes/drainage/execution", "{}", "Prefer", ASYNC,
                "Authorization", "Bearer s3cret");
        assertThat(accepted.statusCode()).isEqualTo(201);
        assertThat(awaitJob(api, accepted.headers().firstValue("Location").orElseThrow()).path("status").asText())
                .isEqualTo("successful");
    }

    @Test
    void oversizedBodyIs413() throws Exception {
        ApiClient api = start();
        String padding = " ".repeat(MapServer.MAX_BODY_BYTES);
        HttpResponse<byte[]> response = api.post("/processes/drainage/execution", "{\"inputs\": {}}" + padding);
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(api.json("/jobs").path("jobs").size()).isZero();
    }

    @Test
    void statusMessageFollowsLanguage() throws Exception {
        ApiClient api = start();
        HttpResponse<byte[]> response = api.post("/processes/drainage/execution", "{\"inputs\": {\"note\": 3}}",
                "Accept-Language", "zh-CN");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(ApiClient.MAPPER.readTree(response.body()).path("description").asText()).contains("输入“note”");
    }

    @Test
    void dismissRunningJobRollsBack() throws Exception {
        ApiClient api = start();
        HttpResponse<byte[]> created = api.post("/processes/wait/execution", "{\"inputs\": {\"millis\": 60000}}",
                "Prefer", ASYNC);
        assertThat(created.statusCode()).isEqualTo(201);
        String path = created.headers().firstValue("Location").orElseThrow().substring(api.base().length());
        JsonNode status = api.json(path);
        for (int i = 0; i < 200 && !status.path("status").asText().equals("running"); i++) {
            Thread.sleep(50);
            status = api.json(path);
        }
        assertThat(status.path("status").asText()).isEqualTo("running");

        HttpResponse<byte[]> dismissed = api.send("DELETE", path);
        assertThat(dismissed.statusCode()).as(new String(dismissed.body())).isEqualTo(200);
        JsonNode body = ApiClient.MAPPER.readTree(dismissed.body());
        assertThat(body.path("status").asText()).isEqualTo("dismissed");
        assertThat(body.path("jobID").asText()).isEqualTo(status.path("jobID").asText());
        assertThat(api.get(path).statusCode()).isEqualTo(404);
        assertThat(api.send("DELETE", path).statusCode()).isEqualTo(404);

        // The worker is free again once the dismissed run has stopped: the next job runs and succeeds.
        HttpResponse<byte[]> next = api.post("/processes/wait/execution", "{\"inputs\": {\"millis\": 0}}",
                "Prefer", ASYNC);
        JsonNode nextStatus = awaitJob(api, next.headers().firstValue("Location").orElseThrow());
        assertThat(nextStatus.path("status").asText()).isEqualTo("successful");
        assertThat(api.json("/jobs").path("jobs")).hasSize(1);
    }

    @Test
    void dismissQueuedJobNeverRuns() throws Exception {
        ApiClient api = start();
        HttpResponse<byte[]> running = api.post("/processes/wait/execution", "{\"inputs\": {\"millis\": 60000}}",
                "Prefer", ASYNC);
        HttpResponse<byte[]> queued = api.post("/processes/wait/execution", "{\"inputs\": {\"millis\": 0}}",
                "Prefer", ASYNC);
        String runningPath = running.headers().firstValue("Location").orElseThrow().substring(api.base().length());
        String queuedPath = queued.headers().firstValue("Location").orElseThrow().substring(api.base().length());
        assertThat(api.json(queuedPath).path("status").asText()).isEqualTo("accepted");

        assertThat(ApiClient.MAPPER.readTree(api.send("DELETE", queuedPath).body()).path("status").asText())
                .isEqualTo("dismissed");
        assertThat(api.send("DELETE", runningPath).statusCode()).isEqualTo(200);
        Thread.sleep(300);
        assertThat(api.get("/collections/wait_marker").statusCode()).isEqualTo(404);
        assertThat(api.json("/jobs").path("jobs")).isEmpty();
    }

    @Test
    void dismissFinishedJobKeepsLayers() throws Exception {
        ApiClient api = start();
        HttpResponse<byte[]> created = api.post("/processes/wait/execution", "{\"inputs\": {\"millis\": 0}}",
                "Prefer", ASYNC);
        String location = created.headers().firstValue("Location").orElseThrow();
        assertThat(awaitJob(api, location).path("status").asText()).isEqualTo("successful");
        String path = location.substring(api.base().length());

        HttpResponse<byte[]> dismissed = api.send("DELETE", path);
        assertThat(dismissed.statusCode()).isEqualTo(200);
        JsonNode body = ApiClient.MAPPER.readTree(dismissed.body());
        assertThat(body.path("status").asText()).isEqualTo("dismissed");
        assertThat(ApiClient.link(body, "http://www.opengis.net/def/rel/ogc/1.0/results")).isNull();
        assertThat(api.get(path + "/results").statusCode()).isEqualTo(404);
        assertThat(api.get("/collections/wait_marker").statusCode()).isEqualTo(200);
        HttpResponse<byte[]> afterDismiss = api.get(path, "Accept-Language", "en");
        assertThat(afterDismiss.statusCode()).isEqualTo(404);
        String dismissedDescription = ApiClient.MAPPER.readTree(afterDismiss.body()).path("description").asText();
        assertThat(dismissedDescription).contains("dismissed");
        assertThat(dismissedDescription).doesNotContain("restart");
    }

    @Test
    void jsonOnlyRoutesNameTheirFormat() throws Exception {
        ApiClient api = start();
        for (String path : List.of("/processes?f=html", "/jobs?f=html")) {
            HttpResponse<byte[]> response = api.get(path, "Accept-Language", "en");
            assertThat(response.statusCode()).as(path).isEqualTo(400);
            String description = ApiClient.MAPPER.readTree(response.body()).path("description").asText();
            assertThat(description).as(path).contains("JSON only");
            assertThat(description).as(path).doesNotContain("or html");
        }
        assertThat(api.get("/processes?f=json").statusCode()).isEqualTo(200);
    }

    @Test
    void dismissNeedsTokenAndKnownJob() throws Exception {
        ApiClient api = start(TestProject.create(), MapServerOptions.defaults().withAccessToken("s3cret"));
        assertThat(api.send("DELETE", "/jobs/no-such-job").statusCode()).isEqualTo(401);
        HttpResponse<byte[]> unknown = api.send("DELETE", "/jobs/no-such-job", "Authorization", "Bearer s3cret");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(ApiClient.MAPPER.readTree(unknown.body()).path("code").asText()).isEqualTo("NoSuchJob");
    }

    @Test
    void jobRetentionKeepsLastJobs() throws Exception {
        ApiClient api = start(TestProject.create(), MapServerOptions.defaults().withMaxJobs(2));
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            HttpResponse<byte[]> created = api.post("/processes/wait/execution", "{\"inputs\": {\"millis\": 0}}",
                    "Prefer", ASYNC);
            String location = created.headers().firstValue("Location").orElseThrow();
            assertThat(awaitJob(api, location).path("status").asText()).isEqualTo("successful");
            paths.add(location.substring(api.base().length()));
        }
        assertThat(api.json("/jobs").path("jobs")).hasSize(2);
        assertThat(api.get(paths.get(0)).statusCode()).isEqualTo(404);
        assertThat(api.get(paths.get(1)).statusCode()).isEqualTo(200);
        assertThat(api.get(paths.get(2)).statusCode()).isEqualTo(200);
    }
}
