package io.hookflow.ingress.auth;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class EncodingsAndConstantTimeTest {

    @Test
    void decodesHexInEitherCaseFromAnOffset() {
        byte[] out = new byte[8];
        assertThat(Encodings.decodeHex("sha256=0aFf10", 7, 13, out)).isEqualTo(3);
        assertThat(Arrays.copyOf(out, 3)).containsExactly(0x0a, 0xff, 0x10);
    }

    @Test
    void refusesHexThatIsOddOrNotHexOrTooLong() {
        byte[] out = new byte[2];
        assertThat(Encodings.decodeHex("abc", 0, 3, out)).isEqualTo(-1);
        assertThat(Encodings.decodeHex("zz", 0, 2, out)).isEqualTo(-1);
        assertThat(Encodings.decodeHex("aabbcc", 0, 6, out)).isEqualTo(-1);
    }

    @Test
    void decodesBase64LikeTheJdkWithOrWithoutPadding() {
        Random random = new Random(42);
        byte[] out = new byte[128];
        for (int length = 0; length < 70; length++) {
            byte[] data = new byte[length];
            random.nextBytes(data);
            String padded = Base64.getEncoder().encodeToString(data);
            String unpadded = Base64.getEncoder().withoutPadding().encodeToString(data);
            String urlSafe = Base64.getUrlEncoder().encodeToString(data);
            for (String text : new String[] {padded, unpadded, urlSafe}) {
                int decoded = Encodings.decodeBase64(text, 0, text.length(), out);
                assertThat(decoded).as(text).isEqualTo(length);
                assertThat(Arrays.copyOf(out, decoded)).isEqualTo(data);
            }
        }
    }

    @Test
    void refusesBase64WithForeignCharactersBadLengthOrNoRoom() {
        byte[] out = new byte[4];
        assertThat(Encodings.decodeBase64("ab!d", 0, 4, out)).isEqualTo(-1);
        assertThat(Encodings.decodeBase64("abcde", 0, 5, out)).isEqualTo(-1);
        assertThat(Encodings.decodeBase64("abc==", 0, 5, out)).isEqualTo(-1);
        assertThat(Encodings.decodeBase64("YWJjZGVmZ2g=", 0, 12, out)).isEqualTo(-1);
    }

    @Test
    void comparesByteRangesExactly() {
        byte[] expected = "secret".getBytes(StandardCharsets.US_ASCII);
        byte[] buffer = "xxsecretyy".getBytes(StandardCharsets.US_ASCII);
        assertThat(ConstantTime.equals(expected, buffer, 2, 6)).isTrue();
        assertThat(ConstantTime.equals(expected, buffer, 2, 5)).isFalse();
        assertThat(ConstantTime.equals(expected, buffer, 2, 7)).isFalse();
        assertThat(ConstantTime.equals(expected, buffer, 1, 6)).isFalse();
        assertThat(ConstantTime.equals(expected, buffer, 0, 0)).isFalse();
        assertThat(ConstantTime.equals(new byte[0], buffer, 0, 0)).isTrue();
        byte[] received = HexFormat.of().parseHex("00ff00ff0000");
        assertThat(ConstantTime.equals(new byte[] {0, -1, 0, -1}, received, 0, 4)).isTrue();
        assertThat(ConstantTime.equals(new byte[] {0, -1, 0, -2}, received, 0, 4)).isFalse();
        assertThat(ConstantTime.equals(new byte[] {0, -1, 0, -1}, received, 0, 6)).isFalse();
    }

    @Test
    void comparesHeaderValuesByteForByte() {
        byte[] key = "k3y".getBytes(StandardCharsets.UTF_8);
        assertThat(ConstantTime.equalsHeaderBytes(key, "k3y")).isTrue();
        assertThat(ConstantTime.equalsHeaderBytes(key, "k3Y")).isFalse();
        assertThat(ConstantTime.equalsHeaderBytes(key, "k3")).isFalse();
        assertThat(ConstantTime.equalsHeaderBytes(key, "k3yy")).isFalse();
        assertThat(ConstantTime.equalsHeaderBytes(key, "")).isFalse();
        // A header arrives as one char per byte: a UTF-8 key sent as UTF-8 matches, its Latin-1 form does not.
        byte[] unicode = "clé-🔑".getBytes(StandardCharsets.UTF_8);
        assertThat(ConstantTime.equalsHeaderBytes(unicode, asReceived("clé-🔑".getBytes(StandardCharsets.UTF_8)))).isTrue();
        assertThat(ConstantTime.equalsHeaderBytes(unicode, asReceived("clé-🔑".getBytes(StandardCharsets.ISO_8859_1))))
                .isFalse();
        assertThat(ConstantTime.equalsHeaderBytes(unicode, "clé-🔑")).isFalse();
        // a char over 0xFF never matches a byte, even one equal to its low 8 bits
        assertThat(ConstantTime.equalsHeaderBytes(new byte[] {0x41}, "\u0141")).isFalse();
    }

    private static String asReceived(byte[] sent) {
        return new String(sent, StandardCharsets.ISO_8859_1);
    }
}
