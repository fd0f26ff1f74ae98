#!/usr/bin/env python3
"""Generate the expected outputs of the differential programs with CPython 3.11.

Usage (from anywhere):
    python3 interpreter/tests/gen_expected.py            # every program
    python3 interpreter/tests/gen_expected.py PATH...    # only these programs/folders
    python3 interpreter/tests/gen_expected.py --check    # fail if any .expected is stale

For each tests/diff/**/NAME.py (helper modules and
packages, names starting with `_`, are skipped) it
runs `python3 NAME.py [ARGS]` in the program's folder, with NAME.py.stdin as
stdin if present and NAME.py.args (one argument per line) as arguments, and
writes NAME.py.expected:

    <stdout, byte for byte>
    # exit: N          <- only when the exit status N is not 0
    # error: Type      <- only when stderr ends with an uncaught exception

(`# exit:` starts on a new line even if stdout did not end with one.) The
Rust harness (differential.rs) builds the same text from pyrite's run.

Only programs under diff/errors/ may exit with a non-zero status; anywhere
else that is reported as a problem (a mistake in the program).

Each program is run twice with different PYTHONHASHSEEDs; a program whose
output differs between the runs is reported as non-deterministic and fails
the script (sort sets of strings before printing them).
"""

import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DIFF = os.path.join(HERE, "diff")
TIMEOUT = 60


def find_python():
    for cand in ("python3.11", "python3"):
        try:
            out = subprocess.run([cand, "-c", "import sys;print(sys.version_info[:2])"],
                                 capture_output=True, text=True)
        except FileNotFoundError:
            continue
        if out.stdout.strip() == "(3, 11)":
            return cand
    sys.exit("gen_expected.py: CPython 3.11 is required (python3.11 or python3)")


def uncaught_error_type(stderr):
    """Mirror of differential.rs `uncaught_error_type`."""
    if "Traceback (most recent call last)" not in stderr and 'File "' not in stderr:
        return None
    lines = [l for l in stderr.splitlines() if l.strip()]
    if not lines:
        return None
    last = lines[-1].rstrip()
    name = last.split(":", 1)[0]
    if not re.fullmatch(r"[^\W\d.][\w.]*", name):
        return None
    return name.rsplit(".", 1)[-1]


def run(python, path, seed):
    d, f = os.path.split(path)
    args = []
    if os.path.exists(path + ".args"):
        with open(path + ".args") as fh:
            args = fh.read().splitlines()
    stdin = b""
    if os.path.exists(path + ".stdin"):
        with open(path + ".stdin", "rb") as fh:
            stdin = fh.read()
    env = dict(os.environ, PYTHONHASHSEED=str(seed), PYTHONDONTWRITEBYTECODE="1",
               PYTHONIOENCODING="utf-8", LC_ALL="C.UTF-8")
    env.pop("PYTHONPATH", None)
    p = subprocess.run([python, f] + args, cwd=d, input=stdin, capture_output=True,
                       timeout=TIMEOUT, env=env)
    out = p.stdout
    if p.returncode != 0:
        if out and not out.endswith(b"\n"):
            out += b"\n"
        out += b"# exit: %d\n" % p.returncode
        ty = uncaught_error_type(p.stderr.decode("utf-8", "replace"))
        if ty:
            out += b"# error: %s\n" % ty.encode()
    return out, p


def programs(targets):
    found = []
    for t in targets:
        t = os.path.abspath(t)
        if os.path.isfile(t):
            found.append(t)
            continue
        for root, dirs, files in os.walk(t):
            dirs[:] = [x for x in dirs if not x.startswith((".", "_"))]
            for f in files:
                if f.endswith(".py") and not f.startswith("_"):
                    found.append(os.path.join(root, f))
    return sorted(found)


def main():
    argv = sys.argv[1:]
    check = "--check" in argv
    targets = [a for a in argv if a != "--check"] or [DIFF]
    python = find_python()
    bad = 0
    written = 0
    progs = programs(targets)
    for path in progs:
        rel = os.path.relpath(path, DIFF)
        try:
            out1, p = run(python, path, 1)
            out2, _ = run(python, path, 2)
        except subprocess.TimeoutExpired:
            print(f"TIMEOUT {rel}")
            bad += 1
            continue
        if out1 != out2:
            print(f"NON-DETERMINISTIC {rel}: output depends on the hash seed")
            bad += 1
            continue
        if p.returncode != 0 and not rel.startswith("errors" + os.sep):
            # Only programs under errors/ are meant to end with an error.
            print(f"UNEXPECTED EXIT {p.returncode} {rel}:")
            print(p.stderr.decode("utf-8", "replace"))
            bad += 1
        exp = path + ".expected"
        old = None
        if os.path.exists(exp):
            with open(exp, "rb") as fh:
                old = fh.read()
        if old != out1:
            if check:
                print(f"STALE {rel}")
                bad += 1
            else:
                with open(exp, "wb") as fh:
                    fh.write(out1)
                written += 1
    print(f"gen_expected: {len(progs)} programs, {written} written, {bad} problems")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
