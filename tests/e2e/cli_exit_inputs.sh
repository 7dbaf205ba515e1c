#!/bin/sh
# Exit status of every command that reads a user-supplied input file, as
# ticketty(1) EXIT STATUS says: a file that cannot be read (missing, a
# directory) exits 1; a document that cannot be parsed or is not of the
# documented shape exits 2 with an error naming FILE:LINE (or the field); a
# valid document exits 0.
set -u
cd "$(dirname "$0")/../.."
bin=$PWD/${TICKETTY_BIN:-build/ticketty}
case ${TICKETTY_BIN:-} in /*) bin=$TICKETTY_BIN ;; esac
tmp=$(mktemp -d /tmp/ticketty-e2e-exit-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
fails=0
ok() { echo "ok - $1"; }
nok() { echo "not ok - $1"; fails=$((fails + 1)); }
# expect DESC STATUS [ERR-PATTERN] -- COMMAND...: run the command (stdin from
# /dev/null), compare its exit status and, when given, grep stderr.
expect() {
    desc=$1 want=$2 pat=
    shift 2
    if [ "$1" != -- ]; then pat=$1; shift; fi
    shift
    "$@" </dev/null >"$tmp/out" 2>"$tmp/err"
    rc=$?
    if [ "$rc" -ne "$want" ]; then
        nok "$desc: exit $rc, want $want ($(head -c 300 "$tmp/err"))"
    elif [ -n "$pat" ] && ! grep -qE -- "$pat" "$tmp/err"; then
        nok "$desc: stderr lacks /$pat/ ($(head -c 300 "$tmp/err"))"
    else
        ok "$desc: exit $want"
    fi
}
export TICKETTY_CONFIG="$tmp/empty.yaml" TICKETTY_NOW=2026-05-04T13:00:00Z
: >"$tmp/empty.yaml"
db="$tmp/t.db"
T="$bin --db $db --kb $tmp/kb"
missing=$tmp/no-such-file
mkdir "$tmp/adir"

# --- sla eval (JSON) ---------------------------------------------------------
printf '{"now":"2026-05-04T13:00:00Z","policy":{"targets":[{"metric":"first_reply","minutes":60}]},"events":[{"at":"2026-05-04T12:00:00Z","type":"created"}]}' >"$tmp/sla.json"
printf '{"policy": {"targets": [\n  {"metric": "first_reply",, }]}}\n' >"$tmp/sla-syntax.json"
printf '{"policy": {"targets": [{"metric": "first_reply", "minutes": "soon"}]}}\n' >"$tmp/sla-shape.json"
expect "sla eval: missing file" 1 "no-such-file" -- $T sla eval "$missing"
expect "sla eval: a directory" 1 -- $T sla eval "$tmp/adir"
expect "sla eval: malformed JSON" 2 "sla-syntax.json: line 2" -- $T sla eval "$tmp/sla-syntax.json"
expect "sla eval: wrong shape" 2 "policy.targets\[0\].minutes" -- $T sla eval "$tmp/sla-shape.json"
expect "sla eval: valid document" 0 -- $T sla eval "$tmp/sla.json"

# --- import customers (CSV and JSON) ------------------------------------------
printf 'id,name,plan,mrr\nc1,Acme,pro,100\nc2,Beta,basic,50\nc3,Gamma,pro,80\n' >"$tmp/cust.csv"
printf '[{"id": "c4", "name": "Delta", "mrr": 10}]\n' >"$tmp/cust.json"
printf '[\n  {"id": "c4",\n   "name": }\n]\n' >"$tmp/cust-syntax.json"
printf '{"customers": {"id": "c4"}}\n' >"$tmp/cust-shape.json"
printf 'name,plan\nAcme,pro\n' >"$tmp/cust-noid.csv"
: >"$tmp/cust-empty.csv"
expect "import customers: missing file" 1 "no-such-file" -- $T import customers "$missing"
expect "import customers: malformed JSON" 2 "cust-syntax.json:3:" -- $T import customers "$tmp/cust-syntax.json"
expect "import customers: JSON of the wrong shape" 2 "cust-shape.json: expected an array" -- $T import customers "$tmp/cust-shape.json"
expect "import customers: CSV without an id column" 2 "cust-noid.csv:1:" -- $T import customers "$tmp/cust-noid.csv"
expect "import customers: empty CSV" 2 "cust-empty.csv:1:" -- $T import customers "$tmp/cust-empty.csv"
# a header and no row is no customer list (as kb eval and triage eval say)
printf 'id,name,plan,mrr\n' >"$tmp/cust-header.csv"
printf '\357\273\277id,name\r\n\r\n' >"$tmp/cust-header-bom.csv"
printf '[]\n' >"$tmp/cust-none.json"
expect "import customers: CSV with a header and no row" 2 "cust-header.csv:1: no customer rows after the header line" -- $T import customers "$tmp/cust-header.csv"
expect "import customers: CSV with a BOM, a header and a blank line" 2 "cust-header-bom.csv:1: no customer rows" -- $T import customers "$tmp/cust-header-bom.csv"
expect "import customers: CSV header only, with --json" 2 "cust-header.csv:1: no customer rows" -- $T import customers --json "$tmp/cust-header.csv"
expect "import customers: an empty JSON array" 2 "cust-none.json: no customers" -- $T import customers "$tmp/cust-none.json"
expect "import customers: malformed JSON with --json" 2 "cust-syntax.json:3:" -- $T import customers --json "$tmp/cust-syntax.json"
expect "import customers: valid CSV" 0 -- $T import customers "$tmp/cust.csv"
expect "import customers: valid JSON" 0 -- $T import customers "$tmp/cust.json"
# Classic Mac line ends (bare CR, Excel for Mac "CSV (Macintosh)"): rows, not one long header.
printf 'id,name,plan,mrr\rc5,Epsilon,pro,70\rc6,Zeta,basic,20\r' >"$tmp/cust-cr.csv"
expect "import customers: CSV with bare CR line ends" 0 -- $T import customers "$tmp/cust-cr.csv"
grep -qx "imported 2 customers from $tmp/cust-cr.csv" "$tmp/out" && [ ! -s "$tmp/err" ] \
    && ok "import customers: bare CR line ends give two rows" || nok "import customers CR: $(cat "$tmp/out" "$tmp/err")"

# --- health backtest --outcome (CSV) -------------------------------------------
printf 'id,churned\nc1,1\nc2,0\nc3,0\nc4,1\n' >"$tmp/outcome.csv"
printf 'id,churn\nc1,1\n' >"$tmp/outcome-shape.csv"
printf 'id,"churned\nc1,1\n' >"$tmp/outcome-syntax.csv"
expect "health backtest: missing file" 1 "no-such-file" -- $T health backtest --outcome "$missing"
expect "health backtest: header without churned" 2 "outcome-shape.csv:1:" -- $T health backtest --outcome "$tmp/outcome-shape.csv"
expect "health backtest: unterminated quote in the header" 2 "outcome-syntax.csv:1:" -- $T health backtest --outcome "$tmp/outcome-syntax.csv"
expect "health backtest: valid document" 0 -- $T health backtest --outcome "$tmp/outcome.csv"
printf 'id,churned\n' >"$tmp/outcome-header.csv"
expect "health backtest: a header and no row" 2 "outcome-header.csv:1: no outcome rows after the header line" -- $T health backtest --outcome "$tmp/outcome-header.csv"
# Row by row: a bad row is rejected and the rest counts (3), as documented.
printf 'id,churned\nc1,1\nc2,maybe\nc3,0\n' >"$tmp/outcome-row.csv"
expect "health backtest: one bad row" 3 "outcome-row.csv:3:" -- $T health backtest --outcome "$tmp/outcome-row.csv"
grep -q "; 1 row rejected" "$tmp/out" && ! grep -q "1 rows" "$tmp/out" \
    && ok "health backtest: '1 row rejected', not '1 rows'" || nok "health backtest summary: $(head -1 "$tmp/out")"

# --- kb eval (CSV) -------------------------------------------------------------
mkdir -p "$tmp/kb/billing"
printf -- '---\nid: KB-001\ntitle: How to request a refund\n---\nIf you were charged twice, open Billing and choose Request refund.\n' \
    >"$tmp/kb/billing/refunds.md"
(cd "$tmp/kb" && git init -q && git add -A && git -c user.name=T -c user.email=t@example.com commit -qm init) >/dev/null 2>&1
$T kb index >/dev/null 2>&1 || nok "kb index of the test KB"
printf 'query,article_id\nrefund charged twice,KB-001\n' >"$tmp/q.csv"
printf 'query,article\nrefund,KB-001\n' >"$tmp/q-shape.csv"
printf 'query,article_id\nrefund,KB-001,extra\n' >"$tmp/q-width.csv"
printf 'query,article_id\n' >"$tmp/q-empty.csv"
expect "kb eval: missing file" 1 "no-such-file" -- $T kb eval "$missing"
expect "kb eval: missing article_id column" 2 "q-shape.csv:1:" -- $T kb eval "$tmp/q-shape.csv"
expect "kb eval: a row of the wrong width" 2 "q-width.csv:2:" -- $T kb eval "$tmp/q-width.csv"
expect "kb eval: no query after the header" 2 "q-empty.csv" -- $T kb eval "$tmp/q-empty.csv"
expect "kb eval: valid document" 0 -- $T kb eval "$tmp/q.csv"
grep -q "^1 query (0 skipped" "$tmp/out" && ok "kb eval: '1 query', not '1 queries'" || nok "kb eval summary: $(head -1 "$tmp/out")"

# --- triage eval --train/--test and triage train --from (CSV) -------------------
{
    echo "text,label"
    for i in 1 2 3 4 5 6; do
        echo "my card payment was declined again $i,card"
        echo "how do I reset my password please $i,login"
    done
} >"$tmp/tr.csv"
printf 'body,label\nx,card\n' >"$tmp/tr-shape.csv"
printf 'text,label\n"unterminated,card\n' >"$tmp/tr-syntax.csv"
expect "triage eval: missing file" 1 "no-such-file" -- $T triage eval --train "$missing" --test "$tmp/tr.csv"
expect "triage eval: no text column" 2 "tr-shape.csv" -- $T triage eval --train "$tmp/tr-shape.csv" --test "$tmp/tr.csv"
expect "triage eval: unterminated quote" 2 "tr-syntax.csv:2:" -- $T triage eval --train "$tmp/tr.csv" --test "$tmp/tr-syntax.csv"
expect "triage eval: valid documents" 0 -- $T triage eval --train "$tmp/tr.csv" --test "$tmp/tr.csv"
expect "triage train --from: missing file" 1 "no-such-file" -- $T triage train --from "$missing" --no-eval
expect "triage train --from: no text column" 2 "tr-shape.csv" -- $T triage train --from "$tmp/tr-shape.csv" --no-eval
expect "triage train --from: valid document" 0 -- $T triage train --from "$tmp/tr.csv" --no-eval

# --- reply/note --file (text) ---------------------------------------------------
$T demo init --tickets 3 --customers 2 --quiet >/dev/null 2>&1 || nok "demo init for reply/note"
id=$(sqlite3 "$db" "SELECT id FROM tickets WHERE status <> 'closed' ORDER BY id LIMIT 1") # a closed ticket takes no reply
printf 'Thanks, looking into it.\n' >"$tmp/msg.txt"
printf '\377\376H\000i\000\n\000' >"$tmp/utf16.txt"
expect "reply --file: missing file" 1 "no-such-file" -- $T reply "$id" --file "$missing"
expect "reply --file: NUL bytes (UTF-16)" 2 "utf16.txt: contains NUL bytes" -- $T reply "$id" --file "$tmp/utf16.txt"
expect "note --file: NUL bytes (UTF-16)" 2 "utf16.txt: contains NUL bytes" -- $T note "$id" --file "$tmp/utf16.txt"
expect "reply --file: valid text" 0 -- $T reply "$id" --file "$tmp/msg.txt"
# A byte order mark is not text: a BOM-only or blank file is empty (invalid),
# and a BOM before the text is not delivered as part of the reply.
: >"$tmp/empty.txt"
printf '\357\273\277' >"$tmp/bom-only.txt"
printf '\357\273\277\r\n \n' >"$tmp/bom-blank.txt"
printf '\357\273\277Thanks from Windows.\r\n' >"$tmp/bom.txt"
expect "reply --file: empty file" 2 "empty.txt: empty reply" -- $T reply "$id" --file "$tmp/empty.txt"
expect "reply --file: a byte order mark only" 2 "bom-only.txt: empty reply" -- $T reply "$id" --file "$tmp/bom-only.txt"
expect "note --file: a byte order mark and blank lines" 2 "bom-blank.txt: empty note" -- $T note "$id" --file "$tmp/bom-blank.txt"
expect "reply --message: blank text is a bad argument" 2 "empty reply" -- $T reply "$id" --message " "
expect "note --message: empty text is a bad argument" 2 "empty note" -- $T note "$id" --message ""
expect "reply --file: text after a byte order mark" 0 -- $T reply "$id" --file "$tmp/bom.txt"
body=$(sqlite3 "$db" "SELECT hex(payload) FROM outbox WHERE kind = 'reply' ORDER BY id DESC LIMIT 1")
[ "$body" = "$(printf 'Thanks from Windows.' | od -An -tx1 | tr -d ' \n' | tr a-f A-F)" ] \
    && ok "reply --file: the byte order mark is not part of the reply" || nok "reply --file: BOM kept (payload $body)"

# --- "-" reads standard input; every message names it "standard input" ----------
# expect_in FILE DESC STATUS PATTERN -- COMMAND...: as expect, stdin from FILE.
expect_in() {
    in=$1 desc=$2 want=$3 pat=$4
    shift 5
    "$@" <"$in" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    if [ "$rc" -ne "$want" ]; then
        nok "$desc: exit $rc, want $want ($(head -c 300 "$tmp/err"))"
    elif { [ -n "$pat" ] && ! grep -qE -- "$pat" "$tmp/err"; } || grep -qE -- '(^|[ :])-:|stdin' "$tmp/err"; then
        nok "$desc: stderr lacks /$pat/ or names it otherwise ($(head -c 300 "$tmp/err"))"
    else
        ok "$desc: exit $want"
    fi
}
expect_in "$tmp/cust-header.csv" "import customers -: a header and no row" 2 \
    "^ticketty: standard input:1: no customer rows after the header line" -- $T import customers -
expect_in "$tmp/q-empty.csv" "kb eval -: no query after the header" 2 \
    "^ticketty: standard input: no query after the header line" -- $T kb eval -
expect_in "$tmp/tr-shape.csv" "triage train --from -: no text column" 2 \
    "standard input" -- $T triage train --from - --no-eval
expect_in "$tmp/outcome-shape.csv" "health backtest --outcome -: no churned column" 2 \
    "^ticketty: standard input:1: expected a header" -- $T health backtest --outcome -
expect_in "$tmp/sla-shape.json" "sla eval -: wrong shape" 2 \
    "^ticketty: standard input: policy.targets" -- $T sla eval -
expect_in "$tmp/empty.txt" "reply --file -: nothing on standard input" 2 \
    "^ticketty: standard input: empty reply" -- $T reply "$id" --file -
expect_in "$tmp/cust.csv" "import customers -: a customer list" 0 "" -- $T import customers -
grep -qx "imported 3 customers from standard input" "$tmp/out" \
    && ok "import customers -: the summary names standard input" || nok "import customers - summary: $(cat "$tmp/out")"

# --- the configuration file (YAML) ----------------------------------------------
printf 'ui:\n  theme: [mono\n' >"$tmp/bad.yaml"
printf 'ui:\n  colour: red\n' >"$tmp/shape.yaml"
printf 'ui:\n  theme: mono\n' >"$tmp/good.yaml"
expect "--config: missing file" 1 "no-such-file" -- $T --config "$missing" config show
expect "--config: a directory" 1 -- $T --config "$tmp/adir" config show
expect "--config: malformed YAML" 2 "bad.yaml:[0-9]+" -- $T --config "$tmp/bad.yaml" config show
expect "--config: unknown key" 2 "shape.yaml:2:" -- $T --config "$tmp/shape.yaml" config show
expect "--config: valid document" 0 -- $T --config "$tmp/good.yaml" config show

[ "$fails" -eq 0 ]
