# tests/e2e/lib/kb.sh: what the kb scripts share.  Sourced (not run by
# `make check`: it is not in tests/e2e/ itself) from the repository root.
#   kb_env NAME          T (the binary), D (a new directory, removed at exit;
#                        a script with more to stop sets its own trap after),
#                        fails=0
#   ok/no TEXT           one TAP-style line; no counts a failure in $fails
#   check TEXT EXPR      ok when the shell expression EXPR holds, else no
#   git_ ARGS...         git in $D/kb with a fixed identity, quiet
#   art PATH FRONT BODY  write $D/kb/PATH: front matter FRONT, then BODY
#                        (printf %b: \n in them are newlines)
kb_env() {
    T=$PWD/build/ticketty
    D=$(mktemp -d "/tmp/ticketty-e2e-$1.XXXXXX")
    trap 'rm -rf "$D"' EXIT
    fails=0
}
ok() { echo "ok - $1"; }
no() { echo "not ok - $1"; fails=$((fails + 1)); }
check() { if eval "$2"; then ok "$1"; else no "$1"; fi; }
git_() { (cd "$D/kb" && git -c user.name=T -c user.email=t@example.com "$@" >/dev/null 2>&1); }
art() { mkdir -p "$D/kb/$(dirname "$1")"; printf -- '---\n%b---\n%b' "$2" "$3" >"$D/kb/$1"; }
