#!/bin/sh
# kb_cjk.sh: short CJK words (one or two characters) through `kb search` end to
# end: a real git repository, a real database, full text alone (--mode bm25),
# BM25 ranking, mixed-script queries, --json, the console's default hybrid mode,
# and a query the KB cannot answer still reported by `kb gaps`.
set -u
cd "$(dirname "$0")/../.."
. tests/e2e/lib/kb.sh
kb_env kbcjk
# ids of a --json result, space-separated
ids() { python3 -c 'import json,sys; print(" ".join(r["id"] for r in json.load(sys.stdin)["results"]))'; }

mkdir -p "$D/kb" && git_ init -q
art billing/refund_zh.md 'id: KB-010\ntitle: 退款政策\ntags: [退款, 账单]\n' \
    '如需退款，请在账单页面申请退款。退款会在五到十个工作日内原路退回。\n'
art billing/invoice_zh.md 'id: KB-011\ntitle: 发票与收据\n' \
    '您可以在账单页面下载发票和收据。如果发票抬头有误，请联系我们重开。如果您同时需要退款，请先处理退款再开票。我们支持多种付款方式，包括信用卡和银行转账。\n'
art account/api_zh.md 'id: KB-012\ntitle: 创建 API 密钥\n' \
    '管理员可以在设置中创建 API 密钥。请妥善保管密钥。\n'
art account/password_zh.md 'id: KB-013\ntitle: 如何重置密码\n' \
    '如果您忘记了密码，请在登录页面点击忘记密码。\n'
art billing/refunds.md 'id: KB-001\ntitle: How to request a refund\n' \
    'Open Billing and choose Request refund. Refunds take 5-10 business days.\n'
art account/sso.md 'id: KB-002\ntitle: SSO with SAML\n' 'Configure SAML single sign-on with Okta.\n'
git_ add -A && git_ commit -qm init
K="$T --db $D/t.db --kb $D/kb"
$K kb index >/dev/null 2>"$D/err"
check "kb index indexes the articles" '[ ! -s "$D/err" ]'

out=$($K kb search --mode bm25 --json 退款)
check "bm25: a two-character word finds both articles, the refund one first" \
    '[ "$(echo "$out" | ids)" = "KB-010 KB-011" ]'
check "bm25 --json: shape and BM25 scores best first" 'echo "$out" | python3 -c "
import json,sys; o=json.load(sys.stdin); r=o[\"results\"]
assert o[\"query\"]==\"退款\" and set(r[0])=={\"id\",\"slug\",\"path\",\"title\",\"excerpt\",\"score\"}
assert r[0][\"title\"]==\"退款政策\" and r[0][\"path\"]==\"billing/refund_zh.md\"
assert r[0][\"score\"] > r[1][\"score\"] > 0, r"'
out=$($K kb search --mode bm25 --json 发票)
check "bm25: 发票 finds the invoice article" '[ "$(echo "$out" | ids)" = "KB-011" ]'
out=$($K kb search --mode bm25 --json 密码)
check "bm25: 密码 finds the password article" '[ "$(echo "$out" | ids)" = "KB-013" ]'
out=$($K kb search --mode bm25 --json 退)
check "bm25: one character finds the articles holding it" '[ "$(echo "$out" | ids)" = "KB-010 KB-011" ]'
out=$($K kb search --mode bm25 退款)
check "text output marks the word in the snippet" 'echo "$out" | grep -q "\[退款\]"'
out=$($K kb search --mode bm25 --json 退款 refund)
check "mixed query: the Chinese and the English refund articles" \
    'echo "$out" | ids | grep -q KB-010 && echo "$out" | ids | grep -q KB-001'
out=$($K kb search --mode bm25 --json API 密钥)
check "mixed query: API 密钥 finds the API key article first" \
    '[ "$(echo "$out" | ids | cut -d" " -f1)" = "KB-012" ]'
out=$($K kb search --mode bm25 --json SSO)
check "Latin short words unchanged: SSO" '[ "$(echo "$out" | ids)" = "KB-002" ]'
out=$($K kb search --mode bm25 --json 忘记密码)
check "long CJK queries still go through the trigrams" '[ "$(echo "$out" | ids)" = "KB-013" ]'
out=$($K kb search --json 退款)
check "hybrid (default mode): the refund article first" \
    '[ "$(echo "$out" | ids | cut -d" " -f1)" = "KB-010" ]'
out=$(printf '发票\n鲸鱼\n' | $K kb search --mode bm25)
check "batch mode: 发票 found, 鲸鱼 (whale) not" 'echo "$out" | python3 -c "
import json,sys; a=[json.loads(l) for l in sys.stdin]
assert [r[\"id\"] for r in a[0][\"results\"]]==[\"KB-011\"] and a[1][\"results\"]==[], a"'

$K kb search 鲸鱼 >/dev/null
out=$($K kb gaps --json)
check "kb gaps still reports a CJK query that found nothing" 'echo "$out" | python3 -c "
import json,sys; g={x[\"query\"]: x for x in json.load(sys.stdin)}
assert g[\"鲸鱼\"][\"no_results\"]==2, g
assert g[\"退款\"][\"no_results\"]==0, g"'

# The index follows edits: the word leaves the refund article.
art billing/refund_zh.md 'id: KB-010\ntitle: 退货政策\n' '收到商品后七天内可以申请退货。\n'
git_ commit -qam edit
$K kb index >/dev/null
out=$($K kb search --mode bm25 --json 退款)
check "after an edit only the invoice article still has 退款" '[ "$(echo "$out" | ids)" = "KB-011" ]'

[ $fails -eq 0 ]
