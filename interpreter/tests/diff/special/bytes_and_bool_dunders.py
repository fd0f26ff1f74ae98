class B:
    def __bytes__(self):
        return b"custom"
print(bytes(B()))
class Z:
    def __bool__(self):
        print("bool called")
        return False
    def __len__(self):
        print("len called")
        return 5
print(bool(Z()))
if not Z():
    print("falsy via __bool__")
class H:
    def __hash__(self):
        return 12345
print(hash(H()))
class HugeHash:
    def __hash__(self):
        return 2 ** 100
print(hash(HugeHash()) == hash(2 ** 100))
