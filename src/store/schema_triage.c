/*
 * schema_triage.c: tables of the triage module (owned by that module; part of
 * schema version 1 until the first release, later changes are new migrations).
 * See include/ticketty/store_triage.h for what each holds.
 */
const char tt_schema_triage[] =
    "CREATE TABLE triage_models ("
    "  id INTEGER PRIMARY KEY,"
    "  field TEXT NOT NULL CHECK (field IN ('category','priority')),"
    "  version INTEGER NOT NULL,"
    "  source TEXT NOT NULL,"
    "  train_size INTEGER NOT NULL,"
    "  labels INTEGER NOT NULL,"
    "  features INTEGER NOT NULL,"
    "  eval_examples INTEGER NOT NULL DEFAULT 0,"
    "  accuracy REAL, macro_f1 REAL, confident_precision REAL, confident_coverage REAL,"
    "  train_seconds REAL,"
    "  temperature REAL,"
    "  weights BLOB NOT NULL,"
    "  created_at INTEGER NOT NULL,"
    "  UNIQUE(field));"

    "CREATE TABLE triage_results ("
    "  ticket_id INTEGER PRIMARY KEY REFERENCES tickets(id) ON DELETE CASCADE,"
    "  model_version INTEGER NOT NULL DEFAULT 0,"
    "  category TEXT,"
    "  confidence REAL NOT NULL DEFAULT 0,"
    "  priority TEXT NOT NULL,"
    "  base_priority TEXT,"
    "  group_name TEXT,"
    "  tags TEXT NOT NULL DEFAULT '',"
    "  rules TEXT NOT NULL DEFAULT '',"
    "  terms TEXT NOT NULL DEFAULT '',"
    "  draft TEXT,"
    "  articles TEXT NOT NULL DEFAULT '',"
    "  state TEXT NOT NULL DEFAULT 'suggested' CHECK (state IN"
    "    ('suggested','applied','accepted','overridden')),"
    "  created_at INTEGER NOT NULL,"
    "  decided_at INTEGER);"

    "CREATE TABLE triage_overrides ("
    "  id INTEGER PRIMARY KEY,"
    "  ticket_id INTEGER REFERENCES tickets(id) ON DELETE SET NULL,"
    "  field TEXT NOT NULL CHECK (field IN ('category','priority')),"
    "  suggested TEXT,"
    "  chosen TEXT NOT NULL,"
    "  text TEXT NOT NULL,"
    "  at INTEGER NOT NULL);"
    "CREATE INDEX triage_overrides_ticket ON triage_overrides(ticket_id, field, id);";
