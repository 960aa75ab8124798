CREATE TABLE conversations (
    id         uuid        PRIMARY KEY,
    user_id    uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    title      text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
-- the list query: one user's conversations, newest first, keyset-paginated on (created_at, id)
CREATE INDEX conversations_user_created_idx ON conversations (user_id, created_at DESC, id DESC);

CREATE TABLE messages (
    id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    conversation_id uuid        NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    role            text        NOT NULL CHECK (role IN ('user', 'assistant', 'system')),
    content         text        NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now()
);
-- a conversation's messages in time order
CREATE INDEX messages_conversation_created_idx ON messages (conversation_id, created_at, id);
