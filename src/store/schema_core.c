/*
 * schema_core.c: accounts, customers, contacts, agents, groups, tickets and
 * the ticket event log.  Times are integer Unix seconds (UTC).
 */
const char tt_schema_core[] =
    "CREATE TABLE accounts ("
    "  id INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL UNIQUE,"
    "  provider TEXT NOT NULL,"
    "  base_url TEXT,"
    "  created_at INTEGER NOT NULL DEFAULT (unixepoch()));"

    "CREATE TABLE customers ("
    "  id INTEGER PRIMARY KEY,"
    "  key TEXT NOT NULL UNIQUE,"
    "  account_id INTEGER REFERENCES accounts(id) ON DELETE SET NULL,"
    "  external_id TEXT,"
    "  name TEXT NOT NULL,"
    "  domain TEXT,"
    "  plan TEXT NOT NULL DEFAULT 'free',"
    "  mrr REAL NOT NULL DEFAULT 0,"
    "  csm TEXT,"
    "  subscription_status TEXT NOT NULL DEFAULT 'active',"
    "  created_at INTEGER,"
    "  login_days_last_30 INTEGER,"
    "  features_used TEXT,"
    "  tickets_last_90_days INTEGER,"
    "  resolved_tickets_last_90_days INTEGER,"
    "  current_month_usage REAL,"
    "  previous_month_usage REAL,"
    "  failed_payments_last_90_days INTEGER,"
    "  updated_at INTEGER NOT NULL DEFAULT (unixepoch()));"
    "CREATE INDEX customers_name ON customers(name);"

    "CREATE TABLE contacts ("
    "  id INTEGER PRIMARY KEY,"
    "  account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,"
    "  external_id TEXT NOT NULL,"
    "  name TEXT,"
    "  email TEXT,"
    "  customer_id INTEGER REFERENCES customers(id) ON DELETE SET NULL,"
    "  UNIQUE(account_id, external_id));"

    "CREATE TABLE groups ("
    "  id INTEGER PRIMARY KEY,"
    "  account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,"
    "  external_id TEXT NOT NULL,"
    "  name TEXT NOT NULL,"
    "  email TEXT,"
    "  UNIQUE(account_id, external_id));"

    "CREATE TABLE agents ("
    "  id INTEGER PRIMARY KEY,"
    "  account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,"
    "  external_id TEXT NOT NULL,"
    "  name TEXT,"
    "  email TEXT,"
    "  group_id INTEGER REFERENCES groups(id) ON DELETE SET NULL,"
    "  UNIQUE(account_id, external_id));"

    "CREATE TABLE tickets ("
    "  id INTEGER PRIMARY KEY,"
    "  account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,"
    "  external_id TEXT NOT NULL,"
    "  subject TEXT NOT NULL DEFAULT '',"
    "  description TEXT NOT NULL DEFAULT '',"
    /* CHECKs on rows written per synced ticket compare with OR, not IN: SQLite
     * builds a temporary b-tree for an IN list on every row it checks. */
    "  status TEXT NOT NULL CHECK (status = 'new' OR status = 'open' OR status = 'pending'"
    "    OR status = 'on_hold' OR status = 'solved' OR status = 'closed'),"
    "  raw_status TEXT,"
    "  priority TEXT NOT NULL CHECK (priority = 'low' OR priority = 'normal'"
    "    OR priority = 'high' OR priority = 'urgent'),"
    "  category TEXT,"
    "  tags TEXT NOT NULL DEFAULT '',"
    "  channel TEXT,"
    "  requester_id INTEGER REFERENCES contacts(id) ON DELETE SET NULL,"
    "  customer_id INTEGER REFERENCES customers(id) ON DELETE SET NULL,"
    "  assignee_id INTEGER REFERENCES agents(id) ON DELETE SET NULL,"
    "  group_id INTEGER REFERENCES groups(id) ON DELETE SET NULL,"
    "  created_at INTEGER NOT NULL,"
    "  updated_at INTEGER NOT NULL,"
    "  first_response_at INTEGER,"
    "  resolved_at INTEGER,"
    "  deleted INTEGER NOT NULL DEFAULT 0,"
    "  merged_into TEXT,"
    "  next_breach_at INTEGER," /* SLA cache: recomputed on every event/policy change */
    "  UNIQUE(account_id, external_id));"
    /* The queue's order, covering what its text filter tests, so filtering a
     * million tickets scans this index instead of the wide table rows. */
    "CREATE INDEX tickets_updated ON tickets(updated_at DESC, id DESC, deleted, subject,"
    "  requester_id, customer_id, external_id);"
    "CREATE INDEX tickets_status ON tickets(status, updated_at DESC);"
    "CREATE INDEX tickets_priority ON tickets(priority, updated_at DESC);"
    "CREATE INDEX tickets_customer ON tickets(customer_id);"
    "CREATE INDEX tickets_requester ON tickets(requester_id);"
    "CREATE INDEX tickets_next_breach ON tickets(next_breach_at);"

    "CREATE TABLE ticket_events ("
    "  id INTEGER PRIMARY KEY,"
    "  ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,"
    "  external_id TEXT,"
    "  at INTEGER NOT NULL,"
    "  type TEXT NOT NULL,"
    "  author_role TEXT NOT NULL DEFAULT 'agent' CHECK (author_role = 'agent'"
    "    OR author_role = 'end_user' OR author_role = 'bot')," /* OR: see tickets.status */
    "  author TEXT,"
    "  public INTEGER NOT NULL DEFAULT 1,"
    "  body TEXT,"
    "  old_value TEXT,"
    "  new_value TEXT);"
    "CREATE INDEX ticket_events_ticket ON ticket_events(ticket_id, at, id);"
    "CREATE UNIQUE INDEX ticket_events_external ON ticket_events(ticket_id, type, external_id)"
    "  WHERE external_id IS NOT NULL;";

/* Schema 3: the queue's default order (next breach first, tickets without one
 * last, then id) as an index, so its first page and its last are index reads
 * instead of a sort of every ticket.  With `deleted` it also covers the
 * status line's count of breached tickets, asked every second ("next_breach_at
 * <= now" written as (next_breach_at IS NULL) = 0 AND next_breach_at <= now),
 * which otherwise reads a table row per open ticket; the plain next_breach_at
 * index goes.  The SLA warning count gets its covering index too. */
const char tt_schema_core_v3[] =
    "DROP INDEX IF EXISTS tickets_next_breach;"
    "CREATE INDEX IF NOT EXISTS tickets_breach_queue"
    "  ON tickets(next_breach_at IS NULL, next_breach_at, id, deleted);"
    "DROP INDEX IF EXISTS sla_clock_warn;"
    "CREATE INDEX IF NOT EXISTS sla_clock_due ON sla_clock(next_breach_at, warn_at)"
    "  WHERE warn_at IS NOT NULL;";
