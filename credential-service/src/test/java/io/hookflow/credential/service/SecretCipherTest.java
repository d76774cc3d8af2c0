package io.hookflow.credential.service;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretCipherTest {

    private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);
    private static final byte[] AAD = "65a1f0c2b7e4d3a2f1e0c9b8".getBytes(StandardCharsets.UTF_8);

    @Test
    void roundTripsWithAFreshIvEachTime() {
        SecretCipher cipher = new SecretCipher("k1", KEY);
        byte[] plain = "{\"password\":\"hunter2\"}".getBytes(StandardCharsets.UTF_8);

        byte[] first = cipher.encrypt(plain, AAD);
        byte[] second = cipher.encrypt(plain, AAD);

        assertThat(first).isNotEqualTo(second);
        assertThat(first).hasSize(SecretCipher.IV_BYTES + plain.length + 16);
        assertThat(cipher.decrypt("k1", first, AAD)).isEqualTo(plain);
    }

    @Test
    void refusesTamperedDataAnotherRowOrAnUnknownKeyId() {
        SecretCipher cipher = new SecretCipher("k1", KEY);
        byte[] sealed = cipher.encrypt("secret".getBytes(StandardCharsets.UTF_8), AAD);

        byte[] tampered = sealed.clone();
        tampered[tampered.length - 1] ^= 1;
        assertThatThrownBy(() -> cipher.decrypt("k1", tampered, AAD)).isInstanceOf(SecretDecryptionException.class);
        assertThatThrownBy(() -> cipher.decrypt("k1", sealed, "another-id".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SecretDecryptionException.class);
        assertThatThrownBy(() -> cipher.decrypt("k0", sealed, AAD))
                .isInstanceOf(SecretDecryptionException.class)
                .hasMessageContaining("'k0'");
    }

    @Test
    void failsClearlyOnAKeyThatIsNot32Bytes() {
        String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
        assertThatThrownBy(() -> new SecretCipher("k1", shortKey))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("exactly 32 bytes")
                .hasMessageContaining("16 bytes")
                .hasMessageNotContaining(shortKey);
        assertThatThrownBy(() -> new SecretCipher("k1", "not base64 at all!"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not valid base64");
    }
}
