def outer(n):
    def helper(k):
        return k * 2 if k < 5 else fallback(k)
    def fallback(k):
        return -k
    return [helper(i) for i in range(n)]
print(outer(8))
def gen_funcs():
    def a():
        return "a" + b()
    def b():
        return "b"
    return a
print(gen_funcs()())
def memo(f):
    cache = {}
    def w(n):
        if n not in cache:
            cache[n] = f(n)
        return cache[n]
    return w
@memo
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)
print(fib(90))
