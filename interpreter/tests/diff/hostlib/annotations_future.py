"""PEP 563: with the future import, annotations are kept as strings (never evaluated)."""
from __future__ import annotations


class Node:
    value: int
    next: Node | None = None
    children: list[Node]
    table: Dict[ str , List[int]]
    opt: Optional['Node']
    cb: Callable[[int, str], bool]
    lit: Literal[-1, 'a', b'x', None, ...]
    nested: a.b.c[1:2, ::3]
    call: Annotated[int, Field(gt=0, *args, **kw)]
    ops: (a + b) * c ** -d
    tup: Tuple[()]
    one: Tuple[int,]
    par: (int, str)

    def link(self, other: Node, *rest: Node, flag: bool = False) -> Node:
        return other


print(Node.__annotations__)
print(Node.link.__annotations__)


def free(a: undefined, b: 1 + 2) -> also_undefined:
    pass


print(free.__annotations__)
top: Forward[int] = 3
print(top, __annotations__)

# dataclasses reads the strings: ClassVar and InitVar by name, forward references untouched.
from dataclasses import dataclass, field, fields, InitVar
from typing import ClassVar


@dataclass
class Tree:
    label: str
    kids: list[Tree] = field(default_factory=list)
    count: ClassVar[int] = 0
    seed: InitVar[int] = 0

    def __post_init__(self, seed):
        self.label = self.label * (seed or 1)


t = Tree('a', [Tree('b', seed=2)])
print(t, [(f.name, f.type) for f in fields(Tree)], Tree.__doc__)
