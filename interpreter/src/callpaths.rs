//! Calls the dispatch loop runs as frames of its own (no nested run, no bound-method
//! object): property getters, a binary operator's special method, and classmethods,
//! staticmethods and `super()` methods found by LOAD_METHOD.

use crate::ast::BinOp;
use crate::object::*;
use crate::value::{ObjRef, Value};
use crate::vm::{Exc, Ret, Vm};
use alloc::format;

impl Vm {
    /// The class of `obj` when it is a plain instance: no attribute hooks on its class.
    fn plain_instance_class(&self, obj: Value) -> Option<ObjRef> {
        let i = match self.heap.get(obj.as_obj()?) {
            Obj::Instance(i) => i,
            _ => return None,
        };
        match self.heap.get(i.class) {
            Obj::Class(c) if !c.hooks => Some(i.class),
            _ => None,
        }
    }

    /// The getter of `obj.name` when it is a property whose getter is a Python function (a
    /// data descriptor: it wins over the instance dict).
    pub(crate) fn python_property_getter(&self, obj: Value, name: Value) -> Option<Value> {
        let cls = self.plain_instance_class(obj)?;
        // A getter's AttributeError falls back to `__getattr__`: the general path.
        if self.class_lookup(cls, self.n.getattr).is_some() {
            return None;
        }
        let p = self.class_lookup(cls, name)?;
        match self.heap.get(p.as_obj()?) {
            Obj::Property(p) if self.is_user_function(p.fget) => Some(p.fget),
            _ => None,
        }
    }

    /// LOAD_ATTR of a property with a Python getter on the instance on top of the stack, from
    /// the dispatch loop: the getter's frame is pushed as a plain call (`push_frame_fast`)
    /// with the instance as its argument, its result replacing the instance. `false` (nothing
    /// changed) when that does not apply; the general path decides then.
    #[cfg(feature = "std")]
    #[inline(never)]
    pub(crate) fn property_frame(&mut self, obj: Value, name: Value) -> bool {
        if !self.is_instance_value(obj) {
            return false;
        }
        let Some(Value::Obj(fget)) = self.python_property_getter(obj, name) else {
            return false;
        };
        let Some(pos) = self.stack.len().checked_sub(1) else {
            return false;
        };
        // [fget, obj]
        self.stack[pos] = Value::Obj(fget);
        self.stack.push(obj);
        if self.push_frame_fast(fget, pos + 1, 1, pos) {
            return true;
        }
        self.stack.pop();
        self.stack[pos] = obj;
        false
    }

    /// LOAD_METHOD's `method_unbound` for the receivers it serves (instances, classes,
    /// `super()` objects); `None` sends anything else to the general lookup. Out of line on
    /// the host (the dispatch loop calls it too); inlined into `slow_op` on devices (flash).
    #[cfg_attr(feature = "std", inline(never))]
    #[cfg_attr(not(feature = "std"), inline)]
    pub(crate) fn method_unbound_op(&self, obj: Value, name: Value) -> Option<(Value, Value)> {
        let r = obj.as_obj()?;
        if !matches!(
            self.heap.get(r),
            Obj::Instance(_) | Obj::Class(_) | Obj::Super(..)
        ) {
            return None;
        }
        self.method_unbound(obj, name)
    }

    /// LOAD_METHOD without a bound method for what `method_fast` leaves: (callable, first
    /// argument), the callable `Null` when there is none, as CALL_METHOD expects. Covers a
    /// classmethod or staticmethod reached through an instance or a class, a plain function
    /// through a class (`C.f(x)`), and a method through `super()`.
    pub(crate) fn method_unbound(&self, obj: Value, name: Value) -> Option<(Value, Value)> {
        let r = obj.as_obj()?;
        let (found, owner, first) = match self.heap.get(r) {
            Obj::Instance(_) => {
                let cls = self.plain_instance_class(obj)?;
                let h = self.str_hash(name);
                if self
                    .inst_dict(r)
                    .and_then(|d| d.find(h, |k| self.str_key_eq(k, name)))
                    .is_some()
                {
                    return None;
                }
                let v = self.class_lookup(cls, name)?;
                // A plain function here is `method_fast`'s case (it gets here only when it
                // declined, e.g. for a native): leave it to the general path.
                if self.is_user_function(v) {
                    return None;
                }
                (v, cls, None)
            }
            Obj::Class(c) if !c.hooks && self.class_of(obj) == self.t.type_ => {
                let v = self.class_lookup(r, name)?;
                (v, r, Some((Value::Null, v)))
            }
            Obj::Super(start, o) => {
                let (start, o) = (*start, *o);
                // super() in a method (not a classmethod): the MRO of the instance's class
                // after `start`.
                let cls = self.plain_instance_class(o)?;
                let Obj::Class(c) = self.heap.get(cls) else {
                    return None;
                };
                let pos = c.mro.iter().position(|k| *k == start)? + 1;
                let rest = c.mro.get(pos..)?;
                // The usual case (single inheritance): the rest of the MRO is the next
                // class's own, so the lookup is that class's, from the lookup cache.
                let next_mro = match rest.first().map(|&k| self.heap.get(k)) {
                    Some(Obj::Class(kc)) => Some(&kc.mro),
                    _ => None,
                };
                let v = if let Some(m) = next_mro
                    && m[..] == rest[..]
                {
                    self.class_lookup(rest[0], name)?
                } else {
                    let h = self.str_hash(name);
                    rest.iter().find_map(|&k| match self.heap.get(k) {
                        Obj::Class(kc) => kc
                            .dict
                            .find(h, |key| self.str_key_eq(key, name))
                            .map(|ix| kc.dict.entries[ix].value),
                        _ => None,
                    })?
                };
                if self.is_user_function(v) {
                    return Some((v, o));
                }
                (v, cls, None)
            }
            _ => return None,
        };
        match self.heap.get(found.as_obj()?) {
            Obj::ClassMethod(f) if self.is_user_function(*f) => Some((*f, Value::Obj(owner))),
            Obj::StaticMethod(f) if self.is_user_function(*f) => Some((Value::Null, *f)),
            Obj::Function(_) => first,
            _ => None,
        }
    }

    /// `l op r` (TOS1, TOS) when `l` is a plain instance whose class defines the operator
    /// as a Python function and CPython would try no reflected method after it (`r` of the
    /// same class, or a number): the method runs as a frame of this loop, its result
    /// delivered by `Ret::Dunder`. False (nothing changed) otherwise.
    pub(crate) fn call_dunder_in_loop(&mut self, op: BinOp) -> Result<bool, Exc> {
        let n = self.stack.len();
        let (l, r) = (self.stack[n - 2], self.stack[n - 1]);
        let Some(cls) = self.plain_instance_class(l) else {
            return Ok(false);
        };
        // A subclass of a builtin (int, str, ...) may be served by the base's reflected
        // method after a NotImplemented: the general path.
        if matches!(self.heap.get(cls), Obj::Class(c) if c.builtin)
            || matches!(l, Value::Obj(lr) if matches!(self.heap.get(lr), Obj::Instance(i) if !i.base_value().is_null()))
        {
            return Ok(false);
        }
        let same_class = matches!(r, Value::Obj(rr)
            if matches!(self.heap.get(rr), Obj::Instance(i) if i.class == cls));
        if !same_class && !matches!(r, Value::Int(_) | Value::Float(_) | Value::Bool(_)) {
            return Ok(false);
        }
        // The name from the per-operator cache: hashing "__add__" on every `a + b` was a
        // visible cost of operator-heavy classes.
        let slot = op as usize;
        let name = match self.binop_dunders.get(slot).copied().flatten() {
            Some(n) => Value::Obj(n),
            None => {
                let (name, _, _) = crate::ops::binop_names(op);
                let Some(name) = self.interned_opt(name) else {
                    return Ok(false);
                };
                if let (Value::Obj(n), Some(c)) = (name, self.binop_dunders.get_mut(slot)) {
                    *c = Some(n);
                }
                name
            }
        };
        let Some(m) = self
            .class_lookup(cls, name)
            .filter(|m| self.is_user_function(*m))
        else {
            return Ok(false);
        };
        // [l, r] -> [m, l, r]: the method's frame takes l and r as its first locals.
        self.stack.insert(n - 2, m);
        let ret = Ret::Dunder(op, cls, self.class_of(r));
        if let Some(v) = self.invoke(n - 2, 2, None, n - 2, ret)? {
            self.stack.push(v);
        }
        Ok(true)
    }

    /// CPython's TypeError for an operator that neither operand's class supports.
    pub(crate) fn unsupported_operands(&mut self, op: BinOp, l: ObjRef, r: ObjRef) -> Exc {
        let (lt, rt) = (self.class_name(l), self.class_name(r));
        let sym = crate::ops::binop_symbol(op);
        self.type_error(&format!(
            "unsupported operand type(s) for {}: '{}' and '{}'",
            sym, lt, rt
        ))
    }
}
