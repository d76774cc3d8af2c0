package io.hookflow.credential.service;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretCipherTest {

    private static final String KEY = key('a');
    private static final String OLD_KEY = key('b');
    private static final byte[] AAD = "65a1f0c2b7e4d3a2f1e0c9b8".getBytes(StandardCharsets.UTF_8);
    private static final byte[] PLAIN = "{\"password\":\"hunter2\"}".getBytes(StandardCharsets.UTF_8);

    static String key(char fill) {
        return Base64.getEncoder().encodeToString(String.valueOf(fill).repeat(32).getBytes(StandardCharsets.US_ASCII));
    }

    private static SecretCipher cipher(String currentId, String currentKey, String retired) {
        return new SecretCipher(MasterKeyRing.of(currentId, currentKey, Optional.ofNullable(retired)));
    }

    @Test
    void roundTripsWithAFreshIvEachTime() {
        SecretCipher cipher = cipher("k1", KEY, null);

        byte[] first = cipher.encrypt(PLAIN, AAD);
        byte[] second = cipher.encrypt(PLAIN, AAD);

        assertThat(first).isNotEqualTo(second);
        assertThat(first).hasSize(SecretCipher.IV_BYTES + PLAIN.length + 16);
        assertThat(cipher.decrypt("k1", first, AAD)).isEqualTo(PLAIN);
    }

    @Test
    void refusesTamperedDataAnotherRowOrAnUnknownKeyId() {
        SecretCipher cipher = cipher("k1", KEY, null);
        byte[] sealed = cipher.encrypt("secret".getBytes(StandardCharsets.UTF_8), AAD);

        byte[] tampered = sealed.clone();
        tampered[tampered.length - 1] ^= 1;
        assertThatThrownBy(() -> cipher.decrypt("k1", tampered, AAD)).isInstanceOf(SecretDecryptionException.class);
        assertThatThrownBy(() -> cipher.decrypt("k1", sealed, "another-id".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SecretDecryptionException.class);
        assertThatThrownBy(() -> cipher.decrypt("k0", sealed, AAD))
                .isInstanceOf(UnknownMasterKeyException.class)
                .hasMessageContaining("'k0'");
    }

    @Test
    void decryptsWithTheKeyTheRowNamesAndEncryptsWithTheCurrentOne() {
        SecretCipher before = cipher("k1", OLD_KEY, null);
        byte[] underOldKey = before.encrypt(PLAIN, AAD);

        SecretCipher after = cipher("k2", KEY, "k1:" + OLD_KEY);
        assertThat(after.keyId()).isEqualTo("k2");
        assertThat(after.holds("k1")).isTrue();
        assertThat(after.holds("k0")).isFalse();
        assertThat(after.retiredKeyIds()).containsExactly("k1");
        assertThat(after.decrypt("k1", underOldKey, AAD)).isEqualTo(PLAIN);

        byte[] underNewKey = after.reencrypt("k1", underOldKey, AAD, AAD);
        assertThat(after.decrypt("k2", underNewKey, AAD)).isEqualTo(PLAIN);
        // really the current key's material: a service holding only the new key reads it, the old key does not
        assertThat(cipher("k2", KEY, null).decrypt("k2", underNewKey, AAD)).isEqualTo(PLAIN);
        assertThatThrownBy(() -> cipher("k2", OLD_KEY, null).decrypt("k2", underNewKey, AAD))
                .isInstanceOf(SecretDecryptionException.class);
        // and a row labelled with the wrong key id does not pass as another key's
        assertThatThrownBy(() -> after.decrypt("k2", underOldKey, AAD))
                .isInstanceOf(SecretDecryptionException.class)
                .hasMessageNotContaining(KEY)
                .hasMessageNotContaining(OLD_KEY);
    }
}
