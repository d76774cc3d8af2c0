package io.hookflow.dev.petstore.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookflow.dev.petstore.Pet;
import io.hookflow.dev.petstore.config.PetstoreConfig;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class PetServiceTest {

    private static PetService store(int maxPets, int maxIdempotencyKeys) {
        return new PetService(new PetstoreConfig() {
            @Override
            public List<String> apiKeys() {
                return List.of("secret");
            }

            @Override
            public int maxPets() {
                return maxPets;
            }

            @Override
            public int maxIdempotencyKeys() {
                return maxIdempotencyKeys;
            }
        });
    }

    @Test
    void keepsAtMostMaxPetsForgettingTheOldestFirst() {
        PetService store = store(3, 10);
        for (int i = 1; i <= 5; i++) {
            store.create("Pet " + i, "available", null);
        }

        assertThat(store.all()).extracting(Pet::id).containsExactly(3L, 4L, 5L);
        assertThatThrownBy(() -> store.get(2)).isInstanceOf(PetNotFoundException.class);
        assertThat(store.get(3).name()).isEqualTo("Pet 3");
    }

    @Test
    void findsByStatusOnlyAmongThePetsKept() {
        PetService store = store(2, 10);
        store.create("Gone", "sold", null);
        store.create("Kept", "sold", null);
        store.create("Other", "pending", null);

        assertThat(store.findByStatus("sold")).extracting(Pet::name).containsExactly("Kept");
    }

    @Test
    void remembersAtMostMaxIdempotencyKeysForgettingTheOldestFirst() {
        PetService store = store(10, 2);
        Pet first = store.create("Gromit", "sold", "key-1");
        store.create("Wallace", "sold", "key-2");
        Pet third = store.create("Shaun", "sold", "key-3");

        assertThat(store.create("Shaun", "sold", "key-3")).isEqualTo(third);
        Pet again = store.create("Gromit", "sold", "key-1");
        assertThat(again.id()).isNotEqualTo(first.id());
        assertThat(store.all()).hasSize(4);
    }

    @Test
    void replaysARememberedKeyWithItsFirstPetEvenOnceThatPetIsForgotten() {
        PetService store = store(1, 10);
        Pet first = store.create("Gromit", "sold", "key-1");
        store.create("Wallace", "sold", null);

        assertThat(store.create("Gromit", "sold", "key-1")).isEqualTo(first);
        assertThat(store.all()).extracting(Pet::name).containsExactly("Wallace");
    }

    @Test
    void staysTheSameSizeHoweverManyPetsItIsGiven() {
        PetService store = store(1_000, 1_000);
        LongStream.rangeClosed(1, 300_000).forEach(i -> store.create("Pet " + i, "available", "key-" + i));

        assertThat(store.all()).hasSize(1_000).first().extracting(Pet::id).isEqualTo(299_001L);
        assertThat(store.create("Pet 300000", "available", "key-300000").id()).isEqualTo(300_000L);
        assertThat(store.create("Pet 299000", "available", "key-299000").id()).isEqualTo(300_001L);
    }

    @Test
    void refusesLimitsBelowOne() {
        assertThatThrownBy(() -> store(0, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store(10, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
