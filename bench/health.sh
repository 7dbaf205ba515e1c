#!/bin/sh
# bench/health.sh: `ticketty health update` on N customers (default 100,000;
# target <= 2 s), generated as a CSV and loaded with `import customers` into a
# database under /tmp.  Prints the import time and two update runs (the first
# inserts every history row, the second replaces the same day's rows).
set -eu
cd "$(dirname "$0")/.."
bin=${TICKETTY_BIN:-build/ticketty}
n=${HEALTH_BENCH_N:-100000}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export TICKETTY_DB="$tmp/bench.db" TICKETTY_CONFIG="$tmp/config.yaml" TICKETTY_NOW=2026-11-24T06:00:00Z
: >"$TICKETTY_CONFIG"
awk -v n="$n" 'BEGIN {
    srand(42);
    split("tickets knowledge_base automations reports integrations sso chat", f, " ");
    print "id,name,plan,mrr,csm,subscription_status,login_days_last_30,features_used,tickets_last_90_days,resolved_tickets_last_90_days,current_month_usage,previous_month_usage,failed_payments_last_90_days";
    for (i = 1; i <= n; i++) {
        feats = ""; for (k = 1; k <= 7; k++) if (rand() < 0.5) feats = feats (feats == "" ? "" : ";") f[k];
        t = int(rand() * 12); r = int(rand() * (t + 1));
        printf "C%06d,Customer %d,pro,%d,csm%d@example.com,%s,%d,%s,%d,%d,%d,%d,%d\n",
            i, i, int(rand() * 5000), i % 40, (rand() < 0.95 ? "active" : "cancelled"),
            int(rand() * 31), feats, t, r, int(rand() * 1000), int(rand() * 1000), int(rand() * 4);
    }
}' >"$tmp/customers.csv"
now() { date +%s.%N; }
t0=$(now)
"$bin" import customers "$tmp/customers.csv" >/dev/null
t1=$(now)
"$bin" health update >"$tmp/run1"
t2=$(now)
"$bin" health update >"$tmp/run2"
t3=$(now)
awk -v n="$n" -v a="$t0" -v b="$t1" -v c="$t2" -v d="$t3" 'BEGIN {
    printf "health: import customers, %d rows: %.2f s\n", n, b - a;
    printf "health: health update, %d customers, first run: %.2f s (target <= 2 s)\n", n, c - b;
    printf "health: health update, same day again:          %.2f s\n", d - c;
}'
sed 's/^/health: /' "$tmp/run1"
