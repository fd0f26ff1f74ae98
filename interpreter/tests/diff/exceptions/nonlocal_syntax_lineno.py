# A nonlocal name with no binding is a SyntaxError at the line of its `nonlocal` statement.
sources = (
    "def f():\n    x = 1\n    def g():\n        nonlocal y\n",
    "def f():\n    def g():\n        def h():\n            nonlocal zz\n        return h\n",
    "x = 1\ndef f():\n    nonlocal x\n",
    "def f():\n    v = 1\n    def g():\n        nonlocal v\n        v += 1\n        return v\n    return g()\nprint(f())\n",
)
for src in sources:
    try:
        exec(src)
    except SyntaxError as e:
        print(type(e).__name__, e.msg, e.lineno)
