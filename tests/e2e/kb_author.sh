#!/bin/sh
# kb_author.sh: kb new / edit (editor loop, validation, commit with the user's
# git identity), kb log, kb push / pull against a local bare repository.
set -u
cd "$(dirname "$0")/../.."
. tests/e2e/lib/kb.sh
kb_env kbauthor
export GIT_CONFIG_NOSYSTEM=1 HOME="$D/home"
mkdir -p "$HOME"
git config --global user.name "Ada Author"
git config --global user.email ada@example.com
git config --global init.defaultBranch main

# A remote and two clones (two authors' machines).
git init -q --bare "$D/remote.git"
git clone -q "$D/remote.git" "$D/a" 2>/dev/null
mkdir -p "$D/a/billing"
printf -- '---\nid: kb-0001\ntitle: Refunds\n---\nMoney back within ten days.\n' >"$D/a/billing/refunds.md"
(cd "$D/a" && git add -A && git commit -qm init && git push -q origin main 2>/dev/null)
git clone -q "$D/remote.git" "$D/b" 2>/dev/null
A="$T --db $D/a.db --kb $D/a"
B="$T --db $D/b.db --kb $D/b"
$A kb index >/dev/null 2>&1

# An editor that first saves an invalid article, then (seeing the error) a valid one.
cat >"$D/ed.sh" <<'ED'
#!/bin/sh
n=$(cat "$ED_STATE" 2>/dev/null || echo 0); n=$((n + 1)); echo $n >"$ED_STATE"
if [ "$n" -eq 1 ]; then
  sed 's/^audience: customer/audience: everyone/; s/^title: $/title: Pay by bank transfer/' "$1" >"$1.t" && mv "$1.t" "$1"
else
  grep -q '^# ticketty: line' "$1" && echo saw-error >>"$ED_STATE.log"
  l=$(sed -n 's/^# ticketty: line \([0-9]*\):.*/\1/p' "$1")
  sed -n "${l:-0}p" "$1" | grep -q '^audience: everyone' && echo mark-line-right >>"$ED_STATE.log"
  sed 's/^audience: everyone/audience: customer/' "$1" >"$1.t" && mv "$1.t" "$1"
  printf 'Send the amount to the IBAN on your invoice.\n' >>"$1"
fi
ED
export ED_STATE="$D/state"
out=$(EDITOR="sh $D/ed.sh" VISUAL= $A kb new --category billing 2>"$D/err")
check "kb new commits after the editor fixed the error" 'echo "$out" | grep -q "committed .*billing/pay-by-bank-transfer.md (kb-0002)"'
check "the validation error was shown on stderr and in the file" 'grep -q "line 8: audience" "$D/err" && grep -q saw-error "$D/state.log"'
check "the error comment's line number points at the bad line in the re-opened file" 'grep -q mark-line-right "$D/state.log"'
check "the commit carries the user's git identity" '[ "$(cd "$D/a" && git log -1 --format=%an:%ae)" = "Ada Author:ada@example.com" ]'
check "the error comment is not committed" '! grep -q "ticketty:" "$D/a/billing/pay-by-bank-transfer.md"'
out=$($A kb search --json "bank transfer IBAN")
check "the new article is indexed" 'echo "$out" | grep -q kb-0002'
out=$(EDITOR=true VISUAL= $A kb edit kb-0001)
check "saving unchanged cancels kb edit" 'echo "$out" | grep -q "nothing committed"'
out=$(EDITOR="sh -c 'printf \"Also for annual plans.\\\\n\" >>\"\$1\"' sh" VISUAL= $A kb edit refunds)
check "kb edit by slug commits" 'echo "$out" | grep -q "committed .*billing/refunds.md"'
out=$($A kb log kb-0001 --json)
check "kb log lists both commits of the article" '[ "$(echo "$out" | grep -c "\"commit\"")" -eq 2 ]'
out=$($A kb push)
check "kb push sends the two new commits" 'echo "$out" | grep -q "2 new commit"'
out=$($B kb pull)
check "kb pull fast-forwards and indexes" 'echo "$out" | grep -q "fast-forwarded 2" && echo "$out" | grep -q "indexed: 2 added"'
out=$($B kb pull)
check "a second kb pull is up to date" 'echo "$out" | grep -q "already up to date"'
# Diverge: both commit, A pushes first.
(cd "$D/b" && echo x >>billing/refunds.md && git commit -qam b-change)
(cd "$D/a" && echo y >>billing/refunds.md && git commit -qam a-change)
$A kb push >/dev/null
$B kb push >/dev/null 2>"$D/err"; rc=$?
check "a rejected push fails" '[ $rc -eq 1 ]'
$B kb pull >/dev/null 2>"$D/err"; rc=$?
check "kb pull refuses diverged histories" '[ $rc -eq 1 ] && grep -q diverged "$D/err"'
# An article moved to another folder keeps its history.
before=$($A kb log kb-0001 --json | grep -c '"commit"')
(cd "$D/a" && mkdir -p payments && git mv billing/refunds.md payments/refunds.md && git commit -qm "move refunds to payments")
$A kb index >/dev/null 2>&1
out=$($A kb log kb-0001 --json)
check "kb log follows the article through a rename" '[ "$(echo "$out" | grep -c "\"commit\"")" -eq $((before + 1)) ] && echo "$out" | grep -q "move refunds to payments" && echo "$out" | grep -q "\"init\""'
[ $fails -eq 0 ]
