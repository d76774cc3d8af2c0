package io.hookflow.executor.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RetryStateTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aHeaderWithoutTheSeriesFieldsReadsAsTheSeriesFromReceipt() {
        RetryState state = read("{\"attempt\":3,\"nextAttemptAt\":1764835201412,\"stepAttempts\":{\"step_2\":2}}");

        assertThat(state).isEqualTo(new RetryState(3, 1764835201412L, Map.of("step_2", 2), null, null, false));
        assertThat(state.following(4, 1764835202000L, Map.of("step_2", 3)))
                .isEqualTo(new RetryState(4, 1764835202000L, Map.of("step_2", 3), null, null, false));
    }

    @Test
    void aManualRetryStartsASeriesAtItsAttemptAndDueTime() {
        RetryState state = read("{\"attempt\":21,\"nextAttemptAt\":1764835201412,\"stepAttempts\":{},\"manual\":true}");

        assertThat(state.manual()).isTrue();
        assertThat(state.seriesFirstAttempt()).isEqualTo(21);
        assertThat(state.seriesStartedAt()).isEqualTo(1764835201412L);
        assertThat(RetryState.dueAt(headers("{\"attempt\":21,\"nextAttemptAt\":1764835201412,\"manual\":true}"), JSON))
                .isEqualTo(1764835201412L);
    }

    @Test
    void theAttemptsAfterAManualRetryKeepItsSeriesAndAreNotManual() {
        RetryState manual = read("{\"attempt\":21,\"nextAttemptAt\":1764835201412,\"stepAttempts\":{},\"manual\":true}");
        RetryState next = manual.following(22, 1764835202000L, Map.of("step_2", 1));

        assertThat(next).isEqualTo(new RetryState(22, 1764835202000L, Map.of("step_2", 1), 21, 1764835201412L, false));
        // and so does the header it travels in
        assertThat(read(new String(next.toHeader(JSON), StandardCharsets.UTF_8))).isEqualTo(next);
    }

    @Test
    void theHeaderCarriesOnlyTheFieldsThatSaySomething() throws Exception {
        JsonNode plain = JSON.readTree(new RetryState(2, 1764835201412L, Map.of("step_2", 1), null, null, false)
                .toHeader(JSON));
        assertThat(plain).isEqualTo(JSON.readTree(
                "{\"attempt\":2,\"nextAttemptAt\":1764835201412,\"stepAttempts\":{\"step_2\":1}}"));

        JsonNode series = JSON.readTree(new RetryState(22, 1764835202000L, Map.of(), 21, 1764835201412L, false)
                .toHeader(JSON));
        assertThat(series).isEqualTo(JSON.readTree("{\"attempt\":22,\"nextAttemptAt\":1764835202000,\"stepAttempts\":{},"
                + "\"seriesFirstAttempt\":21,\"seriesStartedAt\":1764835201412}"));
    }

    @Test
    void unknownFieldsAreIgnoredAndAnUnreadableHeaderIsAFirstAttempt() {
        assertThat(read("{\"attempt\":2,\"nextAttemptAt\":5,\"stepAttempts\":{},\"reason\":\"operator\"}"))
                .isEqualTo(new RetryState(2, 5, Map.of(), null, null, false));
        assertThat(read("not json")).isSameAs(RetryState.FIRST);
        assertThat(read("{\"attempt\":0,\"manual\":true}")).isSameAs(RetryState.FIRST);
        assertThat(RetryState.of(new RecordHeaders(), JSON)).isSameAs(RetryState.FIRST);
    }

    private static RetryState read(String header) {
        return RetryState.of(headers(header), JSON);
    }

    private static RecordHeaders headers(String retryHeader) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(new RecordHeader(ExecutionEventProducer.RETRY_HEADER, retryHeader.getBytes(StandardCharsets.UTF_8)));
        return headers;
    }
}
