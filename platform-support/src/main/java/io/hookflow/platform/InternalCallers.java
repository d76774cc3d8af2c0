package io.hookflow.platform;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an internal endpoint and names the Hookflow services that may call it, e.g.
 * {@code @InternalCallers({"ingress", "executor"})}. {@link InternalCallersFilter} checks every call: no, a wrong or
 * a non-internal token answers 401, a valid token of a service not named here answers 403. A method's annotation
 * replaces its class's.
 */
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface InternalCallers {

    /** The callers' service names: a token of Keycloak client {@code hookflow-<name>} is that service. */
    String[] value();
}
