package io.hookflow.platform;

/**
 * Thrown by an internal endpoint open to a caller that may see only part of what it serves (ingress only webhook
 * credentials, say): answers 403 like a caller the endpoint does not name ({@link PlatformErrorMappers}).
 */
public class InternalCallerRefusedException extends RuntimeException {

    public InternalCallerRefusedException(String message) {
        super(message, null, false, false);
    }
}
