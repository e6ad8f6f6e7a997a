package org.communitygis.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.communitygis.core.CgisException;
import org.communitygis.core.crs.Crs;
import org.communitygis.core.crs.CrsTransform;
import org.communitygis.core.feature.FeatureLayer;
import org.communitygis.core.feature.Field;
import org.communitygis.core.feature.FieldType;
import org.communitygis.core.store.FeatureQuerySource;
import org.communitygis.core.store.LayerInfo;
import org.communitygis.core.store.ProjectStore;
import org.locationtech.jts.geom.Envelope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OGC API – Features resources of a project, as JSON trees, without any HTTP types.
 *
 * <p>Every vector layer of the store becomes a collection whose id is the layer name. The constructor
 * reads vector layers once and transforms them to CRS84 (longitude, latitude on WGS 84), so later
 * changes to them are not seen, while the total stays within the held-feature limit. Beyond it, layers
 * of a store that is a {@link FeatureQuerySource} (PostGIS, GeoPackage) are queried per request instead:
 * the bbox selects candidates through the spatial index (the PostGIS GiST index or the GeoPackage RTree),
 * and filters, paging and {@code numberMatched} run over them in Java, or over the whole layer without a
 * bbox. Such layers show committed changes at the next request, except that a GeoPackage store keeps
 * reading the file it opened when another command replaces the project file. Layers of other stores
 * ({@code MemoryStore}) are held whatever their size. A layer that cannot be read is left out and
 * logged. The service is immutable after construction and safe for concurrent requests.
 *
 * <p>Conformance: Part 1 Core, GeoJSON, HTML and OpenAPI 3.0 (OGC 17-069r4); Part 2 CRS by reference
 * (OGC 18-058r1) with CRS84, EPSG:4326, EPSG:4490 and the layer's own CRS, coordinates in each CRS's
 * authoritative axis order (see {@link ServedCrs}); Part 3 filtering with CQL2 text (see
 * {@link Cql2Parser}) and queryables. Collections carry two extra members beside the standard ones:
 * {@code geometryKind} and {@code fields}.
 */
public final class FeatureService {
    /** URI of CRS84, the CRS of every geometry and extent this service sends. */
    public static final String CRS84_URI = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";
    /** Conformance classes declared at {@code /conformance}. */
    public static final List<String> CONFORMANCE = List.of(
            "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
            "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
            "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
            "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
            "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
            "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables",
            "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters",
            "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter",
            "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter",
            "http://www.opengis.net/spec/cql2/1.0/conf/cql2-text",
            "http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2",
            "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions",
            "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions-plus",
            "http://www.opengis.net/spec/cql2/1.0/conf/spatial-functions",
            "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/core",
            "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/tileset",
            "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/tilesets-list",
            "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/geodata-tilesets",
            "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/mvt");
    /** Media type of JSON Schema responses ({@code /queryables} and {@code /schema}). */
    public static final String SCHEMA_JSON = "application/schema+json";
    /** Media type of GeoJSON responses. */
    public static final String GEOJSON = "application/geo+json";
    /** Media type of the OpenAPI document. */
    public static final String OPENAPI = "application/vnd.oai.openapi+json;version=3.0";

    private static final Logger LOG = LoggerFactory.getLogger(FeatureService.class);
    /** Number of pages of layers read per request that are built at once: one per processor, at least 2. */
    static final int READ_PERMITS = Math.max(2, Runtime.getRuntime().availableProcessors());
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String JSON = "application/json";
    private static final String HTML = "text/html";
    private static final java.util.Set<String> ITEM_PARAMETERS = java.util.Set.of("crs", QueryParameters.FORMAT);

    private final String projectName;
    private final Map<String, VectorCollection> collections;
    /**
     * Permits for pages of layers read per request, granted in arrival order. Such a page costs about a
     * millisecond of CPU. Pages built a few at a time and in turn finish in about the same time under load.
     * Dozens sharing the cores finish in random order, and the slowest percent take twice as long.
     */
    private final Semaphore readPermits = new Semaphore(READ_PERMITS, true);

    /**
     * Reads and indexes every vector layer of {@code store}; the store is not kept.
     *
     * @param store the project, read here only
     * @param projectName name shown as the API title, e.g. the project file name without extension
     */
    public FeatureService(ProjectStore store, String projectName) {
        this(store, projectName, MapServerOptions.DEFAULT_MAX_HELD_FEATURES);
    }

    /**
     * Reads and indexes the vector layers of {@code store}, holding at most {@code maxHeldFeatures} features
     * in memory when the store can be queried per request; the store is kept for those queries.
     *
     * @param store the project; it must stay open while the service is used
     * @param projectName name shown as the API title
     * @param maxHeldFeatures see {@link MapServerOptions#maxHeldFeatures()}
     */
    public FeatureService(ProjectStore store, String projectName, long maxHeldFeatures) {
        this.projectName = projectName;
        Map<String, CrsTransform> transforms = new HashMap<>();
        Map<String, VectorCollection> loaded = new LinkedHashMap<>();
        long heldFeatures = 0;
        for (LayerInfo info : store.layers()) {
            if (info.type() != LayerInfo.LayerType.VECTOR) {
                continue;
            }
            try {
                if (store instanceof FeatureQuerySource source && heldFeatures + info.count() > maxHeldFeatures) {
                    String crs = info.crs() != null ? info.crs() : store.crs().orElse(Crs.CRS84);
                    CrsTransform toCrs84 = transforms.computeIfAbsent(crs, code -> Crs.transform(code, Crs.CRS84));
                    CrsTransform fromCrs84 = transforms.computeIfAbsent("from " + crs,
                            code -> Crs.transform(Crs.CRS84, crs));
                    loaded.put(info.name(), VectorCollection.stored(store, source, info, toCrs84, fromCrs84));
                    continue;
                }
                FeatureLayer layer = store.readFeatures(info.name());
                String crs = layer.crs() != null ? layer.crs() : store.crs().orElse(Crs.CRS84);
                CrsTransform toCrs84 = transforms.computeIfAbsent(crs, code -> Crs.transform(code, Crs.CRS84));
                loaded.put(layer.name(), new VectorCollection(layer, info.title(), toCrs84));
                heldFeatures += layer.size();
            } catch (CgisException e) {
                LOG.warn("Layer {} left out of the API: {}", info.name(), e.getMessage());
            }
        }
        this.collections = Collections.unmodifiableMap(loaded);
        LOG.info("Feature API for project {}: {} collections, {} features", projectName, collections.size(),
                collections.values().stream().mapToLong(VectorCollection::size).sum());
    }

    /** Returns the project name given to the constructor. */
    public String projectName() {
        return projectName;
    }

    /** Returns the collection ids (layer names) in store order. */
    public List<String> collectionIds() {
        return List.copyOf(collections.keySet());
    }

    /** Returns the landing page {@code /}. */
    public ObjectNode landing(RequestContext context) {
        ObjectNode root = NODES.objectNode();
        root.put("title", message(context, "api.title", projectName));
        root.put("description", message(context, "api.description", projectName));
        ArrayNode links = root.putArray("links");
        links.add(link(context.url("/"), "self", JSON, message(context, "link.landing")));
        links.add(link(context.url("/?f=html"), "alternate", HTML, message(context, "link.html")));
        links.add(link(context.url("/api"), "service-desc", OPENAPI, message(context, "link.api")));
        links.add(link(context.url("/conformance"), "conformance", JSON, message(context, "link.conformance")));
        links.add(link(context.url("/collections"), "data", JSON, message(context, "link.collections")));
        links.add(link(context.url("/rasters"), "related", JSON, message(context, "link.rasters")));
        links.add(link(context.url("/viewer/"), "related", HTML, message(context, "link.viewer")));
        return root;
    }

    /** Returns the conformance declaration {@code /conformance}. */
    public ObjectNode conformance(RequestContext context) {
        ObjectNode root = NODES.objectNode();
        ArrayNode classes = root.putArray("conformsTo");
        CONFORMANCE.forEach(classes::add);
        ArrayNode links = root.putArray("links");
        links.add(link(context.url("/conformance"), "self", JSON, message(context, "link.conformance")));
        links.add(link(context.url("/conformance?f=html"), "alternate", HTML, message(context, "link.html")));
        return root;
    }

    /** Returns {@code /collections}. */
    public ObjectNode collections(RequestContext context) {
        ObjectNode root = NODES.objectNode();
        ArrayNode links = root.putArray("links");
        links.add(link(context.url("/collections"), "self", JSON, message(context, "link.collections")));
        links.add(link(context.url("/collections?f=html"), "alternate", HTML, message(context, "link.html")));
        ArrayNode list = root.putArray("collections");
        for (VectorCollection collection : collections.values()) {
            list.add(describe(context, collection));
        }
        return root;
    }

    /**
     * Returns {@code /collections/{id}}.
     *
     * @throws ApiException (404) when no vector layer is called {@code id}
     */
    public ObjectNode collection(RequestContext context, String id) {
        return describe(context, find(id));
    }

    /**
     * Returns one page of {@code /collections/{id}/items} as a GeoJSON FeatureCollection with
     * {@code numberMatched}, {@code numberReturned} and self, alternate, next, prev and collection links.
     * The next and prev links repeat every query parameter of the request with only {@code offset}
     * changed; next is present while features remain after this page, prev while {@code offset > 0}.
     *
     * @throws ApiException (404) for an unknown collection, (400) for an unknown or invalid parameter
     */
    public ObjectNode items(RequestContext context, String id, QueryParameters parameters) {
        return withReadPermit(context, id, () -> itemsTree(context, id, parameters));
    }

    private ObjectNode itemsTree(RequestContext context, String id, QueryParameters parameters) {
        Page page = page(context, id, parameters);
        ArrayNode features = page.root().putArray("features");
        for (int i = page.from(); i < page.to(); i++) {
            features.add(page.collection().feature(page.matches()[i], page.query().crs(), page.query().properties()));
        }
        return page.root();
    }

    /**
     * Returns the same page as {@link #items} as UTF-8 GeoJSON bytes. In CRS84 with every property, a held
     * layer's features are spliced in from their JSON serialized once per feature, which removes most of
     * the serialization work of a page, and a layer read per request writes its features without trees.
     *
     * @throws ApiException as {@link #items}
     */
    public byte[] itemsJson(RequestContext context, String id, QueryParameters parameters, ObjectMapper mapper)
            throws JsonProcessingException {
        return withReadPermit(context, id, () -> pageJson(context, id, parameters, mapper));
    }

    /** Work that builds a page and may fail with {@code E}. */
    @FunctionalInterface
    private interface PageWork<T, E extends Exception> {
        T build() throws E;
    }

    /**
     * Runs {@code page} at once for a held layer, and with one of {@link #READ_PERMITS} permits for a layer
     * read per request, waiting for it in arrival order until the request's deadline.
     *
     * @throws ApiException (404) for an unknown collection, (503) when the deadline passes while waiting
     */
    private <T, E extends Exception> T withReadPermit(RequestContext context, String id, PageWork<T, E> page)
            throws E {
        if (!find(id).readPerRequest()) {
            return page.build();
        }
        long waitNanos = context.deadlineNanos() == Long.MAX_VALUE ? Long.MAX_VALUE
                : context.deadlineNanos() - System.nanoTime();
        try {
            if (!readPermits.tryAcquire(Math.max(0, waitNanos), TimeUnit.NANOSECONDS)) {
                throw ApiException.timeout();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.timeout();
        }
        try {
            return page.build();
        } finally {
            readPermits.release();
        }
    }

    private byte[] pageJson(RequestContext context, String id, QueryParameters parameters, ObjectMapper mapper)
            throws JsonProcessingException {
        Page page = page(context, id, parameters);
        ItemQuery query = page.query();
        if (!query.crs().code().equals(ServedCrs.CRS84.code()) || query.properties() != null) {
            return mapper.writeValueAsBytes(itemsTree(context, id, parameters));
        }
        page.root().putArray("features");
        byte[] head = mapper.writeValueAsBytes(page.root());
        // The root ends with "features":[]} because features was put last; splice the features before "]}".
        ByteArrayOutputStream out = new ByteArrayOutputStream(head.length + (page.to() - page.from()) * 1024);
        out.write(head, 0, head.length - 2);
        try {
            page.collection().writeFeatures(page.matches(), page.from(), page.to(), out, mapper);
        } catch (JsonProcessingException e) {
            throw e;
        } catch (java.io.IOException e) {
            // A ByteArrayOutputStream does not fail; only the generator's own checks could.
            throw new IllegalStateException(e);
        }
        out.write(']');
        out.write('}');
        return out.toByteArray();
    }

    /** One page of matches with the collection, the parsed query and the root object without features. */
    private record Page(VectorCollection collection, ItemQuery query, int[] matches, int from, int to,
            ObjectNode root) {
    }

    private Page page(RequestContext context, String id, QueryParameters parameters) {
        VectorCollection stored = find(id);
        ItemQuery query = ItemQuery.parse(parameters, stored.crsList(), stored.queryables());
        VectorCollection collection = stored.view(query.boxes());
        int[] matches = collection.matching(query.boxes(), query.filter(), context);
        int from = (int) Math.min(query.offset(), matches.length);
        int to = (int) Math.min((long) from + query.limit(), matches.length);

        ObjectNode root = NODES.objectNode();
        root.put("type", "FeatureCollection");
        root.put("numberMatched", matches.length);
        root.put("numberReturned", to - from);
        root.put("timeStamp", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        ArrayNode links = root.putArray("links");
        String path = context.url("/collections/" + id + "/items");
        links.add(link(path + parameters.with(null, null, null), "self", GEOJSON, message(context, "link.page")));
        links.add(link(path + parameters.with(null, null, "html"), "alternate", HTML, message(context, "link.html")));
        if (to < matches.length) {
            links.add(link(path + parameters.with("offset", Integer.toString(to), null), "next", GEOJSON,
                    message(context, "link.next")));
        }
        if (query.offset() > 0) {
            long previous = Math.max(0, Math.min(query.offset(), matches.length) - query.limit());
            links.add(link(path + parameters.with("offset", Long.toString(previous), null), "prev", GEOJSON,
                    message(context, "link.prev")));
        }
        links.add(link(context.url("/collections/" + id), "collection", JSON, collection.title()));
        return new Page(collection, query, matches, from, to, root);
    }

    /**
     * Returns {@code /collections/{id}/items/{featureId}} in CRS84 as a GeoJSON Feature with links.
     *
     * @throws ApiException (404) for an unknown collection or feature id
     */
    public ObjectNode item(RequestContext context, String id, String featureId) {
        return item(context, id, featureId, QueryParameters.of(Map.of()));
    }

    /**
     * Returns {@code /collections/{id}/items/{featureId}} as a GeoJSON Feature with links, in the CRS
     * of the {@code crs} parameter (CRS84 when absent).
     *
     * @param featureId the decoded id; it may contain any character, including {@code /}
     * @throws ApiException (404) for an unknown collection or feature id, (400) for an invalid parameter
     */
    public ObjectNode item(RequestContext context, String id, String featureId, QueryParameters parameters) {
        VectorCollection collection = find(id);
        parameters.requireOnly(ITEM_PARAMETERS);
        ServedCrs crs = responseCrs(collection, parameters);
        int position = -1;
        if (featureId != null && featureId.matches("-?[0-9]{1,18}")) {
            collection = collection.viewOf(Long.parseLong(featureId));
            position = collection.position(Long.parseLong(featureId));
        }
        if (position < 0) {
            throw ApiException.notFound("item.notFound", id, featureId);
        }
        ObjectNode feature = collection.feature(position, crs, null).deepCopy();
        ArrayNode links = feature.putArray("links");
        String self = context.url("/collections/" + id + "/items/" + encodePathSegment(featureId));
        links.add(link(self + parameters.with(null, null, null), "self", GEOJSON,
                message(context, "link.item", featureId)));
        links.add(link(self + parameters.with(null, null, "html"), "alternate", HTML, message(context, "link.html")));
        links.add(link(context.url("/collections/" + id), "collection", JSON, collection.title()));
        return feature;
    }

    /**
     * Returns the CRS of a response: the {@code crs} parameter matched against the collection's list.
     *
     * @throws ApiException (404) for an unknown collection, (400) for a CRS the collection does not offer
     */
    ServedCrs responseCrs(String id, QueryParameters parameters) {
        return responseCrs(find(id), parameters);
    }

    private static ServedCrs responseCrs(VectorCollection collection, QueryParameters parameters) {
        String value = parameters.get("crs");
        if (value == null) {
            return ServedCrs.CRS84;
        }
        for (ServedCrs crs : collection.crsList()) {
            if (crs.uri().equals(value.trim())) {
                return crs;
            }
        }
        List<String> uris = collection.crsList().stream().map(ServedCrs::uri).toList();
        throw ApiException.badParameter("param.crs", value, "crs", String.join(", ", uris));
    }

    /**
     * Returns {@code /collections/{id}/queryables}: a JSON Schema (draft 2019-09) object with one property
     * per attribute field and the geometry, as OGC API – Features – Part 3 clause 6.2 describes.
     *
     * @throws ApiException (404) for an unknown collection
     */
    public ObjectNode queryables(RequestContext context, String id) {
        VectorCollection collection = find(id);
        ObjectNode root = NODES.objectNode();
        root.put("$schema", "https://json-schema.org/draft/2019-09/schema");
        root.put("$id", context.url("/collections/" + id + "/queryables"));
        root.put("type", "object");
        root.put("title", collection.title());

        ObjectNode properties = root.putObject("properties");
        ObjectNode geometry = properties.putObject(Cql2Parser.GEOMETRY);
        geometry.put("title", Cql2Parser.GEOMETRY);
        geometry.put("format", "geometry-" + geometryFormat(collection));
        geometry.put("x-ogc-role", "primary-geometry");
        for (Map.Entry<String, FieldType> field : collection.queryables().entrySet()) {
            ObjectNode property = properties.putObject(field.getKey());
            property.put("title", field.getKey());
            property.put("type", jsonSchemaType(field.getValue()));
        }
        root.put("additionalProperties", false);
        return root;
    }

    /**
     * Returns {@code /collections/{id}/schema}: a JSON Schema (draft 2019-09) of the GeoJSON features of
     * {@code /items}, whose {@code properties} member lists every attribute field with its type (integer,
     * number, string or boolean) and whose {@code geometry} member carries the geometry format and
     * {@code x-ogc-role: primary-geometry}. GDAL's OAPIF driver (3.6) types its fields from the
     * {@code properties} member of exactly this GeoJSON Feature layout instead of guessing them from the
     * first page.
     *
     * <p>NOTE: attribute values may be null although each property states a single type, because GDAL 3.6
     * reads only a single {@code type} string and would take {@code ["integer", "null"]} for text.
     *
     * @throws ApiException (404) for an unknown collection
     */
    public ObjectNode schema(RequestContext context, String id) {
        VectorCollection collection = find(id);
        ObjectNode root = NODES.objectNode();
        root.put("$schema", "https://json-schema.org/draft/2019-09/schema");
        root.put("$id", context.url("/collections/" + id + "/schema"));
        root.put("title", collection.title());
        root.put("type", "object");
        root.putArray("required").add("type").add("geometry").add("properties");

        ObjectNode members = root.putObject("properties");
        members.putObject("type").put("type", "string").putArray("enum").add("Feature");
        members.putObject("id").put("type", "integer");
        ObjectNode geometry = members.putObject(Cql2Parser.GEOMETRY);
        geometry.put("title", Cql2Parser.GEOMETRY);
        geometry.put("type", "object");
        geometry.put("format", "geometry-" + geometryFormat(collection));
        geometry.put("x-ogc-role", "primary-geometry");
        ObjectNode properties = members.putObject("properties");
        properties.put("type", "object");
        ObjectNode fields = properties.putObject("properties");
        for (Map.Entry<String, FieldType> field : collection.queryables().entrySet()) {
            ObjectNode property = fields.putObject(field.getKey());
            property.put("title", field.getKey());
            property.put("type", jsonSchemaType(field.getValue()));
        }
        return root;
    }

    /** Returns the JSON Schema type of a field type: integer, number, boolean or string. */
    static String jsonSchemaType(FieldType type) {
        switch (type) {
            case INTEGER:
                return "integer";
            case REAL:
                return "number";
            case BOOLEAN:
                return "boolean";
            default:
                return "string";
        }
    }

    private static String geometryFormat(VectorCollection collection) {
        switch (collection.kind()) {
            case POINT:
                return "point";
            case LINESTRING:
                return "linestring";
            case POLYGON:
                return "polygon";
            case MULTIPOINT:
                return "multipoint";
            case MULTILINESTRING:
                return "multilinestring";
            case MULTIPOLYGON:
                return "multipolygon";
            default:
                return "any";
        }
    }

    /** Percent-encodes a feature id for use as one path segment ({@code /} becomes {@code %2F}). */
    static String encodePathSegment(String id) {
        return java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Returns the collection, for the tile service. */
    VectorCollection collectionForTiles(String id) {
        return find(id);
    }

    private VectorCollection find(String id) {
        VectorCollection collection = collections.get(id);
        if (collection == null) {
            String known = collections.isEmpty() ? "-" : String.join(", ", collections.keySet());
            throw ApiException.notFound("collection.notFound", id, known);
        }
        return collection;
    }

    private ObjectNode describe(RequestContext context, VectorCollection collection) {
        ObjectNode node = NODES.objectNode();
        String base = context.url("/collections/" + collection.id());
        node.put("id", collection.id());
        node.put("title", collection.title());
        node.put("description", message(context, "collection.description", collection.kind().name(),
                collection.size()));
        node.put("itemType", "feature");
        node.put("geometryKind", collection.kind().name());
        node.put("featureCount", collection.size());
        ArrayNode crsList = node.putArray("crs");
        collection.crsList().forEach(crs -> crsList.add(crs.uri()));
        node.put("storageCrs", storageCrsUri(collection.storageCrs()));

        Envelope extent = collection.extent();
        if (!extent.isNull()) {
            ObjectNode spatial = node.putObject("extent").putObject("spatial");
            ArrayNode box = spatial.putArray("bbox").addArray();
            box.add(GeoJson.round(extent.getMinX()));
            box.add(GeoJson.round(extent.getMinY()));
            box.add(GeoJson.round(extent.getMaxX()));
            box.add(GeoJson.round(extent.getMaxY()));
            spatial.put("crs", CRS84_URI);
        }

        ArrayNode fields = node.putArray("fields");
        for (Field field : collection.fields()) {
            ObjectNode entry = fields.addObject();
            entry.put("name", field.name());
            entry.put("type", field.type().name());
        }

        ArrayNode links = node.putArray("links");
        links.add(link(base, "self", JSON, collection.title()));
        links.add(link(base + "?f=html", "alternate", HTML, message(context, "link.html")));
        links.add(link(base + "/items", "items", GEOJSON, message(context, "link.items")));
        links.add(link(base + "/items?f=html", "items", HTML, message(context, "link.items")));
        links.add(link(base + "/queryables", "http://www.opengis.net/def/rel/ogc/1.0/queryables", SCHEMA_JSON,
                message(context, "link.queryables")));
        links.add(link(base + "/schema", "describedby", SCHEMA_JSON, message(context, "link.schema")));
        // Link relation types are case-insensitive (RFC 8288 section 2.1.1), but GDAL's OAPIF driver up to
        // at least 3.6 matches "describedBy" case-sensitively, so the same link is repeated in that spelling.
        links.add(link(base + "/schema", "describedBy", SCHEMA_JSON, message(context, "link.schema")));
        links.add(link(base + "/schema", "http://www.opengis.net/def/rel/ogc/1.0/schema", SCHEMA_JSON,
                message(context, "link.schema")));
        links.add(link(base + "/tiles", "http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector", JSON,
                message(context, "link.tiles")));
        return node;
    }

    private static String storageCrsUri(String code) {
        try {
            return Crs.uri(code);
        } catch (CgisException e) {
            return code;
        }
    }

    /** Returns a link object with {@code href}, {@code rel}, {@code type} and {@code title}. */
    static ObjectNode link(String href, String rel, String type, String title) {
        ObjectNode link = NODES.objectNode();
        link.put("href", href);
        link.put("rel", rel);
        link.put("type", type);
        link.put("title", title);
        return link;
    }

    private static String message(RequestContext context, String key, Object... args) {
        return ServerMessages.BUNDLE.format(context.locale(), key, args);
    }

    /** Returns the ids of collections that lost features in the CRS84 transform, with the count lost. */
    public Map<String, Integer> skippedFeatures() {
        return collections.values().stream().filter(c -> c.skipped() > 0)
                .collect(Collectors.toMap(VectorCollection::id, VectorCollection::skipped, (a, b) -> a,
                        LinkedHashMap::new));
    }

    /** Returns the collections in store order, for the HTML pages and the OpenAPI document. */
    List<VectorCollection> all() {
        return new ArrayList<>(collections.values());
    }
}
