#!/bin/sh
# A database left by an earlier build (an outdated trigger and index, a
# trigger the schema no longer has) is brought to this build's definitions by
# any command that opens it, rows kept; the next open writes nothing.
set -u
cd "$(dirname "$0")/../.."
bin=${TICKETTY_BIN:-build/ticketty}
tmp=$(mktemp -d /tmp/ticketty-e2e-dbup-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
fails=0
ok() { echo "ok - $1"; }
nok() { echo "not ok - $1"; fails=$((fails + 1)); }
export TICKETTY_CONFIG="$tmp/empty.yaml"
: >"$TICKETTY_CONFIG"
db=$tmp/t.db
"$bin" --db "$db" demo init --tickets 20 --customers 5 --quiet >/dev/null 2>&1 || nok "demo init"
"$bin" --db "$tmp/fresh.db" ticket list >/dev/null 2>&1 || nok "a fresh database"
q() { sqlite3 "$1" "$2"; }
want_trig=$(q "$tmp/fresh.db" "SELECT sql FROM sqlite_master WHERE name = 'sla_dirty_event'")
want_idx=$(q "$tmp/fresh.db" "SELECT sql FROM sqlite_master WHERE name = 'tickets_status'")
rows=$(q "$db" "SELECT (SELECT count(*) FROM tickets) || '/' || (SELECT count(*) FROM ticket_events)")
q "$db" "DROP TRIGGER sla_dirty_event;
CREATE TRIGGER sla_dirty_event AFTER INSERT ON ticket_events BEGIN SELECT 1; END;
CREATE TRIGGER tickets_old_audit AFTER UPDATE ON tickets BEGIN SELECT 1; END;
DROP INDEX tickets_status; CREATE INDEX tickets_status ON tickets(status);
UPDATE store_meta SET value = 'earlier' WHERE key = 'objects_fingerprint';"
"$bin" --db "$db" ticket list --limit 1 >/dev/null 2>"$tmp/err" && ok "the old database opens" || nok "open: $(cat "$tmp/err")"
[ "$(q "$db" "SELECT sql FROM sqlite_master WHERE name = 'sla_dirty_event'")" = "$want_trig" ] \
    && ok "the outdated trigger has the current SQL" || nok "trigger: $(q "$db" "SELECT sql FROM sqlite_master WHERE name = 'sla_dirty_event'")"
[ "$(q "$db" "SELECT sql FROM sqlite_master WHERE name = 'tickets_status'")" = "$want_idx" ] \
    && ok "the outdated index has the current SQL" || nok "index"
[ -z "$(q "$db" "SELECT name FROM sqlite_master WHERE name = 'tickets_old_audit'")" ] \
    && ok "a trigger the schema no longer has is gone" || nok "stale trigger kept"
[ "$(q "$db" "SELECT (SELECT count(*) FROM tickets) || '/' || (SELECT count(*) FROM ticket_events)")" = "$rows" ] \
    && ok "rows kept ($rows tickets/events)" || nok "rows changed"
[ "$(q "$db" "SELECT value FROM store_meta WHERE key = 'objects_fingerprint'")" = \
    "$(q "$tmp/fresh.db" "SELECT value FROM store_meta WHERE key = 'objects_fingerprint'")" ] \
    && ok "the current fingerprint is recorded" || nok "fingerprint"
cookie=$(q "$db" "PRAGMA schema_version")
"$bin" --db "$db" ticket list --limit 1 >/dev/null 2>&1
[ "$(q "$db" "PRAGMA schema_version")" = "$cookie" ] && ok "the next open changes no schema" || nok "schema rewritten again"
[ "$fails" -eq 0 ]
