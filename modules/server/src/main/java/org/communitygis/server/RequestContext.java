package org.communitygis.server;

import java.util.Locale;

/**
 * Per-request data the services need besides the query parameters.
 *
 * @param baseUrl scheme, host and port the request came in on, without a trailing slash, e.g.
 *     {@code http://127.0.0.1:8080}; every link in a response starts with it
 * @param locale language of titles and messages: Chinese or English
 */
public record RequestContext(String baseUrl, Locale locale) {

    /** Returns {@code baseUrl + path}; {@code path} starts with a slash. */
    public String url(String path) {
        return baseUrl + path;
    }
}
