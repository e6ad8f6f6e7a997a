package org.communitygis.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Plain HTML views of the API's JSON resources ({@code f=html} or {@code Accept: text/html}).
 *
 * <p>Every value taken from a resource is HTML-escaped, since attribute values come from imported
 * files. Pages need no script or stylesheet from elsewhere.
 */
final class HtmlPages {
    private HtmlPages() {
    }

    static String landing(RequestContext context, ObjectNode landing) {
        StringBuilder body = new StringBuilder();
        body.append("<p>").append(escape(landing.path("description").asText())).append("</p>\n");
        linkList(body, landing.path("links"));
        return page(context, landing.path("title").asText(), body);
    }

    static String conformance(RequestContext context, ObjectNode conformance) {
        StringBuilder body = new StringBuilder("<ul>\n");
        for (JsonNode uri : conformance.path("conformsTo")) {
            body.append("<li>").append(escape(uri.asText())).append("</li>\n");
        }
        body.append("</ul>\n");
        return page(context, text(context, "html.conformance"), body);
    }

    static String collections(RequestContext context, ObjectNode collections) {
        StringBuilder body = new StringBuilder("<table>\n<tr><th>")
                .append(text(context, "html.collection")).append("</th><th>")
                .append(text(context, "html.geometry")).append("</th><th>")
                .append(text(context, "html.featureCount")).append("</th><th>")
                .append(text(context, "html.extent")).append("</th></tr>\n");
        for (JsonNode collection : collections.path("collections")) {
            String id = collection.path("id").asText();
            body.append("<tr><td><a href=\"").append(escape(context.url("/collections/" + id))).append("?f=html\">")
                    .append(escape(collection.path("title").asText())).append("</a> (").append(escape(id))
                    .append(")</td><td>").append(escape(collection.path("geometryKind").asText()))
                    .append("</td><td>").append(collection.path("featureCount").asLong())
                    .append("</td><td>").append(escape(extent(collection))).append("</td></tr>\n");
        }
        body.append("</table>\n");
        return page(context, text(context, "html.collections"), body);
    }

    static String collection(RequestContext context, ObjectNode collection) {
        StringBuilder body = new StringBuilder();
        body.append("<p>").append(escape(collection.path("description").asText())).append("</p>\n");
        body.append("<p>").append(text(context, "html.extent")).append(": ").append(escape(extent(collection)))
                .append("</p>\n<table>\n<tr><th>").append(text(context, "html.field")).append("</th><th>")
                .append(text(context, "html.type")).append("</th></tr>\n");
        for (JsonNode field : collection.path("fields")) {
            body.append("<tr><td>").append(escape(field.path("name").asText())).append("</td><td>")
                    .append(escape(field.path("type").asText())).append("</td></tr>\n");
        }
        body.append("</table>\n");
        linkList(body, collection.path("links"));
        return page(context, collection.path("title").asText(), body);
    }

    static String items(RequestContext context, String title, ObjectNode items, long offset) {
        StringBuilder body = new StringBuilder("<p>");
        long returned = items.path("numberReturned").asLong();
        body.append(escape(ServerMessages.BUNDLE.format(context.locale(), "html.page",
                items.path("numberMatched").asLong(), returned == 0 ? 0 : offset + 1, offset + returned)));
        body.append("</p>\n");
        for (JsonNode link : items.path("links")) {
            String rel = link.path("rel").asText();
            if (rel.equals("prev") || rel.equals("next")) {
                String href = htmlHref(link.path("href").asText());
                body.append("<a href=\"").append(escape(href)).append("\">").append(escape(link.path("title").asText()))
                        .append("</a> ");
            }
        }

        Set<String> columns = new LinkedHashSet<>();
        for (JsonNode feature : items.path("features")) {
            feature.path("properties").fieldNames().forEachRemaining(columns::add);
        }
        body.append("\n<table>\n<tr><th>id</th>");
        for (String column : columns) {
            body.append("<th>").append(escape(column)).append("</th>");
        }
        body.append("</tr>\n");

        for (JsonNode feature : items.path("features")) {
            String id = feature.path("id").asText();
            body.append("<tr><td><a href=\"items/").append(escape(id)).append("?f=html\">").append(escape(id))
                    .append("</a></td>");
            for (String column : columns) {
                body.append("<td>").append(escape(value(feature.path("properties").path(column)))).append("</td>");
            }
            body.append("</tr>\n");
        }
        body.append("</table>\n");
        return page(context, title, body);
    }

    static String item(RequestContext context, String title, ObjectNode feature) {
        StringBuilder body = new StringBuilder("<table>\n<tr><th>").append(text(context, "html.field"))
                .append("</th><th>").append(text(context, "html.value")).append("</th></tr>\n");
        Iterator<Map.Entry<String, JsonNode>> properties = feature.path("properties").fields();
        while (properties.hasNext()) {
            Map.Entry<String, JsonNode> property = properties.next();
            body.append("<tr><td>").append(escape(property.getKey())).append("</td><td>")
                    .append(escape(value(property.getValue()))).append("</td></tr>\n");
        }
        body.append("</table>\n<p>").append(text(context, "html.geometry")).append(": ")
                .append(escape(feature.path("geometry").path("type").asText("-"))).append("</p>\n");
        linkList(body, feature.path("links"));
        return page(context, title + " #" + feature.path("id").asText(), body);
    }

    static String queryables(RequestContext context, ObjectNode schema) {
        StringBuilder body = new StringBuilder("<table>\n<tr><th>").append(text(context, "html.field"))
                .append("</th><th>").append(text(context, "html.type")).append("</th></tr>\n");
        Iterator<Map.Entry<String, JsonNode>> properties = schema.path("properties").fields();
        while (properties.hasNext()) {
            Map.Entry<String, JsonNode> property = properties.next();
            JsonNode definition = property.getValue();
            String type = definition.has("type") ? definition.path("type").asText() : definition.path("format").asText();
            body.append("<tr><td>").append(escape(property.getKey())).append("</td><td>").append(escape(type))
                    .append("</td></tr>\n");
        }
        body.append("</table>\n");
        return page(context, text(context, "html.queryables") + ": " + schema.path("title").asText(), body);
    }

    /** Returns {@code href} with its {@code f} parameter set to {@code html}, so that {@code f} occurs once. */
    static String htmlHref(String href) {
        int question = href.indexOf('?');
        String base = question < 0 ? href : href.substring(0, question);
        String query = question < 0 ? null : href.substring(question + 1);
        return base + QueryParameters.parse(query).with(null, null, "html");
    }

    private static void linkList(StringBuilder body, JsonNode links) {
        body.append("<ul>\n");
        for (JsonNode link : links) {
            body.append("<li><a href=\"").append(escape(link.path("href").asText())).append("\">")
                    .append(escape(link.path("title").asText())).append("</a> <small>(")
                    .append(escape(link.path("rel").asText())).append(", ")
                    .append(escape(link.path("type").asText())).append(")</small></li>\n");
        }
        body.append("</ul>\n");
    }

    private static String page(RequestContext context, String title, CharSequence body) {
        String lang = "en".equals(context.locale().getLanguage()) ? "en" : "zh-CN";
        return "<!DOCTYPE html>\n<html lang=\"" + lang + "\">\n<head>\n<meta charset=\"utf-8\">\n<title>"
                + escape(title) + "</title>\n<style>body{font-family:sans-serif;margin:1.5em}"
                + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px;text-align:left}"
                + "</style>\n</head>\n<body>\n<nav><a href=\"" + escape(context.url("/")) + "?f=html\">"
                + text(context, "html.home") + "</a> · <a href=\"" + escape(context.url("/collections"))
                + "?f=html\">" + text(context, "html.collections") + "</a> · <a href=\""
                + escape(context.url("/viewer/")) + "\">" + text(context, "html.viewer") + "</a></nav>\n<h1>"
                + escape(title) + "</h1>\n" + body + "</body>\n</html>\n";
    }

    private static String extent(JsonNode collection) {
        JsonNode box = collection.path("extent").path("spatial").path("bbox").path(0);
        if (!box.isArray()) {
            return "-";
        }
        return box.get(0).asText() + ", " + box.get(1).asText() + " – " + box.get(2).asText() + ", "
                + box.get(3).asText();
    }

    private static String value(JsonNode value) {
        return value == null || value.isNull() || value.isMissingNode() ? "" : value.asText();
    }

    private static String text(RequestContext context, String key) {
        return escape(ServerMessages.BUNDLE.format(context.locale(), key));
    }

    /** Escapes {@code & < > " '} for HTML text and attribute values. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
