package io.hookflow.credential.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookflow.credential.CredentialField;
import io.hookflow.credential.CredentialType;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks a credential's name, type and config against its type's fields (contract section 4), fills in
 * defaults and splits the config into clear and secret parts. Messages name the field, never its value.
 */
@ApplicationScoped
public class CredentialValidator {

    /** What the API answers in place of a secret; sent back on PUT it means "keep the stored value". */
    public static final String MASK = "****";

    static final int MAX_NAME_LENGTH = 200;
    static final int MAX_VALUE_LENGTH = 4096;
    private static final int MAX_HEADER_LENGTH = 100;
    private static final String WHSEC_PREFIX = "whsec_";
    private static final int MIN_WHSEC_BYTES = 24;
    private static final int MAX_WHSEC_BYTES = 64;
    // RFC 9110 token characters
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    /** A config that passed validation, split into the part stored in clear and the part stored encrypted. */
    public record ValidConfig(Map<String, Object> plain, Map<String, String> secrets) {
    }

    public String name(String name) {
        if (name == null || name.isBlank()) {
            throw new CredentialValidationException("name is required");
        }
        String trimmed = name.strip();
        if (trimmed.length() > MAX_NAME_LENGTH) {
            throw new CredentialValidationException("name must be at most " + MAX_NAME_LENGTH + " characters");
        }
        return trimmed;
    }

    public CredentialType type(String type) {
        if (type == null || type.isBlank()) {
            throw new CredentialValidationException("type is required; expected one of " + CredentialType.wireNames());
        }
        return CredentialType.fromWireName(type).orElseThrow(() -> new CredentialValidationException(
                "type '" + printable(type) + "' is unknown; expected one of " + CredentialType.wireNames()));
    }

    /**
     * Validates {@code config} for {@code type}.
     *
     * @param storedSecrets the secrets already stored (on update), which a masked value keeps; empty on create
     */
    public ValidConfig config(CredentialType type, JsonNode config, Map<String, String> storedSecrets) {
        if (config != null && !config.isNull() && !config.isObject()) {
            throw new CredentialValidationException("config must be a JSON object");
        }
        if (config != null && config.isObject()) {
            Iterator<String> names = config.fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                if (type.field(name).isEmpty()) {
                    throw new CredentialValidationException("config." + printable(name)
                            + " is not a field of type " + type.wireName());
                }
            }
        }
        Map<String, Object> plain = new LinkedHashMap<>();
        Map<String, String> secrets = new LinkedHashMap<>();
        for (CredentialField field : type.fields()) {
            JsonNode value = config == null ? null : config.get(field.name());
            if (value == null || value.isNull()) {
                if (field.required()) {
                    throw new CredentialValidationException("config." + field.name()
                            + " is required for type " + type.wireName());
                }
                if (field.defaultValue() != null) {
                    plain.put(field.name(), field.defaultValue());
                }
                continue;
            }
            String path = "config." + field.name();
            if (field.secret()) {
                String secret = string(path, value);
                if (MASK.equals(secret)) {
                    secret = storedSecrets.get(field.name());
                    if (secret == null) {
                        throw new CredentialValidationException(path
                                + " must be the secret itself; " + MASK + " only keeps a value already stored");
                    }
                }
                secrets.put(field.name(), secret);
            } else {
                plain.put(field.name(), plainValue(path, field, value));
            }
        }
        if (Boolean.TRUE.equals(plain.get("replayProtection"))) {
            standardWebhooksSecret(secrets.get("secret"));
        }
        return new ValidConfig(plain, secrets);
    }

    /** With replay protection on, ingress checks Standard Webhooks signatures, whose key is {@code whsec_<base64>}. */
    private static void standardWebhooksSecret(String secret) {
        String problem = "config.secret must be whsec_ followed by the base64 of " + MIN_WHSEC_BYTES + " to "
                + MAX_WHSEC_BYTES + " random bytes when config.replayProtection is true (Standard Webhooks)";
        if (secret == null || !secret.startsWith(WHSEC_PREFIX)) {
            throw new CredentialValidationException(problem);
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(secret.substring(WHSEC_PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new CredentialValidationException(problem);
        }
        if (key.length < MIN_WHSEC_BYTES || key.length > MAX_WHSEC_BYTES) {
            throw new CredentialValidationException(problem);
        }
    }

    private static Object plainValue(String path, CredentialField field, JsonNode value) {
        switch (field.kind()) {
            case BOOLEAN:
                if (!value.isBoolean()) {
                    throw new CredentialValidationException(path + " must be true or false");
                }
                return value.booleanValue();
            case HEADER_NAME: {
                String header = string(path, value);
                if (header.length() > MAX_HEADER_LENGTH || !HEADER_NAME.matcher(header).matches()) {
                    throw new CredentialValidationException(path + " must be a valid HTTP header name");
                }
                return header;
            }
            default: {
                String text = string(path, value);
                if (!field.allowed().isEmpty() && !field.allowed().contains(text)) {
                    throw new CredentialValidationException(path + " must be one of " + String.join(", ", field.allowed()));
                }
                return text;
            }
        }
    }

    private static String string(String path, JsonNode value) {
        if (!value.isTextual() || value.textValue().isBlank()) {
            throw new CredentialValidationException(path + " must be a non-empty string");
        }
        if (value.textValue().length() > MAX_VALUE_LENGTH) {
            throw new CredentialValidationException(path + " must be at most " + MAX_VALUE_LENGTH + " characters");
        }
        return value.textValue();
    }

    /** Echoes user-given names in errors, cut short and without control characters. */
    private static String printable(String s) {
        String clean = s.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 60 ? clean.substring(0, 60) + "…" : clean;
    }
}
