#!/bin/sh
# triage eval end to end: train/test split of the development data, JSON keys
# and ranges, the predictions file, and a bad CSV row reported by line.
set -u
cd "$(dirname "$0")/../.."
bin=${TICKETTY_BIN:-build/ticketty}
shared=../shared
[ -d "$shared" ] || shared=../../shared # a worktree under /work/wt/NAME
data=$shared/data/intents/banking77-train.csv
tmp=$(mktemp -d /tmp/ticketty-e2e-triage-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
fails=0
ok() { echo "ok - $1"; }
nok() { echo "not ok - $1"; fails=$((fails + 1)); }

# A fixed stratified split: every 5th example of each label is test data.
[ -x build/tools/triage_split ] || make --no-print-directory tools > /dev/null
build/tools/triage_split "$data" "$tmp" 5 || nok "split the development data"

if "$bin" triage eval --train "$tmp/train.csv" --test "$tmp/test.csv" --json \
    --predictions "$tmp/pred.csv" > "$tmp/out.json" 2> "$tmp/err"; then
    ok "triage eval runs on the development data"
else
    nok "triage eval runs on the development data: $(cat "$tmp/err")"
fi
python3 - "$tmp/out.json" <<'PY' && ok "eval JSON has the contract keys, fractions in 0..1, quality targets met" || nok "eval JSON keys or quality"
import json, sys
import csv
d = json.load(open(sys.argv[1]))
n_test = len(list(csv.reader(open(sys.argv[1].replace("out.json", "test.csv"))))) - 1
for k in ("accuracy", "macro_f1", "confident_precision", "confident_coverage"):
    assert 0 <= d[k] <= 1, k
assert d["train_seconds"] > 0
assert d["test_examples"] == n_test, (d["test_examples"], n_test)
assert d["accuracy"] >= 0.88, d["accuracy"]
assert d["confident_precision"] >= 0.97, d["confident_precision"]
PY
rows=$(python3 -c "import csv,sys; r=list(csv.reader(open(sys.argv[1]))); print(len(r)-1, ','.join(r[0]))" "$tmp/pred.csv")
want=$(python3 -c "import csv,sys; print(len(list(csv.reader(open(sys.argv[1]))))-1)" "$tmp/test.csv")
[ "$rows" = "$want text,label,predicted,confidence" ] && ok "predictions CSV has a row per test example" || nok "predictions CSV: $rows"

printf 'text,label\nfine,a\n"never closed,b\nmore,c\n' > "$tmp/bad.csv"
"$bin" triage eval --train "$tmp/bad.csv" --test "$tmp/test.csv" > /dev/null 2> "$tmp/err"
rc=$?
grep -q "bad.csv:3:" "$tmp/err" && [ $rc -ne 0 ] && ok "a bad row is reported with its line number" || nok "bad row: rc $rc, $(cat "$tmp/err")"

"$bin" triage eval --train "$tmp/nonexistent.csv" --test "$tmp/test.csv" > /dev/null 2>&1; rc1=$?
"$bin" triage train --from "$tmp/nonexistent.csv" > /dev/null 2>&1; rc2=$?
"$bin" triage eval --train "$tmp/bad.csv" --test "$tmp/test.csv" > /dev/null 2>&1; rc3=$?
[ $rc1 -eq 1 ] && [ $rc2 -eq 1 ] && [ $rc3 -eq 2 ] && ok "a file that cannot be read exits 1 (I/O), an invalid one 2" || nok "exit statuses: missing $rc1/$rc2, invalid $rc3"
printf 'text,label\r\n' > "$tmp/hdr.csv"
"$bin" help triage eval >"$tmp/help.txt"
sed -e 's/\\-/-/g' packaging/ticketty.1 >"$tmp/man.txt"
python3 - "$tmp/out.json" "$tmp/help.txt" "$tmp/man.txt" <<'PY' && ok "every key of eval --json is in its help and in the manual" || nok "eval --json keys missing from help or manual"
import json, re, sys
keys = json.load(open(sys.argv[1]))
for doc in sys.argv[2:]:
    text = open(doc).read()
    missing = [k for k in keys if not re.search(r"\b%s\b" % k, text)]
    if missing:
        print("#", doc, "lacks", missing)
        sys.exit(1)
PY
"$bin" triage eval --train "$tmp/train.csv" --test "$tmp/hdr.csv" --json > "$tmp/out2.json" 2> "$tmp/err"
rc=$?
[ $rc -ne 0 ] && [ ! -s "$tmp/out2.json" ] && grep -q "hdr.csv: no examples after the header row" "$tmp/err" && ok "a test file with only a header is refused by name" || nok "header-only test file: rc $rc, $(cat "$tmp/err")"

printf 'body,label\nx,y\n' > "$tmp/nocol.csv"
"$bin" triage eval --train "$tmp/nocol.csv" --test "$tmp/test.csv" > /dev/null 2> "$tmp/err"
grep -q "text" "$tmp/err" && ok "a file without a text column is refused" || nok "missing column: $(cat "$tmp/err")"

"$bin" triage eval --train "$tmp/train.csv" > /dev/null 2>&1
[ $? -eq 2 ] && ok "missing --test is a usage error" || nok "missing --test exit status"

"$bin" triage eval --train "$tmp/train.csv" --test "$tmp/test.csv" --balance 1.5 > /dev/null 2> "$tmp/err"
rc=$?
[ $rc -eq 2 ] && grep -q -- "--balance needs a number in \[0, 1\]" "$tmp/err" && ok "--balance outside 0..1 is a usage error" || nok "--balance 1.5: rc $rc, $(cat "$tmp/err")"
# One test label the training file lacks is counted in the singular.
printf 'text,label\nhello there,a\nhello again,a\ngoodbye now,b\nbye bye,b\n' > "$tmp/tiny.csv"
printf 'text,label\nhello,a\nbye,c\n' > "$tmp/tiny_test.csv"
"$bin" triage eval --train "$tmp/tiny.csv" --test "$tmp/tiny_test.csv" > "$tmp/out3" 2> "$tmp/err"
grep -q "tested on    2 examples (1 label not in the training file)" "$tmp/out3" && ok "an unseen test label is reported in the singular" || nok "unseen label line: $(head -2 "$tmp/out3")"
# One example, one label: the counts are in the singular too.
printf 'text,label\nhello,a\n' > "$tmp/one_test.csv"
"$bin" triage eval --train "$tmp/tiny.csv" --test "$tmp/one_test.csv" > "$tmp/out4" 2> "$tmp/err"
grep -q "^tested on    1 example$" "$tmp/out4" && grep -q "^trained on   4 examples, 2 labels," "$tmp/out4" && ok "one test example is counted in the singular" || nok "one example: $(head -2 "$tmp/out4")"
exit $fails
