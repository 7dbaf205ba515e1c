#!/bin/sh
# The manual documents what the binary offers: every command, every long
# option of every command's usage line, and every configuration key that
# `config show` prints appear in packaging/ticketty.1.  A capability that
# lands without its documentation fails here, not in a user's hands.
set -u
cd "$(dirname "$0")/../.."
bin=$PWD/build/ticketty
man=$PWD/packaging/ticketty.1
tmp=$(mktemp -d /tmp/ticketty-e2e-docs.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
fails=0
check() { # description, then a command that must succeed
    d=$1; shift
    if "$@" >/dev/null 2>&1; then echo "ok - $d"; else echo "not ok - $d"; fails=$((fails + 1)); fi
}
export XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data" HOME="$tmp"
# The page as text, with roff's escapes for hyphens and quotes undone.
sed -e 's/\\-/-/g' -e 's/\\(en/-/g' -e 's/\\(dq/"/g' -e 's/\\fB//g' -e 's/\\fI//g' -e 's/\\fR//g' -e 's/\\fP//g' "$man" >"$tmp/man.txt"

"$bin" help >"$tmp/help.txt" 2>&1
sed -n 's/^  \([a-z][a-z]*\( [a-z][a-z]*\)\{0,1\}\)  .*/\1/p' "$tmp/help.txt" | sed 's/ *$//' >"$tmp/commands"
check "help lists at least 40 commands" test "$(wc -l <"$tmp/commands")" -ge 40
check "every command line of help has its name column apart (import customers too)" \
    test "$(wc -l <"$tmp/commands")" -eq "$(grep -c '^  [a-z]' "$tmp/help.txt")"
missing_cmd=""
missing_opt=""
while read -r c; do
    grep -q "$c" "$tmp/man.txt" || missing_cmd="$missing_cmd [$c]"
    # shellcheck disable=SC2086
    "$bin" help $c 2>/dev/null | head -3 | grep -o -- '--[a-z][a-z-]*' | sort -u >"$tmp/opts"
    while read -r o; do
        grep -q -- "$o" "$tmp/man.txt" || missing_opt="$missing_opt [$c $o]"
    done <"$tmp/opts"
done <"$tmp/commands"
[ -z "$missing_cmd" ] || echo "# commands not in the manual:$missing_cmd"
[ -z "$missing_opt" ] || echo "# options not in the manual:$missing_opt"
check "every command is in the manual" test -z "$missing_cmd"
check "every command's options are in the manual" test -z "$missing_opt"

"$bin" config show >"$tmp/config.txt" 2>&1
sed -n 's/^\([a-z][a-z0-9_.]*\): .*/\1/p' "$tmp/config.txt" >"$tmp/keys"
check "config show prints every key of the options table (30 or more)" test "$(wc -l <"$tmp/keys")" -ge 30
missing_key=""
while read -r k; do
    grep -q -- "$k" "$tmp/man.txt" || missing_key="$missing_key [$k]"
done <"$tmp/keys"
[ -z "$missing_key" ] || echo "# configuration keys not in the manual:$missing_key"
check "every configuration key is in the manual" test -z "$missing_key"
[ "$fails" -eq 0 ]
