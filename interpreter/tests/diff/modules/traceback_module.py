# traceback: format_exc/print_exc for the exception being handled, format_exception and
# print_exception for a given one (legacy three-argument form too). Only the lines that do
# not depend on 3.11's caret markers are printed.
import io
import sys
import traceback


def fail(n):
    if n == 0:
        raise ValueError("bottom")
    fail(n - 1)


def frames(text):
    return [l.strip() for l in text.splitlines() if l.startswith("  File")]


print(repr(traceback.format_exc()))
try:
    fail(2)
except ValueError as e:
    text = traceback.format_exc()
    print(text.splitlines()[0], text.splitlines()[-1])
    print(len(frames(text)), frames(text)[-1].endswith("in fail"))
    buf = io.StringIO()
    traceback.print_exc(file=buf)
    print(buf.getvalue() == text)
    lines = traceback.format_exception(e)
    print("".join(lines) == text, lines[-1])
    lines = traceback.format_exception(type(e), e, e.__traceback__)
    print("".join(lines) == text)
    buf = io.StringIO()
    traceback.print_exception(e, file=buf)
    print(buf.getvalue() == text)
    traceback.print_exc(file=sys.stdout) if False else None
try:
    try:
        {}["k"]
    except KeyError as e:
        raise RuntimeError("wrapped") from e
except RuntimeError as e:
    t = "".join(traceback.format_exception(e))
    print(t.count("Traceback"), "direct cause" in t, t.splitlines()[-1])
