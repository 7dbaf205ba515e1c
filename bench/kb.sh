#!/bin/sh
# bench/kb.sh: the knowledge base at scale.  A generated KB of KB_BENCH_N
# articles (default 10000) in a git repository: full index time (parse, FTS,
# LSA training, embedding), incremental re-index after one article changes,
# search latency p50/p99 for BM25, semantic (brute-force cosine over 10,000
# float32 vectors) and hybrid (in one process, warm), the same for short CJK
# words (one and two characters: 退款, 密码, 退; mixed with Latin), peak
# memory, and `rg -il` over the same tree with the same queries.
# Targets: hybrid p50 <= 5 ms, one-article re-index <= 100 ms.
set -eu
cd "$(dirname "$0")/.."
N=${KB_BENCH_N:-10000}
T=$PWD/build/ticketty
TOOL=$PWD/build/tools/kb_bench
[ -x "$T" ] && [ -x "$TOOL" ] || { echo "build first: make all tools"; exit 1; }
D=$(mktemp -d /tmp/ticketty-bench-kb.XXXXXX)
trap 'rm -rf "$D"' EXIT
ms() { date +%s%N; }
git_() { (cd "$D/kb" && git -c user.name=Bench -c user.email=bench@example.com "$@" >/dev/null); }

echo "generating $N articles..."
"$TOOL" gen "$D/kb" "$N" >"$D/queries.txt"
git_ init -q && git_ add -A && git_ commit -qm generated
echo "kb: $(du -sh "$D/kb" --exclude=.git | cut -f1) of Markdown, $(wc -l <"$D/queries.txt") queries"

K="$T --db $D/kb.db --kb $D/kb"
/usr/bin/time -f "%e %M" -o "$D/time" $K kb index --json >"$D/full.json" 2>/dev/null
read -r secs rss <"$D/time"
echo "full index:        $(sed -n 's/.*"seconds": \([0-9.]*\).*/\1/p' "$D/full.json" | cut -c1-6) s" \
     "(process $secs s, peak RSS $((rss / 1024)) MB)"

# One article changes: the incremental re-index parses, stores and embeds one blob.
f=$(find "$D/kb" -name 'article-00042.md')
printf '\nA new paragraph about refund timing and invoice corrections.\n' >>"$f"
git_ commit -qam "edit one article"
t0=$(ms)
$K kb index --json >"$D/inc.json"
t1=$(ms)
echo "one-article re-index: $(sed -n 's/.*"seconds": \([0-9.]*\).*/\1/p' "$D/inc.json" | awk '{printf "%.1f", $1 * 1000}') ms" \
     "(whole process $(( (t1 - t0) / 1000000 )) ms; $(grep -o '"updated": [0-9]*' "$D/inc.json"))"

for mode in bm25 semantic hybrid; do
    /usr/bin/time -f "%M" -o "$D/time" "$TOOL" search "$D/kb.db" "$D/queries.txt" $mode
done

# Short CJK words (one or two characters, the short-word index kb_fts_grams;
# 5% of the generated articles hold the two-character words), alone and mixed.
for i in 1 2 3 4 5; do
    printf '%s\n' 退款 密码 发票 账户 登录 通知 同步 权限 导出 集成 订阅 退 票 "退款 refund" "API 密钥"
done >"$D/cjk.txt"
for mode in bm25 hybrid; do
    printf 'short CJK '
    "$TOOL" search "$D/kb.db" "$D/cjk.txt" $mode
done

# rg -il over the same tree: each query's words as alternatives, one process each.
: >"$D/rg.ms"
head -100 "$D/queries.txt" | while read -r a b c; do
    set -- $a $b $c
    args=""
    for w in "$@"; do args="$args -e $w"; done
    t0=$(ms)
    # shellcheck disable=SC2086
    rg -il $args "$D/kb" >/dev/null || true
    t1=$(ms)
    echo $(( (t1 - t0) / 1000 )) >>"$D/rg.ms"
done
sort -n "$D/rg.ms" | awk '{v[NR] = $1} END {
    p50 = v[int((NR - 1) * 0.5) + 1]; p99 = v[int((NR - 1) * 0.99) + 1];
    printf "rg -il   %d queries: p50 %.2f ms  p99 %.2f ms (one process per query)\n", NR, p50 / 1000, p99 / 1000 }'
