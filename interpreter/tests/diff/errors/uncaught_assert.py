def check(v):
    assert v < 10, f"value too large: {v}"
    return v
print(check(5))
print(check(50))
