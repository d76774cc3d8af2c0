package io.hookflow.flow;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.ColumnTransformer;

import java.time.Instant;

/** A flow: a webhook trigger followed by actions, edited as a draft and run from published versions. */
@Entity
@Table(name = "flow")
public class Flow {

    @Id
    @Column(length = 24)
    public String id;

    @Column(nullable = false)
    public String workspace;

    @Column(nullable = false)
    public String name;

    public String description;

    @Convert(converter = FlowStatusConverter.class)
    @Column(nullable = false)
    public FlowStatus status;

    /** The draft as JSON: {@code {"steps":[...],"settings":{...}}}. */
    @Column(nullable = false, columnDefinition = "jsonb")
    @ColumnTransformer(write = "?::jsonb")
    public String draft;

    @Column(name = "active_version")
    public Integer activeVersion;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
