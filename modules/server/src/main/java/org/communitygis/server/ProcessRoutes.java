package org.communitygis.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;
import spark.Request;
import spark.Response;
import spark.Service;

/**
 * The HTTP routes of OGC API – Processes: {@code GET /processes}, {@code GET /processes/{id}},
 * {@code POST /processes/{id}/execution}, {@code GET /jobs}, {@code GET /jobs/{jobId}},
 * {@code DELETE /jobs/{jobId}} (dismiss: cancel and remove the job) and {@code GET /jobs/{jobId}/results}.
 * They exist only when the server has processes.
 *
 * <p>Execution is asynchronous when the request sends {@code Prefer: respond-async}: the response is 201
 * Created with {@code Location: /jobs/{jobId}} and the job's status. Without it the request waits up to
 * the server's request time limit and returns the results document (200); a job still running then gets
 * the asynchronous response, so a client must handle 201 in either case.
 *
 * <p>The OpenAPI document at {@code /api} describes these paths ({@code openapi.json}) when the server has
 * processes.
 */
final class ProcessRoutes {
    private static final String JSON = "application/json";
    /** Parser of request bodies; a configured Jackson mapper is thread-safe. */
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> FORMAT_ONLY = Set.of(QueryParameters.FORMAT);

    private ProcessRoutes() {
    }

    static void define(Service service, MapServer server) {
        ProcessService processes = server.processes();
        if (processes == null) {
            return;
        }
        service.get("/processes", (request, response) -> {
            RequestContext context = jsonOnly(server, request, response);
            return server.json(processes.list(context));
        });
        service.get("/processes/:id", (request, response) -> {
            RequestContext context = jsonOnly(server, request, response);
            return server.json(processes.describe(context, request.params(":id")));
        });
        service.post("/processes/:id/execution", (request, response) -> execute(server, processes, request,
                response));
        service.get("/jobs", (request, response) -> {
            RequestContext context = jsonOnly(server, request, response);
            return server.json(processes.jobList(context));
        });
        service.get("/jobs/:jobId", (request, response) -> {
            RequestContext context = jsonOnly(server, request, response);
            return server.json(processes.status(context, processes.job(request.params(":jobId"))));
        });
        service.delete("/jobs/:jobId", (request, response) -> {
            RequestContext context = jsonOnly(server, request, response);
            return server.json(processes.status(context, processes.dismiss(request.params(":jobId"))));
        });
        service.get("/jobs/:jobId/results", (request, response) -> {
            RequestContext context = jsonOnly(server, request, response);
            ProcessService.Job job = processes.job(request.params(":jobId"));
            return server.json(processes.results(context, job, server::isCollection));
        });
    }

    private static Object execute(MapServer server, ProcessService processes, Request request, Response response)
            throws IOException, InterruptedException {
        QueryParameters.parse(request.queryString()).requireOnly(Set.of());
        String id = request.params(":id");
        JsonNode body = parseBody(request, id);
        ProcessService.Job job = processes.execute(id, body);
        RequestContext context = server.context(request);
        String prefer = request.headers("Prefer");
        boolean async = prefer != null && prefer.toLowerCase(java.util.Locale.ROOT).contains("respond-async");
        if (!async && processes.await(job, server.options().requestTimeLimitMillis())) {
            if (!job.successful()) {
                throw processes.failure(job);
            }
            response.type(JSON);
            return server.json(processes.results(context, job, server::isCollection));
        }
        if (async) {
            response.header("Preference-Applied", "respond-async");
        }
        response.status(201);
        response.header("Location", context.url("/jobs/" + job.id()));
        response.type(JSON);
        return server.json(processes.status(context, job));
    }

    /** Reads the body up to {@link MapServer#MAX_BODY_BYTES} and parses it as JSON; empty means no inputs. */
    private static JsonNode parseBody(Request request, String processId) throws IOException {
        long declared = request.raw().getContentLengthLong();
        if (declared > MapServer.MAX_BODY_BYTES) {
            throw ApiException.tooLarge(MapServer.MAX_BODY_BYTES);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (InputStream in = request.raw().getInputStream()) {
            byte[] buffer = new byte[8192];
            int read;
            while ((read = in.read(buffer)) >= 0) {
                bytes.write(buffer, 0, read);
                if (bytes.size() > MapServer.MAX_BODY_BYTES) {
                    throw ApiException.tooLarge(MapServer.MAX_BODY_BYTES);
                }
            }
        }
        if (bytes.size() == 0) {
            return MAPPER.createObjectNode();
        }
        try {
            return MAPPER.readTree(bytes.toByteArray());
        } catch (JsonProcessingException e) {
            throw ApiException.badInput("process.json", processId, e.getOriginalMessage());
        }
    }

    private static RequestContext jsonOnly(MapServer server, Request request, Response response) {
        QueryParameters parameters = QueryParameters.parse(request.queryString()).requireOnly(FORMAT_ONLY);
        String format = parameters.get(QueryParameters.FORMAT);
        if (format != null && !format.equals("json")) {
            throw ApiException.badParameter("param.formatJson", format);
        }
        response.type(JSON);
        return server.context(request);
    }
}
