# tests/e2e/lib/console.sh: what the console scripts share to drive
# build/ticketty in tmux.  Sourced (not run by `make check`: it is not in
# tests/e2e/ itself) after the script sets $sock, the private tmux socket, and
# optionally $pane, the session to read (default tt).
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
