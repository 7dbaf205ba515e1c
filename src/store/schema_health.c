/*
 * schema_health.c: tables of the health module (owned by that module; part of
 * schema version 1 until the first release, later changes are new migrations).
 *
 * health_history  one row per customer and UTC day (a second run the same day
 *                 replaces that day's row); the computed score and signals,
 *                 and the effective score (an active override wins).
 * health_current  the latest scoring of each customer; its effective_status is
 *                 the "previous status" the next run compares against to find
 *                 transitions into critical.
 * health_overrides  a CSM's manual score with reason and expiry (exclusive).
 * health_alerts   CSM alerts, one per transition into critical; sent_at is
 *                 NULL until the notifier delivered it (failed ones are retried
 *                 by the next run, never duplicated).
 * health_alert_deliveries  (schema 2) each destination that accepted an
 *                 alert; retries skip them.
 */
#define HEALTH_SCORE_COLS                                                                          \
    "  raw REAL NOT NULL,"                                                                         \
    "  score INTEGER NOT NULL,"                                                                    \
    "  status TEXT NOT NULL,"                                                                      \
    "  effective_score INTEGER NOT NULL,"                                                          \
    "  effective_status TEXT NOT NULL,"                                                            \
    "  overridden INTEGER NOT NULL DEFAULT 0,"                                                     \
    "  product_usage REAL NOT NULL,"                                                               \
    "  feature_adoption REAL NOT NULL,"                                                            \
    "  support_sentiment REAL NOT NULL,"                                                           \
    "  expansion_signals REAL NOT NULL,"                                                           \
    "  payment_health REAL NOT NULL,"

const char tt_schema_health[] =
    "CREATE TABLE health_history ("
    "  customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,"
    "  day TEXT NOT NULL,"
    "  at INTEGER NOT NULL," HEALTH_SCORE_COLS "  PRIMARY KEY (customer_id, day)) WITHOUT ROWID;"

    "CREATE TABLE health_current ("
    "  customer_id INTEGER PRIMARY KEY REFERENCES customers(id) ON DELETE CASCADE,"
    "  day TEXT NOT NULL,"
    "  at INTEGER NOT NULL," HEALTH_SCORE_COLS "  status_since INTEGER NOT NULL);"
    "CREATE INDEX health_current_score ON health_current(effective_score);"

    "CREATE TABLE health_overrides ("
    "  customer_id INTEGER PRIMARY KEY REFERENCES customers(id) ON DELETE CASCADE,"
    "  score INTEGER NOT NULL CHECK (score BETWEEN 0 AND 100),"
    "  reason TEXT NOT NULL,"
    "  set_by TEXT,"
    "  until INTEGER NOT NULL,"
    "  set_at INTEGER NOT NULL);"

    "CREATE TABLE health_alerts ("
    "  id INTEGER PRIMARY KEY,"
    "  customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,"
    "  at INTEGER NOT NULL,"
    "  score INTEGER NOT NULL,"
    "  previous_status TEXT,"
    "  failing TEXT NOT NULL," /* "product_usage=0;payment_health=20" */
    "  attempts INTEGER NOT NULL DEFAULT 0,"
    "  last_error TEXT,"
    "  sent_at INTEGER);"
    "CREATE INDEX health_alerts_customer ON health_alerts(customer_id, at);"
    "CREATE INDEX health_alerts_pending ON health_alerts(sent_at) WHERE sent_at IS NULL;";

/* Schema 2: the destinations that accepted an alert, so that a retry goes
 * only to those that failed (a CSM's mail is not lost because the webhook
 * answered, and the webhook is not called twice). */
const char tt_schema_health_v2[] =
    "CREATE TABLE IF NOT EXISTS health_alert_deliveries ("
    "  alert_id INTEGER NOT NULL REFERENCES health_alerts(id) ON DELETE CASCADE,"
    "  destination TEXT NOT NULL,"
    "  at INTEGER NOT NULL,"
    "  PRIMARY KEY (alert_id, destination)) WITHOUT ROWID;";
