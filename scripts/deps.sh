#!/bin/sh
# Install the Debian packages ticketty needs, if any are missing.
# usage: scripts/deps.sh run|check
# As root it runs apt-get; otherwise it prints the exact command and fails.
set -eu
RUN_PKGS="build-essential pkg-config git libncurses-dev libsqlite3-dev libcurl4-openssl-dev \
libjansson-dev libgit2-dev libyaml-dev libmd4c-dev libmd4c-html0-dev"
CHECK_PKGS="$RUN_PKGS libcmocka-dev libmicrohttpd-dev tmux clang clang-format python3 sqlite3 curl"
case "${1:-run}" in
run) want=$RUN_PKGS ;;
check) want=$CHECK_PKGS ;;
bench) want="$CHECK_PKGS fasttext ripgrep bc time" ;;
*) echo "usage: $0 run|check|bench" >&2; exit 2 ;;
esac
missing=""
for p in $want; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
# The provider contract test runs Prism (npm).  Node may come from elsewhere
# than Debian (nvm, nodesource); install Debian's only when there is none.
if [ "${1:-run}" != run ] && ! command -v npm >/dev/null 2>&1; then
    missing="$missing nodejs npm"
fi
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ]; then
    echo "ticketty: installing missing packages:$missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends $missing
else
    echo "ticketty: missing packages:$missing" >&2
    echo "install them with:" >&2
    echo "  sudo apt-get install -y$missing" >&2
    exit 1
fi
