#!/bin/sh
# bench/tui.sh: the console's time to first frame, time to page down, a filter
# typed into the queue, and peak memory, with 100k and 1M tickets.
#
# The console runs in benchmark mode (TICKETTY_BENCH_FRAMES=1: draw the first
# frame, page down once, optionally filter, print timings and getrusage's max
# RSS to stderr, exit) under script(1) so curses has a terminal.  Databases
# are generated once into $TT_BENCH_DIR (default /tmp/ticketty-bench) and
# reused.  TT_BENCH_TUI_SIZES overrides the sizes ("100000 1000000");
# TT_BENCH_FILTER the filter typed (default zzzq, which matches nothing).
set -u
cd "$(dirname "$0")/.."
bin=build/ticketty
dir=${TT_BENCH_DIR:-/tmp/ticketty-bench}
sizes=${TT_BENCH_TUI_SIZES:-"100000 1000000"}
runs=${TT_BENCH_RUNS:-9}
mkdir -p "$dir"
err=$(mktemp)
trap 'rm -f "$err"' EXIT

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

for n in $sizes; do
    db=$dir/tui-$n.db
    if [ ! -f "$db" ]; then
        start=$(date +%s)
        echo "generating $n demo tickets into $db ..."
        "$bin" --db "$db" --kb "$dir/kb-$n" demo init --tickets "$n" --quiet || exit 1
        echo "  generated in $(( $(date +%s) - start )) s"
    fi
    : >"$err.all"
    i=0
    while [ $i -lt "$runs" ]; do
        TICKETTY_BENCH_FRAMES=1 TICKETTY_BENCH_FILTER=${TT_BENCH_FILTER:-zzzq} \
            TERM=xterm-256color LANG=C.UTF-8 \
            script -qec "$bin --db '$db' 2>'$err'" /dev/null >/dev/null </dev/null
        cat "$err" >>"$err.all"
        i=$((i + 1))
    done
    first=$(sed -n 's/.*first_frame_ms=\([0-9.]*\).*/\1/p' "$err.all" | median)
    fmin=$(sed -n 's/.*first_frame_ms=\([0-9.]*\).*/\1/p' "$err.all" | sort -n | head -1)
    cpu=$(sed -n 's/.*first_frame_cpu_ms=\([0-9.]*\).*/\1/p' "$err.all" | median)
    page=$(sed -n 's/.*page_down_ms=\([0-9.]*\).*/\1/p' "$err.all" | median)
    rss=$(sed -n 's/.*max_rss_kb=\([0-9]*\).*/\1/p' "$err.all" | sort -n | tail -1)
    filt=$(sed -n 's/.*filter_ms=\([0-9.]*\).*/\1/p' "$err.all" | median)
    if [ -z "$first" ]; then
        echo "tui: no timings for $n tickets:"; cat "$err.all"; rm -f "$err.all"; exit 1
    fi
    printf 'tui: %8d tickets: first frame %6.2f ms (best %5.2f; process CPU incl. start-up %5.2f ms), page down %5.2f ms, filter "%s" %7.1f ms, peak RSS %5.1f MB (median of %d)\n' \
        "$n" "$first" "$fmin" "$cpu" "$page" "${TT_BENCH_FILTER:-zzzq}" "${filt:-0}" "$(echo "$rss" | awk '{print $1/1024}')" "$runs"
    rm -f "$err.all"
done
