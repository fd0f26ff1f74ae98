# asyncio: MicroPython's API, scheduled in CPython 3.11's order, laid out as MicroPython's
# uasyncio is, to fit a 64 KiB heap.
#
# A task is the awaitable: tasks, (fn, future) done-callbacks and call_soon handles share one
# ready list; sleep() yields a marker and the task itself goes into the timer list (no Future,
# Handle or callback per sleep). A task woken by a timer runs one loop round later, as when
# CPython's timer sets the sleep's future, so programs print in the same order on both. When
# nothing is ready the loop calls time.sleep_ms() until the next timer: the resumable VM then
# returns Sleeping to the embedder instead of spinning. Everything a program may never use
# (gather, wait_for, Event, Lock, Queue, ...) is built on first use by the module __getattr__.

import sys
import time


class CancelledError(BaseException):
    pass


TimeoutError = TimeoutError


def _now_ms():
    # Timers run on whole milliseconds (the host clock's unit): no float drift in deadlines.
    return int(time.monotonic() * 1000 + 0.5)


def iscoroutine(obj):
    return type(obj).__name__ == "coroutine"


def _push_timer(loop, when, item):
    # The timer list is kept sorted by deadline, equal deadlines first in first out; an entry
    # is [when, item], item set to None when cancelled. Few timers are pending at once.
    e = [when, item]
    t = loop._timers
    i = len(t)
    while i and t[i - 1][0] > when:
        i -= 1
    t.insert(i, e)
    return e


class Future:
    # Attributes most futures never change stay class defaults until set (every instance
    # dict entry is 40 bytes of a device's heap). _state: 0 pending, 1 cancelled, 2 finished.

    _state = 0
    _result = None
    _exception = None
    _cancel_message = None
    _callbacks = None
    _blocking = False
    _cancel_requested = False

    def __init__(self, *, loop=None):
        self._loop = loop if loop is not None else get_event_loop()

    def __repr__(self):
        return "<%s %s>" % (type(self).__name__, ("pending", "cancelled", "finished")[self._state])

    def cancel(self, msg=None):
        if self._state:
            return False
        self._state = 1
        self._cancel_message = msg
        self._schedule()
        return True

    def _schedule(self):
        # A waiting task is its own callback (it reads this future when it steps).
        cbs = self._callbacks
        if cbs:
            self._callbacks = None
            ready = self._loop._ready
            for cb in cbs:
                ready.append(cb if isinstance(cb, Task) else (cb, self))

    def cancelled(self):
        return self._state == 1

    def done(self):
        return self._state != 0

    def _cancelled_error(self):
        m = self._cancel_message
        return CancelledError() if m is None else CancelledError(m)

    def result(self):
        if self._state == 1:
            raise self._cancelled_error()
        if not self._state:
            raise __getattr__("InvalidStateError")("Result is not set.")
        if self._exception is not None:
            raise self._exception
        return self._result

    def exception(self):
        if self._state == 1:
            raise self._cancelled_error()
        if not self._state:
            raise __getattr__("InvalidStateError")("Exception is not set.")
        return self._exception

    def add_done_callback(self, fn, *, context=None):
        if self._state:
            self._loop._ready.append((fn, self))
        elif self._callbacks is None:
            self._callbacks = [fn]
        else:
            self._callbacks.append(fn)

    def remove_done_callback(self, fn):
        cbs = self._callbacks
        n = 0
        while cbs and fn in cbs:
            cbs.remove(fn)
            n += 1
        return n

    def set_result(self, result):
        if self._state:
            raise __getattr__("InvalidStateError")("invalid state")
        self._result = result
        self._state = 2
        self._schedule()

    def set_exception(self, exception):
        if self._state:
            raise __getattr__("InvalidStateError")("invalid state")
        if isinstance(exception, type):
            exception = exception()
        if type(exception) is StopIteration:
            raise TypeError("StopIteration interacts badly with generators "
                            "and cannot be raised into a Future")
        self._exception = exception
        self._state = 2
        self._schedule()

    # `await fut` iterates the future itself rather than a generator made per await (a
    # generator and its frame are ~300 bytes of heap per waiting task): the first step yields
    # the pending future to the task, which resumes only once it is done.
    def __await__(self):
        return self

    __iter__ = __await__

    def __next__(self):
        if not self._state:
            # A task takes the yielded future (clearing `_blocking`) and resumes once it is
            # done; asked again while still pending, nothing is driving it.
            if self._blocking:
                raise RuntimeError("await wasn't used with future")
            self._blocking = True
            return self
        raise StopIteration(self.result())

    def __getattr__(self, name):
        # Methods few programs call (get_loop, get_name, ..., loop.time) are made on first
        # use: each costs a device ~150 bytes (function, class entry, name) in every program.
        g = globals()
        if "_make_rare" in g:
            g["_make_rare"]()
            del g["_make_rare"]
            return getattr(self, name)
        raise AttributeError("'%s' object has no attribute '%s'" % (type(self).__name__, name))


_task_counter = 0


class Task(Future):
    # A coroutine scheduled on the loop. _fut_waiter is what it waits for: a Future, its timer
    # entry while it sleeps, or an exception to throw into it at its next step.

    _fut_waiter = None
    _must_cancel = False
    _num_cancels_requested = 0

    def __init__(self, coro, *, loop=None, name=None):
        global _task_counter
        self._loop = loop = loop if loop is not None else get_event_loop()
        if not iscoroutine(coro):
            raise TypeError("a coroutine was expected, got %r" % (coro,))
        self._coro = coro
        _task_counter += 1
        # The number, not "Task-N": a str per task only when a program asks for the name.
        self._name = _task_counter if name is None else str(name)
        loop._tasks.append(self)
        loop._ready.append(self)

    def __repr__(self):
        return "<Task %s name=%r>" % (("pending", "cancelled", "finished")[self._state],
                                      self.get_name())

    def set_result(self, result):
        raise RuntimeError("Task does not support set_result operation")

    def set_exception(self, exception):
        raise RuntimeError("Task does not support set_exception operation")

    def cancel(self, msg=None):
        if self._state:
            return False
        self._num_cancels_requested += 1
        w = self._fut_waiter
        if type(w) is list:
            # Sleeping: drop the timer, throw CancelledError(msg) in next round (CPython: the
            # sleep's future is cancelled, which wakes the task one round later).
            w[1] = None
            self._fut_waiter = CancelledError() if msg is None else CancelledError(msg)
            self._loop._ready.append(self)
            return True
        if isinstance(w, Future) and w.cancel(msg):
            return True
        self._must_cancel = True
        self._cancel_message = msg
        return True

    def _step(self):
        if self._state:
            return
        exc = None
        w = self._fut_waiter
        if w is not None:
            self._fut_waiter = None
            if isinstance(w, BaseException):
                exc = w
            elif w._state == 1:
                exc = w._cancelled_error()
            else:
                exc = w._exception
        if self._must_cancel:
            if not isinstance(exc, CancelledError):
                exc = self._cancelled_error()
            self._must_cancel = False
        loop = self._loop
        prev = loop._current
        loop._current = self
        try:
            if exc is None:
                r = self._coro.send(None)
            else:
                r = self._coro.throw(exc)
        except BaseException as e:
            loop._current = prev
            if isinstance(e, StopIteration):
                if self._must_cancel:
                    self._must_cancel = False
                    self._state = 1
                else:
                    self._result = e.value
                    self._state = 2
            elif isinstance(e, CancelledError):
                if e.args:
                    self._cancel_message = e.args[0]
                self._state = 1
            else:
                self._exception = e
                self._state = 2
            if self in loop._tasks:
                loop._tasks.remove(self)
            self._schedule()
            if isinstance(e, (KeyboardInterrupt, SystemExit)):
                raise
            return
        loop._current = prev
        if r is _sleeper:
            when = r.state
            r.state = None
            if when is None:
                loop._ready.append(self)
            else:
                self._fut_waiter = _push_timer(loop, when, self)
                if self._must_cancel:
                    self._must_cancel = False
                    self.cancel(self._cancel_message)
                    self._num_cancels_requested -= 1
        elif isinstance(r, Future) and r._blocking:
            r._blocking = False
            if r._callbacks is None:
                r._callbacks = [self]
            else:
                r._callbacks.append(self)
            self._fut_waiter = r
            if self._must_cancel and r.cancel(self._cancel_message):
                self._must_cancel = False
        elif r is None:
            loop._ready.append(self)
        else:
            self._fut_waiter = RuntimeError("Task got bad yield: %r" % (r,))
            loop._ready.append(self)


class _Sleeper:
    # What sleep() awaits, one for all tasks (MicroPython's SingletonGenerator): sleep() sets
    # `state` to the deadline in ms (None for sleep(0)), the first step yields the sleeper to
    # the task, which takes the deadline; resumed, the step ends the await.

    state = None
    _armed = False

    def __await__(self):
        self._armed = True
        return self

    __iter__ = __await__

    def __next__(self):
        if self._armed:
            self._armed = False
            return self
        raise StopIteration


_sleeper = _Sleeper()


async def sleep(delay, result=None):
    _sleeper.state = _now_ms() + int(delay * 1000 + 0.5) if delay > 0 else None
    await _sleeper
    return result


def sleep_ms(t):
    # The coroutine of sleep() itself: no second coroutine frame per sleeping task.
    return sleep(t / 1000)


def _stop(fut):
    fut._loop._stopping = True


class EventLoop:
    # Ready list: tasks to step, (fn, future) done callbacks, call_soon Handles, and timer
    # entries of sleeps that ended (they wake their task one round later). Timers: see
    # _push_timer.

    _stopping = False
    _running = False
    _closed = False
    _current = None
    _idle_waiters = 0  # ThreadSafeFlag waiters: poll instead of sleeping forever
    _draining = False  # run() is cancelling what is left

    def __init__(self):
        self._ready = []
        self._timers = []
        self._tasks = []

    __getattr__ = Future.__getattr__

    def call_soon(self, callback, *args, context=None):
        h = __getattr__("Handle")(callback, args)
        self._ready.append(h)
        return h

    def call_later(self, delay, callback, *args, context=None):
        return self.call_at((_now_ms() + int(delay * 1000 + 0.5)) / 1000, callback, *args)

    def call_at(self, when, callback, *args, context=None):
        when = int(when * 1000 + 0.5)
        h = __getattr__("Handle")(callback, args, when / 1000)
        _push_timer(self, when, h)
        return h

    def create_future(self):
        return Future(loop=self)

    def create_task(self, coro, *, name=None, context=None):
        return Task(coro, loop=self, name=name)

    def close(self):
        if self._running:
            raise RuntimeError("Cannot close a running event loop")
        self._closed = True
        self._ready = []
        self._timers = []

    def run_forever(self):
        global _running_loop
        if self._running:
            raise RuntimeError("This event loop is already running")
        if _running_loop is not None:
            raise RuntimeError("Cannot run the event loop while another loop is running")
        self._running = True
        _running_loop = self
        ready = self._ready
        timers = self._timers
        try:
            while not self._stopping:
                # Hardware events (Pin.irq, machine.Timer) run their handlers here too, and
                # the loop wakes up for the next one (a handler may set a ThreadSafeFlag).
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
                        # A task left behind by an exception that escaped the loop (a
                        # MemoryError while its step rescheduled it) can never finish: stop,
                        # so run() raises that exception instead of holding the program.
                        break
                    # Nothing can ever become ready: CPython would block forever. Idle in
                    # long sleeps (the embedder gets Sleeping; Ctrl-C still interrupts).
                    time.sleep_ms(1000)
                    continue
                if timeout > 0:
                    time.sleep_ms(timeout)
                now = _now_ms()
                while timers and timers[0][0] <= now:
                    e = timers.pop(0)
                    x = e[1]
                    if x is not None:
                        ready.append(e if isinstance(x, Task) else x)
                for _ in range(len(ready)):
                    h = ready.pop(0)
                    if type(h) is tuple:
                        h[0](h[1])
                    elif type(h) is list:
                        t = h[1]
                        if t is not None:
                            h[1] = None
                            t._fut_waiter = None
                            ready.append(t)
                    elif isinstance(h, Task):
                        h._step()
                    elif not h._cancelled:
                        h._callback(*h._args)
        finally:
            self._stopping = False
            self._running = False
            _running_loop = None

    def run_until_complete(self, future):
        if self._closed:
            raise RuntimeError("Event loop is closed")
        new_task = not isinstance(future, Future)
        future = ensure_future(future, loop=self)
        future.add_done_callback(_stop)
        try:
            self.run_forever()
        except BaseException:
            if new_task and future.done() and not future.cancelled():
                future.exception()
            raise
        finally:
            future.remove_done_callback(_stop)
        if not future.done():
            raise RuntimeError("Event loop stopped before Future completed.")
        return future.result()


Loop = EventLoop

_running_loop = None
_default_loop = None


def get_running_loop():
    if _running_loop is None:
        raise RuntimeError("no running event loop")
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


def current_task(loop=None):
    if loop is None:
        loop = get_running_loop()
    return loop._current


def create_task(coro, *, name=None, context=None):
    # MicroPython also accepts this outside a running loop (the task runs with the loop).
    return Task(coro, loop=get_event_loop(), name=name)


def ensure_future(coro_or_future, *, loop=None):
    if isinstance(coro_or_future, Future):
        return coro_or_future
    if loop is None:
        loop = get_event_loop()
    if iscoroutine(coro_or_future):
        return Task(coro_or_future, loop=loop)
    if hasattr(coro_or_future, "__await__"):
        return Task(__getattr__("_wrap_awaitable")(coro_or_future), loop=loop)
    raise TypeError("An asyncio.Future, a coroutine or an awaitable is required")


def run(main, *, debug=None):
    if _running_loop is not None:
        raise RuntimeError("asyncio.run() cannot be called from a running event loop")
    if not iscoroutine(main):
        raise ValueError("a coroutine was expected, got %r" % (main,))
    loop = new_event_loop()
    try:
        return loop.run_until_complete(main)
    finally:
        # Cancel the tasks main left running and let them finish (CPython's
        # _cancel_all_tasks); a finished task leaves loop._tasks.
        try:
            ts = loop._tasks[:]
            if ts:
                for t in ts:
                    t.cancel()
                done = __getattr__("gather")(*ts, return_exceptions=True)
                loop._draining = True
                try:
                    loop.run_until_complete(done)
                except RuntimeError:
                    # "stopped before Future completed": a task could not finish.
                    if done.done():
                        raise
        finally:
            loop._draining = False
            loop.close()


def __getattr__(name):
    # PEP 562: the rarely used names are built when first asked for (also by this module:
    # __getattr__("gather")), each group by its maker `_make_<group>`, which then goes. A name
    # that is not its group's: " name=group" below (one str, not a name object each).
    g = globals()
    if name not in g:
        aliases = (" InvalidStateError=misc AbstractEventLoop=misc set_event_loop=misc"
                   " all_tasks=misc isfuture=misc _wrap_awaitable=misc TimerHandle=Handle"
                   " _GatheringFuture=gather wait_for_ms=wait_for _release_waiter=wait_for"
                   " _cancel_and_wait=wait_for QueueEmpty=QueueErr QueueFull=QueueErr ")
        group = name
        i = aliases.find(" " + name + "=")
        if i >= 0:
            i += len(name) + 2
            group = aliases[i:aliases.find(" ", i)]
        make = g.get("_make_" + group)
        if make is None:
            raise AttributeError("module 'asyncio' has no attribute %r" % name)
        make()
        del g["_make_" + group]
    return g[name]


def _make_rare():
    # Made by Future/EventLoop.__getattr__ on the first miss (see there).
    def get_loop(self):
        return self._loop

    def get_name(self):
        n = self._name
        return "Task-%d" % n if type(n) is int else n

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

    def time(self):
        return _now_ms() / 1000

    def is_running(self):
        return self._running

    def is_closed(self):
        return self._closed

    def stop(self):
        self._stopping = True

    Future.get_loop = get_loop
    Task.get_name = get_name
    Task.set_name = set_name
    Task.get_coro = get_coro
    Task.cancelling = cancelling
    Task.uncancel = uncancel
    EventLoop.time = time
    EventLoop.call_soon_threadsafe = EventLoop.call_soon
    EventLoop.is_running = is_running
    EventLoop.is_closed = is_closed
    EventLoop.stop = stop


def _make_misc():
    global InvalidStateError, AbstractEventLoop, set_event_loop, all_tasks, isfuture
    global _wrap_awaitable
    class InvalidStateError(Exception):
        pass

    class AbstractEventLoop:
        pass

    def set_event_loop(loop):
        global _default_loop
        _default_loop = loop

    def all_tasks(loop=None):
        if loop is None:
            loop = get_running_loop()
        s = set()
        for t in loop._tasks:
            if not t.done():
                s.add(t)
        return s

    def isfuture(obj):
        return isinstance(obj, Future)

    async def _wrap_awaitable(aw):
        return await aw


def _make_Handle():
    global Handle, TimerHandle
    class Handle:
        # A callback scheduled with call_soon/call_later/call_at.

        _cancelled = False

        def __init__(self, callback, args, when=None):
            self._callback = callback
            self._args = args
            self._when = when

        def cancel(self):
            self._cancelled = True

        def cancelled(self):
            return self._cancelled

        def when(self):
            return self._when

    TimerHandle = Handle


def _make_gather():
    global gather, _GatheringFuture
    class _GatheringFuture(Future):
        def __init__(self, children, *, loop):
            self._loop = loop
            self._children = children

        def cancel(self, msg=None):
            if self._state:
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
            if outer is None or outer._state:
                return
            if not return_exceptions:
                if fut._state == 1:
                    outer.set_exception(fut._cancelled_error())
                    return
                exc = fut._exception
                if exc is not None:
                    outer.set_exception(exc)
                    return
            if state[0] == len(seen):
                results = []
                for f in children:
                    if f._state == 1:
                        res = f._cancelled_error()
                    else:
                        res = f._exception
                        if res is None:
                            res = f._result
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


def _make_wait_for():
    global wait_for, wait_for_ms, _release_waiter, _cancel_and_wait
    def _release_waiter(waiter, *args):
        if not waiter._state:
            waiter.set_result(None)

    async def _cancel_and_wait(fut):
        waiter = get_running_loop().create_future()

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
        # The timeout is a bare timer entry with a (fn, arg) callback, as call_later would
        # schedule it, without making the Handle class for it.
        timer = _push_timer(loop, _now_ms() + int(timeout * 1000 + 0.5),
                            (_release_waiter, waiter))

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
            timer[1] = None

    def wait_for_ms(fut, timeout):
        return wait_for(fut, timeout / 1000)


def _make_Event():
    global Event
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


def _make_ThreadSafeFlag():
    global ThreadSafeFlag
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


def _make_Lock():
    global Lock
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


def _make_QueueErr():
    # Apart from Queue: only a program that uses the *_nowait calls or names them needs them.
    global QueueEmpty, QueueFull
    class QueueEmpty(Exception):
        pass

    class QueueFull(Exception):
        pass


def _make_Queue():
    global Queue
    class Queue:
        # A FIFO queue for tasks (put/get wait when full/empty).

        def __init__(self, maxsize=0):
            self._maxsize = maxsize
            self._items = []
            self._getters = []
            self._putters = []
            self._unfinished = 0  # put minus task_done, for join()
            self._joiners = []

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
                raise __getattr__("QueueFull")
            self._items.append(item)
            self._unfinished += 1
            self._wake(self._getters)

        def get_nowait(self):
            if not self._items:
                raise __getattr__("QueueEmpty")
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

        def task_done(self):
            if self._unfinished <= 0:
                raise ValueError("task_done() called too many times")
            self._unfinished -= 1
            if not self._unfinished:
                while self._joiners:
                    self._wake(self._joiners)

        async def join(self):
            while self._unfinished:
                fut = get_running_loop().create_future()
                self._joiners.append(fut)
                await fut
