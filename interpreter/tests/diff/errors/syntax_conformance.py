# SyntaxErrors CPython gives that are easy to miss: tabs mixed with spaces, \N{...} escapes
# with unknown names or malformed, `import *` inside a function or class, global after use.
cases = [
    "if 1:\n\tx = 1\n        y = 2\n",
    "if 1:\n        x = 1\n\ty = 2\n",
    "if 1:\n\tif 2:\n\t        x = 1\n\telse:\n\t\ty = 2\n",
    "if 1:\n    \tx = 1\n\ty = 2\n",
    "if 1:\n\tx = 1\n\ty = 2\n",
    "s = '\\N{NO SUCH CHARACTER NAME}'",
    "s = 'ab\\N{XYZZY}'",
    "s = '\\Nab'",
    "s = '\\N{}'",
    "s = '\\N{'",
    "s = '\u00e9\\N{QQ}'",
    "s = f'\\N{QQ}'",
    "s = b'\\N{QQ}'",
    "s = r'\\N{QQ}'",
    "def f():\n    from os import *\n",
    "class C:\n    from os import *\n",
    "from os import *\n",
    "def f():\n    x = 1\n    global x\n",
    "def f():\n    print(x)\n    global x\n",
    "def f(x):\n    global x\n",
]
for src in cases:
    try:
        compile(src, "<test>", "exec")
        print("ok")
    except SyntaxError as e:
        print(type(e).__name__, e.msg, e.lineno)

# The uncaught one ends the program with a TabError.
exec("if True:\n        a = 1\n\tb = 2\n")
