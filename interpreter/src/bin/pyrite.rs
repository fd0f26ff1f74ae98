//! The `pyrite` command: run a file, `-c CODE`, or an interactive REPL.
fn main() {
    eprintln!(
        "pyrite {}: the interpreter is not built yet",
        pyrite::VERSION
    );
    std::process::exit(2);
}
