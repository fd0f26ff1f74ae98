//! Precompiled bytecode (`.pbc`, see interpreter/PBC.md):
//! - every differential program compiled to `.pbc` prints what CPython printed;
//! - `import` finds a `.pbc` module;
//! - the loader refuses truncated, corrupted and forged files with an error, never a panic.

mod common;

use common::{KnownFailures, parallel_map, pyrite_bin, run_with_timeout, tests_dir};
use pyrite::bytecode::{Code, CodeExtra, Op, U24, arg};
use pyrite::pbc;
use pyrite::{Config, Host, Interpreter, RunOutcome};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::rc::Rc;
use std::time::Duration;

const GUARD: Duration = Duration::from_secs(60);

fn programs(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        let name = p.file_name().and_then(|f| f.to_str()).unwrap_or("");
        if name.starts_with('_') {
            continue;
        }
        if p.is_dir() {
            programs(&p, out);
        } else if name.ends_with(".py") {
            out.push(p);
        }
    }
}

#[test]
fn differential_programs_run_from_pbc() {
    let diff = tests_dir().join("diff");
    let known = KnownFailures::load(&diff.join("KNOWN_FAILURES"));
    let mut all = Vec::new();
    programs(&diff, &mut all);
    let out_dir = std::env::temp_dir().join(format!("pyrite-pbc-{}", std::process::id()));
    std::fs::create_dir_all(&out_dir).expect("temp dir");
    let cases: Vec<PathBuf> = all
        .into_iter()
        .filter(|p| {
            let rel = p
                .strip_prefix(&diff)
                .map(|r| r.to_string_lossy().replace('\\', "/"))
                .unwrap_or_default();
            let expected =
                std::fs::read_to_string(p.with_extension("py.expected")).unwrap_or_default();
            // Programs that read stdin/argv or print their own file name, and expected
            // failures, compare things a .pbc run changes on purpose.
            !known.contains(&rel)
                && !expected.contains("# exit")
                && !p.with_extension("py.stdin").exists()
                && !p.with_extension("py.args").exists()
                && !rel.starts_with("modules/sys_module")
        })
        .collect();
    assert!(cases.len() > 200, "only {} programs", cases.len());
    let failures: Vec<String> = parallel_map(cases, common::worker_count(), |p| {
        let stem = p.file_stem().and_then(|s| s.to_str()).unwrap_or("x");
        let parent = p
            .parent()
            .and_then(|d| d.file_name())
            .and_then(|s| s.to_str())
            .unwrap_or("x");
        let out = out_dir.join(format!("{parent}_{stem}.pbc"));
        let mut c = Command::new(pyrite_bin());
        c.arg("compile").arg(p).arg("-o").arg(&out);
        let o = run_with_timeout(c, None, GUARD);
        if o.code() != Some(0) {
            return Some(format!(
                "{}: compile failed: {}",
                p.display(),
                o.stderr_tail(3)
            ));
        }
        let mut r = Command::new(pyrite_bin());
        r.arg(&out)
            .current_dir(p.parent().unwrap_or(Path::new(".")));
        let o = run_with_timeout(r, None, GUARD);
        let expected = std::fs::read(p.with_extension("py.expected")).unwrap_or_default();
        if o.code() == Some(0) && o.stdout == expected {
            None
        } else {
            Some(format!(
                "{}: {} {}",
                p.display(),
                o.describe_end(),
                o.stderr_tail(3)
            ))
        }
    })
    .into_iter()
    .flatten()
    .collect();
    let _ = std::fs::remove_dir_all(&out_dir);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

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
    fn read_file(&mut self, path: &str) -> Option<Vec<u8>> {
        (path == "lib.pbc").then(module_pbc)
    }
    fn as_any(&mut self) -> &mut dyn std::any::Any {
        self
    }
}

fn interp() -> Interpreter {
    Interpreter::new(Config::default(), Box::new(Out(String::new())))
}

const MODULE: &str = "
import sys
BIG = 1267650600228229401496703205376
def gen(n):
    for i in range(n):
        yield i * 1.5
class K:
    'doc'
    def __init__(self, x=b'\\x00', *a, y=(1, 'two'), **kw):
        self.x = x
    async def co(self):
        return [v async for v in self.agen()] if False else {k: v for k, v in kw_items()}
def kw_items():
    return [('a', 1)]
def f(x):
    try:
        return 10 // x
    except ZeroDivisionError as e:
        return str(e)
    finally:
        pass
";

fn module_pbc() -> Vec<u8> {
    let mut it = interp();
    pbc::compile(it.vm_mut(), MODULE, "lib.py").expect("compiles")
}

fn run(it: &mut Interpreter) -> String {
    loop {
        match it.run(1_000_000) {
            RunOutcome::Done => break,
            RunOutcome::Yielded | RunOutcome::Sleeping { .. } => {}
            RunOutcome::Error(e) => return format!("error: {}", e.traceback),
        }
    }
    let h = it.host_mut().as_any().downcast_mut::<Out>().unwrap();
    std::mem::take(&mut h.0)
}

#[test]
fn import_finds_a_pbc_module() {
    let mut it = interp();
    it.start(
        "main.py",
        "import lib\nprint(lib.BIG, list(lib.gen(3)), lib.f(0), lib.f(3), lib.K.__doc__, lib.K().x)",
    )
    .unwrap();
    assert_eq!(
        run(&mut it),
        "1267650600228229401496703205376 [0.0, 1.5, 3.0] integer division or modulo by zero 3 doc b'\\x00'\n"
    );
}

#[test]
fn header_is_versioned_and_checked() {
    let good = module_pbc();
    assert_eq!(&good[..4], pbc::MAGIC);
    assert_eq!(u16::from_le_bytes([good[4], good[5]]), pbc::FORMAT_VERSION);
    let features = u16::from_le_bytes([good[6], good[7]]);
    assert_eq!(
        features,
        pbc::FEATURE_BIGINT | pbc::FEATURE_FLOAT | pbc::FEATURE_GENERATORS
    );
    let mut it = interp();
    assert!(pbc::decode(it.vm_mut(), &good).is_ok());
    // Versions 3 and 4 only added instructions: version-2 and -3 files still load.
    assert!(pbc::decode(it.vm_mut(), &patch(&good, 4, &[2, 0])).is_ok());
    assert!(pbc::decode(it.vm_mut(), &patch(&good, 4, &[3, 0])).is_ok());
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (b"PYBX".iter().chain(&good[4..]).copied().collect(), "magic"),
        // A file of the previous format (before positional-only parameters) is refused.
        (patch(&good, 4, &[1, 0]), "format version 1"),
        (patch(&good, 4, &[5, 0]), "format version 5"),
        (patch(&good, 6, &[0, 0x80]), "features"),
        (patch(&good, 8, &[0, 0, 0, 0]), "payload is"),
        (patch(&good, 12, &[0, 0, 0, 0]), "checksum"),
    ];
    for (bytes, what) in cases {
        let e = pbc::decode(it.vm_mut(), &bytes).expect_err(what);
        assert!(e.0.contains(what), "{what}: {e}");
    }
}

fn patch(b: &[u8], at: usize, with: &[u8]) -> Vec<u8> {
    let mut v = b.to_vec();
    v[at..at + with.len()].copy_from_slice(with);
    v
}

/// Recomputes the header's length and CRC so corrupted payloads reach the parser.
fn reseal(mut b: Vec<u8>) -> Vec<u8> {
    let payload = b[16..].to_vec();
    b[8..12].copy_from_slice(&(payload.len() as u32).to_le_bytes());
    b[12..16].copy_from_slice(&pbc::crc32(&payload).to_le_bytes());
    b
}

#[test]
fn truncated_and_corrupted_files_are_errors() {
    let good = module_pbc();
    let mut it = interp();
    for n in 0..good.len() {
        assert!(pbc::decode(it.vm_mut(), &good[..n]).is_err(), "prefix {n}");
        // Truncated payload with a header that matches it: the parser itself must notice.
        if n > 16 {
            assert!(
                pbc::decode(it.vm_mut(), &reseal(good[..n].to_vec())).is_err(),
                "resealed prefix {n}"
            );
        }
    }
    // Every single-byte change in the payload: an error or a module that still verifies
    // (then running it must not panic either).
    let mut accepted = 0;
    for i in 16..good.len() {
        for delta in [1u8, 0x80, 0xff] {
            let mut b = good.clone();
            b[i] = b[i].wrapping_add(delta);
            let b = reseal(b);
            let mut it = interp();
            if pbc::start(&mut it, "x.pbc", &b).is_ok() {
                accepted += 1;
                let _ = run(&mut it);
            }
        }
    }
    // Most changes hit operands/lengths the verifier rejects; some (a constant's value, a
    // line number) leave a valid module.
    assert!(accepted < (good.len() - 16) * 3);
}

/// The file keeps 32 bits for an operand, an instruction 24: a bigger operand is refused, and
/// a `LoadInt` beyond 24 bits (a file from when instructions had 32) becomes a constant.
#[test]
fn operands_wider_than_an_instruction() {
    let mut it = interp();
    let good = pbc::compile(it.vm_mut(), "x = 4660\nprint(x)\n", "m.py").unwrap();
    // `LoadInt(4660)`: opcode 11, then the operand's 4 bytes.
    let at = good
        .windows(5)
        .position(|w| w == [11, 0x34, 0x12, 0, 0])
        .expect("LoadInt in the file");
    let run_with = |bytes: &[u8]| {
        let mut it = interp();
        pbc::start(&mut it, "m.pbc", &reseal(bytes.to_vec())).map(|()| run(&mut it))
    };
    for (k, out) in [
        (8_388_607i32, "8388607\n"),
        (8_388_608, "8388608\n"),
        (-8_388_609, "-8388609\n"),
        (i32::MIN, "-2147483648\n"),
    ] {
        let b = patch(&good, at + 1, &k.to_le_bytes());
        assert_eq!(run_with(&b).map_err(|e| e.traceback).unwrap(), out, "{k}");
    }
    // The same operand on `LoadConst` (opcode 7) is out of range, not truncated.
    let mut b = patch(&good, at, &[7]);
    b = patch(&b, at + 1, &(1u32 << 24).to_le_bytes());
    let e = pbc::decode(it.vm_mut(), &reseal(b)).expect_err("wide operand");
    assert!(e.0.contains("operand 16777216 out of range"), "{e}");
    // Just inside: a constant index that fits but names no constant.
    let b = patch(&good, at, &[7, 0xff, 0xff, 0xff, 0]);
    let e = pbc::decode(it.vm_mut(), &reseal(b)).expect_err("bad constant");
    assert!(e.0.contains("constant index out of range"), "{e}");
    // `UnpackEx` (opcode 59) keeps 8 bits for the targets before the star (CPython's limit).
    let b = patch(&good, at, &[59, 1, 0, 0x2c, 0x01]);
    let e = pbc::decode(it.vm_mut(), &reseal(b)).expect_err("wide star-unpacking");
    assert!(e.0.contains("bad star-unpacking"), "{e}");
}

fn rebuild(c: &Code, ops: Vec<Op>) -> Code {
    Code {
        ops: ops.into(),
        consts: c.consts.clone(),
        attr_sites: pyrite::bytecode::attr_sites(c.names.len()),
        names: c.names.clone(),
        varnames: c.varnames.clone(),
        nlocals: c.nlocals,
        argcount: c.argcount,
        posonlycount: c.posonlycount,
        kwonlycount: c.kwonlycount,
        flags: c.flags,
        extra: CodeExtra::make(c.cellvars().into(), c.freevars().into(), c.doc()),
        name: c.name,
        qualname: c.qualname,
        frozen: c.frozen,
        filename: c.filename,
        lines: c.lines.clone(),
    }
}

#[test]
fn forged_bytecode_is_refused() {
    let mut it = interp();
    let good = pbc::compile(it.vm_mut(), "x = 1\nprint(x)\n", "m.py").unwrap();
    let code: Rc<Code> = pbc::decode(it.vm_mut(), &good).unwrap();
    let n = code.ops.len() as u32;
    let forged: Vec<(Vec<Op>, &str)> = vec![
        (
            vec![Op::Pop, Op::LoadNone, Op::ReturnValue],
            "stack underflow",
        ),
        (
            vec![Op::LoadConst(arg(999)), Op::ReturnValue],
            "constant index",
        ),
        (vec![Op::LoadFast(arg(5)), Op::ReturnValue], "local slot"),
        (
            vec![Op::LoadGlobal(arg(999)), Op::ReturnValue],
            "name index",
        ),
        (vec![Op::Jump(arg(n + 10))], "jump target"),
        (vec![Op::LoadNone], "runs off the end"),
        (
            vec![Op::CallMethod(arg(U24::MAX)), Op::ReturnValue],
            "stack underflow",
        ),
        (
            vec![Op::PopBlock, Op::LoadNone, Op::ReturnValue],
            "no block",
        ),
        (
            vec![
                Op::LoadNone,
                Op::PopJumpIfFalse(arg(3)),
                Op::LoadNone,
                Op::LoadNone,
                Op::ReturnValue,
            ],
            "different stack states",
        ),
        (
            vec![Op::ListAppend(arg(0)), Op::LoadNone, Op::ReturnValue],
            "zero depth",
        ),
        (vec![Op::ExcTriple, Op::ReturnValue], "stack underflow"),
        (
            vec![
                Op::LoadNone,
                Op::LoadNone,
                Op::LoadNone,
                Op::DictMergeCall,
                Op::ReturnValue,
            ],
            "stack underflow",
        ),
        (
            vec![
                Op::LoadNone,
                Op::LoadNone,
                Op::CallEx(arg(4)),
                Op::ReturnValue,
            ],
            "bad call flags",
        ),
        (
            vec![Op::LoadNone, Op::MakeFunction(arg(16)), Op::ReturnValue],
            "bad function flags",
        ),
    ];
    for (ops, what) in forged {
        let bad = rebuild(&code, ops);
        let bytes = pbc::encode(it.vm_mut(), &bad).unwrap();
        let e = pbc::decode(it.vm_mut(), &bytes).expect_err(what);
        assert!(e.0.contains(what), "{what}: {e}");
    }
    // More positional-only parameters than positional ones.
    let mut bad = rebuild(&code, code.ops.to_vec());
    bad.posonlycount = bad.argcount + 1;
    let bytes = pbc::encode(it.vm_mut(), &bad).unwrap();
    let e = pbc::decode(it.vm_mut(), &bytes).expect_err("posonly");
    assert!(e.0.contains("positional-only"), "{e}");
    // The untouched module still loads and runs.
    let mut it2 = interp();
    pbc::start(&mut it2, "m.pbc", &good).unwrap();
    assert_eq!(run(&mut it2), "1\n");
}
