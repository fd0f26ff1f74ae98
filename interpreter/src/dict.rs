//! Insertion-ordered hash table used for dicts, sets, instance/class namespaces and the
//! intern table. Key equality is supplied by the caller (it may need the heap).

use crate::value::Value;
use alloc::boxed::Box;
use alloc::vec;
use alloc::vec::Vec;

const EMPTY: u32 = u32::MAX;

/// The `Dict::bloom` bit of a hash (a str hash is mixed throughout; an int's is the int, so
/// the low bits tell small ints apart and the shifted ones larger keys).
#[inline(always)]
fn bloom_bit(hash: i64) -> u16 {
    let h = hash as u64;
    1 << ((h ^ (h >> 20)) & 15)
}

// The filter lives in what was padding: a dict (and so every instance and class) is no
// bigger than its two tables and a word.
const _: () = assert!(
    core::mem::size_of::<Dict>()
        <= core::mem::size_of::<Vec<Entry>>() + core::mem::size_of::<Box<[u32]>>() + 8
);

/// Up to this many entries (live or deleted) a table has no index: lookups scan the entries
/// (comparing cached hashes first), which is as fast for so few and saves the index's
/// allocation for the many small dicts (instance attributes, keyword arguments).
const LINEAR_MAX: usize = 8;

/// One slot of the entry array; a deleted entry has `key == Value::Null`.
#[derive(Clone, Copy, Debug)]
pub struct Entry {
    /// Cached hash of the key.
    pub hash: i64,
    /// The key (`Null` when deleted).
    pub key: Value,
    /// The value (`Null` for sets).
    pub value: Value,
}

/// An insertion-ordered open-addressing table.
#[derive(Clone, Debug, Default)]
pub struct Dict {
    /// Entries in insertion order (with holes where deleted).
    pub entries: Vec<Entry>,
    /// Hash index over `entries` (absent for small tables); replaced whole when it grows, so a
    /// boxed slice: no capacity word in every dict, class and instance.
    indices: Box<[u32]>,
    len: u32,
    /// A one-hash Bloom filter of the keys ever added (`bloom_bit` of each hash; cleared only
    /// by `clear`): a clear bit proves a key absent without a scan. It sits in padding, so no
    /// dict grows; it lets a method lookup skip the scan of the instance's own attributes,
    /// and a small table's miss skip its linear scan.
    bloom: u16,
    /// Set once a global-name lookup cached a value read from this dict (a module's globals,
    /// the builtins): from then on every change bumps `Vm::dict_version`, which the global
    /// cache checks. Changes to other dicts leave that cache alone.
    pub namespace: bool,
    /// A table that rarely gains keys once made (a class's namespace, a module's globals
    /// after its body ran): it grows by an eighth, not by doubling, so the few names added
    /// later (asyncio's groups made on first use) do not leave dozens of empty entries.
    pub tight: bool,
}

impl Dict {
    /// An empty table.
    pub fn new() -> Dict {
        Dict {
            entries: Vec::new(),
            indices: Box::default(),
            len: 0,
            bloom: 0,
            namespace: false,
            tight: false,
        }
    }
    /// An empty table with room for `n` entries (no index: callers reserve small tables).
    pub fn with_capacity(n: usize) -> Dict {
        Dict {
            entries: Vec::with_capacity(n),
            ..Dict::new()
        }
    }
    /// Gives back the entry table's growth slack (entries keep their positions).
    pub fn shrink_to_fit(&mut self) {
        self.entries.shrink_to_fit();
    }
    /// Drops deleted entries and the growth slack (a table that will rarely change again,
    /// such as a class namespace).
    pub fn compact(&mut self) {
        self.tight = true;
        self.rebuild();
        self.entries.shrink_to_fit();
    }
    /// Number of live entries.
    pub fn len(&self) -> usize {
        self.len as usize
    }
    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
    /// Bytes this table owns on the heap (for accounting).
    pub fn bytes(&self) -> usize {
        self.entries.capacity() * core::mem::size_of::<Entry>() + self.indices.len() * 4
    }
    /// False when no key with `hash` was ever added (true may be a false positive).
    #[inline(always)]
    pub fn may_contain(&self, hash: i64) -> bool {
        self.bloom & bloom_bit(hash) != 0
    }
    /// Finds the entry index of a key with `hash` for which `eq` says true.
    #[inline]
    pub fn find(&self, hash: i64, mut eq: impl FnMut(Value) -> bool) -> Option<usize> {
        if self.indices.is_empty() {
            if !self.may_contain(hash) {
                return None;
            }
            return self
                .entries
                .iter()
                .position(|e| e.hash == hash && !e.key.is_null() && eq(e.key));
        }
        let mask = self.indices.len() - 1;
        let mut i = (hash as u64 as usize) & mask;
        let mut perturb = hash as u64;
        loop {
            let ix = self.indices[i];
            if ix == EMPTY {
                return None;
            }
            let e = &self.entries[ix as usize];
            if e.hash == hash && !e.key.is_null() && (eq(e.key)) {
                return Some(ix as usize);
            }
            perturb >>= 5;
            i = (i
                .wrapping_mul(5)
                .wrapping_add(1)
                .wrapping_add(perturb as usize))
                & mask;
        }
    }
    /// Keys with this hash (for equality that needs Python code).
    pub fn candidates(&self, hash: i64) -> Vec<usize> {
        let mut out = Vec::new();
        if self.indices.is_empty() {
            for (ix, e) in self.entries.iter().enumerate() {
                if e.hash == hash && !e.key.is_null() {
                    out.push(ix);
                }
            }
            return out;
        }
        let mask = self.indices.len() - 1;
        let mut i = (hash as u64 as usize) & mask;
        let mut perturb = hash as u64;
        loop {
            let ix = self.indices[i];
            if ix == EMPTY {
                return out;
            }
            let e = &self.entries[ix as usize];
            if e.hash == hash && !e.key.is_null() {
                out.push(ix as usize);
            }
            perturb >>= 5;
            i = (i
                .wrapping_mul(5)
                .wrapping_add(1)
                .wrapping_add(perturb as usize))
                & mask;
        }
    }
    fn insert_index(&mut self, hash: i64, ix: u32) {
        let mask = self.indices.len() - 1;
        let mut i = (hash as u64 as usize) & mask;
        let mut perturb = hash as u64;
        while self.indices[i] != EMPTY {
            perturb >>= 5;
            i = (i
                .wrapping_mul(5)
                .wrapping_add(1)
                .wrapping_add(perturb as usize))
                & mask;
        }
        self.indices[i] = ix;
    }
    fn rebuild(&mut self) {
        self.entries.retain(|e| !e.key.is_null());
        if self.entries.len() < LINEAR_MAX {
            self.indices = Box::default();
            return;
        }
        let mut cap = 8;
        while cap * 2 < (self.entries.len() + 1) * 3 {
            cap *= 2;
        }
        self.indices = vec![EMPTY; cap].into_boxed_slice();
        for i in 0..self.entries.len() {
            let h = self.entries[i].hash;
            self.insert_index(h, i as u32);
        }
    }
    /// Appends a new key (the caller checked it is absent).
    pub fn push_new(&mut self, hash: i64, key: Value, value: Value) {
        let full = if self.indices.is_empty() {
            self.entries.len() >= LINEAR_MAX
        } else {
            (self.entries.len() + 1) * 3 > self.indices.len() * 2
        };
        if full {
            // Drops deleted entries; indexes the table unless it is small again.
            self.rebuild();
        }
        let ix = self.entries.len() as u32;
        if self.tight && self.entries.len() == self.entries.capacity() {
            self.entries.reserve_exact(1 + self.entries.len() / 8);
        }
        self.entries.push(Entry { hash, key, value });
        self.bloom |= bloom_bit(hash);
        if !self.indices.is_empty() {
            self.insert_index(hash, ix);
        }
        self.len += 1;
    }
    /// Removes the entry at `ix`, returning it.
    pub fn remove_at(&mut self, ix: usize) -> Entry {
        let e = self.entries[ix];
        self.entries[ix].key = Value::Null;
        self.entries[ix].value = Value::Null;
        self.len -= 1;
        // Deleted entries keep their index slot (a tombstone); compact when mostly holes.
        if self.entries.len() > 16 && (self.len as usize) * 2 < self.entries.len() {
            self.rebuild();
        }
        e
    }
    /// Empties a small (unindexed) table for reuse, keeping its entry table's room.
    pub fn reset_keep_room(&mut self) {
        self.entries.clear();
        self.indices = Box::default();
        self.len = 0;
        self.bloom = 0;
        self.namespace = false;
    }
    /// Removes everything.
    pub fn clear(&mut self) {
        let namespace = self.namespace;
        *self = Dict::new();
        self.namespace = namespace;
    }
    /// Puts a set's live entries in the order CPython 3.11's set table would hold them, had
    /// its keys been added one by one to a fresh set (`set_add_entry`: 8 slots, linear probes
    /// of 9, perturbed probing, growth to 4x the size used when 3/5 full). Only for keys
    /// whose Pyrite hash is CPython's (numbers): programs print sets of ints and expect
    /// CPython's order (`{3, 1, 2}` shows `{1, 2, 3}`). Host-only (flash).
    #[cfg(feature = "std")]
    pub fn order_as_cpython_set(&mut self) {
        const PROBES: usize = 9;
        fn place(table: &mut [u32], mask: usize, h: i64, ix: u32) {
            let mut perturb = h as u64 as usize;
            let mut i = perturb & mask;
            loop {
                let n = if i + PROBES <= mask { PROBES } else { 0 };
                for j in i..=i + n {
                    if table[j] == u32::MAX {
                        table[j] = ix;
                        return;
                    }
                }
                perturb >>= 5;
                i = (i.wrapping_mul(5).wrapping_add(1).wrapping_add(perturb)) & mask;
            }
        }
        let live: Vec<Entry> = self.iter().copied().collect();
        let mut table = vec![u32::MAX; 8];
        let mut mask = 7;
        for (n, e) in live.iter().enumerate() {
            place(&mut table, mask, e.hash, n as u32);
            let used = n + 1;
            if used * 5 >= mask * 3 {
                let min = if used > 50000 { used * 2 } else { used * 4 };
                let mut size = 8;
                while size <= min {
                    size <<= 1;
                }
                let old = core::mem::replace(&mut table, vec![u32::MAX; size]);
                mask = size - 1;
                for ix in old.into_iter().filter(|ix| *ix != u32::MAX) {
                    place(&mut table, mask, live[ix as usize].hash, ix);
                }
            }
        }
        let order = table.into_iter().filter(|ix| *ix != u32::MAX);
        if order.clone().enumerate().all(|(n, ix)| n == ix as usize)
            && self.entries.len() == live.len()
        {
            return;
        }
        self.entries = order.map(|ix| live[ix as usize]).collect();
        self.rebuild();
    }

    /// Live entries in order.
    pub fn iter(&self) -> impl Iterator<Item = &Entry> {
        self.entries.iter().filter(|e| !e.key.is_null())
    }
    /// The n-th live entry at or after position `pos` in the entry array (for iterators).
    pub fn next_from(&self, mut pos: usize) -> Option<(usize, Entry)> {
        while pos < self.entries.len() {
            let e = self.entries[pos];
            if !e.key.is_null() {
                return Some((pos, e));
            }
            pos += 1;
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(i: i64) -> Value {
        Value::Int(i)
    }

    /// Through the linear (unindexed) size, the switch to an index, deletions and the
    /// compaction back to linear, every live key is found and no deleted one is.
    #[test]
    fn lookups_hold_across_the_linear_and_indexed_forms() {
        let mut d = Dict::new();
        // Colliding hashes (i % 3) make the key comparison decide.
        let find = |d: &Dict, i: i64| d.find(i % 3, |k| k == key(i));
        for i in 0..40 {
            d.push_new(i % 3, key(i), key(i * 10));
            for j in 0..=i {
                let ix = find(&d, j).expect("present");
                assert_eq!(d.entries[ix].value, key(j * 10));
            }
            assert_eq!(find(&d, i + 1), None);
            assert_eq!(d.len(), i as usize + 1);
        }
        assert!(!d.indices.is_empty());
        for i in (0..40).filter(|i| i % 4 != 0) {
            let ix = find(&d, i).expect("present");
            d.remove_at(ix);
            assert_eq!(find(&d, i), None);
        }
        for i in (0..40).step_by(4) {
            assert!(find(&d, i).is_some(), "{i}");
        }
        assert_eq!(d.len(), 10);
        assert_eq!(
            d.candidates(0).len(),
            d.iter().filter(|e| e.hash == 0).count()
        );
        // Small again: new keys still go in and are found.
        let mut small = Dict::new();
        for i in 0..LINEAR_MAX as i64 {
            small.push_new(i, key(i), key(i));
        }
        assert!(small.indices.is_empty());
        let ix = small.find(3, |k| k == key(3)).expect("present");
        small.remove_at(ix);
        small.push_new(100, key(100), key(1));
        assert!(small.indices.is_empty(), "a deleted entry made room");
        assert!(small.find(100, |k| k == key(100)).is_some());
        assert_eq!(small.find(3, |k| k == key(3)), None);
        let c = small.candidates(5);
        assert_eq!(c.len(), 1);
        assert_eq!(small.entries[c[0]].key, key(5));
    }
}
