/**
 * Versioned schema changes. Append new migrations with the next version; never edit one that has shipped (a
 * database that already applied it would not see the change). Times are integer milliseconds since the epoch.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const REQUEST_STATUS_CHECK = `status IN ('pending','deciding','approved','rejected','failed','gone','decided-elsewhere')`;

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
      CREATE TABLE subscriptions (
        conversation_id    TEXT NOT NULL,
        -- lower(filter), or '' for "every watched server": part of the key, so NULL is avoided
        filter_key         TEXT NOT NULL,
        filter             TEXT,
        kind               TEXT NOT NULL CHECK (kind IN ('channel','groupChat','personal')),
        tenant_id          TEXT NOT NULL,
        reference_json     TEXT NOT NULL,
        subscribed_by_id   TEXT NOT NULL,
        subscribed_by_name TEXT NOT NULL,
        subscribed_at      INTEGER NOT NULL,
        PRIMARY KEY (conversation_id, filter_key)
      );

      CREATE TABLE installations (
        conversation_id TEXT PRIMARY KEY,
        kind            TEXT NOT NULL CHECK (kind IN ('channel','groupChat','personal')),
        tenant_id       TEXT NOT NULL,
        reference_json  TEXT NOT NULL,
        installed_at    INTEGER NOT NULL,
        updated_at      INTEGER NOT NULL
      );

      CREATE TABLE personal_conversations (
        aad_object_id  TEXT PRIMARY KEY,
        tenant_id      TEXT NOT NULL,
        reference_json TEXT NOT NULL,
        updated_at     INTEGER NOT NULL
      );

      CREATE TABLE requests (
        id                  TEXT PRIMARY KEY,
        connection_key      TEXT NOT NULL UNIQUE,
        connection_id       TEXT NOT NULL,
        subscription_id     TEXT NOT NULL,
        resource_group      TEXT NOT NULL,
        server_name         TEXT NOT NULL,
        server_key          TEXT NOT NULL,
        connection_name     TEXT NOT NULL,
        private_endpoint_id TEXT NOT NULL,
        description         TEXT NOT NULL,
        requester_id        TEXT,
        requester_name      TEXT,
        factory_name        TEXT,
        mpe_name            TEXT,
        factory_id          TEXT,
        first_seen_at       INTEGER NOT NULL,
        status              TEXT NOT NULL CHECK (${REQUEST_STATUS_CHECK}),
        updated_at          INTEGER NOT NULL,
        decision            TEXT CHECK (decision IN ('Approved','Rejected')),
        decided_by_id       TEXT,
        decided_by_name     TEXT,
        reason              TEXT,
        claimed_at          INTEGER,
        decided_at          INTEGER,
        invoke_activity_id  TEXT,
        last_error          TEXT,
        adf_sync_seen_at    INTEGER
      );
      CREATE INDEX requests_by_status ON requests (status, first_seen_at);
      CREATE INDEX requests_by_server ON requests (server_key, first_seen_at);

      CREATE TABLE processed_activities (
        activity_id  TEXT PRIMARY KEY,
        processed_at INTEGER NOT NULL
      );
      CREATE INDEX processed_activities_by_time ON processed_activities (processed_at);

      CREATE TABLE operations (
        request_id    TEXT PRIMARY KEY REFERENCES requests (id),
        decision      TEXT NOT NULL CHECK (decision IN ('Approved','Rejected')),
        resume_token  TEXT NOT NULL,
        started_at    INTEGER NOT NULL,
        updated_at    INTEGER NOT NULL,
        attempts      INTEGER NOT NULL,
        finished_at   INTEGER,
        outcome       TEXT CHECK (outcome IN ('succeeded','failed')),
        error         TEXT
      );

      CREATE TABLE cards (
        card_key        TEXT NOT NULL,
        conversation_id TEXT NOT NULL,
        reserved_at     INTEGER NOT NULL,
        reference_json  TEXT,
        activity_id     TEXT,
        thread_root_id  TEXT,
        posted_at       INTEGER,
        PRIMARY KEY (card_key, conversation_id)
      );

      CREATE TABLE audit_log (
        seq             INTEGER PRIMARY KEY AUTOINCREMENT,
        at              INTEGER NOT NULL,
        action          TEXT NOT NULL,
        actor_id        TEXT,
        actor_name      TEXT,
        tenant_id       TEXT,
        request_id      TEXT,
        subscription_id TEXT,
        resource_group  TEXT,
        server_name     TEXT,
        server_name_key TEXT,
        connection_name TEXT,
        reason          TEXT,
        state_before    TEXT,
        state_after     TEXT,
        correlation_id  TEXT,
        detail          TEXT
      );
      CREATE INDEX audit_by_request ON audit_log (request_id, seq);
      CREATE INDEX audit_by_server ON audit_log (server_name_key, seq);
      -- Append-only also against a bug or a hand-run statement, not only by the absence of an API.
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

      CREATE TABLE bot_state (
        key        TEXT PRIMARY KEY,
        etag       TEXT NOT NULL,
        value_json TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      );
    `,
  },
  {
    version: 2,
    name: 'which identity made each write',
    // 'person:<object id>' when the bot wrote with that person's delegated token (ACT_AS=user), 'bot' otherwise.
    sql: `
      ALTER TABLE operations ADD COLUMN written_as TEXT;
      ALTER TABLE audit_log ADD COLUMN written_as TEXT;
    `,
  },
  {
    version: 3,
    name: "the requester's Teams user id",
    // Listed in the approval card's refresh.userIds, so the requester's own view has no buttons.
    sql: `ALTER TABLE requests ADD COLUMN requester_teams_id TEXT;`,
  },
];
