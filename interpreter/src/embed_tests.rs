//! Tests of the embedding contract: resumable runs, sleeping, interrupts, memory limits,
//! cycle collection, recursion limits, REPL chunks and native modules.

use crate::*;
use alloc::boxed::Box;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

struct TestHost {
    out: String,
    err: String,
    now: u64,
    files: Vec<(String, String)>,
    fs: Option<crate::fs::MemFs>,
}

impl Host for TestHost {
    fn write_out(&mut self, text: &str) {
        self.out.push_str(text);
    }
    fn write_err(&mut self, text: &str) {
        self.err.push_str(text);
    }
    fn now_ms(&mut self) -> u64 {
        self.now
    }
    fn read_file(&mut self, path: &str) -> Option<Vec<u8>> {
        self.files
            .iter()
            .find(|(p, _)| p == path)
            .map(|(_, s)| s.as_bytes().to_vec())
    }
    fn fs(&mut self) -> Option<&mut dyn crate::fs::FileSystem> {
        self.fs
            .as_mut()
            .map(|f| f as &mut dyn crate::fs::FileSystem)
    }
    fn as_any(&mut self) -> &mut dyn core::any::Any {
        self
    }
}

fn interp(heap: usize) -> Interpreter {
    let host = TestHost {
        out: String::new(),
        err: String::new(),
        now: 0,
        files: Vec::new(),
        fs: None,
    };
    Interpreter::new(
        Config {
            heap_bytes: heap,
            max_depth: 200,
        },
        Box::new(host),
    )
}

fn host(it: &mut Interpreter) -> &mut TestHost {
    it.host_mut().as_any().downcast_mut::<TestHost>().unwrap()
}

fn run_all(it: &mut Interpreter) -> RunOutcome {
    loop {
        match it.run(1000) {
            RunOutcome::Yielded => continue,
            RunOutcome::Sleeping { until_ms } => host(it).now = until_ms,
            other => return other,
        }
    }
}

fn output_of(src: &str) -> String {
    let mut it = interp(8 << 20);
    it.start("t.py", src).unwrap();
    match run_all(&mut it) {
        RunOutcome::Done => {}
        RunOutcome::Error(e) => panic!("{}", e.traceback),
        _ => unreachable!(),
    }
    host(&mut it).out.clone()
}

#[test]
fn runs_in_slices_without_losing_state() {
    let mut it = interp(8 << 20);
    it.start(
        "t.py",
        "t = 0\nfor i in range(10000):\n    t += i\nprint(t)\n",
    )
    .unwrap();
    let mut slices = 0;
    loop {
        match it.run(100) {
            RunOutcome::Yielded => slices += 1,
            RunOutcome::Done => break,
            other => panic!("{:?}", other),
        }
    }
    assert!(slices > 100, "ran in {} slices", slices);
    assert_eq!(host(&mut it).out, "49995000\n");
}

#[test]
fn sleep_returns_sleeping_and_resumes() {
    let mut it = interp(8 << 20);
    it.start(
        "t.py",
        "import time\nprint('a')\ntime.sleep(0.5)\nprint('b')\ntime.sleep_ms(20)\nprint('c')\n",
    )
    .unwrap();
    match it.run(10_000) {
        RunOutcome::Sleeping { until_ms } => assert_eq!(until_ms, 500),
        other => panic!("{:?}", other),
    }
    assert_eq!(host(&mut it).out, "a\n");
    // Called early: still sleeping, nothing runs.
    assert!(matches!(
        it.run(10_000),
        RunOutcome::Sleeping { until_ms: 500 }
    ));
    host(&mut it).now = 500;
    assert!(matches!(
        it.run(10_000),
        RunOutcome::Sleeping { until_ms: 520 }
    ));
    host(&mut it).now = 520;
    assert!(matches!(it.run(10_000), RunOutcome::Done));
    assert_eq!(host(&mut it).out, "a\nb\nc\n");
}

#[test]
fn interrupt_raises_keyboard_interrupt() {
    let mut it = interp(8 << 20);
    it.start("t.py", "while True:\n    pass\n").unwrap();
    assert!(matches!(it.run(5000), RunOutcome::Yielded));
    it.interrupt_handle().interrupt();
    match it.run(5000) {
        RunOutcome::Error(e) => assert_eq!(e.type_name, "KeyboardInterrupt"),
        other => panic!("{:?}", other),
    }
    // A script may catch it.
    it.start(
        "t.py",
        "try:\n    while True: pass\nexcept KeyboardInterrupt:\n    print('caught')\n",
    )
    .unwrap();
    it.run(100);
    it.interrupt_handle().interrupt();
    assert!(matches!(run_all(&mut it), RunOutcome::Done));
    assert_eq!(host(&mut it).out, "caught\n");
}

#[test]
fn embedder_static_interrupt_flag_raises_keyboard_interrupt() {
    // What a riscv32imc ISR does: a plain atomic store into the embedder's static flag.
    static FLAG: core::sync::atomic::AtomicBool = core::sync::atomic::AtomicBool::new(false);
    let mut it = interp(8 << 20);
    it.use_interrupt_flag(&FLAG);
    it.start("t.py", "while True:\n    pass\n").unwrap();
    assert!(matches!(it.run(5000), RunOutcome::Yielded));
    FLAG.store(true, core::sync::atomic::Ordering::Relaxed);
    match it.run(5000) {
        RunOutcome::Error(e) => assert_eq!(e.type_name, "KeyboardInterrupt"),
        other => panic!("{:?}", other),
    }
    assert!(!FLAG.load(core::sync::atomic::Ordering::Relaxed));
}

#[test]
fn memory_error_is_catchable_under_a_small_heap() {
    let mut it = interp(256 << 10);
    let src = "l = []\ntry:\n    while True:\n        l.append('x' * 100)\nexcept MemoryError:\n    n = len(l)\n    l = None\n    print('ok', n > 10)\nprint('after')\n";
    it.start("t.py", src).unwrap();
    match run_all(&mut it) {
        RunOutcome::Done => {}
        RunOutcome::Error(e) => panic!("{}", e.traceback),
        _ => unreachable!(),
    }
    assert_eq!(host(&mut it).out, "ok True\nafter\n");
    let s = it.heap_stats();
    assert!(s.used <= s.limit);
}

#[test]
fn cycles_are_collected() {
    let mut it = interp(512 << 10);
    // Each iteration makes a garbage cycle; without a tracing GC the heap would run out.
    let src = "class N:\n    pass\nfor i in range(20000):\n    a = N(); b = N(); a.o = b; b.o = a\n    a.pad = [i] * 10\nimport gc\ngc.collect()\nprint('done', gc.mem_free() > 0)\n";
    it.start("t.py", src).unwrap();
    match run_all(&mut it) {
        RunOutcome::Done => {}
        RunOutcome::Error(e) => panic!("{}", e.traceback),
        _ => unreachable!(),
    }
    assert_eq!(host(&mut it).out, "done True\n");
    assert!(it.vm_mut().heap.collections > 1);
}

#[test]
fn deep_recursion_is_a_recursion_error() {
    let mut it = interp(8 << 20);
    it.start("t.py", "def f(n):\n    return f(n + 1)\nf(0)\n")
        .unwrap();
    match run_all(&mut it) {
        RunOutcome::Error(e) => {
            assert_eq!(e.type_name, "RecursionError");
            assert!(
                e.traceback
                    .starts_with("Traceback (most recent call last):\n")
            );
            assert!(e.traceback.contains("line 2, in f"));
        }
        other => panic!("{:?}", other),
    }
    // Recursion through native callbacks (key functions) is bounded too.
    let out = output_of(
        "def k(x):\n    return sorted([1], key=k)\ntry:\n    k(1)\nexcept RecursionError:\n    print('bounded')\n",
    );
    assert_eq!(out, "bounded\n");
}

#[test]
fn nested_brackets_give_syntax_error() {
    let mut it = interp(8 << 20);
    let src = "(".repeat(10_000) + &")".repeat(10_000);
    let e = it.start("t.py", &src).unwrap_err();
    assert_eq!(e.type_name, "SyntaxError");
    assert!(e.message.contains("too many nested parentheses"));
    let e = it.start("t.py", "x = = 1\n").unwrap_err();
    assert!(e.traceback.contains("File \"t.py\", line 1"));
    assert!(e.traceback.contains("^"));
}

#[test]
fn tracebacks_match_cpython_shape() {
    let mut it = interp(8 << 20);
    it.start("x.py", "def f():\n    return 1 / 0\nf()\n")
        .unwrap();
    match run_all(&mut it) {
        RunOutcome::Error(e) => assert_eq!(
            e.traceback,
            "Traceback (most recent call last):\n  File \"x.py\", line 3, in <module>\n    f()\n  File \"x.py\", line 2, in f\n    return 1 / 0\nZeroDivisionError: division by zero\n"
        ),
        other => panic!("{:?}", other),
    }
}

#[test]
fn repl_chunks_share_main_globals_and_echo() {
    let mut it = interp(8 << 20);
    it.start("main.py", "x = 41\n").unwrap();
    assert!(matches!(run_all(&mut it), RunOutcome::Done));
    assert_eq!(it.start_repl("if x:\n").unwrap(), ReplInput::Incomplete);
    assert_eq!(it.start_repl("x + 1\n").unwrap(), ReplInput::Ready);
    assert!(matches!(it.run_repl(1000), RunOutcome::Done));
    assert_eq!(host(&mut it).out, "42\n");
    assert!(it.start_repl("def f(:\n").is_err());
}

fn native_add(ctx: &mut NativeCtx, args: &[Value]) -> Result<Value, NativeError> {
    let a = ctx.arg_int(args, 0)?;
    let b = ctx.arg_int(args, 1)?;
    Ok(NativeCtx::int(a + b))
}

fn native_info(ctx: &mut NativeCtx, _args: &[Value]) -> Result<Value, NativeError> {
    let now = ctx.host().now_ms() as i64;
    ctx.value(&NativeValue::Dict(alloc::vec![
        ("now".to_string(), NativeValue::Int(now)),
        ("ok".to_string(), NativeValue::Bool(true))
    ]))
}

fn native_fail(_ctx: &mut NativeCtx, _args: &[Value]) -> Result<Value, NativeError> {
    Err(NativeError::value_error("bad input"))
}

#[test]
fn native_modules_are_importable() {
    let mut it = interp(8 << 20);
    it.register_module(
        NativeModule::new("calc")
            .function("add", native_add)
            .function("info", native_info)
            .function("fail", native_fail)
            .constant("NAME", NativeValue::Str("calc".into())),
    );
    it.start("t.py", "import calc\nprint(calc.add(2, 3), calc.NAME, calc.info()['ok'])\ntry:\n    calc.fail()\nexcept ValueError as e:\n    print('err', e)\n").unwrap();
    match run_all(&mut it) {
        RunOutcome::Done => {}
        RunOutcome::Error(e) => panic!("{}", e.traceback),
        _ => unreachable!(),
    }
    assert_eq!(host(&mut it).out, "5 calc True\nerr bad input\n");
}

#[test]
fn imports_py_modules_through_the_host() {
    let mut it = interp(8 << 20);
    host(&mut it).files.push((
        "helper.py".into(),
        "def double(x):\n    return 2 * x\nVALUE = 7\n".into(),
    ));
    it.start(
        "t.py",
        "import helper\nfrom helper import VALUE\nprint(helper.double(VALUE))\n",
    )
    .unwrap();
    assert!(matches!(run_all(&mut it), RunOutcome::Done));
    assert_eq!(host(&mut it).out, "14\n");
}

#[test]
fn generators_and_closures() {
    let out = output_of(
        "def g():\n    x = yield 1\n    yield x * 2\n    return 'r'\nit = g()\nprint(next(it), it.send(5))\ntry:\n    next(it)\nexcept StopIteration as e:\n    print('stop', e.value)\ndef outer():\n    def h():\n        yield 1\n        return 'r'\n    def sub():\n        r = yield from h()\n        yield r\n    return list(sub())\nprint(outer())\n",
    );
    assert_eq!(out, "1 10\nstop r\n[1, 'r']\n");
}

#[test]
fn filesystem_errors_become_oserror_subclasses() {
    let mut it = interp(8 << 20);
    // No filesystem: EOPNOTSUPP.
    let e = it
        .vm_mut()
        .with_fs(Some("x"), |fs| fs.read("x"))
        .unwrap_err();
    let pe = it.vm_mut().to_py_exception(e.0);
    assert_eq!(pe.type_name, "OSError");
    assert_eq!(pe.message, "[Errno 95] Operation not supported: 'x'");
    host(&mut it).fs = Some(crate::fs::MemFs::new());
    let e = it
        .vm_mut()
        .with_fs(Some("a.txt"), |fs| fs.read("a.txt"))
        .unwrap_err();
    let pe = it.vm_mut().to_py_exception(e.0);
    assert_eq!(pe.type_name, "FileNotFoundError");
    assert_eq!(pe.message, "[Errno 2] No such file or directory: 'a.txt'");
    // errno / strerror / filename are readable from Python.
    let g = it.vm_mut().main_globals;
    let k = it.vm_mut().intern("err").unwrap();
    it.vm_mut().dict_set_str(g, k, e.0).unwrap();
    it.start("t.py", "print(err.errno, err.strerror, err.filename)\n")
        .unwrap();
    assert!(matches!(run_all(&mut it), RunOutcome::Done));
    assert_eq!(host(&mut it).out, "2 No such file or directory a.txt\n");
    host(&mut it).out.clear();
    it.vm_mut().with_fs(None, |fs| fs.mkdir("d")).unwrap();
    let e = it
        .vm_mut()
        .with_fs(Some("d"), |fs| fs.mkdir("d"))
        .unwrap_err();
    assert_eq!(
        it.vm_mut().to_py_exception(e.0).type_name,
        "FileExistsError"
    );
    // Scripts can catch them by their CPython names and read errno.
    it.start(
        "t.py",
        "try:\n    raise FileExistsError(17, 'File exists')\nexcept OSError as e:\n    print(type(e).__name__, e.errno, e)\n",
    )
    .unwrap();
    assert!(matches!(run_all(&mut it), RunOutcome::Done));
    assert_eq!(
        host(&mut it).out,
        "FileExistsError 17 [Errno 17] File exists\n"
    );
}

/// Heap a fresh interpreter uses before running anything (builtin classes, the dunder methods
/// the VM looks up itself, names). Was ~120 KiB with eager method tables; see ARCHITECTURE.md.
/// Charged at true sizes since 26 Nov: 26,320 bytes on a 64-bit host; 22,032 with the builtin
/// types' ordering and `!=` methods deferred until a program names them; 21,328 with a
/// class's name as a handle (16 bytes less per class); 14,180 with the builtin types' special
/// methods (but `object`'s) and the builtins dict's entries waiting for a program to name them,
/// and a single base read from the MRO; 13,228 with the 17 special names the VM only looks up
/// interned when a program names them (the bound leaves 4 %).
const FRESH_FLOOR_MAX: usize = 13_800;

#[test]
fn fresh_interpreter_heap_floor_is_small() {
    let mut it = interp(64 << 10);
    it.vm_mut().heap.recount();
    let s = it.heap_stats();
    assert!(
        s.used < FRESH_FLOOR_MAX,
        "fresh interpreter uses {} bytes",
        s.used
    );
    // The configured 64 KiB is honoured, not raised to fit the builtins.
    assert_eq!(s.limit, 64 << 10);
}

/// Live heap after a program that keeps `n` instances of a 5-attribute class (collected and
/// recounted, so garbage does not count).
fn heap_with_instances(n: usize) -> usize {
    let mut it = interp(1 << 20);
    let src = alloc::format!(
        "import gc\nclass P:\n    def __init__(self, i):\n        self.a = i\n        self.b = 2\n        self.c = 3\n        self.d = 4\n        self.e = 5\nL = [None] * {n}\nfor i in range({n}):\n    L[i] = P(i)\ni = None\ngc.collect()\n"
    );
    it.start("t.py", &src).unwrap();
    assert!(matches!(run_all(&mut it), RunOutcome::Done));
    it.vm_mut().heap.recount();
    it.heap_stats().used
}

/// An instance's attribute table is sized by its class's `attr_hint`: after the first
/// instance, five attributes take exactly five entries (no doubling slack: eight before).
#[test]
fn instances_reserve_exactly_their_attributes() {
    let per = (heap_with_instances(101) - heap_with_instances(1)) / 100;
    let exact = crate::gc::SLOT_BYTES
        + core::mem::size_of::<crate::object::Instance>()
        + 5 * core::mem::size_of::<crate::dict::Entry>()
        + core::mem::size_of::<Value>();
    assert_eq!(
        per, exact,
        "bytes per 5-attribute instance (with its list element)"
    );
}

#[test]
fn sensor_app_runs_in_a_64k_heap() {
    let mut it = interp(64 << 10);
    let src = "\
class Sensor:
    def __init__(self, name, base):
        self.name = name
        self.base = base
        self.readings = []

    def read(self, i):
        v = self.base + (i * 7 % 13) / 10
        self.readings.append(v)
        if len(self.readings) > 20:
            self.readings.pop(0)
        return v

    def summary(self):
        r = self.readings
        return {'name': self.name, 'min': min(r), 'max': max(r), 'avg': round(sum(r) / len(r), 2)}

sensors = [Sensor('temp', 21.5), Sensor('hum', 40.0), Sensor('press', 1013.0)]
alerts = 0
for i in range(200):
    for s in sensors:
        try:
            v = s.read(i)
            if v > s.base + 1.1:
                alerts += 1
        except ValueError as e:
            print('error', e)
    if i % 50 == 0:
        line = ', '.join(f\"{d['name']}={d['avg']:.2f}\" for d in (s.summary() for s in sensors))
        print(i, line)
print('alerts', alerts)
print(sorted(s.summary()['max'] for s in sensors))
";
    it.start("app.py", src).unwrap();
    match run_all(&mut it) {
        RunOutcome::Done => {}
        RunOutcome::Error(e) => panic!("{}", e.traceback),
        other => panic!("{:?}", other),
    }
    let out = host(&mut it).out.clone();
    assert!(
        out.starts_with("0 temp=21.50, hum=40.00, press=1013.00\n"),
        "{}",
        out
    );
    assert!(out.contains("alerts 45"), "{}", out);
    assert!(it.heap_stats().limit == 64 << 10);
}

#[test]
fn print_runs_in_a_40k_heap() {
    // The target is 24 KiB; the floor is ~30 KiB today (see ARCHITECTURE.md).
    let mut it = interp(40 << 10);
    it.vm_mut().heap.recount();
    assert_eq!(it.heap_stats().limit, 40 << 10);
    it.start("t.py", "print('hi')\n").unwrap();
    assert!(matches!(run_all(&mut it), RunOutcome::Done));
    assert_eq!(host(&mut it).out, "hi\n");
}

/// Runs `src` in a heap of `heap` bytes and returns its output (panics on an error).
fn output_in_heap(heap: usize, src: &str) -> String {
    let mut it = interp(heap);
    it.start("t.py", src).unwrap();
    match run_all(&mut it) {
        RunOutcome::Done => {}
        RunOutcome::Error(e) => panic!("{}", e.traceback),
        other => panic!("{:?}", other),
    }
    assert_eq!(it.heap_stats().limit, heap);
    host(&mut it).out.clone()
}

#[test]
fn methods_cost_no_str_for_their_qualified_names() {
    // A method's `__qualname__` is made when asked for, from the class's name (`Qual`), and
    // its code object holds names as handles: 20 methods left 12,110 bytes (host) when each
    // had its `V.mN` str and 16-byte name fields, 10,260 now.
    let out = output_in_heap(
        1 << 20,
        "import gc\n\
         src = 'class V:\\n' + ''.join('    def m%d(self): return %d\\n' % (i, i) for i in range(20))\n\
         gc.collect(); a = gc.mem_alloc()\n\
         exec(src)\n\
         gc.collect(); print(gc.mem_alloc() - a < 11_000, V.m3.__qualname__, V().m3())\n\
         def f():\n    class C:\n        def g(self): return [lambda: 0 for _ in '1']\n    return C\n\
         print(f().g.__qualname__, f()().g()[0].__qualname__)\n",
    );
    assert_eq!(
        out,
        "True V.m3 3\nf.<locals>.C.g f.<locals>.C.g.<locals>.<listcomp>.<lambda>\n"
    );
}

#[test]
fn naming_builtin_methods_grows_their_types_by_one_entry() {
    // Naming `__add__` or `count` puts that method into every builtin type that has one;
    // those dicts grew by doubling (8,540 bytes for these names on a host), now by one entry
    // each (5,348; 6,436 since the deferred ordering methods left those dicts under the size
    // that needs an index, so these names add one).
    let out = output_in_heap(
        1 << 20,
        "import gc\n\
         gc.collect(); a = gc.mem_alloc()\n\
         exec('def f(x):\\n    return x.__add__, x.__mul__, x.__radd__, x.__rmul__, x.__iadd__, \\\n\
         x.count, x.upper, x.append, x.items, TypeError, KeyError\\n')\n\
         gc.collect(); print(gc.mem_alloc() - a < 6_800)\n",
    );
    assert_eq!(out, "True\n");
}

#[test]
fn big_temporaries_in_a_row_fit_a_small_heap() {
    // Several 4 KB strs and ints made within a few instructions: the collection point is
    // checked after each such instruction (not only every 32), and an allocation past the soft
    // limit borrows from the reserve until the next safepoint collects. Needed a 67 KiB heap
    // before (MemoryError in 48 KiB); 44 KiB now.
    let out = output_in_heap(
        48 << 10,
        "big = 10 ** 4299\n\
         for f in (lambda: len(str(big)), lambda: len(str(-big)), lambda: int('1_' * 3000 + '1') % 7):\n    print(f())\n\
         print(int('f' * 4400, 16) > 0, int('1' * 4400, 2) > 0, len(str(10 ** 4000)), len('7' * 4400))\n",
    );
    assert_eq!(out, "4300\n4301\n1\nTrue True 4001 4400\n");
}

#[test]
fn builtins_and_exceptions_appear_when_named() {
    let mut it = interp(8 << 20);
    let src = "\
import builtins
try:
    raise TimeoutError('t')
except OSError as e:
    print(type(e).__name__, issubclass(TimeoutError, Exception))
print(IOError is OSError, getattr('ab', 'upper')(), hasattr([], 'append'))
print(callable(zip), NotADirectoryError.__mro__[1].__name__)
";
    it.start("t.py", src).unwrap();
    match run_all(&mut it) {
        RunOutcome::Done => {}
        RunOutcome::Error(e) => panic!("{}", e.traceback),
        other => panic!("{:?}", other),
    }
    assert_eq!(
        host(&mut it).out,
        "TimeoutError True\nTrue AB True\nTrue OSError\n"
    );
}
#[test]
fn scheduled_callbacks_run_between_bytecodes_and_while_sleeping() {
    let mut it = interp(8 << 20);
    let src = "\
import time
log = []
def cb(x):
    log.append(x)
def bad(x):
    raise ValueError('boom')
i = 0
while len(log) < 2:
    i += 1
time.sleep(1)
print(log, i > 0)
";
    it.start("t.py", src).unwrap();
    assert!(matches!(it.run(200), RunOutcome::Yielded));
    it.schedule("bad", &NativeValue::None).unwrap();
    it.schedule("cb", &NativeValue::Int(1)).unwrap();
    for n in 2..8 {
        it.schedule("cb", &NativeValue::Int(n)).unwrap();
    }
    // The queue holds 8.
    let full = it.schedule("cb", &NativeValue::Int(9)).unwrap_err();
    assert_eq!(full.type_name, "RuntimeError");
    assert_eq!(full.message, "schedule queue full");
    assert_eq!(
        it.schedule("nope", &NativeValue::None)
            .unwrap_err()
            .type_name,
        "NameError"
    );
    // The loop ends once callbacks ran; then the script sleeps.
    let until = match run_all_until_sleep(&mut it) {
        RunOutcome::Sleeping { until_ms } => until_ms,
        other => panic!("{:?}", other),
    };
    // A callback scheduled during the sleep runs at the next `run`, before the deadline.
    it.schedule("cb", &NativeValue::Str("late".into())).unwrap();
    assert!(matches!(it.run(1000), RunOutcome::Sleeping { .. }));
    host(&mut it).now = until;
    assert!(matches!(run_all(&mut it), RunOutcome::Done));
    let h = host(&mut it);
    assert_eq!(h.out, "[1, 2, 3, 4, 5, 6, 7, 'late'] True\n");
    assert!(h.err.contains("ValueError: boom"), "{}", h.err);
}

fn run_all_until_sleep(it: &mut Interpreter) -> RunOutcome {
    loop {
        match it.run(1000) {
            RunOutcome::Yielded => continue,
            other => return other,
        }
    }
}

struct IrqHost {
    inner: TestHost,
    events: Vec<(u32, i64)>,
}

impl Host for IrqHost {
    fn write_out(&mut self, text: &str) {
        self.inner.write_out(text)
    }
    fn write_err(&mut self, text: &str) {
        self.inner.write_err(text)
    }
    fn now_ms(&mut self) -> u64 {
        self.inner.now
    }
    fn read_file(&mut self, _path: &str) -> Option<Vec<u8>> {
        None
    }
    fn poll_irq(&mut self) -> Option<(u32, i64)> {
        if self.events.is_empty() {
            None
        } else {
            Some(self.events.remove(0))
        }
    }
    fn as_any(&mut self) -> &mut dyn core::any::Any {
        self
    }
}

fn irq_register(ctx: &mut NativeCtx, args: &[Value]) -> Result<Value, NativeError> {
    let slot = ctx.arg_int(args, 0)?;
    ctx.set_irq_handler(slot as u32, args[1]);
    Ok(Value::None)
}

#[test]
fn irq_events_from_the_host_run_registered_handlers() {
    let host = IrqHost {
        inner: TestHost {
            out: String::new(),
            err: String::new(),
            now: 0,
            files: Vec::new(),
            fs: None,
        },
        events: Vec::new(),
    };
    let mut it = Interpreter::new(Config::default(), Box::new(host));
    it.register_module(NativeModule::new("irq").function("register", irq_register));
    let src = "\
import irq
seen = []
irq.register(3, lambda a: seen.append(('pin', a)))
irq.register(5, lambda a: seen.append(('timer', a)))
while len(seen) < 3:
    pass
irq.register(5, None)
print(seen)
";
    it.start("t.py", src).unwrap();
    assert!(matches!(it.run(500), RunOutcome::Yielded));
    {
        let h = it.host_mut().as_any().downcast_mut::<IrqHost>().unwrap();
        // Slot 9 has no handler: dropped.
        h.events = alloc::vec![(3, 1), (9, 0), (5, 7), (3, 0)];
    }
    assert!(matches!(run_all(&mut it), RunOutcome::Done));
    // The collector ran meanwhile (handlers are roots); the output is complete.
    it.collect_garbage();
    let h = it.host_mut().as_any().downcast_mut::<IrqHost>().unwrap();
    assert_eq!(h.inner.out, "[('pin', 1), ('timer', 7), ('pin', 0)]\n");
}

#[test]
fn heap_lock_makes_allocation_fail() {
    let mut it = interp(8 << 20);
    it.vm_mut().heap.lock_depth = 1;
    let e = it.vm_mut().alloc(crate::object::Obj::List(Vec::new()));
    assert!(e.is_err());
    it.vm_mut().heap.lock_depth = 0;
    assert!(
        it.vm_mut()
            .alloc(crate::object::Obj::List(Vec::new()))
            .is_ok()
    );
}

#[test]
fn dropped_suspended_generators_run_their_finally_blocks() {
    let mut it = interp(8 << 20);
    let src = "\
import gc
class Res:
    def __enter__(self):
        print('enter')
        return self
    def __exit__(self, *a):
        print('exit', a[0].__name__)
def g():
    try:
        with Res():
            yield 1
            yield 2
    finally:
        print('finally')
def plain():
    yield 1
    yield 2
def stubborn():
    try:
        yield 1
    finally:
        raise ValueError('in finally')
x = g()
print(next(x))
p = plain()
next(p)
s = stubborn()
next(s)
x = p = s = None
gc.collect()
for i in range(40):  # closing happens at the next scheduling point (every 32 instructions)
    pass
print('after')
def later():
    try:
        yield 1
    finally:
        print('closed at exit')
y = later()
next(y)
y = None
gc.collect()
";
    it.start("t.py", src).unwrap();
    match run_all(&mut it) {
        RunOutcome::Done => {}
        RunOutcome::Error(e) => panic!("{}", e.traceback),
        other => panic!("{:?}", other),
    }
    let h = host(&mut it);
    assert_eq!(
        h.out,
        "enter\n1\nexit GeneratorExit\nfinally\nafter\nclosed at exit\n"
    );
    assert!(
        h.err
            .contains("Exception ignored in: <generator object stubborn>")
            && h.err.contains("ValueError: in finally"),
        "{}",
        h.err
    );
}

#[test]
fn listings_can_materialise_everything() {
    let mut it = interp(8 << 20);
    let vm = it.vm_mut();
    let before = vm.heap.objs.iter().flatten().count();
    let s = vm.t.str_;
    vm.materialize_class(s).unwrap();
    let k = vm.intern("zfill").unwrap();
    assert!(vm.class_lookup(s, k).is_some());
    vm.materialize_builtins().unwrap();
    let k = vm.intern("UnicodeEncodeError").unwrap();
    let b = vm.builtins;
    assert!(vm.dict_get_str(b, k).is_some());
    assert!(vm.heap.objs.iter().flatten().count() > before);
}

/// Runs `setup`, then `stmt` (one call of a builtin over a Python-driven iterator) and
/// `print(r)`, with a budget of 200 instructions per `run`. Returns the output and how many
/// times `run` yielded while `stmt` was running (after `setup` printed `start`, before the
/// result was printed).
fn yields_inside(setup: &str, stmt: &str) -> (String, usize) {
    yields_inside_budget(setup, stmt, 200)
}

#[test]
fn builtins_over_generators_give_the_budget_back() {
    let setup = "def gen(n):\n    for i in range(n):\n        yield i\n\
                 class It:\n    def __init__(self, n): self.i = 0; self.n = n\n    \
                 def __iter__(self): return self\n    def __next__(self):\n        \
                 if self.i >= self.n: raise StopIteration\n        self.i += 1\n        return self.i\n\
                 def sq(x):\n    return x * x";
    let cases: &[(&str, &str)] = &[
        ("r = sum(i for i in range(20000))", "199990000"),
        ("r = sum(gen(20000), 5)", "199990005"),
        ("r = sum(It(20000))", "200010000"),
        ("r = max(gen(20000))", "19999"),
        ("r = min(It(20000), key=lambda x: -x)", "20000"),
        ("r = any(x > 19990 for x in gen(20000))", "True"),
        ("r = all(x < 30000 for x in It(20000))", "True"),
        ("r = len(list(gen(20000)))", "20000"),
        ("r = len(tuple(It(20000)))", "20000"),
        ("r = sorted(gen(20000))[-1]", "19999"),
        ("r = len(set(gen(20000)))", "20000"),
        ("r = len(dict((i, i) for i in gen(20000)))", "20000"),
        ("r = len(','.join(str(i) for i in gen(5000)))", "23889"),
        ("r = []\nr.extend(gen(20000))\nr = len(r)", "20000"),
        ("r = 19999 in gen(20000)", "True"),
        ("r = -1 not in It(20000)", "True"),
        ("r = sum(map(sq, range(20000)))", "2666466670000"),
        ("r = len(list(enumerate(gen(20000))))", "20000"),
        ("a, *b = gen(20000)\nr = len(b)", "19999"),
        ("r = len([*gen(20000)])", "20000"),
        ("r = len({*It(20000)})", "20000"),
        ("r = max(*gen(20000))", "19999"),
    ];
    for (stmt, want) in cases {
        let (out, inside) = yields_inside(setup, stmt);
        assert_eq!(out, alloc::format!("start\n{want}\n"), "{stmt}");
        assert!(
            inside > 100,
            "{stmt}: yielded {inside} times inside the call"
        );
    }
}

#[test]
fn errors_inside_builtin_loops_keep_their_traceback() {
    let mut it = interp(8 << 20);
    let src = "def gen():\n    for i in range(5000):\n        yield i\n    raise KeyError(i)\n\
               def f():\n    return sum(gen())\nf()\n";
    it.start("x.py", src).unwrap();
    let mut slices = 0;
    let e = loop {
        match it.run(200) {
            RunOutcome::Yielded => slices += 1,
            RunOutcome::Error(e) => break e,
            other => panic!("{:?}", other),
        }
    };
    assert!(slices > 50, "{slices}");
    assert_eq!(
        e.traceback,
        "Traceback (most recent call last):\n  File \"x.py\", line 7, in <module>\n    f()\n  \
         File \"x.py\", line 6, in f\n    return sum(gen())\n  File \"x.py\", line 4, in gen\n    \
         raise KeyError(i)\nKeyError: 4999\n"
    );
    // An interrupt reaches a script looping in `sum` (which may catch it).
    let src = "def gen():\n    i = 0\n    while True:\n        yield i\n        i += 1\n\
               try:\n    sum(gen())\nexcept KeyboardInterrupt:\n    print('caught')\n";
    it.start("t.py", src).unwrap();
    for _ in 0..20 {
        assert!(matches!(it.run(200), RunOutcome::Yielded));
    }
    it.interrupt_handle().interrupt();
    assert!(matches!(run_all(&mut it), RunOutcome::Done));
    assert_eq!(host(&mut it).out, "caught\n");
}

/// As `yields_inside`, with `budget` instructions per `run`.
fn yields_inside_budget(setup: &str, stmt: &str, budget: u32) -> (String, usize) {
    let mut it = interp(8 << 20);
    let src = alloc::format!("{setup}\nprint('start')\n{stmt}\nprint(r)\n");
    it.start("t.py", &src).unwrap();
    let mut inside = 0;
    loop {
        match it.run(budget) {
            RunOutcome::Yielded => {
                if host(&mut it).out == "start\n" {
                    inside += 1;
                }
            }
            RunOutcome::Done => break,
            other => panic!("{stmt}: {:?}", other),
        }
    }
    (host(&mut it).out.clone(), inside)
}

#[test]
fn builtins_over_long_native_iterators_give_the_budget_back() {
    // No Python runs per item, but a native loop may be endless (`sum(iter(int, 1))`): the
    // natives run in chunks of `iterhelp::CHUNK` items with the dispatch loop between them.
    let cases: &[(&str, &str)] = &[
        ("r = sum(map(abs, range(-1000000, 0)))", "500000500000"),
        ("r = sum(iter(range(1000000)), 0.5)", "499999500000.5"),
        ("r = max(map(abs, range(-1000000, 7)))", "1000000"),
        ("r = min(iter(range(1000000)), key=abs)", "0"),
        ("r = all(map(abs, range(1, 1000000)))", "True"),
        ("r = any(map((0).__mul__, range(1000000)))", "False"),
        ("r = -1 in map(abs, range(1000000))", "False"),
        ("r = 999999 not in iter(range(1000000))", "False"),
        ("r = 3.5 in range(1000000)", "False"),
    ];
    for (stmt, want) in cases {
        let (out, inside) = yields_inside_budget("", stmt, 10);
        assert_eq!(out, alloc::format!("start\n{want}\n"), "{stmt}");
        assert!(
            inside > 50,
            "{stmt}: yielded {inside} times inside the call"
        );
    }
    // Closed forms: no loop at all.
    let (out, _) = yields_inside_budget(
        "",
        "r = (sum(range(10**18)), sum(range(7, -10**12, -3), 10**30), max(range(10**15, 0, -2)), \
         min(range(10**15, 0, -2)), 10**17 in range(10**18), 10**30 in range(10**18))",
        200,
    );
    assert_eq!(
        out,
        "start\n(499999999999999999500000000000000000, 999999833333333333500000000012, \
         1000000000000000, 2, True, False)\n"
    );
}

static TICK_FLAG: core::sync::atomic::AtomicBool = core::sync::atomic::AtomicBool::new(false);

/// `tick(x)`: 0, and an interrupt request on the 10,000th call.
fn native_tick(_ctx: &mut NativeCtx, _args: &[Value]) -> Result<Value, NativeError> {
    static CALLS: core::sync::atomic::AtomicU32 = core::sync::atomic::AtomicU32::new(0);
    if CALLS.fetch_add(1, core::sync::atomic::Ordering::Relaxed) == 9_999 {
        TICK_FLAG.store(true, core::sync::atomic::Ordering::Relaxed);
    }
    Ok(NativeCtx::int(0))
}

#[test]
fn interrupts_reach_endless_native_loops() {
    for stmt in [
        "sum(iter(int, 1))",
        "any(iter(int, 1))",
        "max(iter(int, 1))",
        "-1 in iter(int, 1)",
    ] {
        let mut it = interp(8 << 20);
        let src =
            alloc::format!("try:\n    {stmt}\nexcept KeyboardInterrupt:\n    print('caught')\n");
        it.start("t.py", &src).unwrap();
        for _ in 0..20 {
            assert!(matches!(it.run(200), RunOutcome::Yielded), "{stmt}");
        }
        it.interrupt_handle().interrupt();
        assert!(matches!(run_all(&mut it), RunOutcome::Done), "{stmt}");
        assert_eq!(host(&mut it).out, "caught\n", "{stmt}");
    }
    // A gathering loop that gathers nothing (and so never runs out of heap) sees a request
    // made while it runs.
    let mut it = interp(8 << 20);
    it.use_interrupt_flag(&TICK_FLAG);
    it.register_module(NativeModule::new("ticker").function("tick", native_tick));
    it.start(
        "t.py",
        "import ticker\ntry:\n    list(filter(None, map(ticker.tick, iter(int, 1))))\n\
         except KeyboardInterrupt:\n    print('caught')\n",
    )
    .unwrap();
    assert!(matches!(run_all(&mut it), RunOutcome::Done));
    assert_eq!(host(&mut it).out, "caught\n");
}

/// A console whose input never ends (a UART streaming forever).
struct EndlessInput {
    inner: TestHost,
}

impl Host for EndlessInput {
    fn write_out(&mut self, text: &str) {
        self.inner.write_out(text)
    }
    fn write_err(&mut self, text: &str) {
        self.inner.write_err(text)
    }
    fn now_ms(&mut self) -> u64 {
        self.inner.now
    }
    fn read_file(&mut self, _path: &str) -> Option<Vec<u8>> {
        None
    }
    fn read_line(&mut self) -> Option<String> {
        Some("endless".to_string())
    }
    fn as_any(&mut self) -> &mut dyn core::any::Any {
        self
    }
}

#[test]
fn reading_endless_stdin_to_the_end_is_a_memory_error() {
    let host = EndlessInput {
        inner: TestHost {
            out: String::new(),
            err: String::new(),
            now: 0,
            files: Vec::new(),
            fs: None,
        },
    };
    let config = Config {
        heap_bytes: 64 << 10,
        max_depth: 200,
    };
    let mut it = Interpreter::new(config, Box::new(host));
    let src = "import sys\ntry:\n    sys.stdin.read()\nexcept MemoryError:\n    print('MemoryError')\nprint(sys.stdin.readline(), end='')\n";
    it.start("t.py", src).unwrap();
    match run_all(&mut it) {
        RunOutcome::Done => {}
        RunOutcome::Error(e) => panic!("{}", e.traceback),
        _ => unreachable!(),
    }
    let host = it.host_mut().as_any().downcast_mut::<EndlessInput>();
    let out = &host.expect("the test's host").inner.out;
    assert_eq!(out, "MemoryError\nendless\n");
}
