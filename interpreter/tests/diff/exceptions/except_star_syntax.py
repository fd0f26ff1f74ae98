# The SyntaxErrors of `except*` (PEP 654), and what compiles.
sources = {
    "mixed, star first": "try:\n    pass\nexcept* ValueError:\n    pass\nexcept TypeError:\n    pass\n",
    "mixed, plain first": "try:\n    pass\nexcept ValueError:\n    pass\nexcept* TypeError:\n    pass\n",
    "bare except*": "try:\n    pass\nexcept*:\n    pass\n",
    "break": "for i in x:\n    try:\n        pass\n    except* ValueError:\n        break\n",
    "continue": "while x:\n    try:\n        pass\n    except* ValueError:\n        continue\n",
    "return": "def f():\n    try:\n        pass\n    except* ValueError:\n        return 1\n",
    "return deeper": "def f():\n    try:\n        pass\n    except* ValueError:\n        if x:\n            for i in y:\n                return\n",
    "loop inside ok": "try:\n    pass\nexcept* ValueError:\n    for i in x:\n        if i:\n            break\n        continue\n",
    "def inside ok": "try:\n    pass\nexcept* ValueError:\n    def g():\n        return 1\n",
    "spaced star ok": "try:\n    pass\nexcept *ValueError as e:\n    pass\nexcept *(TypeError, KeyError):\n    pass\nelse:\n    pass\nfinally:\n    pass\n",
    "as needs a name": "try:\n    pass\nexcept* ValueError as:\n    pass\n",
}
for name, src in sources.items():
    try:
        compile(src, "<prog>", "exec")
        print(name, "-> compiles")
    except SyntaxError as e:
        print(name, "->", e.msg, "line", e.lineno)

# `except*` in an ordinary program with nothing raised takes the else branch.
def quiet():
    out = []
    try:
        out.append("body")
    except* ValueError:
        out.append("never")
    else:
        out.append("else")
    finally:
        out.append("finally")
    return out


print(quiet())
