//! `os` (alias `uos`) and `open()`, over the embedder's filesystem (`Host::fs`, see `fs.rs`).
//!
//! Files are read whole when opened for reading and written through on every `write()`
//! (`FileSystem::write` truncates at open for "w", `append` adds each piece), so nothing is
//! lost when a script forgets `close()` or the device resets.

use crate::builtins::{Kw, check_args, kwarg};
use crate::exceptions::kind;
use crate::fs::{FileStat, FsError, errno};
use crate::object::*;
use crate::value::{ObjRef, Value};
use crate::vm::{Exc, TypeTag, Vm};
use alloc::boxed::Box;
use alloc::format;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

fn path_arg(vm: &mut Vm, a: &[Value], i: usize, default: Option<&str>) -> Result<String, Exc> {
    match a.get(i) {
        None | Some(Value::None) if default.is_some() => Ok(String::from(default.unwrap_or("."))),
        Some(v) => match vm.str_of(*v) {
            Some(s) => Ok(String::from(s)),
            None => {
                let tn = vm.type_name(*v);
                Err(vm.type_error(&format!(
                    "expected str, bytes or os.PathLike object, not {}",
                    tn
                )))
            }
        },
        None => Err(vm.type_error("missing path argument")),
    }
}

fn os_listdir(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "listdir", a, 0, 1)?;
    let p = path_arg(vm, a, 0, Some("."))?;
    let names = vm.with_fs(Some(&p), |fs| fs.listdir(&p))?;
    let mut out = Vec::with_capacity(names.len());
    for n in names {
        out.push(vm.new_string(n)?);
    }
    vm.alloc(Obj::List(out))
}

/// A tuple subclass instance with named fields (os.stat_result, os.uname_result).
fn named_tuple(vm: &mut Vm, cls_name: &str, fields: &[(&str, Value)]) -> Result<Value, Exc> {
    let key = vm.intern(&format!("_{}", cls_name))?;
    let b = vm.builtins;
    let cr = match vm.dict_get_str(b, key) {
        Some(Value::Obj(c)) => c,
        _ => {
            let name = vm.intern_ref(cls_name)?;
            let tuple = vm.t.tuple;
            let object = vm.t.object;
            let c = Class {
                name,
                multi_bases: None,
                mro: Box::default(),
                dict: crate::dict::Dict::new(),
                tag: TypeTag::Tuple,
                builtin: false,
                hooks: false,
                attr_hint: 0,
                meta: None,
            };
            let cv = vm.alloc(Obj::Class(Box::new(c)))?;
            let cr = cv.as_obj().unwrap_or(ObjRef(0));
            if let Obj::Class(c) = vm.heap.get_mut(cr) {
                c.mro = Box::new([cr, tuple, object]);
            }
            vm.materialize_for_subclass(cr)?;
            vm.dict_set_str(b, key, cv)?;
            cr
        }
    };
    let items: Vec<Value> = fields.iter().map(|(_, v)| *v).collect();
    let t = vm.alloc(Obj::Tuple(items.into_boxed_slice()))?;
    let inst = vm.new_instance(cr, TypeTag::Tuple)?;
    vm.set_base_value(inst, t);
    if let Value::Obj(r) = inst {
        for (k, v) in fields {
            let kk = vm.intern(k)?;
            vm.instance_set(r, kk, *v)?;
        }
    }
    Ok(inst)
}

fn stat_value(vm: &mut Vm, st: FileStat) -> Result<Value, Exc> {
    let mode = if st.is_dir { 0o040755 } else { 0o100644 };
    let m = Value::Int(st.mtime_s as i64);
    named_tuple(
        vm,
        "stat_result",
        &[
            ("st_mode", Value::Int(mode)),
            ("st_ino", Value::Int(0)),
            ("st_dev", Value::Int(0)),
            ("st_nlink", Value::Int(1)),
            ("st_uid", Value::Int(0)),
            ("st_gid", Value::Int(0)),
            ("st_size", Value::Int(st.size as i64)),
            ("st_atime", m),
            ("st_mtime", m),
            ("st_ctime", m),
        ],
    )
}

fn os_stat(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "stat", a, 1, 1)?;
    let p = path_arg(vm, a, 0, None)?;
    let st = vm.with_fs(Some(&p), |fs| fs.stat(&p))?;
    stat_value(vm, st)
}

fn os_remove(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "remove", a, 1, 1)?;
    let p = path_arg(vm, a, 0, None)?;
    vm.with_fs(Some(&p), |fs| fs.remove(&p))?;
    Ok(Value::None)
}

fn os_rename(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "rename", a, 2, 2)?;
    let from = path_arg(vm, a, 0, None)?;
    let to = path_arg(vm, a, 1, None)?;
    if let Err(e) = vm.with_fs(Some(&from), |fs| fs.rename(&from, &to)) {
        let t = vm.new_str(&to)?;
        vm.set_exc_attr(&e, "filename2", t);
        return Err(e);
    }
    Ok(Value::None)
}

fn os_mkdir(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "mkdir", a, 1, 2)?;
    let p = path_arg(vm, a, 0, None)?;
    vm.with_fs(Some(&p), |fs| fs.mkdir(&p))?;
    Ok(Value::None)
}

fn os_rmdir(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "rmdir", a, 1, 1)?;
    let p = path_arg(vm, a, 0, None)?;
    vm.with_fs(Some(&p), |fs| fs.rmdir(&p))?;
    Ok(Value::None)
}

fn os_getcwd(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "getcwd", a, 0, 0)?;
    let cwd = vm.with_fs(None, |fs| Ok(fs.getcwd()))?;
    vm.new_string(cwd)
}

fn os_chdir(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "chdir", a, 1, 1)?;
    let p = path_arg(vm, a, 0, None)?;
    vm.with_fs(Some(&p), |fs| fs.chdir(&p))?;
    Ok(Value::None)
}

/// MicroPython's `ilistdir`: (name, type 0x4000 dir / 0x8000 file, inode 0, size).
fn os_ilistdir(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "ilistdir", a, 0, 1)?;
    let p = path_arg(vm, a, 0, Some("."))?;
    let names = vm.with_fs(Some(&p), |fs| fs.listdir(&p))?;
    let mut out = Vec::with_capacity(names.len());
    for n in names {
        let full = format!("{}/{}", p.trim_end_matches('/'), n);
        let st = vm.with_fs(Some(&full), |fs| fs.stat(&full))?;
        let nv = vm.new_string(n)?;
        let t = vm.alloc(Obj::Tuple(
            vec![
                nv,
                Value::Int(if st.is_dir { 0x4000 } else { 0x8000 }),
                Value::Int(0),
                Value::Int(st.size as i64),
            ]
            .into_boxed_slice(),
        ))?;
        out.push(t);
    }
    let l = vm.alloc(Obj::List(out))?;
    vm.get_iter(l)
}

fn os_uname(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "uname", a, 0, 0)?;
    let sys = vm.new_str("pyrite")?;
    let node = vm.new_str("pyrite")?;
    let rel = vm.new_str(crate::VERSION)?;
    let ver = vm.new_str(&format!("Pyrite {}", crate::VERSION))?;
    let mach = vm.new_str("pyrite board")?;
    named_tuple(
        vm,
        "uname_result",
        &[
            ("sysname", sys),
            ("nodename", node),
            ("release", rel),
            ("version", ver),
            ("machine", mach),
        ],
    )
}

fn os_sync(_: &mut Vm, _: &[Value], _: Kw) -> Result<Value, Exc> {
    Ok(Value::None)
}

/// `os.statvfs(path)`: the 10-tuple MicroPython and CPython return (f_bsize, f_frsize,
/// f_blocks, f_bfree, f_bavail, f_files, f_ffree, f_favail, f_flag, f_namemax).
fn os_statvfs(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "statvfs", a, 1, 1)?;
    let p = path_arg(vm, a, 0, None)?;
    let u = vm.with_fs(Some(&p), |fs| fs.statvfs(&p))?;
    let bs = Value::Int(i64::from(u.block_size));
    let blocks = Value::Int(i64::try_from(u.blocks).unwrap_or(i64::MAX));
    let free = Value::Int(i64::try_from(u.free_blocks).unwrap_or(i64::MAX));
    vm.alloc(Obj::Tuple(
        vec![
            bs,
            bs,
            blocks,
            free,
            free,
            Value::Int(0),
            Value::Int(0),
            Value::Int(0),
            Value::Int(0),
            Value::Int(i64::from(u.name_max)),
        ]
        .into_boxed_slice(),
    ))
}

/// `os.urandom(n)`: `n` bytes from the embedder's entropy source (`Host::random_bytes`);
/// `NotImplementedError` on a board without one, as MicroPython ports without a hardware RNG
/// have no `os.urandom`.
fn os_urandom(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "urandom", a, 1, 1)?;
    let n = vm.as_index(a[0])?;
    let Ok(n) = usize::try_from(n) else {
        return Err(vm.value_error("negative argument not allowed"));
    };
    // The heap accounts for the result; refuse sizes it could never hold before allocating.
    if n > vm.heap.limit {
        return Err(vm.memory_error());
    }
    let mut buf = vec![0u8; n];
    if !vm.host.random_bytes(&mut buf) {
        return Err(vm.exc_msg(
            kind::NOT_IMPLEMENTED,
            "os.urandom: this board has no entropy source",
        ));
    }
    vm.alloc(Obj::Bytes(buf))
}

// ---------- os.path (posixpath) ----------

fn str_arg(vm: &mut Vm, a: &[Value], i: usize) -> Result<String, Exc> {
    path_arg(vm, a, i, None)
}

/// Index just past the last '/' (where the final component starts).
fn tail_start(p: &str) -> usize {
    p.rfind('/').map_or(0, |i| i + 1)
}

/// posixpath.split: (head, tail), head without trailing slashes unless it is all slashes.
fn split_path(p: &str) -> (&str, &str) {
    let i = tail_start(p);
    let (head, tail) = (&p[..i], &p[i..]);
    if !head.is_empty() && head.bytes().any(|b| b != b'/') {
        (head.trim_end_matches('/'), tail)
    } else {
        (head, tail)
    }
}

/// posixpath.splitext: a leading run of dots is part of the name, not an extension.
fn split_ext(p: &str) -> (&str, &str) {
    let sep = p.rfind('/').map_or(-1, |i| i as i64);
    let Some(dot) = p.rfind('.') else {
        return (p, "");
    };
    if (dot as i64) > sep {
        let name_start = (sep + 1) as usize;
        if p[name_start..dot].bytes().any(|b| b != b'.') {
            return (&p[..dot], &p[dot..]);
        }
    }
    (p, "")
}

/// posixpath.normpath.
fn norm_path(p: &str) -> String {
    if p.is_empty() {
        return String::from(".");
    }
    // POSIX keeps exactly two leading slashes; three or more become one.
    let initial = if p.starts_with("//") && !p.starts_with("///") {
        2
    } else if p.starts_with('/') {
        1
    } else {
        0
    };
    let mut parts: Vec<&str> = Vec::new();
    for c in p.split('/') {
        match c {
            "" | "." => {}
            ".." if initial == 0 && parts.last().is_none_or(|l| *l == "..") => parts.push(c),
            ".." => {
                parts.pop();
            }
            _ => parts.push(c),
        }
    }
    let mut out = String::from(&"//"[..initial]);
    out.push_str(&parts.join("/"));
    if out.is_empty() {
        out.push('.');
    }
    out
}

fn join_paths(vm: &mut Vm, a: &[Value]) -> Result<String, Exc> {
    let mut out = str_arg(vm, a, 0)?;
    for i in 1..a.len() {
        let b = str_arg(vm, a, i)?;
        if b.starts_with('/') {
            out = b;
        } else if out.is_empty() || out.ends_with('/') {
            out.push_str(&b);
        } else {
            out.push('/');
            out.push_str(&b);
        }
    }
    Ok(out)
}

fn pair(vm: &mut Vm, a: &str, b: &str) -> Result<Value, Exc> {
    let x = vm.new_str(a)?;
    let y = vm.new_str(b)?;
    vm.alloc(Obj::Tuple(vec![x, y].into_boxed_slice()))
}

fn p_join(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    if a.is_empty() {
        return Err(vm.type_error("join() missing 1 required positional argument: 'a'"));
    }
    let s = join_paths(vm, a)?;
    vm.new_string(s)
}

fn p_split(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "split", a, 1, 1)?;
    let p = str_arg(vm, a, 0)?;
    let (h, t) = split_path(&p);
    pair(vm, h, t)
}

fn p_splitext(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "splitext", a, 1, 1)?;
    let p = str_arg(vm, a, 0)?;
    let (r, e) = split_ext(&p);
    pair(vm, r, e)
}

fn p_basename(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "basename", a, 1, 1)?;
    let p = str_arg(vm, a, 0)?;
    vm.new_str(&p[tail_start(&p)..])
}

fn p_dirname(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "dirname", a, 1, 1)?;
    let p = str_arg(vm, a, 0)?;
    let (h, _) = split_path(&p);
    vm.new_str(h)
}

fn p_isabs(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "isabs", a, 1, 1)?;
    let p = str_arg(vm, a, 0)?;
    Ok(Value::Bool(p.starts_with('/')))
}

fn p_normpath(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "normpath", a, 1, 1)?;
    let p = str_arg(vm, a, 0)?;
    vm.new_string(norm_path(&p))
}

fn p_abspath(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "abspath", a, 1, 1)?;
    let p = str_arg(vm, a, 0)?;
    let full = if p.starts_with('/') {
        p
    } else {
        let cwd = vm.with_fs(None, |fs| Ok(fs.getcwd()))?;
        format!("{}/{}", cwd.trim_end_matches('/'), p)
    };
    vm.new_string(norm_path(&full))
}

/// The file's stat, or `None` for any error (the `exists`/`isdir`/`isfile` family never raise
/// for a missing or unreachable path, as in CPython).
fn quiet_stat(vm: &mut Vm, a: &[Value], name: &str) -> Result<Option<FileStat>, Exc> {
    check_args(vm, name, a, 1, 1)?;
    let p = str_arg(vm, a, 0)?;
    Ok(match vm.host.fs() {
        Some(fs) => fs.stat(&p).ok(),
        None => None,
    })
}

fn p_exists(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    Ok(Value::Bool(quiet_stat(vm, a, "exists")?.is_some()))
}

fn p_isdir(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    Ok(Value::Bool(
        quiet_stat(vm, a, "isdir")?.is_some_and(|s| s.is_dir),
    ))
}

fn p_isfile(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    Ok(Value::Bool(
        quiet_stat(vm, a, "isfile")?.is_some_and(|s| !s.is_dir),
    ))
}

fn p_getsize(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "getsize", a, 1, 1)?;
    let p = str_arg(vm, a, 0)?;
    let st = vm.with_fs(Some(&p), |fs| fs.stat(&p))?;
    Ok(Value::Int(i64::try_from(st.size).unwrap_or(i64::MAX)))
}

/// `os.path`'s functions (POSIX semantics, as CPython's `posixpath`).
pub const OS_PATH: &[(&str, NativeFnPtr)] = &[
    ("join", p_join),
    ("split", p_split),
    ("splitext", p_splitext),
    ("basename", p_basename),
    ("dirname", p_dirname),
    ("isabs", p_isabs),
    ("normpath", p_normpath),
    ("abspath", p_abspath),
    ("exists", p_exists),
    ("isdir", p_isdir),
    ("isfile", p_isfile),
    ("getsize", p_getsize),
];

/// The `os` module's functions.
pub const OS: &[(&str, NativeFnPtr)] = &[
    ("listdir", os_listdir),
    ("ilistdir", os_ilistdir),
    ("stat", os_stat),
    ("remove", os_remove),
    ("unlink", os_remove),
    ("rename", os_rename),
    ("mkdir", os_mkdir),
    ("rmdir", os_rmdir),
    ("getcwd", os_getcwd),
    ("chdir", os_chdir),
    ("uname", os_uname),
    ("sync", os_sync),
    ("statvfs", os_statvfs),
    ("urandom", os_urandom),
];

// ---------- open() and file objects ----------

/// Attributes of a file object: `_path`, `_mode` ("r"/"w"/"a"), `_bin`, `_data`, `_pos`,
/// plus the public `name`, `mode`, `closed`.
fn file_class(vm: &mut Vm) -> Result<ObjRef, Exc> {
    let k = vm.intern("_FileIO")?;
    let b = vm.builtins;
    if let Some(Value::Obj(c)) = vm.dict_get_str(b, k) {
        return Ok(c);
    }
    let c = vm.make_native_class("TextIOWrapper", FILE)?;
    vm.dict_set_str(b, k, Value::Obj(c))?;
    Ok(c)
}

fn set(vm: &mut Vm, r: ObjRef, name: &str, v: Value) -> Result<(), Exc> {
    let k = vm.intern(name)?;
    vm.instance_set(r, k, v)
}

fn get(vm: &mut Vm, f: Value, name: &str) -> Result<Value, Exc> {
    let k = vm.intern(name)?;
    vm.get_attr(f, k)
}

/// `open(file, mode='r', buffering=-1, encoding=None, ...)`: modes r, w, a, x with b or t,
/// and each with `+` (read and write).
pub fn open(vm: &mut Vm, args: &[Value], kw: Kw) -> Result<Value, Exc> {
    check_args(vm, "open", args, 1, 4)?;
    let path = path_arg(vm, args, 0, None)?;
    let mode_v = args.get(1).copied().or_else(|| kwarg(vm, kw, "mode"));
    let mode = match mode_v {
        None => String::from("r"),
        Some(v) => match vm.str_of(v) {
            Some(s) => String::from(s),
            None => return Err(vm.type_error("open() argument 'mode' must be str")),
        },
    };
    let mut kind_c = None;
    let (mut binary, mut text, mut plus) = (false, false, false);
    for c in mode.chars() {
        match c {
            'r' | 'w' | 'a' | 'x' if kind_c.is_none() => kind_c = Some(c),
            'r' | 'w' | 'a' | 'x' => {
                return Err(
                    vm.value_error("must have exactly one of create/read/write/append mode")
                );
            }
            'b' if !binary => binary = true,
            't' if !text => text = true,
            '+' if !plus => plus = true,
            _ => return Err(vm.value_error(&format!("invalid mode: '{}'", mode))),
        }
    }
    if binary && text {
        return Err(vm.value_error("can't have text and binary mode at once"));
    }
    let Some(kc) = kind_c else {
        return Err(vm.value_error(
            "Must have exactly one of create/read/write/append mode and at most one plus",
        ));
    };
    // Text is decoded when the file is opened, with `encoding` and `errors` as
    // bytes.decode's (utf-8 and strict by default).
    let codec = (
        args.get(3).copied().or_else(|| kwarg(vm, kw, "encoding")),
        kwarg(vm, kw, "errors"),
    );
    let data = match kc {
        _ if plus => {
            // Read and write: the whole file is held, and every write rewrites it (see
            // `f_write`), so the file on flash is always what the script has written.
            let bytes = vm.with_fs(Some(&path), |fs| {
                let exists = match fs.stat(&path) {
                    Ok(st) if st.is_dir => return Err(FsError(errno::EISDIR)),
                    Ok(_) => true,
                    Err(FsError(errno::ENOENT)) => false,
                    Err(e) => return Err(e),
                };
                match kc {
                    'r' if exists => fs.read(&path),
                    'r' => Err(FsError(errno::ENOENT)),
                    'x' if exists => Err(FsError(errno::EEXIST)),
                    'a' if exists => fs.read(&path),
                    _ => fs.write(&path, b"").map(|()| Vec::new()),
                }
            })?;
            file_data(vm, bytes, binary, codec)?
        }
        'r' => {
            let bytes = vm.with_fs(Some(&path), |fs| {
                if fs.stat(&path)?.is_dir {
                    return Err(FsError(errno::EISDIR));
                }
                fs.read(&path)
            })?;
            file_data(vm, bytes, binary, codec)?
        }
        'w' => {
            vm.with_fs(Some(&path), |fs| fs.write(&path, b""))?;
            Value::None
        }
        'x' => {
            vm.with_fs(Some(&path), |fs| match fs.stat(&path) {
                Ok(_) => Err(FsError(errno::EEXIST)),
                Err(FsError(errno::ENOENT)) => fs.write(&path, b""),
                Err(e) => Err(e),
            })?;
            Value::None
        }
        _ => {
            // 'a': create if absent (append of nothing).
            vm.with_fs(Some(&path), |fs| fs.append(&path, b""))?;
            Value::None
        }
    };
    let cls = file_class(vm)?;
    let inst = vm.new_instance(cls, TypeTag::Object)?;
    let Value::Obj(r) = inst else {
        return Err(vm.type_error("open(): no file object"));
    };
    let pv = vm.new_str(&path)?;
    let mv = vm.new_str(&mode)?;
    // "r": read only, "w": write only (appends through), "+": both (held whole), "a+":
    // both, writes always at the end.
    let rw = match (kc, plus) {
        ('a', true) => "a+",
        (_, true) => "+",
        ('r', false) => "r",
        _ => "w",
    };
    let wm = vm.new_str(rw)?;
    // "a" and "a+" start at the end, as CPython does (tell() is the file's size).
    let pos = if kc == 'a' && plus {
        data_len(vm, data)
    } else if kc == 'a' {
        vm.with_fs(Some(&path), |fs| fs.stat(&path))
            .map(|st| st.size as usize)
            .unwrap_or(0)
    } else {
        0
    };
    set(vm, r, "name", pv)?;
    set(vm, r, "mode", mv)?;
    set(vm, r, "_path", pv)?;
    set(vm, r, "_rw", wm)?;
    set(vm, r, "_bin", Value::Bool(binary))?;
    set(vm, r, "_data", data)?;
    set(vm, r, "_pos", Value::Int(pos as i64))?;
    set(vm, r, "closed", Value::Bool(false))?;
    Ok(inst)
}

/// A file's contents as held by a readable file object: bytes, or a str in text mode.
fn file_data(
    vm: &mut Vm,
    bytes: Vec<u8>,
    binary: bool,
    (enc, errors): (Option<Value>, Option<Value>),
) -> Result<Value, Exc> {
    if binary {
        return vm.alloc(Obj::Bytes(bytes));
    }
    let s = match String::from_utf8(bytes) {
        Ok(s) if enc.is_none() => s,
        Ok(s) => crate::str::decode_bytes(vm, s.as_bytes(), enc, errors)?,
        Err(e) => crate::str::decode_bytes(vm, e.as_bytes(), enc, errors)?,
    };
    vm.new_string(s)
}

/// Length in bytes of held contents (positions are byte offsets, also in text mode).
fn data_len(vm: &Vm, data: Value) -> usize {
    if let Some(t) = vm.str_of(data) {
        return t.len();
    }
    match data {
        Value::Obj(d) => match vm.heap.get(d) {
            Obj::Bytes(b) => b.len(),
            _ => 0,
        },
        _ => 0,
    }
}

struct FileState {
    r: ObjRef,
    readable: bool,
    /// Opened with "+": contents held whole, writes rewrite the file.
    update: bool,
    /// "a+": writes go to the end whatever the position.
    append: bool,
    binary: bool,
    data: Value,
    pos: usize,
}

fn state(vm: &mut Vm, f: Value) -> Result<FileState, Exc> {
    let r = match f {
        Value::Obj(r) => r,
        _ => return Err(vm.type_error("not a file")),
    };
    if let Value::Bool(true) = get(vm, f, "closed")? {
        return Err(vm.value_error("I/O operation on closed file."));
    }
    let rw = get(vm, f, "_rw")?;
    let rw = vm.str_of(rw).unwrap_or("r");
    let update = rw == "+" || rw == "a+";
    let append = rw == "a+";
    let readable = rw == "r" || update;
    let binary = matches!(get(vm, f, "_bin")?, Value::Bool(true));
    let data = get(vm, f, "_data")?;
    let pos = get(vm, f, "_pos")?;
    // Saturating: a position past what this target can address (a seek to 2**40 on a 32-bit
    // board) reads nothing, and a write there is a MemoryError, never a wrapped offset.
    let pos = usize::try_from(vm.as_index(pos)?.max(0)).unwrap_or(usize::MAX);
    Ok(FileState {
        r,
        readable,
        update,
        append,
        binary,
        data,
        pos,
    })
}

fn readable(vm: &mut Vm, f: Value) -> Result<FileState, Exc> {
    let s = state(vm, f)?;
    if !s.readable {
        return Err(unsupported_operation(
            vm,
            if s.binary { "read" } else { "not readable" },
        ));
    }
    Ok(s)
}

/// `io.UnsupportedOperation(msg)` (an OSError and a ValueError), the class of the frozen `io`
/// module, imported here on first use so that `except io.UnsupportedOperation` catches it.
pub(crate) fn unsupported_operation(vm: &mut Vm, msg: &str) -> Exc {
    let mk = |vm: &mut Vm| -> Result<Value, Exc> {
        let io = vm.intern("io")?;
        let m = crate::modules::import_nested(vm, io)?;
        let name = vm.intern("UnsupportedOperation")?;
        let cls = vm.get_attr(m, name)?;
        let msg = vm.new_str(msg)?;
        vm.call(cls, &[msg])
    };
    match mk(vm) {
        Ok(v) => Exc(v),
        Err(e) => e,
    }
}

fn f_readable(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "readable", a, 1, 1)?;
    Ok(Value::Bool(state(vm, a[0])?.readable))
}

fn f_writable(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "writable", a, 1, 1)?;
    let s = state(vm, a[0])?;
    Ok(Value::Bool(!s.readable || s.update))
}

fn f_seekable(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "seekable", a, 1, 1)?;
    state(vm, a[0])?;
    Ok(Value::Bool(true))
}

/// Takes up to `n` chars/bytes (or through the next newline when `line`).
fn take(vm: &mut Vm, f: Value, n: Option<usize>, line: bool) -> Result<Value, Exc> {
    let s = readable(vm, f)?;
    if let Some(text) = vm.str_of(s.data) {
        // A seek may land inside a character: read from its start rather than panic.
        let mut start = s.pos.min(text.len());
        while !text.is_char_boundary(start) {
            start -= 1;
        }
        let rest = &text[start..];
        let mut end = match n {
            Some(n) => rest
                .char_indices()
                .nth(n)
                .map(|(i, _)| i)
                .unwrap_or(rest.len()),
            None => rest.len(),
        };
        if line && let Some(i) = rest[..end].find('\n') {
            end = i + 1;
        }
        let out = String::from(&rest[..end]);
        set(vm, s.r, "_pos", Value::Int((start + end) as i64))?;
        return vm.new_string(out);
    }
    let bytes: &[u8] = match s.data {
        Value::Obj(d) => match vm.heap.get(d) {
            Obj::Bytes(b) => b,
            _ => &[],
        },
        _ => &[],
    };
    let rest = &bytes[s.pos.min(bytes.len())..];
    let mut end = n.unwrap_or(rest.len()).min(rest.len());
    if line && let Some(i) = rest[..end].iter().position(|&c| c == b'\n') {
        end = i + 1;
    }
    let out = rest[..end].to_vec();
    set(vm, s.r, "_pos", Value::Int((s.pos + end) as i64))?;
    vm.alloc(Obj::Bytes(out))
}

fn size_arg(vm: &mut Vm, a: &[Value], i: usize) -> Result<Option<usize>, Exc> {
    match a.get(i) {
        None | Some(Value::None) => Ok(None),
        Some(v) => {
            // Py_ssize_t as CPython: OverflowError past it (2**32 on a 32-bit target), never
            // a size wrapped to a small one.
            let n = match vm.as_index(*v) {
                Err(e) if vm.exc_is(e.0, kind::OVERFLOW) => {
                    return Err(vm.exc_msg(
                        kind::OVERFLOW,
                        "cannot fit 'int' into an index-sized integer",
                    ));
                }
                n => n?,
            };
            Ok(if n < 0 { None } else { Some(vm.size_arg(n)?) })
        }
    }
}

fn f_read(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "read", a, 1, 2)?;
    let n = size_arg(vm, a, 1)?;
    take(vm, a[0], n, false)
}

fn f_readline(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "readline", a, 1, 2)?;
    let n = size_arg(vm, a, 1)?;
    take(vm, a[0], n, true)
}

fn f_readlines(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "readlines", a, 1, 2)?;
    let mut out = Vec::new();
    loop {
        let l = take(vm, a[0], None, true)?;
        if vm.len(l)? == 0 {
            break;
        }
        out.push(l);
    }
    vm.alloc(Obj::List(out))
}

fn f_readinto(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "readinto", a, 2, 2)?;
    // Any writable buffer: a bytearray, an array.array, a memoryview over one.
    let Some((target, start, n)) = vm.writable_buffer(a[1]) else {
        let tn = vm.type_name(a[1]);
        return Err(vm.type_error(&format!(
            "readinto() argument must be read-write bytes-like object, not {}",
            tn
        )));
    };
    let chunk = take(vm, a[0], Some(n), false)?;
    let data: Vec<u8> = match chunk {
        Value::Obj(c) => match vm.heap.get(c) {
            Obj::Bytes(b) => b.clone(),
            _ => return Err(vm.type_error("readinto() needs a binary file")),
        },
        _ => Vec::new(),
    };
    if let Obj::ByteArray(buf) = vm.heap.get_mut(target)
        && let Some(dst) = buf.get_mut(start..start + data.len())
    {
        dst.copy_from_slice(&data);
    }
    Ok(Value::Int(data.len() as i64))
}

fn f_write(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "write", a, 2, 2)?;
    let s = state(vm, a[0])?;
    if s.readable && !s.update {
        return Err(unsupported_operation(
            vm,
            if s.binary { "write" } else { "not writable" },
        ));
    }
    let (bytes, count) = if s.binary {
        // Any bytes-like object: bytes, bytearray, memoryview, array.array.
        match vm.buffer_bytes(a[1]) {
            Some(x) => {
                let n = x.len();
                (x, n)
            }
            None => {
                let tn = vm.type_name(a[1]);
                return Err(
                    vm.type_error(&format!("a bytes-like object is required, not '{}'", tn))
                );
            }
        }
    } else {
        match vm.str_of(a[1]) {
            Some(t) => (Vec::from(t.as_bytes()), t.chars().count()),
            None => {
                let tn = vm.type_name(a[1]);
                return Err(vm.type_error(&format!("write() argument must be str, not {}", tn)));
            }
        }
    };
    let pv = get(vm, a[0], "_path")?;
    let path = String::from(vm.str_of(pv).unwrap_or(""));
    if s.update {
        return write_held(vm, s, &path, &bytes, count);
    }
    vm.with_fs(Some(&path), |fs| fs.append(&path, &bytes))?;
    // tell() after writes: the bytes written so far (the position CPython reports).
    set(vm, s.r, "_pos", Value::Int((s.pos + bytes.len()) as i64))?;
    Ok(Value::Int(count as i64))
}

/// A write to a "+" file: `bytes` replace the held contents from the position on (at the end
/// for "a+"), and the file is rewritten whole.
fn write_held(
    vm: &mut Vm,
    s: FileState,
    path: &str,
    bytes: &[u8],
    count: usize,
) -> Result<Value, Exc> {
    let mut content: Vec<u8> = match vm.str_of(s.data) {
        Some(t) => Vec::from(t.as_bytes()),
        None => match s.data {
            Value::Obj(d) => match vm.heap.get(d) {
                Obj::Bytes(b) => b.clone(),
                _ => Vec::new(),
            },
            _ => Vec::new(),
        },
    };
    let mut pos = if s.append { content.len() } else { s.pos };
    if !s.binary {
        // A text position between the bytes of one character writes at its start.
        while pos > 0 && content.get(pos).is_some_and(|b| (0x80..0xC0).contains(b)) {
            pos -= 1;
        }
    }
    // Past the end (a seek beyond it) the gap reads as zero bytes, as on a POSIX file; a
    // file larger than the heap is a MemoryError before anything is allocated.
    let Some(end) = pos.checked_add(bytes.len()) else {
        return Err(vm.memory_error());
    };
    vm.check_result_size(end as u64)?;
    if content.len() < end {
        content.resize(end, 0);
    }
    content[pos..end].copy_from_slice(bytes);
    vm.with_fs(Some(path), |fs| fs.write(path, &content))?;
    let data = file_data(vm, content, s.binary, (None, None))?;
    set(vm, s.r, "_data", data)?;
    set(vm, s.r, "_pos", Value::Int(end as i64))?;
    Ok(Value::Int(count as i64))
}

fn f_writelines(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "writelines", a, 2, 2)?;
    for item in vm.collect_iter(a[1])? {
        f_write(vm, &[a[0], item], &[])?;
    }
    Ok(Value::None)
}

fn f_iter(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    let l = f_readlines(vm, &a[..1], &[])?;
    vm.get_iter(l)
}

fn f_enter(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    state(vm, a[0])?;
    Ok(a[0])
}

fn f_close(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    if let Some(Value::Obj(r)) = a.first() {
        set(vm, *r, "closed", Value::Bool(true))?;
        set(vm, *r, "_data", Value::None)?;
    }
    Ok(Value::None)
}

fn f_flush(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    state(vm, a[0])?;
    Ok(Value::None)
}

fn f_tell(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    let s = state(vm, a[0])?;
    Ok(Value::Int(s.pos as i64))
}

fn f_seek(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "seek", a, 2, 3)?;
    let s = readable(vm, a[0])?;
    let off = vm.as_index(a[1])?;
    let whence = match a.get(2) {
        Some(v) => vm.as_index(*v)?,
        None => 0,
    };
    let len = vm.len(s.data).unwrap_or(0) as i64;
    let len = match vm.str_of(s.data) {
        Some(t) => t.len() as i64,
        None => len,
    };
    let pos = i64::try_from(s.pos).unwrap_or(i64::MAX);
    let np = match whence {
        0 => Some(off),
        1 => pos.checked_add(off),
        2 => len.checked_add(off),
        _ => return Err(vm.value_error("invalid whence")),
    };
    let Some(np) = np else {
        return Err(vm.exc_msg(kind::OVERFLOW, "seek position out of range"));
    };
    if np < 0 {
        return Err(vm.value_error("negative seek position"));
    }
    set(vm, s.r, "_pos", Value::Int(np))?;
    Ok(Value::Int(np))
}

const FILE: &[(&str, NativeFnPtr)] = &[
    ("read", f_read),
    ("readline", f_readline),
    ("readlines", f_readlines),
    ("readinto", f_readinto),
    ("write", f_write),
    ("writelines", f_writelines),
    ("__iter__", f_iter),
    ("__enter__", f_enter),
    ("__exit__", f_close),
    ("close", f_close),
    ("flush", f_flush),
    ("tell", f_tell),
    ("seek", f_seek),
    ("readable", f_readable),
    ("writable", f_writable),
    ("seekable", f_seekable),
];
