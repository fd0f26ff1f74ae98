def queens(n):
    sols = []
    cols, d1, d2 = set(), set(), set()
    board = []
    def place(r):
        if r == n:
            sols.append(tuple(board))
            return
        for c in range(n):
            if c in cols or r - c in d1 or r + c in d2:
                continue
            cols.add(c); d1.add(r - c); d2.add(r + c); board.append(c)
            place(r + 1)
            cols.remove(c); d1.remove(r - c); d2.remove(r + c); board.pop()
    place(0)
    return sols
for n in range(1, 9):
    print(n, len(queens(n)))
print(queens(6))
print("\n".join("".join("Q" if c == q else "." for c in range(8)) for q in queens(8)[0]))
PUZZLE = "530070000600195000098000060800060003400803001700020006060000280000419005000080079"
def solve(grid):
    try:
        i = grid.index(0)
    except ValueError:
        return True
    r, c = divmod(i, 9)
    used = {grid[r * 9 + k] for k in range(9)} | {grid[k * 9 + c] for k in range(9)}
    br, bc = r // 3 * 3, c // 3 * 3
    used |= {grid[(br + a) * 9 + bc + b] for a in range(3) for b in range(3)}
    for v in range(1, 10):
        if v not in used:
            grid[i] = v
            if solve(grid):
                return True
    grid[i] = 0
    return False
g = [int(ch) for ch in PUZZLE]
print(solve(g))
for r in range(9):
    print(" ".join(map(str, g[r * 9:r * 9 + 9])))
