package io.hookflow.ingress.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Request ids: 32 hex characters; the caller's own {@code x-request-id} when it has that form, and for a call signed
 * the Standard Webhooks way one derived from the flow and its {@code webhook-id}.
 */
public final class RequestIds {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    private RequestIds() {
    }

    /**
     * The incoming id when it is exactly 32 hex characters, else a new random one. New ids come from a
     * {@link SecureRandom}: a caller can choose its own id, so ids of other calls must not be guessable.
     */
    public static String reuseOrCreate(String incoming) {
        if (isValid(incoming)) {
            return incoming;
        }
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HEX.formatHex(bytes);
    }

    // What the pattern [0-9a-fA-F]{32} matches, without a Matcher per call.
    static boolean isValid(String id) {
        if (id == null || id.length() != 32) {
            return false;
        }
        for (int i = 0; i < 32; i++) {
            char c = id.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
                return false;
            }
        }
        return true;
    }

    /**
     * The first 32 hex characters of SHA-256({@code flowId + ":" + webhookId}): every resend of one message gets the
     * same request id, on any ingress instance and after restarts, so that downstream (executions upserted by request
     * id, connector calls with {@code Idempotency-Key: requestId:stepId}) collapses it.
     */
    public static String fromWebhookId(String flowId, String webhookId) {
        MessageDigest sha256 = SHA256.get();
        sha256.update(flowId.getBytes(StandardCharsets.UTF_8));
        sha256.update((byte) ':');
        byte[] digest = sha256.digest(webhookId.getBytes(StandardCharsets.UTF_8));
        return HEX.formatHex(digest, 0, 16);
    }
}
