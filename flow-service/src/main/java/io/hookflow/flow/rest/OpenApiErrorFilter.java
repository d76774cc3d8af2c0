package io.hookflow.flow.rest;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.security.SecurityRequirement;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Completes the admin API's OpenAPI document, so that what every operation shares is stated once: each {@code /api/v1}
 * operation answers 401 and 403, every error answer has the {@code {"error"}} body, and each operation's description
 * starts with the roles its {@code @RolesAllowed} names (which Quarkus puts in the operation's security scopes).
 */
public class OpenApiErrorFilter implements OASFilter {

    static final String ERROR_SCHEMA = "ErrorResponse";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        Components components = openAPI.getComponents() == null ? OASFactory.createComponents() : openAPI.getComponents();
        openAPI.setComponents(components);
        components.addSchema(ERROR_SCHEMA, OASFactory.createSchema()
                .type(List.of(Schema.SchemaType.OBJECT))
                .description("Every error answer: one human sentence naming the field and the reason where there is one.")
                .addRequired("error")
                .addProperty("error", OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING))
                        .examples(List.of("step step_2: mapping.name is required by petstore.createPet"))));
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        for (Map.Entry<String, PathItem> path : openAPI.getPaths().getPathItems().entrySet()) {
            if (!path.getKey().startsWith("/api/v1/")) {
                continue;
            }
            for (Operation operation : path.getValue().getOperations().values()) {
                complete(operation);
            }
        }
    }

    private static void complete(Operation operation) {
        APIResponses responses = operation.getResponses() == null ? OASFactory.createAPIResponses()
                : operation.getResponses();
        operation.setResponses(responses);
        List<String> roles = roles(operation);
        String roleText = roles.isEmpty() ? "" : String.join(" or ", roles.stream().map(r -> "`" + r + "`").toList());
        putIfAbsent(responses, "401", "No bearer token, or one that does not verify (another issuer or audience,"
                + " expired).");
        putIfAbsent(responses, "403", roles.isEmpty() ? "The token carries no workspace."
                : "The token lacks the role " + roleText + ", or carries no workspace.");
        for (Map.Entry<String, APIResponse> response : responses.getAPIResponses().entrySet()) {
            if (response.getKey().startsWith("4") || response.getKey().startsWith("5")) {
                APIResponse answer = response.getValue();
                if (answer.getContent() == null || answer.getContent().getMediaTypes() == null
                        || answer.getContent().getMediaTypes().isEmpty()) {
                    answer.setContent(errorContent());
                } else {
                    // An answer documented with examples only gets the schema its examples follow.
                    answer.getContent().getMediaTypes().values().forEach(media -> {
                        if (media.getSchema() == null) {
                            media.setSchema(OASFactory.createSchema().ref(ERROR_SCHEMA));
                        }
                    });
                }
                if ("401".equals(response.getKey()) && "Not Authorized".equals(answer.getDescription())) {
                    answer.setDescription("No bearer token, or one that does not verify (another issuer or audience,"
                            + " expired).");
                }
                if ("403".equals(response.getKey()) && "Not Allowed".equals(answer.getDescription())) {
                    answer.setDescription("The token lacks the role " + roleText + ", or carries no workspace.");
                }
            }
        }
        if (!roles.isEmpty()) {
            String needs = "Role: " + roleText + ".";
            String description = operation.getDescription();
            if (description == null || !description.startsWith("Role:")) {
                operation.setDescription(description == null || description.isBlank() ? needs
                        : needs + "\n\n" + description);
            }
        }
    }

    private static List<String> roles(Operation operation) {
        TreeSet<String> roles = new TreeSet<>();
        if (operation.getSecurity() != null) {
            for (SecurityRequirement requirement : operation.getSecurity()) {
                if (requirement.getSchemes() != null) {
                    requirement.getSchemes().values().forEach(scopes -> {
                        if (scopes != null) {
                            roles.addAll(scopes);
                        }
                    });
                }
            }
        }
        return new ArrayList<>(roles);
    }

    private static void putIfAbsent(APIResponses responses, String code, String description) {
        if (!responses.hasAPIResponse(code)) {
            responses.addAPIResponse(code, OASFactory.createAPIResponse().description(description)
                    .content(errorContent()));
        }
    }

    private static Content errorContent() {
        MediaType json = OASFactory.createMediaType()
                .schema(OASFactory.createSchema().ref(ERROR_SCHEMA));
        return OASFactory.createContent().addMediaType(jakarta.ws.rs.core.MediaType.APPLICATION_JSON, json);
    }
}
