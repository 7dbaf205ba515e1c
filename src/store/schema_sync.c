/*
 * schema_sync.c: provider sync state and the outbox of writes to providers.
 * The sync helper owns this fragment.
 */
const char tt_schema_sync[] =
    "CREATE TABLE sync_state ("
    "  account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,"
    "  resource TEXT NOT NULL,"
    "  cursor TEXT,"
    "  updated_at INTEGER NOT NULL DEFAULT (unixepoch()),"
    "  PRIMARY KEY (account_id, resource));"

    "CREATE TABLE sync_status ("
    "  account_id INTEGER PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,"
    "  state TEXT NOT NULL DEFAULT 'idle',"
    "  detail TEXT,"
    "  items INTEGER NOT NULL DEFAULT 0,"
    "  pages INTEGER NOT NULL DEFAULT 0,"
    "  requests INTEGER NOT NULL DEFAULT 0,"
    "  started_at INTEGER,"
    "  finished_at INTEGER,"
    "  last_ok_at INTEGER,"
    "  heartbeat INTEGER);"

    "CREATE TABLE outbox ("
    "  id INTEGER PRIMARY KEY,"
    "  account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,"
    "  ticket_id INTEGER REFERENCES tickets(id) ON DELETE SET NULL,"
    "  kind TEXT NOT NULL CHECK (kind IN"
    "    ('reply','note','status','priority','assignee','group','tags')),"
    "  payload TEXT NOT NULL,"
    "  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN"
    "    ('pending','sending','sent','failed','held')),"
    "  idempotency_key TEXT NOT NULL UNIQUE,"
    "  attempts INTEGER NOT NULL DEFAULT 0,"
    "  last_error TEXT,"
    "  base_updated_at INTEGER," /* remote updated_at when the agent opened the ticket */
    "  next_attempt_at INTEGER,"
    "  created_at INTEGER NOT NULL DEFAULT (unixepoch()),"
    "  updated_at INTEGER NOT NULL DEFAULT (unixepoch()));"
    "CREATE INDEX outbox_state ON outbox(state, next_attempt_at);";
