# asyncio: MicroPython's API, scheduled the way CPython 3.11 schedules (futures, call_soon,
# call_later), so programs print in the same order on both.
#
# Coroutines are driven with send()/throw(). A task that awaits something yields a Future; the
# task resumes from the Future's done callback. When nothing is ready, the loop calls
# time.sleep() until the next timer: the resumable VM then returns Sleeping to the embedder
# instead of spinning, so an asyncio program shares its thread with the embedder's own work.

import sys
import time

# Synchronisation classes are built at first use (PEP 562 `__getattr__`), so a program that
# only runs tasks does not pay the heap for Lock, Queue and friends.
__all__ = ["run", "create_task", "sleep", "sleep_ms", "gather", "wait_for", "wait_for_ms",
           "Event", "ThreadSafeFlag", "Lock", "Queue", "QueueEmpty", "QueueFull",
           "CancelledError", "TimeoutError", "InvalidStateError", "Future", "Task",
           "get_event_loop", "new_event_loop", "get_running_loop", "set_event_loop",
           "current_task", "all_tasks", "ensure_future", "iscoroutine", "isfuture",
           "AbstractEventLoop", "EventLoop", "Loop", "Handle", "TimerHandle"]


def __getattr__(name):
    make = globals().get("_make_" + name)
    if make is None:
        raise AttributeError("module 'asyncio' has no attribute %r" % name)
    make()
    # The maker ran once: drop it (and its aliases), so its code can be collected.
    g = globals()
    for k in [k for k in g if g[k] is make]:
        del g[k]
    return g[name]

_monotonic = time.monotonic


def _now_ms():
    # Timers run on whole milliseconds (the host clock's unit): no float drift in deadlines.
    return int(_monotonic() * 1000 + 0.5)


class CancelledError(BaseException):
    pass


class InvalidStateError(Exception):
    pass


TimeoutError = TimeoutError

_PENDING = 0
_CANCELLED = 1
_FINISHED = 2


def _coro_type_name(c):
    return type(c).__name__


def iscoroutine(obj):
    return _coro_type_name(obj) == "coroutine"


class Handle:
    # A callback scheduled with call_soon/call_later.

    _cancelled = False

    def __init__(self, callback, args, loop, when=None):
        self._callback = callback
        self._args = args
        self._loop = loop
        self._when = when

    def cancel(self):
        self._cancelled = True

    def cancelled(self):
        return self._cancelled

    def when(self):
        return self._when

    def _run(self):
        self._callback(*self._args)


TimerHandle = Handle


class Future:
    # The result of an operation that completes later. Attributes that most futures never
    # change are class attributes until set: an instance dict of 3 entries instead of 7 (on a
    # device every entry of every live future and task is 40 bytes of a 64 KiB heap).

    _blocking = False
    _result = None
    _exception = None
    _cancel_message = None
    _cancel_requested = False

    def __init__(self, *, loop=None):
        self._loop = loop if loop is not None else get_event_loop()
        self._state = _PENDING
        self._callbacks = []

    def __repr__(self):
        st = ("pending", "cancelled", "finished")[self._state]
        return "<%s %s>" % (type(self).__name__, st)

    def get_loop(self):
        return self._loop

    def cancel(self, msg=None):
        if self._state != _PENDING:
            return False
        self._state = _CANCELLED
        self._cancel_message = msg
        self._schedule_callbacks()
        return True

    def _schedule_callbacks(self):
        cbs = self._callbacks
        self._callbacks = []
        for cb in cbs:
            self._loop.call_soon(cb, self)

    def cancelled(self):
        return self._state == _CANCELLED

    def done(self):
        return self._state != _PENDING

    def _make_cancelled_error(self):
        if self._cancel_message is None:
            return CancelledError()
        return CancelledError(self._cancel_message)

    def result(self):
        if self._state == _CANCELLED:
            raise self._make_cancelled_error()
        if self._state != _FINISHED:
            raise InvalidStateError("Result is not ready.")
        if self._exception is not None:
            raise self._exception
        return self._result

    def exception(self):
        if self._state == _CANCELLED:
            raise self._make_cancelled_error()
        if self._state != _FINISHED:
            raise InvalidStateError("Exception is not set.")
        return self._exception

    def add_done_callback(self, fn, *, context=None):
        if self._state != _PENDING:
            self._loop.call_soon(fn, self)
        else:
            self._callbacks.append(fn)

    def remove_done_callback(self, fn):
        kept = [f for f in self._callbacks if f is not fn]
        n = len(self._callbacks) - len(kept)
        self._callbacks = kept
        return n

    def set_result(self, result):
        if self._state != _PENDING:
            raise InvalidStateError("invalid state")
        self._result = result
        self._state = _FINISHED
        self._schedule_callbacks()

    def set_exception(self, exception):
        if self._state != _PENDING:
            raise InvalidStateError("invalid state")
        if isinstance(exception, type):
            exception = exception()
        if type(exception) is StopIteration:
            raise TypeError("StopIteration interacts badly with generators "
                            "and cannot be raised into a Future")
        self._exception = exception
        self._state = _FINISHED
        self._schedule_callbacks()

    # `await fut` iterates the future itself rather than a generator made per await (a
    # generator and its frame are ~300 bytes of heap per waiting task): the first step yields
    # the pending future to the task, which resumes only once it is done.
    def __await__(self):
        return self

    __iter__ = __await__

    def __next__(self):
        if self._state == _PENDING:
            # A task takes the yielded future (clearing `_blocking`) and resumes once it is
            # done; asked again while still pending, nothing is driving it.
            if self._blocking:
                raise RuntimeError("await wasn't used with future")
            self._blocking = True
            return self
        raise StopIteration(self.result())


def isfuture(obj):
    return isinstance(obj, Future)


_task_counter = 0


class Task(Future):
    # A coroutine scheduled on the loop (defaults as in Future).

    _fut_waiter = None
    _must_cancel = False
    _num_cancels_requested = 0

    def __init__(self, coro, *, loop=None, name=None):
        global _task_counter
        Future.__init__(self, loop=loop)
        if not iscoroutine(coro):
            raise TypeError("a coroutine was expected, got %r" % (coro,))
        self._coro = coro
        _task_counter += 1
        self._name = name if name is not None else "Task-%d" % _task_counter
        self._loop._tasks.append(self)
        self._loop.call_soon(self._step)

    def __repr__(self):
        st = ("pending", "cancelled", "finished")[self._state]
        return "<Task %s name=%r>" % (st, self._name)

    def get_name(self):
        return self._name

    def set_name(self, value):
        self._name = str(value)

    def get_coro(self):
        return self._coro

    def cancelling(self):
        return self._num_cancels_requested

    def uncancel(self):
        if self._num_cancels_requested > 0:
            self._num_cancels_requested -= 1
        return self._num_cancels_requested

    def set_result(self, result):
        raise RuntimeError("Task does not support set_result operation")

    def set_exception(self, exception):
        raise RuntimeError("Task does not support set_exception operation")

    def cancel(self, msg=None):
        if self._state != _PENDING:
            return False
        self._num_cancels_requested += 1
        if self._fut_waiter is not None:
            if self._fut_waiter.cancel(msg=msg):
                return True
        self._must_cancel = True
        self._cancel_message = msg
        return True

    def _finish(self):
        try:
            self._loop._tasks.remove(self)
        except ValueError:
            pass
        self._schedule_callbacks()

    def _step(self, exc=None):
        if self._state != _PENDING:
            return
        if self._must_cancel:
            if not isinstance(exc, CancelledError):
                exc = self._make_cancelled_error()
            self._must_cancel = False
        self._fut_waiter = None
        loop = self._loop
        prev = loop._current
        loop._current = self
        try:
            if exc is None:
                result = self._coro.send(None)
            else:
                result = self._coro.throw(exc)
        except StopIteration as e:
            if self._must_cancel:
                self._must_cancel = False
                self._state = _CANCELLED
            else:
                self._result = e.value
                self._state = _FINISHED
            loop._current = prev
            self._finish()
        except CancelledError as e:
            if e.args:
                self._cancel_message = e.args[0]
            self._state = _CANCELLED
            loop._current = prev
            self._finish()
        except (KeyboardInterrupt, SystemExit) as e:
            self._exception = e
            self._state = _FINISHED
            loop._current = prev
            self._finish()
            raise
        except BaseException as e:
            self._exception = e
            self._state = _FINISHED
            loop._current = prev
            self._finish()
        else:
            loop._current = prev
            if isinstance(result, Future) and result._blocking:
                result._blocking = False
                result.add_done_callback(self._wakeup)
                self._fut_waiter = result
                if self._must_cancel:
                    if result.cancel(msg=self._cancel_message):
                        self._must_cancel = False
            elif result is None:
                loop.call_soon(self._step)
            else:
                loop.call_soon(self._step, RuntimeError("Task got bad yield: %r" % (result,)))

    def _wakeup(self, fut):
        try:
            fut.result()
        except BaseException as exc:
            self._step(exc)
        else:
            self._step()


class _Yield0:
    # `await asyncio.sleep(0)`: a bare yield, the task runs again after the other ready ones.
    def __await__(self):
        yield None

    __iter__ = __await__


_yield0 = _Yield0()


class AbstractEventLoop:
    pass


class EventLoop(AbstractEventLoop):
    # The event loop: a ready queue of callbacks and a heap of timers.

    def __init__(self):
        self._ready = []
        self._timers = []  # heap of (when, seq, handle)
        self._seq = 0
        self._stopping = False
        self._running = False
        self._closed = False
        self._current = None
        self._tasks = []
        self._idle_waiters = 0  # ThreadSafeFlag waiters: poll instead of sleeping forever
        self._draining = False  # run() is cancelling what is left (_cancel_all_tasks)

    def time(self):
        return _now_ms() / 1000

    def call_soon(self, callback, *args, context=None):
        h = Handle(callback, args, self)
        self._ready.append(h)
        return h

    call_soon_threadsafe = call_soon

    def call_later(self, delay, callback, *args, context=None):
        return self._call_at_ms(_now_ms() + int(delay * 1000 + 0.5), callback, args)

    def call_at(self, when, callback, *args, context=None):
        return self._call_at_ms(int(when * 1000 + 0.5), callback, args)

    def _call_at_ms(self, when_ms, callback, args):
        h = Handle(callback, args, self, when_ms / 1000)
        self._seq += 1
        _heappush(self._timers, (when_ms, self._seq, h))
        return h

    def create_future(self):
        return Future(loop=self)

    def create_task(self, coro, *, name=None, context=None):
        return Task(coro, loop=self, name=name)

    def is_running(self):
        return self._running

    def is_closed(self):
        return self._closed

    def close(self):
        if self._running:
            raise RuntimeError("Cannot close a running event loop")
        self._closed = True
        self._ready = []
        self._timers = []

    def stop(self):
        self._stopping = True

    def _run_once(self):
        ready = self._ready
        timers = self._timers
        # Hardware events (Pin.irq, machine.Timer) run their handlers here too, and the loop
        # wakes up for the next one (a handler may set a ThreadSafeFlag).
        m = sys.modules.get("machine")
        hw = None
        if m is not None:
            m._dispatch()
            hw = m._pending_ms()
        if ready or self._stopping:
            timeout = 0
        elif timers:
            timeout = timers[0][0] - _now_ms()
        elif self._idle_waiters:
            timeout = 10
        else:
            timeout = None
        if hw is not None and (timeout is None or hw < timeout):
            timeout = hw
        if timeout is None:
            if self._draining:
                # A task left behind by an exception that escaped the loop (a MemoryError while
                # its step rescheduled it) can never finish: stop instead of holding the
                # program forever, so run() raises that exception.
                self._stopping = True
                return
            # Nothing can ever become ready: CPython would block forever. Idle in long sleeps
            # (the embedder gets Sleeping; Ctrl-C still interrupts).
            time.sleep_ms(1000)
            return
        if timeout > 0:
            time.sleep_ms(timeout)
        now = _now_ms()
        while timers:
            when, _, h = timers[0]
            if when > now:
                break
            _heappop(timers)
            if not h._cancelled:
                ready.append(h)
        ntodo = len(ready)
        for _ in range(ntodo):
            h = ready.pop(0)
            if not h._cancelled:
                h._run()

    def run_forever(self):
        global _running_loop
        if self._running:
            raise RuntimeError("This event loop is already running")
        if _running_loop is not None:
            raise RuntimeError("Cannot run the event loop while another loop is running")
        self._running = True
        _running_loop = self
        try:
            while True:
                self._run_once()
                if self._stopping:
                    break
        finally:
            self._stopping = False
            self._running = False
            _running_loop = None

    def run_until_complete(self, future):
        if self._closed:
            raise RuntimeError("Event loop is closed")
        new_task = not isinstance(future, Future)
        future = ensure_future(future, loop=self)
        loop = self

        def _done(fut):
            loop.stop()

        future.add_done_callback(_done)
        try:
            self.run_forever()
        except BaseException:
            if new_task and future.done() and not future.cancelled():
                future.exception()
            raise
        finally:
            future.remove_done_callback(_done)
        if not future.done():
            raise RuntimeError("Event loop stopped before Future completed.")
        return future.result()


Loop = EventLoop

_running_loop = None
_default_loop = None


def _heappush(h, item):
    h.append(item)
    i = len(h) - 1
    while i > 0:
        p = (i - 1) >> 1
        if h[i] < h[p]:
            h[i], h[p] = h[p], h[i]
            i = p
        else:
            break


def _heappop(h):
    last = h.pop()
    if not h:
        return last
    top = h[0]
    h[0] = last
    n = len(h)
    i = 0
    while True:
        c = 2 * i + 1
        if c >= n:
            break
        if c + 1 < n and h[c + 1] < h[c]:
            c += 1
        if h[c] < h[i]:
            h[i], h[c] = h[c], h[i]
            i = c
        else:
            break
    return top


def get_running_loop():
    if _running_loop is None:
        raise RuntimeError("no running event loop")
    return _running_loop


def _get_running_loop():
    return _running_loop


def get_event_loop():
    global _default_loop
    if _running_loop is not None:
        return _running_loop
    if _default_loop is None or _default_loop._closed:
        _default_loop = EventLoop()
    return _default_loop


def new_event_loop():
    global _default_loop
    _default_loop = EventLoop()
    return _default_loop


def set_event_loop(loop):
    global _default_loop
    _default_loop = loop


def current_task(loop=None):
    if loop is None:
        loop = get_running_loop()
    return loop._current


def all_tasks(loop=None):
    if loop is None:
        loop = get_running_loop()
    return set(t for t in loop._tasks if not t.done())


def create_task(coro, *, name=None, context=None):
    # MicroPython also accepts this outside a running loop (the task runs with the loop).
    loop = _running_loop if _running_loop is not None else get_event_loop()
    return loop.create_task(coro, name=name)


def ensure_future(coro_or_future, *, loop=None):
    if isinstance(coro_or_future, Future):
        return coro_or_future
    if loop is None:
        loop = get_event_loop()
    if iscoroutine(coro_or_future):
        return loop.create_task(coro_or_future)
    if hasattr(coro_or_future, "__await__"):
        return loop.create_task(_wrap_awaitable(coro_or_future))
    raise TypeError("An asyncio.Future, a coroutine or an awaitable is required")


async def _wrap_awaitable(aw):
    return await aw


def _set_result_unless_cancelled(fut, result):
    if not fut.cancelled():
        fut.set_result(result)


async def sleep(delay, result=None):
    if delay <= 0:
        await _yield0
        return result
    loop = get_running_loop()
    fut = loop.create_future()
    h = loop.call_later(delay, _set_result_unless_cancelled, fut, result)
    try:
        return await fut
    finally:
        h.cancel()


def sleep_ms(t):
    # The coroutine of sleep() itself: no second coroutine frame per sleeping task.
    return sleep(t / 1000)


def _cancel_all_tasks(loop):
    to_cancel = [t for t in loop._tasks if not t.done()]
    if not to_cancel:
        return
    for t in to_cancel:
        t.cancel()
    done = gather(*to_cancel, return_exceptions=True)
    loop._draining = True
    try:
        loop.run_until_complete(done)
    except RuntimeError:
        # "stopped before Future completed": some task could not finish (see _run_once).
        if done.done():
            raise
    finally:
        loop._draining = False


def run(main, *, debug=None):
    if _running_loop is not None:
        raise RuntimeError("asyncio.run() cannot be called from a running event loop")
    if not iscoroutine(main):
        raise ValueError("a coroutine was expected, got %r" % (main,))
    loop = new_event_loop()
    try:
        return loop.run_until_complete(main)
    finally:
        try:
            _cancel_all_tasks(loop)
        finally:
            loop.close()


def _release_waiter(waiter, *args):
    if not waiter.done():
        waiter.set_result(None)


async def _cancel_and_wait(fut):
    loop = get_running_loop()
    waiter = loop.create_future()

    def cb(f):
        _release_waiter(waiter)

    fut.add_done_callback(cb)
    try:
        fut.cancel()
        await waiter
    finally:
        fut.remove_done_callback(cb)


async def wait_for(fut, timeout):
    loop = get_running_loop()
    if timeout is None:
        return await fut
    if timeout <= 0:
        fut = ensure_future(fut, loop=loop)
        if fut.done():
            return fut.result()
        await _cancel_and_wait(fut)
        try:
            return fut.result()
        except CancelledError as exc:
            raise TimeoutError() from exc
    waiter = loop.create_future()
    timeout_handle = loop.call_later(timeout, _release_waiter, waiter)

    def cb(f):
        _release_waiter(waiter)

    fut = ensure_future(fut, loop=loop)
    fut.add_done_callback(cb)
    try:
        try:
            await waiter
        except CancelledError:
            if fut.done():
                return fut.result()
            fut.remove_done_callback(cb)
            await _cancel_and_wait(fut)
            raise
        if fut.done():
            return fut.result()
        fut.remove_done_callback(cb)
        await _cancel_and_wait(fut)
        try:
            return fut.result()
        except CancelledError as exc:
            raise TimeoutError() from exc
    finally:
        timeout_handle.cancel()


def wait_for_ms(fut, timeout):
    return wait_for(fut, timeout / 1000)


class _GatheringFuture(Future):
    def __init__(self, children, *, loop):
        Future.__init__(self, loop=loop)
        self._children = children

    def cancel(self, msg=None):
        if self.done():
            return False
        ret = False
        for child in self._children:
            if child.cancel(msg=msg):
                ret = True
        if ret:
            self._cancel_requested = True
        return ret


def gather(*coros_or_futures, return_exceptions=False):
    if not coros_or_futures:
        outer = get_event_loop().create_future()
        outer.set_result([])
        return outer
    state = [0]  # finished children
    children = []
    seen = []  # (arg, future): arguments given twice share one future
    holder = [None]

    def _done_callback(fut):
        state[0] += 1
        outer = holder[0]
        if outer is None or outer.done():
            return
        if not return_exceptions:
            if fut.cancelled():
                outer.set_exception(fut._make_cancelled_error())
                return
            exc = fut.exception()
            if exc is not None:
                outer.set_exception(exc)
                return
        if state[0] == len(seen):
            results = []
            for f in children:
                if f.cancelled():
                    res = f._make_cancelled_error()
                else:
                    res = f.exception()
                    if res is None:
                        res = f.result()
                results.append(res)
            if outer._cancel_requested:
                outer.set_exception(CancelledError())
            else:
                outer.set_result(results)

    loop = None
    for arg in coros_or_futures:
        fut = None
        for a, f in seen:
            if a is arg:
                fut = f
                break
        if fut is None:
            fut = ensure_future(arg, loop=loop)
            if loop is None:
                loop = fut._loop
            seen.append((arg, fut))
            fut.add_done_callback(_done_callback)
        children.append(fut)
    outer = _GatheringFuture(children, loop=loop)
    holder[0] = outer
    return outer


def _make_Event():
    class Event:
        # Set once, wakes every waiter; clear() makes wait() block again.

        def __init__(self):
            self._waiters = []
            self._value = False

        def is_set(self):
            return self._value

        def set(self):
            if not self._value:
                self._value = True
                for fut in self._waiters:
                    if not fut.done():
                        fut.set_result(True)

        def clear(self):
            self._value = False

        async def wait(self):
            if self._value:
                return True
            fut = get_running_loop().create_future()
            self._waiters.append(fut)
            try:
                await fut
                return True
            finally:
                self._waiters.remove(fut)

    g = globals()
    Event.__qualname__ = "Event"
    g["Event"] = Event


def _make_ThreadSafeFlag():
    class ThreadSafeFlag:
        # MicroPython's flag that interrupt handlers set; wait() clears it again.

        def __init__(self):
            self._flag = False
            self._waiter = None

        def set(self):
            self._flag = True
            w = self._waiter
            if w is not None and not w.done():
                w.set_result(True)

        def clear(self):
            self._flag = False

        async def wait(self):
            if not self._flag:
                loop = get_running_loop()
                fut = loop.create_future()
                self._waiter = fut
                loop._idle_waiters += 1
                try:
                    await fut
                finally:
                    loop._idle_waiters -= 1
                    self._waiter = None
            self._flag = False

    g = globals()
    ThreadSafeFlag.__qualname__ = "ThreadSafeFlag"
    g["ThreadSafeFlag"] = ThreadSafeFlag


def _make_Lock():
    class Lock:
        # A mutex for tasks; `async with lock:` acquires and releases it.

        def __init__(self):
            self._waiters = None
            self._locked = False

        def locked(self):
            return self._locked

        async def acquire(self):
            if not self._locked and (self._waiters is None
                                     or all(w.cancelled() for w in self._waiters)):
                self._locked = True
                return True
            if self._waiters is None:
                self._waiters = []
            fut = get_running_loop().create_future()
            self._waiters.append(fut)
            try:
                try:
                    await fut
                finally:
                    self._waiters.remove(fut)
            except CancelledError:
                if not self._locked:
                    self._wake_up_first()
                raise
            self._locked = True
            return True

        def release(self):
            if self._locked:
                self._locked = False
                self._wake_up_first()
            else:
                raise RuntimeError("Lock is not acquired.")

        def _wake_up_first(self):
            if not self._waiters:
                return
            fut = self._waiters[0]
            if not fut.done():
                fut.set_result(True)

        async def __aenter__(self):
            await self.acquire()
            return None

        async def __aexit__(self, exc_type, exc, tb):
            self.release()

    g = globals()
    Lock.__qualname__ = "Lock"
    g["Lock"] = Lock


def _make_Queue():
    class QueueEmpty(Exception):
        pass


    class QueueFull(Exception):
        pass


    class Queue:
        # A FIFO queue for tasks (put/get wait when full/empty).

        def __init__(self, maxsize=0):
            self._maxsize = maxsize
            self._items = []
            self._getters = []
            self._putters = []

        def qsize(self):
            return len(self._items)

        def empty(self):
            return not self._items

        def full(self):
            return 0 < self._maxsize <= len(self._items)

        @property
        def maxsize(self):
            return self._maxsize

        def _wake(self, waiters):
            while waiters:
                w = waiters.pop(0)
                if not w.done():
                    w.set_result(None)
                    return

        def put_nowait(self, item):
            if self.full():
                raise QueueFull
            self._items.append(item)
            self._wake(self._getters)

        def get_nowait(self):
            if not self._items:
                raise QueueEmpty
            item = self._items.pop(0)
            self._wake(self._putters)
            return item

        async def put(self, item):
            while self.full():
                fut = get_running_loop().create_future()
                self._putters.append(fut)
                try:
                    await fut
                except BaseException:
                    if fut in self._putters:
                        self._putters.remove(fut)
                    if not self.full() and not fut.cancelled():
                        self._wake(self._putters)
                    raise
            return self.put_nowait(item)

        async def get(self):
            while not self._items:
                fut = get_running_loop().create_future()
                self._getters.append(fut)
                try:
                    await fut
                except BaseException:
                    if fut in self._getters:
                        self._getters.remove(fut)
                    if self._items and not fut.cancelled():
                        self._wake(self._getters)
                    raise
            return self.get_nowait()

    g = globals()
    QueueEmpty.__qualname__ = "QueueEmpty"
    g["QueueEmpty"] = QueueEmpty
    QueueFull.__qualname__ = "QueueFull"
    g["QueueFull"] = QueueFull
    Queue.__qualname__ = "Queue"
    g["Queue"] = Queue


_make_QueueEmpty = _make_QueueFull = _make_Queue
