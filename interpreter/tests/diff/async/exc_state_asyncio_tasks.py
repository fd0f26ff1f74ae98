# asyncio tasks switching inside their `except` blocks: each sees its own handled exception.
import asyncio
import sys


def current():
    e = sys.exc_info()[1]
    return None if e is None else repr(e)


# The same with asyncio tasks switching inside their handlers.
import asyncio


async def task(name):
    try:
        raise ValueError(name)
    except ValueError:
        await asyncio.sleep(0)
        seen = current()
        await asyncio.sleep(0)
        try:
            raise TypeError(name)
        except TypeError as e:
            return name, seen, repr(e.__context__)


async def main():
    results = await asyncio.gather(task("x"), task("y"), task("z"))
    return results, current()


print(asyncio.run(main()))
