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

    private ApiException(int status, String code, org.communitygis.core.i18n.Message message) {
        super(message, null);
        this.status = status;
        this.code = code;
    }

    /** Creates an error with any status and OGC API exception code. */
    static ApiException of(int status, String code, String key, Object... args) {
        return new ApiException(status, code, key, args);
    }

    /** Creates a 400 error for an invalid process input or execute request body. */
    static ApiException badInput(String key, Object... args) {
        return new ApiException(400, INVALID_PARAMETER, key, args);
    }

    /** Creates a 413 error for a request body larger than {@code limitBytes}. */
    static ApiException tooLarge(long limitBytes) {
        return new ApiException(413, "PayloadTooLarge", "request.tooLarge", limitBytes / 1024);
    }

    /** Creates a 503 error for a server that cannot take more work now. */
    static ApiException unavailable(String key, Object... args) {
        return new ApiException(503, "ServiceUnavailable", key, args);
    }

    /** Creates the error of a failed job, whose message is {@code message}. */
    static ApiException failed(int status, org.communitygis.core.i18n.Message message) {
        return new ApiException(status, "ProcessFailed", message);
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

    /** Returns the HTTP status: 400, 401, 404, 413, 500 or 503. */
    public int status() {
        return status;
    }

    /** Returns the OGC API exception code sent as {@code code}. */
    public String code() {
        return code;
    }
}
