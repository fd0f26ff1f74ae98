for i in range(500):
    print("line", i, "x" * (i % 50))
raise MemoryError("pretend") if False else IndexError("after 500 lines")
