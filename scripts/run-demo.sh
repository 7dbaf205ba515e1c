#!/bin/sh
# make run: open the console on the demo workspace, creating it on first use.
# The workspace lives in $XDG_DATA_HOME/ticketty/demo (override: TICKETTY_DEMO_DIR)
# so it never mixes with a real database, and runs with the bundled demo
# configuration (override: TICKETTY_DEMO_CONFIG), never with yours: your
# helpdesk accounts must not sync into the demo database.
set -eu
cd "$(dirname "$0")/.."
data=${XDG_DATA_HOME:-$HOME/.local/share}
dir=${TICKETTY_DEMO_DIR:-$data/ticketty/demo}
bin=build/ticketty
cfg=${TICKETTY_DEMO_CONFIG:-$PWD/packaging/demo-config.yaml}
if [ ! -f "$dir/ticketty.db" ]; then
    echo "Creating the demo workspace in $dir ..."
    "$bin" --config "$cfg" --db "$dir/ticketty.db" --kb "$dir/kb" demo init
fi
exec "$bin" --config "$cfg" --db "$dir/ticketty.db" --kb "$dir/kb"
