package io.hookflow.credential;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import static io.hookflow.credential.CredentialField.choice;
import static io.hookflow.credential.CredentialField.flag;
import static io.hookflow.credential.CredentialField.header;
import static io.hookflow.credential.CredentialField.required;
import static io.hookflow.credential.CredentialField.secret;

/** The credential types the platform knows, each with its config fields (contract section 4). */
public enum CredentialType {

    WEBHOOK_NOAUTH("webhook-noauth", false),
    WEBHOOK_BASIC("webhook-basic", false,
            required("username"),
            secret("password")),
    WEBHOOK_APIKEY("webhook-apikey", false,
            header("headerName", "x-api-key"),
            secret("apiKey")),
    WEBHOOK_HMAC("webhook-hmac", false,
            secret("secret"),
            choice("algorithm", "sha256", "sha256", "sha512"),
            choice("encoding", "hex", "hex", "base64"),
            header("headerName", "x-eio-signature"),
            flag("replayProtection", false)),
    PETSTORE("petstore", true,
            secret("apiKey"));

    private final String wireName;
    private final boolean verifiedByConnector;
    private final List<CredentialField> fields;

    CredentialType(String wireName, boolean verifiedByConnector, CredentialField... fields) {
        this.wireName = wireName;
        this.verifiedByConnector = verifiedByConnector;
        this.fields = List.of(fields);
    }

    /** The name used in the API and the database, e.g. {@code webhook-basic}. */
    public String wireName() {
        return wireName;
    }

    /** True when a connector's {@code POST /verify} checks this type's credentials. */
    public boolean verifiedByConnector() {
        return verifiedByConnector;
    }

    /** True for the types ingress checks webhooks with ({@code webhook-*}); the others are connectors' credentials. */
    public boolean webhook() {
        return wireName.startsWith("webhook-");
    }

    public List<CredentialField> fields() {
        return fields;
    }

    public Optional<CredentialField> field(String name) {
        return fields.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    public static Optional<CredentialType> fromWireName(String name) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(name)).findFirst();
    }

    /** The wire names, comma-separated, for error messages. */
    public static String wireNames() {
        return Arrays.stream(values()).map(CredentialType::wireName).collect(Collectors.joining(", "));
    }
}
