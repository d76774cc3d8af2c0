package io.hookflow.dev.petstore.service;

import io.hookflow.dev.petstore.Pet;
import io.hookflow.dev.petstore.config.PetstoreConfig;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The in-memory pet store: validation, creation (idempotent by key) and lookups. It keeps at most
 * {@code petstore.max-pets} pets and {@code petstore.max-idempotency-keys} keys, forgetting the oldest first, so
 * that it stays the same size however long the platform's benchmark drives it.
 */
@ApplicationScoped
public class PetService {

    private final Map<Long, Pet> pets = new ConcurrentHashMap<>();
    private final Map<String, Pet> petsByIdempotencyKey = new ConcurrentHashMap<>();
    private final int maxPets;
    /** Held while a pet is created: ids, the pets kept and the keys remembered change together. */
    private final Object lock = new Object();
    /** The remembered keys in the order they came, as a ring: the slot a new key takes holds the oldest. */
    private final String[] keysInOrder;
    private int nextKeySlot;
    /** The id the next pet gets; ids count up from 1, so the oldest pet kept is {@code nextId - maxPets}. */
    private volatile long nextId = 1;

    public PetService(PetstoreConfig config) {
        if (config.maxPets() < 1 || config.maxIdempotencyKeys() < 1) {
            throw new IllegalArgumentException("petstore.max-pets and petstore.max-idempotency-keys must be at least 1");
        }
        this.maxPets = config.maxPets();
        this.keysInOrder = new String[config.maxIdempotencyKeys()];
    }

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
            synchronized (lock) {
                return insert(name, checkedStatus);
            }
        }
        Pet earlier = petsByIdempotencyKey.get(idempotencyKey);
        if (earlier != null) {
            return earlier;
        }
        synchronized (lock) {
            earlier = petsByIdempotencyKey.get(idempotencyKey);
            if (earlier != null) {
                return earlier;
            }
            Pet pet = insert(name, checkedStatus);
            remember(idempotencyKey, pet);
            return pet;
        }
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
        List<Pet> found = new ArrayList<>();
        for (Pet pet : all()) {
            if (pet.status().equals(status)) {
                found.add(pet);
            }
        }
        return found;
    }

    /** Every pet kept, by id: walks the id range kept instead of sorting. */
    public List<Pet> all() {
        long end = nextId;
        List<Pet> all = new ArrayList<>((int) Math.min(end - 1, maxPets));
        for (long id = Math.max(1, end - maxPets); id < end; id++) {
            Pet pet = pets.get(id);
            if (pet != null) {
                all.add(pet);
            }
        }
        return all;
    }

    // Callers hold the lock: ids are handed out and the oldest pet forgotten in one step.
    private Pet insert(String name, String status) {
        long id = nextId;
        Pet pet = new Pet(id, name, status);
        pets.put(id, pet);
        nextId = id + 1;
        if (id > maxPets) {
            pets.remove(id - maxPets);
        }
        // DEBUG, not INFO: under load this runs thousands of times a second, and the line costs CPU.
        Log.debugf("Created pet %d (%s)", pet.id(), pet.status());
        return pet;
    }

    // Callers hold the lock.
    private void remember(String idempotencyKey, Pet pet) {
        String oldest = keysInOrder[nextKeySlot];
        if (oldest != null) {
            petsByIdempotencyKey.remove(oldest);
        }
        keysInOrder[nextKeySlot] = idempotencyKey;
        nextKeySlot = (nextKeySlot + 1) % keysInOrder.length;
        petsByIdempotencyKey.put(idempotencyKey, pet);
    }
}
