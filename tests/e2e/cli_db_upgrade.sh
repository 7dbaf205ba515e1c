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

# A trigger and an index dropped by hand (fingerprint still current) are
# restored by the next open.
q "$db" "DROP TRIGGER sla_dirty_event; DROP INDEX tickets_status;"
"$bin" --db "$db" ticket list --limit 1 >/dev/null 2>&1
[ "$(q "$db" "SELECT sql FROM sqlite_master WHERE name = 'sla_dirty_event'")" = "$want_trig" ] &&
    [ "$(q "$db" "SELECT sql FROM sqlite_master WHERE name = 'tickets_status'")" = "$want_idx" ] \
    && ok "a trigger and an index dropped by hand are restored" || nok "dropped objects not restored"

# A file the user may only read: an outdated database is read as it is (the
# rebuild waits for the next writable open); one that needs a migration is
# refused with a message.  As root, the reader is nobody (root writes any file).
ro=$tmp/ro
mkdir "$ro" && chmod 755 "$tmp" && chmod 1777 "$ro"
cp "$db" "$ro/t.db"
q "$ro/t.db" "DROP TRIGGER IF EXISTS sla_dirty_event;
UPDATE store_meta SET value = 'earlier' WHERE key = 'objects_fingerprint';"
chmod 444 "$ro/t.db"
as_reader=
if [ "$(id -u)" -eq 0 ]; then
    if command -v setpriv >/dev/null 2>&1; then
        cp "$bin" "$ro/ticketty" && chmod 755 "$ro/ticketty" && bin_ro=$ro/ticketty
        as_reader="setpriv --reuid=65534 --regid=65534 --clear-groups env HOME=$ro"
    else
        as_reader=skip
    fi
fi
if [ "$as_reader" = skip ]; then
    ok "read-only database # skip running as root without setpriv"
else
    bin_ro=${bin_ro:-$bin}
    cookie=$(q "$ro/t.db" "PRAGMA schema_version")
    n=$($as_reader "$bin_ro" --db "$ro/t.db" ticket list --json 2>"$tmp/err" | grep -c '"id"')
    [ "$n" -gt 0 ] && ok "a read-only database with outdated triggers opens ($n tickets listed)" \
        || nok "read-only open: $(cat "$tmp/err")"
    [ "$(q "$ro/t.db" "PRAGMA schema_version")" = "$cookie" ] &&
        [ "$(q "$ro/t.db" "SELECT value FROM store_meta WHERE key = 'objects_fingerprint'")" = earlier ] \
        && ok "the read-only open writes nothing" || nok "the read-only open changed the schema"
    chmod 644 "$ro/t.db"
    "$bin" --db "$ro/t.db" ticket list --limit 1 >/dev/null 2>&1
    [ "$(q "$ro/t.db" "SELECT sql FROM sqlite_master WHERE name = 'sla_dirty_event'")" = "$want_trig" ] \
        && ok "the next writable open brings it up to date" || nok "not brought up to date"
    q "$ro/t.db" "PRAGMA user_version = 4"
    chmod 444 "$ro/t.db"
    $as_reader "$bin_ro" --db "$ro/t.db" ticket list >/dev/null 2>"$tmp/err"
    rc=$?
    [ "$rc" -eq 1 ] && grep -q "is read-only and has schema version 4" "$tmp/err" \
        && ok "a read-only database that needs a migration is refused with a message" \
        || nok "read-only migration: exit $rc, $(cat "$tmp/err")"
fi
[ "$fails" -eq 0 ]
