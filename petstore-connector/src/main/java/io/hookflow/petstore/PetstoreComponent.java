package io.hookflow.petstore;

import io.hookflow.petstore.ComponentDescriptor.Credential;
import io.hookflow.petstore.ComponentDescriptor.Field;
import io.hookflow.petstore.ComponentDescriptor.Operation;
import java.util.List;

/** The Petstore component: its descriptor and the names and values the actions rely on. */
public final class PetstoreComponent {

    public static final String CREATE_PET = "createPet";

    /** Pet statuses as the Petstore spells them (lower-case). */
    public static final List<String> STATUSES = List.of("available", "pending", "sold");

    public static final ComponentDescriptor DESCRIPTOR = new ComponentDescriptor(
            "petstore",
            "Petstore",
            "Creates pets in a Petstore API (the demo external system).",
            new Credential("petstore", List.of(new Field("apiKey", "API key", "string", true, true, null))),
            List.of(new Operation(CREATE_PET, "Create a pet",
                    List.of(new Field("name", null, "string", true, null, null),
                            new Field("status", null, "string", false, null, STATUSES)),
                    List.of(Field.output("id", "number"), Field.output("name", "string"),
                            Field.output("status", "string")))),
            List.of());

    private PetstoreComponent() {
    }
}
