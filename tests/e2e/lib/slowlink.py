#!/usr/bin/env python3
"""slowlink.py: run a command on its own pseudo-terminal and hold back the
outer terminal's answers to the command's questions (cursor position reports
ESC [ row ; col R and device attributes ESC [ ? ... c), as a slow ssh link
does: keys pass at once, the answers arrive late.  Output passes at once.
Used by tests/e2e/tui_late_answers.sh (sourced lib, not run by make check).

    slowlink.py [--hold MS | --hold-until FILE] [--gap MS] [--log FILE] -- CMD [ARG...]

--hold MS          answers pass MS after the first of them came in
--hold-until FILE  answers pass once FILE exists
--gap MS           answers pass one byte at a time, MS apart (an answer cut
                   anywhere, its ESC alone included)
--log FILE         a line per event: "ready" (keys typed from now on reach
                   CMD), "answers held", "answers passed"
The relay ends when the command does; its exit status is the command's.
"""
import argparse
import fcntl
import os
import pty
import re
import select
import signal
import sys
import termios
import time
import tty

ANSWER = re.compile(rb"\x1b\[[0-9]+;[0-9]+R|\x1b\[\?[0-9;]*c")


def winsize(fd):
    try:
        return fcntl.ioctl(fd, termios.TIOCGWINSZ, b"\0" * 8)
    except OSError:
        return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--hold", type=int, default=0)
    ap.add_argument("--hold-until")
    ap.add_argument("--gap", type=int, default=0)
    ap.add_argument("--log")
    ap.add_argument("cmd", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    cmd = a.cmd[1:] if a.cmd and a.cmd[0] == "--" else a.cmd
    if not cmd:
        ap.error("no command")
    size = winsize(0)
    pid, master = pty.fork()
    if pid == 0:
        os.execvp(cmd[0], cmd)
    if size:
        fcntl.ioctl(master, termios.TIOCSWINSZ, size)

    def resized(*_):
        ws = winsize(0)
        if ws:
            fcntl.ioctl(master, termios.TIOCSWINSZ, ws)
            os.kill(pid, signal.SIGWINCH)

    signal.signal(signal.SIGWINCH, resized)
    old = termios.tcgetattr(0) if os.isatty(0) else None
    if old:
        tty.setraw(0, termios.TCSANOW)  # TCSAFLUSH would drop keys typed already
    log = open(a.log, "a", buffering=1) if a.log else None
    if log:
        log.write("ready\n")
    held = b""       # answers not passed yet
    first = None     # when the first answer came in
    out_q = []       # (due, bytes) of answers released, in order
    try:
        while True:
            now = time.monotonic()
            if held and (
                (a.hold_until and os.path.exists(a.hold_until))
                or (not a.hold_until and now >= first + a.hold / 1000.0)
            ):
                if a.gap:
                    out_q += [(now + k * a.gap / 1000.0, held[k:k + 1]) for k in range(len(held))]
                else:
                    out_q.append((now, held))
                held = b""
            while out_q and out_q[0][0] <= now:
                os.write(master, out_q.pop(0)[1])
                if not out_q and log:
                    log.write("answers passed\n")
            wait = 1.0
            if out_q:
                wait = max(0.0, out_q[0][0] - now)
            elif held:
                wait = 0.05
            try:
                r, _, _ = select.select([0, master], [], [], wait)
            except InterruptedError:
                continue
            if master in r:
                try:
                    out = os.read(master, 65536)
                except OSError:
                    out = b""
                if not out:
                    break
                os.write(1, out)
            if 0 in r:
                data = os.read(0, 4096)
                answers = b"".join(ANSWER.findall(data))
                keys = ANSWER.sub(b"", data)
                if answers:
                    if first is None:
                        first = time.monotonic()
                    held += answers
                    if log:
                        log.write("answers held\n")
                if keys:
                    os.write(master, keys)
    finally:
        if old:
            termios.tcsetattr(0, termios.TCSADRAIN, old)
    _, st = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(st)
    sys.exit(code if code >= 0 else 128 - code)


if __name__ == "__main__":
    main()
