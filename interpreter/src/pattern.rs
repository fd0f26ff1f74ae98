//! The run-time half of the `match` statement (PEP 634): the checks a pattern cannot express
//! with plain instructions, as one instruction, `Op::Match(kind, n)`, with CPython's semantics
//! and messages. The compiler does the rest (literal and value patterns compare with `==`/`is`,
//! sequence items are unpacked with `UnpackSequence`/`UnpackEx`, captures are locals).

use crate::exceptions::kind;
use crate::object::*;
use crate::value::Value;
use crate::vm::{Exc, Vm};
use alloc::format;
use alloc::vec::Vec;

/// `Op::Match` kinds (the first operand).
pub mod op {
    /// x → is x a sequence a sequence pattern may match (not str, bytes, bytearray).
    pub const IS_SEQ: u8 = 0;
    /// x → is x a mapping.
    pub const IS_MAP: u8 = 1;
    /// x → len(x).
    pub const LEN: u8 = 2;
    /// subject, keys tuple → tuple of the values (`subject.get`), or None when one is missing.
    pub const KEYS: u8 = 3;
    /// subject, keys tuple → a dict of the other items (`**rest`).
    pub const REST: u8 = 4;
    /// subject, class, keyword names tuple → tuple of the `n` positional sub-patterns'
    /// attributes then the keywords', or None when the subject is no instance or lacks one.
    pub const CLASS: u8 = 5;
    /// The last kind.
    pub const LAST: u8 = CLASS;
}

impl Vm {
    /// Runs `Op::Match(kind, n)` on the value stack. Not inlined: its locals would enlarge
    /// `slow_op`'s frame, which every nested Python call stacks.
    #[inline(never)]
    pub(crate) fn match_op(&mut self, k: u8, n: u16) -> Result<(), Exc> {
        let r = match k {
            op::IS_SEQ | op::IS_MAP | op::LEN => {
                let x = self.stack.pop().unwrap_or(Value::None);
                if k == op::LEN {
                    Value::Int(self.len(x)? as i64)
                } else {
                    let c = self.class_of(x);
                    let t = &self.t;
                    let builtin = if k == op::IS_MAP {
                        self.is_subclass(c, t.dict)
                    } else {
                        [t.list, t.tuple, t.range, t.memoryview]
                            .iter()
                            .any(|b| self.is_subclass(c, *b))
                    };
                    // CPython's flag for classes registered as collections.abc Sequence or
                    // Mapping, set from a class attribute as ABCMeta does: the frozen
                    // `deque` and `array` carry it (CPython's C ones are registered).
                    let flag = if k == op::IS_MAP { 1 << 6 } else { 1 << 5 };
                    let abc = self
                        .interned_opt("__abc_tpflags__")
                        .and_then(|n| self.class_lookup(c, n));
                    Value::Bool(builtin || matches!(abc, Some(Value::Int(f)) if f & flag != 0))
                }
            }
            _ => {
                // The operands stay on the stack (rooted) while `get`, `__getattr__` or a
                // property runs Python code; the values found are pushed above them.
                let nargs = if k == op::CLASS { 3 } else { 2 };
                let base = self.stack.len();
                let arg = |vm: &Vm, i: usize| vm.stack.get(base - nargs + i).copied();
                let (subject, b, c) = (
                    arg(self, 0).unwrap_or(Value::None),
                    arg(self, 1).unwrap_or(Value::None),
                    arg(self, 2).unwrap_or(Value::None),
                );
                let found = match k {
                    op::REST => {
                        let d = self.alloc(Obj::Dict(crate::dict::Dict::new()))?;
                        self.stack.push(d);
                        self.dict_update(d, subject)?;
                        for key in self.seq_items(b)? {
                            self.dict_remove(d, key)?;
                        }
                        self.stack.truncate(base);
                        Some(d)
                    }
                    op::KEYS => self.match_keys(subject, b)?.then_some(Value::None),
                    _ => self
                        .match_class(subject, b, n as usize, c)?
                        .then_some(Value::None),
                };
                let r = match found {
                    Some(d) if k == op::REST => d,
                    Some(_) => {
                        let items: Vec<Value> = self.stack.drain(base..).collect();
                        self.alloc(Obj::Tuple(items.into_boxed_slice()))?
                    }
                    None => Value::None,
                };
                self.stack.truncate(base - nargs);
                r
            }
        };
        self.stack.push(r);
        Ok(())
    }

    /// Pushes the values of `keys` in `subject` as CPython looks them up:
    /// `subject.get(key, dummy)`, so a `defaultdict` adds nothing. False as soon as one is
    /// missing.
    fn match_keys(&mut self, subject: Value, keys: Value) -> Result<bool, Exc> {
        let keys = self.seq_items(keys)?;
        if matches!(subject, Value::Obj(r) if matches!(self.heap.get(r), Obj::Dict(_))) {
            for key in keys {
                match self.dict_get(subject, key)? {
                    Some(v) => self.stack.push(v),
                    None => return Ok(false),
                }
            }
            return Ok(true);
        }
        let name = self.intern("get")?;
        let get = self.get_attr(subject, name)?;
        self.stack.push(get);
        let dummy = self.alloc(Obj::List(Vec::new()))?;
        self.stack.push(dummy);
        let at = self.stack.len() - 2;
        for key in keys {
            let v = self.call(get, &[key, dummy])?;
            if v == dummy {
                return Ok(false);
            }
            self.stack.push(v);
        }
        self.stack.drain(at..at + 2);
        Ok(true)
    }

    fn match_class(
        &mut self,
        subject: Value,
        cls: Value,
        npos: usize,
        kw: Value,
    ) -> Result<bool, Exc> {
        let c = match cls {
            Value::Obj(c) if matches!(self.heap.get(c), Obj::Class(_)) => c,
            _ => return Err(self.type_error("called match pattern must be a type")),
        };
        if !self.is_instance_of(subject, c) {
            return Ok(false);
        }
        let mut names = Vec::new();
        if npos > 0 {
            let cname = self.class_name(c);
            let ma = self.intern("__match_args__")?;
            let args = match self.get_attr_opt(cls, ma)? {
                Some(a) => {
                    if !matches!(a, Value::Obj(r) if matches!(self.heap.get(r), Obj::Tuple(_))) {
                        let tn = self.type_name(a);
                        let msg = format!("{}.__match_args__ must be a tuple (got {})", cname, tn);
                        return Err(self.type_error(&msg));
                    }
                    self.seq_items(a)?
                }
                None => Vec::new(),
            };
            let t = &self.t;
            let match_self = args.is_empty()
                && [
                    t.bool_,
                    t.bytearray,
                    t.bytes,
                    t.dict,
                    t.float,
                    t.frozenset,
                    t.int,
                    t.list,
                    t.set,
                    t.str_,
                    t.tuple,
                ]
                .iter()
                .any(|b| self.is_subclass(c, *b));
            let allowed = if match_self { 1 } else { args.len() };
            if npos > allowed {
                let msg = format!(
                    "{}() accepts {} positional sub-pattern{} ({} given)",
                    cname,
                    allowed,
                    if allowed == 1 { "" } else { "s" },
                    npos
                );
                return Err(self.type_error(&msg));
            }
            if match_self {
                self.stack.push(subject);
            } else {
                for a in args.into_iter().take(npos) {
                    if self.str_of(a).is_none() {
                        let tn = self.type_name(a);
                        let msg = format!("__match_args__ elements must be strings (got {})", tn);
                        return Err(self.type_error(&msg));
                    }
                    names.push(a);
                }
            }
        }
        names.extend(self.seq_items(kw)?);
        for (i, &name) in names.iter().enumerate() {
            if names[..i]
                .iter()
                .any(|&m| self.str_of(m) == self.str_of(name))
            {
                let cname = self.class_name(c);
                let r = self.repr(name)?;
                let msg = format!("{}() got multiple sub-patterns for attribute {}", cname, r);
                return Err(self.type_error(&msg));
            }
            match self.get_attr(subject, name) {
                Ok(v) => self.stack.push(v),
                Err(e) if self.exc_is(e.0, kind::ATTRIBUTE) => return Ok(false),
                Err(e) => return Err(e),
            }
        }
        Ok(true)
    }
}
