package io.hookflow.flow;

import io.hookflow.flow.service.FlowService;
import io.hookflow.flow.support.PlatformTestProfile;
import io.hookflow.flow.support.TestFlows;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasItem;

@QuarkusTest
@TestProfile(PlatformTestProfile.class)
class SecurityTest {

    @Inject
    FlowService flows;

    @Test
    void answers401WithoutAToken() {
        given().when().get("/api/v1/flows")
                .then().statusCode(401)
                .header("WWW-Authenticate", "Bearer")
                .body("error", equalTo("Authentication required: send a valid bearer token"));
        given().when().get("/api/v1/components").then().statusCode(401);
    }

    @Test
    void answers401ForATokenThatDoesNotVerify() {
        given().auth().oauth2("not.a.jwt").when().get("/api/v1/flows")
                .then().statusCode(401).body("error", not(equalTo(null)));
    }

    @Test
    @TestSecurity(user = "viewer", roles = {"flows.read", "credentials.read", "executions.read"})
    @OidcSecurity(claims = @Claim(key = "workspace", value = "demo"))
    void answers403WhenTheRoleIsMissing() {
        given().contentType(ContentType.JSON).body(TestFlows.gromit())
                .when().post("/api/v1/flows")
                .then().statusCode(403).body("error", equalTo("The token lacks the role or workspace this request needs"));
        given().when().post("/api/v1/flows/ffffffffffffffffffffffff/start").then().statusCode(403);
        given().when().get("/api/v1/flows").then().statusCode(200);
    }

    @Test
    @TestSecurity(user = "writer", roles = {"flows.write"})
    @OidcSecurity(claims = @Claim(key = "workspace", value = "demo"))
    void requiresFlowsControlToPublishAndExecutionsReadForExecutions() {
        given().when().post("/api/v1/flows/ffffffffffffffffffffffff/publish").then().statusCode(403);
        given().when().get("/api/v1/flows/ffffffffffffffffffffffff/executions").then().statusCode(403);
        given().when().get("/api/v1/flows").then().statusCode(403);
    }

    @Test
    @TestSecurity(user = "other", roles = {"flows.read", "flows.write", "flows.control", "executions.read"})
    @OidcSecurity(claims = @Claim(key = "workspace", value = "other"))
    void hidesAnotherWorkspacesFlows() {
        String demoFlow = flows.create("demo", "Demo's flow", null,
                List.of(new FlowStep("step_1", "Webhook", null, "webhook", "receive", "cred", null, null)),
                null).flow().id;

        String notFound = "Flow " + demoFlow + " does not exist";
        given().when().get("/api/v1/flows/" + demoFlow).then().statusCode(404).body("error", equalTo(notFound));
        given().contentType(ContentType.JSON).body(Map.of("name", "Mine now", "steps", List.of(TestFlows.webhookStep())))
                .when().put("/api/v1/flows/" + demoFlow).then().statusCode(404);
        given().when().post("/api/v1/flows/" + demoFlow + "/publish").then().statusCode(404);
        given().when().post("/api/v1/flows/" + demoFlow + "/start").then().statusCode(404);
        given().when().get("/api/v1/flows/" + demoFlow + "/versions").then().statusCode(404);
        given().when().get("/api/v1/flows/" + demoFlow + "/executions").then().statusCode(404);
        given().when().delete("/api/v1/flows/" + demoFlow).then().statusCode(404);
        given().when().get("/api/v1/flows?size=100").then().statusCode(200).body("id", not(hasItem(demoFlow)));
    }
}
