package org.communitygis.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.servlet.http.HttpServletResponse;
import org.communitygis.core.CgisException;
import org.communitygis.core.i18n.MessageBundle;
import org.communitygis.core.i18n.UserLocale;
import org.communitygis.core.store.ProjectStore;
import org.communitygis.core.store.StoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import spark.Request;
import spark.Response;
import spark.Route;
import spark.Service;

/**
 * The map server: OGC API – Features, vector tiles, raster overlays and the Leaflet viewer on one
 * embedded Jetty (Spark {@link Service} instance, so several servers can run in one JVM).
 *
 * <p>Routes: {@code /} (landing), {@code /conformance}, {@code /api} (OpenAPI 3.0),
 * {@code /collections}, {@code /collections/{id}}, {@code /collections/{id}/items},
 * {@code /collections/{id}/items/{featureId}} (the id may contain {@code /} or {@code %2F}),
 * {@code /collections/{id}/queryables}, {@code /collections/{id}/schema}, {@code /collections/{id}/tiles},
 * {@code /collections/{id}/tiles/WebMercatorQuad}, {@code …/WebMercatorQuad/tilejson.json},
 * {@code …/WebMercatorQuad/{z}/{y}/{x}}, {@code /rasters}, {@code /rasters/{name}.png} and the viewer
 * under {@code /viewer/}. With {@link #withProcesses}, OGC API – Processes adds {@code /processes} and
 * {@code /jobs} (see {@link ProcessRoutes}). The routes only translate HTTP; {@link FeatureService},
 * {@link VectorTiles}, {@link RasterService} and {@link ProcessService} do the work.
 *
 * <p>Errors are JSON {@code {"code": ..., "description": ...}} with status 400, 401, 404, 413, 500 or 503,
 * the last also when the store's database server is not reachable ({@link StoreUnavailableException}). The
 * description is in the language of the request's {@code Accept-Language} when it names Chinese or
 * English, else in {@link UserLocale}. Responses of 1 KiB or more are gzip-compressed at level 1 when the
 * client accepts gzip, except PNGs and the Processes routes (see {@link GzipEncoding}). Items, single
 * features and tiles carry an {@code ETag}, with {@code -gzip} appended for the compressed variant, and a
 * matching {@code If-None-Match} gets 304 Not Modified. API responses send {@code Vary: Accept,
 * Accept-Language, Accept-Encoding} and {@code Content-Language}. Tiles, PNGs and viewer files vary only by
 * {@code Accept-Encoding}. CORS headers are sent only to origins on the
 * {@link MapServerOptions#allowedOrigins()} list. Requests other than GET, HEAD and OPTIONS need the
 * access token when one is set, and binding an address other than loopback requires one.
 *
 * <p>Life cycle: the constructor reads the vector layers, and {@link #reloadLayers} reads them again;
 * {@link #start} binds the port; {@link #stop} releases it. The store is not closed by this class and must stay open while the server runs, because
 * rasters are read on first request. A stopped server cannot be started again: create a new one.
 */
public final class MapServer implements AutoCloseable {
    /** Host the server binds when none is given: loopback only. */
    public static final String DEFAULT_HOST = "127.0.0.1";

    private static final Logger LOG = LoggerFactory.getLogger(MapServer.class);
    private static final String JSON = "application/json";
    private static final String HTML = "text/html; charset=utf-8";
    private static final Set<String> NO_PARAMETERS = Set.of();

    /**
     * Maximum number of Jetty threads. It is above the connection count that browsers and load tests use
     * (6 per browser tab, 32 in the bench), because a connection without a thread waits in the selector,
     * which serves waiting connections in no fair order. Layers read per request are built a few pages
     * at a time in arrival order ({@link FeatureService}), so the threads mostly wait.
     */
    static final int MAX_THREADS = 64;
    /** {@code Retry-After} of a 503 sent while the store's database server is not reachable, seconds. */
    static final long STORE_RETRY_AFTER_SECONDS = 5;

    /** Largest accepted request body, bytes; a larger one gets HTTP 413. */
    public static final int MAX_BODY_BYTES = 64 * 1024;

    private final String projectName;
    private final MapServerOptions options;
    private final ProjectStore initialStore;
    private volatile ProjectStore store;
    private Supplier<ProjectStore> reopen;
    /** Stores that {@link #reloadLayers} replaced and will close after {@link #retiredStoreGraceMillis}; guarded by this. */
    private final List<ProjectStore> retiring = new ArrayList<>();
    /** Closes retired stores; created by the first reload. Guarded by this. */
    private ScheduledExecutorService closer;
    private volatile VectorTiles tiles;
    private volatile String dataVersion;
    private volatile FeatureService features;
    private volatile RasterService rasters;
    private ProcessService processes;
    private final StaticResources viewer = new StaticResources();
    /**
     * Writes doubles with Jackson's Schubfach writer instead of {@link Double#toString}, whose dtoa was the
     * largest single cost in a profile of pages read per request. It writes the shortest decimal that
     * reads back as the same double.
     */
    private final ObjectMapper mapper = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
            .enable(com.fasterxml.jackson.core.StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build());
    private final OpenApi openApi = new OpenApi(mapper);

    private Service http;
    private volatile String host;
    private volatile int port = -1;
    private boolean stopped;
    private volatile Exception startFailure;

    /**
     * Prepares a server for {@code store}: reads and indexes every vector layer, lists the rasters.
     *
     * @param store the open project; it must stay open until {@link #stop()}
     * @param projectName title of the API and the viewer, e.g. the project file name without extension
     */
    public MapServer(ProjectStore store, String projectName) {
        this(store, projectName, MapServerOptions.defaults());
    }

    /**
     * Prepares a server for {@code store} with CORS origins, an access token and a request time limit.
     *
     * @param store the open project; it must stay open until {@link #stop()}
     * @param projectName title of the API and the viewer
     * @param options CORS, token and time limit settings
     */
    public MapServer(ProjectStore store, String projectName, MapServerOptions options) {
        this.projectName = projectName;
        this.options = options;
        this.initialStore = store;
        this.store = store;
        loadLayers();
    }

    /**
     * Offers {@code runners} through OGC API – Processes ({@code /processes}, {@code /jobs}). Each job runs
     * inside {@code updater}; after it succeeds the server calls {@code reopen} for a store that reads the
     * committed writes and re-reads every layer from it. A GeoPackage update replaces the file, so an open
     * read-only connection keeps reading the old file: {@code reopen} must open the project again. Stores
     * that {@code reopen} returns, other than the constructor's store, are closed by the server when it
     * replaces them or stops.
     *
     * @param updater runs a job on the writable project in one transaction
     * @param reopen returns a read-only store that reads the latest committed state; may return the same
     *     instance each time, e.g. a {@code MemoryStore}
     * @param runners the processes
     * @return this server
     * @throws IllegalStateException after {@link #start} or when processes were already set
     * @throws IllegalArgumentException when two runners share an id or an id has characters other than
     *     letters, digits, {@code -} and {@code _}
     */
    public synchronized MapServer withProcesses(ProjectUpdater updater, Supplier<ProjectStore> reopen,
            List<ProcessRunner> runners) {
        if (http != null || stopped || processes != null) {
            throw new IllegalStateException("Processes must be set once, before the map server starts");
        }
        this.reopen = reopen;
        processes = new ProcessService(updater, runners, options.maxJobs(), written -> reloadLayers());
        return this;
    }

    /**
     * Re-reads the vector and raster layers, from a newly opened store when processes gave a way to reopen
     * it, so responses show layers that processes or other programs wrote. Entity tags change, so clients
     * fetch again.
     */
    public synchronized void reloadLayers() {
        if (stopped) {
            return;
        }
        ProjectStore previous = store;
        RasterService previousRasters = rasters;
        if (reopen != null) {
            store = reopen.get();
        }
        loadLayers();
        if (previous != store && previous != initialStore) {
            // Requests that fetched the old services just before the swap may still read the old store, so it
            // is closed once they have had time to finish.
            retiring.add(previous);
            if (closer == null) {
                closer = Executors.newSingleThreadScheduledExecutor(task -> {
                    Thread thread = new Thread(task, "cgis-retired-store-closer");
                    thread.setDaemon(true);
                    return thread;
                });
            }
            closer.schedule(() -> closeRetired(previous, previousRasters), retiredStoreGraceMillis(),
                    TimeUnit.MILLISECONDS);
        }
        LOG.info("Map server for project {} re-read its layers", projectName);
    }

    /**
     * Returns how long a replaced store stays open: twice the request time limit plus 1 s, since requests
     * check their deadline between steps and may overrun it by one step.
     * NOTE: a request that still reads the replaced store after this time fails once with HTTP 500.
     */
    private long retiredStoreGraceMillis() {
        return 2 * options.requestTimeLimitMillis() + 1000;
    }

    /** Closes a store that {@link #reloadLayers} replaced, unless {@link #stop} closed it already. */
    private void closeRetired(ProjectStore retired, RasterService retiredRasters) {
        synchronized (this) {
            if (!retiring.removeIf(candidate -> candidate == retired)) {
                return;
            }
        }
        // render() holds this lock while it reads, so no rendering is under way when the store closes.
        synchronized (retiredRasters) {
            retired.close();
        }
    }

    private void loadLayers() {
        FeatureService loadedFeatures = new FeatureService(store, projectName, options.maxHeldFeatures());
        RasterService loadedRasters = new RasterService(store);
        this.tiles = new VectorTiles(loadedFeatures, store, options.tileCacheTiles());
        this.rasters = loadedRasters;
        this.features = loadedFeatures;
        this.dataVersion = Long.toHexString(System.nanoTime() ^ System.identityHashCode(loadedFeatures));
    }

    /**
     * Starts listening on {@link #DEFAULT_HOST}.
     *
     * @see #start(String, int)
     */
    public MapServer start(int port) {
        return start(DEFAULT_HOST, port);
    }

    /**
     * Starts listening and returns when the port is bound.
     *
     * @param host address to bind, e.g. {@code 127.0.0.1}, or {@code 0.0.0.0} to serve the network
     * @param port TCP port, or 0 for a free port ({@link #port()} then returns the chosen one)
     * @throws CgisException when the port cannot be bound (in use, no permission), the port is out of range,
     *     or {@code host} is not loopback and no access token is set
     * @throws IllegalStateException when the server was already started
     */
    public synchronized MapServer start(String host, int port) {
        if (http != null || stopped) {
            throw new IllegalStateException("Map server already started; create a new MapServer to serve again");
        }
        if (port < 0 || port > 65535) {
            throw new CgisException(ServerMessages.BUNDLE, "server.portRange", port);
        }
        if (!isLoopback(host) && options.accessToken() == null) {
            throw new CgisException(ServerMessages.BUNDLE, "server.tokenRequired", host);
        }
        this.host = host;
        http = Service.ignite().ipAddress(host).port(port).threadPool(MAX_THREADS, 2, 30_000);
        http.initExceptionHandler(e -> startFailure = e);
        defineRoutes(http);
        http.awaitInitialization();
        if (startFailure != null) {
            Exception failure = startFailure;
            http.stop();
            http.awaitStop();
            http = null;
            stopped = true;
            throw new CgisException(failure, ServerMessages.BUNDLE, "server.startFailed", host, port,
                    String.valueOf(failure.getMessage()));
        }
        this.port = http.port();
        LOG.info("Map server for project {} listening on {} (viewer {}viewer/)", projectName, url(), url());
        return this;
    }

    /** Stops the server and waits until the port is released; does nothing when not running. */
    public synchronized void stop() {
        if (http == null) {
            return;
        }
        String address = url();
        if (processes != null) {
            processes.close();
        }
        http.stop();
        http.awaitStop();
        http = null;
        stopped = true;
        if (closer != null) {
            closer.shutdownNow();
        }
        retiring.forEach(ProjectStore::close);
        retiring.clear();
        if (store != initialStore) {
            store.close();
        }
        LOG.info("Map server on {} stopped", address);
    }

    /** Stops the server and its process worker; the store stays open. */
    @Override
    public void close() {
        stop();
    }

    /**
     * Returns the bound port.
     *
     * @throws IllegalStateException before {@link #start}
     */
    public int port() {
        if (port < 0) {
            throw new IllegalStateException("Map server not started");
        }
        return port;
    }

    /** Returns the base URL with a trailing slash, e.g. {@code http://127.0.0.1:8080/}. */
    public String url() {
        String hostPart = host.contains(":") ? "[" + host + "]" : host;
        return "http://" + hostPart + ":" + port() + "/";
    }

    /**
     * Returns whether {@code host} is a loopback address ({@code 127.0.0.0/8}, {@code ::1} or
     * {@code localhost}); the check reads the text only and does not resolve names.
     */
    public static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        String text = host.trim().toLowerCase(Locale.ROOT);
        return text.equals("localhost") || text.startsWith("127.") || text.equals("::1") || text.equals("[::1]")
                || text.equals("0:0:0:0:0:0:0:1");
    }

    /** Returns whether the server is listening. */
    public synchronized boolean isRunning() {
        return http != null;
    }

    /** Returns the feature service behind the API; {@link #reloadLayers} replaces it. */
    public FeatureService features() {
        return features;
    }

    private void defineRoutes(Service service) {
        get(service, "/", (request, response) -> resource(request, response, NO_PARAMETERS,
                this::landing, HtmlPages::landing));
        get(service, "/conformance", (request, response) -> resource(request, response, NO_PARAMETERS,
                this::conformance, HtmlPages::conformance));
        get(service, "/api", (request, response) -> {
            QueryParameters.parse(request.queryString()).requireOnly(NO_PARAMETERS);
            response.type(FeatureService.OPENAPI);
            return json(openApi.document(context(request), projectName, features, rasters.names(),
                    processes != null));
        });
        get(service, "/collections", (request, response) -> resource(request, response, NO_PARAMETERS,
                context -> features.collections(context), HtmlPages::collections));
        get(service, "/collections/:id", (request, response) -> resource(request, response, NO_PARAMETERS,
                context -> features.collection(context, request.params(":id")), HtmlPages::collection));
        get(service, "/collections/:id/items", this::items);
        get(service, "/collections/:id/items/*", this::item);
        get(service, "/collections/:id/queryables", (request, response) -> {
            QueryParameters parameters = QueryParameters.parse(request.queryString());
            parameters.requireOnly(withFormat(NO_PARAMETERS));
            RequestContext context = context(request);
            ObjectNode schema = features.queryables(context, request.params(":id"));
            if (parameters.format(request.headers("Accept")) == QueryParameters.Format.HTML) {
                response.type(HTML);
                return HtmlPages.queryables(context, schema);
            }
            response.type(FeatureService.SCHEMA_JSON);
            return json(schema);
        });
        get(service, "/collections/:id/schema", (request, response) -> {
            QueryParameters.parse(request.queryString()).requireOnly(NO_PARAMETERS);
            response.type(FeatureService.SCHEMA_JSON);
            return json(features.schema(context(request), request.params(":id")));
        });
        get(service, "/collections/:id/tiles", (request, response) -> {
            QueryParameters.parse(request.queryString()).requireOnly(NO_PARAMETERS);
            response.type(JSON);
            return json(tiles.tilesets(context(request), request.params(":id")));
        });
        get(service, "/collections/:id/tiles/" + VectorTiles.TILE_MATRIX_SET, (request, response) -> {
            QueryParameters.parse(request.queryString()).requireOnly(NO_PARAMETERS);
            response.type(JSON);
            return json(tiles.tileset(context(request), request.params(":id")));
        });
        get(service, "/collections/:id/tiles/" + VectorTiles.TILE_MATRIX_SET + "/tilejson.json", (request, response) -> {
            QueryParameters.parse(request.queryString()).requireOnly(NO_PARAMETERS);
            response.type(JSON);
            return json(tiles.tileJson(context(request), request.params(":id")));
        });
        get(service, "/collections/:id/tiles/" + VectorTiles.TILE_MATRIX_SET + "/:z/:y/:x", this::tile);
        get(service, "/rasters", (request, response) -> {
            QueryParameters.parse(request.queryString()).requireOnly(NO_PARAMETERS);
            response.type(JSON);
            return json(rasters.list(context(request)));
        });
        get(service, "/rasters/:file", (request, response) -> {
            String file = request.params(":file");
            if (!file.endsWith(".png")) {
                throw ApiException.notFound("path.notFound", request.pathInfo());
            }
            byte[] png = rasters.png(file.substring(0, file.length() - ".png".length()));
            response.type("image/png");
            return png;
        });
        ProcessRoutes.define(service, this);
        get(service, "/viewer", (request, response) -> {
            response.redirect("/viewer/", 301);
            return "";
        });
        get(service, "/viewer/", (request, response) -> staticFile(request, response, ""));
        get(service, "/viewer/*", (request, response) -> staticFile(request, response,
                String.join("/", request.splat())));

        service.before((request, response) -> {
            setResponseHeaders(request, response);
            checkToken(request);
        });
        service.options("/*", (request, response) -> {
            response.status(204);
            return "";
        });
        service.exception(ApiException.class, (error, request, response) -> {
            LOG.info("{} {} -> {}: {}", request.requestMethod(), request.uri(), error.status(), error.getMessage());
            setResponseHeaders(request, response);
            if (error.status() == 503) {
                response.header("Retry-After", "60");
            }
            error(request, response, error.status(), error.code(), error.message().bundle(), error.message().key(),
                    error.message().args());
        });
        service.exception(StoreUnavailableException.class, (error, request, response) -> {
            // The store logs the outage once; a line per request would flood the log while it lasts.
            LOG.debug("{} {} -> 503: {}", request.requestMethod(), request.uri(), error.getMessage());
            setResponseHeaders(request, response);
            response.header("Retry-After", Long.toString(STORE_RETRY_AFTER_SECONDS));
            // The store's message names the database host, which clients need not see.
            error(request, response, 503, "ServiceUnavailable", ServerMessages.BUNDLE, "server.storeUnavailable");
        });
        service.exception(Exception.class, (error, request, response) -> {
            LOG.error("{} {} failed", request.requestMethod(), request.uri(), error);
            String reason = error instanceof CgisException cgis
                    ? cgis.message().bundle().format(locale(request), cgis.message().key(), cgis.message().args())
                    : error.getClass().getSimpleName();
            error(request, response, 500, "ServerError", ServerMessages.BUNDLE, "server.error", reason);
        });
        service.notFound((request, response) -> {
            LOG.info("{} {} -> 404: no such path", request.requestMethod(), request.uri());
            response.type(JSON);
            return errorBody(locale(request), ApiException.NOT_FOUND, ServerMessages.BUNDLE, "path.notFound",
                    request.pathInfo());
        });
    }

    /** Adds a GET route whose responses {@link #compressed} sends. */
    private void get(Service service, String path, Route route) {
        service.get(path, compressed(route));
    }

    private Object resource(Request request, Response response, Set<String> allowed,
            Function<RequestContext, ObjectNode> build, HtmlView view) throws JsonProcessingException {
        QueryParameters parameters = QueryParameters.parse(request.queryString());
        parameters.requireOnly(withFormat(allowed));
        QueryParameters.Format format = parameters.format(request.headers("Accept"));
        RequestContext context = context(request);
        ObjectNode node = build.apply(context);
        if (format == QueryParameters.Format.HTML) {
            response.type(HTML);
            return view.render(context, node);
        }
        response.type(JSON);
        return json(node);
    }

    private Object items(Request request, Response response) throws IOException {
        QueryParameters parameters = QueryParameters.parse(request.queryString());
        RequestContext context = context(request);
        String id = request.params(":id");
        QueryParameters.Format format = parameters.format(request.headers("Accept"));
        if (format == QueryParameters.Format.HTML) {
            ObjectNode page = features.items(context, id, parameters);
            String title = features.collection(context, id).path("title").asText(id);
            String html = HtmlPages.items(context, title, page, ItemQuery.offset(parameters));
            return send(request, response, HTML, html.getBytes(StandardCharsets.UTF_8), weakTag(request, format));
        }
        byte[] page = features.itemsJson(context, id, parameters, mapper);
        response.header("Content-Crs", features.responseCrs(id, parameters).contentCrsHeader());
        return send(request, response, FeatureService.GEOJSON, page, weakTag(request, format));
    }

    private Object item(Request request, Response response) throws IOException {
        QueryParameters parameters = QueryParameters.parse(request.queryString());
        RequestContext context = context(request);
        String id = request.params(":id");
        String featureId = rawFeatureId(request);
        ObjectNode feature = features.item(context, id, featureId, parameters);
        response.header("Content-Crs", features.responseCrs(id, parameters).contentCrsHeader());
        QueryParameters.Format format = parameters.format(request.headers("Accept"));
        if (format == QueryParameters.Format.HTML) {
            String title = features.collection(context, id).path("title").asText(id);
            String html = HtmlPages.item(context, title, feature);
            return send(request, response, HTML, html.getBytes(StandardCharsets.UTF_8), weakTag(request, format));
        }
        return send(request, response, FeatureService.GEOJSON, json(feature), weakTag(request, format));
    }

    /**
     * Returns the feature id as the client wrote it, percent-decoded once: everything after
     * {@code /items/} in the raw request path, so an id may contain {@code /} either literally or as
     * {@code %2F}. A {@code +} stays a plus sign because it only means a space in query strings.
     */
    private static String rawFeatureId(Request request) {
        String path = request.raw().getRequestURI();
        int collections = path.indexOf("/collections/");
        int items = path.indexOf("/items/", collections + "/collections/".length());
        String raw = path.substring(items + "/items/".length());
        try {
            return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("path.notFound", raw);
        }
    }

    private Object tile(Request request, Response response) throws IOException {
        QueryParameters.parse(request.queryString()).requireOnly(NO_PARAMETERS);
        byte[] tile = tiles.tile(context(request), request.params(":id"), request.params(":z"),
                request.params(":y"), request.params(":x"));
        response.header("Cache-Control", "no-cache");
        if (tile == null) {
            response.status(204);
            response.type(VectorTiles.MVT);
            return "";
        }
        return send(request, response, VectorTiles.MVT, tile, "\"" + sha256(tile) + "\"");
    }

    /**
     * Sends {@code body} with {@code contentType}, gzip-coded by {@link GzipEncoding} when the request
     * accepts it and the body is worth it. With a {@code tag}, sets {@code ETag} (the gzip variant's tag
     * when compressed) and responds to a matching {@code If-None-Match} with 304 and no body.
     *
     * <p>A compressed body is written to the servlet response here, which commits it, because Spark
     * compresses again any body it writes with {@code Content-Encoding: gzip} set. The route then returns
     * an empty string that Spark ignores.
     *
     * @param tag the entity tag of the identity-coded body, or null to send none
     * @return the value for the route to return
     */
    private Object send(Request request, Response response, String contentType, byte[] body, String tag)
            throws IOException {
        response.type(contentType);
        boolean gzip = GzipEncoding.accepts(request.headers("Accept-Encoding"))
                && GzipEncoding.worthCompressing(contentType, body.length);
        if (tag != null && notModified(request, response, gzip ? GzipEncoding.gzipTag(tag) : tag)) {
            return "";
        }
        if (!gzip) {
            return body;
        }
        byte[] compressed = GzipEncoding.compress(body);
        HttpServletResponse raw = response.raw();
        raw.setHeader("Content-Encoding", "gzip");
        raw.setContentLength(compressed.length);
        raw.getOutputStream().write(compressed);
        raw.flushBuffer();
        return "";
    }

    /**
     * Wraps a GET route so that its 200 responses go through {@link #send} without an entity tag. Routes
     * that call {@link #send} themselves pass through unchanged, since their response is then committed or
     * not a 200.
     */
    private Route compressed(Route route) {
        return (request, response) -> {
            Object body = route.handle(request, response);
            if (response.raw().isCommitted() || response.status() != 200) {
                return body;
            }
            if (body instanceof byte[] bytes) {
                return send(request, response, response.type(), bytes, null);
            }
            if (body instanceof String text) {
                return send(request, response, response.type(), text.getBytes(StandardCharsets.UTF_8), null);
            }
            return body;
        };
    }

    /**
     * Returns a weak entity tag for a feature response. The layers are read once in the constructor and
     * never change, so the response is determined by the path, the query, the language and the format,
     * except for {@code timeStamp}; that is why the tag is weak (RFC 9110 section 8.8.1).
     */
    private String weakTag(Request request, QueryParameters.Format format) {
        String key = dataVersion + "\n" + request.raw().getRequestURI() + "\n" + request.queryString() + "\n"
                + locale(request).toLanguageTag() + "\n" + format;
        return "W/\"" + sha256(key.getBytes(StandardCharsets.UTF_8)).substring(0, 32) + "\"";
    }

    /** Sets {@code ETag} and returns whether {@code If-None-Match} matches, after setting status 304. */
    private static boolean notModified(Request request, Response response, String tag) {
        response.header("ETag", tag);
        String ifNoneMatch = request.headers("If-None-Match");
        if (ifNoneMatch == null) {
            return false;
        }
        String opaque = tag.startsWith("W/") ? tag.substring(2) : tag;
        for (String candidate : ifNoneMatch.split(",")) {
            String text = candidate.trim();
            String candidateOpaque = text.startsWith("W/") ? text.substring(2) : text;
            if (text.equals("*") || candidateOpaque.equals(opaque)) {
                response.status(304);
                return true;
            }
        }
        return false;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    /**
     * Returns whether the body at {@code path} depends on {@code Accept-Language} and {@code Accept}: every
     * API resource does, because of its titles and its HTML form. Vector tiles, raster PNGs and the viewer's
     * static files do not, apart from their error bodies.
     */
    private static boolean isLocalized(String path) {
        if (path == null) {
            return true;
        }
        boolean tile = path.startsWith("/collections/") && path.contains("/tiles/" + VectorTiles.TILE_MATRIX_SET + "/")
                && !path.endsWith("/tilejson.json");
        boolean png = path.startsWith("/rasters/") && path.endsWith(".png");
        return !tile && !png && !path.startsWith("/viewer");
    }

    /**
     * Sets {@code Vary} and {@code Content-Language}, then CORS headers when the request's {@code Origin} is
     * on the allow-list. Headers are replaced, not added, so calling this again for an error keeps one of each.
     */
    private void setResponseHeaders(Request request, Response response) {
        boolean localized = isLocalized(request.pathInfo());
        if (localized) {
            response.raw().setHeader("Content-Language", "en".equals(locale(request).getLanguage()) ? "en" : "zh-CN");
        }
        String vary = localized ? "Accept, Accept-Language, Accept-Encoding" : "Accept-Encoding";
        String origin = request.headers("Origin");
        if (origin == null || !options.allowedOrigins().contains(origin)) {
            response.raw().setHeader("Vary", vary);
            return;
        }
        response.raw().setHeader("Vary", "Origin, " + vary);
        response.header("Access-Control-Allow-Origin", origin);
        response.header("Access-Control-Allow-Methods", "GET, HEAD, POST, DELETE, OPTIONS");
        response.header("Access-Control-Allow-Headers",
                "Accept, Accept-Language, If-None-Match, Authorization, Content-Type, Prefer");
        response.header("Access-Control-Expose-Headers", "ETag, Content-Crs, Location, Preference-Applied");
    }

    /**
     * Rejects requests other than GET, HEAD and OPTIONS, such as process execution, without the configured
     * bearer token. The comparison takes the same time wherever the token differs.
     */
    private void checkToken(Request request) {
        String method = request.requestMethod();
        if (options.accessToken() == null || method.equals("GET") || method.equals("HEAD")
                || method.equals("OPTIONS")) {
            return;
        }
        String authorization = request.headers("Authorization");
        String expected = "Bearer " + options.accessToken();
        if (authorization == null || !MessageDigest.isEqual(authorization.getBytes(StandardCharsets.UTF_8),
                expected.getBytes(StandardCharsets.UTF_8))) {
            throw ApiException.unauthorized();
        }
    }

    private Object staticFile(Request request, Response response, String path) {
        StaticResources.Resource file = viewer.get(path)
                .orElseThrow(() -> ApiException.notFound("path.notFound", request.pathInfo()));
        response.type(file.contentType());
        response.header("Cache-Control", path.startsWith("lib/") ? "public, max-age=86400" : "no-cache");
        return file.content();
    }

    private void error(Request request, Response response, int status, String code, MessageBundle bundle,
            String key, Object... args) {
        response.status(status);
        response.type(JSON);
        response.body(errorBody(locale(request), code, bundle, key, args));
    }

    private String errorBody(Locale locale, String code, MessageBundle bundle, String key, Object... args) {
        ObjectNode body = mapper.createObjectNode();
        body.put("code", code);
        body.put("description", bundle.format(locale, key, args));
        return body.toString();
    }

    byte[] json(ObjectNode node) throws JsonProcessingException {
        return mapper.writeValueAsBytes(node);
    }

    RequestContext context(Request request) {
        String hostHeader = request.host();
        String authority = hostHeader == null || hostHeader.isBlank()
                ? url().substring("http://".length(), url().length() - 1) : hostHeader;
        String scheme = request.scheme() == null ? "http" : request.scheme();
        return new RequestContext(scheme + "://" + authority, locale(request),
                System.nanoTime() + options.requestTimeLimitMillis() * 1_000_000L);
    }

    /** Returns Chinese or English from {@code Accept-Language}, else the process-wide {@link UserLocale}. */
    static Locale locale(Request request) {
        return locale(request.headers("Accept-Language"));
    }

    static Locale locale(String acceptLanguage) {
        if (acceptLanguage != null && !acceptLanguage.isBlank()) {
            try {
                for (Locale.LanguageRange range : Locale.LanguageRange.parse(acceptLanguage)) {
                    String tag = range.getRange().toLowerCase(Locale.ROOT);
                    if (tag.startsWith("zh")) {
                        return UserLocale.CHINESE;
                    }
                    if (tag.startsWith("en")) {
                        return UserLocale.ENGLISH;
                    }
                }
            } catch (IllegalArgumentException malformed) {
                // A malformed header falls back to the server's language.
            }
        }
        return UserLocale.get();
    }

    private static Set<String> withFormat(Set<String> allowed) {
        if (allowed.contains(QueryParameters.FORMAT)) {
            return allowed;
        }
        HashSet<String> all = new HashSet<>(allowed);
        all.add(QueryParameters.FORMAT);
        return all;
    }

    /** Renders a JSON resource as HTML. */
    @FunctionalInterface
    private interface HtmlView {
        String render(RequestContext context, ObjectNode node);
    }

    /** Returns the landing page, with links to the processes and jobs when there are processes. */
    private ObjectNode landing(RequestContext context) {
        ObjectNode root = features.landing(context);
        if (processes != null) {
            com.fasterxml.jackson.databind.node.ArrayNode links = (com.fasterxml.jackson.databind.node.ArrayNode)
                    root.get("links");
            links.addObject().put("href", context.url("/processes"))
                    .put("rel", "http://www.opengis.net/def/rel/ogc/1.0/processes").put("type", JSON)
                    .put("title", ServerMessages.BUNDLE.format(context.locale(), "link.processes"));
            links.addObject().put("href", context.url("/jobs"))
                    .put("rel", "http://www.opengis.net/def/rel/ogc/1.0/job-list").put("type", JSON)
                    .put("title", ServerMessages.BUNDLE.format(context.locale(), "link.jobs"));
        }
        return root;
    }

    /** Returns the conformance declaration, with the Processes classes when there are processes. */
    private ObjectNode conformance(RequestContext context) {
        ObjectNode root = features.conformance(context);
        if (processes != null) {
            com.fasterxml.jackson.databind.node.ArrayNode classes = (com.fasterxml.jackson.databind.node.ArrayNode)
                    root.get("conformsTo");
            ProcessService.CONFORMANCE.forEach(classes::add);
        }
        return root;
    }

    ProcessService processes() {
        return processes;
    }

    MapServerOptions options() {
        return options;
    }

    /** Returns whether {@code name} is a vector collection, as opposed to a raster. */
    boolean isCollection(String name) {
        return features.collectionIds().contains(name);
    }

    /** Returns the raster names served under {@code /rasters}. */
    public List<String> rasterNames() {
        return rasters.names();
    }
}
