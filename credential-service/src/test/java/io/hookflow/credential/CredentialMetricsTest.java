package io.hookflow.credential;

import io.hookflow.testsupport.ServiceTokens;
import io.hookflow.testsupport.PostgresResource;
import io.hookflow.testsupport.PrometheusScrape;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** credential-service's counters (docs/metrics.md), as Prometheus scrapes them, moved by real calls. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(StubConnectorResource.class)
@QuarkusTestResource(StubFlowServiceResource.class)
class CredentialMetricsTest {

    private static final String API = "/api/v1/credentials";
    private static final String FETCHES = "hookflow_credential_fetches_total";
    private static final String OPERATIONS = "hookflow_credential_operations_total";

    @Test
    @TestSecurity(user = "demo", roles = {"credentials.read", "credentials.write"})
    @OidcSecurity(claims = @Claim(key = "workspace", value = "demo"))
    void countsAdminOperationsAndInternalFetchesByOutcome() {
        PrometheusScrape before = PrometheusScrape.now();

        String id = given().contentType(ContentType.JSON)
                .body(Map.of("name", "metrics", "type", "webhook-basic",
                        "config", Map.of("username", "gromit", "password", "cheese")))
                .when().post(API).then().statusCode(201).extract().path("id");
        given().contentType(ContentType.JSON).body(Map.of("name", "bad", "type", "no-such-type", "config", Map.of()))
                .when().post(API).then().statusCode(400);
        given().when().get(API + "/" + id).then().statusCode(200);
        given().when().get(API + "/0123456789abcdef01234567").then().statusCode(404);
        given().when().get(API).then().statusCode(200);

        given().auth().oauth2(ServiceTokens.service("ingress")).when().get("/internal/credentials/" + id).then().statusCode(200);
        given().auth().oauth2(ServiceTokens.service("ingress")).when().get("/internal/credentials/" + id).then().statusCode(200);
        given().auth().oauth2(ServiceTokens.service("flow")).when().get("/internal/credentials/" + id + "/summary")
                .then().statusCode(200);
        given().auth().oauth2(ServiceTokens.service("ingress")).when().get("/internal/credentials/0123456789abcdef01234567")
                .then().statusCode(404);
        given().when().get("/internal/credentials/" + id).then().statusCode(401);

        PrometheusScrape after = PrometheusScrape.now();
        assertThat(moved(before, after, OPERATIONS, "operation", "create", "outcome", "success")).isEqualTo(1);
        assertThat(moved(before, after, OPERATIONS, "operation", "create", "outcome", "invalid")).isEqualTo(1);
        assertThat(moved(before, after, OPERATIONS, "operation", "get", "outcome", "success")).isEqualTo(1);
        assertThat(moved(before, after, OPERATIONS, "operation", "get", "outcome", "not_found")).isEqualTo(1);
        assertThat(moved(before, after, OPERATIONS, "operation", "list", "outcome", "success")).isEqualTo(1);
        assertThat(moved(before, after, FETCHES, "kind", "config", "outcome", "found")).isEqualTo(2);
        assertThat(moved(before, after, FETCHES, "kind", "summary", "outcome", "found")).isEqualTo(1);
        assertThat(moved(before, after, FETCHES, "kind", "config", "outcome", "not_found")).isEqualTo(1);
        assertThat(moved(before, after, FETCHES, "kind", "config", "outcome", "refused")).isEqualTo(1);
        // every series exists from the start, at 0 until it happens
        assertThat(after.has(OPERATIONS, "operation", "delete", "outcome", "conflict")).isTrue();
        assertThat(after.has(OPERATIONS, "operation", "verify", "outcome", "unverified")).isTrue();
        assertThat(after.has(FETCHES, "kind", "config", "outcome", "error")).isTrue();
        assertThat(after.text()).doesNotContain(id);
    }

    @Test
    void namesEveryMetricFromTheFirstScrape() {
        PrometheusScrape scrape = PrometheusScrape.now();
        for (String kind : List.of("config", "summary")) {
            for (String outcome : List.of("found", "not_found", "refused", "error")) {
                assertThat(scrape.has(FETCHES, "kind", kind, "outcome", outcome)).as(kind + "," + outcome).isTrue();
            }
        }
        for (String operation : List.of("create", "list", "get", "update", "delete", "verify")) {
            for (String outcome : List.of("success", "invalid", "unauthenticated", "forbidden", "not_found",
                    "conflict", "unavailable", "error")) {
                assertThat(scrape.has(OPERATIONS, "operation", operation, "outcome", outcome))
                        .as(operation + "," + outcome).isTrue();
            }
        }
        // no test here fails a fetch: the series is there from startup, not from a first call
        assertThat(scrape.value(FETCHES, "kind", "summary", "outcome", "error")).isZero();
    }

    @Test
    void countsAdminCallsWithoutATokenAsUnauthenticated() {
        PrometheusScrape before = PrometheusScrape.now();
        given().when().get(API).then().statusCode(401);
        assertThat(moved(before, PrometheusScrape.now(), OPERATIONS, "operation", "list", "outcome", "unauthenticated"))
                .isEqualTo(1);
    }

    private static double moved(PrometheusScrape before, PrometheusScrape after, String name, String... labels) {
        return after.value(name, labels) - before.value(name, labels);
    }
}
