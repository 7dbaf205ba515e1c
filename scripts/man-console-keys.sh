#!/bin/sh
# Rewrite the key tables of ticketty(1)'s CONSOLE section from `ticketty keys`
# (the same binding tables as the console's ? help), between the lines
# `.\" ---- console keys ----` and `.\" ---- end of console keys ----`.
# Run after adding or changing a console key:  scripts/man-console-keys.sh
set -eu
cd "$(dirname "$0")/.."
bin=${1:-build/ticketty}
man=packaging/ticketty.1
tables=$(mktemp)
trap 'rm -f "$tables" "$tables.new"' EXIT
"$bin" keys | awk '
    function esc(s) { gsub(/\\/, "\\\\", s); gsub(/-/, "\\-", s); return s }
    /^$/ { next }
    /^[^ ]/ { print ".SS " esc($0); next }
    {
        line = substr($0, 3)
        if (match(line, /  +[^ ]/)) {
            key = substr(line, 1, RSTART - 1); help = substr(line, RSTART + RLENGTH - 1)
        } else {
            split(line, w, " "); key = w[1]; help = substr(line, length(key) + 2)
        }
        print ".TP"; print ".B " esc(key); print esc(help)
    }' >"$tables"
awk -v tables="$tables" '
    /^\.\\" ---- console keys ----/ { print; while ((getline l < tables) > 0) print l; skip = 1; next }
    /^\.\\" ---- end of console keys ----$/ { skip = 0 }
    !skip { print }' "$man" >"$tables.new"
cat "$tables.new" >"$man"
