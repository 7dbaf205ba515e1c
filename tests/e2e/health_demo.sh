#!/bin/sh
# demo init leaves the health module populated (scores, two weeks of history,
# trends) and the whole demo workspace, health included, is reproducible for
# the same --seed and TICKETTY_NOW.  Prints "ok - ..." / "not ok - ...".
set -u
cd "$(dirname "$0")/../.."
bin=$PWD/build/ticketty
tmp=$(mktemp -d /tmp/ticketty-e2e-hdemo.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
export XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data"
unset TICKETTY_DB TICKETTY_KB TICKETTY_CONFIG
export TICKETTY_NOW=2026-11-20T10:00:00Z
fails=0
ok() { echo "ok - $1"; }
nok() { echo "not ok - $1"; fails=$((fails + 1)); }
check() { d=$1; shift; if "$@" >/dev/null 2>&1; then ok "$d"; else nok "$d"; fi; }

for i in 1 2; do
    "$bin" --db "$tmp/d$i/t.db" --kb "$tmp/d$i/kb" demo init --tickets 200 --customers 30 \
        --seed 9 >"$tmp/out$i" 2>&1 || nok "demo init $i exits 0"
done
check "demo init reports the health scoring" grep -q '^  health .*customers scored' "$tmp/out1"
db="$tmp/d1/t.db"
"$bin" --db "$db" health list --json >"$tmp/list.json" 2>&1
check "health list after demo init is not empty" \
    python3 -c "import json,sys; a=json.load(open('$tmp/list.json')); sys.exit(0 if len(a) > 20 else 1)"
check "every listed customer has five signals" \
    python3 -c "import json,sys; a=json.load(open('$tmp/list.json')); sys.exit(0 if all(len(e['signals']) == 5 for e in a) else 1)"
check "some demo customers are critical and some healthy" \
    python3 -c "import json,sys; s={e['status'] for e in json.load(open('$tmp/list.json'))}; sys.exit(0 if {'critical','healthy'} <= s else 1)"
check "demo trends are not all flat" \
    python3 -c "import json,sys; sys.exit(0 if any(e['trend'] != 0 for e in json.load(open('$tmp/list.json'))) else 1)"
c=$(python3 -c "import json; print(json.load(open('$tmp/list.json'))[0]['customer_id'])")
"$bin" --db "$db" health show "$c" --json >"$tmp/show.json" 2>&1
check "health show has 15 days of history (14 demo days and today)" \
    python3 -c "import json,sys; h=json.load(open('$tmp/show.json'))['history']; sys.exit(0 if len(h) == 15 else 1)"
check "a health update the same day keeps the history" sh -c \
    "'$bin' --db '$db' health update >/dev/null && test \$(sqlite3 '$db' 'select count(*) from health_history') -eq \$(sqlite3 '$tmp/d2/t.db' 'select count(*) from health_history')"
# Reproducible: every table, the KB's included (its embedding model id is a
# hash of what it learnt), is identical but for the measured training time
# and the KB directory's own path.
same=1
for t in $(sqlite3 "$tmp/d2/t.db" "select name from sqlite_master where type='table' and name not like 'sqlite%'"); do
    where=
    case $t in
    triage_models) cols="field, version, source, train_size, labels, features, weights, created_at" ;;
    kb_state) cols='*' where="where key <> 'root'" ;;
    *) cols='*' ;;
    esac
    a=$(sqlite3 "$tmp/d1/t.db" "select $cols from $t $where" | md5sum)
    b=$(sqlite3 "$tmp/d2/t.db" "select $cols from $t $where" | md5sum)
    [ "$a" = "$b" ] || { echo "# table $t differs"; same=0; }
done
# d1 had a health update since; compare the rows of the demo run itself.
[ $same -eq 1 ] && ok "demo init is deterministic (same seed and TICKETTY_NOW, all tables)" \
    || nok "demo init is deterministic (same seed and TICKETTY_NOW, all tables)"
check "the KB tables take part in the comparison" \
    test "$(sqlite3 "$tmp/d1/t.db" "select count(*) from kb_vectors")" -gt 0
check "the built-in embedder's model id is the same in both runs" \
    test "$(sqlite3 "$tmp/d1/t.db" "select value from kb_state where key='model'")" = \
    "$(sqlite3 "$tmp/d2/t.db" "select value from kb_state where key='model'")"
check "the demo KB history is deterministic" sh -c \
    "test \"\$(git -C '$tmp/d1/kb' log --format='%H')\" = \"\$(git -C '$tmp/d2/kb' log --format='%H')\""
[ "$fails" -eq 0 ]
