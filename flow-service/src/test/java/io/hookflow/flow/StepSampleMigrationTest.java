package io.hookflow.flow;

import io.hookflow.flow.support.PlatformTestProfile;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

/** Migration V9 moves the samples drafts held inline into step_sample, and the drafts keep no copy. */
@QuarkusTest
@TestProfile(PlatformTestProfile.class)
@TestSecurity(user = "demo", roles = {"flows.read"})
@OidcSecurity(claims = @Claim(key = "workspace", value = "demo"))
class StepSampleMigrationTest {

    @Inject
    EntityManager entityManager;

    @Test
    void movesInlineSamplesIntoTheirTable() throws Exception {
        String id = UUID.randomUUID().toString().replace("-", "").substring(0, 24);
        String draft = """
                {"steps":[
                  {"id":"step_1","component":"webhook","function":"receive","credentialId":"c1",
                   "sample":{"petname":"Gromit","petstatus":"Sold"}},
                  {"id":"step_2","component":"petstore","function":"createPet","credentialId":"c2",
                   "sample":"not an object","mapping":{"name":"petname"}},
                  {"id":"%s","component":"petstore","function":"createPet","sample":{"a":1}}],
                 "settings":{}}""".formatted("s".repeat(300));
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("""
                        INSERT INTO flow (id, workspace, name, status, draft, created_at, updated_at)
                        VALUES (:id, 'demo', 'Legacy', 'inactive', CAST(:draft AS jsonb), now(), now())""")
                .setParameter("id", id).setParameter("draft", draft).executeUpdate());

        String migration;
        try (InputStream in = getClass().getResourceAsStream("/db/migration/V9__step_sample.sql")) {
            migration = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        // The data part of the migration, after the table was created at startup.
        String moves = migration.substring(migration.indexOf("INSERT INTO step_sample"));
        QuarkusTransaction.requiringNew().run(() -> {
            for (String statement : moves.split(";\\s*\\n")) {
                if (!statement.isBlank()) {
                    entityManager.createNativeQuery(statement).executeUpdate();
                }
            }
        });

        given().when().get("/api/v1/flows/" + id + "/steps/step_1/sample")
                .then().statusCode(200)
                .body("source", equalTo("manual"))
                .body("sample.petname", equalTo("Gromit"));
        given().when().get("/api/v1/flows/" + id + "/steps/step_2/sample").then().statusCode(404);
        given().when().get("/api/v1/flows/" + id)
                .then().statusCode(200)
                .body("draft.steps.id[0]", equalTo("step_1"))
                .body("draft.steps[1].mapping.name", equalTo("petname"))
                .body("draft.steps[1]", not(hasKey("sample")))
                .body("draft.steps[0].sample.petstatus", equalTo("Sold"));
        Object stored = QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery(
                        "SELECT CAST(draft AS text) FROM flow WHERE id = :id")
                .setParameter("id", id).getSingleResult());
        assertThat(stored.toString()).doesNotContain("\"sample\"").contains("step_2");
    }
}
