import math
OPS = {
    "+": (2, lambda a, b: a + b), "-": (2, lambda a, b: a - b), "*": (2, lambda a, b: a * b),
    "/": (2, lambda a, b: a / b), "^": (2, lambda a, b: a ** b), "neg": (1, lambda a: -a),
    "sqrt": (1, math.sqrt), "dup": (1, lambda a: (a, a)),
}
def rpn(expr):
    stack = []
    for tok in expr.split():
        if tok in OPS:
            n, f = OPS[tok]
            if len(stack) < n:
                raise IndexError(f"stack underflow at {tok!r}")
            args = stack[-n:]
            del stack[-n:]
            r = f(*args)
            if isinstance(r, tuple):
                stack.extend(r)
            else:
                stack.append(r)
        else:
            try:
                stack.append(int(tok))
            except ValueError:
                stack.append(float(tok))
    if len(stack) != 1:
        raise ValueError(f"malformed expression, stack = {stack}")
    return stack[0]
for e in ["3 4 +", "5 1 2 + 4 * + 3 -", "2 3 ^ neg", "2 sqrt dup *", "1 2 3", "1 +", "4 0 /", "2 x +", "1.5 2 *", "2 100 ^"]:
    try:
        print(f"{e!r:22} = {rpn(e)}")
    except (ValueError, IndexError, ZeroDivisionError) as ex:
        print(f"{e!r:22} ! {type(ex).__name__}: {ex}")
