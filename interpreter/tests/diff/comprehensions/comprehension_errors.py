try:
    [1 / x for x in [1, 0]]
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e)
try:
    {x: undefined_thing for x in [1]}
except NameError as e:
    print("NameError:", e)
try:
    [x for x in None]
except TypeError as e:
    print("TypeError:", e)
print([x for x in []], {x for x in ()}, {k: k for k in ""})
