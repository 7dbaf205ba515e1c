#!/bin/sh
# Contract test: Prism (npm @stoplight/prism-cli) serves each provider's
# mock-ready OpenAPI description from ../shared/providers/*/mock/, and
# build/tools/sync2_contract runs a full pull and every push (reply, note,
# status, priority, assignee, group, tags) of the Zendesk, Freshdesk and
# Intercom drivers against it.  Prism validates every request against the
# description (auth, path, query, body) and answers 401/415/422 to one that
# does not conform, which fails the step; its log is checked for request
# violations too.  Prism is installed (once, cached) with npm under
# build/prism (PRISM_DIR overrides), started here and always stopped here.
# Without node/npm, or without ../shared, every check is reported skipped.
set -u
cd "$(dirname "$0")/../.."
root=$PWD
tool=$root/build/tools/sync2_contract

skip() {
    echo "ok - sync contract test against Prism # skip $1"
    exit 0
}

# ../shared; in a git worktree it sits beside the main checkout.
shared=${TICKETTY_SHARED:-$root/../shared}
if [ ! -d "$shared/providers" ]; then
    common=$(git rev-parse --git-common-dir 2>/dev/null || true)
    case $common in /*) shared=$(dirname "$common")/../shared ;; esac
fi
[ -d "$shared/providers" ] || skip "no ../shared/providers (provider specs)"
command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || skip "node/npm not installed"
[ -x "$tool" ] || skip "build/tools/sync2_contract not built (make tools)"

prism_dir=${PRISM_DIR:-$root/build/prism}
prism=$prism_dir/node_modules/.bin/prism
if [ ! -x "$prism" ]; then
    mkdir -p "$prism_dir"
    if ! npm install --prefix "$prism_dir" --no-audit --no-fund --loglevel=error \
        @stoplight/prism-cli@5 >"$prism_dir/npm.log" 2>&1; then
        tail -5 "$prism_dir/npm.log"
        echo "not ok - npm install @stoplight/prism-cli"
        exit 1
    fi
fi

tmp=$(mktemp -d /tmp/ticketty-e2e-contract.XXXXXX)
pids=""
cleanup() {
    for p in $pids; do
        kill "$p" 2>/dev/null
    done
    for p in $pids; do
        wait "$p" 2>/dev/null
    done
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fails=0
# start NAME SPEC: run Prism on a free port; sets $port (0 on failure).
start() {
    name=$1 spec=$2 port=0
    for try in 1 2 3 4 5; do
        p=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null ||
            echo $((20000 + ($$ + try * 1031) % 30000)))
        "$prism" mock -h 127.0.0.1 -p "$p" "$spec" >"$tmp/$name.log" 2>&1 &
        pid=$!
        pids="$pids $pid"
        i=0
        while [ $i -lt 240 ]; do # up to 120 s (two shared cores, big specs)
            if grep -q "Prism is listening" "$tmp/$name.log" 2>/dev/null; then
                port=$p
                return 0
            fi
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.5
            i=$((i + 1))
        done
        kill "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
    done
    return 1
}

run() { # name spec probe-path [extra sync2_contract options]
    name=$1 spec=$2 probe=$3
    shift 3
    if ! start "$name" "$spec"; then
        tail -5 "$tmp/$name.log"
        echo "not ok - $name: Prism serves $(basename "$spec")"
        fails=$((fails + 1))
        return
    fi
    echo "ok - $name: Prism serves $(basename "$spec") on port $port"
    S2_CONTRACT_TOKEN=contract-token "$tool" --db "$tmp/$name.db" --provider "$name" \
        --url "http://127.0.0.1:$port" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err"
    cat "$tmp/$name.out"
    if grep -q '^not ok' "$tmp/$name.out" || ! grep -q '^ok' "$tmp/$name.out"; then
        fails=$((fails + 1))
        tail -5 "$tmp/$name.err"
    fi
    # Negative control: Prism does reject what does not conform (here a
    # request without credentials), so the checks above have teeth.
    code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port$probe" 2>/dev/null)
    case $code in
    401 | 403 | 422) echo "ok - $name: Prism rejects a non-conforming request (HTTP $code)" ;;
    *)
        echo "not ok - $name: Prism rejects a non-conforming request (got HTTP $code)"
        fails=$((fails + 1))
        ;;
    esac
    # Prism logs each non-conforming request ("Violation: request...", query,
    # path, header); the spec's own example responses may violate it too,
    # which is not ours to fix.
    bad=$(grep 'Violation: ' "$tmp/$name.log" | grep -v 'Violation: response' |
        grep -v 'Authorization\|security' | head -5)
    if [ -n "$bad" ]; then
        echo "$bad"
        echo "not ok - $name: no request violates the API description"
        fails=$((fails + 1))
    else
        echo "ok - $name: no request violates the API description"
    fi
}

run zendesk "$shared/providers/zendesk/mock/zendesk-support-oas.mock.json" \
    "/api/v2/tickets/1" --email agent@example.com
run freshdesk "$shared/providers/freshdesk/mock/freshdesk-rest-api-openapi.mock.json" \
    "/api/v2/tickets/1"
run intercom "$shared/providers/intercom/mock/api.intercom.io.2.16.mock.json" \
    "/conversations/1"
[ "$fails" -eq 0 ]
