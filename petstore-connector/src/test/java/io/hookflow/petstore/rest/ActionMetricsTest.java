package io.hookflow.petstore.rest;

import io.hookflow.testsupport.PrometheusScrape;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code hookflow_connector_action_duration_seconds} (docs/metrics.md), moved by real calls of each outcome. */
@QuarkusTest
@WithTestResource(PetstoreStubResource.class)
class ActionMetricsTest {

    private static final String TIMER = "hookflow_connector_action_duration_seconds_count";

    @Test
    void countsAndTimesActionsAndVerificationsByFunctionAndOutcome() {
        PrometheusScrape before = PrometheusScrape.now();

        createPet(PetstoreStubResource.KEY, "{\"name\":\"" + unique() + "\",\"status\":\"sold\"}", 200);
        createPet(PetstoreStubResource.KEY, "{\"name\":\"" + unique() + "\"}", 200);
        createPet(PetstoreStubResource.KEY, "{\"status\":\"sold\"}", 400);
        createPet("wrong-key-4711", "{\"name\":\"" + unique() + "\"}", 422);
        createPet(PetstoreStubResource.BOOM_KEY, "{\"name\":\"" + unique() + "\"}", 502);
        internal().contentType(ContentType.JSON).body("{\"credentials\":{\"apiKey\":\"secret\"},\"input\":{}}")
                .when().post("/actions/deletePet").then().statusCode(404);
        verify(PetstoreStubResource.KEY);
        verify("wrong-key-4711");

        // a call is recorded as its result is known, before it is answered
        PrometheusScrape after = PrometheusScrape.now();
        assertThat(moved(before, after, "createPet", "success")).isEqualTo(2);
        assertThat(moved(before, after, "createPet", "invalid")).isEqualTo(1);
        assertThat(moved(before, after, "createPet", "rejected")).isEqualTo(1);
        assertThat(moved(before, after, "createPet", "unavailable")).isEqualTo(1);
        assertThat(moved(before, after, "createPet", "error")).isZero();
        assertThat(moved(before, after, "unknown", "invalid")).isEqualTo(1);
        assertThat(moved(before, after, "verify", "success")).isEqualTo(1);
        assertThat(moved(before, after, "verify", "rejected")).isEqualTo(1);
        PrometheusScrape now = after;
        assertThat(now.has("hookflow_connector_action_duration_seconds_bucket", "component", "petstore",
                "function", "createPet", "outcome", "success", "le", "+Inf")).isTrue();
        // the action's name is never a label of its own: an unknown one counts as "unknown"
        assertThat(now.text()).doesNotContain("deletePet");
    }

    @Test
    void namesEveryFunctionAndOutcomeFromTheFirstScrape() {
        PrometheusScrape scrape = PrometheusScrape.now();
        for (String function : List.of("createPet", "verify", "unknown")) {
            for (String outcome : List.of("success", "invalid", "rejected", "unavailable", "error")) {
                assertThat(scrape.has("hookflow_connector_action_duration_seconds_bucket", "component", "petstore",
                        "function", function, "outcome", outcome)).as(function + "," + outcome).isTrue();
            }
        }
        // no test here ends a verify in error: the series is there from startup, not from a first call
        assertThat(scrape.value(TIMER, "component", "petstore", "function", "verify", "outcome", "error")).isZero();
    }

    private static double moved(PrometheusScrape before, PrometheusScrape after, String function, String outcome) {
        String[] labels = {"component", "petstore", "function", function, "outcome", outcome};
        return after.value(TIMER, labels) - before.value(TIMER, labels);
    }

    private static void createPet(String apiKey, String input, int status) {
        internal().contentType(ContentType.JSON)
                .body("{\"credentials\":{\"apiKey\":\"" + apiKey + "\"},\"input\":" + input
                        + ",\"executionId\":\"" + unique() + "\",\"stepId\":\"step_2\"}")
                .when().post("/actions/createPet").then().statusCode(status);
    }

    private static void verify(String apiKey) {
        internal().contentType(ContentType.JSON).body("{\"credentials\":{\"apiKey\":\"" + apiKey + "\"}}")
                .when().post("/verify").then().statusCode(200);
    }

    private static io.restassured.specification.RequestSpecification internal() {
        return given();
    }

    private static String unique() {
        return UUID.randomUUID().toString().replace("-", "");
    }
}
