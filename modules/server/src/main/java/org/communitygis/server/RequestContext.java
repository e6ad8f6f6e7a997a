package org.communitygis.server;

import java.util.Locale;

/**
 * Per-request data the services need besides the query parameters.
 *
 * @param baseUrl scheme, host and port the request came in on, without a trailing slash, e.g.
 *     {@code http://127.0.0.1:8080}; every link in a response starts with it
 * @param locale language of titles and messages: Chinese or English
 * @param deadlineNanos {@link System#nanoTime()} value after which long loops stop with HTTP 503
 */
public record RequestContext(String baseUrl, Locale locale, long deadlineNanos) {

    /** Creates a context without a time limit. */
    public RequestContext(String baseUrl, Locale locale) {
        this(baseUrl, locale, Long.MAX_VALUE);
    }

    /** Returns {@code baseUrl + path}; {@code path} starts with a slash. */
    public String url(String path) {
        return baseUrl + path;
    }

    /**
     * Checks the request's time limit.
     *
     * @throws ApiException (503) when the deadline has passed
     */
    public void checkDeadline() {
        if (deadlineNanos != Long.MAX_VALUE && System.nanoTime() - deadlineNanos > 0) {
            throw ApiException.timeout();
        }
    }
}
