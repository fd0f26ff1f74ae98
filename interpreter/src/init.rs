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
    let n = Value::None;
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
    }
}

fn placeholder_types() -> Types {
    Types {
        object: Z,
        type_: Z,
        none: Z,
        bool_: Z,
        int: Z,
        float: Z,
        str_: Z,
        bytes: Z,
        bytearray: Z,
        list: Z,
        tuple: Z,
        dict: Z,
        set: Z,
        frozenset: Z,
        function: Z,
        builtin_function: Z,
        method: Z,
        module: Z,
        generator: Z,
        coroutine: Z,
        range: Z,
        slice: Z,
        iterator: Z,
        property: Z,
        classmethod: Z,
        staticmethod: Z,
        super_: Z,
        memoryview: Z,
        cell: Z,
        code: Z,
        dict_view: Z,
        dict_values: Z,
        dict_items: Z,
        enumerate: Z,
        zip: Z,
        map: Z,
        filter: Z,
        reversed: Z,
        ellipsis: Z,
        not_implemented: Z,
    }
}

/// Heap kept free above the builtins when the configured limit is smaller than that.
const MIN_FREE: usize = 64 << 10;

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
            t: placeholder_types(),
            exc_classes: Vec::new(),
            n: placeholder_names(),
            main_globals: Z,
            max_depth: config.max_depth.max(8),
            config_max_depth: config.max_depth.max(8),
            native_depth: 0,
            interrupt: crate::InterruptFlag::new(),
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
            lookup_cache: (0..crate::vm::LOOKUP_CACHE)
                .map(|_| core::cell::Cell::new((u32::MAX, u32::MAX, u64::MAX, Value::Null)))
                .collect(),
            class_epoch: core::cell::Cell::new(0),
            global_cache: alloc::vec![(u32::MAX, u32::MAX, u64::MAX, Value::Null); crate::vm::GLOBAL_CACHE],
            dict_version: 0,
            arg_buf: Vec::new(),
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
            ($($f:ident = $s:expr),* $(,)?) => { $( self.n.$f = self.intern($s)?; )* };
        }
        names!(
            init = "__init__",
            new = "__new__",
            call = "__call__",
            getattr = "__getattr__",
            getattribute = "__getattribute__",
            setattr = "__setattr__",
            delattr = "__delattr__",
            repr = "__repr__",
            str_ = "__str__",
            eq = "__eq__",
            ne = "__ne__",
            lt = "__lt__",
            le = "__le__",
            gt = "__gt__",
            ge = "__ge__",
            hash = "__hash__",
            len = "__len__",
            bool_ = "__bool__",
            iter = "__iter__",
            next = "__next__",
            getitem = "__getitem__",
            setitem = "__setitem__",
            delitem = "__delitem__",
            contains = "__contains__",
            enter = "__enter__",
            exit = "__exit__",
            name = "__name__",
            get = "__get__",
            set = "__set__",
            await_ = "__await__",
            index = "__index__",
            neg = "__neg__",
            pos = "__pos__",
            invert = "__invert__",
            abs = "__abs__",
            float = "__float__",
            int = "__int__",
            format = "__format__",
            doc = "__doc__",
            module = "__module__",
            main = "__main__",
            set_name = "__set_name__",
            init_subclass = "__init_subclass__",
            class_getitem = "__class_getitem__",
            missing = "__missing__",
            reversed = "__reversed__",
            dict = "__dict__",
        );
        // object and type first.
        let object = self.raw_class("object", Vec::new(), TypeTag::Object)?;
        self.t.object = object;
        let type_ = self.raw_class("type", vec![object], TypeTag::Type)?;
        self.t.type_ = type_;
        let mk = |vm: &mut Vm, name: &str, tag: TypeTag| vm.raw_class(name, vec![object], tag);
        self.t.none = mk(self, "NoneType", TypeTag::NoneType)?;
        self.t.int = mk(self, "int", TypeTag::Int)?;
        let int = self.t.int;
        self.t.bool_ = self.raw_class("bool", vec![int], TypeTag::Bool)?;
        self.t.float = mk(self, "float", TypeTag::Float)?;
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

        // Methods.
        let t = self.t.object;
        self.add_methods(t, crate::methods::OBJECT, MethodKind::Plain)?;
        self.add_methods(t, crate::methods::OBJECT_STATIC, MethodKind::Static)?;
        self.add_methods(t, crate::methods::OBJECT_CLASS, MethodKind::Class)?;
        let t = self.t.type_;
        self.add_methods(t, crate::methods::TYPE, MethodKind::Plain)?;
        let t = self.t.str_;
        self.add_methods(t, crate::str::METHODS, MethodKind::Plain)?;
        self.add_methods(t, crate::str::STATIC, MethodKind::Static)?;
        let t = self.t.list;
        self.add_methods(t, crate::methods::LIST, MethodKind::Plain)?;
        let t = self.t.tuple;
        self.add_methods(t, crate::methods::TUPLE, MethodKind::Plain)?;
        let t = self.t.dict;
        self.add_methods(t, crate::methods::DICT, MethodKind::Plain)?;
        self.add_methods(t, crate::methods::DICT_CLASS, MethodKind::Class)?;
        let t = self.t.set;
        self.add_methods(t, crate::methods::SET, MethodKind::Plain)?;
        let t = self.t.frozenset;
        self.add_methods(t, crate::methods::FROZENSET, MethodKind::Plain)?;
        let t = self.t.bytes;
        self.add_methods(t, crate::methods::BYTES, MethodKind::Plain)?;
        self.add_methods(t, crate::methods::BYTES_CLASS, MethodKind::Class)?;
        let t = self.t.bytearray;
        self.add_methods(t, crate::methods::BYTEARRAY, MethodKind::Plain)?;
        let t = self.t.int;
        self.add_methods(t, crate::methods::INT, MethodKind::Plain)?;
        self.add_methods(t, crate::methods::INT_CLASS, MethodKind::Class)?;
        let t = self.t.float;
        self.add_methods(t, crate::methods::FLOAT, MethodKind::Plain)?;
        let t = self.t.generator;
        self.add_methods(t, crate::methods::GENERATOR, MethodKind::Plain)?;
        let t = self.t.coroutine;
        self.add_methods(t, crate::methods::GENERATOR, MethodKind::Plain)?;
        use crate::dunders::{HASHABLE, MUTABLE, NUMBER, SEQUENCE};
        for t in [self.t.int, self.t.float] {
            self.add_methods(t, NUMBER, MethodKind::Plain)?;
        }
        for t in [
            self.t.str_,
            self.t.bytes,
            self.t.bytearray,
            self.t.list,
            self.t.tuple,
            self.t.dict,
            self.t.set,
            self.t.frozenset,
            self.t.range,
        ] {
            self.add_methods(t, SEQUENCE, MethodKind::Plain)?;
        }
        for t in [self.t.list, self.t.dict, self.t.bytearray] {
            self.add_methods(t, MUTABLE, MethodKind::Plain)?;
        }
        for t in [self.t.str_, self.t.bytes, self.t.tuple, self.t.frozenset] {
            self.add_methods(t, HASHABLE, MethodKind::Plain)?;
        }
        for t in [self.t.dict_view, self.t.dict_values, self.t.dict_items] {
            self.add_methods(t, crate::methods::DICT_VIEW, MethodKind::Plain)?;
        }
        for t in [self.t.bytes, self.t.bytearray] {
            self.add_methods(t, crate::methods::BYTES_VIA_STR, MethodKind::Plain)?;
        }
        let t = self.t.memoryview;
        self.add_methods(t, crate::methods::MEMORYVIEW, MethodKind::Plain)?;
        let t = self.t.slice;
        self.add_methods(t, crate::methods::SLICE, MethodKind::Plain)?;
        let t = self.t.range;
        self.add_methods(t, crate::methods::RANGE, MethodKind::Plain)?;
        let t = self.t.property;
        self.add_methods(t, crate::methods::PROPERTY, MethodKind::Plain)?;
        // Generator send runs in the dispatch loop when called from bytecode.
        for g in [self.t.generator, self.t.coroutine] {
            let k = self.intern("send")?;
            if let Some(Value::Obj(r)) = self.class_lookup(g, k)
                && let Obj::Native(n) = self.heap.get_mut(r)
            {
                n.data = INTRINSIC_SEND;
            }
        }

        // Exceptions.
        let mut excs: Vec<ObjRef> = Vec::new();
        for (i, (name, parent)) in EXC_TABLE.iter().enumerate() {
            let base = if i == 0 { object } else { excs[*parent] };
            let c = self.raw_class(name, vec![base], TypeTag::Exception)?;
            excs.push(c);
        }
        self.exc_classes = excs;
        let be = self.exc_classes[0];
        self.add_methods(be, crate::methods::EXCEPTION, MethodKind::Plain)?;
        self.memory_error_inst = self
            .new_exception(
                self.exc_classes[crate::exceptions::kind::MEMORY],
                Vec::new(),
            )
            .map_err(|e| e)?;

        // builtins namespace.
        let b = self.alloc(Obj::Dict(Dict::new()))?;
        self.builtins = b.as_obj().unwrap_or(Z);
        let bd = self.builtins;
        for (name, f) in crate::builtins::FUNCTIONS {
            let v = crate::builtins::native(self, name, *f)?;
            if *name == "next"
                && let Value::Obj(r) = v
                && let Obj::Native(n) = self.heap.get_mut(r)
            {
                n.data = INTRINSIC_NEXT;
            }
            let k = self.intern(name)?;
            self.dict_set_str(bd, k, v)?;
        }
        let classes = [
            ("object", self.t.object),
            ("type", self.t.type_),
            ("int", self.t.int),
            ("bool", self.t.bool_),
            ("float", self.t.float),
            ("str", self.t.str_),
            ("bytes", self.t.bytes),
            ("bytearray", self.t.bytearray),
            ("list", self.t.list),
            ("tuple", self.t.tuple),
            ("dict", self.t.dict),
            ("set", self.t.set),
            ("frozenset", self.t.frozenset),
            ("range", self.t.range),
            ("slice", self.t.slice),
            ("property", self.t.property),
            ("classmethod", self.t.classmethod),
            ("staticmethod", self.t.staticmethod),
            ("super", self.t.super_),
            ("memoryview", self.t.memoryview),
        ];
        for (name, c) in classes {
            let k = self.intern(name)?;
            self.dict_set_str(bd, k, Value::Obj(c))?;
        }
        for (i, (name, _)) in EXC_TABLE.iter().enumerate() {
            let k = self.intern(name)?;
            let c = self.exc_classes[i];
            self.dict_set_str(bd, k, Value::Obj(c))?;
        }
        let env = self.exc_classes[crate::exceptions::kind::OS];
        for alias in ["EnvironmentError", "IOError"] {
            let k = self.intern(alias)?;
            self.dict_set_str(bd, k, Value::Obj(env))?;
        }
        let k = self.intern("Ellipsis")?;
        let e = self.ellipsis;
        self.dict_set_str(bd, k, e)?;
        let k = self.intern("NotImplemented")?;
        let ni = self.not_implemented;
        self.dict_set_str(bd, k, ni)?;
        let k = self.n.name;
        let v = self.intern("builtins")?;
        self.dict_set_str(bd, k, v)?;

        // sys.modules, sys.path, sys.argv, __main__.
        let m = self.alloc(Obj::Dict(Dict::new()))?;
        self.modules = m.as_obj().unwrap_or(Z);
        let empty = self.intern("")?;
        self.sys_path = self.alloc(Obj::List(vec![empty]))?;
        self.sys_argv = self.alloc(Obj::List(Vec::new()))?;
        let (main, g) = self.new_module("__main__")?;
        self.main_globals = g;
        let mk = self.n.main;
        let mods = self.modules;
        self.dict_set_str(mods, mk, main)?;
        Ok(())
    }

    fn raw_class(&mut self, name: &str, bases: Vec<ObjRef>, tag: TypeTag) -> Result<ObjRef, Exc> {
        let n = self.intern(name)?;
        let mut mro = Vec::new();
        if let Some(b) = bases.first()
            && let Obj::Class(c) = self.heap.get(*b)
        {
            mro = c.mro.clone();
        }
        let c = Class {
            name: n,
            bases: bases.iter().map(|b| Value::Obj(*b)).collect(),
            mro: Vec::new(),
            dict: Dict::new(),
            tag,
            builtin: true,
            hooks: false,
        };
        let v = self.alloc(Obj::Class(Box::new(c)))?;
        let r = v.as_obj().unwrap_or(Z);
        mro.insert(0, r);
        if let Obj::Class(c) = self.heap.get_mut(r) {
            c.mro = mro;
        }
        Ok(r)
    }

    fn add_methods(
        &mut self,
        cls: ObjRef,
        methods: &[(&'static str, NativeFnPtr)],
        kind: MethodKind,
    ) -> Result<(), Exc> {
        for (name, f) in methods {
            let mut v = crate::builtins::native(self, name, *f)?;
            match kind {
                MethodKind::Plain => {}
                MethodKind::Static => v = self.alloc(Obj::StaticMethod(v))?,
                MethodKind::Class => v = self.alloc(Obj::ClassMethod(v))?,
            }
            let k = self.intern(name)?;
            let h = self.str_hash(k);
            if let Obj::Class(c) = self.heap.get_mut(cls) {
                c.dict.push_new(h, k, v);
            }
            self.classes_changed();
        }
        Ok(())
    }

    /// Registers an embedder module (imported lazily by name).
    pub fn register_native_module(&mut self, m: crate::native::NativeModule) {
        self.native_modules.retain(|x| x.name != m.name);
        self.native_modules.push(NativeModuleDef {
            name: m.name,
            functions: m.functions,
            constants: m.constants,
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

enum MethodKind {
    Plain,
    Static,
    Class,
}

#[allow(dead_code)]
fn unused() -> String {
    String::new()
}
