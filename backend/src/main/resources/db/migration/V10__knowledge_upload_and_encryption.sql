-- Knowledge uploads (backend part 2): a title, the SHA-256 of the uploaded bytes (the same content uploaded
-- twice by one user is recognised), how many chunks were indexed, and the original bytes encrypted with
-- AES-256-GCM (12-byte nonce || ciphertext || tag; the document id is the associated data) plus the id of the
-- key that encrypted them, so a rotated key is detected instead of producing garbage.
ALTER TABLE documents
    ADD COLUMN title           text,
    ADD COLUMN sha256          text,
    ADD COLUMN chunk_count     integer NOT NULL DEFAULT 0,
    ADD COLUMN content_sealed  bytea,
    ADD COLUMN key_id          text;
UPDATE documents SET title = filename WHERE title IS NULL;
ALTER TABLE documents ALTER COLUMN title SET NOT NULL;
CREATE UNIQUE INDEX documents_user_sha256_key ON documents (user_id, sha256);

-- Search is scoped to the owner: keeping the owner on each chunk lets one GIN scan find a user's passages,
-- instead of a join that the planner may turn into one index scan per document.
ALTER TABLE document_chunks ADD COLUMN user_id uuid;
UPDATE document_chunks c SET user_id = d.user_id FROM documents d WHERE d.id = c.document_id;
ALTER TABLE document_chunks ALTER COLUMN user_id SET NOT NULL;
