# typing (host-only stdlib): subscripted aliases and their reprs, TypeVar, Generic, Protocol,
# cast, overload, get_origin/get_args, functional NamedTuple.
from typing import (Any, Optional, Union, List, Dict, Tuple, Set, FrozenSet, Callable,
                    Iterable, Iterator, Generator, Sequence, Mapping, Type, TypeVar, Generic,
                    Protocol, cast, overload, TYPE_CHECKING, Final, ClassVar, Literal,
                    NamedTuple, get_origin, get_args, Deque, DefaultDict)
import typing

print(TYPE_CHECKING)
for t in (Any, Optional, Union, List, Dict, Tuple, Callable, Iterable, Literal):
    print(repr(t))
print(List[int], Dict[str, int], Set[str], FrozenSet[int], Type[int])
print(Tuple[int, ...], Tuple[int, str, float])
print(Optional[int], Union[int, str], Union[int, None], Union[int, str, None])
print(Union[int], Union[int, int, str], Union[Union[int, str], float])
print(Callable[[int], str], Callable[..., int], Callable[[int, str], None], Callable[[], int])
print(Iterable[int], Iterator[str], Generator[int, None, None], Sequence[float])
print(Mapping[str, List[int]], Dict[str, Optional[List[int]]])
print(Literal["a", "b"], Literal[1], Final[int], ClassVar[Dict[str, int]])
print(List[int] == List[int], List[int] == List[str], Optional[int] == Union[int, None])
print(get_origin(List[int]), get_args(Dict[str, int]), get_origin(Optional[int]) is Union)
print(get_args(Callable[[int], str]), get_origin(int), get_args(int))
print(typing.List[int])

T = TypeVar("T")
K = TypeVar("K", covariant=True)
N = TypeVar("N", int, float)
print(T, K, N, T.__name__, List[T], Dict[str, T])


class Stack(Generic[T]):
    def __init__(self) -> None:
        self.items: List[T] = []

    def push(self, item: T) -> None:
        self.items.append(item)

    def pop(self) -> T:
        return self.items.pop()


s = Stack[int]()
s.push(1)
s.push(2)
print(s.pop(), isinstance(s, Stack), isinstance(s, Generic))
s2 = Stack()
s2.push("x")
print(s2.items)


class Pair(Generic[K, T]):
    def __init__(self, a, b):
        self.a, self.b = a, b


print(Pair(1, "x").b)


class Closeable(Protocol):
    def close(self) -> None:
        ...


class File:
    def close(self) -> None:
        print("closed")


def shut(x: Closeable) -> None:
    x.close()


shut(File())


def first(xs: Sequence[T]) -> Optional[T]:
    return xs[0] if xs else None


print(first([3, 4]), first([]))
print(cast(int, "not really"), cast(List[int], [1]))


@overload
def double(x: int) -> int: ...
@overload
def double(x: str) -> str: ...
def double(x):
    return x * 2


print(double(2), double("ab"))


def annotated(a: int, b: Dict[str, int] = None) -> List[str]:
    return [str(a)]


print(annotated(5), annotated.__annotations__["a"], annotated.__annotations__["return"])

Point = NamedTuple("Point", [("x", int), ("y", int)])
p = Point(1, 2)
print(p, p.x + p.y, p._fields)

Vector = List[float]


def scale(k: float, v: Vector) -> Vector:
    return [k * x for x in v]


print(scale(2.0, [1.0, 2.5]))
try:
    List[int]()
except TypeError as e:
    print("TypeError", e)
try:
    Any()
except TypeError as e:
    print("TypeError", e)
print(Deque[int], DefaultDict[str, int])
