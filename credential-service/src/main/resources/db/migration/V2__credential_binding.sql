-- which AES-GCM associated data secret_ciphertext was sealed with: 1 = the id alone (every row before this
-- migration), 2 = id, workspace, type, key_id and the clear config (SecretBinding). Rows at 1 are sealed anew
-- at startup by MasterKeyRotation.
ALTER TABLE credential ADD COLUMN aad_version SMALLINT NOT NULL DEFAULT 1;
ALTER TABLE credential ALTER COLUMN aad_version SET DEFAULT 2;
