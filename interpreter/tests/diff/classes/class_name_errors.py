class A:
    def method(self):
        return 1
a = A()
try:
    a.nope
except AttributeError as e:
    print("AttributeError:", e)
try:
    A.nope
except AttributeError as e:
    print("AttributeError:", e)
try:
    A.method()
except TypeError as e:
    print("TypeError:", e)
try:
    a.method(1)
except TypeError as e:
    print("TypeError:", e)
try:
    A(1)
except TypeError as e:
    print("TypeError:", e)
try:
    (5).nope
except AttributeError as e:
    print("AttributeError:", e)
try:
    None.x
except AttributeError as e:
    print("AttributeError:", e)
try:
    "s".x = 1
except AttributeError as e:
    print("AttributeError:", e)
