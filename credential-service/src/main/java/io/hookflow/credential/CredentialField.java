package io.hookflow.credential;

import java.util.List;

/**
 * One config field of a credential type: its name, whether it must be given, whether it is secret,
 * its kind, the values it may take and the value stored when it is left out.
 */
public record CredentialField(String name, Kind kind, boolean required, boolean secret,
                              List<String> allowed, Object defaultValue) {

    /** The JSON kind a field's value must have. */
    public enum Kind { STRING, BOOLEAN, HEADER_NAME }

    static CredentialField secret(String name) {
        return new CredentialField(name, Kind.STRING, true, true, List.of(), null);
    }

    static CredentialField required(String name) {
        return new CredentialField(name, Kind.STRING, true, false, List.of(), null);
    }

    static CredentialField header(String name, String defaultValue) {
        return new CredentialField(name, Kind.HEADER_NAME, false, false, List.of(), defaultValue);
    }

    static CredentialField choice(String name, String defaultValue, String... allowed) {
        return new CredentialField(name, Kind.STRING, false, false, List.of(allowed), defaultValue);
    }

    static CredentialField flag(String name, boolean defaultValue) {
        return new CredentialField(name, Kind.BOOLEAN, false, false, List.of(), defaultValue);
    }
}
