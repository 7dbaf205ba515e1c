#!/bin/sh
# tui_emoji.sh: text after joined emoji stays in its column on a real terminal
# (tmux, private socket).  Two queue rows whose subjects are equally wide, one
# of an emoji ZWJ sequence, a flag, a skin tone and VS16 (👩‍💻🇩🇪👍🏽❤️ = 8
# columns), the other of ASCII: the text after them must start in the same
# terminal column on both rows (measuring a code point at a time put it 4
# columns further right on the emoji row).
set -u
cd "$(dirname "$0")/../.."
root=$(pwd)
bin=$root/build/ticketty
tmp=$(mktemp -d /tmp/ticketty-e2e-emoji.XXXXXX)
sock=ticketty-emoji-$$
pane=em
. tests/e2e/lib/console.sh
cleanup() {
    T kill-server >/dev/null 2>&1
    rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
export XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data"
unset TICKETTY_DB TICKETTY_KB TICKETTY_CONFIG

if ! command -v tmux >/dev/null 2>&1 || ! command -v sqlite3 >/dev/null 2>&1 ||
    ! command -v python3 >/dev/null 2>&1; then
    echo "ok - console emoji alignment # skip tmux, sqlite3 or python3 not installed"
    exit 0
fi

db=$tmp/t.db
"$bin" --db "$db" --kb "$tmp/kb" demo init --tickets 20 --seed 7 --quiet \
    && ok "demo workspace with 20 tickets" || notok "demo workspace with 20 tickets"
sqlite3 "$db" "UPDATE tickets SET subject = '👩‍💻🇩🇪👍🏽❤️ END-A' WHERE id = 1;
               UPDATE tickets SET subject = 'abcdefgh END-B' WHERE id = 2;
               UPDATE tickets SET subject = 'Café crème e' || char(769) || 'x END-C' WHERE id = 3;" \
    && ok "subjects with emoji sequences and combining marks" \
    || notok "subjects with emoji sequences and combining marks"

T new-session -d -s em -x 120 -y 30 \
    "LANG=C.UTF-8 TERM=xterm-256color '$bin' --db '$db' --kb '$tmp/kb' console"
wait_for "Priority" 15 && ok "the console starts" || notok "the console starts"
T send-keys -t em : s o r t Space i d Enter
wait_for "END-A" && wait_for "END-C" >/dev/null
screen >"$tmp/screen"
# per marker: the terminal column where it starts on its row, and the width
# of that row (wide = 2 columns, combining marks and joiners = 0)
cols=$(python3 - "$tmp/screen" <<'PY'
import sys, unicodedata
def width(s):
    return sum(0 if unicodedata.combining(ch) or ch in '\u200d\ufe0f'
               else 2 if unicodedata.east_asian_width(ch) in 'WF' else 1 for ch in s)
out = []
for line in open(sys.argv[1], encoding='utf-8'):
    line = line.rstrip('\n')
    for m in ('END-A', 'END-B', 'END-C'):
        if m in line:
            out.append('%s=%d %s_row=%d' % (m, width(line[:line.index(m)]), m, width(line)))
print(' '.join(out))
PY
)
echo "# columns: $cols"
get() { echo "$cols" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
a=$(get END-A) b=$(get END-B) c=$(get END-C)
if [ -n "$a" ] && [ "$a" = "$b" ]; then
    ok "after 👩‍💻🇩🇪👍🏽❤️ the text starts where it does after 8 ASCII columns"
else
    notok "after 👩‍💻🇩🇪👍🏽❤️ the text starts where it does after 8 ASCII columns"
fi
# "Café crème éx " is 14 columns, 5 more than "abcdefgh "
if [ -n "$c" ] && [ -n "$b" ] && [ "$c" -eq $((b + 5)) ]; then
    ok "a combining accent takes no column"
else
    notok "a combining accent takes no column"
fi
wide=$(echo "$cols" | tr ' ' '\n' | sed -n 's/^END-._row=//p' | awk '$1 > 120' | wc -l)
[ "$wide" -eq 0 ] && ok "no row runs past the right edge" || notok "no row runs past the right edge"
T send-keys -t em Q
[ "$failed" -eq 0 ]
