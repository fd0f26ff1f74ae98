# Garbage made by generators that builtins (sum, max, min, list, sorted) drive from Rust.
# tests/gc_nested.rs runs this with a 400 KiB heap: it passes only when the GC collects
# inside those nested loops.
def chunks(n, size):
    for i in range(n):
        yield [i] * size

def tagged(n):
    for i in range(n):
        yield {"i": i, "s": str(i) * 3}["i"]

print(sum(len(c) for c in chunks(30000, 20)))
print(sum(tagged(30000)))
print(max(len(c) for c in chunks(4000, 100)))
print(min(c[-1] for c in chunks(4000, 100)))
print(len(list(c[0] for c in chunks(4000, 100) if c[0] % 50 == 0)))
print(sorted(c[0] % 7 for c in chunks(4000, 100) if c[0] % 50 == 0)[-3:])
