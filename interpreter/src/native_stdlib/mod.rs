//! Standard-library modules written in Rust (the ones a device imports in a small heap), and
//! lazy module attributes.
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

use crate::object::{NativeFnPtr, Obj};
use crate::value::{ObjRef, Value};
use crate::vm::{Exc, Vm};

/// The bytes of a bytes-like object (bytes, bytearray, a memoryview over either), else `None`.
pub(crate) fn bytes_like(vm: &Vm, v: Value) -> Option<alloc::vec::Vec<u8>> {
    vm.buffer_bytes(v)
}

/// Adds `fns` to the module dict `d` as native function objects.
pub(crate) fn add_functions(
    vm: &mut Vm,
    d: ObjRef,
    fns: &[(&'static str, NativeFnPtr)],
) -> Result<(), Exc> {
    for (name, f) in fns {
        let v = crate::builtins::native(vm, name, *f)?;
        let k = vm.intern(name)?;
        vm.dict_set_str(d, k, v)?;
    }
    Ok(())
}

/// A class made once per interpreter by `make`, kept in builtins under `key` (a dotted name,
/// which no Python name lookup can spell).
pub(crate) fn cached_class(
    vm: &mut Vm,
    key: &str,
    make: impl FnOnce(&mut Vm) -> Result<ObjRef, Exc>,
) -> Result<ObjRef, Exc> {
    let k = vm.intern(key)?;
    let b = vm.builtins;
    if let Some(Value::Obj(c)) = vm.dict_get_str(b, k) {
        return Ok(c);
    }
    let c = make(vm)?;
    vm.dict_set_str(b, k, Value::Obj(c))?;
    Ok(c)
}

/// The exception class `module.name` (deriving from the builtin exception kind `base`), made once.
pub(crate) fn exception_class(
    vm: &mut Vm,
    module: &str,
    name: &'static str,
    base: usize,
) -> Result<ObjRef, Exc> {
    let key = alloc::format!("{}.{}", module, name);
    cached_class(vm, &key, |vm| {
        let b = vm.exc_class(base)?;
        let c = vm.raw_class(name, alloc::vec![b], crate::vm::TypeTag::Exception)?;
        set_class_module(vm, c, module)?;
        Ok(c)
    })
}

/// `module.name(msg)`, ready to return as the error of a native function.
pub(crate) fn module_error(
    vm: &mut Vm,
    module: &str,
    name: &'static str,
    base: usize,
    msg: &str,
) -> Exc {
    let cls = match exception_class(vm, module, name, base) {
        Ok(c) => c,
        Err(e) => return e,
    };
    let m = match vm.new_str(msg) {
        Ok(m) => m,
        Err(e) => return e,
    };
    match vm.new_exception(cls, alloc::vec![m]) {
        Ok(v) => Exc(v),
        Err(e) => e,
    }
}

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
///
/// Six kinds of module are lazy: `errno` (its codes), `math` and `time` (their functions),
/// `sys` (all but `argv`, `path`, `modules` and `maxsize`: `Vm::sys_attr`), `machine` (its
/// classes, functions and constants, `machine::module_attr`), and every embedder module registered with
/// `Interpreter::register_module` (its functions).
/// Whatever lists a module's names (`dir`, `from m import *`, `m.__dict__`) first calls
/// [`materialize_all`].
pub(crate) fn lazy_attr(vm: &mut Vm, module: Value, name: Value) -> Result<Option<Value>, Exc> {
    let Some(attr) = vm.str_of(name).map(alloc::string::String::from) else {
        return Ok(None);
    };
    let Some(module_name) = vm.str_of(module).map(alloc::string::String::from) else {
        return Ok(None);
    };
    match module_name.as_str() {
        "errno" | "uerrno" => errno_mod::attr(vm, &attr),
        "math" | "umath" => match crate::modules::MATH.iter().find(|(n, _)| *n == attr) {
            Some((n, f)) => crate::builtins::native(vm, n, *f).map(Some),
            None => Ok(None),
        },
        "time" | "utime" => match crate::modules::TIME.iter().find(|(n, _)| *n == attr) {
            Some((n, f)) => crate::builtins::native(vm, n, *f).map(Some),
            None => Ok(None),
        },
        "sys" | "usys" => vm.sys_attr(&attr),
        "machine" if crate::machine::is_native(vm) => crate::machine::module_attr(vm, &attr),
        _ => embedder_function(vm, &module_name, &attr),
    }
}

/// The function `name` of the embedder module `module`, as a new function object.
fn embedder_function(vm: &mut Vm, module: &str, name: &str) -> Result<Option<Value>, Exc> {
    let Some(m) = vm.native_modules.iter().position(|d| d.name == module) else {
        return Ok(None);
    };
    let Some(i) = vm.native_modules[m]
        .functions
        .iter()
        .position(|(n, _)| n == name)
    else {
        return Ok(None);
    };
    let nf = crate::object::NativeFunc {
        name: "native",
        f: crate::native::trampoline,
        bound: Value::Null,
        data: crate::native::EMBEDDER_FLAG | ((m as u32) << 16) | i as u32,
    };
    vm.alloc(Obj::Native(nf)).map(Some)
}

/// Puts every lazy name of `module` into its dict (before something lists the names).
pub(crate) fn materialize_all(vm: &mut Vm, module: Value) -> Result<(), Exc> {
    let Value::Obj(r) = module else {
        return Ok(());
    };
    let Obj::Module(name, d) = vm.heap.get(r) else {
        return Ok(());
    };
    let (name, d) = (*name, *d);
    let Some(module_name) = vm.str_of(name).map(alloc::string::String::from) else {
        return Ok(());
    };
    let names: alloc::vec::Vec<alloc::string::String> = match module_name.as_str() {
        "errno" | "uerrno" => errno_mod::CODES
            .iter()
            .map(|(n, _)| alloc::string::String::from(*n))
            .chain(core::iter::once(alloc::string::String::from("errorcode")))
            .collect(),
        "machine" if crate::machine::is_native(vm) => crate::machine::module_names()
            .map(alloc::string::String::from)
            .collect(),
        "math" | "umath" => crate::modules::MATH
            .iter()
            .map(|(n, _)| alloc::string::String::from(*n))
            .collect(),
        "time" | "utime" => crate::modules::TIME
            .iter()
            .map(|(n, _)| alloc::string::String::from(*n))
            .collect(),
        "sys" | "usys" => crate::modules::SYS
            .iter()
            .map(|(n, _)| *n)
            .chain(crate::modules::SYS_LAZY.iter().copied())
            .map(alloc::string::String::from)
            .collect(),
        _ => match vm.native_modules.iter().find(|m| m.name == module_name) {
            Some(m) => m.functions.iter().map(|(n, _)| n.clone()).collect(),
            None => return Ok(()),
        },
    };
    for n in names {
        let k = vm.intern(&n)?;
        if vm.dict_get_str(d, k).is_none()
            && let Some(v) = lazy_attr(vm, name, k)?
        {
            vm.dict_set_str(d, k, v)?;
        }
    }
    Ok(())
}
