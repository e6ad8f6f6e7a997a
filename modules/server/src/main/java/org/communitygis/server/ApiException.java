package org.communitygis.server;

import org.communitygis.core.CgisException;

/**
 * A request the API rejects, with the HTTP status and the OGC API exception code to send.
 *
 * <p>The message comes from {@link ServerMessages#BUNDLE}: {@link #getMessage()} is English for the log,
 * and the route layer formats the description in the language the client asked for.
 */
public final class ApiException extends CgisException {
    /** OGC API code for a malformed or unknown query parameter (HTTP 400). */
    public static final String INVALID_PARAMETER = "InvalidParameterValue";
    /** OGC API code for an unknown path, collection, feature or raster (HTTP 404). */
    public static final String NOT_FOUND = "NotFound";

    private final int status;
    private final String code;

    private ApiException(int status, String code, String key, Object... args) {
        super(ServerMessages.BUNDLE, key, args);
        this.status = status;
        this.code = code;
    }

    /** Creates a 400 error for a query parameter. */
    public static ApiException badParameter(String key, Object... args) {
        return new ApiException(400, INVALID_PARAMETER, key, args);
    }

    /** Creates a 404 error. */
    public static ApiException notFound(String key, Object... args) {
        return new ApiException(404, NOT_FOUND, key, args);
    }

    /** Creates a 503 error for a request that ran past the server's time limit. */
    public static ApiException timeout() {
        return new ApiException(503, "ServiceUnavailable", "request.timeout");
    }

    /** Creates a 401 error for a write request without the server's access token. */
    public static ApiException unauthorized() {
        return new ApiException(401, "Unauthorized", "request.token");
    }

    /** Returns the HTTP status: 400, 401, 404 or 503. */
    public int status() {
        return status;
    }

    /** Returns the OGC API exception code sent as {@code code}. */
    public String code() {
        return code;
    }
}
