package io.hookflow.flow;

import io.hookflow.flow.support.PlatformTestProfile;
import io.hookflow.flow.support.TestFlows;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.hookflow.flow.support.TestFlows.createPetStep;
import static io.hookflow.flow.support.TestFlows.webhookStep;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/** The bounds of flow documents (flow.limits.*, at their defaults): each breach answers 400 naming the field. */
@QuarkusTest
@TestProfile(PlatformTestProfile.class)
@TestSecurity(user = "demo", roles = {"flows.read", "flows.write", "flows.control"})
@OidcSecurity(claims = @Claim(key = "workspace", value = "demo"))
class FlowLimitsTest {

    private static final int SAMPLE_BYTES = 256 * 1024;

    @Test
    void acceptsAFlowWithEveryValueAtItsBound() {
        Map<String, Object> trigger = step(webhookStep(), Map.of(
                "id", "s".repeat(64), "name", "n".repeat(200), "note", "x".repeat(10_000),
                "sample", sampleOfSize(SAMPLE_BYTES)));
        Map<String, Object> action = step(createPetStep(Map.of("name", "\"" + "p".repeat(9_998) + "\"")),
                Map.of("id", "Step-2_b"));
        Map<String, Object> body = new HashMap<>(Map.of("name", "g".repeat(200), "description", "d".repeat(10_000),
                "steps", List.of(trigger, action),
                "settings", Map.of("rateLimitPerSecond", 100_000, "label", "l".repeat(16_384 - 50))));
        given().contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/flows")
                .then().statusCode(201)
                .body("draft.steps[0].id", equalTo("s".repeat(64)))
                .body("draft.steps[1].mapping.name.length()", equalTo(10_000));

        List<Map<String, Object>> steps = new ArrayList<>(List.of(webhookStep()));
        for (int i = 2; i <= 50; i++) {
            steps.add(step(createPetStep(Map.of("name", "petname")), Map.of("id", "step_" + i)));
        }
        given().contentType(ContentType.JSON).body(TestFlows.flow("Fifty steps", steps))
                .when().post("/api/v1/flows")
                .then().statusCode(201).body("draft.steps.size()", equalTo(50));
    }

    @Test
    void refusesANameOrDescriptionOverItsBound() {
        expect400(Map.of("name", "g".repeat(201), "steps", List.of(webhookStep())),
                "name is longer than 200 characters");
        expect400(Map.of("name", "Gromit", "description", "d".repeat(10_001), "steps", List.of(webhookStep())),
                "description is longer than 10000 characters");
    }

    @Test
    void refusesAStepNameOrNoteOverItsBound() {
        expect400(flow(step(webhookStep(), Map.of("name", "n".repeat(201)))),
                "step step_1: name is longer than 200 characters");
        expect400(flow(step(webhookStep(), Map.of("note", "x".repeat(10_001)))),
                "step step_1: note is longer than 10000 characters");
    }

    @Test
    void refusesAStepIdTooLongOrWithOtherCharacters() {
        expect400(flow(step(webhookStep(), Map.of("id", "s".repeat(65)))),
                "steps[0].id must be 1 to 64 characters of A-Z, a-z, 0-9, _ and -");
        expect400(flow(webhookStep(), step(createPetStep(Map.of("name", "petname")), Map.of("id", "step 2"))),
                "steps[1].id must be 1 to 64 characters of A-Z, a-z, 0-9, _ and -");
        expect400(flow(webhookStep(), step(createPetStep(Map.of("name", "petname")), Map.of("id", "stép"))),
                "steps[1].id must be 1 to 64 characters of A-Z, a-z, 0-9, _ and -");
    }

    @Test
    void refusesMoreThanFiftySteps() {
        List<Map<String, Object>> steps = new ArrayList<>(List.of(webhookStep()));
        for (int i = 2; i <= 51; i++) {
            steps.add(step(createPetStep(Map.of("name", "petname")), Map.of("id", "step_" + i)));
        }
        expect400(TestFlows.flow("Too long", steps), "steps holds 51 steps; a flow has at most 50");
    }

    @Test
    void refusesAMappingExpressionOverItsBound() {
        expect400(flow(webhookStep(), createPetStep(Map.of("name", "\"" + "p".repeat(9_999) + "\""))),
                "step step_2: mapping.name is longer than 10000 characters");
    }

    @Test
    void refusesASampleThatIsNotAnObjectOrOverItsBound() {
        expect400(flow(step(webhookStep(), Map.of("sample", sampleOfSize(SAMPLE_BYTES + 1)))),
                "step step_1: sample is 262145 bytes as JSON; a sample holds at most 262144 bytes");
        expect400(flow(step(webhookStep(), Map.of("sample", List.of("Gromit")))),
                "step step_1: sample must be a JSON object, not an array");
        expect400(flow(step(webhookStep(), Map.of("sample", "Gromit"))),
                "step step_1: sample must be a JSON object, not a string");
    }

    @Test
    void refusesSettingsOverTheirBoundAndRatesOutOfRange() {
        Map<String, Object> big = Map.of("name", "Gromit", "steps", List.of(webhookStep()),
                "settings", Map.of("label", "l".repeat(16_384)));
        expect400(big, "settings is 16396 bytes as JSON; settings hold at most 16384 bytes");
        for (Object rate : List.of(0, -1, 100_001, 2.5, "10")) {
            expect400(Map.of("name", "Gromit", "steps", List.of(webhookStep()),
                            "settings", Map.of("rateLimitPerSecond", rate)),
                    "settings.rateLimitPerSecond must be an integer from 1 to 100000");
        }
    }

    @Test
    void refusesTheSameOnReplace() {
        String id = TestFlows.createGromit();
        given().contentType(ContentType.JSON)
                .body(Map.of("name", "Gromit", "description", "d".repeat(10_001), "steps", List.of(webhookStep())))
                .when().put("/api/v1/flows/" + id)
                .then().statusCode(400)
                .body("error", equalTo("description is longer than 10000 characters"));
    }

    /** A sample {"s":"xx…"} of exactly this many bytes as compact JSON. */
    static Map<String, Object> sampleOfSize(int bytes) {
        return Map.of("s", "x".repeat(bytes - "{\"s\":\"\"}".length()));
    }

    private static Map<String, Object> step(Map<String, Object> step, Map<String, Object> changes) {
        Map<String, Object> changed = new HashMap<>(step);
        changed.putAll(changes);
        return changed;
    }

    @SafeVarargs
    private static Map<String, Object> flow(Map<String, Object>... steps) {
        return Map.of("name", "Gromit", "steps", List.of(steps));
    }

    private static void expect400(Map<String, Object> body, String message) {
        given().contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/flows")
                .then().statusCode(400)
                .contentType(ContentType.JSON)
                .body("error", equalTo(message));
    }
}
