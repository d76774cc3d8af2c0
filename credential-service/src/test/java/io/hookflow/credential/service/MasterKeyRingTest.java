package io.hookflow.credential.service;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MasterKeyRingTest {

    private static final String CURRENT = SecretCipherTest.key('c');
    private static final String OLD = SecretCipherTest.key('o');
    private static final String OLDER = SecretCipherTest.key('p');
    private static final String SHORT = Base64.getEncoder().encodeToString("sixteen-byte-key".getBytes(StandardCharsets.US_ASCII));
    private static final String NOT_BASE64 = "not base64 but a secret!";

    private static MasterKeyRing ring(String id, String key, String retired) {
        return MasterKeyRing.of(id, key, Optional.ofNullable(retired));
    }

    @Test
    void holdsTheCurrentAndTheRetiredKeys() {
        MasterKeyRing ring = ring("k3", CURRENT, " k2:" + OLD + " , k1:" + OLDER + ",");

        assertThat(ring.currentId()).isEqualTo("k3");
        assertThat(ring.retiredIds()).containsExactly("k2", "k1");
        assertThat(ring.holds("k1")).isTrue();
        assertThat(ring.holds("k0")).isFalse();
        assertThat(ring.holds(null)).isFalse();
        assertThat(ring.key("k2")).isPresent();
        assertThat(ring.toString()).doesNotContain(CURRENT, OLD, OLDER);
    }

    @Test
    void treatsAnEmptyRetiredListAsNone() {
        assertThat(ring("k1", CURRENT, null).retiredIds()).isEmpty();
        assertThat(ring("k1", CURRENT, "  ").retiredIds()).isEmpty();
    }

    @Test
    void refusesACurrentKeyThatIsNot32BytesOrNotBase64() {
        assertThatThrownBy(() -> ring("k1", SHORT, null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("credential.encryption.key (env CREDENTIAL_ENCRYPTION_KEY)")
                .hasMessageContaining("exactly 32 bytes")
                .hasMessageContaining("16 bytes")
                .hasMessageNotContaining(SHORT);
        assertThatThrownBy(() -> ring("k1", NOT_BASE64, null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("credential.encryption.key (env CREDENTIAL_ENCRYPTION_KEY) is not valid base64")
                .hasMessageNotContaining(NOT_BASE64);
        assertThatThrownBy(() -> ring("k1", null, null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("credential.encryption.key");
    }

    @Test
    void refusesABadKeyId() {
        assertThatThrownBy(() -> ring(" ", CURRENT, null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("credential.encryption.key-id (env CREDENTIAL_ENCRYPTION_KEY_ID)");
        assertThatThrownBy(() -> ring("k".repeat(65), CURRENT, null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("credential.encryption.key-id");
    }

    @Test
    void refusesARetiredKeyThatIsNot32BytesOrNotBase64() {
        assertThatThrownBy(() -> ring("k2", CURRENT, "k1:" + SHORT))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("credential.encryption.retired-keys (env CREDENTIAL_ENCRYPTION_RETIRED_KEYS), entry 1 (key 'k1')")
                .hasMessageContaining("exactly 32 bytes")
                .hasMessageNotContaining(SHORT)
                .hasMessageNotContaining(CURRENT);
        assertThatThrownBy(() -> ring("k2", CURRENT, "k0:" + OLDER + ",k1:" + NOT_BASE64))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("credential.encryption.retired-keys (env CREDENTIAL_ENCRYPTION_RETIRED_KEYS), entry 2 (key 'k1') is not valid base64")
                .hasMessageNotContaining(NOT_BASE64)
                .hasMessageNotContaining(OLDER);
    }

    @Test
    void refusesARetiredEntryWithoutAKeyIdOrWithABadOne() {
        assertThatThrownBy(() -> ring("k2", CURRENT, OLD))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("credential.encryption.retired-keys (env CREDENTIAL_ENCRYPTION_RETIRED_KEYS), entry 1")
                .hasMessageContaining("<keyId>:<base64 key>")
                .hasMessageNotContaining(OLD);
        assertThatThrownBy(() -> ring("k2", CURRENT, "old key:" + OLD))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("invalid key id")
                .hasMessageNotContaining(OLD);
        // a key pasted the wrong way round: its "id" is the key, which must not be echoed
        assertThatThrownBy(() -> ring("k2", CURRENT, OLD + ":k1"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("invalid key id")
                .hasMessageNotContaining(OLD);
    }

    @Test
    void refusesDuplicateRetiredIds() {
        assertThatThrownBy(() -> ring("k3", CURRENT, "k1:" + OLD + ",k1:" + OLDER))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("credential.encryption.retired-keys (env CREDENTIAL_ENCRYPTION_RETIRED_KEYS), entry 2")
                .hasMessageContaining("repeats key id 'k1'")
                .hasMessageNotContaining(OLD)
                .hasMessageNotContaining(OLDER);
    }

    @Test
    void refusesARetiredIdEqualToTheCurrentOne() {
        assertThatThrownBy(() -> ring("k1", CURRENT, "k1:" + OLD))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("credential.encryption.retired-keys (env CREDENTIAL_ENCRYPTION_RETIRED_KEYS), entry 1")
                .hasMessageContaining("'k1', which is the current credential.encryption.key-id")
                .hasMessageNotContaining(OLD)
                .hasMessageNotContaining(CURRENT);
    }
}
