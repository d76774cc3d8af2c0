package io.hookflow.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AdminClientTest {

    private static final String TOKEN_PATH = "/realms/hookflow/protocol/openid-connect/token";

    private final StubServer stub = new StubServer();
    private AdminClient admin;

    @BeforeEach
    void start() {
        stub.on("POST", TOKEN_PATH, 200, "{\"access_token\":\"t1\",\"expires_in\":300}");
        String url = stub.url();
        admin = AdminClient.localUser(new AdminEndpoints(url + "/realms/hookflow", url, url, url), "demo");
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    @Test
    void callsWithTheUsersBearerTokenFetchedOnceAndAnswersTheJsonBody() {
        stub.on("GET", "/api/v1/flows/f1", 200, "{\"id\":\"f1\",\"name\":\"A\"}");

        assertThat(admin.call("GET", stub.url() + "/api/v1/flows/f1", null, 200).path("name").asText()).isEqualTo("A");
        admin.call("GET", stub.url() + "/api/v1/flows/f1", null, 200);

        assertThat(stub.received("GET", "/api/v1/flows/f1")).extracting(StubServer.Received::authorization)
                .containsExactly("Bearer t1", "Bearer t1");
        assertThat(stub.received("POST", TOKEN_PATH)).hasSize(1);
    }

    @Test
    void anUnexpectedStatusIsReportedWithTheErrorOfItsBody() {
        stub.on("POST", "/api/v1/flows", 400, "{\"error\":\"A flow needs a name.\"}");

        assertThatThrownBy(() -> admin.createFlow(json("{\"steps\":[]}")))
                .isInstanceOf(AdminException.class)
                .hasMessage("POST " + stub.url() + "/api/v1/flows answered 400 (expected 201): A flow needs a name.");
    }

    @Test
    void anUnexpectedStatusWithoutAnErrorBodyIsReportedWithTheStartOfTheBody() {
        stub.on("GET", "/api/v1/flows/f1", 502, "<html>Bad gateway</html>" + "x".repeat(1000));
        stub.on("GET", "/api/v1/flows/f2", 503, "");

        assertThatThrownBy(() -> admin.call("GET", stub.url() + "/api/v1/flows/f1", null, 200))
                .hasMessageStartingWith("GET " + stub.url() + "/api/v1/flows/f1 answered 502 (expected 200): <html>Bad gateway</html>x")
                .hasMessageEndingWith("x…");
        assertThatThrownBy(() -> admin.call("GET", stub.url() + "/api/v1/flows/f2", null, 200))
                .hasMessageEndingWith("answered 503 (expected 200): (no body)");
    }

    @Test
    void findsByNameOnALaterPageAndStopsAtTheFirstShortPage() {
        stub.on("GET", "/api/v1/flows", request -> StubServer.Answer.of(200, switch (request.query()) {
            case "size=100&page=0" -> flows("other", 100).toString();
            case "size=100&page=1" -> flows("other", 3).add(json("{\"id\":\"f7\",\"name\":\"Mine\"}")).toString();
            default -> throw new AssertionError("unexpected page " + request.query());
        }));

        assertThat(admin.findFlow("Mine")).get().extracting(flow -> flow.path("id").asText()).isEqualTo("f7");
        assertThat(admin.findFlow("Missing")).isEmpty();
        assertThat(stub.received("GET", "/api/v1/flows")).extracting(StubServer.Received::query).containsExactly(
                "size=100&page=0", "size=100&page=1", "size=100&page=0", "size=100&page=1");
    }

    @Test
    void findsACredentialByNameAndTypeAndCreatesOnlyAMissingOne() {
        stub.on("GET", "/api/v1/credentials", 200, "[{\"id\":\"c1\",\"name\":\"Petstore\",\"type\":\"petstore\"}]");
        stub.on("POST", "/api/v1/credentials", 201, "{\"id\":\"c2\"}");

        assertThat(admin.findOrCreateCredential("Petstore", "petstore", json("{\"apiKey\":\"k\"}"))).isEqualTo("c1");
        assertThat(stub.received("POST", "/api/v1/credentials")).isEmpty();

        assertThat(admin.findOrCreateCredential("Other", "petstore", json("{\"apiKey\":\"k\"}"))).isEqualTo("c2");
        assertThat(stub.received("GET", "/api/v1/credentials")).extracting(StubServer.Received::query)
                .containsOnly("type=petstore&size=100&page=0");
        assertThat(json(stub.received("POST", "/api/v1/credentials").get(0).body()))
                .isEqualTo(json("{\"name\":\"Other\",\"type\":\"petstore\",\"config\":{\"apiKey\":\"k\"}}"));
    }

    @Test
    void ensuresAMissingFlowIsCreatedPublishedAndStarted() {
        stub.on("GET", "/api/v1/flows", 200, "[]");
        stub.on("POST", "/api/v1/flows", 201, "{\"id\":\"f1\",\"name\":\"New\",\"status\":\"inactive\"}");
        stub.on("GET", "/api/v1/flows/f1/versions", 200, "[]");
        stub.on("POST", "/api/v1/flows/f1/publish", 201, "{\"version\":1}");
        stub.on("POST", "/api/v1/flows/f1/start", 202, "");

        assertThat(admin.ensureActiveFlow(json("{\"name\":\"New\",\"steps\":[]}")))
                .isEqualTo(new ActiveFlow("f1", true, 1, true));
        assertThat(json(stub.received("POST", "/api/v1/flows").get(0).body()).path("name").asText()).isEqualTo("New");
        assertThat(stub.received("POST", "/api/v1/flows/f1/start")).hasSize(1);
    }

    @Test
    void ensuresAnActivePublishedFlowIsLeftAsItIs() {
        stub.on("GET", "/api/v1/flows", 200, "[{\"id\":\"f1\",\"name\":\"Old\",\"status\":\"active\"}]");
        stub.on("GET", "/api/v1/flows/f1/versions", 200, "[{\"version\":1}]");

        assertThat(admin.ensureActiveFlow(json("{\"name\":\"Old\",\"steps\":[]}")))
                .isEqualTo(new ActiveFlow("f1", false, 0, false));
        assertThat(stub.received).extracting(StubServer.Received::method).doesNotContain("PUT", "DELETE")
                .filteredOn("POST"::equals).hasSize(1); // the token only
    }

    @Test
    void readsTheTotalCountOfAList() {
        stub.on("GET", "/api/v1/flows/f1/executions", request -> new StubServer.Answer(200, "[]",
                Map.of("X-Total-Count", "42")));

        assertThat(admin.totalCount(stub.url() + "/api/v1/flows/f1/executions?size=1")).isEqualTo(42);
    }

    @Test
    void callsWebhooksWithoutAToken() {
        stub.on("HEAD", "/hook/f1", 200, "");
        stub.on("POST", "/hook/f1", 200, "{\"executionId\":\"f1-r1\"}");

        assertThat(admin.webhookStatus("f1")).isEqualTo(200);
        assertThat(admin.webhookStatus("f2")).isEqualTo(404);
        assertThat(admin.postWebhook("f1", "{}".getBytes(), "X-Api-Key", "k").body()).contains("f1-r1");
        assertThat(stub.received).extracting(StubServer.Received::authorization).containsOnlyNulls();
    }

    private static ArrayNode flows(String name, int count) {
        ArrayNode list = Http.JSON.createArrayNode();
        for (int i = 0; i < count; i++) {
            list.addObject().put("id", "x" + i).put("name", name);
        }
        return list;
    }

    private static ObjectNode json(String text) {
        return (ObjectNode) Http.parse(text);
    }
}
