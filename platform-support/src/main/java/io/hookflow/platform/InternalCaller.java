package io.hookflow.platform;

import jakarta.enterprise.context.RequestScoped;

/**
 * The service that made the current internal call, set by {@link InternalCallersFilter} once its token is checked; an
 * endpoint open to several callers injects it to give each only what it may see.
 */
@RequestScoped
public class InternalCaller {

    private String name;

    void set(String name) {
        this.name = name;
    }

    /** The caller's service name ({@code ingress}, {@code executor}, ...); throws outside an internal endpoint. */
    public String name() {
        if (name == null) {
            throw new IllegalStateException("no internal caller: the endpoint lacks @InternalCallers");
        }
        return name;
    }

    /** True when the caller is the service {@code service}. */
    public boolean is(String service) {
        return service.equals(name);
    }
}
