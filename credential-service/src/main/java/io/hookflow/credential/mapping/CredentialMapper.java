package io.hookflow.credential.mapping;

import io.hookflow.credential.Credential;
import io.hookflow.credential.CredentialField;
import io.hookflow.credential.CredentialType;
import io.hookflow.credential.CredentialVerification;
import io.hookflow.credential.rest.CredentialResponse;
import io.hookflow.credential.rest.InternalCredentialResponse;
import io.hookflow.credential.rest.VerifyResponse;
import io.hookflow.credential.service.CredentialService;
import io.hookflow.credential.service.CredentialValidator;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.LinkedHashMap;
import java.util.Map;

/** Turns credentials into API records; the admin view masks every secret field. */
@ApplicationScoped
public class CredentialMapper {

    private final CredentialService service;

    public CredentialMapper(CredentialService service) {
        this.service = service;
    }

    public CredentialResponse toResponse(Credential credential) {
        Map<String, Object> plain = service.plainConfig(credential);
        Map<String, Object> masked = new LinkedHashMap<>();
        CredentialType type = CredentialType.fromWireName(credential.type).orElseThrow();
        for (CredentialField field : type.fields()) {
            if (field.secret()) {
                masked.put(field.name(), CredentialValidator.MASK);
            } else if (plain.containsKey(field.name())) {
                masked.put(field.name(), plain.get(field.name()));
            }
        }
        return new CredentialResponse(credential.id, credential.name, credential.type, masked,
                credential.createdAt, credential.updatedAt);
    }

    public InternalCredentialResponse toInternal(Credential credential) {
        return new InternalCredentialResponse(credential.id, credential.workspace, credential.type,
                service.decryptedConfig(credential));
    }

    public VerifyResponse toResponse(CredentialVerification verification) {
        return new VerifyResponse(verification.verified(), verification.message());
    }
}
