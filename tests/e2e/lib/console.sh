# tests/e2e/lib/console.sh: what the console scripts share to drive
# build/ticketty in tmux.  Sourced (not run by `make check`: it is not in
# tests/e2e/ itself) from the repository root, after the script optionally
# sets $pane, the session to read (default tt).
#   console_env NAME     the script's private world: root, bin, tmp (a new
#                        directory, removed at exit with the tmux server),
#                        sock (the private tmux socket), XDG dirs inside tmp
#                        and none of the user's TICKETTY_* settings.  A script
#                        with more to clean up sets these itself instead.
#   console_need WHAT CMD...  without CMD installed, the script is one
#                        "ok - WHAT # skip" line and exits 0
#   console_demo N       db=$tmp/t.db, a demo workspace of N tickets (seed 7,
#                        KB $tmp/kb); one check line
#   console_start S W H [ARGS]  the console on $db in tmux session S, W x H,
#                        UTF-8 and xterm-256color; ARGS follow `console`
#   T ARGS...            tmux on the private socket
#   ok/notok TEXT        one TAP-style line; notok sets failed=1
#   screen               the pane's text
#   wait_for TEXT [S]    poll until the pane shows TEXT (fixed string; S s, default 10)
#   wait_gone TEXT [S]   poll until TEXT is no longer on the pane
#   wait_re REGEX [S]    poll until a line of the pane matches REGEX
# Every wait polls every 50 ms (no fixed sleeps) and prints the pane on timeout.
failed=0
pane=${pane:-tt}
T() { tmux -L "$sock" "$@"; }
ok() { echo "ok - $1"; }
notok() { echo "not ok - $1"; failed=1; }
screen() { T capture-pane -p -t "$pane" 2>/dev/null; }

console_cleanup() {
    T kill-server >/dev/null 2>&1
    rm -rf "$tmp"
}
console_env() {
    root=$(pwd)
    bin=$root/build/ticketty
    tmp=$(mktemp -d "/tmp/ticketty-e2e-$1.XXXXXX")
    sock=ticketty-$1-$$
    trap console_cleanup EXIT INT TERM
    unset TICKETTY_DB TICKETTY_KB TICKETTY_CONFIG TICKETTY_DATADIR TICKETTY_NOW TICKETTY_DEMO_DIR
    export XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data" XDG_CACHE_HOME="$tmp/cache"
}
console_need() {
    _what=$1
    shift
    for _c in "$@"; do
        if ! command -v "$_c" >/dev/null 2>&1; then
            echo "ok - $_what # skip $_c not installed"
            exit 0
        fi
    done
}
console_demo() {
    db=$tmp/t.db
    if "$bin" --db "$db" --kb "$tmp/kb" demo init --tickets "$1" --seed 7 --quiet; then
        ok "demo workspace with $1 tickets"
    else
        notok "demo workspace with $1 tickets"
    fi
}
console_start() {
    _s=$1 _w=$2 _h=$3
    shift 3
    T new-session -d -s "$_s" -x "$_w" -y "$_h" \
        "LANG=C.UTF-8 TERM=xterm-256color '$bin' --db '$db' --kb '$tmp/kb' console $*"
}

# _poll HOW PATTERN SECONDS WHAT: HOW is F (fixed shown), E (regex shown) or
# G (fixed gone).
_poll() {
    limit=$(($3 * 20))
    i=0
    while [ $i -lt "$limit" ]; do
        case $1 in
        F) screen | grep -qF -- "$2" && return 0 ;;
        E) screen | grep -qE -- "$2" && return 0 ;;
        G) screen | grep -qF -- "$2" || return 0 ;;
        esac
        i=$((i + 1))
        sleep 0.05
    done
    echo "# timed out waiting $4: $2"
    screen | sed 's/^/# | /'
    return 1
}
wait_for() { _poll F "$1" "${2:-10}" "for"; }
wait_gone() { _poll G "$1" "${2:-10}" "for this to go"; }
wait_re() { _poll E "$1" "${2:-10}" "for a line matching"; }
