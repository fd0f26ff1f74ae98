class OnlyIter:
    def __iter__(self):
        print("iter called")
        return iter([1, 2, 3])
print(2 in OnlyIter())
print(5 in OnlyIter())
class Cont:
    def __contains__(self, x):
        return x % 2 == 0
print(4 in Cont(), 3 in Cont(), 3 not in Cont())
class Truthy:
    def __contains__(self, x):
        return "non-bool"
print(1 in Truthy())
try:
    1 in 5
except TypeError as e:
    print("TypeError:", e)
