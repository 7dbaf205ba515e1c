/*
 * schema_sla.c: tables of the sla module (owned by that module; part of
 * schema version 1 until the first release, later changes are new migrations).
 *
 * sla_clock    per-ticket cache of the engine's answer (policy, next breach,
 *              when the warning starts, paused remainder); tickets.next_breach_at
 *              mirrors next_breach_at so queues sort by an index.  Computed from
 *              the event log, never counted: safe to drop and rebuild.
 * sla_dirty    tickets whose cache is stale.  Triggers fill it whenever a
 *              ticket's events or SLA-relevant fields change (or its
 *              customer's plan or MRR), whoever writes them (sync, demo, the
 *              outbox); `sla refresh` and the hooks drain it.
 * sla_meta     key/value: the fingerprint of the SLA configuration the caches
 *              were computed with (a changed policy or schedule re-dirties all).
 * sla_events   warnings and breaches recorded and escalation levels fired, one
 *              row per (ticket, metric instance, kind, level): dedup_key is
 *              unique, so a second `sla check` records nothing new.
 * sla_actions  what each fired level did (notify/reassign/raise_priority),
 *              with its own dedup key; failed notifications are retried by
 *              the next run, everything else happens once.
 */
const char tt_schema_sla[] =
    "CREATE TABLE sla_clock ("
    "  ticket_id INTEGER PRIMARY KEY REFERENCES tickets(id) ON DELETE CASCADE,"
    "  policy TEXT,"
    "  next_breach_at INTEGER,"
    "  next_metric TEXT,"
    "  warn_at INTEGER,"
    "  paused_remaining INTEGER,"
    "  n_targets INTEGER NOT NULL DEFAULT 0,"
    "  computed_at INTEGER NOT NULL);"
    "CREATE INDEX sla_clock_warn ON sla_clock(warn_at) WHERE warn_at IS NOT NULL;"

    "CREATE TABLE sla_dirty ("
    "  ticket_id INTEGER PRIMARY KEY REFERENCES tickets(id) ON DELETE CASCADE);"
    /* An upsert clause rather than OR IGNORE: an outer statement's conflict
     * handling overrides a trigger's OR IGNORE, never its ON CONFLICT.  And
     * VALUES rather than INSERT ... SELECT ... WHERE NOT EXISTS, which reads
     * the table it writes and so costs a temporary b-tree per row (these run
     * for every synced ticket and comment). */
    "CREATE TRIGGER sla_dirty_ticket_insert AFTER INSERT ON tickets BEGIN"
    "  INSERT INTO sla_dirty(ticket_id) VALUES (NEW.id)"
    "    ON CONFLICT(ticket_id) DO NOTHING; END;"
    "CREATE TRIGGER sla_dirty_ticket_update AFTER UPDATE OF status, priority, tags, channel,"
    "  group_id, customer_id, created_at, first_response_at, resolved_at, deleted ON tickets"
    "  BEGIN INSERT INTO sla_dirty(ticket_id) VALUES (NEW.id)"
    "    ON CONFLICT(ticket_id) DO NOTHING; END;"
    "CREATE TRIGGER sla_dirty_event AFTER INSERT ON ticket_events BEGIN"
    "  INSERT INTO sla_dirty(ticket_id) VALUES (NEW.ticket_id)"
    "    ON CONFLICT(ticket_id) DO NOTHING; END;"
    "CREATE TRIGGER sla_dirty_customer AFTER UPDATE OF plan, mrr, name ON customers BEGIN"
    "  INSERT INTO sla_dirty(ticket_id) SELECT id FROM tickets WHERE customer_id = NEW.id"
    "    AND id NOT IN (SELECT ticket_id FROM sla_dirty); END;"

    "CREATE TABLE sla_meta ("
    "  key TEXT PRIMARY KEY,"
    "  value TEXT);"

    "CREATE TABLE sla_events ("
    "  id INTEGER PRIMARY KEY,"
    "  ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,"
    "  metric TEXT NOT NULL,"
    "  instance_start INTEGER NOT NULL,"
    "  kind TEXT NOT NULL CHECK (kind IN ('warning','breach','escalation')),"
    "  level INTEGER,"
    "  deadline INTEGER,"
    "  policy TEXT,"
    "  dedup_key TEXT NOT NULL UNIQUE,"
    "  at INTEGER NOT NULL);"
    "CREATE INDEX sla_events_ticket ON sla_events(ticket_id, at);"
    "CREATE INDEX sla_events_at ON sla_events(at);"

    "CREATE TABLE sla_actions ("
    "  id INTEGER PRIMARY KEY,"
    "  event_id INTEGER NOT NULL REFERENCES sla_events(id) ON DELETE CASCADE,"
    "  action TEXT NOT NULL CHECK (action IN ('notify','reassign','raise_priority')),"
    "  target TEXT,"
    "  state TEXT NOT NULL CHECK (state IN ('sent','queued','applied','failed','skipped')),"
    "  detail TEXT,"
    "  dedup_key TEXT NOT NULL UNIQUE,"
    "  attempts INTEGER NOT NULL DEFAULT 1,"
    "  at INTEGER NOT NULL);"
    "CREATE INDEX sla_actions_state ON sla_actions(state);";
