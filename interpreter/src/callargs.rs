//! The `*x` and `**x` arguments of a call (`CallEx` and `DictMergeCall`), with CPython's
//! messages, which name the callee: `f() argument after * must be an iterable, not int`,
//! `f() got multiple values for keyword argument 'a'`.

use crate::exceptions::kind;
use crate::object::*;
use crate::value::Value;
use crate::vm::{Exc, Vm};
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

impl Vm {
    /// How CPython names a callable in call errors (`_PyObject_FunctionStr`):
    /// `module.qualname()`, without the module for builtins, else the callable's repr.
    pub fn callee_str(&mut self, f: Value) -> Result<String, Exc> {
        let r = match f {
            Value::Obj(r) => r,
            _ => return self.repr(f),
        };
        if self.is_user_function(f) {
            self.function_code(r)?;
        }
        let (module, qualname) = match self.heap.get(r) {
            Obj::Function(func) => {
                let (globals, code) = (func.globals, func.code.clone());
                (
                    self.dict_get_str(globals, self.n.name),
                    Some(self.code_qualname(&code)?),
                )
            }
            Obj::BoundMethod(s, func) => {
                let (s, func) = (*s, *func);
                if let Value::Obj(fr) = func
                    && let Obj::Native(nf) = self.heap.get(fr)
                {
                    return Ok(format!("{}.{}()", self.type_name(s), nf.name));
                }
                return self.callee_str(func);
            }
            Obj::Native(nf) => {
                let name = nf.name;
                return Ok(match nf.bound {
                    Value::Null => format!("{}()", name),
                    b => format!("{}.{}()", self.type_name(b), name),
                });
            }
            Obj::Class(c) => {
                let own = |name: Value| {
                    c.dict
                        .find(self.str_hash(name), |k| self.str_key_eq(k, name))
                        .map(|ix| c.dict.entries[ix].value)
                };
                let module = own(self.n.module);
                let qualname = self
                    .interned_opt("__qualname__")
                    .and_then(own)
                    .or(Some(Value::Obj(c.name)));
                (module, qualname)
            }
            _ => (None, None),
        };
        let qualname = match qualname.and_then(|q| self.str_of(q)) {
            Some(q) => String::from(q),
            None => return self.repr(f),
        };
        Ok(match module.and_then(|m| self.str_of(m)) {
            Some(m) if m != "builtins" => format!("{}.{}()", m, qualname),
            _ => format!("{}()", qualname),
        })
    }

    /// CPython's test before saying "must be an iterable": the type has `__iter__` or is a
    /// sequence (`__getitem__`). A TypeError raised by a real `__iter__` is left as it is.
    pub(crate) fn is_iterable_type(&self, v: Value) -> bool {
        let r = match v {
            Value::Obj(r) => r,
            _ => return false,
        };
        match self.heap.get(r) {
            Obj::Instance(i) => {
                !i.base_value().is_null()
                    || self.lookup_special(v, self.n.iter).is_some()
                    || self.lookup_special(v, self.n.getitem).is_some()
            }
            Obj::List(_)
            | Obj::Tuple(_)
            | Obj::Str(_)
            | Obj::Bytes(_)
            | Obj::ByteArray(_)
            | Obj::Range(..)
            | Obj::Dict(_)
            | Obj::Set(..)
            | Obj::DictView(..)
            | Obj::MemoryView(_)
            | Obj::Iter(_)
            | Obj::Generator(_) => true,
            _ => false,
        }
    }

    /// The items of `*x`; `callee` names the function for a lone `f(*x)`, else the message
    /// is CPython's `Value after * must be an iterable` (displays and mixed calls).
    pub fn star_items(&mut self, v: Value, callee: Option<Value>) -> Result<Vec<Value>, Exc> {
        match self.collect_iter(v) {
            Ok(items) => Ok(items),
            Err(e) if self.exc_is(e.0, kind::TYPE) && !self.is_iterable_type(v) => {
                let tn = self.type_name(v);
                let who = match callee {
                    Some(f) => format!("{} argument", self.callee_str(f)?),
                    None => String::from("Value"),
                };
                Err(self.type_error(&format!("{} after * must be an iterable, not {}", who, tn)))
            }
            Err(e) => Err(e),
        }
    }

    /// `**src` (or a group of `name=value`) merged into the keyword dict `dst` of a call of
    /// `callee`: a mapping is required, and a keyword may come only once.
    pub fn merge_call_kwargs(&mut self, dst: Value, src: Value, callee: Value) -> Result<(), Exc> {
        let entries: Option<Vec<(Value, Value)>> = match src {
            Value::Obj(s) => match self.heap.get(s) {
                Obj::Dict(d) => Some(d.iter().map(|e| (e.key, e.value)).collect()),
                _ => None,
            },
            _ => None,
        };
        let entries = match entries {
            Some(es) => es,
            None => {
                let keys_name = self.intern("keys")?;
                let keys = match self.get_attr_opt(src, keys_name)? {
                    Some(k) => k,
                    None => {
                        let tn = self.type_name(src);
                        let who = self.callee_str(callee)?;
                        return Err(self.type_error(&format!(
                            "{} argument after ** must be a mapping, not {}",
                            who, tn
                        )));
                    }
                };
                let ks = self.call(keys, &[])?;
                let mut es = Vec::new();
                for k in self.collect_iter(ks)? {
                    let v = self.get_item(src, k)?;
                    es.push((k, v));
                }
                es
            }
        };
        for (k, v) in entries {
            if self.str_of(k).is_some() && self.dict_get(dst, k)?.is_some() {
                let who = self.callee_str(callee)?;
                let name = String::from(self.str_of(k).unwrap_or("?"));
                return Err(self.type_error(&format!(
                    "{} got multiple values for keyword argument '{}'",
                    who, name
                )));
            }
            self.dict_set(dst, k, v)?;
        }
        Ok(())
    }
}
