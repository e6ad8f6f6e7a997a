package org.communitygis.core;

import org.communitygis.core.i18n.Message;
import org.communitygis.core.i18n.MessageBundle;

/**
 * An error the user can act on: bad input, a missing layer, an impossible parameter.
 *
 * <p>{@link #getMessage()} is English (for logs and stack traces); {@link #getLocalizedMessage()} is in
 * the user's language. Both name the file, feature or parameter involved and what to do.
 */
public class CgisException extends RuntimeException {
    private final transient Message message;

    /** Creates an error from a message key of {@code bundle}. */
    public CgisException(MessageBundle bundle, String key, Object... args) {
        this(new Message(bundle, key, args), null);
    }

    /** Creates an error from a message key of {@code bundle}, keeping {@code cause}. */
    public CgisException(Throwable cause, MessageBundle bundle, String key, Object... args) {
        this(new Message(bundle, key, args), cause);
    }

    /** Creates an error from a prepared message. */
    public CgisException(Message message, Throwable cause) {
        super(message.english(), cause);
        this.message = message;
    }

    /** Returns the message with its key and arguments. */
    public Message message() {
        return message;
    }

    @Override
    public String getLocalizedMessage() {
        return message.localized();
    }
}
