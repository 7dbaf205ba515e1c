#!/bin/sh
# tui_term.sh: the console's start on a terminal it cannot drive (an unknown or
# hostile TERM gets a clear message naming it and exit 1, not curses' bare
# error), and `ticketty keys --json`.  The console runs on a pseudo-terminal
# made by script(1), so it passes the "needs a terminal" check.
set -u
cd "$(dirname "$0")/../.."
bin=$PWD/build/ticketty
tmp=$(mktemp -d /tmp/ticketty-e2e-tuiterm.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
export XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data"
unset TICKETTY_DB TICKETTY_KB TICKETTY_CONFIG
fails=0
check() { # description, then a command that must succeed
    d=$1; shift
    if "$@" >/dev/null 2>&1; then echo "ok - $d"; else echo "not ok - $d"; fails=$((fails + 1)); fi
}
# on_pty OUT TERMVALUE: run the console on a pty with that TERM; the exit status
# goes to OUT.rc and what reached the terminal to OUT.
on_pty() {
    printf '%s' "$2" >"$tmp/term"
    script -qec "TERM=\$(cat '$tmp/term') '$bin' --db '$tmp/t.db'; echo \$? >'$1.rc'" /dev/null \
        >"$1" 2>&1 </dev/null
}

if command -v script >/dev/null 2>&1; then
    on_pty "$tmp/unknown" nonexistentterm
    check "unknown TERM exits 1" test "$(cat "$tmp/unknown.rc")" = 1
    check "unknown TERM names the terminal type and the fix" \
        grep -q "ticketty: unknown terminal type 'nonexistentterm' (try TERM=xterm-256color)" "$tmp/unknown"
    check "unknown TERM does not print curses' bare error" sh -c "! grep -q 'Error opening terminal' '$tmp/unknown'"
    on_pty "$tmp/hostile" "$(printf 'evil\033]52;c;aGk=\007x')"
    check "hostile TERM exits 1" test "$(cat "$tmp/hostile.rc")" = 1
    check "hostile TERM is sanitised (no ESC or BEL reaches the terminal)" \
        sh -c "grep -q 'unknown terminal type' '$tmp/hostile' && ! grep -q \"\$(printf '\\033')\" '$tmp/hostile' && ! grep -q \"\$(printf '\\007')\" '$tmp/hostile'"
else
    echo "ok - unknown TERM checks # skip script(1) not installed"
fi

"$bin" keys --json >"$tmp/keys.json"
check "keys --json exits 0" test $? -eq 0
check "keys --json is an array of {screen, key, action, help}" python3 -c "
import json, sys
a = json.load(open('$tmp/keys.json'))
assert isinstance(a, list) and len(a) > 20
for o in a:
    assert set(o) == {'screen', 'key', 'action', 'help'}, o
    assert isinstance(o['screen'], str) and o['key'] and o['help'], o
    assert o['action'] is None or isinstance(o['action'], int), o
s = {o['screen'] for o in a}
assert {'global', 'command', 'queue', 'ticket'} <= s, s
assert {'screen': 'global', 'key': 'Q', 'action': 1001, 'help': 'quit ticketty'} in a
assert any(o['screen'] == 'queue' and o['key'] == 'j' and o['help'] == 'move down' for o in a)
assert any(o['screen'] == 'command' and o['key'].startswith(':q') and o['action'] is None for o in a)
"
check "keys --json lists every key the plain listing shows" sh -c "
    '$bin' keys | grep -q 'quit ticketty' && grep -q '\"key\": \"C-l\"' '$tmp/keys.json' && '$bin' keys | grep -q 'C-l'"
check "keys with an unknown option exits 2" sh -c "'$bin' keys --frob; test \$? -eq 2"
check "keys --help shows --json" sh -c "'$bin' help keys | grep -q -- '--json'"
exit $((fails != 0))
