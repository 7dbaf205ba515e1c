#!/bin/sh
# Every C source and header is as the repository's .clang-format lays it out
# (tables that read better by hand are fenced with "clang-format off/on").
set -u
cd "$(dirname "$0")/../.."
if ! command -v clang-format >/dev/null 2>&1; then
    echo "ok - C files formatted # skip clang-format is not installed"
    exit 0
fi
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    files=$(git ls-files '*.c' '*.h')
else
    files=$(find include src tests bench -name '*.c' -o -name '*.h' 2>/dev/null)
fi
bad=""
for f in $files; do
    [ -f "$f" ] || continue
    clang-format --dry-run -Werror "$f" >/dev/null 2>&1 || bad="$bad $f"
done
if [ -z "$bad" ]; then
    echo "ok - every C file is formatted by .clang-format ($(echo $files | wc -w) files)"
else
    echo "# not formatted (run clang-format -i on them):$bad"
    echo "not ok - every C file is formatted by .clang-format"
    exit 1
fi
