//! Any bytes through the lexer, parser, symbol table and compiler: a
//! SyntaxError or bytecode, never a panic or a stack overflow. Much faster per
//! input than `compile_and_run`, so it explores the front end more deeply.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(source) = std::str::from_utf8(data) {
        let _ = pyrite::compiler::check_syntax(source);
    }
});
