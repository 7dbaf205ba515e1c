#!/bin/sh
# tui_emoji.sh: text after joined emoji stays in its column on a real terminal
# (tmux, private socket).  Two queue rows whose subjects are equally wide, one
# of an emoji ZWJ sequence, a flag, a skin tone and VS16 (👩‍💻🇩🇪👍🏽❤️ = 8
# columns), the other of ASCII: the text after them must start in the same
# terminal column on both rows (measuring a code point at a time put it 4
# columns further right on the emoji row).
set -u
cd "$(dirname "$0")/../.."
pane=em
. tests/e2e/lib/console.sh
console_env emoji
console_need "console emoji alignment" tmux sqlite3 python3

console_demo 20
sqlite3 "$db" "UPDATE tickets SET subject = '👩‍💻🇩🇪👍🏽❤️ END-A' WHERE id = 1;
               UPDATE tickets SET subject = 'abcdefgh END-B' WHERE id = 2;
               UPDATE tickets SET subject = 'Café crème e' || char(769) || 'x END-C' WHERE id = 3;" \
    && ok "subjects with emoji sequences and combining marks" \
    || notok "subjects with emoji sequences and combining marks"

console_start em 120 30
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
