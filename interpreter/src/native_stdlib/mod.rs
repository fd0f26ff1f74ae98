//! Standard-library modules written in Rust: the ones a device imports in a small heap.
//!
//! MicroPython keeps `struct`, `json` and `errno` in C with their tables in flash; frozen Python
//! versions of them cost tens of kilobytes of heap to import (measured: `struct` ~60 KB, `json`
//! ~58 KB, `errno` ~36 KB on a 64-bit host), more than a 64 KiB device heap can spare. Each
//! submodule fills a fresh module dict (`init`); `modules.rs` creates the module on import.

pub mod binascii_mod;
pub mod errno_mod;
pub mod hashlib_mod;
pub mod json_mod;
pub mod random_mod;
pub mod struct_mod;

use crate::object::Obj;
use crate::value::{ObjRef, Value};
use crate::vm::{Exc, Vm};

/// Makes a class made in Rust report `module` as its `__module__` (in reprs and tracebacks:
/// `<class 'struct.error'>`), as a class defined in that module's source would.
pub(crate) fn set_class_module(vm: &mut Vm, cls: ObjRef, module: &str) -> Result<(), Exc> {
    if let Obj::Class(c) = vm.heap.get_mut(cls) {
        c.builtin = false;
    }
    let key = vm.n.module;
    let name = vm.intern(module)?;
    vm.set_attr(Value::Obj(cls), key, name)
}

/// A module attribute that a native module keeps in a static table until it is used (`None`:
/// the module has no such name). The caller stores it in the module dict.
pub(crate) fn lazy_attr(vm: &mut Vm, module: Value, name: Value) -> Result<Option<Value>, Exc> {
    let Some(attr) = vm.str_of(name).map(alloc::string::String::from) else {
        return Ok(None);
    };
    match vm.str_of(module) {
        Some("errno") | Some("uerrno") => errno_mod::attr(vm, &attr),
        _ => Ok(None),
    }
}
