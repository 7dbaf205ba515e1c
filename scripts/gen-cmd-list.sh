#!/bin/sh
# Emit one TT_CMD(symbol) line per `const struct tt_cmd tt_cmd_NAME = {` found in
# the given source files; src/cmd/cmd.c expands them into the command table.
grep -ho '^const struct tt_cmd tt_cmd_[a-z0-9_]*' "$@" | sed 's/.*tt_cmd_\(.*\)/TT_CMD(\1)/' | sort
