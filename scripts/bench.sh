#!/bin/sh
# make bench: run every bench/*.sh; each prints its own figures.
set -u
cd "$(dirname "$0")/.."
status=0
for b in bench/*.sh; do
    [ -e "$b" ] || continue
    echo "== $b"
    sh "$b" || { echo "FAILED: $b"; status=1; }
done
exit $status
