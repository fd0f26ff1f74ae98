class A:
    def __eq__(self, o):
        print("A.__eq__")
        return True
class B:
    pass
print(A() == B(), B() == A())
print(A() != B())
class C:
    def __ne__(self, o):
        return "custom ne"
print(C() != 1, C() == C())
print([A()] == [B()])
print(A() in [1, 2])
