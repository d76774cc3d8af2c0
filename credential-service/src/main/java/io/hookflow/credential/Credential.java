package io.hookflow.credential;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.ColumnTransformer;

import java.time.Instant;

/**
 * A stored credential: non-secret fields in clear JSON, secret fields as one AES-256-GCM ciphertext
 * together with the id of the master key that produced it.
 */
@Entity
@Table(name = "credential")
public class Credential extends PanacheEntityBase {

    @Id
    @Column(length = 24)
    public String id;

    @Column(nullable = false, length = 100)
    public String workspace;

    @Column(nullable = false, length = 200)
    public String name;

    @Column(nullable = false, length = 50)
    public String type;

    /** JSON object of the non-secret config fields. */
    @Column(nullable = false, columnDefinition = "jsonb")
    @ColumnTransformer(write = "?::jsonb")
    public String config;

    /** IV (12 bytes) followed by the GCM ciphertext and tag of the JSON object of secret fields. */
    @Column(name = "secret_ciphertext", nullable = false)
    public byte[] secretCiphertext;

    @Column(name = "key_id", nullable = false, length = 64)
    public String keyId;

    /**
     * Which associated data the ciphertext was sealed with ({@code service.SecretBinding}): 2 binds it to the id,
     * workspace, type, key id and clear config; 1, rows from before, to the id alone (bound anew at startup).
     */
    @Column(name = "aad_version", nullable = false)
    public short aadVersion = 2;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
