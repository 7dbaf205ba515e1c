#!/bin/sh
# Benchmark of `ticketty demo init`: wall time, peak RSS and database size for
# 100,000 and 1,000,000 tickets (200 customers), into a temporary directory.
# BENCH_DEMO_SIZES="100000" limits the sizes (e.g. for a quick run).
set -eu
cd "$(dirname "$0")/.."
bin=$PWD/build/ticketty
sizes=${BENCH_DEMO_SIZES:-100000 1000000}
tmp=$(mktemp -d /tmp/ticketty-bench-demo.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
printf '%-10s %10s %8s %12s %10s %12s %10s\n' tickets "wall s" "cpu s" tickets/s "peak MB" events "db MB"
for n in $sizes; do
    dir="$tmp/$n"
    /usr/bin/time -f '%e %M %U %S' -o "$tmp/time" \
        "$bin" --db "$dir/ticketty.db" --kb "$dir/kb" demo init --tickets "$n" --seed 1 >"$tmp/out"
    read -r secs kb usr sys <"$tmp/time"
    cpu=$(awk -v u="$usr" -v s="$sys" 'BEGIN { printf "%.1f", u + s }')
    events=$(sed -n 's/^  events     \([0-9]*\).*/\1/p' "$tmp/out")
    size=$(du -m "$dir/ticketty.db" | cut -f1)
    rate=$(awk -v n="$n" -v s="$secs" 'BEGIN { printf "%.0f", (s > 0 ? n / s : 0) }')
    printf '%-10s %10s %8s %12s %10s %12s %10s\n' "$n" "$secs" "$cpu" "$rate" "$((kb / 1024))" "$events" "$size"
    rm -rf "$dir"
done
