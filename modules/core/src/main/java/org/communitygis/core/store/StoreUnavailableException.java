package org.communitygis.core.store;

import org.communitygis.core.CgisException;
import org.communitygis.core.i18n.MessageBundle;

/**
 * A store's database server is not reachable for now (stopped, restarting, network down), as opposed to
 * an error in the request or the data. The same call may succeed later without any change, so a map
 * server responds with HTTP 503 and {@code Retry-After}.
 */
public class StoreUnavailableException extends CgisException {

    /** Creates the error from a message key of {@code bundle}, keeping the driver's {@code cause}. */
    public StoreUnavailableException(Throwable cause, MessageBundle bundle, String key, Object... args) {
        super(cause, bundle, key, args);
    }
}
