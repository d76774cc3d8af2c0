package io.hookflow.flow.repository;

import io.hookflow.flow.SampleSource;
import io.hookflow.flow.StepSample;
import com.fasterxml.jackson.databind.JsonNode;
import io.hookflow.flow.mapping.JsonCodec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Steps' samples ({@code step_sample}), one per flow and step id. */
@ApplicationScoped
public class StepSampleRepository {

    private static final String COLUMNS = "flow_id, step_id, source, CAST(sample AS text), note, updated_at";

    private final EntityManager entityManager;
    private final JsonCodec json;

    public StepSampleRepository(EntityManager entityManager, JsonCodec json) {
        this.entityManager = entityManager;
        this.json = json;
    }

    /** Stores the step's sample, replacing the one it had (an upsert: two writers of a new sample cannot clash). */
    public void save(StepSample sample) {
        entityManager.createNativeQuery("""
                        INSERT INTO step_sample (flow_id, step_id, source, sample, note, updated_at)
                        VALUES (:flowId, :stepId, :source, CAST(:sample AS jsonb), :note, :updatedAt)
                        ON CONFLICT (flow_id, step_id) DO UPDATE SET source = EXCLUDED.source,
                            sample = EXCLUDED.sample, note = EXCLUDED.note, updated_at = EXCLUDED.updated_at""")
                .setParameter("flowId", sample.flowId())
                .setParameter("stepId", sample.stepId())
                .setParameter("source", sample.source().value())
                .setParameter("sample", json.write(sample.sample()))
                .setParameter("note", sample.note())
                .setParameter("updatedAt", OffsetDateTime.ofInstant(sample.updatedAt(), ZoneOffset.UTC))
                .executeUpdate();
    }

    public Optional<StepSample> find(String flowId, String stepId) {
        List<?> rows = entityManager.createNativeQuery("SELECT " + COLUMNS
                        + " FROM step_sample WHERE flow_id = :flowId AND step_id = :stepId")
                .setParameter("flowId", flowId)
                .setParameter("stepId", stepId)
                .getResultList();
        return rows.stream().findFirst().map(row -> read((Object[]) row));
    }

    /** The flow's samples, in no particular order. */
    public List<StepSample> listByFlow(String flowId) {
        List<?> rows = entityManager.createNativeQuery("SELECT " + COLUMNS + " FROM step_sample WHERE flow_id = :flowId")
                .setParameter("flowId", flowId)
                .getResultList();
        return rows.stream().map(row -> read((Object[]) row)).toList();
    }

    public boolean delete(String flowId, String stepId) {
        return entityManager.createNativeQuery("DELETE FROM step_sample WHERE flow_id = :flowId AND step_id = :stepId")
                .setParameter("flowId", flowId)
                .setParameter("stepId", stepId)
                .executeUpdate() > 0;
    }

    /** Deletes the samples of the flow's steps other than these (at least one: steps a new draft no longer has). */
    public void deleteOtherSteps(String flowId, Collection<String> stepIds) {
        entityManager.createNativeQuery("DELETE FROM step_sample WHERE flow_id = :flowId AND step_id NOT IN (:stepIds)")
                .setParameter("flowId", flowId)
                .setParameter("stepIds", List.copyOf(stepIds))
                .executeUpdate();
    }

    private StepSample read(Object[] row) {
        return new StepSample((String) row[0], (String) row[1], SampleSource.of((String) row[2]),
                json.read((String) row[3], JsonNode.class), (String) row[4], instant(row[5]));
    }

    private static Instant instant(Object value) {
        if (value instanceof OffsetDateTime time) {
            return time.toInstant();
        }
        if (value instanceof Timestamp time) {
            return time.toInstant();
        }
        return (Instant) value;
    }
}
