#!/bin/sh
# End-to-end check of `make install`: PREFIX and DESTDIR are honoured, the
# binary, man page, themes and demo KB are installed, and the installed binary
# (built for that PREFIX) finds its themes and demo KB there: demo init works
# from an unrelated directory.  Prints "ok - ..." / "not ok - ..." per check.
set -u
cd "$(dirname "$0")/../.."
repo=$PWD
tmp=$(mktemp -d /tmp/ticketty-e2e-install.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
fails=0
check() { # description, then a command that must succeed
    d=$1; shift
    if "$@" >/dev/null 2>&1; then echo "ok - $d"; else echo "not ok - $d"; fails=$((fails + 1)); fi
}
# A separate unoptimised build directory, so build/ is left as it is.
b="$tmp/build"
check "make install with PREFIX and DESTDIR succeeds" \
    make --no-print-directory -j2 B="$b" OPT=-O0 PREFIX=/opt/tt DESTDIR="$tmp/stage" install
s="$tmp/stage/opt/tt"
check "binary installed under DESTDIR/PREFIX/bin" test -x "$s/bin/ticketty"
check "man page installed" test -s "$s/share/man/man1/ticketty.1"
check "themes installed" sh -c "test -s '$s/share/ticketty/themes/default.theme' && test -s '$s/share/ticketty/themes/monochrome.theme'"
check "demo KB installed" sh -c "test \$(find '$s/share/ticketty/kb' -name '*.md' | wc -l) -ge 40"
check "demo configuration installed" test -s "$s/share/ticketty/demo-config.yaml"
check "nothing installed outside DESTDIR" test ! -e /opt/tt/bin/ticketty
check "the binary looks in PREFIX (not DESTDIR) for its data" \
    sh -c "grep -q '/opt/tt/share/ticketty' '$s/bin/ticketty' && ! grep -q '$tmp/stage' '$s/bin/ticketty'"
# Without DESTDIR, into a real prefix: the installed binary must work alone.
p="$tmp/prefix"
check "make install PREFIX=dir succeeds" \
    make --no-print-directory -j2 B="$b" OPT=-O0 PREFIX="$p" install
cd "$tmp"
export XDG_DATA_HOME="$tmp/data" XDG_CONFIG_HOME="$tmp/config"
unset TICKETTY_DB TICKETTY_KB TICKETTY_CONFIG TICKETTY_DATADIR TICKETTY_THEMES
check "installed binary runs demo init with the installed demo KB" \
    "$p/bin/ticketty" demo init --tickets 20 --customers 5 --quiet
check "the demo KB repository was created" test -d "$tmp/data/ticketty/kb/.git"
check "installed binary lists the demo tickets" sh -c "'$p/bin/ticketty' ticket list --limit 3 | grep -q ."
check "man page renders" sh -c "MANWIDTH=80 man -l '$p/share/man/man1/ticketty.1' 2>/dev/null | grep -q 'ticket list' || grep -q 'ticket list' '$p/share/man/man1/ticketty.1'"
cd "$repo"
check "make uninstall removes it" sh -c "make --no-print-directory B='$b' OPT=-O0 PREFIX='$p' uninstall && test ! -e '$p/bin/ticketty' && test ! -e '$p/share/ticketty'"
[ "$fails" -eq 0 ]
