//! The value word: immediates for None, bools, small ints and floats; heap objects by handle.
//!
//! A `Value` is `Copy` and 16 bytes. Heap objects live in the interpreter's own arena
//! (`heap.rs`) and are named by an `ObjRef` index, so no Rust references into the heap
//! escape a safepoint and the borrow checker stays calm.

/// Handle of a heap object: an index into the interpreter's arena.
#[derive(Clone, Copy, PartialEq, Eq, Debug, PartialOrd, Ord, Hash)]
pub struct ObjRef(pub u32);

/// A Python value.
///
/// `repr(u64)` puts the tag in its own word and every payload at offset 8, so copies are two
/// aligned word moves (the default layout packs `Bool` at offset 1 and makes copies straddle).
#[derive(Clone, Copy, Debug)]
#[repr(u64)]
pub enum Value {
    /// Internal marker: an unbound local, an empty method slot. Never visible to Python code.
    Null,
    /// `None`.
    None,
    /// `True` / `False`.
    Bool(bool),
    /// An int that fits in 64 bits; bigger ones are heap `BigInt`s (always normalised back).
    Int(i64),
    /// A float.
    Float(f64),
    /// Any heap object.
    Obj(ObjRef),
}

impl PartialEq for Value {
    /// Identity comparison (Python `is`), with ints and floats by value.
    fn eq(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::Null, Value::Null) | (Value::None, Value::None) => true,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Int(a), Value::Int(b)) => a == b,
            (Value::Float(a), Value::Float(b)) => a.to_bits() == b.to_bits(),
            (Value::Obj(a), Value::Obj(b)) => a == b,
            _ => false,
        }
    }
}

impl Value {
    /// The heap handle, if this is a heap object.
    #[inline]
    pub fn as_obj(self) -> Option<ObjRef> {
        match self {
            Value::Obj(r) => Some(r),
            _ => None,
        }
    }
    /// True for the internal `Null` marker.
    #[inline]
    pub fn is_null(self) -> bool {
        matches!(self, Value::Null)
    }
}
