//! Big code objects compile and run correctly with 4-byte instructions (`bytecode`'s docs):
//! operands past what a superinstruction's narrow fields hold leave the pair unfused, ints past
//! `LoadInt`'s 24 bits become constants, and nothing is truncated. Each program is generated,
//! run from source and from its `.pbc`, and checked against a result computed here.

use pyrite::bytecode::{Code, Op};
use pyrite::object::Obj;
use pyrite::pbc;
use pyrite::value::Value;
use pyrite::{Config, Host, Interpreter, RunOutcome};
use std::fmt::Write;
use std::rc::Rc;

struct Out(String);

impl Host for Out {
    fn write_out(&mut self, t: &str) {
        self.0.push_str(t);
    }
    fn write_err(&mut self, t: &str) {
        self.0.push_str(t);
    }
    fn now_ms(&mut self) -> u64 {
        0
    }
    fn read_file(&mut self, _path: &str) -> Option<Vec<u8>> {
        None
    }
    fn as_any(&mut self) -> &mut dyn std::any::Any {
        self
    }
}

fn interp() -> Interpreter {
    Interpreter::new(Config::default(), Box::new(Out(String::new())))
}

fn finish(mut it: Interpreter) -> String {
    loop {
        match it.run(10_000_000) {
            RunOutcome::Done => break,
            RunOutcome::Yielded | RunOutcome::Sleeping { .. } => {}
            RunOutcome::Error(e) => return format!("error: {}", e.traceback),
        }
    }
    let h = it.host_mut().as_any().downcast_mut::<Out>().unwrap();
    std::mem::take(&mut h.0)
}

/// Runs `source` compiled, then from its `.pbc`; both must print `expected`. Returns the
/// module's code (as loaded from the `.pbc`, so verified) and the interpreter that holds its
/// constants, for the callers' size checks.
fn check(source: &str, expected: &str) -> (Interpreter, Rc<Code>) {
    let mut it = interp();
    it.start("big.py", source).expect("compiles");
    assert_eq!(finish(it), expected, "from source");
    let mut it = interp();
    let bytes = pbc::compile(it.vm_mut(), source, "big.py").expect("compiles to .pbc");
    let code = pbc::decode(it.vm_mut(), &bytes).expect("the .pbc verifies");
    let mut run = interp();
    pbc::start(&mut run, "big.pbc", &bytes).expect("loads");
    assert_eq!(finish(run), expected, "from .pbc");
    (it, code)
}

/// The code objects among `module`'s constants (its functions' and classes').
fn nested(module: &Code, it: &mut Interpreter) -> Vec<Rc<Code>> {
    let vm = it.vm_mut();
    module
        .consts
        .iter()
        .filter_map(|&c| match c {
            Value::Obj(r) => match vm.heap.get(r) {
                Obj::Code(c) => Some(c.clone()),
                _ => None,
            },
            _ => None,
        })
        .collect()
}

/// The code object of the first function defined in `module`.
fn first_function(module: &Code, it: &mut Interpreter) -> Rc<Code> {
    nested(module, it).into_iter().next().expect("a function")
}

/// 100,000 statements in one function: jumps and comparisons far past 65,536 instructions
/// (forward `if`s, a backward `while` and a comprehension filter at the end).
#[test]
fn a_function_of_100000_statements() {
    let mut src = String::from("def f():\n    x = 0\n    y = 0\n");
    let mut x = 0i64;
    let mut y = 0i64;
    for i in 0..100_000i64 {
        if i % 2 == 0 {
            let _ = writeln!(src, "    x = x + {}", i % 1000);
            x += i % 1000;
        } else {
            let _ = writeln!(src, "    if x > {}:\n        y += 1", i * 100);
            if x > i * 100 {
                y += 1;
            }
        }
    }
    src.push_str("    n = 0\n    while n < 5:\n        n += 1\n        y += n\n");
    y += 15;
    src.push_str("    z = [v for v in range(10) if v < 4]\n    return x, y, z\nprint(f())\n");
    let (mut it, module) = check(&src, &format!("({x}, {y}, [0, 1, 2, 3])\n"));
    let f = first_function(&module, &mut it);
    assert!(f.ops.len() > 400_000, "{} instructions", f.ops.len());
    // The late tests fused anyway: their jump distances are short.
    let late = f.ops[f.ops.len() - 100..]
        .iter()
        .any(|op| matches!(op, Op::CompareJumpIfFalse(..)));
    assert!(late, "comparisons at the end of the function fuse");
}

/// 70,000 distinct constants in one code object: the indices past 65,535 no superinstruction
/// holds, and ints past 24 bits spill into the table too.
#[test]
fn seventy_thousand_constants() {
    let mut src = String::from("def f():\n    t = 0\n    s = []\n");
    let mut t: i64 = 0;
    for i in 0..35_000i64 {
        // A big int (a constant) and a str (a constant), each distinct.
        let k = 10_000_000 + i * 3;
        let _ = writeln!(src, "    t = t + {k}");
        t += k;
        if i % 5000 == 4999 {
            let _ = writeln!(src, "    s.append('c{i}')");
        } else {
            // Stored: a bare constant statement compiles to nothing.
            let _ = writeln!(src, "    u = 'c{i}'");
        }
    }
    src.push_str(
        "    return t, s, t > 8388607, -8388608, 8388607, -8388609, 8388608\nprint(f())\n",
    );
    let names: Vec<String> = (0..7).map(|j| format!("'c{}'", j * 5000 + 4999)).collect();
    let expected = format!(
        "({t}, [{}], True, -8388608, 8388607, -8388609, 8388608)\n",
        names.join(", ")
    );
    let (mut it, module) = check(&src, &expected);
    let f = first_function(&module, &mut it);
    assert!(f.consts.len() >= 70_000, "{} constants", f.consts.len());
}

/// 300 locals (and parameters, and a cell past slot 255): every local operand past a byte
/// stays a plain instruction.
#[test]
fn three_hundred_locals() {
    let params: Vec<String> = (0..20).map(|i| format!("p{i}")).collect();
    let mut src = format!("def f({}):\n", params.join(", "));
    for i in 0..300 {
        let _ = writeln!(src, "    v{i} = p{} + {i}", i % 20);
    }
    src.push_str("    total = 0\n");
    for i in 0..300 {
        let _ = writeln!(src, "    total = total + v{i} * v{}", 299 - i);
    }
    src.push_str("    def g():\n        return v299 + v280\n");
    src.push_str("    o = C()\n    o.a = v290\n    return total, g(), o.a + v299\n");
    let src = format!(
        "class C:\n    pass\n{src}print(f({}))\n",
        (0..20)
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    );
    let v = |i: i64| i % 20 + i;
    let total: i64 = (0..300).map(|i| v(i) * v(299 - i)).sum();
    let expected = format!("({total}, {}, {})\n", v(299) + v(280), v(290) + v(299));
    let (mut it, module) = check(&src, &expected);
    // The class body comes first among the constants: find `f` by its locals.
    let f = nested(&module, &mut it)
        .into_iter()
        .find(|c| c.nlocals > 256)
        .expect("f");
    assert!(f.nlocals >= 300, "{} locals", f.nlocals);
}

/// A module of more than 1,000,000 instructions, with a loop at its end.
#[test]
fn a_module_of_a_million_instructions() {
    let mut src = String::from("x = 0\n");
    let mut x = 0i64;
    for i in 0..250_000i64 {
        let _ = writeln!(src, "x = x + {}", i % 7);
        x += i % 7;
    }
    src.push_str("i = 0\nwhile i < 10:\n    i = i + 1\n    x = x - i\nprint(x, i)\n");
    x -= 55;
    let (_, module) = check(&src, &format!("{x} 10\n"));
    assert!(
        module.ops.len() >= 1_000_000,
        "{} instructions",
        module.ops.len()
    );
}

/// CPython's limit on targets before a star (255) holds, with CPython's message; the SyntaxError
/// is an exception, not a failure to build code.
#[test]
fn star_unpacking_limits() {
    let targets = |n: usize| {
        (0..n)
            .map(|i| format!("a{i}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let ok = format!("{}, *r = range(300)\nprint(a254, r[:2])\n", targets(255));
    check(&ok, "254 [255, 256]\n");
    let over = format!("{}, *r = range(300)\n", targets(256));
    let mut it = interp();
    let e = it
        .start("big.py", &over)
        .expect_err("256 targets before the star");
    assert!(
        e.traceback
            .contains("SyntaxError: too many expressions in star-unpacking assignment"),
        "{}",
        e.traceback
    );
}
