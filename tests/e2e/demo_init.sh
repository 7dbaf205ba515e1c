#!/bin/sh
# End-to-end checks of `ticketty demo init`: the workspace it creates (database
# and KB git repository), determinism, refusing to overwrite, --force.
# Prints "ok - ..." / "not ok - ..." per check.
set -u
cd "$(dirname "$0")/../.."
bin=$PWD/build/ticketty
tmp=$(mktemp -d /tmp/ticketty-e2e-demo.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
export XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data" TICKETTY_NOW=2026-11-20T12:00:00Z
unset TICKETTY_DB TICKETTY_KB TICKETTY_CONFIG TICKETTY_DATADIR
fails=0
check() { # description, then a command that must succeed
    d=$1; shift
    if "$@" >/dev/null 2>&1; then echo "ok - $d"; else echo "not ok - $d"; fails=$((fails + 1)); fi
}
status() { "$@" >/dev/null 2>&1; echo $?; }
w="$tmp/w"

"$bin" --db "$w/ticketty.db" --kb "$w/kb" demo init --tickets 600 --customers 50 >"$tmp/out" 2>"$tmp/err"
check "demo init succeeds" test $? -eq 0
check "summary counts the tickets" grep -q 'tickets    600:' "$tmp/out"
check "summary counts the customers" grep -q 'customers  50:' "$tmp/out"
check "no progress on a non-terminal stderr" test ! -s "$tmp/err"
check "ticket list shows 600 tickets" sh -c "test \$('$bin' --db '$w/ticketty.db' ticket list --limit 0 | wc -l) -eq 600"
check "tickets in every status" sh -c "for s in new open pending on_hold solved closed; do '$bin' --db '$w/ticketty.db' ticket list --status \$s --limit 1 | grep -q . || exit 1; done"
check "ticket show has a conversation" sh -c "'$bin' --db '$w/ticketty.db' ticket show 3 | grep -q '(end_user)'"
check "JSON output is valid for every ticket (hostile ones too)" sh -c "'$bin' --db '$w/ticketty.db' ticket list --limit 0 --json | python3 -c 'import json,sys; assert len(json.load(sys.stdin)) == 600'"
check "hostile subjects are sanitised in listings" sh -c "! '$bin' --db '$w/ticketty.db' ticket list --limit 0 | grep -q \"\$(printf '\\033')\""
check "Chinese tickets present" sh -c "grep -Eq ' [1-9][0-9]* in Chinese' '$tmp/out' && '$bin' --db '$w/ticketty.db' ticket list --limit 0 | grep -q '科技\\|软件\\|数据\\|咨询\\|网络'"
check "kb is a git repository" test -d "$w/kb/.git"
check "kb has several commits" sh -c "test \$(git -C '$w/kb' log --oneline | wc -l) -gt 1"
check "kb has several authors" sh -c "test \$(git -C '$w/kb' log --format=%an | sort -u | wc -l) -ge 3"
check "kb working tree is clean" sh -c "test -z \"\$(git -C '$w/kb' status --porcelain)\""
check "kb holds the articles" test -f "$w/kb/sso/configure-saml-sso.md"
check "every demo article passes kb index --check" "$bin" --db "$w/ticketty.db" --kb "$w/kb" kb index --check
check "second demo init is refused" test "$(status "$bin" --db "$w/ticketty.db" --kb "$w/kb" demo init)" = 1
check "refusal says how to replace" sh -c "'$bin' --db '$w/ticketty.db' --kb '$w/kb' demo init 2>&1 | grep -q -- '--force'"
"$bin" --db "$w/ticketty.db" --kb "$w/kb" demo init --force --tickets 200 --customers 20 >"$tmp/out2" 2>&1
check "--force replaces the demo" sh -c "test \$('$bin' --db '$w/ticketty.db' ticket list --limit 0 | wc -l) -eq 200"
check "--force recreates the kb repository" sh -c "test \$(git -C '$w/kb' log --oneline | wc -l) -gt 1"
"$bin" --db "$tmp/a.db" --kb "$tmp/akb" demo init --tickets 300 --seed 9 --quiet
"$bin" --db "$tmp/b.db" --kb "$tmp/bkb" demo init --tickets 300 --seed 9 --quiet
check "same seed gives the same tickets" sh -c "'$bin' --db '$tmp/a.db' ticket list --limit 0 --json > '$tmp/a.json' && '$bin' --db '$tmp/b.db' ticket list --limit 0 --json > '$tmp/b.json' && cmp -s '$tmp/a.json' '$tmp/b.json'"
"$bin" --db "$tmp/c.db" --kb "$tmp/ckb" demo init --tickets 300 --seed 10 --quiet
check "another seed gives other tickets" sh -c "'$bin' --db '$tmp/c.db' ticket list --limit 0 --json > '$tmp/c.json' && ! cmp -s '$tmp/a.json' '$tmp/c.json'"
check "bad --tickets is a usage error" test "$(status "$bin" --db "$tmp/d.db" demo init --tickets many)" = 2
check "bad --seed is a usage error" test "$(status "$bin" --db "$tmp/d.db" demo init --seed -1)" = 2
mkdir -p "$tmp/notrepo" && echo keep >"$tmp/notrepo/file.txt"
check "a non-empty non-repository --kb is refused, even with --force" test "$(status "$bin" --db "$tmp/e.db" --kb "$tmp/notrepo" demo init --force)" = 1
check "and its files are kept" test -f "$tmp/notrepo/file.txt"
git init -q "$tmp/realkb" && echo "# Mine" >"$tmp/realkb/a.md" && git -C "$tmp/realkb" add a.md && git -C "$tmp/realkb" -c user.name=u -c user.email=u@x commit -qm mine
check "--force never replaces a repository demo init did not create" test "$(status "$bin" --db "$tmp/h.db" --kb "$tmp/realkb" demo init --force)" = 1
check "and that repository is intact" test -f "$tmp/realkb/a.md"
check "without --force an existing repository is kept" sh -c "'$bin' --db '$tmp/i.db' --kb '$tmp/realkb' demo init --tickets 10 | grep -q 'existing repository kept'"
check "TICKETTY_DATADIR selects the source articles" sh -c "TICKETTY_DATADIR='$PWD' '$bin' --db '$tmp/f.db' --kb '$tmp/fkb' demo init --tickets 10 | grep -q '$PWD/kb'"
check "a missing TICKETTY_DATADIR/kb is an error" test "$(TICKETTY_DATADIR="$tmp/none" status "$bin" --db "$tmp/g.db" --kb "$tmp/gkb" demo init --tickets 10)" = 1
# The bundled demo configuration (make run uses it) routes triaged tickets to
# the demo's groups: every suggested group is one the demo has.
cfg=$PWD/packaging/demo-config.yaml
"$bin" --config "$cfg" --db "$tmp/r.db" --kb "$tmp/rkb" demo init --tickets 300 --seed 3 --quiet >/dev/null 2>&1
check "the demo configuration is valid" "$bin" --config "$cfg" --db "$tmp/r.db" config show
check "demo triage suggests a group from the demo configuration's routing" sh -c \
    "'$bin' --config '$cfg' --db '$tmp/r.db' --kb '$tmp/rkb' triage show \$('$bin' --config '$cfg' --db '$tmp/r.db' ticket list --status new --limit 1 | cut -f1 | cut -d' ' -f1) --json | grep -Eq '\"group\": \"(Billing|Technical|Tier 1)\"'"
check "make run passes the demo configuration" grep -q -- '--config "\$cfg"' scripts/run-demo.sh
[ "$fails" -eq 0 ]
