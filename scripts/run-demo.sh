#!/bin/sh
# make run: open the console on the demo workspace, creating it on first use.
# The workspace lives in $XDG_DATA_HOME/ticketty/demo (override: TICKETTY_DEMO_DIR)
# so it never mixes with a real database.
set -eu
cd "$(dirname "$0")/.."
data=${XDG_DATA_HOME:-$HOME/.local/share}
dir=${TICKETTY_DEMO_DIR:-$data/ticketty/demo}
bin=build/ticketty
if [ ! -f "$dir/ticketty.db" ]; then
    echo "Creating the demo workspace in $dir ..."
    "$bin" --db "$dir/ticketty.db" --kb "$dir/kb" demo init
fi
exec "$bin" --db "$dir/ticketty.db" --kb "$dir/kb"
