package io.hookflow.flow.rest;

import io.hookflow.flow.service.InvalidRequestException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PagingTest {

    @Test
    void defaultsToTheFirstPageOfTwenty() {
        assertThat(Paging.of(null, null)).isEqualTo(new Paging(0, 20));
        assertThat(Paging.of(" ", "")).isEqualTo(new Paging(0, 20));
    }

    @Test
    void acceptsAnyPageFromZeroAndSizesFromOneToOneHundred() {
        assertThat(Paging.of("2147483647", "100")).isEqualTo(new Paging(Integer.MAX_VALUE, 100));
        assertThat(Paging.of(" 3 ", "1")).isEqualTo(new Paging(3, 1));
    }

    @Test
    void rejectsOutOfRangeOrNonNumericValuesNamingTheParameter() {
        assertThatThrownBy(() -> Paging.of("-1", null)).isInstanceOf(InvalidRequestException.class)
                .hasMessage("page must be 0 or more");
        assertThatThrownBy(() -> Paging.of("2147483648", null)).hasMessageStartingWith("page must be a whole number");
        assertThatThrownBy(() -> Paging.of("1.5", null)).hasMessageStartingWith("page must be a whole number");
        assertThatThrownBy(() -> Paging.of(null, "0")).hasMessage("size must be between 1 and 100");
        assertThatThrownBy(() -> Paging.of(null, "101")).hasMessage("size must be between 1 and 100");
        assertThatThrownBy(() -> Paging.of(null, "x")).hasMessageStartingWith("size must be a whole number");
    }
}
