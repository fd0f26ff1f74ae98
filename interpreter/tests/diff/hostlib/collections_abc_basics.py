from collections.abc import (Iterable, Iterator, Sequence, MutableSequence, Mapping,
    MutableMapping, Set, MutableSet, Hashable, Sized, Container, Callable, Generator,
    Collection, Reversible, KeysView, ItemsView, ValuesView, ByteString, Awaitable, Coroutine,
    AsyncIterable, AsyncIterator)
import collections.abc
import collections
samples = [[1], (1,), "s", b"b", bytearray(b"x"), {1: 2}, {1}, frozenset(), range(3),
           iter([]), (x for x in []), 42, 1.5, None, len, lambda: 0, {}.values()]
abcs = [Iterable, Iterator, Sequence, MutableSequence, Mapping, MutableMapping, Set,
        MutableSet, Hashable, Sized, Container, Callable, Generator, Collection, Reversible,
        ByteString]
for s in samples:
    print(type(s).__name__, "".join("1" if isinstance(s, a) else "." for a in abcs))
print(issubclass(list, Sequence), issubclass(dict, Mapping), issubclass(int, Iterable), issubclass(str, Hashable))

class Deck(Sequence):
    def __init__(self, cards):
        self._cards = list(cards)
    def __len__(self):
        return len(self._cards)
    def __getitem__(self, i):
        return self._cards[i]
d = Deck("AKQJ")
print(len(d), d[0], list(d), "Q" in d, d.index("Q"), d.count("K"), list(reversed(d)), isinstance(d, Iterable))

class Registry(MutableMapping):
    def __init__(self):
        self._d = {}
    def __getitem__(self, k):
        return self._d[k.lower()]
    def __setitem__(self, k, v):
        self._d[k.lower()] = v
    def __delitem__(self, k):
        del self._d[k.lower()]
    def __iter__(self):
        return iter(self._d)
    def __len__(self):
        return len(self._d)
r = Registry()
r["A"] = 1
r.update(B=2, c=3)
print(dict(r), "a" in r, r.get("x", 0), r.pop("b"), r.setdefault("d", 4), sorted(r.keys()), sorted(r.items()), sorted(r.values()))
print(r == {"a": 1, "c": 3, "d": 4}, isinstance(r, Mapping), len(r))

class Bits(MutableSet):
    def __init__(self, it=()):
        self._s = set(it)
    def __contains__(self, x):
        return x in self._s
    def __iter__(self):
        return iter(sorted(self._s))
    def __len__(self):
        return len(self._s)
    def add(self, x):
        self._s.add(x)
    def discard(self, x):
        self._s.discard(x)
b = Bits([1, 2, 3])
print(list(b | Bits([4])), list(b & Bits([2, 9])), list(b - Bits([1])), list(b ^ Bits([3, 5])), b <= Bits([1, 2, 3, 4]), b == Bits([3, 2, 1]))
b |= [7]
b.remove(1)
print(list(b), b.isdisjoint([10]))
try:
    Deck2 = type("Deck2", (Sequence,), {})
    Deck2()
except TypeError as e:
    print(e)

class It:
    def __iter__(self):
        return self
    def __next__(self):
        raise StopIteration
print(isinstance(It(), Iterator), isinstance(It(), Iterable), issubclass(It, Sized))
class NoHash:
    __hash__ = None
print(isinstance(NoHash(), Hashable), isinstance(object(), Hashable))
print(collections.abc.Mapping is Mapping, hasattr(collections, "abc"))
class Seq(collections.abc.MutableSequence):
    def __init__(self): self.l = []
    def __getitem__(self, i): return self.l[i]
    def __setitem__(self, i, v): self.l[i] = v
    def __delitem__(self, i): del self.l[i]
    def __len__(self): return len(self.l)
    def insert(self, i, v): self.l.insert(i, v)
s = Seq()
s.extend([3, 1, 2]); s.append(5); s.reverse(); s += [0]
print(s.l, s.pop(), s.pop(0), s.l)
MutableSequence.register(Seq)
