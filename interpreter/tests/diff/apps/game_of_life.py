def step(live, w, h):
    counts = {}
    for (x, y) in live:
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                if dx or dy:
                    p = ((x + dx) % w, (y + dy) % h)
                    counts[p] = counts.get(p, 0) + 1
    return {p for p, c in counts.items() if c == 3 or (c == 2 and p in live)}
def show(live, w, h):
    return "\n".join("".join("#" if (x, y) in live else "." for x in range(w)) for y in range(h))
glider = {(1, 0), (2, 1), (0, 2), (1, 2), (2, 2)}
w, h = 8, 6
g = glider
for gen in range(5):
    print(f"gen {gen}:")
    print(show(g, w, h))
    g = step(g, w, h)
blinker = {(1, 0), (1, 1), (1, 2)}
print(step(step(blinker, 5, 5), 5, 5) == blinker, sorted(step(blinker, 5, 5)))
g = glider
for _ in range(4 * w):
    g = step(g, w, h)
print("glider after", 4 * w, "steps:", sorted(g))
