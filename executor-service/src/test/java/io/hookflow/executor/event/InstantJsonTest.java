package io.hookflow.executor.event;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Instants written and read exactly as Jackson's Java time module and {@code ISO_INSTANT} do. */
class InstantJsonTest {

    private final ObjectMapper standard = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private final ObjectMapper ours = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).registerModule(InstantJson.module());

    @Test
    void writesWhatIsoInstantWrites() throws Exception {
        for (Instant instant : samples()) {
            assertThat(InstantJson.format(instant)).as("%s", instant.getEpochSecond() + "s " + instant.getNano() + "ns")
                    .isEqualTo(DateTimeFormatter.ISO_INSTANT.format(instant));
            assertThat(ours.writeValueAsString(instant)).isEqualTo(standard.writeValueAsString(instant));
        }
    }

    @Test
    void readsWhatJacksonReads() throws Exception {
        List<String> texts = new ArrayList<>();
        for (Instant instant : samples()) {
            texts.add(DateTimeFormatter.ISO_INSTANT.format(instant));
        }
        texts.addAll(List.of("2026-11-28T20:40:03.1Z", "2026-11-28T20:40:03.12Z", "2026-11-28T20:40:03.1234Z",
                "2026-11-28T21:40:03.123+01:00", "2026-11-28T20:40:03.123z", "1999-12-31T23:59:60Z", "+12026-01-01T00:00:00Z"));
        for (String text : texts) {
            String json = "\"" + text + "\"";
            assertThat(ours.readValue(json, Instant.class)).as(text).isEqualTo(standard.readValue(json, Instant.class));
        }
        assertThat(ours.readValue("1764362403.123", Instant.class)).isEqualTo(standard.readValue("1764362403.123", Instant.class));
        for (String wrong : List.of("2026-13-28T20:40:03Z", "2026-02-30T20:40:03Z", "2026-11-28T20:40:03.Z",
                "2026-11-28T20:4x:03Z", "2026-11-28 20:40:03Z", "yesterday")) {
            assertThat(InstantJson.parseUtc(wrong)).as(wrong).isNull();
        }
    }

    private static List<Instant> samples() {
        Random random = new Random(42);
        List<Instant> samples = new ArrayList<>(List.of(Instant.EPOCH, Instant.parse("2026-11-28T20:40:03Z"),
                Instant.parse("2026-11-28T20:40:03.123Z"), Instant.parse("2026-11-28T20:40:03.000123Z"),
                Instant.parse("2026-11-28T20:40:03.000000123Z"), Instant.parse("0000-01-01T00:00:00Z"),
                Instant.parse("9999-12-31T23:59:59.999999999Z"), Instant.parse("+10000-01-01T00:00:00Z"),
                Instant.parse("-0001-12-31T23:59:59Z"), Instant.parse("2024-02-29T12:00:00.5Z")));
        for (int i = 0; i < 2000; i++) {
            long seconds = (long) (random.nextDouble() * 253402300800L);
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            samples.add(Instant.ofEpochSecond(seconds, nanos));
        }
        return samples;
    }
}
