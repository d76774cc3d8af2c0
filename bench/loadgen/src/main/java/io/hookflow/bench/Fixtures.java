package io.hookflow.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;

/**
 * The benchmark's own credentials and flows, found by name or created through the admin API like the demo
 * flow, then published and started. Reused across runs; each run tells its executions apart by request id.
 */
final class Fixtures {

    /** The bench flows' webhook limit: the highest flow-service takes (flow.limits.rate-limit-per-second), far above any rate here. */
    static final int RATE_LIMIT = 100_000;
    static final String HMAC_HEADER = "x-eio-signature";
    /** A fixture value for the bench's own HMAC credential, not a secret of anything real. */
    static final String HMAC_SECRET = "hookflow-bench-hmac-key";

    final String noAuthCredential;
    final String hmacCredential;
    final String petstoreCredential;
    /** Webhook (no auth) then createPet. */
    final String noAuthFlow;
    /** Webhook (HMAC) then createPet; null when the credential type is not available. */
    final String hmacFlow;
    /** Webhook (no auth) then createPet four times, each from the previous pet. */
    final String fiveStepFlow;

    Fixtures(AdminApi admin) {
        noAuthCredential = admin.findOrCreateCredential("bench webhook (no auth)", "webhook-noauth",
                AdminApi.JSON.createObjectNode());
        String hmac;
        try {
            hmac = admin.findOrCreateCredential("bench webhook (HMAC sha256 hex)", "webhook-hmac",
                    AdminApi.JSON.createObjectNode().put("secret", HMAC_SECRET).put("algorithm", "sha256")
                            .put("encoding", "hex").put("headerName", HMAC_HEADER));
        } catch (IllegalStateException e) {
            System.out.println("  note: no HMAC credential (" + e.getMessage() + "); HMAC runs are skipped");
            hmac = null;
        }
        hmacCredential = hmac;
        petstoreCredential = admin.findOrCreateCredential("bench Petstore", "petstore",
                AdminApi.JSON.createObjectNode().put("apiKey", AdminApi.env("PETSTORE_API_KEY", "secret")));
        noAuthFlow = admin.ensureActiveFlow(flow("bench: no auth, 2 steps", noAuthCredential, 1));
        hmacFlow = hmacCredential == null ? null : admin.ensureActiveFlow(flow("bench: HMAC, 2 steps", hmacCredential, 1));
        fiveStepFlow = admin.ensureActiveFlow(flow("bench: no auth, 5 steps", noAuthCredential, 4));
        for (String flow : new String[] {noAuthFlow, hmacFlow, fiveStepFlow}) {
            if (flow != null) {
                awaitLive(admin, flow);
            }
        }
    }

    private ObjectNode flow(String name, String webhookCredential, int actions) {
        ObjectNode flow = AdminApi.JSON.createObjectNode().put("name", name)
                .put("description", "Created by bench/run; safe to delete when no benchmark runs");
        ArrayNode steps = flow.putArray("steps");
        ObjectNode trigger = steps.addObject().put("id", "step_1").put("name", "Webhook").put("component", "webhook")
                .put("function", "receive").put("credentialId", webhookCredential);
        trigger.putObject("sample").put("petname", "Gromit").put("petstatus", "sold");
        for (int a = 1; a <= actions; a++) {
            ObjectNode step = steps.addObject().put("id", "step_" + (a + 1)).put("name", "Create pet " + a)
                    .put("component", "petstore").put("function", "createPet").put("credentialId", petstoreCredential);
            // the webhook body has petname/petstatus; a created pet has name/status
            step.putObject("mapping").put("name", a == 1 ? "petname" : "name").put("status", a == 1 ? "petstatus" : "status");
        }
        flow.putObject("settings").put("rateLimitPerSecond", RATE_LIMIT);
        return flow;
    }

    static void awaitLive(AdminApi admin, String flowId) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (admin.webhookStatus(flowId) != 200) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("the webhook of flow " + flowId + " is not live after 30 s");
            }
            Bench.sleep(Duration.ofMillis(200));
        }
    }
}
