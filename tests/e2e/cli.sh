#!/bin/sh
# End-to-end checks of the command line: exit statuses, help, global options,
# configuration errors.  Prints "ok - ..." / "not ok - ..." per check.
set -u
cd "$(dirname "$0")/../.."
bin=$PWD/build/ticketty
tmp=$(mktemp -d /tmp/ticketty-e2e-cli.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
export XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data"
unset TICKETTY_DB TICKETTY_KB TICKETTY_CONFIG
fails=0
check() { # description, then a command that must succeed
    d=$1; shift
    if "$@" >/dev/null 2>&1; then echo "ok - $d"; else echo "not ok - $d"; fails=$((fails + 1)); fi
}
status() { "$@" >/dev/null 2>&1; echo $?; }

check "--version prints the version" sh -c "'$bin' --version | grep -q '^ticketty [0-9]'"
check "--help lists commands" sh -c "'$bin' --help | grep -q 'ticket list'"
check "unknown command exits 2" test "$(status "$bin" frobnicate)" = 2
check "unknown global option exits 2" test "$(status "$bin" --frob)" = 2
check "unknown command option exits 2" test "$(status "$bin" ticket list --frob)" = 2
check "bad --limit exits 2" test "$(status "$bin" ticket list --limit x)" = 2
check "help COMMAND describes it" sh -c "'$bin' help ticket list | grep -q -- '--priority'"
check "help of a group" sh -c "'$bin' help ticket | grep -q 'ticket show'"
check "COMMAND --help prints its help and exits 0" sh -c "'$bin' ticket list --help | grep -q -- '--priority' && '$bin' kb search -h >/dev/null"
check "COMMAND ... --help as the last argument, and GROUP --help" sh -c "'$bin' ticket list --status open --help | grep -q -- '--priority' && '$bin' kb --help | grep -q 'kb search'"
check "help of a command without arguments has no trailing space" sh -c "'$bin' help kb pull | head -1 | grep -qx 'usage: ticketty kb pull' && '$bin' kb pull extra 2>&1 | grep -qx 'usage: ticketty kb pull'"
check "help of an unknown command exits 2" test "$(status "$bin" help nope)" = 2
check "default database follows XDG_DATA_HOME" sh -c "'$bin' ticket list --json | grep -q '^\[\]' && test -f '$tmp/data/ticketty/ticketty.db'"
check "--db overrides" sh -c "'$bin' --db '$tmp/x/other.db' ticket list && test -f '$tmp/x/other.db'"
check "TICKETTY_DB overrides" sh -c "TICKETTY_DB='$tmp/y.db' '$bin' ticket list && test -f '$tmp/y.db'"
if [ -w /dev/full ]; then
    check "output that cannot be written (a full disk) exits 1 with an error" sh -c "'$bin' ticket list --json >/dev/full 2>'$tmp/full.err'; test \$? = 1 && grep -q 'error writing the output' '$tmp/full.err'"
fi
check "an unreadable TICKETTY_NOW is reported, not silently the clock" sh -c "TICKETTY_NOW=2026-02-30 '$bin' ticket list 2>&1 >/dev/null | grep -q \"TICKETTY_NOW '2026-02-30' is neither\" && ! TICKETTY_NOW=2026-02-28T10:00:00Z '$bin' ticket list 2>&1 >/dev/null | grep -q TICKETTY_NOW"
check "missing ticket exits 1" test "$(status "$bin" ticket show 999)" = 1
mkdir -p "$tmp/config/ticketty"
printf 'ui:\n  theme: mono\n  colour: red\n' >"$tmp/config/ticketty/config.yaml"
check "config error names file, line and key" sh -c "'$bin' config show 2>&1 | grep -q 'config.yaml:3: unknown key \"ui.colour\"'"
check "config error exits 2" test "$(status "$bin" config show)" = 2
printf 'ui:\n  theme: mono\n' >"$tmp/config/ticketty/config.yaml"
check "config show prints origin" sh -c "'$bin' config show | grep -q 'ui.theme: \"mono\"  # .*config.yaml:2'"
check "explicit missing --config is an error (unreadable input: 1)" test "$(status "$bin" --config "$tmp/none.yaml" config show)" = 1
check "config show: numbers bare, strings quoted" sh -c "'$bin' config show | grep -q '^ui.tick_seconds: 1  # default'"
pwhome=$(getent passwd "$(id -u)" | cut -d: -f6)
check "no HOME: defaults from the passwd entry, never relative" sh -c "env -i PATH=\"\$PATH\" '$bin' config show | grep -q '^# database: $pwhome/.local/share/ticketty/ticketty.db'"
check "a relative XDG_DATA_HOME is ignored (XDG spec)" sh -c "XDG_DATA_HOME=rel HOME='$tmp/h' '$bin' config show | grep -q '^# database: $tmp/h/.local/share/ticketty/ticketty.db'"
printf 'ui: dark\n' >"$tmp/config/ticketty/config.yaml"
check "a group key with a plain value is an error naming it" sh -c "'$bin' config show 2>&1 | grep -q 'config.yaml:1: ui: expected a mapping'"
: >"$tmp/config/ticketty/config.yaml"
esc=$(printf '\033')
noesc() { ! "$@" 2>&1 | grep -q "$esc"; }
check "usage errors quoting an argument are sanitised" noesc "$bin" ticket list --status "$(printf '\033]0;pwned\007x')"
check "unknown command names are sanitised" noesc "$bin" "$(printf '\033[2Jcmd')"
check "unknown global options are sanitised" noesc "$bin" "$(printf -- '--\033[2Jx')"
check "failure messages quoting a path are sanitised" noesc "$bin" --config "$tmp/$(printf '\033[2J').yaml" config show
# Invalid UTF-8 from a provider must not drop JSON keys (jansson refuses such strings).
u="$tmp/u8.db"
"$bin" --db "$u" --kb "$tmp/u8kb" demo init --tickets 20 --customers 3 --quiet >/dev/null 2>&1
sqlite3 "$u" "update tickets set subject=cast(X'41FF42' as text), description=cast(X'43C3' as text) where id=3;
  update ticket_events set body=cast(X'44FE' as text), author=cast(X'45FF' as text) where ticket_id=3;
  update contacts set name=cast(X'46FF' as text) where id=(select requester_id from tickets where id=3);
  update customers set name=cast(X'47FF' as text) where id=(select customer_id from tickets where id=3);"
"$bin" --db "$u" health update >/dev/null 2>&1
check "ticket show --json keeps keys holding invalid UTF-8 (U+FFFD)" sh -c "'$bin' --db '$u' ticket show 3 --json | python3 -c \"import json,sys; d=json.load(sys.stdin); e=[x for x in d['events'] if x['type']=='comment'][0]; sys.exit(0 if (d['subject'], d['description'], d['requester'], e['author'], e['body']) == ('A\\ufffdB', 'C\\ufffd', 'F\\ufffd', 'E\\ufffd', 'D\\ufffd') else 1)\""
check "ticket list --json keeps the subject and organisation" sh -c "'$bin' --db '$u' ticket list --json | python3 -c \"import json,sys; t=[x for x in json.load(sys.stdin) if x['id']==3][0]; sys.exit(0 if t['subject']=='A\\ufffdB' and t['organization']=='G\\ufffd' else 1)\""
printf 'caf\351 au lait\n' >"$tmp/latin1.txt"
"$bin" --db "$u" reply 3 --file "$tmp/latin1.txt" >/dev/null 2>&1
check "outbox --json keeps a payload holding invalid UTF-8 (U+FFFD)" sh -c "'$bin' --db '$u' outbox --all --json | python3 -c \"import json,sys; sys.exit(0 if [x.get('payload') for x in json.load(sys.stdin)] == ['caf\\ufffd au lait'] else 1)\""
sqlite3 "$u" "update tickets set tags=cast(X'6F6B2062FF' as text) where id=3"
check "ticket show --json keeps a tag holding invalid UTF-8 (U+FFFD)" sh -c "'$bin' --db '$u' ticket show 3 --json | python3 -c \"import json,sys; sys.exit(0 if json.load(sys.stdin)['tags'] == ['ok', 'b\\ufffd'] else 1)\""
check "ticket set echoes the values it queued sanitised" noesc "$bin" --db "$u" ticket set 3 --group "$(printf 'G\033[2Jx')" --assignee "$(printf 'A\033]0;t\007')"
check "ticket set refuses a tag with an escape sequence (exit 2)" test "$(status "$bin" --db "$u" ticket set 3 --tags "$(printf '+\033[31mred')")" = 2
# account add never writes a file it cannot read back; account list is sanitised.
ac="$tmp/acct.yaml"
printf 'ui:\n  theme: default\n' >"$ac"
check "account add refuses a value that is not UTF-8 (exit 2, file untouched)" sh -c "test \"\$('$bin' --config '$ac' account add z --provider zendesk --url \"\$(printf 'https://a.zendesk.com/\\377')\" --token-env T >/dev/null 2>&1; echo \$?)\" = 2 && '$bin' --config '$ac' config show >/dev/null && ! grep -q accounts '$ac'"
check "account add refuses a URL with a space or a control character" test "$(status "$bin" --config "$ac" account add z --provider zendesk --url "$(printf 'https://a.zendesk.com/\033[2J')" --token-env T)" = 2
check "account add refuses a --token-env that is no variable name" test "$(status "$bin" --config "$ac" account add z --provider zendesk --url https://a.zendesk.com --token-env 'A B')" = 2
"$bin" --config "$ac" account add z --provider zendesk --url https://a.zendesk.com --token-cmd "$(printf 'pass show a\npass show b')" >/dev/null 2>&1
check "a multi-line --token-cmd reads back unchanged" sh -c "'$bin' --config '$ac' account list --json | python3 -c \"import json,sys; sys.exit(0 if json.load(sys.stdin)[0]['token'] == 'command' else 1)\" && '$bin' --config '$ac' config show --json | python3 -c \"import json,sys; o={x['key']: x for x in json.load(sys.stdin)['options']}; sys.exit(0 if o['accounts']['value']['z']['token_cmd'] == 'pass show a\\\\npass show b' else 1)\""
printf 'accounts:\n  acme:\n    provider: zendesk\n    url: "https://acme.zendesk.com/\\e[2J"\n    token_env: "X\\e]0;t\\a"\n' >"$ac"
check "account list sanitises the URL and token source of the file" noesc "$bin" --config "$ac" account list
check "health list --json keeps the name" sh -c "'$bin' --db '$u' health list --json | python3 -c \"import json,sys; sys.exit(0 if all('name' in x for x in json.load(sys.stdin)) else 1)\""
check "a group without a subcommand exits 2 and lists the group" sh -c "'$bin' ticket 2>&1 | grep -q \"'ticket' needs a subcommand\" && '$bin' ticket 2>&1 | grep -q '^  ticket show'; test \$? -eq 0 && { '$bin' ticket >/dev/null 2>&1; test \$? -eq 2; }"
check "an unknown subcommand is named whole" sh -c "'$bin' ticket frob 2>&1 | grep -q \"unknown command 'ticket frob'\""
check "config show --json: typed values with their origin" sh -c "'$bin' config show --json | python3 -c \"import json,sys; d=json.load(sys.stdin); o={x['key']: x for x in d['options']}; sys.exit(0 if o['ui.tick_seconds']['value'] == 1 and o['ui.tick_seconds']['origin'] == 'default' and o['db']['value'] is None and d['database'].endswith('ticketty.db') else 1)\""
check "an empty --db is a usage error (not a throw-away database)" test "$(status "$bin" --db '' ticket list)" = 2
check "an empty --kb is a usage error" test "$(status "$bin" --kb '' ticket list)" = 2
check "an empty TICKETTY_DB means the default" sh -c "TICKETTY_DB= '$bin' config show | grep -q '^# database: $tmp/data/ticketty/ticketty.db'"
printf 'bogus: 1\n' >"$tmp/config/ticketty/config.yaml"
check "help COMMAND works with a broken configuration" sh -c "'$bin' help ticket list | grep -q -- '--priority'"
check "other commands still refuse a broken configuration" test "$(status "$bin" ticket list)" = 2
: >"$tmp/config/ticketty/config.yaml"
# account remove --purge still purges an account already gone from the file.
printf 'ui:\n  theme: default\n' >"$tmp/noacct.yaml"
check "account remove --purge deletes the data of an account no longer in the file" sh -c "'$bin' --config '$tmp/noacct.yaml' --db '$u' account remove demo --purge | grep -q 'was not in' && test \"\$(sqlite3 '$u' 'select count(*) from tickets')\" = 0"
check "account remove of an account in neither place exits 1" test "$(status "$bin" --config "$tmp/noacct.yaml" --db "$u" account remove demo --purge)" = 1
[ "$fails" -eq 0 ]
