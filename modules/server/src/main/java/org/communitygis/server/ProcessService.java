package org.communitygis.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.communitygis.core.CgisException;
import org.communitygis.core.Diagnostics;
import org.communitygis.core.i18n.Message;
import org.communitygis.core.progress.Progress;
import org.communitygis.core.store.ProjectStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OGC API – Processes Part 1 (OGC 18-062r2) resources for the registered {@link ProcessRunner}s, as JSON
 * trees without HTTP types: process list and descriptions, execution, job status and results.
 *
 * <p>Jobs run one at a time on a single worker thread; at most {@value #MAX_QUEUED} more wait, and a
 * further execute request gets HTTP 503. The last {@code maxJobs} jobs are kept in memory (the oldest
 * finished job is dropped first) and are lost when the server stops. {@link #dismiss} cancels a job
 * (OGC API – Processes Part 1, "dismiss"): a queued job never starts, a running one is interrupted at its
 * next progress step and its transaction rolled back, and the job is removed. Each job runs inside the
 * {@link ProjectUpdater}, so a failed job leaves the project unchanged. After a job succeeds, the
 * {@code onSuccess} callback lets the server re-read its layers.
 */
final class ProcessService implements AutoCloseable {
    /** Conformance classes of OGC API – Processes Part 1 that this service implements. */
    static final List<String> CONFORMANCE = List.of(
            "http://www.opengis.net/spec/ogcapi-processes-1/1.0/conf/core",
            "http://www.opengis.net/spec/ogcapi-processes-1/1.0/conf/ogc-process-description",
            "http://www.opengis.net/spec/ogcapi-processes-1/1.0/conf/json",
            "http://www.opengis.net/spec/ogcapi-processes-1/1.0/conf/job-list",
            "http://www.opengis.net/spec/ogcapi-processes-1/1.0/conf/dismiss");
    /** Jobs that may wait for the worker beside the running one. */
    static final int MAX_QUEUED = 8;

    private static final Logger LOG = LoggerFactory.getLogger(ProcessService.class);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String JSON = "application/json";

    private final Map<String, ProcessRunner> runners = new LinkedHashMap<>();
    private final ProjectUpdater updater;
    private final Consumer<List<String>> onSuccess;
    private final Map<String, Job> jobs = new LinkedHashMap<>();
    /**
     * Ids of the last {@code maxJobs} dismissed jobs, oldest first, guarded by the {@code jobs} lock. A 404
     * for one of them names the dismissal.
     */
    private final Set<String> dismissedIds = new LinkedHashSet<>();
    /** Jobs kept in memory, finished or not. */
    private final int maxJobs;
    private final ThreadPoolExecutor worker;

    /**
     * Creates the service.
     *
     * @param updater runs a job's work on the writable project in one transaction
     * @param runners the processes; ids must be unique
     * @param maxJobs number of jobs kept for {@code /jobs}, at least 1
     * @param onSuccess called on the worker thread with the layers a job wrote, after its transaction committed
     */
    ProcessService(ProjectUpdater updater, List<ProcessRunner> runners, int maxJobs,
            Consumer<List<String>> onSuccess) {
        if (maxJobs < 1) {
            throw new IllegalArgumentException("maxJobs must be at least 1, got " + maxJobs);
        }
        this.maxJobs = maxJobs;
        this.updater = updater;
        this.onSuccess = onSuccess;
        for (ProcessRunner runner : runners) {
            if (!runner.id().matches("[A-Za-z0-9_-]+")) {
                throw new IllegalArgumentException("Process id must contain only letters, digits, - and _, got "
                        + runner.id());
            }
            if (this.runners.putIfAbsent(runner.id(), runner) != null) {
                throw new IllegalArgumentException("Two processes have the id " + runner.id());
            }
        }
        this.worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(MAX_QUEUED),
                task -> {
                    Thread thread = new Thread(task, "cgis-process-worker");
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /** Returns {@code /processes}: the summary of every process. */
    ObjectNode list(RequestContext context) {
        ObjectNode root = NODES.objectNode();
        ArrayNode processes = root.putArray("processes");
        for (ProcessRunner runner : runners.values()) {
            processes.add(summary(context, runner));
        }
        ArrayNode links = root.putArray("links");
        links.add(link(context.url("/processes"), "self", JSON, message(context, "link.processes")));
        return root;
    }

    /** Returns {@code /processes/{id}}: the summary plus input and output descriptions as JSON Schemas. */
    ObjectNode describe(RequestContext context, String id) {
        ProcessRunner runner = runner(id);
        ObjectNode root = summary(context, runner);
        ObjectNode inputs = root.putObject("inputs");
        for (ProcessInput input : runner.inputs()) {
            ObjectNode description = inputs.putObject(input.name());
            description.put("title", input.title().apply(context.locale()));
            description.put("minOccurs", input.defaultValue() == null ? 1 : 0);
            description.put("maxOccurs", 1);
            description.set("schema", schema(input));
        }
        ObjectNode outputs = root.putObject("outputs");
        for (String layer : runner.outputLayers()) {
            ObjectNode description = outputs.putObject(layer);
            description.put("title", layer);
            ObjectNode schema = description.putObject("schema");
            schema.put("type", "object");
            schema.put("description", message(context, "process.outputSchema"));
        }
        return root;
    }

    /**
     * Validates an execute request and queues a job.
     *
     * @param body the request body, a JSON object with an {@code inputs} object (may be absent)
     * @return the queued job
     * @throws ApiException 404 for an unknown process, 400 naming the first invalid input, 503 when the
     *     queue is full
     */
    Job execute(String id, JsonNode body) {
        ProcessRunner runner = runner(id);
        if (body == null || !body.isObject()) {
            throw ApiException.badInput("process.body", id);
        }
        JsonNode given = body.path("inputs");
        if (!given.isMissingNode() && !given.isNull() && !given.isObject()) {
            throw ApiException.badInput("process.body", id);
        }
        Map<String, Object> inputs = ProcessInputs.validate(runner, given.isObject() ? (ObjectNode) given : null);
        Job job = new Job(UUID.randomUUID().toString(), runner, inputs);
        synchronized (jobs) {
            evictFinished();
            try {
                job.task = worker.submit(() -> run(job));
            } catch (RejectedExecutionException e) {
                LOG.warn("Process {} rejected: {} jobs already wait", id, MAX_QUEUED);
                throw ApiException.unavailable("process.queueFull", MAX_QUEUED);
            }
            jobs.put(job.id, job);
        }
        LOG.info("Job {} of process {} accepted with inputs {}", job.id, id, inputs);
        return job;
    }

    /**
     * Waits until {@code job} is finished or {@code millis} have passed.
     *
     * @return whether the job finished
     */
    boolean await(Job job, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        synchronized (job) {
            while (!job.status.finished()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(job, left);
            }
            return true;
        }
    }

    /** Returns {@code /jobs}: the status of every kept job, newest first. */
    ObjectNode jobList(RequestContext context) {
        List<Job> newestFirst;
        synchronized (jobs) {
            newestFirst = new ArrayList<>(jobs.values());
        }
        java.util.Collections.reverse(newestFirst);
        ObjectNode root = NODES.objectNode();
        ArrayNode list = root.putArray("jobs");
        for (Job job : newestFirst) {
            list.add(status(context, job));
        }
        root.putArray("links").add(link(context.url("/jobs"), "self", JSON, message(context, "link.jobs")));
        return root;
    }

    /**
     * Returns the job with {@code id}, or raises 404 when it is unknown, dropped or dismissed. The 404
     * message names a recent dismissal.
     */
    Job job(String id) {
        synchronized (jobs) {
            Job job = jobs.get(id);
            if (job == null && dismissedIds.contains(id)) {
                throw ApiException.of(404, "NoSuchJob", "job.dismissedGone", id);
            }
            if (job == null) {
                throw ApiException.of(404, "NoSuchJob", "job.notFound", id, maxJobs);
            }
            return job;
        }
    }

    /**
     * Dismisses the job with {@code id}: removes it, so later requests for it get 404, and cancels it. A
     * queued job never starts. A running job is interrupted, stops at its next progress step and its
     * transaction is rolled back, so the project stays unchanged. A finished job is only removed, and the
     * layers a successful job wrote stay in the project.
     *
     * @return the job, now with status {@code dismissed}
     * @throws ApiException 404 when the job is unknown or was dropped
     */
    Job dismiss(String id) {
        Job job;
        synchronized (jobs) {
            job = job(id);
            jobs.remove(id);
            dismissedIds.add(id);
            if (dismissedIds.size() > maxJobs) {
                dismissedIds.remove(dismissedIds.iterator().next());
            }
        }
        boolean cancel;
        synchronized (job) {
            cancel = !job.status.finished();
            job.status = Status.DISMISSED;
            job.updated = now();
            if (cancel) {
                job.finished = job.updated;
            }
            job.notifyAll();
        }
        if (cancel && job.task != null) {
            job.task.cancel(true);
        }
        LOG.info("Job {} of process {} dismissed{}", job.id, job.runner.id(), cancel ? " and cancelled" : "");
        return job;
    }

    /** Returns the status info of {@code job} ({@code statusInfo} of the standard). */
    ObjectNode status(RequestContext context, Job job) {
        ObjectNode root = NODES.objectNode();
        synchronized (job) {
            root.put("processID", job.runner.id());
            root.put("type", "process");
            root.put("jobID", job.id);
            root.put("status", job.status.jsonName);
            root.put("message", statusMessage(context, job));
            root.put("created", job.created.toString());
            if (job.started != null) {
                root.put("started", job.started.toString());
            }
            if (job.finished != null) {
                root.put("finished", job.finished.toString());
            }
            root.put("updated", job.updated.toString());
            root.put("progress", job.percent);
            if (job.warnings > 0) {
                root.put("warnings", job.warnings);
            }
            ArrayNode links = root.putArray("links");
            links.add(link(context.url("/jobs/" + job.id), "self", JSON, message(context, "link.job")));
            if (job.status == Status.SUCCESSFUL) {
                links.add(link(context.url("/jobs/" + job.id + "/results"),
                        "http://www.opengis.net/def/rel/ogc/1.0/results", JSON, message(context, "link.results")));
            }
        }
        return root;
    }

    /**
     * Returns {@code /jobs/{id}/results}: for each layer the job wrote, a link to the collection or raster.
     *
     * @param isCollection whether a layer name is a vector collection (else it is served under {@code /rasters})
     * @throws ApiException 404 while the job has not finished; the job's error when it failed
     */
    ObjectNode results(RequestContext context, Job job, Predicate<String> isCollection) {
        List<String> layers;
        synchronized (job) {
            if (job.status == Status.FAILED) {
                throw failure(job);
            }
            if (job.status != Status.SUCCESSFUL) {
                throw ApiException.of(404, "ResultNotReady", "job.notReady", job.id, job.status.jsonName);
            }
            layers = job.resultLayers;
        }
        ObjectNode root = NODES.objectNode();
        for (String layer : layers) {
            if (isCollection.test(layer)) {
                root.set(layer, link(context.url("/collections/" + layer), null, JSON, layer));
            } else {
                root.set(layer, link(context.url("/rasters/" + layer + ".png"), null, "image/png", layer));
            }
        }
        return root;
    }

    /** Returns the error a failed job's results and synchronous execution send: 400 for project and input errors. */
    ApiException failure(Job job) {
        synchronized (job) {
            if (job.error != null) {
                return ApiException.failed(400, job.error);
            }
            return ApiException.failed(500, new Message(ServerMessages.BUNDLE, "job.internalError",
                    new Object[] {job.errorType}));
        }
    }

    /** Stops the worker: the running job is interrupted, queued jobs never start. */
    @Override
    public void close() {
        worker.shutdownNow();
    }

    private void run(Job job) {
        synchronized (job) {
            if (job.status != Status.ACCEPTED) {
                return;
            }
            job.status = Status.RUNNING;
            job.started = now();
            job.updated = job.started;
        }
        LOG.info("Job {} of process {} started", job.id, job.runner.id());
        Diagnostics diagnostics = new Diagnostics(warning -> {
            synchronized (job) {
                job.warnings++;
            }
        });
        try {
            List<String> written = updater.update(store -> runChecked(job, store, diagnostics));
            List<String> layers = written == null ? List.of() : List.copyOf(written);
            onSuccess.accept(layers);
            finish(job, Status.SUCCESSFUL, layers, null, null);
            LOG.info("Job {} of process {} successful: layers {}, {} warnings", job.id, job.runner.id(), layers,
                    job.warnings);
        } catch (CgisException e) {
            if (finish(job, Status.FAILED, List.of(), e.message(), null)) {
                LOG.warn("Job {} of process {} failed: {}", job.id, job.runner.id(), e.getMessage());
            } else {
                LOG.info("Job {} of process {} stopped after it was dismissed; the project is unchanged", job.id,
                        job.runner.id());
            }
        } catch (RuntimeException | Error e) {
            finish(job, Status.FAILED, List.of(), null, e.getClass().getSimpleName());
            LOG.error("Job {} of process {} failed", job.id, job.runner.id(), e);
        }
    }

    private List<String> runChecked(Job job, ProjectStore store, Diagnostics diagnostics) {
        return job.runner.run(store, job.inputs, new JobProgress(job), diagnostics);
    }

    /**
     * Records the end of a job's run, unless it was dismissed meanwhile.
     *
     * @return whether the status was recorded
     */
    private static boolean finish(Job job, Status status, List<String> layers, Message error, String errorType) {
        synchronized (job) {
            if (job.status == Status.DISMISSED) {
                return false;
            }
            job.status = status;
            job.resultLayers = layers;
            job.error = error;
            job.errorType = errorType;
            job.finished = now();
            job.updated = job.finished;
            if (status == Status.SUCCESSFUL) {
                job.percent = 100;
            }
            job.notifyAll();
            return true;
        }
    }

    /** Drops the oldest finished jobs while the map is full; caller holds the {@code jobs} lock. */
    private void evictFinished() {
        Iterator<Job> oldestFirst = jobs.values().iterator();
        while (jobs.size() >= maxJobs && oldestFirst.hasNext()) {
            Job job = oldestFirst.next();
            boolean finished;
            synchronized (job) {
                finished = job.status.finished();
            }
            if (finished) {
                oldestFirst.remove();
            }
        }
    }

    private String statusMessage(RequestContext context, Job job) {
        return switch (job.status) {
            case ACCEPTED -> message(context, "job.accepted");
            case RUNNING -> job.step == null ? message(context, "job.running", job.percent)
                    : message(context, "job.runningStep", job.step, job.percent);
            case SUCCESSFUL -> message(context, "job.successful", String.join(", ", job.resultLayers), job.warnings);
            case FAILED -> job.error != null
                    ? job.error.bundle().format(context.locale(), job.error.key(), job.error.args())
                    : message(context, "job.internalError", job.errorType);
            case DISMISSED -> message(context, "job.dismissed");
        };
    }

    private ProcessRunner runner(String id) {
        ProcessRunner runner = runners.get(id);
        if (runner == null) {
            String known = runners.isEmpty() ? "-" : String.join(", ", runners.keySet());
            throw ApiException.of(404, "NoSuchProcess", "process.notFound", id, known);
        }
        return runner;
    }

    private ObjectNode summary(RequestContext context, ProcessRunner runner) {
        ObjectNode node = NODES.objectNode();
        node.put("id", runner.id());
        node.put("title", runner.title(context.locale()));
        node.put("description", runner.description(context.locale()));
        node.put("version", "1.0.0");
        ArrayNode control = node.putArray("jobControlOptions");
        control.add("async-execute");
        control.add("sync-execute");
        control.add("dismiss");
        node.putArray("outputTransmission").add("reference");
        ArrayNode links = node.putArray("links");
        String path = "/processes/" + runner.id();
        links.add(link(context.url(path), "self", JSON, runner.title(context.locale())));
        links.add(link(context.url(path + "/execution"), "http://www.opengis.net/def/rel/ogc/1.0/execute", JSON,
                message(context, "link.execute")));
        return node;
    }

    private static ObjectNode schema(ProcessInput input) {
        ObjectNode schema = NODES.objectNode();
        schema.put("type", input.type().jsonName());
        if (input.minimum() != null) {
            schema.put("minimum", input.minimum());
        }
        if (input.maximum() != null) {
            schema.put("maximum", input.maximum());
        }
        if (!input.allowedValues().isEmpty()) {
            ArrayNode values = schema.putArray("enum");
            input.allowedValues().forEach(values::add);
        }
        Object value = input.defaultValue();
        if (value instanceof Boolean flag) {
            schema.put("default", flag);
        } else if (value instanceof Long whole) {
            schema.put("default", whole);
        } else if (value instanceof Number number) {
            schema.put("default", number.doubleValue());
        } else if (value != null) {
            schema.put("default", value.toString());
        }
        return schema;
    }

    private static ObjectNode link(String href, String rel, String type, String title) {
        ObjectNode link = NODES.objectNode();
        link.put("href", href);
        if (rel != null) {
            link.put("rel", rel);
        }
        link.put("type", type);
        link.put("title", title);
        return link;
    }

    private static String message(RequestContext context, String key, Object... args) {
        return ServerMessages.BUNDLE.format(context.locale(), key, args);
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    /** Job states of the standard's {@code statusCode}. */
    enum Status {
        ACCEPTED("accepted"), RUNNING("running"), SUCCESSFUL("successful"), FAILED("failed"),
        DISMISSED("dismissed");

        private final String jsonName;

        Status(String jsonName) {
            this.jsonName = jsonName;
        }

        boolean finished() {
            return this == SUCCESSFUL || this == FAILED || this == DISMISSED;
        }
    }

    /** One execution of a process; fields are guarded by the job's own lock. */
    static final class Job {
        final String id;
        final ProcessRunner runner;
        final Map<String, Object> inputs;
        final Instant created = now();
        Status status = Status.ACCEPTED;
        Instant started;
        Instant finished;
        Instant updated = created;
        int percent;
        String step;
        int warnings;
        List<String> resultLayers = List.of();
        Message error;
        String errorType;
        /** The queued run on the worker, cancelled by {@link #dismiss}; set under the {@code jobs} lock. */
        volatile Future<?> task;

        Job(String id, ProcessRunner runner, Map<String, Object> inputs) {
            this.id = id;
            this.runner = runner;
            this.inputs = inputs;
        }

        /** Returns the job id, a random UUID. */
        String id() {
            return id;
        }

        /** Returns whether the job succeeded; false while it runs. */
        synchronized boolean successful() {
            return status == Status.SUCCESSFUL;
        }
    }

    /**
     * Turns the runner's progress reports into the job's percentage. The number of steps is not known in
     * advance, so the percentage is that of the current step, capped at 99 until the job succeeds.
     */
    private static final class JobProgress implements Progress {
        private final Job job;
        private long total;

        JobProgress(Job job) {
            this.job = job;
        }

        @Override
        public void begin(String step, long total) {
            this.total = total;
            synchronized (job) {
                job.step = step;
                job.percent = 0;
                job.updated = now();
            }
            if (Thread.currentThread().isInterrupted()) {
                throw new CgisException(ServerMessages.BUNDLE, "job.stopped", job.id);
            }
        }

        @Override
        public void worked(long done) {
            if (total <= 0) {
                return;
            }
            int percent = (int) Math.min(99, Math.max(0, done * 100 / total));
            synchronized (job) {
                if (percent != job.percent) {
                    job.percent = percent;
                    job.updated = now();
                }
            }
        }

        @Override
        public void end() {
            synchronized (job) {
                job.percent = 99;
                job.updated = now();
            }
        }
    }
}
