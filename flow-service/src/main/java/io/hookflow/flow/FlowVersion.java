package io.hookflow.flow;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.ColumnTransformer;

import java.time.Instant;

/** An immutable, published copy of a flow's draft; webhooks run one of these. */
@Entity
@Table(name = "flow_version")
public class FlowVersion {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "flow_id", nullable = false, length = 24)
    public String flowId;

    @Column(nullable = false)
    public int version;

    /** The published definition as JSON: {@code {"name","steps":[...],"settings":{...}}}. */
    @Column(nullable = false, columnDefinition = "jsonb")
    @ColumnTransformer(write = "?::jsonb")
    public String definition;

    @Column(name = "published_at", nullable = false)
    public Instant publishedAt;
}
