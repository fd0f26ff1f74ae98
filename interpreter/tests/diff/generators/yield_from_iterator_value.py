# `yield from` and `await` over an object with its own __next__: the value of the StopIteration
# it raises is the result; send(None) calls __next__, other values call send().


class Counter:
    def __init__(self, n, result):
        self.i = 0
        self.n = n
        self.result = result

    def __iter__(self):
        return self

    def __next__(self):
        self.i += 1
        if self.i <= self.n:
            return self.i
        raise StopIteration(self.result)


def delegate(it):
    r = yield from it
    print("delegate got", r)
    return r


print(list(delegate(Counter(3, "three"))))
print(list(delegate(Counter(0, [1, 2]))))


class NoValue(Counter):
    def __next__(self):
        self.i += 1
        if self.i <= self.n:
            return self.i
        raise StopIteration


print(list(delegate(NoValue(2, None))))


class Echo:
    # An iterator that also takes send(): what a coroutine-like object looks like.
    def __init__(self):
        self.seen = []

    def __iter__(self):
        return self

    def __next__(self):
        if len(self.seen) >= 3:
            raise StopIteration(tuple(self.seen))
        self.seen.append(None)
        return len(self.seen)

    def send(self, v):
        if v == "stop":
            raise StopIteration("stopped after %d" % len(self.seen))
        self.seen.append(v)
        return len(self.seen)


g = delegate(Echo())
print(next(g), g.send("a"), g.send("b"))
try:
    g.send("stop")
except StopIteration as e:
    print("StopIteration", e.value)


class Plain:
    # No send(): sending a value other than None is an AttributeError.
    def __iter__(self):
        return self

    def __next__(self):
        return 1


g = delegate(Plain())
print(next(g), next(g))
try:
    g.send(5)
except AttributeError as e:
    print("AttributeError", e)


class Ready:
    def __init__(self, v):
        self.v = v

    def __await__(self):
        return Counter(1, self.v)


async def main():
    a = await Ready("x")
    b = await Ready(42)
    return a, b


co = main()
steps = []
try:
    while True:
        steps.append(co.send(None))
except StopIteration as e:
    print("steps", steps, "result", e.value)
