//! Builtin modules (`sys`, `time`, `math`, `gc`, `micropython`), file objects, and the import
//! machinery (sys.modules, builtin and embedder modules, `.py` files through the Host).

use crate::builtins::{Kw, check_args, kwarg};
use crate::compiler::{CompileError, Mode, compile};
use crate::dict::Dict;
use crate::exceptions::kind;
use crate::int::BigInt;
use crate::object::*;
use crate::ops::Num;
use crate::value::{ObjRef, Value};
use crate::vm::{Exc, Ret, TypeTag, Vm};
use alloc::boxed::Box;
use alloc::format;
use alloc::rc::Rc;
use alloc::string::{String, ToString};
use alloc::vec;
use alloc::vec::Vec;

/// Pure-Python stdlib modules of the host `pyrite` only (`hostlib/*.py`), compiled at
/// import. Devices leave them out: the STM32F7 flash has no room. They are looked up after
/// sys.path, so a program's own `typing.py` wins, as it does in CPython for these
/// pure-Python modules; builtin and frozen modules come before sys.path.
#[cfg(feature = "std")]
const HOSTLIB: &[(&str, &str)] = &[
    ("contextlib", include_str!("hostlib/contextlib.py")),
    ("typing", include_str!("hostlib/typing.py")),
    ("operator", include_str!("hostlib/operator.py")),
    ("string", include_str!("hostlib/string.py")),
    ("abc", include_str!("hostlib/abc.py")),
    ("enum", include_str!("hostlib/enum.py")),
    ("bisect", include_str!("hostlib/bisect.py")),
    ("types", include_str!("hostlib/types.py")),
    ("dataclasses", include_str!("hostlib/dataclasses.py")),
    ("keyword", include_str!("hostlib/keyword.py")),
    ("textwrap", include_str!("hostlib/textwrap.py")),
    ("queue", include_str!("hostlib/queue.py")),
    ("fractions", include_str!("hostlib/fractions.py")),
    ("statistics", include_str!("hostlib/statistics.py")),
    ("pprint", include_str!("hostlib/pprint.py")),
    ("datetime", include_str!("hostlib/datetime.py")),
    ("importlib", include_str!("hostlib/importlib.py")),
    (
        "collections.abc",
        include_str!("hostlib/collections_abc.py"),
    ),
    // collections' `__getattr__` takes ChainMap from here (collections itself is frozen).
    ("_chainmap", include_str!("hostlib/_chainmap.py")),
    // The exception groups and `except*`'s runtime (see `Vm::lazy_builtin`).
    ("_exgroup", include_str!("hostlib/_exgroup.py")),
];

#[cfg(feature = "std")]
fn hostlib_source(name: &str) -> Option<&'static str> {
    HOSTLIB.iter().find(|(n, _)| *n == name).map(|(_, s)| *s)
}

/// Names of the modules built into the interpreter.
pub const BUILTIN_MODULES: &[&str] = &[
    "sys",
    "time",
    "math",
    "gc",
    "micropython",
    "builtins",
    "os",
    "struct",
    "_json",
    "errno",
    "hashlib",
    "binascii",
    "random",
    "os.path",
    "traceback",
];

impl Vm {
    /// A new module object with a fresh globals dict.
    pub fn new_module(&mut self, name: &str) -> Result<(Value, ObjRef), Exc> {
        let d = self.alloc(Obj::Dict(Dict::new()))?;
        let dr = d.as_obj().unwrap_or(ObjRef(0));
        let n = self.intern(name)?;
        let key = self.n.name;
        self.dict_set_str(dr, key, n)?;
        let m = self.alloc(Obj::Module(n, dr))?;
        Ok((m, dr))
    }

    fn set_fn(&mut self, d: ObjRef, name: &'static str, f: NativeFnPtr) -> Result<(), Exc> {
        let v = crate::builtins::native(self, name, f)?;
        let k = self.intern(name)?;
        self.dict_set_str(d, k, v)
    }

    fn set_val(&mut self, d: ObjRef, name: &str, v: Value) -> Result<(), Exc> {
        let k = self.intern(name)?;
        self.dict_set_str(d, k, v)
    }

    /// Creates a builtin module by name.
    fn make_builtin_module(&mut self, name: &str) -> Result<Option<Value>, Exc> {
        if name == "builtins" {
            // The interpreter's own builtins dict, not a copy: `builtins.x = ...` is seen by
            // every global lookup, as in CPython.
            let b = self.builtins;
            let n = self.intern(name)?;
            let key = self.n.name;
            self.dict_set_str(b, key, n)?;
            return self.alloc(Obj::Module(n, b)).map(Some);
        }
        let (m, d) = self.new_module(name)?;
        match name {
            "sys" => {
                // The rest (streams, version_info, implementation, functions) is made on first
                // use (`sys_attr`, through native_stdlib::lazy_attr): they held ~7 KB of heap
                // and most programs import sys for `sys.exit` or `sys.modules` alone.
                self.set_val(d, "argv", self.sys_argv)?;
                self.set_val(d, "path", self.sys_path)?;
                self.set_val(d, "modules", Value::Obj(self.modules))?;
                // Py_ssize_t's maximum on this target: 2**31-1 on a 32-bit board, as the
                // sizes `Vm::size_arg` accepts.
                self.set_val(d, "maxsize", Value::Int(crate::ops::SSIZE_MAX as i64))?;
            }
            // Functions come from TIME on first use (native_stdlib::lazy_attr).
            "time" => {}
            "math" => {
                // Functions come from MATH on first use (native_stdlib::lazy_attr): a
                // script uses a few of 50, and making them all took ~9.7 KB of heap.
                self.set_val(d, "pi", Value::Float(core::f64::consts::PI))?;
                self.set_val(d, "e", Value::Float(core::f64::consts::E))?;
                self.set_val(d, "tau", Value::Float(core::f64::consts::TAU))?;
                self.set_val(d, "inf", Value::Float(f64::INFINITY))?;
                self.set_val(d, "nan", Value::Float(f64::NAN))?;
            }
            "gc" => {
                for (n, f) in GC {
                    self.set_fn(d, n, *f)?;
                }
            }
            "os" => {
                for (n, f) in crate::os_module::OS {
                    self.set_fn(d, n, *f)?;
                }
                let sep = self.new_str("/")?;
                self.set_val(d, "sep", sep)?;
                let nm = self.new_str("posix")?;
                self.set_val(d, "name", nm)?;
                // os.path: one module object, also importable as `os.path`.
                let pn = self.intern("os.path")?;
                let modules = self.modules;
                let path = match self.dict_get_str(modules, pn) {
                    Some(p) => p,
                    None => {
                        let (p, pd) = self.new_module("os.path")?;
                        for (n, f) in crate::os_module::OS_PATH {
                            self.set_fn(pd, n, *f)?;
                        }
                        self.set_val(pd, "sep", sep)?;
                        self.dict_set_str(modules, pn, p)?;
                        p
                    }
                };
                self.set_val(d, "path", path)?;
            }
            "os.path" => {
                // `import os.path` first: the path module comes with os.
                let modules = self.modules;
                let on = self.intern("os")?;
                if self.dict_get_str(modules, on).is_none()
                    && let Some(os) = self.make_builtin_module("os")?
                {
                    self.dict_set_str(modules, on, os)?;
                }
                let pn = self.intern("os.path")?;
                return Ok(self.dict_get_str(modules, pn));
            }
            "struct" => crate::native_stdlib::struct_mod::init(self, d)?,
            "_json" => crate::native_stdlib::json_mod::init(self, d)?,
            "hashlib" => crate::native_stdlib::hashlib_mod::init(self, d)?,
            "binascii" => crate::native_stdlib::binascii_mod::init(self, d)?,
            "random" => crate::native_stdlib::random_mod::init(self, d)?,
            // Names come from a static table on first use (native_stdlib::lazy_attr).
            "errno" => {}
            "traceback" => {
                for (n, f) in TRACEBACK {
                    self.set_fn(d, n, *f)?;
                }
            }
            "micropython" => {
                for (n, f) in MICROPYTHON {
                    self.set_fn(d, n, *f)?;
                }
            }
            _ => {
                // Embedder modules.
                let idx = self.native_modules.iter().position(|m| m.name == name);
                let idx = match idx {
                    Some(i) => i,
                    None => return Ok(None),
                };
                // Functions (and `machine`'s classes) are made on first use
                // (native_stdlib::lazy_attr): a script uses a few of dozens.
                let consts: Vec<(String, crate::native::NativeValue)> =
                    self.native_modules[idx].constants.clone();
                for (cname, cv) in consts {
                    let v = crate::native::to_value(self, &cv)?;
                    let k = self.intern(&cname)?;
                    self.dict_set_str(d, k, v)?;
                }
            }
        }
        Ok(Some(m))
    }

    /// The attribute `name` of `sys` that is made on first use (`None`: no such name); the
    /// caller keeps it in the module dict. Names: [`SYS_LAZY`] and the functions of [`SYS`].
    pub(crate) fn sys_attr(&mut self, name: &str) -> Result<Option<Value>, Exc> {
        Ok(Some(match name {
            "version" => self.new_str("3.11.0 (pyrite)")?,
            "version_info" => self.version_info()?,
            "platform" => self.new_str("pyrite")?,
            "byteorder" => self.new_str("little")?,
            "implementation" => {
                // A types.SimpleNamespace, as CPython's (MicroPython's is an attribute tuple
                // with the same names), so it prints as `namespace(name='pyrite', ...)`.
                let c =
                    self.cached_native_class("_SimpleNamespace", "SimpleNamespace", NAMESPACE)?;
                let imp = self.new_instance(c, TypeTag::Object)?;
                let Value::Obj(r) = imp else {
                    return Ok(None);
                };
                let nm = self.new_str("pyrite")?;
                let mut ver = Vec::new();
                for part in crate::VERSION.split('.').take(3) {
                    ver.push(Value::Int(part.parse::<i64>().unwrap_or(0)));
                }
                let vt = self.alloc(Obj::Tuple(ver.into_boxed_slice()))?;
                let mach = self.new_str("pyrite with a simulated or native board")?;
                // `_mpy`: the .pbc format version (see PBC.md), the counterpart of
                // MicroPython's .mpy version.
                for (k, v) in [
                    ("name", nm),
                    ("version", vt),
                    ("_machine", mach),
                    ("_mpy", Value::Int(1)),
                ] {
                    let k = self.intern(k)?;
                    self.instance_set(r, k, v)?;
                }
                imp
            }
            "stdout" | "__stdout__" => self.make_stream(false)?,
            "stderr" | "__stderr__" => self.make_stream(true)?,
            "stdin" => {
                let c = self.cached_native_class("_Stdin", "TextIOWrapper", STDIN)?;
                self.new_instance(c, TypeTag::Object)?
            }
            _ => match SYS.iter().find(|(n, _)| *n == name) {
                Some((n, f)) => crate::builtins::native(self, n, *f)?,
                None => return Ok(None),
            },
        }))
    }

    /// `sys.version_info`: a tuple subclass with `major`, `minor`, `micro`.
    fn version_info(&mut self) -> Result<Value, Exc> {
        let name = self.intern_static_ref("version_info")?;
        let tuple = self.t.tuple;
        let object = self.t.object;
        let c = Class {
            name,
            multi_bases: None,
            mro: Box::default(),
            dict: Dict::new(),
            tag: TypeTag::Tuple,
            builtin: false,
            hooks: false,
            attr_hint: 0,
            meta: None,
        };
        let cv = self.alloc(Obj::Class(Box::new(c)))?;
        let cr = cv.as_obj().unwrap_or(ObjRef(0));
        if let Obj::Class(c) = self.heap.get_mut(cr) {
            c.mro = Box::new([cr, tuple, object]);
        }
        self.materialize_for_subclass(cr)?;
        let items = [Value::Int(3), Value::Int(11), Value::Int(0), Value::Int(0)];
        let t = self.alloc(Obj::Tuple(items[..3].to_vec().into_boxed_slice()))?;
        let inst = self.new_instance(cr, TypeTag::Tuple)?;
        self.set_base_value(inst, t);
        if let Value::Obj(r) = inst {
            for (k, v) in [("major", 3), ("minor", 11), ("micro", 0)] {
                let kk = self.intern(k)?;
                self.instance_set(r, kk, Value::Int(v))?;
            }
            let kk = self.intern("releaselevel")?;
            let fv = self.new_str("final")?;
            self.instance_set(r, kk, fv)?;
        }
        Ok(inst)
    }

    fn make_stream(&mut self, err: bool) -> Result<Value, Exc> {
        let cls = self.stream_class()?;
        let inst = self.new_instance(cls, TypeTag::Object)?;
        if let Value::Obj(r) = inst {
            let k = self.intern("_err")?;
            self.instance_set(r, k, Value::Bool(err))?;
        }
        Ok(inst)
    }

    fn stream_class(&mut self) -> Result<ObjRef, Exc> {
        self.cached_native_class("_Stream", "TextIOWrapper", STREAM)
    }

    /// A native class made on first use and kept in builtins under the hidden name `key`.
    pub(crate) fn cached_native_class(
        &mut self,
        key: &str,
        name: &str,
        methods: &[(&'static str, NativeFnPtr)],
    ) -> Result<ObjRef, Exc> {
        let k = self.intern(key)?;
        let b = self.builtins;
        if let Some(Value::Obj(c)) = self.dict_get_str(b, k) {
            return Ok(c);
        }
        let c = self.make_native_class(name, methods)?;
        self.dict_set_str(b, k, Value::Obj(c))?;
        Ok(c)
    }

    /// A class with native methods (for host-side objects like files and streams).
    pub fn make_native_class(
        &mut self,
        name: &str,
        methods: &[(&'static str, NativeFnPtr)],
    ) -> Result<ObjRef, Exc> {
        let n = self.intern_ref(name)?;
        let mut dict = Dict::new();
        for (mn, f) in methods {
            let v = crate::builtins::native(self, mn, *f)?;
            let k = self.intern(mn)?;
            let h = self.str_hash(k);
            dict.push_new(h, k, v);
        }
        let object = self.t.object;
        let c = Class {
            name: n,
            multi_bases: None,
            mro: Box::default(),
            dict,
            tag: TypeTag::Object,
            builtin: false,
            hooks: false,
            attr_hint: 0,
            meta: None,
        };
        let cv = self.alloc(Obj::Class(Box::new(c)))?;
        let cr = cv.as_obj().unwrap_or(ObjRef(0));
        if let Obj::Class(c) = self.heap.get_mut(cr) {
            c.mro = Box::new([cr, object]);
        }
        let m = self.n.module;
        let bi = self.intern("builtins")?;
        if let Obj::Class(c) = self.heap.get_mut(cr) {
            let _ = (m, bi);
            let _ = c;
        }
        Ok(cr)
    }

    /// Imports `name` (ImportName). `Ok(None)` means a module frame was pushed.
    pub fn import_module(&mut self, name: Value) -> Result<Option<Value>, Exc> {
        self.import_with(name, Ret::Import(Value::None))
    }

    /// The absolute name of a relative import (`..pkg.mod`), from the
    /// importing module's `__package__`, or its `__name__` (and `__path__`
    /// for a package).
    fn resolve_relative(&mut self, rel: &str) -> Result<Value, Exc> {
        let level = rel.len() - rel.trim_start_matches('.').len();
        let rest = &rel[level..];
        let globals = self.frames.last().map(|f| f.globals);
        let mut package = None;
        if let Some(g) = globals {
            let pk = self.intern("__package__")?;
            package = self
                .dict_get_str(g, pk)
                .and_then(|v| self.str_of(v).map(String::from));
            if package.is_none() {
                let nk = self.n.name;
                let pathk = self.intern("__path__")?;
                let is_pkg = self.dict_get_str(g, pathk).is_some();
                if let Some(n) = self.dict_get_str(g, nk).and_then(|v| self.str_of(v)) {
                    package = Some(if is_pkg {
                        String::from(n)
                    } else {
                        String::from(n.rsplit_once('.').map(|(p, _)| p).unwrap_or(""))
                    });
                }
            }
        }
        let mut base = match package {
            Some(p) if !p.is_empty() && p != "__main__" => p,
            _ => {
                return Err(self.exc_msg(
                    kind::IMPORT,
                    "attempted relative import with no known parent package",
                ));
            }
        };
        for _ in 1..level {
            match base.rsplit_once('.') {
                Some((p, _)) => base = String::from(p),
                None => {
                    return Err(self.exc_msg(
                        kind::IMPORT,
                        "attempted relative import beyond top-level package",
                    ));
                }
            }
        }
        if !rest.is_empty() {
            base.push('.');
            base.push_str(rest);
        }
        self.intern(&base)
    }

    /// `from package import name` when `name` is not an attribute yet: the
    /// submodule `package.name`, imported now (in a nested run). `None` when
    /// there is no such submodule.
    pub fn import_submodule(&mut self, m: Value, name: Value) -> Result<Option<Value>, Exc> {
        let pn = match m {
            Value::Obj(r) => match self.heap.get(r) {
                Obj::Module(n, _) => *n,
                _ => return Ok(None),
            },
            _ => return Ok(None),
        };
        let full = match (self.str_of(pn), self.str_of(name)) {
            (Some(p), Some(n)) => format!("{}.{}", p, n),
            _ => return Ok(None),
        };
        let fv = self.intern(&full)?;
        match import_nested(self, fv) {
            Ok(v) => Ok(Some(v)),
            Err(e) if self.exc_is(e.0, kind::MODULE_NOT_FOUND) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// A ModuleNotFoundError whose `name` attribute is the missing module.
    fn module_not_found(&mut self, n: &str) -> Exc {
        let e = self.exc_msg(kind::MODULE_NOT_FOUND, &format!("No module named '{}'", n));
        if let Ok(v) = self.new_str(n) {
            self.set_exc_attr(&e, "name", v);
        }
        e
    }

    fn import_with(&mut self, name: Value, ret: Ret) -> Result<Option<Value>, Exc> {
        let name = match self.str_of(name) {
            Some(s) if s.starts_with('.') => {
                let s = String::from(s);
                self.resolve_relative(&s)?
            }
            _ => name,
        };
        let modules = self.modules;
        if let Some(m) = self.dict_get_str(modules, name) {
            return Ok(Some(m));
        }
        let n = String::from(self.str_of(name).unwrap_or(""));
        // A submodule's package is imported (its `__init__` run) first.
        let mut pkg_dirs: Vec<String> = Vec::new();
        if let Some((parent, _)) = n.rsplit_once('.') {
            let pv = self.intern(parent)?;
            let pm = match self.dict_get_str(modules, pv) {
                Some(pm) => pm,
                None => import_nested(self, pv)?,
            };
            // Its own import may have imported us already.
            if let Some(m) = self.dict_get_str(modules, name) {
                return Ok(Some(m));
            }
            let pathk = self.intern("__path__")?;
            if let Some(Value::Obj(pr)) = self.get_attr_opt(pm, pathk).ok().flatten()
                && let Obj::List(l) = self.heap.get(pr)
            {
                pkg_dirs = l
                    .iter()
                    .filter_map(|p| self.str_of(*p).map(String::from))
                    .collect();
            }
        }
        if (BUILTIN_MODULES.contains(&n.as_str())
            || self.native_modules.iter().any(|m| m.name == n))
            && let Some(m) = self.make_builtin_module(&n)?
        {
            self.dict_set_str(modules, name, m)?;
            return Ok(Some(m));
        }
        // Search sys.path for name.py or name/__init__.py.
        let rel = n.replace('.', "/");
        let paths: Vec<String> = match self.sys_path {
            Value::Obj(r) => match self.heap.get(r) {
                Obj::List(l) => l
                    .iter()
                    .filter_map(|p| self.str_of(*p).map(String::from))
                    .collect(),
                _ => Vec::new(),
            },
            _ => Vec::new(),
        };
        if let Some(fc) = crate::stdlib::frozen_module(&n) {
            // Frozen bytecode (stdlib/mod.rs): only the heap side of its code is built.
            let path = format!("<frozen {}>", n);
            let code = crate::stdlib::load(self, fc)?;
            return self.run_module_code(code, &n, name, &path, ret);
        }
        let mut found: Option<(String, Vec<u8>)> = None;
        // A submodule is looked for in its package's `__path__` first.
        let leaf = n.rsplit('.').next().unwrap_or("");
        let searches = pkg_dirs
            .iter()
            .map(|d| (d.as_str(), leaf))
            .chain(paths.iter().map(|p| (p.as_str(), rel.as_str())));
        'outer: for (p, rel) in searches {
            for cand in [
                format!("{}.py", rel),
                format!("{}/__init__.py", rel),
                format!("{}.pbc", rel),
            ] {
                let full = if p.is_empty() || p == "." {
                    cand.clone()
                } else {
                    format!("{}/{}", p.trim_end_matches('/'), cand)
                };
                if let Some(data) = self.host.read_file(&full) {
                    found = Some((full, data));
                    break 'outer;
                }
            }
        }
        let (path, data) = match found {
            Some(f) => f,
            None => {
                #[cfg(feature = "std")]
                if let Some(src) = hostlib_source(&n) {
                    let path = format!("<hostlib {}>", n);
                    let code = self.compile_source(src, &path, Mode::Exec)?;
                    return self.run_module_code(code, &n, name, &path, ret);
                }
                // MicroPython's `u` names: `import ujson` is `json` itself when no `ujson`
                // exists, for the modules built in (native or frozen).
                if let Some(base) = n.strip_prefix('u')
                    && !n.contains('.')
                    && (BUILTIN_MODULES.contains(&base)
                        || self.native_modules.iter().any(|m| m.name == base)
                        || crate::stdlib::frozen_module(base).is_some())
                {
                    let bv = self.intern(base)?;
                    let m = import_nested(self, bv)?;
                    self.dict_set_str(modules, name, m)?;
                    return Ok(Some(m));
                }
                return Err(self.module_not_found(&n));
            }
        };
        if path.ends_with(".pbc") {
            // Precompiled bytecode (see PBC.md): checked by the loader, never trusted.
            let code = match crate::pbc::decode(self, &data) {
                Ok(c) => c,
                Err(e) => {
                    return Err(self.exc_msg(
                        kind::IMPORT,
                        &format!("invalid .pbc file '{}': {}", path, e),
                    ));
                }
            };
            return self.run_module_code(code, &n, name, &path, ret);
        }
        let src = match String::from_utf8(data) {
            Ok(s) => s,
            Err(_) => {
                return Err(
                    self.exc_msg(kind::SYNTAX, &format!("source of '{}' is not UTF-8", path))
                );
            }
        };
        let code = self.compile_source(&src, &path, Mode::Exec)?;
        self.run_module_code(code, &n, name, &path, ret)
    }

    /// Creates module `n` (registered in sys.modules) and pushes a frame running `code` in it.
    fn run_module_code(
        &mut self,
        code: Rc<crate::bytecode::Code>,
        n: &str,
        name: Value,
        path: &str,
        ret: Ret,
    ) -> Result<Option<Value>, Exc> {
        let modules = self.modules;
        let (m, d) = self.new_module(n)?;
        let f = self.new_str(path)?;
        self.set_val(d, "__file__", f)?;
        // A package (`pkg/__init__.py`): `__path__` lists its folder, and
        // `__package__` is the name relative imports start from.
        let package = if let Some(dir) = path
            .strip_suffix("/__init__.py")
            .or_else(|| path.strip_suffix("/__init__.pbc"))
            .or_else(|| (path == "__init__.py" || path == "__init__.pbc").then_some("."))
        {
            let dv = self.new_str(dir)?;
            let pl = self.alloc(Obj::List(vec![dv]))?;
            self.set_val(d, "__path__", pl)?;
            String::from(n)
        } else {
            String::from(n.rsplit_once('.').map(|(p, _)| p).unwrap_or(""))
        };
        let pv = self.new_str(&package)?;
        self.set_val(d, "__package__", pv)?;
        self.dict_set_str(modules, name, m)?;
        // Bind a submodule as an attribute of its (possibly synthetic) parent.
        if let Some((parent, child)) = n.rsplit_once('.') {
            let pn = self.intern(parent)?;
            let pm = match self.dict_get_str(modules, pn) {
                Some(pm) => pm,
                None => {
                    let (pm, _) = self.new_module(parent)?;
                    self.dict_set_str(modules, pn, pm)?;
                    pm
                }
            };
            let cn = self.intern(child)?;
            self.set_attr(pm, cn, m)?;
        }
        self.push_module_frame(code, d, m, ret)?;
        Ok(None)
    }

    /// Compiles source, turning compile errors into SyntaxError exceptions.
    pub fn compile_source(
        &mut self,
        src: &str,
        path: &str,
        mode: Mode,
    ) -> Result<Rc<crate::bytecode::Code>, Exc> {
        self.compile_source_shifted(src, path, mode, (src, 0))
    }

    /// `compile_source` of a wrapper around the user's source `shown`, which starts `shift`
    /// lines into `src`: a SyntaxError names the user's line and text.
    pub fn compile_source_shifted(
        &mut self,
        src: &str,
        path: &str,
        mode: Mode,
        (shown, shift): (&str, u32),
    ) -> Result<Rc<crate::bytecode::Code>, Exc> {
        let rc: Rc<str> = Rc::from(src);
        if let Some(e) = self.sources.iter_mut().find(|(f, _)| f == path) {
            e.1 = rc;
        } else {
            self.sources.push((String::from(path), rc));
        }
        let mut sink = crate::native::VmSink { vm: self };
        match compile(src, path, mode, &mut sink) {
            Ok(c) => Ok(c),
            Err(CompileError::Memory) => Err(self.memory_error()),
            Err(CompileError::Syntax(mut e)) => {
                e.line = e.line.saturating_sub(shift).max(1);
                Err(self.syntax_error(&e, path, shown))
            }
        }
    }

    /// A SyntaxError exception with CPython's args: (msg, (file, line, col, text)).
    pub fn syntax_error(&mut self, e: &crate::lexer::SyntaxErr, path: &str, src: &str) -> Exc {
        let line_text = src
            .lines()
            .nth((e.line as usize).saturating_sub(1))
            .unwrap_or("");
        let mk = |vm: &mut Vm| -> Result<Value, Exc> {
            let msg = vm.new_str(&e.msg)?;
            let f = vm.new_str(path)?;
            let t = vm.new_str(line_text)?;
            let det = vm.alloc(Obj::Tuple(
                vec![
                    f,
                    Value::Int(e.line as i64),
                    Value::Int(e.col as i64 + 1),
                    t,
                ]
                .into_boxed_slice(),
            ))?;
            let k = if e.msg == crate::lexer::TAB_ERROR {
                kind::TAB
            } else if e.indent {
                kind::INDENTATION
            } else {
                kind::SYNTAX
            };
            Ok(vm.exc_args(k, vec![msg, det]).0)
        };
        match mk(self) {
            Ok(v) => Exc(v),
            Err(x) => x,
        }
    }
}

/// `__import__` from native code: runs the module body in a nested loop if needed.
pub fn import_nested(vm: &mut Vm, name: Value) -> Result<Value, Exc> {
    let depth = vm.frames.len();
    let pos = vm.stack.len();
    match vm.import_with(name, Ret::Nested)? {
        Some(m) => Ok(m),
        None => {
            vm.native_depth += 1;
            let mut budget = u32::MAX;
            let r = vm.execute(depth, &mut budget, false);
            vm.native_depth -= 1;
            match r {
                Ok(_) => {
                    vm.stack.truncate(pos);
                    let modules = vm.modules;
                    Ok(vm.dict_get_str(modules, name).unwrap_or(Value::None))
                }
                Err(e) => {
                    vm.frames.truncate(depth);
                    vm.stack.truncate(pos);
                    Err(e)
                }
            }
        }
    }
}

/// True if `v` is sys.stderr.
pub fn is_stderr(vm: &mut Vm, v: Value) -> bool {
    stream_kind(vm, v) == Some(true)
}

/// True if `v` is sys.stdout.
pub fn is_stdout(vm: &mut Vm, v: Value) -> bool {
    stream_kind(vm, v) == Some(false)
}

fn stream_kind(vm: &mut Vm, v: Value) -> Option<bool> {
    let k = vm.intern("_err").ok()?;
    match v {
        Value::Obj(r) => match vm.heap.get(r) {
            Obj::Instance(i) => {
                let h = vm.str_hash(k);
                let ix = i.dict.find(h, |x| vm.str_key_eq(x, k))?;
                match i.dict.entries[ix].value {
                    Value::Bool(b) => Some(b),
                    _ => None,
                }
            }
            _ => None,
        },
        _ => None,
    }
}

fn st_write(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "write", a, 2, 2)?;
    let Some(s) = vm.str_of(a[1]).map(String::from) else {
        let tn = vm.type_name(a[1]);
        return Err(vm.type_error(&format!("write() argument must be str, not {}", tn)));
    };
    if is_stderr(vm, a[0]) {
        vm.host.write_err(&s);
    } else {
        vm.host.write_out(&s);
    }
    Ok(Value::Int(s.chars().count() as i64))
}

fn st_flush(_: &mut Vm, _: &[Value], _: Kw) -> Result<Value, Exc> {
    Ok(Value::None)
}

const STREAM: &[(&str, NativeFnPtr)] = &[("write", st_write), ("flush", st_flush)];

// `sys.stdin`: lines from `Host::read_line` (what `input()` reads), the text not yet returned
// kept in the stream's `_buf`, so `read(n)` and `readline()` can be mixed as on a board.

/// Appends the host's next line (with its newline, if it has one) to `buf`; false at end of
/// input.
fn stdin_fill(vm: &mut Vm, buf: &mut String) -> bool {
    match vm.host.read_line_raw() {
        Some(l) => {
            buf.push_str(&l);
            true
        }
        None => false,
    }
}

/// `input()`'s line once a program has used `sys.stdin`: the stream's next line without its
/// newline (text that `read(n)` left in its buffer comes first); `None` at end of input.
/// `Ok(None)` too when `sys.stdin` was never made, for `input()` to read the host directly.
pub fn stdin_input_line(vm: &mut Vm) -> Result<Option<Option<Value>>, Exc> {
    let (sys, stdin) = (vm.intern("sys")?, vm.intern("stdin")?);
    let modules = vm.modules;
    let stream = match vm.dict_get_str(modules, sys) {
        Some(Value::Obj(m)) => match vm.heap.get(m) {
            Obj::Module(_, g) => {
                let g = *g;
                vm.dict_get_str(g, stdin)
            }
            _ => None,
        },
        _ => None,
    };
    let Some(stream) = stream else {
        return Ok(None);
    };
    let line = stdin_take(vm, stream, LINE)?;
    let s = vm.str_of(line).unwrap_or("");
    if s.is_empty() {
        return Ok(Some(None));
    }
    let s = String::from(s.strip_suffix('\n').unwrap_or(s));
    Ok(Some(Some(vm.new_string(s)?)))
}

/// The next `want` characters of the stream (`ALL`: up to end of input, `LINE`: up to and
/// including a newline), read from the host as needed, the rest kept in `_buf`. One
/// function for read and readline: code size matters more here than speed.
fn stdin_take(vm: &mut Vm, this: Value, want: i64) -> Result<Value, Exc> {
    let k = vm.intern("_buf")?;
    let mut buf = match vm.get_attr_opt(this, k)? {
        Some(v) => vm.str_of(v).map(String::from).unwrap_or_default(),
        None => String::new(),
    };
    let mut chars = buf.chars().count() as i64;
    loop {
        let enough = match want {
            LINE => buf.contains('\n'),
            ALL => false,
            n => chars >= n,
        };
        if enough {
            break;
        }
        // Endless input (a UART that never ends) must end in MemoryError, not in a buffer
        // outside the heap's accounting that grows until the device's allocator fails.
        if buf.len() > vm.heap.limit.saturating_sub(vm.heap.used) {
            return Err(vm.memory_error());
        }
        let before = buf.len();
        if !stdin_fill(vm, &mut buf) {
            break;
        }
        chars += buf[before..].chars().count() as i64;
    }
    let cut = match want {
        LINE => buf.find('\n').map_or(buf.len(), |i| i + 1),
        ALL => buf.len(),
        n => buf
            .char_indices()
            .nth(n as usize)
            .map_or(buf.len(), |(i, _)| i),
    };
    let rest = buf.split_off(cut);
    let rest = vm.new_string(rest)?;
    if let Value::Obj(r) = this {
        vm.instance_set(r, k, rest)?;
    }
    vm.new_string(buf)
}

const ALL: i64 = -1;
const LINE: i64 = -2;

fn in_read(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "read", a, 1, 2)?;
    let n = match a.get(1) {
        None | Some(Value::None) => ALL,
        Some(v) => vm.as_index(*v)?.max(ALL),
    };
    stdin_take(vm, a[0], n)
}

fn in_readline(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "readline", a, 1, 2)?;
    stdin_take(vm, a[0], LINE)
}

fn in_readlines(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "readlines", a, 1, 2)?;
    let mut lines = Vec::new();
    loop {
        let line = stdin_take(vm, a[0], LINE)?;
        if vm.str_of(line).is_none_or(str::is_empty) {
            break;
        }
        // Rooted in the stack while the next line is read.
        vm.stack.push(line);
        lines.push(line);
    }
    vm.stack.truncate(vm.stack.len() - lines.len());
    vm.alloc(Obj::List(lines))
}

fn in_iter(_: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    Ok(a.first().copied().unwrap_or(Value::None))
}

fn in_next(vm: &mut Vm, a: &[Value], kw: Kw) -> Result<Value, Exc> {
    let line = in_readline(vm, a, kw)?;
    if vm.str_of(line).is_some_and(str::is_empty) {
        return Err(vm.exc_args(kind::STOP_ITERATION, Vec::new()));
    }
    Ok(line)
}

/// `types.SimpleNamespace`'s methods (the class of `sys.implementation`). Its repr is host-only
/// (`std`): the STM32F7 image has no flash to spare for it.
const NAMESPACE: &[(&str, NativeFnPtr)] = &[
    #[cfg(feature = "std")]
    ("__repr__", ns_repr),
];

/// `namespace(a=1, b='x')`: the attributes in the order they were set.
#[cfg(feature = "std")]
fn ns_repr(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "__repr__", a, 1, 1)?;
    let pairs: Vec<(Value, Value)> = match a[0] {
        Value::Obj(r) => vm
            .inst_dict(r)
            .map(|d| d.iter().map(|e| (e.key, e.value)).collect())
            .unwrap_or_default(),
        _ => Vec::new(),
    };
    let mut out = String::from("namespace(");
    for (i, (k, v)) in pairs.into_iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(&vm.to_str(k)?);
        out.push('=');
        out.push_str(&vm.repr(v)?);
    }
    out.push(')');
    vm.new_string(out)
}

const STDIN: &[(&str, NativeFnPtr)] = &[
    ("read", in_read),
    ("readline", in_readline),
    ("readlines", in_readlines),
    ("__iter__", in_iter),
    ("__next__", in_next),
];

// ---------- sys ----------

pub(crate) fn sys_exit(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    let args = a.first().map(|v| vec![*v]).unwrap_or_default();
    Err(vm.exc_args(kind::SYSTEM_EXIT, args))
}

fn sys_exc_info(vm: &mut Vm, _: &[Value], _: Kw) -> Result<Value, Exc> {
    let t = match vm.exc_stack.last() {
        Some(e) => {
            let e = *e;
            let c = vm.class_of(e);
            let tb = vm.exc_traceback(e)?;
            vec![Value::Obj(c), e, tb]
        }
        None => vec![Value::None, Value::None, Value::None],
    };
    vm.alloc(Obj::Tuple(t.into_boxed_slice()))
}

fn sys_getrecursionlimit(vm: &mut Vm, _: &[Value], _: Kw) -> Result<Value, Exc> {
    Ok(Value::Int(vm.max_depth as i64))
}

fn sys_setrecursionlimit(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "setrecursionlimit", a, 1, 1)?;
    let n = vm.as_index(a[0])?;
    if n < 1 {
        return Err(vm.value_error("recursion limit must be greater or equal than 1"));
    }
    // Never above the configured maximum: the embedder's limit protects its memory.
    // Saturating: `2**32 as usize` is 0 on a 32-bit target.
    vm.max_depth = usize::try_from(n)
        .unwrap_or(usize::MAX)
        .min(vm.config_max_depth);
    Ok(Value::None)
}

fn sys_get_int_max_str_digits(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "get_int_max_str_digits", a, 0, 0)?;
    Ok(Value::Int(vm.int_max_str_digits as i64))
}

fn sys_set_int_max_str_digits(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "set_int_max_str_digits", a, 1, 1)?;
    let n = vm.as_index(a[0])?;
    match usize::try_from(n) {
        Ok(n) if n == 0 || n >= 640 => {
            vm.int_max_str_digits = n;
            Ok(Value::None)
        }
        _ => Err(vm.value_error("maxdigits must be 0 or larger than 640")),
    }
}

/// `sys.print_exception(exc, file=sys.stdout)`: MicroPython prints to stdout by default.
fn sys_print_exception(vm: &mut Vm, a: &[Value], kw: Kw) -> Result<Value, Exc> {
    check_args(vm, "print_exception", a, 1, 2)?;
    let file = a.get(1).copied().or_else(|| kwarg(vm, kw, "file"));
    let s = vm.format_traceback(a[0]);
    // MicroPython prints to stdout by default.
    write_text(vm, file, &s, false)
}

/// Writes `s` to the stream `file` (None: stderr if `err`, else stdout).
fn write_text(vm: &mut Vm, file: Option<Value>, s: &str, err: bool) -> Result<Value, Exc> {
    match file {
        None | Some(Value::None) if err => vm.host.write_err(s),
        None | Some(Value::None) => vm.host.write_out(s),
        Some(f) if is_stdout(vm, f) => vm.host.write_out(s),
        Some(f) if is_stderr(vm, f) => vm.host.write_err(s),
        Some(f) => {
            let w = vm.intern("write")?;
            let m = vm.get_attr(f, w)?;
            let sv = vm.new_str(s)?;
            vm.call(m, &[sv])?;
        }
    }
    Ok(Value::None)
}

// ---------- traceback (CPython's; MicroPython code uses sys.print_exception) ----------

/// The exception a traceback function is about: its argument (the value of a legacy
/// `(type, value, tb)` call), else the one being handled.
fn tb_subject(vm: &mut Vm, a: &[Value], exc_arg: bool) -> Value {
    if exc_arg {
        let v = if a.len() >= 2 {
            a[1]
        } else {
            a.first().copied().unwrap_or(Value::None)
        };
        if vm.exc_data(v).is_some() {
            return v;
        }
    }
    vm.exc_stack.last().copied().unwrap_or(Value::None)
}

fn tb_text(vm: &mut Vm, e: Value) -> String {
    if vm.exc_data(e).is_some() {
        vm.format_traceback(e)
    } else {
        String::from("NoneType: None\n")
    }
}

fn tb_format_exc(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    let e = tb_subject(vm, a, false);
    let s = tb_text(vm, e);
    vm.new_string(s)
}

fn tb_print_exc(vm: &mut Vm, a: &[Value], kw: Kw) -> Result<Value, Exc> {
    let e = tb_subject(vm, a, false);
    let s = tb_text(vm, e);
    let file = a.get(1).copied().or_else(|| kwarg(vm, kw, "file"));
    write_text(vm, file, &s, true)
}

fn tb_print_exception(vm: &mut Vm, a: &[Value], kw: Kw) -> Result<Value, Exc> {
    check_args(vm, "print_exception", a, 1, 5)?;
    let e = tb_subject(vm, a, true);
    let s = tb_text(vm, e);
    let file = a.get(4).copied().or_else(|| kwarg(vm, kw, "file"));
    write_text(vm, file, &s, true)
}

/// `format_exception(exc)`: the text's lines (CPython groups a frame's two lines in one
/// string; `"".join(...)` gives the same text either way).
fn tb_format_exception(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "format_exception", a, 1, 5)?;
    let e = tb_subject(vm, a, true);
    let s = tb_text(vm, e);
    let mut lines = Vec::new();
    for l in s.split_inclusive('\n') {
        lines.push(vm.new_str(l)?);
    }
    vm.alloc(Obj::List(lines))
}

const TRACEBACK: &[(&str, NativeFnPtr)] = &[
    ("format_exc", tb_format_exc),
    ("print_exc", tb_print_exc),
    ("print_exception", tb_print_exception),
    ("format_exception", tb_format_exception),
];

fn sys_getsizeof(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "getsizeof", a, 1, 2)?;
    Ok(Value::Int(match a[0] {
        Value::Obj(r) => (crate::gc::SLOT_BYTES + vm.heap.get(r).extra_bytes()) as i64,
        _ => 16,
    }))
}

/// The names of `sys` besides its functions that [`Vm::sys_attr`] makes on first use.
pub(crate) const SYS_LAZY: &[&str] = &[
    "version",
    "version_info",
    "platform",
    "byteorder",
    "implementation",
    "stdout",
    "stderr",
    "stdin",
    "__stdout__",
    "__stderr__",
];

pub(crate) const SYS: &[(&str, NativeFnPtr)] = &[
    ("exit", sys_exit),
    ("exc_info", sys_exc_info),
    ("getrecursionlimit", sys_getrecursionlimit),
    ("setrecursionlimit", sys_setrecursionlimit),
    ("get_int_max_str_digits", sys_get_int_max_str_digits),
    ("set_int_max_str_digits", sys_set_int_max_str_digits),
    ("print_exception", sys_print_exception),
    ("getsizeof", sys_getsizeof),
];

// ---------- time ----------

fn seconds_arg(vm: &mut Vm, v: Value) -> Result<f64, Exc> {
    match vm.as_num(v) {
        Some(n) => Ok(n.to_f64()),
        None => {
            let tn = vm.type_name(v);
            Err(vm.type_error(&format!(
                "'{}' object cannot be interpreted as an integer",
                tn
            )))
        }
    }
}

pub(crate) fn do_sleep(vm: &mut Vm, ms: f64) -> Result<Value, Exc> {
    if ms.is_nan() || ms < 0.0 {
        return Err(vm.value_error("sleep length must be non-negative"));
    }
    let now = vm.host.now_ms();
    let until = now.saturating_add(libm::ceil(ms) as u64);
    if vm.native_depth > 0 {
        // Inside a native→Python callback the VM cannot suspend: wait here (interruptible).
        while vm.host.now_ms() < until {
            if vm.interrupt.load(core::sync::atomic::Ordering::Relaxed) {
                break;
            }
            core::hint::spin_loop();
        }
        return Ok(Value::None);
    }
    vm.pending_sleep = Some(until);
    Ok(Value::None)
}

fn t_sleep(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "sleep", a, 1, 1)?;
    let s = seconds_arg(vm, a[0])?;
    do_sleep(vm, s * 1000.0)
}
fn t_sleep_ms(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "sleep_ms", a, 1, 1)?;
    let s = seconds_arg(vm, a[0])?;
    do_sleep(vm, s)
}
fn t_sleep_us(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "sleep_us", a, 1, 1)?;
    let s = seconds_arg(vm, a[0])?;
    do_sleep(vm, s / 1000.0)
}

const TICKS_MASK: i64 = (1 << 30) - 1;

fn t_ticks_ms(vm: &mut Vm, _: &[Value], _: Kw) -> Result<Value, Exc> {
    Ok(Value::Int(vm.host.now_ms() as i64 & TICKS_MASK))
}
fn t_ticks_us(vm: &mut Vm, _: &[Value], _: Kw) -> Result<Value, Exc> {
    Ok(Value::Int(
        (vm.host.now_ms() as i64).wrapping_mul(1000) & TICKS_MASK,
    ))
}
fn t_ticks_diff(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "ticks_diff", a, 2, 2)?;
    let x = vm.as_index(a[0])?;
    let y = vm.as_index(a[1])?;
    let half = 1i64 << 29;
    Ok(Value::Int(
        (x.wrapping_sub(y).wrapping_add(half) & TICKS_MASK) - half,
    ))
}
fn t_ticks_add(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "ticks_add", a, 2, 2)?;
    let x = vm.as_index(a[0])?;
    let y = vm.as_index(a[1])?;
    Ok(Value::Int(x.wrapping_add(y) & TICKS_MASK))
}
fn t_time(vm: &mut Vm, _: &[Value], _: Kw) -> Result<Value, Exc> {
    Ok(Value::Float(vm.host.time_s()))
}
fn t_time_ns(vm: &mut Vm, _: &[Value], _: Kw) -> Result<Value, Exc> {
    let ns = vm.host.time_s() * 1e9;
    vm.int_from_big(BigInt::from_f64(ns))
}
fn t_monotonic(vm: &mut Vm, _: &[Value], _: Kw) -> Result<Value, Exc> {
    Ok(Value::Float(vm.host.now_ms() as f64 / 1000.0))
}

/// `gmtime`/`localtime`: the broken-down UTC time of `secs` (default now) as CPython's
/// 9 fields, a plain tuple (MicroPython's boards have no time zone: localtime is UTC).
fn t_gmtime(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "gmtime", a, 0, 1)?;
    let secs = match a.first() {
        Some(v) if *v != Value::None => libm::floor(fnum(vm, *v)?),
        _ => libm::floor(vm.host.time_s()),
    };
    if !secs.is_finite() || secs.abs() > 1e15 {
        return Err(vm.exc_msg(kind::OVERFLOW, "timestamp out of range for platform time_t"));
    }
    let secs = secs as i64;
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    const CUM: [i64; 12] = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
    let yday = CUM[(m - 1) as usize] + d + i64::from(leap && m > 2);
    let wday = (days + 3).rem_euclid(7); // 1970-01-01 was a Thursday (Monday = 0)
    let f = [
        y,
        m,
        d,
        rem / 3600,
        rem % 3600 / 60,
        rem % 60,
        wday,
        yday,
        0,
    ];
    vm.alloc(Obj::Tuple(f.iter().map(|x| Value::Int(*x)).collect()))
}

/// `mktime(t)`: seconds since the epoch of a UTC broken-down time (see `t_gmtime`).
fn t_mktime(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "mktime", a, 1, 1)?;
    let items = vm.collect_iter(a[0])?;
    if items.len() < 6 {
        return Err(vm.type_error("mktime(): illegal time tuple argument"));
    }
    let mut f = [0i64; 6];
    for (i, v) in items.iter().take(6).enumerate() {
        f[i] = match vm.as_num(*v) {
            Some(Num::I(x)) => x,
            _ => return Err(vm.type_error("an integer is required")),
        };
    }
    // days_from_civil, with months out of range carried into the year
    let (mut y, mut m) = (f[0], f[1] - 1);
    y += m.div_euclid(12);
    m = m.rem_euclid(12) + 1;
    let y2 = if m <= 2 { y - 1 } else { y };
    let era = y2.div_euclid(400);
    let yoe = y2 - era * 400;
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + f[2] - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Ok(Value::Float(
        (days * 86_400 + f[3] * 3600 + f[4] * 60 + f[5]) as f64,
    ))
}

pub(crate) const TIME: &[(&str, NativeFnPtr)] = &[
    ("gmtime", t_gmtime),
    ("localtime", t_gmtime),
    ("mktime", t_mktime),
    ("sleep", t_sleep),
    ("sleep_ms", t_sleep_ms),
    ("sleep_us", t_sleep_us),
    ("ticks_ms", t_ticks_ms),
    ("ticks_us", t_ticks_us),
    ("ticks_cpu", t_ticks_us),
    ("ticks_diff", t_ticks_diff),
    ("ticks_add", t_ticks_add),
    ("time", t_time),
    ("time_ns", t_time_ns),
    ("monotonic", t_monotonic),
    ("perf_counter", t_monotonic),
];

// ---------- math ----------

fn fnum(vm: &mut Vm, v: Value) -> Result<f64, Exc> {
    match vm.as_num(v) {
        Some(Num::B(b)) => {
            let f = b.to_f64();
            if f.is_infinite() {
                return Err(vm.exc_msg(kind::OVERFLOW, "int too large to convert to float"));
            }
            Ok(f)
        }
        Some(n) => Ok(n.to_f64()),
        None => {
            let fl = vm.n.float;
            if let Some(m) = vm.lookup_special(v, fl) {
                let r = vm.call(m, &[v])?;
                return fnum(vm, r);
            }
            let tn = vm.type_name(v);
            Err(vm.type_error(&format!("must be real number, not {}", tn)))
        }
    }
}

fn math1(
    vm: &mut Vm,
    a: &[Value],
    name: &str,
    f: fn(f64) -> f64,
    domain: fn(f64) -> bool,
) -> Result<Value, Exc> {
    check_args(vm, name, a, 1, 1)?;
    let x = fnum(vm, a[0])?;
    if !domain(x) {
        return Err(vm.value_error("math domain error"));
    }
    let r = f(x);
    if r.is_infinite() && x.is_finite() {
        return Err(vm.exc_msg(kind::OVERFLOW, "math range error"));
    }
    Ok(Value::Float(r))
}

macro_rules! m1 {
    ($name:ident, $s:expr, $f:expr, $d:expr) => {
        fn $name(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
            math1(vm, a, $s, $f, $d)
        }
    };
}

m1!(m_sqrt, "sqrt", crate::fmath::sqrt, |x| x >= 0.0
    || x.is_nan());
m1!(m_sin, "sin", crate::fmath::sin, |x| !x.is_infinite());
m1!(m_cos, "cos", crate::fmath::cos, |x| !x.is_infinite());
m1!(m_tan, "tan", crate::fmath::tan, |x| !x.is_infinite());
m1!(m_asin, "asin", crate::fmath::asin, |x| (-1.0..=1.0)
    .contains(&x)
    || x.is_nan());
m1!(m_acos, "acos", crate::fmath::acos, |x| (-1.0..=1.0)
    .contains(&x)
    || x.is_nan());
m1!(m_atan, "atan", crate::fmath::atan, |_| true);
m1!(m_exp, "exp", crate::fmath::exp, |_| true);
m1!(m_log10, "log10", crate::fmath::log10, |x| x > 0.0
    || x.is_nan());
m1!(m_log2, "log2", crate::fmath::log2, |x| x > 0.0
    || x.is_nan());
m1!(m_fabs, "fabs", libm::fabs, |_| true);
m1!(m_sinh, "sinh", crate::fmath::sinh, |_| true);
m1!(m_cosh, "cosh", crate::fmath::cosh, |_| true);
m1!(m_tanh, "tanh", crate::fmath::tanh, |_| true);
m1!(
    m_degrees,
    "degrees",
    |x| x * 180.0 / core::f64::consts::PI,
    |_| true
);
m1!(
    m_radians,
    "radians",
    |x| x * core::f64::consts::PI / 180.0,
    |_| true
);
m1!(m_expm1, "expm1", crate::fmath::expm1, |_| true);
m1!(m_erf, "erf", libm::erf, |_| true);
m1!(m_erfc, "erfc", libm::erfc, |_| true);
m1!(m_gamma, "gamma", libm::tgamma, |x| !(x <= 0.0
    && libm::trunc(x) == x));
m1!(m_lgamma, "lgamma", |x| libm::lgamma_r(x).0, |x| !(x <= 0.0
    && libm::trunc(x) == x));
m1!(m_asinh, "asinh", libm::asinh, |_| true);
m1!(m_acosh, "acosh", libm::acosh, |x| x >= 1.0 || x.is_nan());
m1!(m_atanh, "atanh", libm::atanh, |x| (x > -1.0 && x < 1.0)
    || x.is_nan());
m1!(m_log1p, "log1p", crate::fmath::log1p, |x| x > -1.0
    || x.is_nan());

fn m_log(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "log", a, 1, 2)?;
    let x = match vm.as_num(a[0]) {
        Some(Num::B(b)) if !b.neg => {
            // log of a huge int: log(m * 2^k) = log(m) + k log 2
            let bits = b.bit_length();
            let shift = bits.saturating_sub(60) as usize;
            let m = b.shr(shift).to_f64();
            let r = crate::fmath::log(m) + shift as f64 * core::f64::consts::LN_2;
            if a.len() == 2 {
                let base = fnum(vm, a[1])?;
                return Ok(Value::Float(r / crate::fmath::log(base)));
            }
            return Ok(Value::Float(r));
        }
        _ => fnum(vm, a[0])?,
    };
    if x <= 0.0 {
        return Err(vm.value_error("math domain error"));
    }
    let r = crate::fmath::log(x);
    if a.len() == 2 {
        let base = fnum(vm, a[1])?;
        if base <= 0.0 || base == 1.0 {
            return Err(if base == 1.0 {
                vm.exc_msg(kind::ZERO_DIVISION, "float division by zero")
            } else {
                vm.value_error("math domain error")
            });
        }
        return Ok(Value::Float(r / crate::fmath::log(base)));
    }
    Ok(Value::Float(r))
}

fn to_int_value(vm: &mut Vm, f: f64) -> Result<Value, Exc> {
    if f.is_nan() {
        return Err(vm.value_error("cannot convert float NaN to integer"));
    }
    if f.is_infinite() {
        return Err(vm.exc_msg(kind::OVERFLOW, "cannot convert float infinity to integer"));
    }
    if f.abs() < 9.0e18 {
        Ok(Value::Int(f as i64))
    } else {
        vm.int_from_big(BigInt::from_f64(f))
    }
}

/// `math.floor`/`ceil`/`trunc`: ints as they are (a bool as its int), an object's
/// `__floor__`/`__ceil__`/`__trunc__` when its class has one, else the float's `op`.
fn round_to_int(
    vm: &mut Vm,
    a: &[Value],
    name: &str,
    dunder: &str,
    op: fn(f64) -> f64,
) -> Result<Value, Exc> {
    check_args(vm, name, a, 1, 1)?;
    if let Some(Num::I(_) | Num::B(_)) = vm.as_num(a[0]) {
        return Ok(match a[0] {
            Value::Bool(b) => Value::Int(b as i64),
            v => v,
        });
    }
    // Only a name the program interned can be a method of one of its classes.
    if let Value::Obj(_) = a[0]
        && let Some(d) = vm.interned_opt(dunder)
        && let Some(m) = vm.lookup_special(a[0], d)
    {
        return vm.call(m, &[a[0]]);
    }
    if dunder == "__trunc__" && vm.as_num(a[0]).is_none() {
        let tn = vm.type_name(a[0]);
        return Err(vm.type_error(&format!("type {} doesn't define __trunc__ method", tn)));
    }
    let x = fnum(vm, a[0])?;
    to_int_value(vm, op(x))
}
fn m_floor(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    round_to_int(vm, a, "floor", "__floor__", libm::floor)
}
fn m_ceil(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    round_to_int(vm, a, "ceil", "__ceil__", libm::ceil)
}
fn m_trunc(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    round_to_int(vm, a, "trunc", "__trunc__", libm::trunc)
}
fn m_pow(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "pow", a, 2, 2)?;
    let (x, y) = (fnum(vm, a[0])?, fnum(vm, a[1])?);
    if x == 0.0 && y < 0.0 {
        return Err(vm.value_error("math domain error"));
    }
    if x < 0.0 && libm::trunc(y) != y && y.is_finite() {
        return Err(vm.value_error("math domain error"));
    }
    let r = crate::fmath::pow(x, y);
    if r.is_infinite() && x.is_finite() && y.is_finite() {
        return Err(vm.exc_msg(kind::OVERFLOW, "math range error"));
    }
    Ok(Value::Float(r))
}
fn m_atan2(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "atan2", a, 2, 2)?;
    let (y, x) = (fnum(vm, a[0])?, fnum(vm, a[1])?);
    Ok(Value::Float(crate::fmath::atan2(y, x)))
}
fn m_fmod(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "fmod", a, 2, 2)?;
    let (x, y) = (fnum(vm, a[0])?, fnum(vm, a[1])?);
    if y == 0.0 {
        return Err(vm.value_error("math domain error"));
    }
    Ok(Value::Float(crate::fmath::fmod(x, y)))
}
fn m_remainder(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "remainder", a, 2, 2)?;
    let (x, y) = (fnum(vm, a[0])?, fnum(vm, a[1])?);
    if x.is_nan() || y.is_nan() {
        return Ok(Value::Float(f64::NAN));
    }
    if x.is_infinite() || y == 0.0 {
        return Err(vm.value_error("math domain error"));
    }
    Ok(Value::Float(libm::remainder(x, y)))
}
fn m_hypot(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    let mut s = 0.0;
    for v in a {
        let x = fnum(vm, *v)?;
        s += x * x;
    }
    Ok(Value::Float(crate::fmath::sqrt(s)))
}
fn m_copysign(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "copysign", a, 2, 2)?;
    let (x, y) = (fnum(vm, a[0])?, fnum(vm, a[1])?);
    Ok(Value::Float(libm::copysign(x, y)))
}
fn m_isnan(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "isnan", a, 1, 1)?;
    Ok(Value::Bool(fnum(vm, a[0])?.is_nan()))
}
fn m_isinf(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "isinf", a, 1, 1)?;
    Ok(Value::Bool(fnum(vm, a[0])?.is_infinite()))
}
fn m_isfinite(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "isfinite", a, 1, 1)?;
    Ok(Value::Bool(fnum(vm, a[0])?.is_finite()))
}
fn m_isclose(vm: &mut Vm, a: &[Value], kwargs: Kw) -> Result<Value, Exc> {
    check_args(vm, "isclose", a, 2, 2)?;
    let (x, y) = (fnum(vm, a[0])?, fnum(vm, a[1])?);
    let rel = match kwarg(vm, kwargs, "rel_tol") {
        Some(v) => fnum(vm, v)?,
        None => 1e-9,
    };
    let abs = match kwarg(vm, kwargs, "abs_tol") {
        Some(v) => fnum(vm, v)?,
        None => 0.0,
    };
    if rel < 0.0 || abs < 0.0 {
        return Err(vm.value_error("tolerances must be non-negative"));
    }
    if x == y {
        return Ok(Value::Bool(true));
    }
    if x.is_infinite() || y.is_infinite() {
        return Ok(Value::Bool(false));
    }
    let d = (x - y).abs();
    Ok(Value::Bool(
        d <= (rel * y.abs()).max(rel * x.abs()) || d <= abs,
    ))
}
fn big_arg(vm: &mut Vm, v: Value) -> Result<BigInt, Exc> {
    match vm.as_num(v) {
        Some(Num::I(i)) => Ok(BigInt::from_i64(i)),
        Some(Num::B(b)) => Ok(b),
        _ => {
            let tn = vm.type_name(v);
            Err(vm.type_error(&format!(
                "'{}' object cannot be interpreted as an integer",
                tn
            )))
        }
    }
}
fn m_factorial(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "factorial", a, 1, 1)?;
    let n = vm.as_index(a[0])?;
    if n < 0 {
        return Err(vm.value_error("factorial() not defined for negative values"));
    }
    if n > 20000 {
        return Err(vm.memory_error());
    }
    let mut acc = BigInt::from_i64(1);
    for i in 2..=n {
        acc = acc.mul(&BigInt::from_i64(i));
    }
    vm.int_from_big(acc)
}
fn gcd_big(mut x: BigInt, mut y: BigInt) -> BigInt {
    x.neg = false;
    y.neg = false;
    while !y.is_zero() {
        let r = x.divmod(&y).map(|p| p.1).unwrap_or_else(BigInt::zero);
        x = y;
        y = r;
    }
    x
}
fn m_gcd(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    let mut acc = BigInt::zero();
    for v in a {
        let b = big_arg(vm, *v)?;
        acc = gcd_big(acc, b);
    }
    vm.int_from_big(acc)
}
fn m_lcm(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    let mut acc = BigInt::from_i64(1);
    for v in a {
        let b = big_arg(vm, *v)?;
        if b.is_zero() {
            return Ok(Value::Int(0));
        }
        let g = gcd_big(acc.clone(), b.clone());
        acc = acc
            .mul(&b)
            .divmod(&g)
            .map(|p| p.0)
            .unwrap_or_else(BigInt::zero);
        acc.neg = false;
    }
    vm.int_from_big(acc)
}
fn m_isqrt(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "isqrt", a, 1, 1)?;
    let n = big_arg(vm, a[0])?;
    if n.neg {
        return Err(vm.value_error("isqrt() argument must be nonnegative"));
    }
    if n.is_zero() {
        return Ok(Value::Int(0));
    }
    // Newton iteration on big ints.
    let mut x = BigInt::from_i64(1).shl((n.bit_length() as usize).div_ceil(2));
    loop {
        let y = x
            .add(&n.divmod(&x).map(|p| p.0).unwrap_or_else(BigInt::zero))
            .shr(1);
        if y.cmp(&x) != core::cmp::Ordering::Less {
            break;
        }
        x = y;
    }
    vm.int_from_big(x)
}
fn m_comb(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "comb", a, 2, 2)?;
    let (n, k) = (vm.as_index(a[0])?, vm.as_index(a[1])?);
    if n < 0 || k < 0 {
        return Err(vm.value_error("n must be a non-negative integer"));
    }
    if k > n {
        return Ok(Value::Int(0));
    }
    let k = k.min(n - k);
    let mut acc = BigInt::from_i64(1);
    for i in 0..k {
        acc = acc
            .mul(&BigInt::from_i64(n - i))
            .divmod(&BigInt::from_i64(i + 1))
            .map(|p| p.0)
            .unwrap_or_else(BigInt::zero);
    }
    vm.int_from_big(acc)
}
fn m_perm(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "perm", a, 1, 2)?;
    let n = vm.as_index(a[0])?;
    let k = match a.get(1) {
        Some(v) if !matches!(v, Value::None) => vm.as_index(*v)?,
        _ => n,
    };
    if n < 0 || k < 0 {
        return Err(vm.value_error("n must be a non-negative integer"));
    }
    if k > n {
        return Ok(Value::Int(0));
    }
    let mut acc = BigInt::from_i64(1);
    for i in 0..k {
        acc = acc.mul(&BigInt::from_i64(n - i));
    }
    vm.int_from_big(acc)
}
fn m_prod(vm: &mut Vm, a: &[Value], kwargs: Kw) -> Result<Value, Exc> {
    check_args(vm, "prod", a, 1, 1)?;
    let mut acc = kwarg(vm, kwargs, "start").unwrap_or(Value::Int(1));
    for x in vm.collect_iter(a[0])? {
        acc = vm.binary_op(crate::ast::BinOp::Mul, acc, x, false)?;
    }
    Ok(acc)
}
fn m_fsum(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "fsum", a, 1, 1)?;
    // Neumaier compensated summation.
    let mut s = 0.0f64;
    let mut c = 0.0f64;
    for x in vm.collect_iter(a[0])? {
        let v = fnum(vm, x)?;
        let t = s + v;
        if s.abs() >= v.abs() {
            c += (s - t) + v;
        } else {
            c += (v - t) + s;
        }
        s = t;
    }
    Ok(Value::Float(s + c))
}
fn m_modf(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "modf", a, 1, 1)?;
    let x = fnum(vm, a[0])?;
    let (f, i) = libm::modf(x);
    vm.alloc(Obj::Tuple(
        vec![Value::Float(f), Value::Float(i)].into_boxed_slice(),
    ))
}
fn m_frexp(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "frexp", a, 1, 1)?;
    let x = fnum(vm, a[0])?;
    let (m, e) = libm::frexp(x);
    vm.alloc(Obj::Tuple(
        vec![Value::Float(m), Value::Int(e as i64)].into_boxed_slice(),
    ))
}
fn m_ldexp(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "ldexp", a, 2, 2)?;
    let x = fnum(vm, a[0])?;
    let e = vm.as_index(a[1])?;
    Ok(Value::Float(libm::ldexp(x, e.clamp(-10000, 10000) as i32)))
}
fn m_dist(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "dist", a, 2, 2)?;
    let p = vm.collect_iter(a[0])?;
    let q = vm.collect_iter(a[1])?;
    if p.len() != q.len() {
        return Err(vm.value_error("both points must have the same number of dimensions"));
    }
    let mut s = 0.0;
    for (x, y) in p.iter().zip(q.iter()) {
        let d = fnum(vm, *x)? - fnum(vm, *y)?;
        s += d * d;
    }
    Ok(Value::Float(crate::fmath::sqrt(s)))
}

pub(crate) const MATH: &[(&str, NativeFnPtr)] = &[
    ("sqrt", m_sqrt),
    ("sin", m_sin),
    ("cos", m_cos),
    ("tan", m_tan),
    ("asin", m_asin),
    ("acos", m_acos),
    ("atan", m_atan),
    ("atan2", m_atan2),
    ("exp", m_exp),
    ("expm1", m_expm1),
    ("log", m_log),
    ("log10", m_log10),
    ("log2", m_log2),
    ("log1p", m_log1p),
    ("pow", m_pow),
    ("fabs", m_fabs),
    ("floor", m_floor),
    ("ceil", m_ceil),
    ("trunc", m_trunc),
    ("fmod", m_fmod),
    ("hypot", m_hypot),
    ("copysign", m_copysign),
    ("degrees", m_degrees),
    ("radians", m_radians),
    ("sinh", m_sinh),
    ("cosh", m_cosh),
    ("tanh", m_tanh),
    ("isnan", m_isnan),
    ("isinf", m_isinf),
    ("isfinite", m_isfinite),
    ("isclose", m_isclose),
    ("remainder", m_remainder),
    ("factorial", m_factorial),
    ("gcd", m_gcd),
    ("lcm", m_lcm),
    ("isqrt", m_isqrt),
    ("comb", m_comb),
    ("perm", m_perm),
    ("prod", m_prod),
    ("fsum", m_fsum),
    ("modf", m_modf),
    ("frexp", m_frexp),
    ("ldexp", m_ldexp),
    ("dist", m_dist),
    ("erf", m_erf),
    ("erfc", m_erfc),
    ("gamma", m_gamma),
    ("lgamma", m_lgamma),
    ("asinh", m_asinh),
    ("acosh", m_acosh),
    ("atanh", m_atanh),
];

// ---------- gc ----------

fn gc_collect(vm: &mut Vm, _: &[Value], _: Kw) -> Result<Value, Exc> {
    if vm.native_depth == 0 {
        // Called from bytecode: every live value is on the VM stacks, so this is a safepoint.
        let before = vm.heap.objs.iter().filter(|o| o.is_some()).count();
        vm.collect_garbage();
        // Close the suspended generators the collection dropped (their finally blocks run).
        let _ = vm.run_scheduled();
        let after = vm.heap.objs.iter().filter(|o| o.is_some()).count();
        return Ok(Value::Int(before.saturating_sub(after) as i64));
    }
    vm.heap.next_gc = 0;
    Ok(Value::Int(0))
}
fn gc_mem_free(vm: &mut Vm, _: &[Value], _: Kw) -> Result<Value, Exc> {
    Ok(Value::Int(vm.heap.limit.saturating_sub(vm.heap.used) as i64))
}
fn gc_mem_alloc(vm: &mut Vm, _: &[Value], _: Kw) -> Result<Value, Exc> {
    Ok(Value::Int(vm.heap.used as i64))
}
fn gc_enable(vm: &mut Vm, _: &[Value], _: Kw) -> Result<Value, Exc> {
    vm.gc_enabled = true;
    Ok(Value::None)
}
fn gc_disable(vm: &mut Vm, _: &[Value], _: Kw) -> Result<Value, Exc> {
    vm.gc_enabled = false;
    Ok(Value::None)
}
fn gc_isenabled(vm: &mut Vm, _: &[Value], _: Kw) -> Result<Value, Exc> {
    Ok(Value::Bool(vm.gc_enabled))
}
fn gc_threshold(_: &mut Vm, _: &[Value], _: Kw) -> Result<Value, Exc> {
    Ok(Value::None)
}

const GC: &[(&str, NativeFnPtr)] = &[
    ("collect", gc_collect),
    ("mem_free", gc_mem_free),
    ("mem_alloc", gc_mem_alloc),
    ("enable", gc_enable),
    ("disable", gc_disable),
    ("isenabled", gc_isenabled),
    ("threshold", gc_threshold),
];

// ---------- micropython ----------

fn mp_const(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "const", a, 1, 1)?;
    Ok(a[0])
}
/// `mem_info([verbose])`, in MicroPython's layout; verbose adds the live objects by kind
/// (count and bytes), where MicroPython prints its block map.
fn mp_mem_info(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "mem_info", a, 0, 1)?;
    let verbose = match a.first() {
        Some(v) => vm.truthy(*v)?,
        None => false,
    };
    let mut s = format!(
        "stack: {} out of {}\nGC: total: {}, used: {}, free: {}\n",
        vm.stack.len() * 16,
        vm.max_depth * 1024,
        vm.heap.limit,
        vm.heap.used,
        vm.heap.limit.saturating_sub(vm.heap.used)
    );
    if verbose {
        for (kind, n, bytes) in vm.heap.census() {
            s.push_str(&format!("  {kind}: {n} objects, {bytes} bytes\n"));
        }
    }
    vm.host.write_out(&s);
    Ok(Value::None)
}
/// The `micropython` module's dict (state like the optimisation level lives there).
fn mp_dict(vm: &mut Vm) -> Result<Option<ObjRef>, Exc> {
    let k = vm.intern("micropython")?;
    let modules = vm.modules;
    Ok(match vm.dict_get_str(modules, k) {
        Some(Value::Obj(m)) => match vm.heap.get(m) {
            Obj::Module(_, d) => Some(*d),
            _ => None,
        },
        _ => None,
    })
}

fn mp_get_int(vm: &mut Vm, key: &str) -> Result<i64, Exc> {
    let Some(d) = mp_dict(vm)? else {
        return Ok(0);
    };
    let k = vm.intern(key)?;
    Ok(match vm.dict_get_str(d, k) {
        Some(Value::Int(i)) => i,
        _ => 0,
    })
}

fn mp_set_int(vm: &mut Vm, key: &str, v: i64) -> Result<(), Exc> {
    if let Some(d) = mp_dict(vm)? {
        let k = vm.intern(key)?;
        vm.dict_set_str(d, k, Value::Int(v))?;
    }
    Ok(())
}

/// `opt_level([level])`: 0..=3, kept per interpreter (the compiler has one level today).
fn mp_opt_level(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "opt_level", a, 0, 1)?;
    match a.first() {
        None => Ok(Value::Int(mp_get_int(vm, "_opt_level")?)),
        Some(v) => {
            let n = vm.as_index(*v)?;
            mp_set_int(vm, "_opt_level", n.clamp(0, 3))?;
            Ok(Value::None)
        }
    }
}
/// Accepts and ignores its arguments (`alloc_emergency_exception_buf`: the VM preallocates
/// its MemoryError; `kbd_intr`: Ctrl-C handling belongs to the embedder).
fn mp_noop(_: &mut Vm, _: &[Value], _: Kw) -> Result<Value, Exc> {
    Ok(Value::None)
}
fn mp_stack_use(vm: &mut Vm, _: &[Value], _: Kw) -> Result<Value, Exc> {
    Ok(Value::Int(vm.stack.len() as i64 * 16))
}
/// `qstr_info([verbose])`: the interned-name pool, in MicroPython's format.
fn mp_qstr_info(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "qstr_info", a, 0, 1)?;
    let mut n = 0usize;
    let mut bytes = 0usize;
    let mut names: Vec<String> = Vec::new();
    let verbose = match a.first() {
        Some(v) => vm.truthy(*v)?,
        None => false,
    };
    for e in vm.interned.iter() {
        n += 1;
        if let Some(s) = vm.str_of(e.key) {
            bytes += s.len() + 1;
            if verbose {
                names.push(String::from(s));
            }
        }
    }
    let mut out = format!(
        "qstr pool: n_pool={}, n_qstr={}, n_str_data_bytes={}, n_total_bytes={}\n",
        1,
        n,
        bytes,
        bytes + n * 16
    );
    for nm in names {
        out.push_str(&format!("Q({})\n", nm));
    }
    vm.host.write_out(&out);
    Ok(Value::None)
}
/// `heap_lock()`: allocation is refused (MemoryError) until the matching `heap_unlock()`
/// where the heap supports it; the nesting depth is tracked here either way.
fn mp_heap_lock(vm: &mut Vm, _: &[Value], _: Kw) -> Result<Value, Exc> {
    vm.heap.lock_depth = vm.heap.lock_depth.saturating_add(1);
    Ok(Value::None)
}
/// `heap_unlock()`: returns the remaining lock depth.
fn mp_heap_unlock(vm: &mut Vm, _: &[Value], _: Kw) -> Result<Value, Exc> {
    vm.heap.lock_depth = vm.heap.lock_depth.saturating_sub(1);
    Ok(Value::Int(vm.heap.lock_depth as i64))
}
fn mp_heap_locked(vm: &mut Vm, _: &[Value], _: Kw) -> Result<Value, Exc> {
    Ok(Value::Int(vm.heap.lock_depth as i64))
}
/// `schedule(func, arg)`: runs `func(arg)` soon, between bytecodes (see `sched`).
fn mp_schedule(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "schedule", a, 2, 2)?;
    vm.schedule(a[0], a[1])?;
    Ok(Value::None)
}
/// `@micropython.native` / `@micropython.viper`: accepted, the function runs as bytecode.
fn mp_identity(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "native", a, 1, 1)?;
    Ok(a[0])
}

const MICROPYTHON: &[(&str, NativeFnPtr)] = &[
    ("const", mp_const),
    ("mem_info", mp_mem_info),
    ("opt_level", mp_opt_level),
    ("heap_lock", mp_heap_lock),
    ("heap_unlock", mp_heap_unlock),
    ("heap_locked", mp_heap_locked),
    ("schedule", mp_schedule),
    ("alloc_emergency_exception_buf", mp_noop),
    ("kbd_intr", mp_noop),
    ("stack_use", mp_stack_use),
    ("qstr_info", mp_qstr_info),
    ("native", mp_identity),
    ("viper", mp_identity),
];

#[allow(dead_code)]
fn unused(_: &str) -> String {
    "".to_string()
}
