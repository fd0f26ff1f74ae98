class A: pass
class B(A): pass
class C: pass
b = B()
print(isinstance(b, A), isinstance(b, B), isinstance(b, C), isinstance(b, (C, A)), isinstance(b, object))
print(issubclass(B, A), issubclass(A, B), issubclass(B, (C, A)), issubclass(A, A), issubclass(bool, (int, str)))
print(isinstance(3, int), isinstance(3.0, int), isinstance("s", str), isinstance(None, type(None)), isinstance(int, type))
print(isinstance([], list), isinstance((), list), isinstance({}, dict), isinstance(set(), (set, frozenset)))
print(isinstance(b, (int, (str, (A,)))))
try:
    issubclass(b, A)
except TypeError as e:
    print("TypeError:", e)
