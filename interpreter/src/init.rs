//! Building a fresh interpreter: the builtin classes, the exception hierarchy, the builtins
//! namespace and the `__main__` module.

use crate::dict::Dict;
use crate::exceptions::EXC_TABLE;
use crate::gc::Heap;
use crate::object::*;
use crate::value::{ObjRef, Value};
use crate::vm::*;
use crate::{Config, Host};
use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

const Z: ObjRef = ObjRef(0);

fn placeholder_names() -> Names {
    // `Null` for the names interned only once a program names them (`Names::lazy_slot`): a
    // lookup under `Null` finds nothing.
    let n = Value::Null;
    Names {
        init: n,
        new: n,
        call: n,
        getattr: n,
        getattribute: n,
        setattr: n,
        delattr: n,
        repr: n,
        str_: n,
        eq: n,
        ne: n,
        lt: n,
        le: n,
        gt: n,
        ge: n,
        hash: n,
        len: n,
        bool_: n,
        iter: n,
        next: n,
        getitem: n,
        setitem: n,
        delitem: n,
        contains: n,
        enter: n,
        exit: n,
        name: n,
        get: n,
        set: n,
        await_: n,
        index: n,
        neg: n,
        pos: n,
        invert: n,
        abs: n,
        float: n,
        int: n,
        format: n,
        doc: n,
        module: n,
        main: n,
        set_name: n,
        init_subclass: n,
        class_getitem: n,
        missing: n,
        reversed: n,
        dict: n,
        sys: n,
        stdout: n,
    }
}

/// Heap kept free above the builtins when the configured limit is smaller than that.
const MIN_FREE: usize = 8 << 10;

impl Vm {
    /// A fresh interpreter state.
    pub fn new(config: &Config, host: Box<dyn Host>) -> Vm {
        let mut vm = Vm {
            heap: Heap::new(usize::MAX / 2),
            stack: Vec::new(),
            frames: Vec::new(),
            exc_stack: Vec::new(),
            host,
            interned: Dict::new(),
            builtins: Z,
            modules: Z,
            t: Types::filled(Z),
            exc_classes: Vec::new(),
            n: placeholder_names(),
            main_globals: Z,
            max_depth: config.max_depth.max(8),
            config_max_depth: config.max_depth.max(8),
            int_max_str_digits: crate::int::DEFAULT_MAX_STR_DIGITS,
            native_depth: 0,
            gc_safe_depth: 0,
            helpers: Vec::new(),
            handoff: None,
            mappingproxy_class: None,
            iter_classes: [None; crate::vm::ITER_NAMES.len()],
            next_from_loop: false,
            interrupt: crate::InterruptFlag::new(),
            sched: crate::sched::Schedule::default(),
            pending_sleep: None,
            memory_error_inst: Value::None,
            sources: Vec::new(),
            native_modules: Vec::new(),
            sys_path: Value::None,
            sys_argv: Value::None,
            tasks: [Task::default(), Task::default()],
            current_task: 0,
            roots: Vec::new(),
            gc_enabled: true,
            not_implemented: Value::None,
            ellipsis: Value::None,
            repr_stack: Vec::new(),
            last_stop_value: Value::None,
            lookup_cache: Box::new(
                [const { core::cell::Cell::new(crate::vm::LookupEntry::EMPTY) };
                    crate::vm::LOOKUP_CACHE],
            ),
            class_epoch: core::cell::Cell::new(0),
            init_cache: [(u32::MAX, u64::MAX, 0); crate::vm::INIT_CACHE],
            super_cache: [(0, u32::MAX, u32::MAX, u64::MAX, 0); crate::vm::SUPER_CACHE],
            global_cache: Box::new(
                [(u32::MAX, u32::MAX, u64::MAX, Value::Null); crate::vm::GLOBAL_CACHE],
            ),
            ascii_strs: Vec::new(),
            binop_dunders: [None; 13],
            frozen_stub: None,
            dict_version: 0,
            arg_buf: Vec::new(),
            eager_deferred: Vec::new(),
        };
        // Allocation cannot fail with the provisional unlimited heap.
        let _ = vm.init();
        vm.heap.recount();
        vm.heap.limit = config.heap_bytes.max(vm.heap.used + MIN_FREE);
        // Builtins are permanent: start counting collections from here.
        vm.heap.next_gc = vm.heap.threshold_after(vm.heap.used);
        vm
    }

    fn init(&mut self) -> Result<(), Exc> {
        macro_rules! names {
            ($($f:ident = $s:expr),* $(,)?) => { $( self.n.$f = self.intern_static($s)?; )* };
        }
        names!(
            init = "__init__",
            new = "__new__",
            getattribute = "__getattribute__",
            setattr = "__setattr__",
            delattr = "__delattr__",
            repr = "__repr__",
            str_ = "__str__",
            eq = "__eq__",
            hash = "__hash__",
            len = "__len__",
            bool_ = "__bool__",
            iter = "__iter__",
            next = "__next__",
            getitem = "__getitem__",
            setitem = "__setitem__",
            delitem = "__delitem__",
            contains = "__contains__",
            name = "__name__",
            get = "__get__",
            index = "__index__",
            neg = "__neg__",
            abs = "__abs__",
            float = "__float__",
            int = "__int__",
            format = "__format__",
            doc = "__doc__",
            module = "__module__",
            main = "__main__",
            init_subclass = "__init_subclass__",
            dict = "__dict__",
        );
        // The builtin types' methods of these names wait in the static tables (see
        // `eager_deferred`); only `object`'s are made now, since every value reaches them.
        let n = &self.n;
        self.eager_deferred = vec![
            n.init,
            n.new,
            n.getattribute,
            n.setattr,
            n.delattr,
            n.repr,
            n.str_,
            n.eq,
            n.hash,
            n.len,
            n.bool_,
            n.iter,
            n.next,
            n.getitem,
            n.setitem,
            n.delitem,
            n.contains,
            n.get,
            n.index,
            n.neg,
            n.abs,
            n.float,
            n.int,
            n.format,
            n.init_subclass,
        ];
        // object and type first.
        let object = self.raw_class("object", Vec::new(), TypeTag::Object)?;
        self.t.object = object;
        let type_ = self.raw_class("type", vec![object], TypeTag::Type)?;
        self.t.type_ = type_;
        let mk =
            |vm: &mut Vm, name: &'static str, tag: TypeTag| vm.raw_class(name, vec![object], tag);
        self.t.none = mk(self, "NoneType", TypeTag::NoneType)?;
        self.t.int = mk(self, "int", TypeTag::Int)?;
        let int = self.t.int;
        self.t.bool_ = self.raw_class("bool", vec![int], TypeTag::Bool)?;
        self.t.float = mk(self, "float", TypeTag::Float)?;
        self.t.complex = mk(self, "complex", TypeTag::Complex)?;
        self.t.str_ = mk(self, "str", TypeTag::Str)?;
        self.t.bytes = mk(self, "bytes", TypeTag::Bytes)?;
        self.t.bytearray = mk(self, "bytearray", TypeTag::ByteArray)?;
        self.t.list = mk(self, "list", TypeTag::List)?;
        self.t.tuple = mk(self, "tuple", TypeTag::Tuple)?;
        self.t.dict = mk(self, "dict", TypeTag::Dict)?;
        self.t.set = mk(self, "set", TypeTag::Set)?;
        self.t.frozenset = mk(self, "frozenset", TypeTag::FrozenSet)?;
        self.t.function = mk(self, "function", TypeTag::Function)?;
        self.t.builtin_function = mk(self, "builtin_function_or_method", TypeTag::BuiltinFunction)?;
        self.t.method = mk(self, "method", TypeTag::Method)?;
        self.t.module = mk(self, "module", TypeTag::Module)?;
        self.t.generator = mk(self, "generator", TypeTag::Generator)?;
        self.t.coroutine = mk(self, "coroutine", TypeTag::Coroutine)?;
        self.t.async_generator = mk(self, "async_generator", TypeTag::Coroutine)?;
        self.t.range = mk(self, "range", TypeTag::Range)?;
        self.t.slice = mk(self, "slice", TypeTag::Slice)?;
        self.t.iterator = mk(self, "iterator", TypeTag::Iterator)?;
        self.t.property = mk(self, "property", TypeTag::Property)?;
        self.t.classmethod = mk(self, "classmethod", TypeTag::ClassMethod)?;
        self.t.staticmethod = mk(self, "staticmethod", TypeTag::StaticMethod)?;
        self.t.super_ = mk(self, "super", TypeTag::Super)?;
        self.t.memoryview = mk(self, "memoryview", TypeTag::MemoryView)?;
        self.t.cell = mk(self, "cell", TypeTag::Cell)?;
        self.t.code = mk(self, "code", TypeTag::Code)?;
        self.t.dict_view = mk(self, "dict_keys", TypeTag::DictView)?;
        self.t.dict_values = mk(self, "dict_values", TypeTag::DictView)?;
        self.t.dict_items = mk(self, "dict_items", TypeTag::DictView)?;
        self.t.enumerate = mk(self, "enumerate", TypeTag::Iterator)?;
        self.t.zip = mk(self, "zip", TypeTag::Iterator)?;
        self.t.map = mk(self, "map", TypeTag::Iterator)?;
        self.t.filter = mk(self, "filter", TypeTag::Iterator)?;
        self.t.reversed = mk(self, "reversed", TypeTag::Iterator)?;
        self.t.ellipsis = mk(self, "ellipsis", TypeTag::Ellipsis)?;
        self.t.not_implemented = mk(self, "NotImplementedType", TypeTag::NotImplemented)?;
        self.ellipsis = self.alloc(Obj::Singleton(0))?;
        self.not_implemented = self.alloc(Obj::Singleton(1))?;

        // Exceptions: classes are created on first use (`exc_class`), except these.
        self.exc_classes = vec![Z; EXC_TABLE.len()];
        use crate::exceptions::kind;
        for k in [kind::BASE, kind::EXCEPTION, kind::MEMORY] {
            self.exc_class(k)?;
        }
        self.memory_error_inst = self.new_exception(self.exc_classes[kind::MEMORY], Vec::new())?;

        // builtins namespace.
        let b = self.alloc(Obj::Dict(Dict::new()))?;
        self.builtins = b.as_obj().unwrap_or(Z);
        let bd = self.builtins;
        // Builtin functions, types, exception classes, `Ellipsis` and `NotImplemented` enter
        // this namespace per name once a program names them (`materialize_methods`).
        let k = self.n.name;
        let v = self.intern_static("builtins")?;
        self.dict_set_str(bd, k, v)?;

        // sys.modules, sys.path, sys.argv, __main__.
        let m = self.alloc(Obj::Dict(Dict::new()))?;
        self.modules = m.as_obj().unwrap_or(Z);
        let empty = self.intern_static("")?;
        self.sys_path = self.alloc(Obj::List(vec![empty]))?;
        self.sys_argv = self.alloc(Obj::List(Vec::new()))?;
        let (main, g) = self.new_module("__main__")?;
        self.main_globals = g;
        let mk = self.n.main;
        let mods = self.modules;
        self.dict_set_str(mods, mk, main)?;
        // Builtin methods are materialised per name once that name is interned (see
        // `materialize_methods`); catch up on the names interned while building.
        let names: Vec<Value> = self
            .interned
            .iter()
            .filter(|e| e.value.is_null())
            .map(|e| e.key)
            .collect();
        // Names interned by start-up itself (type names, special names) wait until a program
        // names them: only `object`'s methods of the VM's special names are made now.
        let object = self.t.object;
        for n in names {
            if self.eager_deferred.contains(&n) {
                self.materialize_table_methods(n, Some(object))?;
            }
            self.defer_methods(n);
        }
        // The start-up tables are final: give their growth slack back (~2.4 KiB; an MRO is a
        // boxed slice, which has none).
        for o in self.heap.objs.iter_mut().flatten() {
            if let Obj::Class(c) = o {
                c.dict.entries.shrink_to_fit();
                c.dict.tight = true;
            }
        }
        Ok(())
    }

    /// Creates every builtin method of class `cls` (and of its builtin bases) now, for
    /// listings such as `dir(str)` that must show names the program never used.
    pub fn materialize_class(&mut self, cls: ObjRef) -> Result<(), Exc> {
        let mro: Vec<ObjRef> = match self.heap.get(cls) {
            Obj::Class(c) => c.mro.to_vec(),
            _ => return Ok(()),
        };
        for (targets, table, _) in METHOD_TABLES {
            if targets.iter().any(|t| mro.contains(&t.class(self))) {
                for (n, _) in table.iter() {
                    self.intern_static(n)?;
                }
            }
        }
        Ok(())
    }

    /// The builtin type (or `Ellipsis`, `NotImplemented`) the builtins namespace holds under
    /// `name`.
    fn builtin_type_named(&self, name: &str) -> Option<Value> {
        let t = &self.t;
        let c = match name {
            "object" => t.object,
            "type" => t.type_,
            "int" => t.int,
            "bool" => t.bool_,
            "float" => t.float,
            "complex" => t.complex,
            "str" => t.str_,
            "bytes" => t.bytes,
            "bytearray" => t.bytearray,
            "list" => t.list,
            "tuple" => t.tuple,
            "dict" => t.dict,
            "set" => t.set,
            "frozenset" => t.frozenset,
            "range" => t.range,
            "slice" => t.slice,
            "property" => t.property,
            "classmethod" => t.classmethod,
            "staticmethod" => t.staticmethod,
            "super" => t.super_,
            "memoryview" => t.memoryview,
            "Ellipsis" => return Some(self.ellipsis),
            "NotImplemented" => return Some(self.not_implemented),
            _ => return None,
        };
        Some(Value::Obj(c))
    }

    /// Puts every builtin function, type and exception class into the builtins namespace now
    /// (for `import builtins` / `dir(builtins)`).
    pub fn materialize_builtins(&mut self) -> Result<(), Exc> {
        for (n, _) in crate::builtins::FUNCTIONS {
            self.intern_static(n)?;
        }
        for n in BUILTIN_NAMES {
            self.intern_static(n)?;
        }
        for k in 0..EXC_TABLE.len() {
            self.exc_class(k)?;
        }
        Ok(())
    }

    /// The builtin exception class of kind `k` (an `EXC_TABLE` index), created with its bases
    /// on first use: a program that never names or raises `UnicodeDecodeError` never pays for it.
    pub fn exc_class(&mut self, k: usize) -> Result<ObjRef, Exc> {
        let Some(&(name, parent)) = EXC_TABLE.get(k) else {
            return Ok(self.exc_classes.first().copied().unwrap_or(Z));
        };
        if let Some(&c) = self.exc_classes.get(k)
            && c != Z
        {
            return Ok(c);
        }
        let base = if k == 0 {
            self.t.object
        } else {
            self.exc_class(parent)?
        };
        // Interning the name may create the class through `materialize_methods`.
        self.intern_static(name)?;
        if self.exc_classes[k] != Z {
            return Ok(self.exc_classes[k]);
        }
        let c = self.raw_class(name, vec![base], TypeTag::Exception)?;
        self.exc_classes[k] = c;
        Ok(c)
    }

    /// Puts the builtin function called `name` (an interned str) into the builtins namespace
    /// and the builtin methods called `name` into the builtin classes that have one, as native
    /// function objects.
    ///
    /// Method tables live in static data (`METHOD_TABLES`); a method object exists on the heap
    /// only once its name has been interned — by the compiler for an attribute the program
    /// mentions, by `getattr`/`hasattr`, or at start-up for the special-method names the VM
    /// itself looks up. A lookup can only use an interned name, so it never misses one. Called
    /// by `Vm::intern` for every new name; a no-op until the builtin classes exist.
    pub fn materialize_methods(&mut self, name: Value) -> Result<(), Exc> {
        if self.main_globals == Z {
            return Ok(());
        }
        // `machine`'s classes keep their attributes in flash the same way.
        crate::machine::materialize_name(self, name)?;
        let text = match self.str_of(name) {
            Some(t) => t,
            None => return Ok(()),
        };
        let first = match text.as_bytes().first() {
            Some(b) => *b,
            None => return Ok(()),
        };
        let func = crate::builtins::FUNCTIONS
            .iter()
            .find(|(n, _)| n.as_bytes()[0] == first && *n == text);
        let ty = self.builtin_type_named(text);
        let exc = EXC_TABLE
            .iter()
            .position(|(n, _)| n.as_bytes()[0] == first && *n == text)
            .or(match text {
                "EnvironmentError" | "IOError" => Some(crate::exceptions::kind::OS),
                _ => None,
            });
        if let Some(k) = exc {
            let c = self.exc_class(k)?;
            let bd = self.builtins;
            if self.dict_get_str(bd, name).is_none() {
                self.dict_set_str(bd, name, Value::Obj(c))?;
                self.shrink_builtins();
            }
        }
        if let Some(v) = ty {
            let bd = self.builtins;
            if self.dict_get_str(bd, name).is_none() {
                self.dict_set_str(bd, name, v)?;
                self.shrink_builtins();
            }
        }
        if let Some((n, f)) = func {
            let bd = self.builtins;
            if self.dict_get_str(bd, name).is_none() {
                let v = crate::builtins::native(self, n, *f)?;
                let tag = match *n {
                    "next" => INTRINSIC_NEXT,
                    // Called in place by the dispatch loop (`Vm::builtin_inline`).
                    "len" => INTRINSIC_LEN,
                    _ => 0,
                };
                if tag != 0
                    && let Value::Obj(r) = v
                    && let Obj::Native(nf) = self.heap.get_mut(r)
                {
                    nf.data = tag;
                }
                self.dict_set_str(bd, name, v)?;
                self.shrink_builtins();
            }
        }
        self.materialize_table_methods(name, None)
    }

    /// Puts the builtin methods called `name` (an interned str) from the static tables into
    /// the builtin classes that have one and lack it yet: all of them, or only class `only`.
    fn materialize_table_methods(&mut self, name: Value, only: Option<ObjRef>) -> Result<(), Exc> {
        let Some(text) = self.str_of(name) else {
            return Ok(());
        };
        let Some(&first) = text.as_bytes().first() else {
            return Ok(());
        };
        let mut found: Vec<(&'static [Target], &'static str, NativeFnPtr, MethodKind)> = Vec::new();
        for (targets, table, kind) in METHOD_TABLES {
            for (n, f) in table.iter() {
                if n.as_bytes()[0] == first && *n == text {
                    found.push((targets, n, *f, *kind));
                }
            }
        }
        if found.is_empty() {
            return Ok(());
        }
        let h = self.str_hash(name);
        for (targets, n, f, kind) in found {
            // One function object per table row, shared by the classes of that row (the
            // sequence `__len__` of str, list, tuple, ... is one object).
            let mut shared = None;
            for t in targets {
                let cls = t.class(self);
                if only.is_some_and(|o| o != cls) {
                    continue;
                }
                let present = match self.heap.get(cls) {
                    Obj::Class(c) => c.dict.find(h, |k| k == name).is_some(),
                    _ => true,
                };
                if present {
                    continue;
                }
                let v = match shared {
                    Some(v) => v,
                    None if matches!(kind, MethodKind::Unset) => Value::None,
                    None => {
                        let mut v = crate::builtins::native(self, n, f)?;
                        if n == "send"
                            && matches!(
                                t,
                                Target::Generator | Target::Coroutine | Target::AsyncGenerator
                            )
                            && let Value::Obj(r) = v
                            && let Obj::Native(nf) = self.heap.get_mut(r)
                        {
                            // Generator send runs in the dispatch loop when called from bytecode.
                            nf.data = INTRINSIC_SEND;
                        }
                        if n == "append"
                            && matches!(t, Target::List)
                            && let Value::Obj(r) = v
                            && let Obj::Native(nf) = self.heap.get_mut(r)
                        {
                            // Called in place by the dispatch loop (`Vm::builtin_inline`).
                            nf.data = INTRINSIC_APPEND;
                        }
                        match kind {
                            MethodKind::Plain => {}
                            MethodKind::Static => v = self.alloc(Obj::StaticMethod(v))?,
                            MethodKind::Class => v = self.alloc(Obj::ClassMethod(v))?,
                            MethodKind::Unset => {}
                        }
                        shared = Some(v);
                        v
                    }
                };
                if let Obj::Class(c) = self.heap.get_mut(cls) {
                    // Exact growth: these tables gain an entry per name the program uses, so
                    // a doubling step would leave slack in every builtin type a program names
                    // a method of (naming `__add__` took ~1 KB per type with it).
                    c.dict.entries.reserve_exact(1);
                    c.dict.push_new(h, name, v);
                }
            }
        }
        self.classes_changed();
        Ok(())
    }

    /// Gives class `cls`, just made with builtin bases, the methods its builtin bases (other
    /// than `object`) have under the VM's own special-method names (`eager_deferred`): the
    /// VM looks those up on a subclass's instances (`len()` of a `list` subclass finds
    /// `list.__len__`), while on the builtin values themselves it works natively.
    pub(crate) fn materialize_for_subclass(&mut self, cls: ObjRef) -> Result<(), Exc> {
        if self.eager_deferred.is_empty() {
            return Ok(());
        }
        let object = self.t.object;
        let bases: Vec<ObjRef> = match self.heap.get(cls) {
            Obj::Class(c) => c.mro.iter().copied().filter(|&b| b != object).collect(),
            _ => return Ok(()),
        };
        for b in bases {
            if !self.is_builtin_class(b) {
                continue;
            }
            let names = self.eager_deferred.clone();
            for n in names {
                self.materialize_table_methods(n, Some(b))?;
            }
            crate::methods::install_subclass_methods(self, b)?;
        }
        Ok(())
    }

    /// Gives back the builtins dict's growth slack after a name materialised in it: it grows
    /// by one entry per builtin a program names, not by doubling steps.
    fn shrink_builtins(&mut self) {
        let bd = self.builtins;
        if let Obj::Dict(d) = self.heap.get_mut(bd) {
            d.shrink_to_fit();
        }
    }

    pub(crate) fn raw_class(
        &mut self,
        name: &'static str,
        bases: Vec<ObjRef>,
        tag: TypeTag,
    ) -> Result<ObjRef, Exc> {
        let n = self.intern_static_ref(name)?;
        let mut mro = Vec::new();
        if let Some(b) = bases.first()
            && let Obj::Class(c) = self.heap.get(*b)
        {
            mro = c.mro.to_vec();
        }
        let c = Class {
            name: n,
            multi_bases: Class::multi_bases(&bases),
            mro: Box::default(),
            dict: Dict::new(),
            tag,
            builtin: true,
            hooks: false,
            attr_hint: 0,
            meta: None,
        };
        let v = self.alloc(Obj::Class(Box::new(c)))?;
        let r = v.as_obj().unwrap_or(Z);
        mro.insert(0, r);
        if let Obj::Class(c) = self.heap.get_mut(r) {
            c.mro = mro.into_boxed_slice();
        }
        Ok(r)
    }

    /// Registers an embedder module (imported lazily by name).
    pub fn register_native_module(&mut self, m: crate::native::NativeModule) {
        self.native_modules.retain(|x| x.name != m.name);
        self.native_modules.push(NativeModuleDef {
            name: m.name,
            functions: m.functions,
            constants: m.constants,
            hal: m.hal,
        });
    }

    /// Replaces sys.argv.
    pub fn set_argv(&mut self, args: &[&str]) -> Result<(), Exc> {
        let mut v = Vec::new();
        for a in args {
            v.push(self.new_str(a)?);
        }
        if let Value::Obj(r) = self.sys_argv
            && let Obj::List(l) = self.heap.get_mut(r)
        {
            *l = v;
        }
        Ok(())
    }

    /// Prepends a directory to sys.path.
    pub fn add_path(&mut self, dir: &str) -> Result<(), Exc> {
        let d = self.new_str(dir)?;
        if let Value::Obj(r) = self.sys_path
            && let Obj::List(l) = self.heap.get_mut(r)
        {
            l.insert(0, d);
        }
        Ok(())
    }
}

#[derive(Clone, Copy)]
enum MethodKind {
    Plain,
    Static,
    Class,
    /// The name is set to None (`list.__hash__ is None`: the type refuses the operation).
    Unset,
}

/// A builtin class that owns a static method table.
#[derive(Clone, Copy)]
enum Target {
    Object,
    Type,
    Str,
    List,
    Tuple,
    Dict,
    Set,
    FrozenSet,
    Bytes,
    ByteArray,
    Int,
    Float,
    Complex,
    Generator,
    Coroutine,
    AsyncGenerator,
    Range,
    DictKeys,
    DictValues,
    DictItems,
    MemoryView,
    Slice,
    Property,
    BaseException,
    Iterator,
    Enumerate,
    Zip,
    Map,
    Filter,
    Reversed,
}

impl Target {
    fn class(self, vm: &Vm) -> ObjRef {
        let t = &vm.t;
        match self {
            Target::Object => t.object,
            Target::Type => t.type_,
            Target::Str => t.str_,
            Target::List => t.list,
            Target::Tuple => t.tuple,
            Target::Dict => t.dict,
            Target::Set => t.set,
            Target::FrozenSet => t.frozenset,
            Target::Bytes => t.bytes,
            Target::ByteArray => t.bytearray,
            Target::Int => t.int,
            Target::Float => t.float,
            Target::Complex => t.complex,
            Target::Generator => t.generator,
            Target::Coroutine => t.coroutine,
            Target::AsyncGenerator => t.async_generator,
            Target::Range => t.range,
            Target::DictKeys => t.dict_view,
            Target::DictValues => t.dict_values,
            Target::DictItems => t.dict_items,
            Target::MemoryView => t.memoryview,
            Target::Slice => t.slice,
            Target::Property => t.property,
            Target::BaseException => vm.exc_classes.first().copied().unwrap_or(t.object),
            Target::Iterator => t.iterator,
            Target::Enumerate => t.enumerate,
            Target::Zip => t.zip,
            Target::Map => t.map,
            Target::Filter => t.filter,
            Target::Reversed => t.reversed,
        }
    }
}

/// The names `Vm::builtin_type_named` knows.
const BUILTIN_NAMES: &[&str] = &[
    "object",
    "type",
    "int",
    "bool",
    "float",
    "complex",
    "str",
    "bytes",
    "bytearray",
    "list",
    "tuple",
    "dict",
    "set",
    "frozenset",
    "range",
    "slice",
    "property",
    "classmethod",
    "staticmethod",
    "super",
    "memoryview",
    "Ellipsis",
    "NotImplemented",
];

type Table = &'static [(&'static str, NativeFnPtr)];

/// Every builtin method, in static data: (classes, table, kind). Earlier rows win when a class
/// gets the same name from two tables (the order the eager tables were installed in).
const METHOD_TABLES: &[(&[Target], Table, MethodKind)] = {
    use crate::dunders::{HASHABLE, MUTABLE, NUMBER, SEQUENCE};
    use crate::methods as m;
    use Target::*;
    &[
        (&[Object], m::OBJECT, MethodKind::Plain),
        (&[Object], m::OBJECT_STATIC, MethodKind::Static),
        (&[Object], m::OBJECT_CLASS, MethodKind::Class),
        (&[Type], m::TYPE, MethodKind::Plain),
        (&[Str], crate::str::METHODS, MethodKind::Plain),
        (&[Str], crate::str::STATIC, MethodKind::Static),
        (&[List], m::LIST, MethodKind::Plain),
        (&[Tuple], m::TUPLE, MethodKind::Plain),
        (&[Dict], m::DICT, MethodKind::Plain),
        (&[Dict], m::DICT_CLASS, MethodKind::Class),
        (&[Set], m::SET, MethodKind::Plain),
        (&[FrozenSet], m::FROZENSET, MethodKind::Plain),
        (&[Bytes], m::BYTES, MethodKind::Plain),
        (&[Bytes, ByteArray], m::BYTES_CLASS, MethodKind::Class),
        (&[Bytes, ByteArray], m::BYTES_STATIC, MethodKind::Static),
        (&[ByteArray], m::BYTEARRAY, MethodKind::Plain),
        (&[Int], m::INT, MethodKind::Plain),
        (&[Int], m::INT_CLASS, MethodKind::Class),
        (&[Float], m::FLOAT, MethodKind::Plain),
        (&[Float], m::FLOAT_CLASS, MethodKind::Class),
        (&[Complex], crate::complex::METHODS, MethodKind::Plain),
        (&[AsyncGenerator], m::ASYNC_GENERATOR, MethodKind::Plain),
        (&[Generator, Coroutine], m::GENERATOR, MethodKind::Plain),
        (
            &[Iterator, Enumerate, Zip, Map, Filter, Reversed],
            m::ITERATOR,
            MethodKind::Plain,
        ),
        (&[Int, Float], NUMBER, MethodKind::Plain),
        (&[Complex], crate::dunders::COMPLEX, MethodKind::Plain),
        (
            &[
                Str, Bytes, ByteArray, List, Tuple, Dict, Set, FrozenSet, Range,
            ],
            SEQUENCE,
            MethodKind::Plain,
        ),
        (&[List, Dict, ByteArray], MUTABLE, MethodKind::Plain),
        (&[Str, Bytes, Tuple, FrozenSet], HASHABLE, MethodKind::Plain),
        (
            &[List, Dict, Set, ByteArray, DictKeys, DictItems],
            HASHABLE,
            MethodKind::Unset,
        ),
        (
            &[DictKeys, DictValues, DictItems],
            m::DICT_VIEW,
            MethodKind::Plain,
        ),
        (&[Bytes, ByteArray], m::BYTES_VIA_STR, MethodKind::Plain),
        (&[MemoryView], m::MEMORYVIEW, MethodKind::Plain),
        (&[Slice], m::SLICE, MethodKind::Plain),
        (&[Range], m::RANGE, MethodKind::Plain),
        (&[Property], m::PROPERTY, MethodKind::Plain),
        (&[BaseException], m::EXCEPTION, MethodKind::Plain),
        #[cfg(feature = "std")]
        (
            &[Int, Float],
            crate::dunders::NUMBER_HOST,
            MethodKind::Plain,
        ),
        #[cfg(feature = "std")]
        (
            &[List, ByteArray],
            crate::dunders::LIST_HOST,
            MethodKind::Plain,
        ),
        #[cfg(feature = "std")]
        (&[Dict], crate::dunders::DICT_HOST, MethodKind::Plain),
        #[cfg(feature = "std")]
        (&[Set], crate::dunders::SET_HOST, MethodKind::Plain),
        #[cfg(feature = "std")]
        (
            &[FrozenSet],
            crate::dunders::FROZENSET_HOST,
            MethodKind::Plain,
        ),
    ]
};

#[allow(dead_code)]
fn unused() -> String {
    String::new()
}
