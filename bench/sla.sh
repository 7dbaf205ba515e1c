#!/bin/sh
# bench/sla.sh: the SLA engine on N open tickets (default 100,000; target
# <= 1 s) with generated event logs: every clock under the built-in calendar
# policies, under a business-hours policy with all eight metrics
# (Europe/Berlin with holidays), and one console tick's re-sort by next
# breach; then `sla refresh` of the stored cache on a demo workspace of M
# tickets (default 20,000; SLA_BENCH_DEMO=0 skips it).
set -eu
cd "$(dirname "$0")/.."
n=${SLA_BENCH_N:-100000}
m=${SLA_BENCH_DEMO:-20000}
build/tools/sla_bench "$n"
[ "$m" -gt 0 ] || exit 0
tmp=$(mktemp -d /tmp/ticketty-bench-sla.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
export TICKETTY_DB="$tmp/t.db" TICKETTY_KB="$tmp/kb" TICKETTY_CONFIG="$tmp/config.yaml"
: >"$TICKETTY_CONFIG"
build/ticketty demo init --tickets "$m" --seed 1 --quiet
/usr/bin/time -f '%e %U' -o "$tmp/time" build/ticketty sla refresh --all >/dev/null
read -r wall cpu <"$tmp/time"
echo "sla refresh --all (store: load, evaluate, write the cache): $m tickets in $wall s ($cpu s CPU)"
/usr/bin/time -f '%e %U' -o "$tmp/time" build/ticketty sla check --dry-run >"$tmp/check"
read -r wall cpu <"$tmp/time"
open=$(sed -n 's/.*checked \([0-9]*\) open tickets.*/\1/p' "$tmp/check")
echo "sla check --dry-run (evaluate every open ticket from the store): $open tickets in $wall s ($cpu s CPU)"
