//! Unicode case mapping for `str.lower`, `str.upper` and their kin: the same mapping as `core`'s
//! `char::to_lowercase` / `char::to_uppercase` and `str::to_lowercase` (with its Final_Sigma
//! rule), from compact tables. `core`'s tables hold a `(char, u32)` pair per mapped char,
//! ~25 KB of flash; these hold a run of chars that map by the same offset in 8 bytes
//! (`casemap_tables.rs`, ~5 KB).
//!
//! The tables are generated from `core` itself (`tests::case_tables_are_current` compares every
//! char and regenerates them on request), so the mapping is the one the toolchain's Unicode
//! version gives, as before.

#[rustfmt::skip]
mod tables;

use alloc::string::String;

/// The chars a char maps to (one to three), as `core::char::ToLowercase` gives them.
#[derive(Clone, Debug)]
pub struct CaseMapping {
    chars: [char; 3],
    len: u8,
    next: u8,
}

impl CaseMapping {
    fn one(c: char) -> CaseMapping {
        CaseMapping {
            chars: [c, '\0', '\0'],
            len: 1,
            next: 0,
        }
    }
}

impl Iterator for CaseMapping {
    type Item = char;

    fn next(&mut self) -> Option<char> {
        let c = *self.chars.get(usize::from(self.next))?;
        if self.next >= self.len {
            return None;
        }
        self.next += 1;
        Some(c)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = usize::from(self.len.saturating_sub(self.next));
        (n, Some(n))
    }
}

/// Bits of a run's key (`tables::LOWER`/`UPPER`): the first char, the run's length and whether
/// it takes every other char.
const FIRST_BITS: u32 = 21;
const LEN_MASK: u32 = 0x3ff;
const STRIDE2: u32 = 1 << 31;

/// The char `c` maps to in `runs`, if a run holds it.
fn in_runs(runs: &[(u32, i32)], c: char) -> Option<char> {
    let u = u32::from(c);
    let first_of = |k: u32| k & ((1 << FIRST_BITS) - 1);
    let i = runs.partition_point(|&(k, _)| first_of(k) <= u);
    let &(k, delta) = runs.get(i.checked_sub(1)?)?;
    let stride = if k & STRIDE2 != 0 { 2 } else { 1 };
    let off = u - first_of(k);
    let len = (k >> FIRST_BITS) & LEN_MASK;
    if off < len * stride && off % stride == 0 {
        char::from_u32(u.wrapping_add_signed(delta))
    } else {
        None
    }
}

/// The mapping of `c` in `multi` (the chars that map to two or three), if it is there.
fn in_multi(multi: &[(u16, [u16; 3])], c: char) -> Option<CaseMapping> {
    let u = u16::try_from(u32::from(c)).ok()?;
    let i = multi.binary_search_by_key(&u, |&(k, _)| k).ok()?;
    let (_, to) = multi.get(i)?;
    let mut m = CaseMapping::one(c);
    m.len = 0;
    for &t in to.iter().take_while(|&&t| t != 0) {
        if let (Some(slot), Some(ch)) = (
            m.chars.get_mut(usize::from(m.len)),
            char::from_u32(u32::from(t)),
        ) {
            *slot = ch;
            m.len += 1;
        }
    }
    Some(m)
}

/// The lowercase of `c` (`char::to_lowercase`).
pub fn lower(c: char) -> CaseMapping {
    if c.is_ascii() {
        return CaseMapping::one(c.to_ascii_lowercase());
    }
    in_multi(tables::LOWER_MULTI, c)
        .unwrap_or_else(|| CaseMapping::one(in_runs(tables::LOWER, c).unwrap_or(c)))
}

/// The uppercase of `c` (`char::to_uppercase`).
pub fn upper(c: char) -> CaseMapping {
    if c.is_ascii() {
        return CaseMapping::one(c.to_ascii_uppercase());
    }
    in_multi(tables::UPPER_MULTI, c)
        .unwrap_or_else(|| CaseMapping::one(in_runs(tables::UPPER, c).unwrap_or(c)))
}

/// Whether `c` is in one of `ranges` (first char, and the range's length less one above it).
fn in_ranges(ranges: &[u32], c: char) -> bool {
    let u = u32::from(c);
    let first_of = |k: u32| k & ((1 << FIRST_BITS) - 1);
    let i = ranges.partition_point(|&k| first_of(k) <= u);
    i.checked_sub(1)
        .and_then(|i| ranges.get(i))
        .is_some_and(|&k| u - first_of(k) <= k >> FIRST_BITS)
}

/// Unicode's Case_Ignorable (what Final_Sigma looks through).
fn case_ignorable(c: char) -> bool {
    in_ranges(tables::CASE_IGNORABLE, c)
}

/// Unicode's Cased: lowercase, uppercase or titlecase.
fn cased(c: char) -> bool {
    c.is_lowercase() || c.is_uppercase() || in_ranges(tables::TITLECASE, c)
}

/// Whether the first char of `chars` that is not case-ignorable is cased.
fn ignorable_then_cased(mut chars: impl Iterator<Item = char>) -> bool {
    chars.find(|&c| !case_ignorable(c)).is_some_and(cased)
}

/// `s` in lowercase (`str::to_lowercase`): a capital sigma at the end of a word (cased before
/// it, not after, looking through case-ignorable chars) becomes `ς`, elsewhere `σ`.
pub fn str_lower(s: &str) -> String {
    // An ASCII str (the common case) maps byte by byte: no char decoding or per-char pushes.
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(s.len());
    for (i, c) in s.char_indices() {
        if c == 'Σ' {
            let before = s.get(..i).unwrap_or("");
            let after = s.get(i + c.len_utf8()..).unwrap_or("");
            let last =
                ignorable_then_cased(before.chars().rev()) && !ignorable_then_cased(after.chars());
            out.push(if last { 'ς' } else { 'σ' });
        } else {
            out.extend(lower(c));
        }
    }
    out
}

/// `s` in uppercase (`str::to_uppercase`).
pub fn str_upper(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_uppercase();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        out.extend(upper(c));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::format;
    use alloc::vec::Vec;
    use core::fmt::Write;

    fn all_chars() -> impl Iterator<Item = char> {
        (0..=0x10_ffffu32).filter_map(char::from_u32)
    }

    /// Whether `c` is case-ignorable, asked of `core` (whose table is not public): a capital
    /// sigma between a cased letter and `c` is final when `c` is ignorable or not cased, and
    /// with `c` before it, final when `c` is ignorable or cased; only an ignorable `c` makes
    /// both final.
    fn core_case_ignorable(c: char) -> bool {
        let last = |s: String| s.to_lowercase().chars().nth(1) == Some('ς');
        let after = std::format!("AΣ{c}");
        let before: String = std::format!("A{c}Σ");
        let before_final = before.to_lowercase().ends_with('ς');
        c != 'Σ' && last(after) && before_final
    }

    /// Whether `core` counts `c` (not case-ignorable) as cased: a sigma after it is final.
    fn core_cased(c: char) -> bool {
        std::format!("{c}Σ").to_lowercase().ends_with('ς')
    }

    /// Runs of chars that map to one char by one offset, every char or every other one (no
    /// other mapped char in between), at most `LEN_MASK` long.
    type Runs = Vec<(u32, i32)>;
    type Multi = Vec<(u16, [u16; 3])>;

    fn runs(map: impl Fn(char) -> Vec<char>) -> (Runs, Multi) {
        let mut single: Vec<(u32, i64)> = Vec::new();
        let mut multi = Vec::new();
        for c in all_chars().filter(|c| !c.is_ascii()) {
            let m = map(c);
            if m.len() > 1 {
                let k = u16::try_from(u32::from(c)).expect("a multi-char mapping above the BMP");
                let mut to = [0u16; 3];
                for (slot, ch) in to.iter_mut().zip(&m) {
                    *slot = u16::try_from(u32::from(*ch)).expect("a mapping above the BMP");
                }
                multi.push((k, to));
            } else if m != [c] {
                let u = u32::from(c);
                single.push((u, i64::from(u32::from(m[0])) - i64::from(u)));
            }
        }
        let mut out = Vec::new();
        let mut i = 0;
        while i < single.len() {
            let (first, delta) = single[i];
            let (mut best, mut best_stride) = (1usize, 1u32);
            for stride in [1u32, 2] {
                let mut n = 1;
                while i + n < single.len()
                    && n < LEN_MASK as usize
                    && single[i + n].0 == first + stride * n as u32
                    && single[i + n].1 == delta
                {
                    n += 1;
                }
                if n > best {
                    (best, best_stride) = (n, stride);
                }
            }
            let key =
                first | (best as u32) << FIRST_BITS | if best_stride == 2 { STRIDE2 } else { 0 };
            out.push((key, i32::try_from(delta).unwrap()));
            i += best;
        }
        (out, multi)
    }

    /// Ranges of the chars `is` holds, as (first | (len - 1) << 21).
    fn ranges(is: impl Fn(char) -> bool) -> Vec<u32> {
        let mut out: Vec<u32> = Vec::new();
        let mut open: Option<(u32, u32)> = None;
        for c in all_chars() {
            let u = u32::from(c);
            match (is(c), open) {
                (true, Some((first, last))) if last + 1 == u && u - first < (1 << 11) => {
                    open = Some((first, u));
                }
                (true, _) => {
                    if let Some((f, l)) = open {
                        out.push(f | (l - f) << FIRST_BITS);
                    }
                    open = Some((u, u));
                }
                (false, _) => {
                    if let Some((f, l)) = open.take() {
                        out.push(f | (l - f) << FIRST_BITS);
                    }
                }
            }
        }
        if let Some((f, l)) = open {
            out.push(f | (l - f) << FIRST_BITS);
        }
        out
    }

    /// The text of `casemap/tables.rs`, from `core`'s mapping.
    fn generate() -> String {
        let (lower, lower_multi) = runs(|c| c.to_lowercase().collect());
        let (upper, upper_multi) = runs(|c| c.to_uppercase().collect());
        let ignorable = ranges(core_case_ignorable);
        // Cased but neither lowercase nor uppercase: the titlecase letters. Only the chars a
        // sigma is not looking through can tell.
        let title = ranges(|c| {
            !core_case_ignorable(c) && core_cased(c) && !c.is_lowercase() && !c.is_uppercase()
        });
        let mut o = String::new();
        let _ = writeln!(
            o,
            "// @generated by `casemap::tests::case_tables_are_current` from core's case mapping\n\
             // (Unicode {}.{}.{}): do not edit. See `casemap.rs`.\n",
            char::UNICODE_VERSION.0,
            char::UNICODE_VERSION.1,
            char::UNICODE_VERSION.2
        );
        let pairs = |o: &mut String, name: &str, doc: &str, t: &[(u32, i32)]| {
            let _ = writeln!(o, "{doc}\npub static {name}: &[(u32, i32)] = &[");
            for chunk in t.chunks(6) {
                let row: Vec<String> = chunk
                    .iter()
                    .map(|(k, d)| format!("({:#010x}, {})", k, d))
                    .collect();
                let _ = writeln!(o, "    {},", row.join(", "));
            }
            o.push_str("];\n");
        };
        let multi = |o: &mut String, name: &str, doc: &str, t: &[(u16, [u16; 3])]| {
            let _ = writeln!(o, "{doc}\npub static {name}: &[(u16, [u16; 3])] = &[");
            for chunk in t.chunks(4) {
                let row: Vec<String> = chunk
                    .iter()
                    .map(|(k, m)| {
                        format!(
                            "({:#06x}, [{:#06x}, {:#06x}, {:#06x}])",
                            k, m[0], m[1], m[2]
                        )
                    })
                    .collect();
                let _ = writeln!(o, "    {},", row.join(", "));
            }
            o.push_str("];\n");
        };
        let list = |o: &mut String, name: &str, doc: &str, t: &[u32]| {
            let _ = writeln!(o, "{doc}\npub static {name}: &[u32] = &[");
            for chunk in t.chunks(8) {
                let row: Vec<String> = chunk.iter().map(|k| format!("{:#010x}", k)).collect();
                let _ = writeln!(o, "    {},", row.join(", "));
            }
            o.push_str("];\n");
        };
        let run_doc =
            "the first char | length << 21 | every other char << 31, and the offset to add";
        pairs(
            &mut o,
            "LOWER",
            &format!("/// Non-ASCII chars whose lowercase is one other char, in runs: {run_doc}."),
            &lower,
        );
        multi(
            &mut o,
            "LOWER_MULTI",
            "/// Chars whose lowercase is two or three chars (zero-padded).",
            &lower_multi,
        );
        pairs(
            &mut o,
            "UPPER",
            &format!("/// Non-ASCII chars whose uppercase is one other char, in runs: {run_doc}."),
            &upper,
        );
        multi(
            &mut o,
            "UPPER_MULTI",
            "/// Chars whose uppercase is two or three chars (zero-padded).",
            &upper_multi,
        );
        list(
            &mut o,
            "CASE_IGNORABLE",
            "/// Case_Ignorable, in ranges: the first char | (length - 1) << 21.",
            &ignorable,
        );
        list(
            &mut o,
            "TITLECASE",
            "/// Cased chars that are neither lowercase nor uppercase, in ranges as `CASE_IGNORABLE`.",
            &title,
        );
        o
    }

    /// The tables are `core`'s mapping: regenerated (and this test failing) when the toolchain's
    /// Unicode changed. `PYRITE_WRITE_CASE_TABLES=1 cargo test -p pyrite --lib casemap` writes
    /// them.
    #[test]
    fn case_tables_are_current() {
        let text = generate();
        if std::env::var_os("PYRITE_WRITE_CASE_TABLES").is_some() {
            let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/casemap/tables.rs");
            std::fs::write(path, &text).unwrap();
        }
        assert!(
            text == include_str!("casemap/tables.rs"),
            "interpreter/src/casemap/tables.rs is stale (the toolchain's Unicode changed?): run \
             `PYRITE_WRITE_CASE_TABLES=1 cargo test -p pyrite --lib casemap` to regenerate it"
        );
    }

    /// Every char maps as `core` maps it.
    #[test]
    fn chars_map_as_core() {
        for c in all_chars() {
            assert!(lower(c).eq(c.to_lowercase()), "lower {c:?}");
            assert!(upper(c).eq(c.to_uppercase()), "upper {c:?}");
            assert_eq!(lower(c).size_hint().0, c.to_lowercase().count());
        }
    }

    /// A capital sigma next to every char lowers as `core` lowers it.
    #[test]
    fn final_sigma_as_core() {
        for c in all_chars() {
            for s in [
                std::format!("A{c}Σ"),
                std::format!("AΣ{c}"),
                std::format!("{c}Σ"),
            ] {
                assert_eq!(str_lower(&s), s.to_lowercase(), "{s:?}");
            }
        }
        for s in [
            "",
            "Σ",
            "ΣΣ",
            "AΣΣ",
            "OΔΥΣΣΕΥΣ",
            "ὈΔΥΣΣΕΎΣ ΣΑΣ",
            "A.Σ'",
            "AΣ.b",
        ] {
            assert_eq!(str_lower(s), s.to_lowercase(), "{s:?}");
            assert_eq!(str_upper(s), s.to_uppercase(), "{s:?}");
        }
    }
}
