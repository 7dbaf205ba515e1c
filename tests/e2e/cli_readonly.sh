#!/bin/sh
# A database the user may only read: every read command reads it and writes
# nothing (a KB search is not logged); a database in a directory the user
# cannot write (SQLite needs its -wal and -shm files there) is refused with a
# message naming the directory, not "attempt to write a readonly database";
# the -wal/-shm files a reader left behind (owned by the reader) make the
# owner's writes fail with a message naming them, their owner and the remedy.
# As root the reader is nobody (root writes any file).
set -u
cd "$(dirname "$0")/../.."
bin=${TICKETTY_BIN:-$PWD/build/ticketty}
tmp=$(mktemp -d /tmp/ticketty-e2e-ro-XXXXXX)
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
fails=0
ok() { echo "ok - $1"; }
nok() { echo "not ok - $1"; fails=$((fails + 1)); }
export TICKETTY_CONFIG="$tmp/empty.yaml" XDG_CONFIG_HOME="$tmp/cfg" XDG_DATA_HOME="$tmp/data"
: >"$TICKETTY_CONFIG"
chmod 755 "$tmp"
"$bin" --db "$tmp/t.db" --kb "$tmp/kb" demo init --tickets 60 --customers 8 --quiet >/dev/null 2>&1 || nok "demo init"
as_reader=
if [ "$(id -u)" -eq 0 ]; then
    if ! command -v setpriv >/dev/null 2>&1; then
        ok "read-only database # skip running as root without setpriv"
        exit 0
    fi
    cp "$bin" "$tmp/ticketty" && chmod 755 "$tmp/ticketty" && bin=$tmp/ticketty
    chmod -R a+rX "$tmp/kb" "$TICKETTY_CONFIG"
    as_reader="setpriv --reuid=65534 --regid=65534 --clear-groups env HOME=$tmp"
fi
slug=$(sqlite3 "$tmp/t.db" "SELECT slug FROM kb_articles LIMIT 1" 2>/dev/null)
triaged=$(sqlite3 "$tmp/t.db" "SELECT ticket_id FROM triage_results LIMIT 1" 2>/dev/null)
[ -n "$slug" ] && [ -n "$triaged" ] || nok "demo has an article ($slug) and a triaged ticket ($triaged)"

# 1. the file is read-only (its directory is writable: SQLite's -shm goes there)
mkdir "$tmp/f" && chmod 1777 "$tmp/f"
cp "$tmp/t.db" "$tmp/f/t.db"
# a ticket not triaged yet: `triage show` triages it without saving the result
fresh=$(sqlite3 "$tmp/f/t.db" "SELECT ticket_id FROM triage_results WHERE ticket_id != $triaged LIMIT 1;
    DELETE FROM triage_results WHERE ticket_id = (SELECT ticket_id FROM triage_results WHERE ticket_id != $triaged LIMIT 1)")
chmod 444 "$tmp/f/t.db"
logged=$(sqlite3 "$tmp/f/t.db" "SELECT count(*) FROM kb_search_log")
for c in "ticket list" "ticket list --json" "ticket show 1" "outbox" "account list" \
    "health list" "health show 1" "sla report" "sla explain 1" "kb search password" \
    "kb search --json password" "kb show $slug" "kb review" "kb gaps" "triage show $triaged"; do
    # shellcheck disable=SC2086
    if $as_reader "$bin" --db "$tmp/f/t.db" --kb "$tmp/kb" $c >"$tmp/out" 2>"$tmp/err" && [ -s "$tmp/out" ]; then
        ok "read-only database: $c"
    else
        nok "read-only database: $c: $(head -c 300 "$tmp/err")"
    fi
done
# shellcheck disable=SC2086
if $as_reader "$bin" --db "$tmp/f/t.db" --kb "$tmp/kb" triage show "$fresh" >"$tmp/out" 2>"$tmp/err" \
    && grep -q "^category " "$tmp/out" && grep -q "^state *suggested" "$tmp/out" \
    && [ "$(cat "$tmp/err")" = "ticketty: triage of ticket $fresh not saved: read-only database" ] \
    && [ "$(sqlite3 "$tmp/f/t.db" "SELECT count(*) FROM triage_results WHERE ticket_id = $fresh")" = 0 ]; then
    ok "read-only database: triage show of a ticket not triaged yet shows it and notes it is not saved"
else
    nok "read-only database: triage show $fresh (not triaged): $(head -c 300 "$tmp/err")"
fi
# shellcheck disable=SC2086
if $as_reader "$bin" --db "$tmp/f/t.db" --kb "$tmp/kb" triage show --json "$fresh" >"$tmp/out" 2>/dev/null \
    && grep -q "\"ticket_id\": *$fresh" "$tmp/out"; then
    ok "read-only database: triage show --json of a ticket not triaged yet"
else
    nok "read-only database: triage show --json $fresh: $(head -c 300 "$tmp/out")"
fi
[ "$(sqlite3 "$tmp/f/t.db" "SELECT count(*) FROM kb_search_log")" = "$logged" ] \
    && ok "read-only database: the searches are not logged" || nok "the search log grew"
$as_reader "$bin" --db "$tmp/f/t.db" reply 1 --message hi >/dev/null 2>"$tmp/err"
rc=$?
[ $rc = 1 ] && grep -q "readonly\|read-only" "$tmp/err" && ok "read-only database: a write fails (exit 1) and says why" \
    || nok "read-only write: exit $rc, $(cat "$tmp/err")"

# 2. the directory is read-only (the file is writable but no -wal/-shm can be made)
if [ -n "$as_reader" ]; then
    mkdir "$tmp/d"
    cp "$tmp/t.db" "$tmp/d/t.db" && chmod 666 "$tmp/d/t.db" && chmod 555 "$tmp/d"
    $as_reader "$bin" --db "$tmp/d/t.db" ticket list >/dev/null 2>"$tmp/err"
    rc=$?
    [ $rc = 1 ] && grep -q "directory $tmp/d is not writable" "$tmp/err" && ! grep -q "attempt to write" "$tmp/err" \
        && ok "read-only directory: refused (exit 1) with a message naming the directory" \
        || nok "read-only directory: exit $rc, $(cat "$tmp/err")"
    $as_reader "$bin" --db "$tmp/d/new.db" ticket list >/dev/null 2>"$tmp/err"
    rc=$?
    [ $rc = 1 ] && grep -q "cannot create database $tmp/d/new.db: its directory $tmp/d is not writable" "$tmp/err" \
        && ok "read-only directory: a new database there is refused naming the directory" \
        || nok "read-only directory, new database: exit $rc, $(cat "$tmp/err")"
else
    ok "read-only directory # skip not running as root (the user may own the directory)"
fi

# 3. another user's read-only open left -wal and -shm owned by that user: the
# owner's next write says which files, whose, and what to do, not SQLite's
# "attempt to write a readonly database" (root writes any file, so the owner
# is another user: uid 4321)
if [ -n "$as_reader" ]; then
    owner="setpriv --reuid=4321 --regid=4321 --clear-groups env HOME=$tmp"
    mkdir "$tmp/w" && chmod 1777 "$tmp/w"
    cp "$tmp/t.db" "$tmp/w/t.db" && chown 4321:4321 "$tmp/w/t.db" && chmod 644 "$tmp/w/t.db"
    $as_reader "$bin" --db "$tmp/w/t.db" ticket list >/dev/null 2>"$tmp/err" \
        && [ "$(stat -c %U "$tmp/w/t.db-shm" 2>/dev/null)" = nobody ] \
        && ok "foreign -shm: the reader's open leaves $tmp/w/t.db-shm owned by nobody" \
        || nok "foreign -shm: reader: $(cat "$tmp/err"), $(ls -l "$tmp/w")"
    $owner "$bin" --db "$tmp/w/t.db" triage run "$triaged" >/dev/null 2>"$tmp/err"
    rc=$?
    [ $rc = 1 ] && grep -q "$tmp/w/t.db-wal and $tmp/w/t.db-shm are owned by nobody and not writable" "$tmp/err" \
        && grep -q "close the other user's ticketty and remove $tmp/w/t.db-wal and $tmp/w/t.db-shm, or make them writable" "$tmp/err" \
        && ! grep -q "attempt to write" "$tmp/err" \
        && ok "foreign -shm: the owner's write fails (exit 1) naming the files, their owner and what to do" \
        || nok "foreign -shm: owner's write: exit $rc, $(cat "$tmp/err")"
    rm -f "$tmp/w/t.db-wal" "$tmp/w/t.db-shm"
    $owner "$bin" --db "$tmp/w/t.db" triage run "$triaged" >/dev/null 2>"$tmp/err" \
        && ok "foreign -shm: once they are removed the owner writes" \
        || nok "foreign -shm: after removing them: $(cat "$tmp/err")"
else
    ok "foreign -wal/-shm # skip not running as root (no other user to read)"
fi
[ "$fails" -eq 0 ]
