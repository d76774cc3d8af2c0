package io.hookflow.flow.repository;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ExecutionStatsRepositoryTest {

    @Test
    void addsHistogramsInPostgresArrayTextByTheirBounds() {
        long[] counts = new long[8];

        ExecutionStatsRepository.addHistogram("[2:4]={3,0,12}", counts);
        ExecutionStatsRepository.addHistogram("{1,1}", counts); // from 1, the default lower bound
        ExecutionStatsRepository.addHistogram("[0:0]={5}", counts);
        ExecutionStatsRepository.addHistogram("{}", counts);

        assertThat(counts).containsExactly(5, 1, 4, 0, 12, 0, 0, 0);
    }

    @Test
    void countsBucketsPastTheEndsInTheFirstAndLast() {
        long[] counts = new long[3];

        ExecutionStatsRepository.addHistogram("[-1:4]={1,1,1,1,1,1}", counts);

        assertThat(counts).containsExactly(2, 1, 3);
    }
}
