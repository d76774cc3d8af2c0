package io.hookflow.executor.client;

/**
 * The flow for which the executor reads a credential, which credential-service checks the credential against: a
 * published version it runs ({@code version} set), or the draft the designer's trial run tries ({@code version} null).
 */
public record FlowScope(String flowId, Integer version) {

    public static FlowScope version(String flowId, int version) {
        return new FlowScope(flowId, version);
    }

    public static FlowScope draft(String flowId) {
        return new FlowScope(flowId, null);
    }

    public boolean isDraft() {
        return version == null;
    }

    /** "flow F version N" or "the draft of flow F", for messages. */
    public String describe() {
        return isDraft() ? "the draft of flow " + flowId : "flow " + flowId + " version " + version;
    }
}
