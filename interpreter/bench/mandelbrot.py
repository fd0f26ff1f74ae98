# Mandelbrot set membership on a grid: tight float arithmetic loops, no allocation.
SIZE = 500
MAX_ITER = 50

def mandel(size, max_iter):
    inside = 0
    rows = []
    for py in range(size):
        ci = 2.0 * py / size - 1.0
        row_bits = 0
        for px in range(size):
            cr = 2.5 * px / size - 2.0
            zr = zi = 0.0
            i = 0
            while i < max_iter and zr * zr + zi * zi <= 4.0:
                zr, zi = zr * zr - zi * zi + cr, 2.0 * zr * zi + ci
                i += 1
            if i == max_iter:
                inside += 1
                row_bits ^= px * 2654435761 & 0xFFFF
        rows.append(row_bits)
    return inside, sum(rows) % 65521

print("mandelbrot", mandel(SIZE, MAX_ITER))
