import math
from functools import total_ordering

class MatrixError(ValueError):
    pass

class Matrix:
    __slots__ = ("rows", "n", "m")

    def __init__(self, rows):
        rows = [list(r) for r in rows]
        if not rows or any(len(r) != len(rows[0]) for r in rows):
            raise MatrixError("ragged or empty matrix")
        self.rows, self.n, self.m = rows, len(rows), len(rows[0])

    @classmethod
    def identity(cls, n):
        return cls([[int(i == j) for j in range(n)] for i in range(n)])

    @classmethod
    def zeros(cls, n, m=None):
        return cls([[0] * (m or n) for _ in range(n)])

    def __repr__(self):
        return f"Matrix({self.rows})"

    def __str__(self):
        w = max(len(f"{x:g}") for r in self.rows for x in r)
        return "\n".join("[" + " ".join(f"{x:>{w}g}" for x in r) + "]" for r in self.rows)

    def __getitem__(self, ij):
        i, j = ij
        return self.rows[i][j]

    def __setitem__(self, ij, v):
        i, j = ij
        self.rows[i][j] = v

    def __eq__(self, other):
        return isinstance(other, Matrix) and self.rows == other.rows

    def __add__(self, other):
        if isinstance(other, Matrix):
            if (self.n, self.m) != (other.n, other.m):
                raise MatrixError(f"shape mismatch {self.shape} vs {other.shape}")
            return Matrix([[a + b for a, b in zip(r, s)] for r, s in zip(self.rows, other.rows)])
        return Matrix([[a + other for a in r] for r in self.rows])

    __radd__ = __add__

    def __neg__(self):
        return self * -1

    def __sub__(self, other):
        return self + (-other)

    def __mul__(self, k):
        return Matrix([[a * k for a in r] for r in self.rows])

    __rmul__ = __mul__

    def __matmul__(self, other):
        if self.m != other.n:
            raise MatrixError(f"cannot multiply {self.shape} by {other.shape}")
        cols = list(zip(*other.rows))
        return Matrix([[sum(a * b for a, b in zip(r, c)) for c in cols] for r in self.rows])

    def __pow__(self, k):
        result = Matrix.identity(self.n)
        base = self
        while k:
            if k & 1:
                result = result @ base
            base = base @ base
            k >>= 1
        return result

    @property
    def shape(self):
        return (self.n, self.m)

    @property
    def T(self):
        return Matrix(zip(*self.rows))

    def det(self):
        if self.n != self.m:
            raise MatrixError("det of non-square")
        from fractions import Fraction
        a = [[Fraction(x) for x in r] for r in self.rows]
        d = Fraction(1)
        for c in range(self.n):
            p = next((r for r in range(c, self.n) if a[r][c] != 0), None)
            if p is None:
                return 0
            if p != c:
                a[c], a[p] = a[p], a[c]
                d = -d
            d *= a[c][c]
            for r in range(c + 1, self.n):
                f = a[r][c] / a[c][c]
                a[r] = [x - f * y for x, y in zip(a[r], a[c])]
        return d

    def __iter__(self):
        for r in self.rows:
            yield from r

    def __bool__(self):
        return any(self)

A = Matrix([[1, 2], [3, 4]])
B = Matrix([[0, 1], [1, 0]])
print(A)
print(repr(A + B), repr(A - 1), repr(2 * A), repr(A @ B), A.T, sep="\n")
print((A ** 5).rows, A.det(), Matrix([[2, 0, 1], [1, 3, 2], [1, 1, 1]]).det())
fib = Matrix([[1, 1], [1, 0]]) ** 30
print(fib[0, 1], fib.shape, bool(Matrix.zeros(2)), sum(A), max(A), list(A.T))
M = Matrix([[0.5, 1.25], [math.pi, -2]])
print(M)
try:
    A @ Matrix([[1, 2, 3]])
except MatrixError as e:
    print("MatrixError:", e)
try:
    Matrix([[1], [2, 3]])
except ValueError as e:
    print(type(e).__name__, e)
try:
    A.x = 1
except AttributeError as e:
    print("AttributeError:", e)
A[0, 0] = 10
print(A == Matrix([[10, 2], [3, 4]]), A != B, A.rows[0])
print(Matrix.identity(3))
