#!/bin/sh
# bench/sync_providers.sh: full pull of N tickets (default 10,000) with their
# conversations from the loopback fake Freshdesk and Intercom accounts
# (build/tools/sync2_fakeprov), side by side with curl fetching the same
# resources to /dev/null in the same run; then an incremental sync with
# nothing changed (requests made and time).
#   SYNC2_BENCH_TICKETS=N   tickets (default 10000)
#   SYNC2_BENCH_COMMENTS=N  conversations / parts per ticket (default 2)
# Both APIs need one request per changed ticket for its conversation (the
# list/search results carry none), so requests ~ N + N/page.
# ticketty keeps 4 conversation requests in flight (serial when the account
# has a request budget); curl is timed both one at a time and with 4 in
# flight.  The ratio's reference is serial curl, the issue's comparison.
set -u
cd "$(dirname "$0")/.."
bin=$PWD/build/ticketty
fake=$PWD/build/tools/sync2_fakeprov
n=${SYNC2_BENCH_TICKETS:-10000}
c=${SYNC2_BENCH_COMMENTS:-2}
tmp=$(mktemp -d /tmp/ticketty-bench-sync2.XXXXXX)
fpid=""
trap '[ -n "$fpid" ] && kill "$fpid" 2>/dev/null; rm -rf "$tmp"' EXIT
token=bench-token
export BENCH_TOKEN=$token
now() { date +%s.%N; }
status=0

for prov in freshdesk intercom; do
    "$fake" --provider "$prov" --tickets "$n" --comments "$c" --contacts 500 --companies 50 \
        --token "$token" >"$tmp/port" 2>&1 &
    fpid=$!
    i=0
    while ! grep -q '^port ' "$tmp/port" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
    port=$(awk '{print $2}' "$tmp/port")
    base=http://127.0.0.1:$port
    printf 'accounts:\n  bench:\n    provider: %s\n    url: %s\n    token_env: BENCH_TOKEN\n' \
        "$prov" "$base" >"$tmp/config.yaml"

    # curl: the list pages and every ticket's conversation, one process,
    # kept-alive connection, bodies to /dev/null.
    : >"$tmp/curl.cfg"
    if [ "$prov" = freshdesk ]; then
        auth="-u $token:X"
        p=1
        while [ $(((p - 1) * 100)) -lt "$n" ]; do
            printf 'url = "%s/api/v2/tickets?updated_since=1970-01-01T00:00:00Z&order_by=updated_at&order_type=asc&per_page=100&page=%d&include=requester,stats"\noutput = "/dev/null"\n' "$base" "$p" >>"$tmp/curl.cfg"
            p=$((p + 1))
        done
        seq 1001 $((1000 + n)) | sed "s|.*|url = \"$base/api/v2/tickets/&/conversations?per_page=100\&page=1\"\noutput = \"/dev/null\"|" >>"$tmp/curl.cfg"
        hdr=""
    else
        auth=""
        # (the n/150 search POSTs are left out: under 1% of the requests)
        seq 1001 $((1000 + n)) | sed "s|.*|url = \"$base/conversations/&\"\noutput = \"/dev/null\"|" >>"$tmp/curl.cfg"
        hdr="Intercom-Version: 2.16"
    fi
    urls=$(grep -c '^url' "$tmp/curl.cfg")
    t0=$(now)
    if [ -n "$hdr" ]; then
        curl -s -g -H "Authorization: Bearer $token" -H "$hdr" -K "$tmp/curl.cfg"
    else
        curl -s -g $auth -K "$tmp/curl.cfg"
    fi
    t1=$(now)
    curl_s=$(echo "$t1 - $t0" | bc)
    # and with 4 transfers in flight, as ticketty fetches conversations
    t0=$(now)
    if [ -n "$hdr" ]; then
        curl -s -g --parallel --parallel-max 4 -H "Authorization: Bearer $token" -H "$hdr" \
            -K "$tmp/curl.cfg" 2>/dev/null
    else
        curl -s -g --parallel --parallel-max 4 $auth -K "$tmp/curl.cfg" 2>/dev/null
    fi
    t1=$(now)
    curlp_s=$(echo "$t1 - $t0" | bc)

    t0=$(now)
    /usr/bin/time -f '%M' -o "$tmp/rss" "$bin" --config "$tmp/config.yaml" --db "$tmp/$prov.db" \
        sync --full --json >"$tmp/full.json" 2>"$tmp/full.err"
    rc=$?
    t1=$(now)
    tt_s=$(echo "$t1 - $t0" | bc)
    rss_kb=$(tail -1 "$tmp/rss")
    stored=$(sqlite3 "$tmp/$prov.db" "select count(*) from tickets")
    events=$(sqlite3 "$tmp/$prov.db" "select count(*) from ticket_events")
    req=$(sed -n 's/.*"requests": \([0-9]*\).*/\1/p' "$tmp/full.json" | head -1)
    # The account's own sync time (the command also triages the new tickets after it).
    pull_s=$(sed -n 's/.*"seconds": \([0-9.]*\).*/\1/p' "$tmp/full.json" | head -1)

    t0=$(now)
    "$bin" --config "$tmp/config.yaml" --db "$tmp/$prov.db" sync --json >"$tmp/inc.json" 2>&1
    t1=$(now)
    inc_s=$(echo "$t1 - $t0" | bc)
    inc_req=$(sed -n 's/.*"requests": \([0-9]*\).*/\1/p' "$tmp/inc.json" | head -1)

    echo "sync: full pull of $n tickets x $c conversations from loopback fake $prov (exit $rc)"
    printf '  ticketty sync --full : %8.2f s  (pull %.2f s, the rest is triage of the new tickets)  %6s requests  peak RSS %d MB  stored %s tickets, %s events\n' \
        "$tt_s" "${pull_s:-0}" "$req" "$((rss_kb / 1024))" "$stored" "$events"
    printf '  pull                 : %8.0f tickets/s\n' "$(echo "$n / ${pull_s:-1}" | bc -l)"
    printf '  curl, same %d URLs  : %8.2f s  %8.0f tickets/s (one at a time)\n' "$urls" "$curl_s" "$(echo "$n / $curl_s" | bc -l)"
    printf '  curl --parallel-max 4: %8.2f s  %8.0f tickets/s\n' "$curlp_s" "$(echo "$n / $curlp_s" | bc -l)"
    printf '  ratio pull/curl      : %8.2fx (target <= 1.5x); whole command/curl %.2fx; pull/parallel curl %.2fx\n' \
        "$(echo "${pull_s:-0} / $curl_s" | bc -l)" "$(echo "$tt_s / $curl_s" | bc -l)" \
        "$(echo "${pull_s:-0} / $curlp_s" | bc -l)"
    printf '  incremental, nothing changed: %s requests, %.3f s\n' "$inc_req" "$inc_s"
    [ "$rc" -eq 0 ] && [ "$stored" -eq "$n" ] || status=1
    kill "$fpid" 2>/dev/null
    wait "$fpid" 2>/dev/null
    fpid=""
done
exit $status
