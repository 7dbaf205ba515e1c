#!/bin/sh
# bench/sync.sh: full pull of N tickets (default 100,000) with comments from
# the loopback fake Zendesk, side by side with curl fetching the same pages to
# /dev/null in the same run; then an incremental sync with nothing changed.
#   SYNC_BENCH_TICKETS=N   tickets (default 100000)
#   SYNC_BENCH_COMMENTS=N  comments per ticket (default 2)
set -u
cd "$(dirname "$0")/.."
bin=$PWD/build/ticketty
fake=$PWD/build/tools/fakezd
n=${SYNC_BENCH_TICKETS:-100000}
c=${SYNC_BENCH_COMMENTS:-2}
tmp=$(mktemp -d /tmp/ticketty-bench-sync.XXXXXX)
fpid=""
trap '[ -n "$fpid" ] && kill "$fpid" 2>/dev/null; rm -rf "$tmp"' EXIT
token=bench-token
"$fake" --tickets "$n" --comments "$c" --token "$token" --urls "$tmp/urls" >"$tmp/port" 2>&1 &
fpid=$!
i=0
while ! grep -q '^port ' "$tmp/port" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
port=$(awk '{print $2}' "$tmp/port")
printf 'accounts:\n  bench:\n    provider: zendesk\n    url: http://127.0.0.1:%s\n    email: agent@example.com\n    token_env: BENCH_TOKEN\n' "$port" >"$tmp/config.yaml"
export BENCH_TOKEN=$token
pages=$(wc -l <"$tmp/urls")

now() { date +%s.%N; }

# curl: the same URLs, one process, one kept-alive connection, bodies to /dev/null
sed 's/.*/url = "&"\noutput = "\/dev\/null"/' "$tmp/urls" >"$tmp/curl.cfg"
t0=$(now)
curl -s -g --compressed -u "agent@example.com/token:$token" -K "$tmp/curl.cfg"
t1=$(now)
curl_s=$(echo "$t1 - $t0" | bc)
# and with 4 transfers in flight, as ticketty fetches comments
t0=$(now)
curl -s -g --no-progress-meter --compressed --parallel --parallel-max 4 -u "agent@example.com/token:$token" -K "$tmp/curl.cfg" 2>/dev/null
t1=$(now)
curlp_s=$(echo "$t1 - $t0" | bc)

# ticketty: full pull into a fresh database
t0=$(now)
/usr/bin/time -f '%M' -o "$tmp/rss" "$bin" --config "$tmp/config.yaml" --db "$tmp/t.db" sync --full --json >"$tmp/full.json"
rc=$?
t1=$(now)
tt_s=$(echo "$t1 - $t0" | bc)
rss_kb=$(tail -1 "$tmp/rss")
stored=$(sqlite3 "$tmp/t.db" "select count(*) from tickets")
events=$(sqlite3 "$tmp/t.db" "select count(*) from ticket_events")
req=$(sed -n 's/.*"requests": \([0-9]*\).*/\1/p' "$tmp/full.json")
pull_s=$(sed -n 's/.*"seconds": \([0-9.]*\).*/\1/p' "$tmp/full.json")

# incremental, nothing changed
t0=$(now)
"$bin" --config "$tmp/config.yaml" --db "$tmp/t.db" sync --json >"$tmp/inc.json"
t1=$(now)
inc_s=$(echo "$t1 - $t0" | bc)
inc_req=$(sed -n 's/.*"requests": \([0-9]*\).*/\1/p' "$tmp/inc.json")
inc_pull=$(sed -n 's/.*"seconds": \([0-9.]*\).*/\1/p' "$tmp/inc.json")

echo "sync: full pull of $n tickets x $c comments from loopback fake Zendesk (exit $rc)"
printf '  ticketty sync --full : %8.2f s wall (pull %.2f s, the rest is triage of new tickets)  %6.0f tickets/s pulled\n' \
    "$tt_s" "$pull_s" "$(echo "$n / $pull_s" | bc -l)"
printf '                         %d requests  peak RSS %d MB  stored %s tickets, %s events\n' \
    "$req" "$((rss_kb / 1024))" "$stored" "$events"
printf '  curl, same %d URLs  : %8.2f s  %8.0f tickets/s (one at a time)\n' "$pages" "$curl_s" "$(echo "$n / $curl_s" | bc -l)"
printf '  curl --parallel-max 4: %8.2f s  %8.0f tickets/s\n' "$curlp_s" "$(echo "$n / $curlp_s" | bc -l)"
printf '  ratio pull/curl      : %8.2fx   (wall/curl %.2fx; pull/parallel curl %.2fx; target <= 1.5x)\n' \
    "$(echo "$pull_s / $curl_s" | bc -l)" "$(echo "$tt_s / $curl_s" | bc -l)" "$(echo "$pull_s / $curlp_s" | bc -l)"
printf '  incremental, nothing changed: %s requests, pull %.3f s (wall %.3f s)\n' "$inc_req" "$inc_pull" "$inc_s"
[ "$rc" -eq 0 ] && [ "$stored" -eq "$n" ]
