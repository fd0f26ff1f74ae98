//! Source text → tokens, with INDENT/DEDENT, implicit line joining inside brackets, all string
//! prefixes (r, b, f, u and combinations), escapes, and int/float literals of any size.

use crate::int::BigInt;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec;
use alloc::vec::Vec;

/// A token kind.
#[derive(Debug, Clone, PartialEq)]
pub enum Tok {
    /// Identifier or keyword.
    Name(String),
    /// Int that fits in i64.
    Int(i64),
    /// Larger int.
    BigInt(BigInt),
    /// Float literal.
    Float(f64),
    /// Imaginary literal (`2j`): its imaginary part.
    Imag(f64),
    /// str literal (escapes processed).
    Str(String),
    /// bytes literal.
    Bytes(Vec<u8>),
    /// f-string body (escapes processed unless raw; braces still present).
    FStr(String),
    /// Operator or delimiter.
    Op(&'static str),
    /// End of a logical line.
    Newline,
    /// Indentation increased.
    Indent,
    /// Indentation decreased.
    Dedent,
    /// End of input.
    Eof,
}

/// A token with its position (1-based line, 0-based column).
#[derive(Debug, Clone)]
pub struct Token {
    /// Kind and payload.
    pub tok: Tok,
    /// Line number.
    pub line: u32,
    /// Column (in chars).
    pub col: u32,
}

/// A syntax error position and message.
#[derive(Debug, Clone)]
pub struct SyntaxErr {
    /// Message, e.g. "invalid syntax".
    pub msg: String,
    /// Line (1-based).
    pub line: u32,
    /// Column (0-based).
    pub col: u32,
    /// True for IndentationError.
    pub indent: bool,
}

/// TabError's message (`modules.rs` raises a SyntaxErr with it as a TabError).
pub const TAB_ERROR: &str = "inconsistent use of tabs and spaces in indentation";

impl SyntaxErr {
    /// A SyntaxError at a position.
    pub fn new(msg: impl Into<String>, line: u32, col: u32) -> SyntaxErr {
        SyntaxErr {
            msg: msg.into(),
            line,
            col,
            indent: false,
        }
    }
}

const OPS: [&str; 49] = [
    "**=", "//=", ">>=", "<<=", "...", "->", ":=", "**", "//", "<<", ">>", "<=", ">=", "==", "!=",
    "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "@=", "+", "-", "*", "/", "%", "@", "&", "|",
    "^", "~", "<", ">", "(", ")", "[", "]", "{", "}", ",", ":", ".", ";", "=", "!", "`",
];

struct Lexer<'a> {
    src: &'a [u8],
    pos: usize,
    line: u32,
    line_start: usize,
    toks: Vec<Token>,
    indents: Vec<u32>,
    /// The same indentation levels measured with tabs as one column (CPython's `altcol`): a
    /// line that orders differently under the two measures mixes tabs and spaces ambiguously.
    alt_indents: Vec<u32>,
    depth: u32,
    /// Open brackets (char, line, col), for CPython's "was never closed"/"does not match".
    open: Vec<(u8, u32, u32)>,
}

/// Tokenizes a whole source file.
pub fn tokenize(source: &str) -> Result<Vec<Token>, SyntaxErr> {
    let (toks, open) = tokenize_open(source)?;
    match open {
        Some(e) => Err(e),
        None => Ok(toks),
    }
}

/// Tokenizes a whole source file; a bracket still open at the end is not an error yet but
/// returned ("'(' was never closed"), as CPython reports it only when the parser fails at the
/// end of the input or on a later line than the bracket.
pub fn tokenize_open(source: &str) -> Result<(Vec<Token>, Option<SyntaxErr>), SyntaxErr> {
    let mut lx = Lexer {
        src: source.as_bytes(),
        pos: 0,
        line: 1,
        line_start: 0,
        toks: Vec::new(),
        indents: vec![0],
        alt_indents: vec![0],
        depth: 0,
        open: Vec::new(),
    };
    lx.run()?;
    let open = lx
        .open
        .last()
        .map(|&(o, ol, oc)| SyntaxErr::new(format!("'{}' was never closed", o as char), ol, oc));
    Ok((lx.toks, open))
}

fn is_id_start(c: char) -> bool {
    c == '_' || c.is_alphabetic()
}
fn is_id_char(c: char) -> bool {
    c == '_' || c.is_alphanumeric()
}

impl<'a> Lexer<'a> {
    fn col(&self) -> u32 {
        // Byte offset: O(1) per token (a char count would make long lines quadratic).
        (self.pos.min(self.src.len()) - self.line_start) as u32
    }
    fn err(&self, msg: impl Into<String>) -> SyntaxErr {
        SyntaxErr::new(msg, self.line, self.col())
    }
    fn peek(&self) -> u8 {
        *self.src.get(self.pos).unwrap_or(&0)
    }
    fn peek_at(&self, n: usize) -> u8 {
        *self.src.get(self.pos + n).unwrap_or(&0)
    }
    fn push(&mut self, tok: Tok, line: u32, col: u32) {
        self.toks.push(Token { tok, line, col });
    }
    /// The character at `pos`: decoded from at most its 4 bytes (decoding the whole rest of
    /// the source made lexing quadratic: 82 s for a 100,000-line function).
    fn cur_char(&self) -> char {
        let end = (self.pos + 4).min(self.src.len());
        let w = self.src.get(self.pos..end).unwrap_or(&[]);
        let valid = match core::str::from_utf8(w) {
            Ok(s) => s,
            Err(e) => core::str::from_utf8(&w[..e.valid_up_to()]).unwrap_or(""),
        };
        valid.chars().next().unwrap_or('\u{fffd}')
    }

    fn run(&mut self) -> Result<(), SyntaxErr> {
        if core::str::from_utf8(self.src).is_err() {
            return Err(SyntaxErr::new("invalid UTF-8 in source", 1, 0));
        }
        let mut at_line_start = true;
        while self.pos < self.src.len() {
            if at_line_start && self.depth > 0 {
                // Inside brackets: indentation means nothing.
                at_line_start = false;
            }
            if at_line_start {
                at_line_start = false;
                // Measure indentation.
                let (mut width, mut alt) = (0u32, 0u32);
                let start = self.pos;
                while self.pos < self.src.len() {
                    match self.peek() {
                        b' ' => width += 1,
                        b'\t' => width = (width / 8 + 1) * 8,
                        b'\x0c' => (width, alt) = (0, 0),
                        _ => break,
                    }
                    alt += u32::from(self.peek() != b'\x0c');
                    self.pos += 1;
                }
                let c = self.peek();
                if c == b'\n' || c == b'#' || c == b'\r' || c == 0 {
                    // Blank or comment line: no indentation change.
                    self.skip_to_eol();
                    if self.peek() == b'\r' {
                        self.pos += 1;
                    }
                    if self.peek() == b'\n' {
                        self.newline_raw();
                    }
                    at_line_start = true;
                    continue;
                }
                if c == b'\\' && (self.peek_at(1) == b'\n') {
                    self.pos = start;
                } else {
                    self.indent_to(width, alt)?;
                }
            }
            let c = self.peek();
            match c {
                b' ' | b'\t' | b'\x0c' => self.pos += 1,
                b'\r' => self.pos += 1,
                b'#' => self.skip_to_eol(),
                b'\n' => {
                    if self.depth == 0
                        && !matches!(self.toks.last().map(|t| &t.tok), Some(Tok::Newline) | None)
                    {
                        let (l, co) = (self.line, self.col());
                        self.push(Tok::Newline, l, co);
                    }
                    self.newline_raw();
                    at_line_start = true;
                }
                b'\\' => {
                    let mut p = self.pos + 1;
                    if self.src.get(p) == Some(&b'\r') {
                        p += 1;
                    }
                    if self.src.get(p) == Some(&b'\n') {
                        self.pos = p;
                        self.newline_raw();
                    } else {
                        return Err(
                            self.err("unexpected character after line continuation character")
                        );
                    }
                }
                b'0'..=b'9' => self.number()?,
                b'.' if self.peek_at(1).is_ascii_digit() => self.number()?,
                b'"' | b'\'' => self.string(String::new())?,
                _ => {
                    let ch = self.cur_char();
                    if is_id_start(ch) {
                        let start = self.pos;
                        let col = self.col();
                        while self.pos < self.src.len() && is_id_char(self.cur_char()) {
                            self.pos += self.cur_char().len_utf8();
                        }
                        let word = core::str::from_utf8(&self.src[start..self.pos])
                            .unwrap_or("")
                            .to_string();
                        let q = self.peek();
                        let lower = word.to_ascii_lowercase();
                        if (q == b'"' || q == b'\'')
                            && matches!(
                                lower.as_str(),
                                "r" | "b" | "f" | "u" | "rb" | "br" | "fr" | "rf"
                            )
                        {
                            self.pos = start;
                            let _ = col;
                            self.pos += word.len();
                            self.string_with_prefix(lower, start)?;
                        } else {
                            let l = self.line;
                            self.push(Tok::Name(word), l, col);
                        }
                    } else {
                        self.operator()?;
                    }
                }
            }
        }
        let (l, co) = (self.line, 0);
        if !matches!(self.toks.last().map(|t| &t.tok), Some(Tok::Newline) | None) {
            self.push(Tok::Newline, l, co);
        }
        while self.indents.len() > 1 {
            self.indents.pop();
            self.push(Tok::Dedent, l, co);
        }
        self.push(Tok::Eof, l, co);
        Ok(())
    }

    fn newline_raw(&mut self) {
        self.pos += 1;
        self.line += 1;
        self.line_start = self.pos;
    }

    fn skip_to_eol(&mut self) {
        while self.pos < self.src.len() && self.peek() != b'\n' {
            self.pos += 1;
        }
    }

    fn indent_to(&mut self, width: u32, alt: u32) -> Result<(), SyntaxErr> {
        let cur = *self.indents.last().unwrap_or(&0);
        let alt_cur = *self.alt_indents.last().unwrap_or(&0);
        let line = self.line;
        let tab_error = if width > cur {
            if self.indents.len() >= 100 {
                return Err(self.err("too many levels of indentation"));
            }
            self.indents.push(width);
            self.alt_indents.push(alt);
            self.push(Tok::Indent, line, width);
            alt <= alt_cur
        } else {
            while *self.indents.last().unwrap_or(&0) > width {
                self.indents.pop();
                self.alt_indents.pop();
                self.push(Tok::Dedent, line, width);
            }
            if *self.indents.last().unwrap_or(&0) != width {
                let mut e = self.err("unindent does not match any outer indentation level");
                e.indent = true;
                return Err(e);
            }
            *self.alt_indents.last().unwrap_or(&0) != alt
        };
        if tab_error {
            let mut e = self.err(TAB_ERROR);
            e.indent = true;
            return Err(e);
        }
        Ok(())
    }

    fn operator(&mut self) -> Result<(), SyntaxErr> {
        let rest = &self.src[self.pos..];
        for op in OPS.iter() {
            if rest.starts_with(op.as_bytes()) {
                let (l, c) = (self.line, self.col());
                match *op {
                    "(" | "[" | "{" => {
                        self.depth += 1;
                        if self.depth > 200 {
                            return Err(self.err("too many nested parentheses"));
                        }
                        self.open.push((op.as_bytes()[0], l, c));
                    }
                    ")" | "]" | "}" => {
                        self.depth = self.depth.saturating_sub(1);
                        let close = op.as_bytes()[0];
                        match self.open.pop() {
                            None => return Err(self.err(format!("unmatched '{}'", op))),
                            Some((o, ol, _)) if o != close - if close == b')' { 1 } else { 2 } => {
                                let on = if ol != l {
                                    format!(" on line {}", ol)
                                } else {
                                    String::new()
                                };
                                return Err(self.err(format!(
                                    "closing parenthesis '{}' does not match opening parenthesis '{}'{}",
                                    op, o as char, on
                                )));
                            }
                            Some(_) => {}
                        }
                    }
                    "!" | "`" => {
                        return Err(self.err("invalid syntax"));
                    }
                    _ => {}
                }
                self.pos += op.len();
                self.push(Tok::Op(op), l, c);
                return Ok(());
            }
        }
        let ch = self.cur_char();
        Err(self.err(format!("invalid character '{}' (U+{:04X})", ch, ch as u32)))
    }

    fn number(&mut self) -> Result<(), SyntaxErr> {
        let (line, col) = (self.line, self.col());
        let start = self.pos;
        let c1 = self.peek_at(1) | 0x20;
        if self.peek() == b'0' && (c1 == b'x' || c1 == b'o' || c1 == b'b') {
            let radix = match c1 {
                b'x' => 16,
                b'o' => 8,
                _ => 2,
            };
            self.pos += 2;
            let ds = self.pos;
            while self.peek().is_ascii_alphanumeric() || self.peek() == b'_' {
                self.pos += 1;
            }
            let text = core::str::from_utf8(&self.src[ds..self.pos]).unwrap_or("");
            let kind = match radix {
                16 => "hexadecimal",
                8 => "octal",
                _ => "binary",
            };
            // CPython names the first digit out of range ("invalid digit '8' in octal
            // literal"); a letter past the digits or a misplaced `_` is an invalid literal.
            if let Some(bad) = text
                .chars()
                .find(|c| c.is_ascii_digit() && !c.is_digit(radix))
            {
                return Err(SyntaxErr::new(
                    format!("invalid digit '{}' in {} literal", bad, kind),
                    line,
                    col,
                ));
            }
            let digits: String = text.chars().filter(|&c| c != '_').collect();
            let v = BigInt::parse(&digits, radix)
                .filter(|_| !text.ends_with('_') && !text.contains("__"))
                .ok_or_else(|| SyntaxErr::new(format!("invalid {} literal", kind), line, col))?;
            self.push(int_tok(v), line, col);
            return Ok(());
        }
        let mut is_float = false;
        while self.peek().is_ascii_digit() || self.peek() == b'_' {
            self.pos += 1;
        }
        if self.peek() == b'.' {
            is_float = true;
            self.pos += 1;
            while self.peek().is_ascii_digit() || self.peek() == b'_' {
                self.pos += 1;
            }
        }
        if self.peek() | 0x20 == b'e' {
            let save = self.pos;
            self.pos += 1;
            if self.peek() == b'+' || self.peek() == b'-' {
                self.pos += 1;
            }
            if self.peek().is_ascii_digit() {
                is_float = true;
                while self.peek().is_ascii_digit() || self.peek() == b'_' {
                    self.pos += 1;
                }
            } else {
                self.pos = save;
            }
        }
        let end = self.pos;
        let imag = self.peek() | 0x20 == b'j';
        if imag {
            self.pos += 1;
            if self.peek().is_ascii_alphanumeric() || self.peek() == b'_' {
                return Err(SyntaxErr::new("invalid imaginary literal", line, col));
            }
        }
        if self.peek().is_ascii_alphabetic() || self.peek() == b'_' {
            return Err(SyntaxErr::new("invalid decimal literal", line, col));
        }
        let raw = core::str::from_utf8(&self.src[start..end]).unwrap_or("");
        // `_` only between digits: `1__0`, `1_`, `1_.5`, `1e_3` are invalid.
        let b = raw.as_bytes();
        if b.iter().enumerate().any(|(i, &c)| {
            c == b'_'
                && !(i > 0
                    && b[i - 1].is_ascii_digit()
                    && b.get(i + 1).is_some_and(|n| n.is_ascii_digit()))
        }) {
            return Err(SyntaxErr::new("invalid decimal literal", line, col));
        }
        let text: String = raw.chars().filter(|&c| c != '_').collect();
        if imag {
            let f = crate::float_parse::parse_f64(&text)
                .ok_or_else(|| SyntaxErr::new("invalid imaginary literal", line, col))?;
            self.push(Tok::Imag(f), line, col);
        } else if is_float {
            let f = crate::float_parse::parse_f64(&text)
                .ok_or_else(|| SyntaxErr::new("invalid float literal", line, col))?;
            self.push(Tok::Float(f), line, col);
        } else {
            if text.len() > 1 && text.starts_with('0') && text.bytes().any(|b| b != b'0') {
                return Err(SyntaxErr::new(
                    "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers",
                    line,
                    col,
                ));
            }
            let v = BigInt::parse(&text, 10)
                .ok_or_else(|| SyntaxErr::new("invalid decimal literal", line, col))?;
            self.push(int_tok(v), line, col);
        }
        Ok(())
    }

    fn string(&mut self, prefix: String) -> Result<(), SyntaxErr> {
        let start = self.pos;
        self.string_with_prefix(prefix, start)
    }

    fn string_with_prefix(&mut self, prefix: String, tok_start: usize) -> Result<(), SyntaxErr> {
        let line = self.line;
        let col = core::str::from_utf8(&self.src[self.line_start..tok_start])
            .map(|s| s.chars().count() as u32)
            .unwrap_or(0);
        let raw = prefix.contains('r');
        let is_bytes = prefix.contains('b');
        let is_f = prefix.contains('f');
        let q = self.peek();
        let triple = self.peek_at(1) == q && self.peek_at(2) == q;
        self.pos += if triple { 3 } else { 1 };
        let body_start = self.pos;
        let mut body: Vec<u8> = Vec::new();
        loop {
            if self.pos >= self.src.len() {
                // CPython counts the line of the last character, not the one after it.
                let last_line = if self.src.ends_with(b"\n") && self.line > line {
                    self.line - 1
                } else {
                    self.line
                };
                return Err(SyntaxErr::new(
                    format!(
                        "unterminated {}string literal (detected at line {})",
                        if triple { "triple-quoted " } else { "" },
                        last_line
                    ),
                    line,
                    col,
                ));
            }
            let c = self.peek();
            if c == q {
                if !triple {
                    self.pos += 1;
                    break;
                }
                if self.peek_at(1) == q && self.peek_at(2) == q {
                    self.pos += 3;
                    break;
                }
            }
            if c == b'\n' {
                if !triple {
                    return Err(SyntaxErr::new(
                        format!("unterminated string literal (detected at line {})", line),
                        line,
                        col,
                    ));
                }
                body.push(c);
                self.newline_raw();
                continue;
            }
            if c == b'\\' {
                let n = self.peek_at(1);
                if n == b'\n' {
                    if raw {
                        body.extend_from_slice(b"\\\n");
                    }
                    self.pos += 1;
                    self.newline_raw();
                    continue;
                }
                if raw {
                    body.push(b'\\');
                    if n == q || n == b'\\' {
                        body.push(n);
                        self.pos += 2;
                    } else {
                        self.pos += 1;
                    }
                    continue;
                }
                self.pos += 2;
                match n {
                    b'n' => body.push(b'\n'),
                    b't' => body.push(b'\t'),
                    b'r' => body.push(b'\r'),
                    b'\\' => body.push(b'\\'),
                    b'\'' => body.push(b'\''),
                    b'"' => body.push(b'"'),
                    b'a' => body.push(7),
                    b'b' => body.push(8),
                    b'f' => body.push(12),
                    b'v' => body.push(11),
                    b'0'..=b'7' => {
                        let mut v = (n - b'0') as u32;
                        for _ in 0..2 {
                            let d = self.peek();
                            if (b'0'..=b'7').contains(&d) {
                                v = v * 8 + (d - b'0') as u32;
                                self.pos += 1;
                            } else {
                                break;
                            }
                        }
                        push_code(&mut body, v, is_bytes);
                    }
                    b'x' | b'u' | b'U' if !(is_bytes && n != b'x') => {
                        let len = match n {
                            b'x' => 2,
                            b'u' => 4,
                            _ => 8,
                        };
                        let hex = core::str::from_utf8(
                            &self.src[self.pos..(self.pos + len).min(self.src.len())],
                        )
                        .unwrap_or("");
                        let v = u32::from_str_radix(hex, 16)
                            .ok()
                            .filter(|_| hex.len() == len)
                            .ok_or_else(|| {
                                SyntaxErr::new(
                                    format!("(unicode error) truncated \\{}XX escape", n as char),
                                    line,
                                    col,
                                )
                            })?;
                        self.pos += len;
                        push_code(&mut body, v, is_bytes);
                    }
                    b'N' if !is_bytes => {
                        // A device has no Unicode name table (hundreds of KB, more than its
                        // flash): there every name is unknown, CPython's error for one.
                        // Positions count bytes of the body as CPython decodes it: with each
                        // non-ASCII char written as a 10-byte `\\UXXXXXXXX` escape first.
                        let at = |i: usize| -> usize {
                            core::str::from_utf8(&self.src[body_start..i])
                                .map(|s| s.chars().map(|c| if c.is_ascii() { 1 } else { 10 }).sum())
                                .unwrap_or(i - body_start)
                        };
                        let start = at(self.pos - 2);
                        let mut end = self.pos;
                        let mut what = "malformed \\N character escape";
                        if self.peek() == b'{' {
                            end += 1;
                            while end < self.src.len()
                                && self.src[end] != b'}'
                                && self.src[end] != q
                                && (triple || self.src[end] != b'\n')
                            {
                                end += 1;
                            }
                            if self.src.get(end) == Some(&b'}') && end > self.pos + 1 {
                                // The host has Unicode's name table (aliases included).
                                #[cfg(feature = "std")]
                                if let Some(c) = core::str::from_utf8(&self.src[self.pos + 1..end])
                                    .ok()
                                    .and_then(unicode_names2::character)
                                {
                                    self.pos = end + 1;
                                    push_code(&mut body, c as u32, false);
                                    continue;
                                }
                                what = "unknown Unicode character name";
                                end += 1;
                            }
                        }
                        return Err(SyntaxErr::new(
                            format!(
                                "(unicode error) 'unicodeescape' codec can't decode bytes in \
                                 position {}-{}: {}",
                                start,
                                at(end) - 1,
                                what
                            ),
                            line,
                            col,
                        ));
                    }
                    _ => {
                        body.push(b'\\');
                        self.pos -= 1;
                    }
                }
                continue;
            }
            if is_bytes && c >= 0x80 {
                return Err(SyntaxErr::new(
                    "bytes can only contain ASCII literal characters",
                    line,
                    col,
                ));
            }
            body.push(c);
            self.pos += 1;
        }
        let tok = if is_bytes {
            Tok::Bytes(body)
        } else {
            let s = String::from_utf8(body)
                .map_err(|_| SyntaxErr::new("invalid string literal", line, col))?;
            if is_f { Tok::FStr(s) } else { Tok::Str(s) }
        };
        self.push(tok, line, col);
        Ok(())
    }
}

fn push_code(body: &mut Vec<u8>, v: u32, is_bytes: bool) {
    if is_bytes {
        body.push(v as u8);
    } else {
        let ch = char::from_u32(v).unwrap_or('\u{fffd}');
        let mut buf = [0u8; 4];
        body.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
    }
}

fn int_tok(v: BigInt) -> Tok {
    match v.to_i64() {
        Some(i) => Tok::Int(i),
        None => Tok::BigInt(v),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indents_and_literals() {
        let t = tokenize("if x:\n    y = 0x10 + 1.5e3\n# c\nz = 'a\\n' b'\\x00'\n").unwrap();
        let kinds: Vec<Tok> = t.into_iter().map(|t| t.tok).collect();
        assert!(kinds.contains(&Tok::Indent));
        assert!(kinds.contains(&Tok::Dedent));
        assert!(kinds.contains(&Tok::Int(16)));
        assert!(kinds.contains(&Tok::Float(1500.0)));
        assert!(kinds.contains(&Tok::Str("a\n".into())));
        assert!(kinds.contains(&Tok::Bytes(vec![0])));
    }

    #[test]
    fn big_and_errors() {
        let t = tokenize("123456789012345678901234567890").unwrap();
        assert!(matches!(t[0].tok, Tok::BigInt(_)));
        assert!(tokenize("x = 'abc").is_err());
        let e = tokenize("if x:\n        a\n    b\n").unwrap_err();
        assert!(e.indent);
    }
}
