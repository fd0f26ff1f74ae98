class Thing:
    pass
t = Thing()
t.ok = 1
print(t.ok)
print(t.missing)
