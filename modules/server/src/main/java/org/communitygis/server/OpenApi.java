package org.communitygis.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.communitygis.core.feature.FieldType;

/**
 * The OpenAPI 3.0 document served at {@code /api}: a fixed description of the endpoints
 * ({@code openapi.json} beside this class) completed per request with the server URL, the project name,
 * the collection and raster names as enums and one items path per collection with its property filters.
 */
final class OpenApi {
    private final ObjectNode template;

    OpenApi(ObjectMapper mapper) {
        try (InputStream in = OpenApi.class.getResourceAsStream("openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("openapi.json missing from the classpath beside " + OpenApi.class);
            }
            template = (ObjectNode) mapper.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read openapi.json", e);
        }
    }

    /**
     * Returns the document with {@code servers} set to the URL the request came in on, one
     * {@code /collections/{name}/items} path per collection that lists its queryable properties as
     * equality query parameters (GDAL's OAPIF driver sends a {@code -where} attribute filter to the
     * server only for parameters described there), and the Processes paths only when {@code processes}.
     */
    ObjectNode document(RequestContext context, String projectName, FeatureService features, List<String> rasters,
            boolean processes) {
        ObjectNode document = template.deepCopy();
        ((ObjectNode) document.get("info")).put("title",
                ServerMessages.BUNDLE.format(context.locale(), "api.title", projectName));
        ((ObjectNode) document.get("info")).put("description",
                ServerMessages.BUNDLE.format(context.locale(), "openapi.description"));
        ArrayNode servers = document.putArray("servers");
        servers.addObject().put("url", context.baseUrl());
        ObjectNode parameters = (ObjectNode) document.path("components").path("parameters");
        ArrayNode collectionIds = ((ObjectNode) parameters.path("collectionId").path("schema")).putArray("enum");
        features.collectionIds().forEach(collectionIds::add);
        ObjectNode rasterPath = (ObjectNode) document.path("paths").path("/rasters/{rasterName}.png").path("get")
                .path("parameters").path(0).path("schema");
        ArrayNode rasterNames = rasterPath.putArray("enum");
        rasters.forEach(rasterNames::add);

        ObjectNode paths = (ObjectNode) document.path("paths");
        for (VectorCollection collection : features.all()) {
            paths.set("/collections/" + collection.id() + "/items", itemsPath(context, paths, collection));
        }
        if (!processes) {
            List.of("/processes", "/processes/{processId}", "/processes/{processId}/execution", "/jobs",
                    "/jobs/{jobId}", "/jobs/{jobId}/results").forEach(paths::remove);
        }
        return document;
    }

    /**
     * Returns the items path of one collection: the generic items operation without the
     * {@code collectionId} parameter, plus one query parameter per queryable property. A property named
     * like a standard parameter ({@code limit}, {@code bbox}…) is left out because that parameter wins.
     */
    private static ObjectNode itemsPath(RequestContext context, ObjectNode paths, VectorCollection collection) {
        ObjectNode get = ((ObjectNode) paths.path("/collections/{collectionId}/items").path("get")).deepCopy();
        get.put("operationId", "getFeatures_" + collection.id().replaceAll("[^A-Za-z0-9_]", "_"));
        get.put("summary", collection.title());
        ArrayNode generic = (ArrayNode) get.path("parameters");
        ArrayNode parameters = get.putArray("parameters");
        for (JsonNode parameter : generic) {
            if (!parameter.path("$ref").asText().endsWith("/collectionId")) {
                parameters.add(parameter);
            }
        }
        for (Map.Entry<String, FieldType> field : collection.queryables().entrySet()) {
            if (ItemQuery.PARAMETERS.contains(field.getKey())) {
                continue;
            }
            ObjectNode parameter = parameters.addObject();
            parameter.put("name", field.getKey());
            parameter.put("in", "query");
            parameter.put("required", false);
            parameter.put("description", ServerMessages.BUNDLE.format(context.locale(), "api.propertyParameter",
                    field.getKey()));
            parameter.put("style", "form");
            parameter.put("explode", false);
            parameter.putObject("schema").put("type", FeatureService.jsonSchemaType(field.getValue()));
        }
        ObjectNode path = JsonNodeFactory.instance.objectNode();
        path.set("get", get);
        return path;
    }
}
