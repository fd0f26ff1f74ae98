# The complex class lives as long as the interpreter: a collection before the first complex value
# is made must not free it (it was missing from the GC roots; in a program that never names the
# class, a later complex showed as a '?' object with no methods).
import gc

gc.collect()
z = (1 + 2j).__add__(1.5)
print(z, type(z).__name__)
print((2j).conjugate(), abs(3 + 4j), (1 - 1j) * 1j, (1j).real)
