//! Attribute access (instances, classes, modules, builtin values), descriptors, super(), and
//! class creation with the C3 method resolution order.

use crate::dict::Dict;
use crate::exceptions::kind;
use crate::object::*;
use crate::value::{ObjRef, Value};
use crate::vm::{Exc, TypeTag, Vm};
use alloc::boxed::Box;
use alloc::format;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

/// Keyword arguments as (name, value) pairs.
pub type Keywords = Vec<(Value, Value)>;

impl Vm {
    /// The special method `name` of `v`'s class (not the instance dict), unbound.
    pub fn lookup_special(&self, v: Value, name: Value) -> Option<Value> {
        let cls = self.class_of(v);
        match self.class_lookup(cls, name)? {
            Value::Obj(r) => match self.heap.get(r) {
                Obj::Function(_) | Obj::Native(_) => Some(Value::Obj(r)),
                Obj::StaticMethod(_) | Obj::ClassMethod(_) => None,
                _ => Some(Value::Obj(r)),
            },
            other => Some(other),
        }
    }

    /// The interned str `s`, if it was ever interned (never allocates).
    pub fn interned_opt(&self, s: &str) -> Option<Value> {
        let h = crate::ops::hash_bytes(s.as_bytes());
        let heap = &self.heap;
        self.interned
            .find(
                h,
                |k| matches!(k, Value::Obj(r) if matches!(heap.get(r), Obj::Str(x) if x.s == s)),
            )
            .map(|ix| self.interned.entries[ix].key)
    }

    /// For LOAD_METHOD: an unbound function to call with `obj` first, when that is possible.
    #[inline]
    pub fn lookup_method(&mut self, obj: Value, name: Value) -> Result<Option<Value>, Exc> {
        let r = match obj {
            Value::Obj(r) => r,
            _ => {
                let cls = self.class_of(obj);
                return Ok(self
                    .class_lookup(cls, name)
                    .filter(|f| self.is_plain_function(*f)));
            }
        };
        let cls = match self.heap.get(r) {
            Obj::Instance(i) => {
                let h = self.str_hash(name);
                let cls = i.class;
                if self
                    .inst_dict(r)
                    .and_then(|d| d.find(h, |k| self.str_key_eq(k, name)))
                    .is_some()
                {
                    return Ok(None);
                }
                cls
            }
            Obj::Class(_) | Obj::Module(..) | Obj::Super(..) => return Ok(None),
            _ => self.class_of(obj),
        };
        Ok(self
            .class_lookup(cls, name)
            .filter(|f| self.is_plain_function(*f)))
    }

    fn is_plain_function(&self, v: Value) -> bool {
        matches!(v, Value::Obj(r) if matches!(self.heap.get(r), Obj::Function(_) | Obj::Native(_)))
    }

    /// Binds a class attribute found for `obj` (descriptor protocol).
    fn bind(&mut self, cv: Value, obj: Value, cls: ObjRef) -> Result<Value, Exc> {
        if let Value::Obj(r) = cv {
            match self.heap.get(r) {
                Obj::Function(_) | Obj::Native(_) => return self.alloc(Obj::BoundMethod(obj, cv)),
                Obj::ClassMethod(f) => {
                    let f = *f;
                    return self.alloc(Obj::BoundMethod(Value::Obj(cls), f));
                }
                Obj::StaticMethod(f) => return Ok(*f),
                Obj::Property(p) => {
                    let g = p.fget;
                    if matches!(g, Value::None) {
                        return Err(self.exc_msg(kind::ATTRIBUTE, "property has no getter"));
                    }
                    return self.call(g, &[obj]);
                }
                Obj::Instance(_) => {
                    let get = self.n.get;
                    if let Some(m) = self.lookup_special(cv, get) {
                        return self.call(m, &[cv, obj, Value::Obj(cls)]);
                    }
                }
                _ => {}
            }
        }
        Ok(cv)
    }

    /// `obj.name`.
    pub fn get_attr(&mut self, obj: Value, name: Value) -> Result<Value, Exc> {
        match self.get_attr_opt(obj, name)? {
            Some(v) => Ok(v),
            None => Err(self.attr_error(obj, name)),
        }
    }

    /// AttributeError for `obj.name`.
    pub fn attr_error(&mut self, obj: Value, name: Value) -> Exc {
        let n = String::from(self.str_of(name).unwrap_or("?"));
        let msg = match obj {
            Value::Obj(r) => match self.heap.get(r) {
                Obj::Class(c) => format!(
                    "type object '{}' has no attribute '{}'",
                    String::from(self.str_of(Value::Obj(c.name)).unwrap_or("?")),
                    n
                ),
                Obj::Module(m, _) => format!(
                    "module '{}' has no attribute '{}'",
                    String::from(self.str_of(*m).unwrap_or("?")),
                    n
                ),
                _ => format!("'{}' object has no attribute '{}'", self.type_name(obj), n),
            },
            _ => format!("'{}' object has no attribute '{}'", self.type_name(obj), n),
        };
        let e = self.exc_msg(kind::ATTRIBUTE, &msg);
        // CPython's AttributeError carries the failed lookup as `.name` and `.obj` (3.10;
        // host only, for flash).
        #[cfg(feature = "std")]
        if self.exc_is(e.0, kind::ATTRIBUTE) {
            for (field, v) in [("name", name), ("obj", obj)] {
                if let Ok(f) = self.intern(field)
                    && let Err(err) = self.set_attr(e.0, f, v)
                {
                    return err;
                }
            }
        }
        e
    }

    /// `obj.name`, or `None` when missing.
    pub fn get_attr_opt(&mut self, obj: Value, name: Value) -> Result<Option<Value>, Exc> {
        if let Value::Obj(r) = obj {
            if let Obj::Instance(i) = self.heap.get(r)
                && matches!(self.heap.get(i.class), Obj::Class(c) if c.hooks)
            {
                let cls = i.class;
                let ga = self.n.getattribute;
                if let Some(f) = self
                    .class_lookup(cls, ga)
                    .filter(|f| self.is_user_function(*f))
                {
                    return match self.call(f, &[obj, name]) {
                        Ok(v) => Ok(Some(v)),
                        Err(e) if self.exc_is(e.0, crate::exceptions::kind::ATTRIBUTE) => {
                            let gn = self.n.getattr;
                            match self.lookup_special(obj, gn) {
                                Some(m) => self.call(m, &[obj, name]).map(Some),
                                None => Err(e),
                            }
                        }
                        Err(e) => Err(e),
                    };
                }
            }
        }
        self.generic_get_attr(obj, name)
    }

    /// Attribute lookup without a user `__getattribute__` (object.__getattribute__).
    pub fn generic_get_attr(&mut self, obj: Value, name: Value) -> Result<Option<Value>, Exc> {
        let r = match obj {
            Value::Obj(r) => r,
            _ => return self.builtin_value_attr(obj, name),
        };
        match self.heap.get(r) {
            Obj::Instance(i) => {
                let cls = i.class;
                let cv = self.class_lookup(cls, name);
                if let Some(Value::Obj(cr)) = cv
                    && let Obj::Property(..) = self.heap.get(cr)
                {
                    // A getter's AttributeError falls back to `__getattr__`, as in CPython.
                    return match self.bind(Value::Obj(cr), obj, cls) {
                        Err(e) if self.exc_is(e.0, kind::ATTRIBUTE) => {
                            let gn = self.n.getattr;
                            match self.lookup_special(obj, gn) {
                                Some(m) => self.call(m, &[obj, name]).map(Some),
                                None => Err(e),
                            }
                        }
                        r => r.map(Some),
                    };
                }
                // A data descriptor (`__get__` with `__set__`) comes before the instance dict.
                if let Some(Value::Obj(cr)) = cv
                    && let Obj::Instance(_) = self.heap.get(cr)
                    && self.lookup_special(Value::Obj(cr), self.n.set).is_some()
                {
                    return self.bind(Value::Obj(cr), obj, cls).map(Some);
                }
                let h = self.str_hash(name);
                if let Some(d) = self.inst_dict(r)
                    && let Some(ix) = d.find(h, |k| self.str_key_eq(k, name))
                {
                    return Ok(Some(d.entries[ix].value));
                }
                if let Some(cv) = cv {
                    return self.bind(cv, obj, cls).map(Some);
                }
                let n = String::from(self.str_of(name).unwrap_or(""));
                match n.as_str() {
                    "__class__" => return Ok(Some(Value::Obj(cls))),
                    "__dict__" => {
                        // No `__dict__` when every class's `__slots__` leaves it out.
                        if let Some(sn) = self.interned_opt("__slots__")
                            && self.class_lookup(cls, sn).is_some()
                            && !self.slots_allow_name(cls, sn, name)?
                        {
                            return Ok(None);
                        }
                        return self.inst_dict_obj(r).map(Some);
                    }
                    // A class keeps no `__doc__` entry when it has no docstring.
                    "__doc__" => return self.get_attr_opt(Value::Obj(cls), name),
                    "fget" | "fset" | "fdel" => {
                        // A property subclass's accessors are its base property's.
                        if let Obj::Instance(i) = self.heap.get(r)
                            && let Value::Obj(b) = i.base_value()
                            && let Obj::Property(_) = self.heap.get(b)
                        {
                            return self.get_attr_opt(Value::Obj(b), name);
                        }
                    }
                    _ => {}
                }
                if let Some(x) = self.exc_data(obj) {
                    let (args, cause, context, suppress) =
                        (x.args.clone(), x.cause, x.context, x.suppress);
                    match n.as_str() {
                        "args" => return self.alloc(Obj::Tuple(args.into_boxed_slice())).map(Some),
                        "__cause__" => return Ok(Some(cause)),
                        "__context__" => return Ok(Some(context)),
                        "__suppress_context__" => return Ok(Some(Value::Bool(suppress))),
                        "strerror" if self.exc_is(obj, crate::exceptions::kind::OS) => {
                            return Ok(Some(if args.len() >= 2 {
                                args[1]
                            } else {
                                Value::None
                            }));
                        }
                        "filename" if self.exc_is(obj, crate::exceptions::kind::OS) => {
                            return Ok(Some(args.get(2).copied().unwrap_or(Value::None)));
                        }
                        "__traceback__" => return self.exc_traceback(obj).map(Some),
                        "value" if self.exc_is(obj, kind::STOP_ITERATION) => {
                            return Ok(Some(args.first().copied().unwrap_or(Value::None)));
                        }
                        "code" if self.exc_is(obj, kind::SYSTEM_EXIT) => {
                            return Ok(Some(args.first().copied().unwrap_or(Value::None)));
                        }
                        // Not given: `AttributeError('x').name` is None, as CPython.
                        #[cfg(feature = "std")]
                        "name" | "obj" if self.exc_is(obj, kind::ATTRIBUTE) => {
                            return Ok(Some(Value::None));
                        }
                        "errno" if self.exc_is(obj, kind::OS) => {
                            return Ok(Some(args.first().copied().unwrap_or(Value::None)));
                        }
                        "msg" | "filename" | "lineno" | "offset" | "text"
                            if self.exc_is(obj, kind::SYNTAX) =>
                        {
                            // args = (msg, (filename, lineno, offset, text)), as CPython.
                            if n == "msg" {
                                return Ok(Some(args.first().copied().unwrap_or(Value::None)));
                            }
                            let i = ["filename", "lineno", "offset", "text"]
                                .iter()
                                .position(|x| *x == n)
                                .unwrap_or(0);
                            let detail = match args.get(1) {
                                Some(Value::Obj(t)) => match self.heap.get(*t) {
                                    Obj::Tuple(t) => t.get(i).copied(),
                                    _ => None,
                                },
                                _ => None,
                            };
                            return Ok(Some(detail.unwrap_or(Value::None)));
                        }
                        _ => {}
                    }
                }
                let ga = self.n.getattr;
                if let Some(m) = self.lookup_special(obj, ga) {
                    return self.call(m, &[obj, name]).map(Some);
                }
                Ok(None)
            }
            Obj::Class(_) => self.class_attr(r, name),
            Obj::Module(module, d) => {
                let (module, d) = (*module, *d);
                if let Some(v) = self.dict_get_str(d, name) {
                    return Ok(Some(v));
                }
                if self.str_of(name) == Some("__dict__") {
                    crate::native_stdlib::materialize_all(self, obj)?;
                    return Ok(Some(Value::Obj(d)));
                }
                // Native modules keep big constant tables in flash until a name is used.
                if let Some(v) = crate::native_stdlib::lazy_attr(self, module, name)? {
                    self.dict_set_str(d, name, v)?;
                    return Ok(Some(v));
                }
                // PEP 562: a module's own `__getattr__` answers names it lacks.
                let ga = self.n.getattr;
                if let Some(f) = self.dict_get_str(d, ga) {
                    return match self.call(f, &[name]) {
                        Ok(v) => Ok(Some(v)),
                        Err(e) if self.exc_is(e.0, kind::ATTRIBUTE) => Ok(None),
                        Err(e) => Err(e),
                    };
                }
                Ok(None)
            }
            Obj::Super(start, o) => {
                let (start, o) = (*start, *o);
                // CPython's rule: a class below `start` is searched as a class (super() in a
                // classmethod); anything else, a class too (super() in a metaclass's method),
                // through its type.
                let class_mode = matches!(o, Value::Obj(or)
                    if matches!(self.heap.get(or), Obj::Class(_)) && self.is_subclass(or, start));
                let target_cls = match o {
                    Value::Obj(or) if class_mode => or,
                    _ => self.class_of(o),
                };
                let mro = match self.heap.get(target_cls) {
                    Obj::Class(c) => c.mro.to_vec(),
                    _ => Vec::new(),
                };
                let pos = mro
                    .iter()
                    .position(|c| *c == start)
                    .map(|p| p + 1)
                    .unwrap_or(mro.len());
                let h = self.str_hash(name);
                for &k in &mro[pos..] {
                    let found = match self.heap.get(k) {
                        Obj::Class(kc) => kc
                            .dict
                            .find(h, |key| self.str_key_eq(key, name))
                            .map(|ix| kc.dict.entries[ix].value),
                        _ => None,
                    };
                    if let Some(v) = found {
                        if class_mode {
                            // super() inside a classmethod: bind classmethods to the class.
                            if let Value::Obj(vr) = v
                                && let Obj::ClassMethod(f) = self.heap.get(vr)
                            {
                                let f = *f;
                                return self.alloc(Obj::BoundMethod(o, f)).map(Some);
                            }
                            return Ok(Some(v));
                        }
                        return self.bind(v, o, target_cls).map(Some);
                    }
                }
                Ok(None)
            }
            Obj::Function(f) => {
                let n = String::from(self.str_of(name).unwrap_or(""));
                let fname = Value::Obj(f.name);
                if let Some(d) = f.attrs() {
                    let h = self.str_hash(name);
                    if let Some(ix) = d.find(h, |k| self.str_key_eq(k, name)) {
                        return Ok(Some(d.entries[ix].value));
                    }
                }
                if f.code.flags & crate::bytecode::flags::FROZEN_LAZY != 0 {
                    // A frozen function not called yet: its qualname, doc and code object
                    // come from its code, built now.
                    self.function_code(r)?;
                    return self.generic_get_attr(obj, name);
                }
                let code = f.code.clone();
                let (doc, defaults, kwd, closure, globals) = (
                    f.code.doc(),
                    Box::<[Value]>::from(f.defaults()),
                    f.kwdefaults().to_vec(),
                    Box::<[Value]>::from(f.closure()),
                    f.globals,
                );
                match n.as_str() {
                    "__name__" => Ok(Some(fname)),
                    "__qualname__" => self.code_qualname(&code).map(Some),
                    "__doc__" => Ok(Some(doc)),
                    "__globals__" => Ok(Some(Value::Obj(globals))),
                    "__code__" => Ok(Some(Value::Obj(f.code_obj))),
                    "__defaults__" => {
                        if defaults.is_empty() {
                            Ok(Some(Value::None))
                        } else {
                            self.alloc(Obj::Tuple(defaults)).map(Some)
                        }
                    }
                    "__kwdefaults__" => {
                        if kwd.is_empty() {
                            return Ok(Some(Value::None));
                        }
                        let d = self.alloc(Obj::Dict(Dict::new()))?;
                        for &(k, v) in kwd.iter() {
                            self.dict_set(d, k, v)?;
                        }
                        Ok(Some(d))
                    }
                    "__closure__" => {
                        if closure.is_empty() {
                            Ok(Some(Value::None))
                        } else {
                            self.alloc(Obj::Tuple(closure)).map(Some)
                        }
                    }
                    "__annotations__" => {
                        // Not annotated: an empty dict, kept so that stores into it last.
                        let d = self.alloc(Obj::Dict(Dict::new()))?;
                        self.set_attr(obj, name, d)?;
                        Ok(Some(d))
                    }
                    "__dict__" => {
                        let d = match self.heap.get(r) {
                            Obj::Function(f) => f.attrs().cloned().unwrap_or_default(),
                            _ => Dict::new(),
                        };
                        self.alloc(Obj::Dict(d)).map(Some)
                    }
                    "__module__" => {
                        let g = f.globals;
                        Ok(Some(
                            self.dict_get_str(g, self.n.name).unwrap_or(Value::None),
                        ))
                    }
                    "__class__" => Ok(Some(Value::Obj(self.t.function))),
                    _ => {
                        let cls = self.t.function;
                        match self.class_lookup(cls, name) {
                            Some(cv) => self.bind(cv, obj, cls).map(Some),
                            None => Ok(None),
                        }
                    }
                }
            }
            Obj::BoundMethod(s, f) => {
                let (s, f) = (*s, *f);
                let n = String::from(self.str_of(name).unwrap_or(""));
                match n.as_str() {
                    "__self__" => Ok(Some(s)),
                    "__func__" => Ok(Some(f)),
                    _ => self.get_attr_opt(f, name),
                }
            }
            Obj::Native(nf) => {
                let nm = nf.name;
                let n = String::from(self.str_of(name).unwrap_or(""));
                match n.as_str() {
                    "__name__" | "__qualname__" => self.new_str(nm).map(Some),
                    "__class__" => Ok(Some(Value::Obj(self.t.builtin_function))),
                    _ => Ok(None),
                }
            }
            Obj::Property(p) => {
                let p = **p;
                let n = String::from(self.str_of(name).unwrap_or(""));
                match n.as_str() {
                    "fget" => Ok(Some(p.fget)),
                    "fset" => Ok(Some(p.fset)),
                    "fdel" => Ok(Some(p.fdel)),
                    "__doc__" if matches!(p.doc, Value::None) && !matches!(p.fget, Value::None) => {
                        // As CPython: without doc=, the getter's docstring.
                        let doc = self.n.doc;
                        Ok(Some(self.get_attr_opt(p.fget, doc)?.unwrap_or(Value::None)))
                    }
                    "__doc__" => Ok(Some(p.doc)),
                    _ => self.builtin_value_attr(obj, name),
                }
            }
            Obj::ClassMethod(f) | Obj::StaticMethod(f) => {
                let f = *f;
                let n = String::from(self.str_of(name).unwrap_or(""));
                match n.as_str() {
                    "__func__" => Ok(Some(f)),
                    _ => self.get_attr_opt(f, name),
                }
            }
            Obj::Code(c) => {
                let n = String::from(self.str_of(name).unwrap_or(""));
                let c = c.clone();
                match n.as_str() {
                    "co_name" => Ok(Some(Value::Obj(c.name))),
                    "co_qualname" => self.code_qualname(&c).map(Some),
                    "co_filename" => Ok(Some(Value::Obj(c.filename))),
                    "co_argcount" => Ok(Some(Value::Int(c.argcount as i64))),
                    "co_kwonlyargcount" => Ok(Some(Value::Int(c.kwonlycount as i64))),
                    "co_posonlyargcount" => Ok(Some(Value::Int(c.posonlycount as i64))),
                    "co_nlocals" => Ok(Some(Value::Int(c.nlocals as i64))),
                    "co_firstlineno" => Ok(Some(Value::Int(c.first_line().max(1) as i64))),
                    "co_varnames" => {
                        let mut names: Vec<Value> = Vec::new();
                        for i in 0..c.nvarnames() {
                            if !self.varname_str(&c, i).starts_with('.') {
                                let v = self.varname_value(&c, i)?;
                                names.push(v);
                            }
                        }
                        self.alloc(Obj::Tuple(names.into_boxed_slice())).map(Some)
                    }
                    _ => self.builtin_value_attr(obj, name),
                }
            }
            Obj::Cell(c) => {
                let c = *c;
                if self.str_of(name) == Some("cell_contents") {
                    if c.is_null() {
                        return Err(self.value_error("Cell is empty"));
                    }
                    return Ok(Some(c));
                }
                self.builtin_value_attr(obj, name)
            }
            Obj::Generator(g) => {
                let gname = g.name;
                #[cfg(feature = "std")]
                let (running, suspended) = (g.running, g.started && g.suspended());
                let n = String::from(self.str_of(name).unwrap_or(""));
                match n.as_str() {
                    "__name__" | "__qualname__" => Ok(Some(gname)),
                    #[cfg(feature = "std")]
                    "gi_running" | "cr_running" | "ag_running" => Ok(Some(Value::Bool(running))),
                    #[cfg(feature = "std")]
                    "gi_suspended" | "cr_suspended" => Ok(Some(Value::Bool(suspended))),
                    _ => self.builtin_value_attr(obj, name),
                }
            }
            _ => self.builtin_value_attr(obj, name),
        }
    }

    fn class_attr(&mut self, cls: ObjRef, name: Value) -> Result<Option<Value>, Exc> {
        // `type`'s data descriptors come first: they read the class itself, not its MRO.
        if self.str_of(name).is_some_and(|s| s.starts_with("__"))
            && let Some(v) = self.type_descriptor(cls, name)?
        {
            return Ok(Some(v));
        }
        if let Some(v) = self.class_lookup(cls, name) {
            if let Value::Obj(r) = v {
                match self.heap.get(r) {
                    Obj::ClassMethod(f) => {
                        let f = *f;
                        return self.alloc(Obj::BoundMethod(Value::Obj(cls), f)).map(Some);
                    }
                    Obj::StaticMethod(f) => return Ok(Some(*f)),
                    Obj::Instance(_) => {
                        let get = self.n.get;
                        if let Some(m) = self.lookup_special(v, get) {
                            return self.call(m, &[v, Value::None, Value::Obj(cls)]).map(Some);
                        }
                    }
                    _ => {}
                }
            }
            return Ok(Some(v));
        }
        // The metaclass's attributes (`type`'s methods such as mro(), or a user metaclass's
        // methods and properties), bound to the class.
        let meta = self.class_of(Value::Obj(cls));
        if meta != cls
            && let Some(v) = self.class_lookup(meta, name)
        {
            return self.bind(v, Value::Obj(cls), meta).map(Some);
        }
        Ok(None)
    }

    /// The attributes `type` defines as data descriptors (`__name__`, `__mro__`, ...), which
    /// a class's own namespace or its bases' cannot shadow.
    fn type_descriptor(&mut self, cls: ObjRef, name: Value) -> Result<Option<Value>, Exc> {
        let own = |vm: &Vm, key: &str| -> Option<Value> {
            let k = vm.interned_opt(key)?;
            match vm.heap.get(cls) {
                Obj::Class(c) => c
                    .dict
                    .find(vm.str_hash(k), |x| vm.str_key_eq(x, k))
                    .map(|i| c.dict.entries[i].value),
                _ => None,
            }
        };
        let (cname, builtin) = match self.heap.get(cls) {
            Obj::Class(c) => (Value::Obj(c.name), c.builtin),
            _ => return Ok(None),
        };
        let n = String::from(self.str_of(name).unwrap_or(""));
        if cls == self.t.type_
            && matches!(
                n.as_str(),
                "__new__" | "__init__" | "__call__" | "__prepare__"
            )
        {
            crate::methods::install_metaclass_methods(self)?;
        }
        match n.as_str() {
            "__name__" => Ok(Some(cname)),
            "__qualname__" => Ok(Some(own(self, "__qualname__").unwrap_or(cname))),
            "__doc__" => Ok(Some(own(self, "__doc__").unwrap_or(Value::None))),
            "__module__" => match own(self, "__module__") {
                Some(m) => Ok(Some(m)),
                None if builtin => self.new_str("builtins").map(Some),
                None => Ok(None),
            },
            "__bases__" | "__base__" | "__mro__" => {
                let (bases, mro) = match self.heap.get(cls) {
                    Obj::Class(c) => (c.bases().to_vec(), c.mro.clone()),
                    _ => return Ok(None),
                };
                match n.as_str() {
                    "__bases__" => {
                        let v: Vec<Value> = bases.iter().map(|c| Value::Obj(*c)).collect();
                        self.alloc(Obj::Tuple(v.into_boxed_slice())).map(Some)
                    }
                    "__base__" => Ok(Some(bases.first().map_or(Value::None, |b| Value::Obj(*b)))),
                    _ => {
                        let v: Vec<Value> = mro.iter().map(|c| Value::Obj(*c)).collect();
                        self.alloc(Obj::Tuple(v.into_boxed_slice())).map(Some)
                    }
                }
            }
            "__dict__" => crate::methods::mappingproxy(self, Value::Obj(cls)).map(Some),
            "__class__" => Ok(Some(Value::Obj(self.class_of(Value::Obj(cls))))),
            _ => Ok(None),
        }
    }

    fn builtin_value_attr(&mut self, obj: Value, name: Value) -> Result<Option<Value>, Exc> {
        let cls = self.class_of(obj);
        if let Some(cv) = self.class_lookup(cls, name) {
            return self.bind(cv, obj, cls).map(Some);
        }
        let n = String::from(self.str_of(name).unwrap_or(""));
        if n == "__class__" {
            return Ok(Some(Value::Obj(self.type_of(obj)?)));
        }
        match obj {
            Value::Int(_) | Value::Bool(_) => match n.as_str() {
                "real" | "numerator" => {
                    return Ok(Some(if let Value::Bool(b) = obj {
                        Value::Int(b as i64)
                    } else {
                        obj
                    }));
                }
                "imag" => return Ok(Some(Value::Int(0))),
                "denominator" => return Ok(Some(Value::Int(1))),
                _ => {}
            },
            Value::Float(_) => match n.as_str() {
                "real" => return Ok(Some(obj)),
                "imag" => return Ok(Some(Value::Float(0.0))),
                _ => {}
            },
            Value::Obj(r) => match (self.heap.get(r), n.as_str()) {
                (Obj::BigInt(_), "real" | "numerator") => return Ok(Some(obj)),
                (Obj::BigInt(_), "imag") => return Ok(Some(Value::Int(0))),
                (Obj::BigInt(_), "denominator") => return Ok(Some(Value::Int(1))),
                (Obj::Complex(re, _), "real") => return Ok(Some(Value::Float(*re))),
                (Obj::Complex(_, im), "imag") => return Ok(Some(Value::Float(*im))),
                (Obj::Slice(s), "start") => return Ok(Some(s[0])),
                (Obj::Slice(s), "stop") => return Ok(Some(s[1])),
                (Obj::Slice(s), "step") => return Ok(Some(s[2])),
                (Obj::MemoryView(m), "readonly") => {
                    return Ok(Some(Value::Bool(matches!(
                        self.heap.get(m.base),
                        Obj::Bytes(_)
                    ))));
                }
                (Obj::MemoryView(m), "obj") => return Ok(Some(Value::Obj(m.base))),
                (Obj::MemoryView(m), "nbytes") => {
                    let k = crate::memview::item_size(m.fmt);
                    let n = self.mv_len(r)?;
                    return Ok(Some(Value::Int((n * k) as i64)));
                }
                (Obj::MemoryView(m), "itemsize") => {
                    return Ok(Some(Value::Int(crate::memview::item_size(m.fmt) as i64)));
                }
                (Obj::MemoryView(m), "contiguous" | "c_contiguous" | "f_contiguous") => {
                    let contiguous = m.step == crate::memview::item_size(m.fmt) as isize;
                    let n = self.mv_len(r)?;
                    return Ok(Some(Value::Bool(contiguous || n <= 1)));
                }
                (Obj::MemoryView(_), "ndim") => return Ok(Some(Value::Int(1))),
                (Obj::MemoryView(m), "format") => {
                    let f = m.fmt as char;
                    return self.intern(f.encode_utf8(&mut [0; 4])).map(Some);
                }
                (Obj::Range(a, _, _), "start") => return Ok(Some(Value::Int(*a))),
                (Obj::Range(_, b, _), "stop") => return Ok(Some(Value::Int(*b))),
                (Obj::Range(_, _, c), "step") => return Ok(Some(Value::Int(*c))),
                _ => {}
            },
            _ => {}
        }
        Ok(None)
    }

    /// `obj.name = v`.
    pub fn set_attr(&mut self, obj: Value, name: Value, v: Value) -> Result<(), Exc> {
        let r = match obj {
            Value::Obj(r) => r,
            _ => return Err(self.readonly_attr(obj, name)),
        };
        match self.heap.get(r) {
            Obj::Instance(i) => {
                let cls = i.class;
                if self.str_of(name) == Some("__class__") {
                    return self.set_instance_class(r, cls, v);
                }
                if let Some(Value::Obj(cr)) = self.class_lookup(cls, name) {
                    match self.heap.get(cr) {
                        Obj::Property(p) => {
                            let s = p.fset;
                            if matches!(s, Value::None) {
                                let n = String::from(self.str_of(name).unwrap_or("?"));
                                let tn = self.type_name(obj);
                                return Err(self.exc_msg(
                                    kind::ATTRIBUTE,
                                    &format!("property '{}' of '{}' object has no setter", n, tn),
                                ));
                            }
                            self.call(s, &[obj, v])?;
                            return Ok(());
                        }
                        Obj::Instance(_) => {
                            let set = self.n.set;
                            if let Some(m) = self.lookup_special(Value::Obj(cr), set) {
                                self.call(m, &[Value::Obj(cr), obj, v])?;
                                return Ok(());
                            }
                        }
                        _ => {}
                    }
                }
                // `__slots__` can only be a class attribute once the name is interned.
                let slots = self
                    .interned_opt("__slots__")
                    .and_then(|n| self.class_lookup(cls, n).map(|_| n));
                if let Some(slots_name) = slots {
                    let allowed = self.slots_allow_name(cls, slots_name, name)?;
                    if !allowed {
                        let n = String::from(self.str_of(name).unwrap_or("?"));
                        let tn = self.type_name(obj);
                        return Err(self.exc_msg(
                            kind::ATTRIBUTE,
                            &format!("'{}' object has no attribute '{}'", tn, n),
                        ));
                    }
                }
                if cls == self.t.object {
                    let n = String::from(self.str_of(name).unwrap_or("?"));
                    return Err(self.exc_msg(
                        kind::ATTRIBUTE,
                        &format!("'object' object has no attribute '{}'", n),
                    ));
                }
                let sa = self.n.setattr;
                let hooks = matches!(self.heap.get(cls), Obj::Class(c) if c.hooks);
                if let Some(m) = self
                    .class_lookup(cls, sa)
                    .filter(|m| hooks && self.is_user_function(*m))
                {
                    self.call(m, &[obj, name, v])?;
                    return Ok(());
                }
                self.instance_set(r, name, v)
            }
            Obj::Class(_) => {
                self.classes_changed();
                let h = self.str_hash(name);
                if self.heap.charge(40).is_err() {
                    return Err(self.memory_error());
                }
                let found = match self.heap.get(r) {
                    Obj::Class(c) => c.dict.find(h, |k| self.str_key_eq(k, name)),
                    _ => None,
                };
                // `cls.__setattr__ = f` after the class is made (dataclass(frozen=True))
                // takes the slow paths from now on, as one defined in the body.
                let hook = self.is_user_function(v)
                    && (self.str_key_eq(name, self.n.setattr)
                        || self.str_key_eq(name, self.n.getattribute));
                if let Obj::Class(c) = self.heap.get_mut(r) {
                    c.hooks |= hook;
                    match found {
                        Some(ix) => c.dict.entries[ix].value = v,
                        None => c.dict.push_new(h, name, v),
                    }
                }
                if hook {
                    // Subclasses made before inherit the hook too (their flag was computed
                    // when they were made): a rare event, so one pass over the heap.
                    for o in self.heap.objs.iter_mut().flatten() {
                        if let Obj::Class(c) = o
                            && c.mro.contains(&r)
                        {
                            c.hooks = true;
                        }
                    }
                }
                Ok(())
            }
            Obj::Module(_, d) => {
                let d = *d;
                self.dict_set_str(d, name, v)
            }
            Obj::Function(_) => {
                let h = self.str_hash(name);
                let found = match self.heap.get(r) {
                    Obj::Function(f) => f
                        .attrs()
                        .and_then(|d| d.find(h, |k| self.str_key_eq(k, name))),
                    _ => None,
                };
                if let Obj::Function(f) = self.heap.get_mut(r) {
                    let d = &mut f.extra.get_or_insert_with(Box::default).attrs;
                    match found {
                        Some(ix) => d.entries[ix].value = v,
                        None => d.push_new(h, name, v),
                    }
                }
                Ok(())
            }
            _ => Err(self.readonly_attr(obj, name)),
        }
    }

    /// `obj.__class__ = new`: allowed, as in CPython, between user classes whose instances
    /// have the same layout (here: the same builtin base, or none).
    fn set_instance_class(&mut self, r: ObjRef, cls: ObjRef, new: Value) -> Result<(), Exc> {
        let new_cls = match new {
            Value::Obj(c) if matches!(self.heap.get(c), Obj::Class(_)) => c,
            _ => {
                let tn = self.type_name(new);
                return Err(self.type_error(&format!(
                    "__class__ must be set to a class, not '{}' object",
                    tn
                )));
            }
        };
        if self.is_builtin_class(new_cls) || self.is_builtin_class(cls) {
            return Err(self.type_error(
                "__class__ assignment only supported for mutable types or ModuleType subclasses",
            ));
        }
        if self.builtin_base(new_cls) != self.builtin_base(cls) {
            let (new_name, old_name) = (self.class_name(new_cls), self.class_name(cls));
            return Err(self.type_error(&format!(
                "__class__ assignment: '{}' object layout differs from '{}'",
                new_name, old_name
            )));
        }
        if let Obj::Instance(i) = self.heap.get_mut(r) {
            i.class = new_cls;
        }
        // Attribute caches keyed on the old class must not serve this instance.
        self.classes_changed();
        Ok(())
    }

    /// Stores into an instance's own dict (no descriptors).
    pub fn instance_set(&mut self, r: ObjRef, name: Value, v: Value) -> Result<(), Exc> {
        if self.exc_data(Value::Obj(r)).is_some() {
            let n = String::from(self.str_of(name).unwrap_or(""));
            match n.as_str() {
                "__cause__" | "__context__" | "__suppress_context__" | "args" | "__traceback__" => {
                    let items = if n == "args" {
                        self.collect_iter(v)?
                    } else {
                        Vec::new()
                    };
                    let tb = if n == "__traceback__" && v != Value::None {
                        self.tb_entries(v)?
                    } else {
                        None
                    };
                    if let Some(d) = self.exc_data_mut(Value::Obj(r)) {
                        match n.as_str() {
                            "__cause__" => {
                                d.cause = v;
                                d.suppress = true;
                            }
                            "__context__" => d.context = v,
                            "__suppress_context__" => d.suppress = matches!(v, Value::Bool(true)),
                            "args" => d.args = items,
                            // `e.__traceback__ = None` drops the recorded frames.
                            "__traceback__" if v == Value::None => {
                                d.tb.clear();
                                d.caught = None;
                            }
                            "__traceback__" => {
                                if let Some(tb) = tb {
                                    d.tb = tb;
                                    d.caught = None;
                                }
                            }
                            _ => {}
                        }
                    }
                    return Ok(());
                }
                _ => {}
            }
        }
        let h = self.str_hash(name);
        let found = self
            .inst_dict(r)
            .and_then(|d| d.find(h, |k| self.str_key_eq(k, name)));
        match found {
            Some(ix) => {
                if let Some(d) = self.inst_dict_mut(r) {
                    d.entries[ix].value = v;
                }
            }
            None => {
                if self.charge_attr_entry(r).is_err() {
                    return Err(self.memory_error());
                }
                let mut n = 0;
                if let Some(d) = self.inst_dict_mut(r) {
                    d.push_new(h, name, v);
                    n = d.entries.len();
                }
                if let Obj::Instance(i) = self.heap.get(r) {
                    let cls = i.class;
                    self.note_attr_count(cls, n);
                }
            }
        }
        Ok(())
    }

    /// Charges one more attribute entry of instance `r`: nothing when its table has room
    /// reserved (`attr_hint`: the instance was charged for it when made), else an entry.
    #[inline]
    pub fn charge_attr_entry(&mut self, r: ObjRef) -> Result<(), crate::gc::OutOfMemory> {
        let spare = self
            .inst_dict(r)
            .is_some_and(|d| d.entries.len() < d.entries.capacity());
        if spare {
            return Ok(());
        }
        self.heap.charge(core::mem::size_of::<crate::dict::Entry>())
    }

    /// Raises `cls`'s `attr_hint` to `n` attribute entries (an instance just got its n-th),
    /// so later instances reserve that many up front.
    #[inline]
    pub fn note_attr_count(&mut self, cls: ObjRef, n: usize) {
        let n = n.min(crate::object::ATTR_HINT_MAX) as u8;
        if let Obj::Class(c) = self.heap.get_mut(cls)
            && c.attr_hint < n
        {
            c.attr_hint = n;
        }
    }

    /// The attribute table of an instance.
    pub fn inst_dict(&self, r: ObjRef) -> Option<&Dict> {
        match self.heap.get(r) {
            Obj::Instance(i) => match i.dict_ref() {
                Some(d) => match self.heap.get(d) {
                    Obj::Dict(x) => Some(x),
                    _ => None,
                },
                None => Some(&i.dict),
            },
            _ => None,
        }
    }

    /// The attribute table of an instance, mutably.
    pub fn inst_dict_mut(&mut self, r: ObjRef) -> Option<&mut Dict> {
        let target = match self.heap.get(r) {
            Obj::Instance(i) => i.dict_ref(),
            _ => return None,
        };
        match target {
            Some(d) => match self.heap.get_mut(d) {
                Obj::Dict(x) => Some(x),
                _ => None,
            },
            None => match self.heap.get_mut(r) {
                Obj::Instance(i) => Some(&mut i.dict),
                _ => None,
            },
        }
    }

    /// `obj.__dict__`: moves the attributes into a dict object shared with the instance.
    pub fn inst_dict_obj(&mut self, r: ObjRef) -> Result<Value, Exc> {
        if let Obj::Instance(i) = self.heap.get(r) {
            if let Some(d) = i.dict_ref() {
                return Ok(Value::Obj(d));
            }
        }
        let d = match self.heap.get_mut(r) {
            Obj::Instance(i) => core::mem::take(&mut i.dict),
            _ => Dict::new(),
        };
        let dv = self.alloc(Obj::Dict(d))?;
        if let Obj::Instance(i) = self.heap.get_mut(r) {
            i.rare_mut().dict_ref = dv.as_obj();
        }
        Ok(dv)
    }

    /// Whether instances of `cls`, a class with `__slots__` (the interned `slots_name`) in
    /// its MRO, may have attribute `name` in a dict: only when some class of the MRO (but
    /// object and builtins) has no `__slots__`, or lists `name` or `__dict__` in them.
    fn slots_allow_name(
        &mut self,
        cls: ObjRef,
        slots_name: Value,
        name: Value,
    ) -> Result<bool, Exc> {
        let mro: Vec<ObjRef> = match self.heap.get(cls) {
            Obj::Class(c) => c.mro.to_vec(),
            _ => Vec::new(),
        };
        for c in mro {
            if c == self.t.object || self.is_builtin_class(c) {
                continue;
            }
            let own = match self.heap.get(c) {
                Obj::Class(k) => {
                    let h = self.str_hash(slots_name);
                    k.dict
                        .find(h, |x| self.str_key_eq(x, slots_name))
                        .map(|i| k.dict.entries[i].value)
                }
                _ => None,
            };
            let Some(own) = own else {
                return Ok(true);
            };
            let names = match own {
                Value::Obj(sr) if matches!(self.heap.get(sr), Obj::Str(_)) => alloc::vec![own],
                _ => self.collect_iter(own)?,
            };
            if names
                .iter()
                .any(|s| self.str_key_eq(*s, name) || self.str_of(*s) == Some("__dict__"))
            {
                return Ok(true);
            }
        }
        Ok(false)
    }

    fn readonly_attr(&mut self, obj: Value, name: Value) -> Exc {
        let n = String::from(self.str_of(name).unwrap_or("?"));
        let tn = self.type_name(obj);
        let cls = self.class_of(obj);
        if self.class_lookup(cls, name).is_some() {
            self.exc_msg(
                kind::ATTRIBUTE,
                &format!("'{}' object attribute '{}' is read-only", tn, n),
            )
        } else {
            self.exc_msg(
                kind::ATTRIBUTE,
                &format!("'{}' object has no attribute '{}'", tn, n),
            )
        }
    }

    /// `del obj.name`.
    pub fn del_attr(&mut self, obj: Value, name: Value) -> Result<(), Exc> {
        let r = match obj {
            Value::Obj(r) => r,
            _ => return Err(self.attr_error(obj, name)),
        };
        let h = self.str_hash(name);
        match self.heap.get(r) {
            Obj::Instance(i) => {
                let cls = i.class;
                if self.str_of(name) == Some("__class__") {
                    return Err(self.type_error("can't delete __class__ attribute"));
                }
                if let Some(Value::Obj(cr)) = self.class_lookup(cls, name) {
                    match self.heap.get(cr) {
                        Obj::Property(p) => {
                            let d = p.fdel;
                            if matches!(d, Value::None) {
                                let n = String::from(self.str_of(name).unwrap_or("?"));
                                let tn = self.type_name(obj);
                                return Err(self.exc_msg(
                                    kind::ATTRIBUTE,
                                    &format!("property '{}' of '{}' object has no deleter", n, tn),
                                ));
                            }
                            self.call(d, &[obj])?;
                            return Ok(());
                        }
                        Obj::Instance(_) => {
                            // A descriptor class's `__delete__` (nobody can define one
                            // without naming it, so an uninterned name means none).
                            if let Some(dn) = self.interned_opt("__delete__")
                                && let Some(m) = self.lookup_special(Value::Obj(cr), dn)
                            {
                                self.call(m, &[Value::Obj(cr), obj])?;
                                return Ok(());
                            }
                        }
                        _ => {}
                    }
                }
                let da = self.n.delattr;
                if let Some(m) = self
                    .class_lookup(cls, da)
                    .filter(|m| self.is_user_function(*m))
                {
                    self.call(m, &[obj, name])?;
                    return Ok(());
                }
                let found = self
                    .inst_dict(r)
                    .and_then(|d| d.find(h, |k| self.str_key_eq(k, name)));
                match found {
                    Some(ix) => {
                        if let Some(d) = self.inst_dict_mut(r) {
                            d.remove_at(ix);
                        }
                        Ok(())
                    }
                    None => Err(self.attr_error(obj, name)),
                }
            }
            Obj::Class(c) => {
                self.classes_changed();
                let found = c.dict.find(h, |k| self.str_key_eq(k, name));
                match found {
                    Some(ix) => {
                        if let Obj::Class(c) = self.heap.get_mut(r) {
                            c.dict.remove_at(ix);
                        }
                        Ok(())
                    }
                    None => Err(self.attr_error(obj, name)),
                }
            }
            Obj::Module(_, d) => {
                let d = *d;
                if self.dict_del_str(d, name) {
                    Ok(())
                } else {
                    Err(self.attr_error(obj, name))
                }
            }
            _ => Err(self.attr_error(obj, name)),
        }
    }

    /// isinstance(v, cls) for a single class.
    pub fn is_instance_of(&self, v: Value, cls: ObjRef) -> bool {
        let c = self.class_of(v);
        self.is_subclass(c, cls)
    }

    /// The classes in a class statement's bases tuple (TypeError for anything else).
    fn base_classes(&mut self, bases: Value) -> Result<Vec<ObjRef>, Exc> {
        let mut base_refs: Vec<ObjRef> = Vec::new();
        for b in self.seq_items(bases)? {
            match b {
                Value::Obj(r) if matches!(self.heap.get(r), Obj::Class(_)) => base_refs.push(r),
                _ => return Err(self.type_error("bases must be types")),
            }
        }
        Ok(base_refs)
    }

    /// What a class statement calls to make the class (CPython's `__build_class__`): the
    /// explicit `metaclass=` (any callable), or the most derived metaclass of the bases, and
    /// the keywords without `metaclass`. `None` for plain `type`.
    pub fn class_metaclass(
        &mut self,
        bases: &[ObjRef],
        kwargs: Value,
    ) -> Result<(Option<Value>, Keywords), Exc> {
        let mut kw: Vec<(Value, Value)> = match kwargs {
            Value::Obj(k) => match self.heap.get(k) {
                Obj::Dict(d) => d.iter().map(|e| (e.key, e.value)).collect(),
                _ => Vec::new(),
            },
            _ => Vec::new(),
        };
        let mut explicit = None;
        if let Some(i) = kw
            .iter()
            .position(|(k, _)| self.str_of(*k) == Some("metaclass"))
        {
            explicit = Some(kw.remove(i).1);
        }
        let meta = match explicit {
            Some(Value::Obj(m)) if matches!(self.heap.get(m), Obj::Class(_)) => {
                self.most_derived_metaclass(m, bases)?
            }
            Some(other) => return Ok((Some(other), kw)),
            None => self.most_derived_metaclass(self.t.type_, bases)?,
        };
        let meta = (meta != self.t.type_).then_some(Value::Obj(meta));
        Ok((meta, kw))
    }

    /// CPython's `_PyType_CalculateMetaclass`: the metaclass among `meta` and the bases'
    /// metaclasses that is a subclass of all the others.
    fn most_derived_metaclass(&mut self, meta: ObjRef, bases: &[ObjRef]) -> Result<ObjRef, Exc> {
        let mut winner = meta;
        for &b in bases {
            let t = self.class_of(Value::Obj(b));
            if self.is_subclass(winner, t) {
                continue;
            }
            if self.is_subclass(t, winner) {
                winner = t;
                continue;
            }
            return Err(self.type_error(
                "metaclass conflict: the metaclass of a derived class must be a (non-strict) \
                 subclass of the metaclasses of all its bases",
            ));
        }
        Ok(winner)
    }

    /// A class statement's bases with each non-class that has `__mro_entries__` replaced by
    /// what it returns (PEP 560, as CPython's `types.resolve_bases`); `bases` itself when
    /// nothing changes. Host only (flash).
    #[cfg(feature = "std")]
    fn resolve_bases(&mut self, bases: Value) -> Result<Value, Exc> {
        let items = self.seq_items(bases)?;
        if items
            .iter()
            .all(|b| matches!(b, Value::Obj(r) if matches!(self.heap.get(*r), Obj::Class(_))))
        {
            return Ok(bases);
        }
        let me = self.intern("__mro_entries__")?;
        let mut out = Vec::new();
        let mut changed = false;
        for b in items.iter() {
            let is_class = matches!(b, Value::Obj(r) if matches!(self.heap.get(*r), Obj::Class(_)));
            match (is_class, self.lookup_special(*b, me)) {
                (false, Some(f)) => {
                    let entries = self.call(f, &[*b, bases])?;
                    if !matches!(entries, Value::Obj(r) if matches!(self.heap.get(r), Obj::Tuple(_)))
                    {
                        return Err(self.type_error("__mro_entries__ must return a tuple"));
                    }
                    out.extend(self.seq_items(entries)?);
                    changed = true;
                }
                _ => out.push(*b),
            }
        }
        if !changed {
            return Ok(bases);
        }
        self.alloc(Obj::Tuple(out.into_boxed_slice()))
    }

    #[cfg(not(feature = "std"))]
    fn resolve_bases(&mut self, bases: Value) -> Result<Value, Exc> {
        Ok(bases)
    }

    /// The namespace a class statement's body runs in and the bases it makes the class
    /// with (`__mro_entries__` applied; the written ones are then `__orig_bases__`).
    pub fn class_namespace(
        &mut self,
        name: Value,
        bases: Value,
        kwargs: Value,
    ) -> Result<(ObjRef, Value), Exc> {
        let resolved = self.resolve_bases(bases)?;
        let ns = self.class_namespace_for(name, resolved, kwargs)?;
        if resolved != bases {
            let k = self.intern("__orig_bases__")?;
            self.dict_set(Value::Obj(ns), k, bases)?;
        }
        Ok((ns, resolved))
    }

    /// `class_namespace`'s dict: `meta.__prepare__(name, bases, **kw)` when the metaclass
    /// defines it in Python (a dict), else a new dict.
    fn class_namespace_for(
        &mut self,
        name: Value,
        bases: Value,
        kwargs: Value,
    ) -> Result<ObjRef, Exc> {
        let has_kw = matches!(kwargs, Value::Obj(k) if matches!(self.heap.get(k), Obj::Dict(d) if !d.is_empty()));
        let no_bases = matches!(bases, Value::Obj(b) if matches!(self.heap.get(b), Obj::Tuple(t) if t.is_empty()));
        if has_kw || !no_bases {
            let base_refs = self.base_classes(bases)?;
            let (meta, kw) = self.class_metaclass(&base_refs, kwargs)?;
            let prep = self.intern("__prepare__")?;
            if let Some(meta) = meta
                && let Some(f) = self.get_attr_opt(meta, prep)?
                && !matches!(f, Value::Obj(r) if matches!(self.heap.get(r), Obj::Native(_)))
            {
                let ns = self.call_kw(f, &[name, bases], &kw)?;
                let base = match ns {
                    Value::Obj(r) => match self.heap.get(r) {
                        Obj::Dict(_) => return Ok(r),
                        Obj::Instance(i) => match i.base_value() {
                            Value::Obj(d) if matches!(self.heap.get(d), Obj::Dict(_)) => Some(d),
                            _ => None,
                        },
                        _ => None,
                    },
                    _ => None,
                };
                // A dict subclass that leaves item access to dict (OrderedDict, ...): its
                // dict is the namespace. One that hooks it cannot be: the class body stores
                // into a dict directly.
                let hooks = ["__setitem__", "__getitem__", "__delitem__"].iter().any(|h| {
                    self.interned_opt(h)
                        .and_then(|n| self.lookup_special(ns, n))
                        .is_some_and(|f| matches!(f, Value::Obj(x) if matches!(self.heap.get(x), Obj::Function(_))))
                });
                if let Some(d) = base
                    && !hooks
                {
                    return Ok(d);
                }
                let gi = self.n.getitem;
                let tn = self.type_name(ns);
                if self.lookup_special(ns, gi).is_none() {
                    let mn = self.class_name(meta.as_obj().unwrap_or(ObjRef(0)));
                    return Err(self.type_error(&format!(
                        "{}.__prepare__() must return a mapping, not {}",
                        mn, tn
                    )));
                }
                return Err(self.type_error(&format!(
                    "__prepare__() must return a dict here (pyrite), not {}",
                    tn
                )));
            }
        }
        let ns = self.alloc(Obj::Dict(Dict::new()))?;
        Ok(ns.as_obj().unwrap_or(ObjRef(0)))
    }

    /// Creates a class from a finished class body (or `type(name, bases, ns)`): through its
    /// metaclass when that is not `type`.
    pub fn build_class(
        &mut self,
        name: Value,
        bases: Value,
        ns: ObjRef,
        kwargs: Value,
    ) -> Result<Value, Exc> {
        let base_refs = self.base_classes(bases)?;
        let (meta, kw) = self.class_metaclass(&base_refs, kwargs)?;
        if let Some(meta) = meta {
            return self.call_kw(meta, &[name, bases, Value::Obj(ns)], &kw);
        }
        let t = self.t.type_;
        self.make_class(t, name, base_refs, ns, &kw)
    }

    /// `type.__new__(meta, name, bases, ns, **kw)`: a class whose metaclass is `meta` (or the
    /// more derived metaclass of a base), with a copy of `ns` as its namespace; then
    /// `__set_name__` of its descriptors and `__init_subclass__(**kw)` of its parent.
    pub fn type_new(
        &mut self,
        meta: ObjRef,
        name: Value,
        bases: Value,
        ns: Value,
        kw: &[(Value, Value)],
    ) -> Result<Value, Exc> {
        if self.str_of(name).is_none() {
            let tn = self.type_name(name);
            return Err(self.type_error(&format!(
                "type.__new__() argument 1 must be str, not {}",
                tn
            )));
        }
        if !matches!(bases, Value::Obj(r) if matches!(self.heap.get(r), Obj::Tuple(_))) {
            let tn = self.type_name(bases);
            return Err(self.type_error(&format!(
                "type.__new__() argument 2 must be tuple, not {}",
                tn
            )));
        }
        let d = match ns {
            Value::Obj(r) => match self.heap.get(r) {
                Obj::Dict(d) => Some(d.clone()),
                _ => None,
            },
            _ => None,
        };
        let Some(d) = d else {
            let tn = self.type_name(ns);
            return Err(self.type_error(&format!(
                "type.__new__() argument 3 must be dict, not {}",
                tn
            )));
        };
        let nsv = self.alloc(Obj::Dict(d))?;
        let nsr = nsv.as_obj().unwrap_or(ObjRef(0));
        // Rooted on the stack while names are interned and the class is made.
        self.stack.push(nsv);
        let r = self.type_new_in(meta, name, bases, nsr, kw);
        self.stack.pop();
        r
    }

    fn type_new_in(
        &mut self,
        meta: ObjRef,
        name: Value,
        bases: Value,
        nsr: ObjRef,
        kw: &[(Value, Value)],
    ) -> Result<Value, Exc> {
        let module = self.n.module;
        if self.dict_get_str(nsr, module).is_none() {
            // As CPython: the module of the code that made the class.
            let g = self
                .frames
                .last()
                .map(|f| f.globals)
                .unwrap_or(self.main_globals);
            let modname = self.dict_get_str(g, self.n.name).unwrap_or(Value::None);
            self.dict_set_str(nsr, module, modname)?;
        }
        let name = crate::builtins::intern_value(self, name)?;
        let base_refs = self.base_classes(bases)?;
        let meta = self.most_derived_metaclass(meta, &base_refs)?;
        self.make_class(meta, name, base_refs, nsr, kw)
    }

    /// Makes the class object (C3 MRO, layout tag, attribute hooks) with metaclass `meta`.
    fn make_class(
        &mut self,
        meta: ObjRef,
        name: Value,
        mut base_refs: Vec<ObjRef>,
        ns: ObjRef,
        kw: &[(Value, Value)],
    ) -> Result<Value, Exc> {
        if base_refs.is_empty() {
            base_refs.push(self.t.object);
        }
        let type_ = self.t.type_;
        if base_refs.iter().any(|&b| self.is_subclass(b, type_)) {
            // A metaclass: its `super().__new__()` etc. reach `type`'s.
            crate::methods::install_metaclass_methods(self)?;
        }
        // C3 linearisation.
        let mut seqs: Vec<Vec<ObjRef>> = Vec::new();
        for b in &base_refs {
            match self.heap.get(*b) {
                Obj::Class(c) => seqs.push(c.mro.to_vec()),
                _ => seqs.push(vec![*b]),
            }
        }
        seqs.push(base_refs.clone());
        let mut mro: Vec<ObjRef> = Vec::new();
        loop {
            seqs.retain(|s| !s.is_empty());
            if seqs.is_empty() {
                break;
            }
            let mut cand = None;
            for s in &seqs {
                let h = s[0];
                if !seqs.iter().any(|t| t[1..].contains(&h)) {
                    cand = Some(h);
                    break;
                }
            }
            let c = match cand {
                Some(c) => c,
                None => {
                    if let Some((_, b)) = base_refs
                        .iter()
                        .enumerate()
                        .find(|(i, b)| base_refs[..*i].contains(b))
                    {
                        let msg = format!("duplicate base class {}", self.class_name(*b));
                        return Err(self.type_error(&msg));
                    }
                    let names: Vec<String> =
                        base_refs.iter().map(|b| self.class_name(*b)).collect();
                    return Err(self.type_error(&format!(
                        "Cannot create a consistent method resolution\norder (MRO) for bases {}",
                        names.join(", ")
                    )));
                }
            };
            mro.push(c);
            for s in seqs.iter_mut() {
                if s[0] == c {
                    s.remove(0);
                }
            }
        }
        let mut tag = TypeTag::Object;
        for m in &mro {
            if let Obj::Class(c) = self.heap.get(*m)
                && c.tag != TypeTag::Object
            {
                tag = c.tag;
                break;
            }
        }
        let dict = match self.heap.get(ns) {
            Obj::Dict(d) => d.clone(),
            _ => Dict::new(),
        };
        let mut dict = dict;
        {
            let (eqn, hn) = (self.n.eq, self.n.hash);
            let has_eq = dict
                .find(self.str_hash(eqn), |k| self.str_key_eq(k, eqn))
                .is_some();
            let has_hash = dict
                .find(self.str_hash(hn), |k| self.str_key_eq(k, hn))
                .is_some();
            if has_eq && !has_hash {
                dict.push_new(self.str_hash(hn), hn, Value::None);
            }
        }
        let Value::Obj(name) = name else {
            return Err(self.type_error("class name must be a str"));
        };
        // A class body stores `__qualname__`; CPython's type.__new__ takes it out of the
        // namespace. When it is the name (a class at module level) `C.__qualname__` gives
        // the name anyway, so the entry goes: 40 bytes of every class's dict.
        if let Some(qk) = self.interned_opt("__qualname__")
            && let Some(ix) = dict.find(self.str_hash(qk), |k| self.str_key_eq(k, qk))
            && self.str_of(dict.entries[ix].value).is_some()
            && self.str_of(dict.entries[ix].value) == self.str_of(Value::Obj(name))
        {
            dict.remove_at(ix);
            dict.compact();
        }
        dict.tight = true;
        let class = Class {
            name,
            multi_bases: Class::multi_bases(&base_refs),
            mro: Box::default(),
            dict,
            tag,
            builtin: false,
            hooks: false,
            attr_hint: 0,
            meta: (meta != self.t.type_).then_some(meta),
        };
        let cv = self.alloc(Obj::Class(Box::new(class)))?;
        let cr = cv.as_obj().unwrap_or(ObjRef(0));
        mro.insert(0, cr);
        let ga = self.n.getattribute;
        let sa = self.n.setattr;
        let mut hooks = false;
        for k in mro.iter() {
            if let Obj::Class(kc) = self.heap.get(*k) {
                if kc.hooks {
                    hooks = true;
                }
                for n in [ga, sa] {
                    if let Some(ix) = kc.dict.find(self.str_hash(n), |x| self.str_key_eq(x, n)) {
                        if self.is_user_function(kc.dict.entries[ix].value) {
                            hooks = true;
                        }
                    }
                }
            }
        }
        if let Obj::Class(c) = self.heap.get_mut(cr) {
            c.mro = mro.into_boxed_slice();
            c.hooks = hooks;
        }
        self.materialize_for_subclass(cr)?;
        // __set_name__ on descriptors and __init_subclass__ on the parent.
        let entries: Vec<(Value, Value)> = match self.heap.get(cr) {
            Obj::Class(c) => c.dict.iter().map(|e| (e.key, e.value)).collect(),
            _ => Vec::new(),
        };
        let sn = self.n.set_name;
        for (k, v) in entries {
            if let Value::Obj(vr) = v
                && let Obj::Instance(_) = self.heap.get(vr)
                && let Some(m) = self.lookup_special(v, sn)
            {
                self.call(m, &[v, cv, k])?;
            }
        }
        if let Some(parent) = base_refs.first() {
            let isub = self.n.init_subclass;
            if let Some(f) = self.class_lookup(*parent, isub) {
                let f = match f {
                    Value::Obj(r) => match self.heap.get(r) {
                        Obj::ClassMethod(f) => *f,
                        _ => f,
                    },
                    _ => f,
                };
                if self.is_user_function(f) {
                    self.call_kw(f, &[cv], kw)?;
                } else if !kw.is_empty() {
                    let cn = self.class_name(cr);
                    return Err(self.type_error(&format!(
                        "{}.__init_subclass__() takes no keyword arguments",
                        cn
                    )));
                }
            }
        }
        Ok(cv)
    }

    /// Zero-argument super(): find the class whose dict defines the running function.
    pub fn implicit_super(&mut self) -> Result<Value, Exc> {
        let f = match self.frames.last() {
            Some(f) => f,
            None => return Err(self.exc_msg(kind::RUNTIME, "super(): no arguments")),
        };
        let code = f.code.clone();
        if code.argcount == 0 && code.flags & crate::bytecode::flags::VARARGS == 0 {
            return Err(self.exc_msg(kind::RUNTIME, "super(): no arguments"));
        }
        let mut first = self.stack.get(f.base).copied().unwrap_or(Value::Null);
        // The first argument may have been turned into a cell.
        if let Value::Obj(r) = first
            && let Obj::Cell(v) = self.heap.get(r)
            && code.cellvars().iter().any(|(s, p)| *s == 0 && *p)
        {
            first = *v;
        }
        let start_cls = match first {
            Value::Obj(r) if matches!(self.heap.get(r), Obj::Class(_)) => r,
            _ => self.class_of(first),
        };
        // A class as first argument: a classmethod of it, or a method of its metaclass, so the
        // metaclass's MRO is searched after the class's. Read in place: super() is called in
        // every overriding method, and copying the MRO cost an allocation each time.
        let meta = self.class_of(first);
        // The class found for (this code, these owners) holds until a class changes or the
        // GC runs (`class_epoch`; a code object's address is reused only once it is freed,
        // and with it every function and class namespace entry that held it).
        let code_at = alloc::rc::Rc::as_ptr(&code) as usize;
        let epoch = self.class_epoch.get();
        let slot = (code_at >> 4) % crate::vm::SUPER_CACHE;
        let (c0, s0, m0, e0, k0) = self.super_cache[slot];
        if c0 == code_at && s0 == start_cls.0 && m0 == meta.0 && e0 == epoch {
            return self.alloc(Obj::Super(ObjRef(k0), first));
        }
        let owners = [start_cls, meta];
        let searched = if meta != start_cls { 2 } else { 1 };
        let mut found = None;
        'search: for &owner in &owners[..searched] {
            let Obj::Class(oc) = self.heap.get(owner) else {
                continue;
            };
            for &k in oc.mro.iter() {
                if let Obj::Class(c) = self.heap.get(k)
                    && c.dict.iter().any(|e| self.defines_code(e.value, &code))
                {
                    found = Some(k);
                    break 'search;
                }
            }
        }
        if let Some(k) = found {
            self.super_cache[slot] = (code_at, start_cls.0, meta.0, epoch, k.0);
            return self.alloc(Obj::Super(k, first));
        }
        Err(self.exc_msg(kind::RUNTIME, "super(): __class__ cell not found"))
    }

    fn defines_code(&self, v: Value, code: &alloc::rc::Rc<crate::bytecode::Code>) -> bool {
        let r = match v {
            Value::Obj(r) => r,
            _ => return false,
        };
        match self.heap.get(r) {
            Obj::Function(f) => alloc::rc::Rc::ptr_eq(&f.code, code),
            Obj::ClassMethod(f) | Obj::StaticMethod(f) => self.defines_code(*f, code),
            Obj::Property(p) => {
                self.defines_code(p.fget, code)
                    || self.defines_code(p.fset, code)
                    || self.defines_code(p.fdel, code)
            }
            _ => false,
        }
    }
}
