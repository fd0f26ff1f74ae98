# The awaitables of an async generator's asend()/athrow()/aclose() have CPython's class
# names, and each can be awaited once.
async def counter():
    try:
        for i in range(3):
            yield i
    except ValueError:
        yield "caught ValueError"


def run(aw):
    try:
        while True:
            aw.send(None)
    except StopIteration as e:
        return e.value


g = counter()
send = g.asend(None)
throw = g.athrow(ValueError)
close = g.aclose()
print(type(send).__name__, type(throw).__name__, type(close).__name__)
print(run(send), type(send).__name__)
print(run(throw), type(throw).__name__)
for aw in (send, throw):
    try:
        run(aw)
    except RuntimeError as e:
        print("RuntimeError", e)
print(run(close), type(close).__name__)
try:
    run(close)
except RuntimeError as e:
    print("RuntimeError", e)
print(type(counter().athrow(KeyError)) is type(counter().aclose()))
print(type(counter().asend(None)) is type(counter().athrow(KeyError)))
