package org.communitygis.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The OpenAPI 3.0 document served at {@code /api}: a fixed description of the endpoints
 * ({@code openapi.json} beside this class) completed per request with the server URL, the project name
 * and the collection and raster names as enums.
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

    /** Returns the document with {@code servers} set to the URL the request came in on. */
    ObjectNode document(RequestContext context, String projectName, List<String> collections, List<String> rasters) {
        ObjectNode document = template.deepCopy();
        ((ObjectNode) document.get("info")).put("title",
                ServerMessages.BUNDLE.format(context.locale(), "api.title", projectName));
        ArrayNode servers = document.putArray("servers");
        servers.addObject().put("url", context.baseUrl());
        ObjectNode parameters = (ObjectNode) document.path("components").path("parameters");
        ArrayNode collectionIds = ((ObjectNode) parameters.path("collectionId").path("schema")).putArray("enum");
        collections.forEach(collectionIds::add);
        ObjectNode rasterPath = (ObjectNode) document.path("paths").path("/rasters/{rasterName}.png").path("get")
                .path("parameters").path(0).path("schema");
        ArrayNode rasterNames = rasterPath.putArray("enum");
        rasters.forEach(rasterNames::add);
        return document;
    }
}
