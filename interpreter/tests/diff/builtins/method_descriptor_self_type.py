# A builtin method called through its class checks what it is given as self, as CPython's
# method descriptors do (a mistake that is easy to make with unbound method references).
def attempt(label, f):
    try:
        print(label, "->", f())
    except TypeError as e:
        print(label, "->", type(e).__name__, e)


attempt("list.append tuple", lambda: list.append((1, 2), 3))
attempt("list.extend str", lambda: list.extend("ab", [1]))
attempt("list.pop dict", lambda: list.pop({1: 2}))
attempt("list.insert tuple", lambda: list.insert((), 0, 1))
attempt("list.remove set", lambda: list.remove({1}, 1))
attempt("list.reverse str", lambda: list.reverse("abc"))
attempt("list.copy tuple", lambda: list.copy((1,)))
attempt("dict.get list", lambda: dict.get([], 1))
attempt("dict.pop list", lambda: dict.pop([1], 0))
attempt("dict.popitem tuple", lambda: dict.popitem(()))
attempt("dict.setdefault int", lambda: dict.setdefault(5, "k"))
attempt("dict.update list", lambda: dict.update([], {}))
attempt("dict.copy list", lambda: dict.copy([1]))

# The right types still work, also for subclasses and through a stored reference.
class Stack(list):
    pass


class Config(dict):
    pass


s = Stack()
push = list.append
push(s, 1)
push(s, 2)
print(s, list.pop(s), s)
c = Config(a=1)
print(dict.get(c, "a"), dict.setdefault(c, "b", 2), sorted(c.items()))
items = []
for x in range(3):
    list.append(items, x * x)
print(items, list.copy(items), dict.copy({"k": items}))
apply_all = [list.reverse, list.copy]
print([f(items) for f in apply_all], items)
