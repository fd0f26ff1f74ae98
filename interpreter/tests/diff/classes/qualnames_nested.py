# __qualname__ of functions, classes and lambdas at every nesting (made when asked for).
class A:
    def f(self):
        def g():
            return [lambda: 0 for _ in "1"][0]
        return g
    class B:
        def h(self):
            return (lambda: 1)
    lam = lambda self: 2
def outer():
    class C:
        def m(self):
            return 3
    return C, [(lambda: 4) for _ in "1"][0], list((lambda: 5) for _ in "1")[0]
print(A.__qualname__, A.f.__qualname__, A().f().__qualname__, A().f()().__qualname__)
print(A.B.__qualname__, A.B.h.__qualname__, A.B().h().__qualname__, A.lam.__qualname__)
C, l1, l2 = outer()
print(C.__qualname__, C.m.__qualname__, l1.__qualname__, l2.__qualname__, outer.__qualname__)
print(A.f.__code__.co_qualname, A.f.__code__.co_name, (lambda: 0).__qualname__)
try:
    A.B().h(1)
except TypeError as e:
    print(e)
try:
    C().m(x=1)
except TypeError as e:
    print(e)
