# A matrix class: matmul, power, transpose, determinant, formatting.


class Matrix:
    def __init__(self, rows):
        self.rows = [list(r) for r in rows]
        if len({len(r) for r in self.rows}) > 1:
            raise ValueError("ragged matrix")

    @classmethod
    def identity(cls, n):
        return cls([[1 if i == j else 0 for j in range(n)] for i in range(n)])

    @property
    def shape(self):
        return len(self.rows), len(self.rows[0]) if self.rows else 0

    def __matmul__(self, o):
        if self.shape[1] != o.shape[0]:
            raise ValueError(f"shape mismatch {self.shape} @ {o.shape}")
        cols = list(zip(*o.rows))
        return Matrix([[sum(a * b for a, b in zip(r, c)) for c in cols] for r in self.rows])

    def __mul__(self, k):
        return Matrix([[v * k for v in r] for r in self.rows])

    def __pow__(self, n):
        result = Matrix.identity(self.shape[0])
        for _ in range(n):
            result = result @ self
        return result

    def transpose(self):
        return Matrix(zip(*self.rows))

    def det(self):
        n = self.shape[0]
        if n == 1:
            return self.rows[0][0]
        if n == 2:
            (a, b), (c, d) = self.rows
            return a * d - b * c
        return sum((-1) ** j * self.rows[0][j] * Matrix([r[:j] + r[j + 1:] for r in self.rows[1:]]).det() for j in range(n))

    def __eq__(self, o):
        return self.rows == o.rows

    def __str__(self):
        w = max(len(f"{v:g}") for r in self.rows for v in r)
        return "\n".join("[" + " ".join(f"{v:>{w}g}" for v in r) + "]" for r in self.rows)

    def __repr__(self):
        return f"Matrix({self.rows})"


m = Matrix([[1, 2], [3, 4]])
print(m @ m, m.det(), m.shape, sep="\n")
print(repr(m.transpose()), m ** 2 == m @ m)
print(Matrix.identity(3) @ Matrix([[7], [8], [9]]))
print(Matrix([[2, 0, 1], [1, 3, 2], [1, 1, 1]]).det(), (m * 0.5))
try:
    Matrix([[1, 2], [3]])
except ValueError as e:
    print("ValueError", e)
try:
    m @ Matrix([[1, 2, 3]])
except ValueError as e:
    print("ValueError", e)
print(Matrix([[0.5, 1e-3], [2, 3]]))
