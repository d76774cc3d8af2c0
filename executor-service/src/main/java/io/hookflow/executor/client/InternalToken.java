package io.hookflow.executor.client;

/** The header that authenticates calls between Hookflow services (docs/internal-api.md). */
final class InternalToken {

    static final String HEADER = "X-Hookflow-Internal-Token";

    private InternalToken() {
    }
}
