package io.hookflow.credential.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookflow.credential.Credential;
import io.hookflow.credential.CredentialField;
import io.hookflow.credential.CredentialType;
import io.hookflow.credential.CredentialVerification;
import io.hookflow.credential.client.ConnectorClient;
import io.hookflow.credential.client.ConnectorVerifyResponse;
import io.hookflow.credential.client.FlowClient;
import io.hookflow.credential.client.FlowsUsingCredential;
import io.hookflow.credential.config.CredentialConfig;
import io.hookflow.credential.repository.CredentialRepository;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Creates, reads, changes, deletes and verifies credentials; owns encryption of their secret fields. */
@ApplicationScoped
public class CredentialService {

    static final String WEBHOOK_VERIFIED_MESSAGE = "webhook credentials are checked on each incoming call";
    private static final TypeReference<LinkedHashMap<String, Object>> PLAIN = new TypeReference<>() {
    };
    private static final TypeReference<LinkedHashMap<String, String>> SECRETS = new TypeReference<>() {
    };

    private final CredentialRepository repository;
    private final CredentialValidator validator;
    private final SecretCipher cipher;
    private final ConnectorClient connectors;
    private final FlowClient flows;
    private final CredentialConfig config;
    private final ObjectMapper json;
    private final SecureRandom random = new SecureRandom();

    public CredentialService(CredentialRepository repository, CredentialValidator validator, SecretCipher cipher,
                             ConnectorClient connectors, FlowClient flows, CredentialConfig config, ObjectMapper json) {
        this.repository = repository;
        this.validator = validator;
        this.cipher = cipher;
        this.connectors = connectors;
        this.flows = flows;
        this.config = config;
        this.json = json;
    }

    /** One page of a listing and the total number of matches. */
    public record CredentialPage(List<Credential> items, long total) {
    }

    @Transactional
    public Credential create(String workspace, String name, String type, JsonNode configNode) {
        String validName = validator.name(name);
        CredentialType validType = validator.type(type);
        CredentialValidator.ValidConfig valid = validator.config(validType, configNode, Map.of());

        Credential credential = new Credential();
        credential.id = newId();
        credential.workspace = workspace;
        credential.name = validName;
        credential.type = validType.wireName();
        store(credential, valid);
        credential.createdAt = now();
        credential.updatedAt = credential.createdAt;
        repository.persist(credential);
        Log.infof("created credential %s (%s) in workspace %s", credential.id, credential.type, workspace);
        return credential;
    }

    public CredentialPage list(String workspace, String type, int page, int size) {
        String typeFilter = null;
        if (type != null && !type.isEmpty()) {
            typeFilter = validator.type(type).wireName();
        }
        return new CredentialPage(repository.page(workspace, typeFilter, page, size),
                repository.countInWorkspace(workspace, typeFilter));
    }

    public Credential get(String workspace, String id) {
        return repository.findInWorkspace(workspace, id).orElseThrow(() -> new CredentialNotFoundException(id));
    }

    /** Full replace of name and config; the type is fixed, and a masked secret keeps the stored value. */
    @Transactional
    public Credential update(String workspace, String id, String name, String type, JsonNode configNode) {
        Credential credential = get(workspace, id);
        String validName = validator.name(name);
        if (type != null && !type.equals(credential.type)) {
            throw new CredentialValidationException("type cannot be changed (this credential is "
                    + credential.type + "); create a new credential instead");
        }
        CredentialType validType = typeOf(credential);
        CredentialValidator.ValidConfig valid = validator.config(validType, configNode, secrets(credential));
        credential.name = validName;
        store(credential, valid);
        credential.updatedAt = now();
        Log.infof("updated credential %s in workspace %s", id, workspace);
        return credential;
    }

    /**
     * Deletes a credential unless an active flow uses it. flow-service owns the flows, so it is asked first,
     * outside any transaction; when it cannot answer, nothing is deleted. A flow started between the question
     * and the delete is not caught: there is no lock across the two services.
     *
     * @throws CredentialInUseException        when active flows use it
     * @throws FlowServiceUnavailableException when flow-service cannot say
     */
    public void delete(String workspace, String id) {
        get(workspace, id); // 404 for an unknown or foreign credential before anyone else is asked
        List<FlowsUsingCredential.ActiveFlow> users;
        try {
            users = flows.activeFlowsUsing(id, workspace);
        } catch (RuntimeException e) {
            Log.warnf("kept credential %s in workspace %s: flow-service could not say whether an active flow uses it (%s)",
                    id, workspace, e.getClass().getName());
            throw FlowServiceUnavailableException.notDeleted(id);
        }
        if (!users.isEmpty()) {
            Log.infof("kept credential %s in workspace %s: %d active flow(s) use it", id, workspace, users.size());
            throw new CredentialInUseException(id, users);
        }
        QuarkusTransaction.requiringNew().run(() -> repository.delete(get(workspace, id)));
        Log.infof("deleted credential %s in workspace %s", id, workspace);
    }

    /** For the internal fetch: any workspace, secrets decrypted. */
    public Credential getForInternalUse(String id) {
        return repository.findByIdOptional(id).orElseThrow(() -> new CredentialNotFoundException(id));
    }

    /** The non-secret config as stored, in the type's field order. */
    public Map<String, Object> plainConfig(Credential credential) {
        try {
            return json.readValue(credential.config, PLAIN);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored config of credential " + credential.id + " is not JSON");
        }
    }

    /** Every config field with secrets decrypted, in the type's field order. Only for internal callers. */
    public Map<String, Object> decryptedConfig(Credential credential) {
        Map<String, Object> plain = plainConfig(credential);
        Map<String, String> secrets = secrets(credential);
        Map<String, Object> all = new LinkedHashMap<>();
        for (CredentialField field : typeOf(credential).fields()) {
            Object value = field.secret() ? secrets.get(field.name()) : plain.get(field.name());
            if (value != null) {
                all.put(field.name(), value);
            }
        }
        return all;
    }

    /** Checks the credential: a connector's {@code POST /verify} for connector types, always true for webhooks. */
    public CredentialVerification verify(String workspace, String id) {
        Credential credential = get(workspace, id);
        CredentialType type = typeOf(credential);
        if (!type.verifiedByConnector()) {
            return new CredentialVerification(true, WEBHOOK_VERIFIED_MESSAGE);
        }
        String baseUrl = config.connectors().get(type.wireName());
        if (baseUrl == null || baseUrl.isBlank()) {
            return new CredentialVerification(false, "no connector is configured for type " + type.wireName());
        }
        String connector = "the " + type.wireName() + " connector";
        // outside the try: secrets that cannot be decrypted are this service's fault (500), not the connector's
        Map<String, Object> decrypted = decryptedConfig(credential);
        try {
            ConnectorVerifyResponse answer = connectors.verify(baseUrl, decrypted);
            if (answer == null || answer.verified() == null) {
                return new CredentialVerification(false, connector + " gave no verdict");
            }
            String verdict = answer.verified() ? "credentials verified" : "credentials rejected";
            String message = answer.message() != null ? answer.message() : verdict;
            if (quotesASecret(message, credential, decrypted)) {
                Log.warnf("verify of credential %s: %s quoted a secret in its message, which is not passed on", id, connector);
                message = verdict;
            }
            return new CredentialVerification(answer.verified(), message);
        } catch (TimeoutException e) {
            Log.warnf("verify of credential %s: %s did not answer in time", id, connector);
            return new CredentialVerification(false,
                    connector + " did not answer in time (within " + connectors.timeoutSeconds() + " seconds)");
        } catch (CircuitBreakerOpenException e) {
            Log.warnf("verify of credential %s: circuit to %s is open", id, connector);
            return new CredentialVerification(false,
                    connector + " failed repeatedly; verification is paused for a few seconds");
        } catch (WebApplicationException e) {
            int status = e.getResponse() == null ? 0 : e.getResponse().getStatus();
            Log.warnf("verify of credential %s: %s answered HTTP %d", id, connector, status);
            return new CredentialVerification(false, connector + " answered with HTTP status " + status);
        } catch (RuntimeException e) {
            // only the class name: a transport exception's message may quote the connector URL, never secrets,
            // but there is no need to risk anything else in the log
            Log.warnf("verify of credential %s: %s could not be reached (%s)", id, connector, e.getClass().getName());
            return new CredentialVerification(false, connector + " could not be reached");
        }
    }

    /** A connector might echo what it was sent; a secret must not reach the admin API that way. */
    private boolean quotesASecret(String message, Credential credential, Map<String, Object> decrypted) {
        return typeOf(credential).fields().stream()
                .filter(CredentialField::secret)
                .map(field -> decrypted.get(field.name()))
                .anyMatch(value -> value instanceof String secret && !secret.isEmpty() && message.contains(secret));
    }

    private void store(Credential credential, CredentialValidator.ValidConfig valid) {
        try {
            credential.config = json.writeValueAsString(valid.plain());
            byte[] secretJson = json.writeValueAsBytes(valid.secrets());
            // the binding covers the key id and the clear config: both are set before sealing
            credential.keyId = cipher.keyId();
            credential.aadVersion = SecretBinding.CURRENT;
            credential.secretCiphertext = cipher.encrypt(secretJson, SecretBinding.of(credential));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("config could not be written as JSON");
        }
    }

    private Map<String, String> secrets(Credential credential) {
        byte[] clear;
        try {
            clear = cipher.decrypt(credential.keyId, credential.secretCiphertext, SecretBinding.of(credential));
        } catch (SecretDecryptionException e) {
            throw new SecretDecryptionException("secrets of credential " + credential.id + " cannot be decrypted: "
                    + e.getMessage() + " (the row's workspace, type, key id or clear config was changed after it was"
                    + " written, the ciphertext belongs to another row, or another key has that id)", null);
        }
        try {
            return json.readValue(clear, SECRETS);
        } catch (java.io.IOException e) {
            throw new SecretDecryptionException("decrypted secrets of credential " + credential.id + " are not JSON", null);
        } finally {
            Arrays.fill(clear, (byte) 0);
        }
    }

    private static CredentialType typeOf(Credential credential) {
        return CredentialType.fromWireName(credential.type).orElseThrow(() ->
                new IllegalStateException("credential " + credential.id + " has unknown stored type " + credential.type));
    }

    private String newId() {
        byte[] bytes = new byte[12];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static Instant now() {
        // the database keeps microseconds: the API answer then equals what a later GET returns
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
