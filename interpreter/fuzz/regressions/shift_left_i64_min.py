x = -(2**63)
print(x << 1)
