# uasyncio: MicroPython's old name of asyncio, the same module (as MicroPython aliases it), so
# it costs no second copy of asyncio's names.
import sys
import asyncio

sys.modules["uasyncio"] = asyncio
