-- Knowledge base (uploads and search arrive with the next backend issue): documents split into chunks,
-- searched with PostgreSQL full-text search.
CREATE TABLE documents (
    id           uuid        PRIMARY KEY,
    user_id      uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    filename     text        NOT NULL,
    content_type text        NOT NULL,
    size_bytes   bigint      NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX documents_user_created_idx ON documents (user_id, created_at DESC, id DESC);

CREATE TABLE document_chunks (
    id          bigint   GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    document_id uuid     NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    position    integer  NOT NULL,
    content     text     NOT NULL,
    search      tsvector GENERATED ALWAYS AS (to_tsvector('english', content)) STORED,
    CONSTRAINT document_chunks_position_key UNIQUE (document_id, position)
);
CREATE INDEX document_chunks_search_idx ON document_chunks USING gin (search);
