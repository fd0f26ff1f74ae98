# operator (host-only stdlib): operators as functions, itemgetter/attrgetter/methodcaller,
# in-place forms.
import operator
from operator import itemgetter, attrgetter, methodcaller
from functools import reduce

print(operator.add(2, 3), operator.sub(2, 3), operator.mul(4, 5), operator.truediv(7, 2))
print(operator.floordiv(7, 2), operator.mod(7, 3), operator.pow(2, 10), operator.neg(5))
print(operator.pos(-5), operator.abs(-3.5), operator.eq(1, 1), operator.ne(1, 2))
print(operator.lt(1, 2), operator.le(2, 2), operator.gt(1, 2), operator.ge(3, 2))
print(operator.not_(0), operator.truth([]), operator.truth([0]), operator.is_(None, None))
print(operator.and_(12, 10), operator.or_(12, 10), operator.xor(12, 10), operator.invert(5))
print(operator.lshift(1, 4), operator.rshift(256, 3), operator.inv(0))
print(operator.concat([1], [2]), operator.concat("ab", "cd"), operator.contains([1, 2], 2))
print(operator.index(7), operator.countOf([1, 2, 1], 1), operator.indexOf("abc", "c"))
d = {"a": 1}
operator.setitem(d, "b", 2)
print(operator.getitem(d, "b"), d)
operator.delitem(d, "a")
print(d)
print(reduce(operator.mul, range(1, 6)), reduce(operator.add, ["x", "y", "z"]))
print(list(map(operator.mul, [1, 2, 3], [4, 5, 6])))

pairs = [("b", 2), ("a", 3), ("c", 1)]
print(sorted(pairs, key=itemgetter(1)), sorted(pairs, key=itemgetter(0)))
print(itemgetter(0, 2)("abcd"), itemgetter("k")({"k": 9}), itemgetter(slice(1, 3))([0, 1, 2, 3]))
print(repr(itemgetter(1)), repr(itemgetter(0, "x")))


class Dept:
    def __init__(self, name):
        self.name = name


class Person:
    def __init__(self, name, age, dept):
        self.name, self.age, self.dept = name, age, Dept(dept)


people = [Person("ann", 31, "ops"), Person("bob", 25, "dev"), Person("cy", 40, "dev")]
print([p.name for p in sorted(people, key=attrgetter("age"))])
print(attrgetter("dept.name")(people[0]), attrgetter("name", "age")(people[1]))
print([attrgetter("name", "dept.name")(p) for p in people])
print(repr(attrgetter("a.b", "c")))
print(methodcaller("upper")("abc"), methodcaller("split", ",")("a,b,c"))
print(methodcaller("replace", "a", "o", 1)("banana"), repr(methodcaller("split", ",", maxsplit=1)))
print(methodcaller("split", maxsplit=1)("a b c"))

x = [1]
y = operator.iadd(x, [2])
print(x, y, x is y, operator.iadd(1, 2), operator.isub(5, 1), operator.imul("ab", 2))
print(operator.itruediv(1, 4), operator.ifloordiv(9, 2), operator.imod(9, 4), operator.ipow(3, 3))
print(operator.iand(6, 3), operator.ior(6, 3), operator.ixor(6, 3), operator.ilshift(1, 3))
print(operator.irshift(64, 2), operator.iconcat([1], (2,)))
try:
    operator.concat(1, 2)
except TypeError as e:
    print("TypeError", e)
try:
    attrgetter(1)
except TypeError as e:
    print("TypeError", e)
try:
    operator.indexOf([1], 2)
except ValueError as e:
    print("ValueError", e)
print(operator.__add__(1, 1), operator.length_hint([1, 2, 3]), operator.length_hint(object(), 5))
