package io.hookflow.dev.petstore.service;

import io.hookflow.dev.petstore.Pet;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The in-memory pet store: validation, creation (idempotent by key) and lookups. */
@ApplicationScoped
public class PetService {

    private final Map<Long, Pet> pets = new ConcurrentHashMap<>();
    private final Map<String, Pet> petsByIdempotencyKey = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong(1);

    /**
     * Creates a pet. A repeated call with the same idempotency key returns the pet the first call
     * created and creates nothing; that is what lets callers retry safely.
     */
    public Pet create(String name, String status, String idempotencyKey) {
        if (name == null || name.isBlank()) {
            throw new InvalidPetException("Field 'name' is required");
        }
        String checkedStatus = canonicalStatus(status == null ? Pet.DEFAULT_STATUS : status);
        if (idempotencyKey == null || idempotencyKey.isBlank()) {
            return insert(name, checkedStatus);
        }
        return petsByIdempotencyKey.computeIfAbsent(idempotencyKey, key -> insert(name, checkedStatus));
    }

    /** The constant from {@link Pet#STATUSES}: the pets in memory share three strings instead of one each. */
    private static String canonicalStatus(String status) {
        int index = Pet.STATUSES.indexOf(status);
        if (index < 0) {
            throw new InvalidPetException("Field 'status' must be one of " + String.join(", ", Pet.STATUSES));
        }
        return Pet.STATUSES.get(index);
    }

    public Pet get(long id) {
        Pet pet = pets.get(id);
        if (pet == null) {
            throw new PetNotFoundException(id);
        }
        return pet;
    }

    public List<Pet> findByStatus(String status) {
        if (status == null || !Pet.STATUSES.contains(status)) {
            throw new InvalidPetException("Query parameter 'status' must be one of " + String.join(", ", Pet.STATUSES));
        }
        return pets.values().stream()
                .filter(pet -> pet.status().equals(status))
                .sorted(Comparator.comparingLong(Pet::id))
                .toList();
    }

    public List<Pet> all() {
        return pets.values().stream().sorted(Comparator.comparingLong(Pet::id)).toList();
    }

    private Pet insert(String name, String status) {
        Pet pet = new Pet(nextId.getAndIncrement(), name, status);
        pets.put(pet.id(), pet);
        // DEBUG, not INFO: under load this runs thousands of times a second, and the line costs CPU.
        Log.debugf("Created pet %d (%s)", pet.id(), pet.status());
        return pet;
    }
}
