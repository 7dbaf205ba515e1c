#!/bin/sh
# kb_embeddings.sh: kb.embedder openai end to end: kb index embeds through a
# loopback OpenAI-compatible fake server, kb search --mode semantic uses it,
# the API key (from key_cmd) reaches the server and nothing else.
set -u
cd "$(dirname "$0")/../.."
. tests/e2e/lib/kb.sh
kb_env kbemb
FAKE=$PWD/build/tools/fake_embeddings

mkfifo "$D/in"
"$FAKE" <"$D/in" >"$D/port" &
fpid=$!
exec 9>"$D/in"
trap 'exec 9>&-; wait $fpid 2>/dev/null; rm -rf "$D"' EXIT
for _ in 1 2 3 4 5 6 7 8 9 10; do [ -s "$D/port" ] && break; sleep 0.2; done
port=$(head -1 "$D/port")

mkdir -p "$D/kb/billing"
printf -- '---\nid: kb-1\ntitle: Refunds\n---\nMoney back within ten days.\n' >"$D/kb/billing/refunds.md"
printf -- '---\nid: kb-2\ntitle: Passwords\n---\nReset it from the sign-in page.\n' >"$D/kb/billing/pw.md"
(cd "$D/kb" && git init -q && git add -A && git -c user.name=T -c user.email=t@x commit -qm i)
cat >"$D/config.yaml" <<CONF
kb:
  embedder: openai
  embeddings:
    url: http://127.0.0.1:$port/v1
    model: fake-3d
    key_cmd: echo s3cr3t-key
CONF
K="$T --db $D/t.db --kb $D/kb --config $D/config.yaml"
out=$($K kb index 2>&1)
check "kb index embeds through the server" 'echo "$out" | grep -q "2 embedded"'
out=$($K kb search --mode semantic --json "aaaa" 2>&1)
check "semantic search uses the server's vectors" 'echo "$out" | grep -q "\"kb-[12]\""'
check "the key is not stored in the database" '! grep -q s3cr3t-key "$D/t.db" "$D"/t.db-wal 2>/dev/null'
exec 9>&-
wait $fpid 2>/dev/null
out=$($K kb search --mode semantic refund 2>&1); rc=$?
check "a dead server is an error naming the URL, without the key" '[ $rc -eq 1 ] && echo "$out" | grep -q "127.0.0.1:$port" && ! echo "$out" | grep -q s3cr3t'
out=$($K kb search --json refund 2>&1); rc=$?
check "hybrid falls back to full text when the server is down" '[ $rc -eq 0 ] && echo "$out" | grep -q "\"kb-1\""'
[ $fails -eq 0 ]
