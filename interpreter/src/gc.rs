//! The object arena and its precise mark-sweep collector.
//!
//! Objects live in `Heap::objs`, named by index (`ObjRef`). Freed slots go on a free list and
//! are reused (objects never move). `used` counts slot bytes plus the bytes each object owns
//! (string buffers, vectors); allocation fails with `Err(OutOfMemory)` when it would exceed
//! `limit`, which the VM turns into a catchable `MemoryError`.
//!
//! Invariant: collection runs only at VM safepoints (an instruction boundary of the outermost
//! dispatch loop) where every live value is reachable from the roots the VM passes in; native
//! code never holds an `ObjRef` across a safepoint. Marking uses an explicit worklist, so deep
//! structures cannot overflow the Rust stack.

use crate::object::{Instance, IterState, Obj};
use crate::value::{ObjRef, Value};
use alloc::boxed::Box;
use alloc::vec::Vec;

/// The heap is full.
#[derive(Debug, Clone, Copy)]
pub struct OutOfMemory;

/// Bytes charged per arena slot.
pub const SLOT_BYTES: usize = core::mem::size_of::<Option<Obj>>();

// Every object pays a slot, so no variant may grow it: 56 bytes on a 64-bit host, 40 on a
// 32-bit device (what does not fit, such as `Function`, `Class` or a slice's three values, is
// boxed; the largest inline payloads are a builtin iterator's state and a native function).
const _: () = assert!(SLOT_BYTES <= if usize::BITS == 64 { 56 } else { 40 });

/// How many freed instances a sweep keeps for reuse (`Heap::inst_pool`): on a 64-bit host
/// about what a collection cycle makes (256 KiB of allocation), at most ~150 KiB held; none
/// on a 32-bit device, where memory the accounting does not see must not be kept back.
const INST_POOL_MAX: usize = if usize::BITS == 64 { 1024 } else { 0 };

/// The arena.
pub struct Heap {
    /// Object slots (`None` = free).
    pub objs: Vec<Option<Obj>>,
    free: Vec<u32>,
    marks: Vec<u64>,
    /// Bytes in use (approximate, recomputed exactly at each collection).
    pub used: usize,
    /// Hard limit in bytes.
    pub limit: usize,
    /// Collect at the next safepoint once `used` passes this.
    pub next_gc: usize,
    /// Number of collections run.
    pub collections: u64,
    /// Suspended generators found unreachable with a `try`/`with` block open: kept alive (they
    /// are roots until handled) so the VM can `close()` them and run their `finally` blocks,
    /// as CPython does when a generator is dropped (see `Vm::run_scheduled`).
    pub finalize: Vec<ObjRef>,
    /// Boxes of plain instances the sweep freed (no rare fields, an unindexed attribute
    /// table whose room is kept), reused by `take_instance`: a new instance then costs no
    /// `malloc` and a dead one no `free`, which glibc does slowly for the thousands one
    /// sweep releases at once. Not charged to `used` (the objects were freed as far as the
    /// accounting goes); empty on a device (`INST_POOL_MAX`). The boxes themselves are what
    /// is kept, so `Vec<Box<_>>` is meant.
    #[allow(clippy::vec_box)]
    inst_pool: Vec<Box<Instance>>,
    /// `micropython.heap_lock()` depth: while above 0 every allocation and growth fails with
    /// `OutOfMemory` (the preallocated MemoryError is still raised).
    pub lock_depth: u32,
    /// Returned for a stale handle (never expected; avoids panicking).
    scratch: Obj,
    /// After a MemoryError, the last `limit / 16` bytes may be used so handlers can run;
    /// cleared once a collection brings usage back under the soft limit.
    emergency: bool,
    /// The last collection left the heap under the soft limit, so an allocation past it may
    /// borrow from the reserve until the next safepoint collects (see `over`).
    may_lend: bool,
    /// Generator objects on the heap (counted by `alloc`, uncounted by the sweep that frees
    /// them): a collection looks for unreachable suspended generators only when there are
    /// any, rather than in an extra pass over every slot.
    generators: usize,
}

/// See `Heap::get`: never expected; keep going with a scratch object. Out of line, so that
/// `get_mut` (whose assignment here drops an `Obj`) inlines into its callers.
#[cold]
#[inline(never)]
fn reset_scratch(scratch: &mut Obj) -> &mut Obj {
    *scratch = Obj::Range(0, 0, 1);
    scratch
}

impl Heap {
    /// A heap that may hold `limit` bytes.
    pub fn new(limit: usize) -> Heap {
        Heap {
            objs: Vec::new(),
            free: Vec::new(),
            marks: Vec::new(),
            used: 0,
            limit,
            next_gc: (limit / 4).max(4096),
            collections: 0,
            lock_depth: 0,
            inst_pool: Vec::new(),
            finalize: Vec::new(),
            scratch: Obj::Range(0, 0, 1),
            emergency: false,
            may_lend: true,
            generators: 0,
        }
    }

    /// The limit normal allocations must stay under (the rest is the emergency reserve).
    #[inline]
    fn soft_limit(&self) -> usize {
        if self.emergency {
            self.limit
        } else {
            self.limit - Self::reserve(self.limit)
        }
    }

    /// The emergency reserve of a heap of `limit` bytes.
    fn reserve(limit: usize) -> usize {
        (limit / 16).min(64 << 10)
    }

    #[inline]
    fn over(&mut self, size: usize) -> bool {
        if self.lock_depth > 0 {
            return true;
        }
        let need = self.used + size;
        if need > self.soft_limit() {
            self.next_gc = 0;
            // What fills the heap may be garbage made since the last safepoint (temporaries
            // of one statement, or of a call that ended since): no collection can run here,
            // as a native may hold handles in Rust locals, so lend from the reserve until the
            // next safepoint collects — unless the last collection already left the heap
            // past the soft limit. Half the reserve stays for handlers of a MemoryError.
            if !self.emergency
                && self.may_lend
                && need <= self.limit - Self::reserve(self.limit) / 2
            {
                return false;
            }
            self.emergency = true;
            return true;
        }
        false
    }

    /// Allocates an object, or fails when the limit would be passed.
    #[inline]
    pub fn alloc(&mut self, obj: Obj) -> Result<ObjRef, OutOfMemory> {
        let size = SLOT_BYTES + obj.extra_bytes();
        if self.over(size) {
            return Err(OutOfMemory);
        }
        self.used += size;
        if matches!(obj, Obj::Generator(_)) {
            self.generators += 1;
        }
        if let Some(i) = self.free.pop() {
            self.objs[i as usize] = Some(obj);
            Ok(ObjRef(i))
        } else {
            if self.objs.len() >= u32::MAX as usize - 1 {
                return Err(OutOfMemory);
            }
            if self.objs.len() == self.objs.capacity() {
                // Grow the arena by a quarter, not by doubling: on a device the slot array is
                // the largest single allocation outside the accounting, and a doubling step
                // (1 MiB at 16k slots) can exhaust the global heap before the limit is reached.
                let extra = (self.objs.len() / 4).max(64);
                if self.objs.try_reserve_exact(extra).is_err() {
                    return Err(OutOfMemory);
                }
            }
            self.objs.push(Some(obj));
            Ok(ObjRef(self.objs.len() as u32 - 1))
        }
    }

    /// A plain instance of `class` with room for `hint` attributes, reusing a box the
    /// sweep kept (`inst_pool`) when there is one; the caller allocates it.
    #[inline]
    pub fn take_instance(&mut self, class: ObjRef, hint: usize) -> Box<Instance> {
        match self.inst_pool.pop() {
            Some(mut b) => {
                b.class = class;
                // Exactly `hint` entries, as a new one would have: the accounting charges
                // the capacity, and a table much larger than its class needs is waste.
                if b.dict.entries.capacity() != hint {
                    b.dict = crate::dict::Dict::with_capacity(hint);
                }
                b
            }
            None => Box::new(Instance {
                class,
                dict: crate::dict::Dict::with_capacity(hint),
                rare: None,
            }),
        }
    }

    /// Recomputes `used` exactly from the live slots (estimates drift as tables grow).
    pub fn recount(&mut self) {
        self.used = self
            .objs
            .iter()
            .flatten()
            .map(|o| SLOT_BYTES + o.extra_bytes())
            .sum();
    }

    /// Next collection point: after allocating about as much as is live (at least 256 KiB, at
    /// most 4 MiB, so resident memory stays close to the live data), and always before the
    /// emergency reserve, so a collection normally runs before an allocation can fail.
    pub fn threshold_after(&self, used: usize) -> usize {
        // 256 KiB at least: a 1 MiB minimum (tried) saved 1-4% of the instructions of the
        // benchmarks but added ~0.7 MB (15%) to their resident memory.
        let step = used.clamp(256 << 10, 4 << 20);
        let soft = self.limit - Self::reserve(self.limit);
        // Headroom for what runs between two safepoints (a 32-instruction chunk, or a whole
        // nested call such as a generator expression inside `join`): a quarter of a small heap,
        // at most 32 KiB. With 1/32 a 64 KiB device heap failed runs that fit.
        let cap = soft.saturating_sub((self.limit / 4).min(32 << 10));
        (used + step).min(cap).max(used + 1024)
    }

    /// Charges `bytes` of growth of an existing object (list append, dict insert).
    #[inline]
    pub fn charge(&mut self, bytes: usize) -> Result<(), OutOfMemory> {
        if self.over(bytes) {
            return Err(OutOfMemory);
        }
        self.used += bytes;
        Ok(())
    }

    /// The object behind a handle.
    ///
    /// Handles come only from `alloc` and stay valid while reachable (GC invariant above), so a
    /// freed slot here is an interpreter bug; it is reported as an empty tuple rather than a panic.
    #[inline]
    pub fn get(&self, r: ObjRef) -> &Obj {
        match self.objs.get(r.0 as usize) {
            Some(Some(o)) => o,
            _ => &self.scratch,
        }
    }

    /// The instance behind a handle, if it is one: one pattern, so the slot's presence and the
    /// variant are a single tag test (`get` then a match tests the tag twice).
    #[inline(always)]
    pub fn instance(&self, r: ObjRef) -> Option<&crate::object::Instance> {
        match self.objs.get(r.0 as usize) {
            Some(Some(Obj::Instance(i))) => Some(i),
            _ => None,
        }
    }

    /// `instance`, mutably.
    #[inline(always)]
    pub fn instance_mut(&mut self, r: ObjRef) -> Option<&mut crate::object::Instance> {
        match self.objs.get_mut(r.0 as usize) {
            Some(Some(Obj::Instance(i))) => Some(i),
            _ => None,
        }
    }

    /// Mutable access to an object.
    #[inline]
    pub fn get_mut(&mut self, r: ObjRef) -> &mut Obj {
        match self.objs.get_mut(r.0 as usize) {
            Some(Some(o)) => o,
            _ => reset_scratch(&mut self.scratch),
        }
    }

    fn set_mark(&mut self, i: u32) -> bool {
        let w = (i / 64) as usize;
        let b = 1u64 << (i % 64);
        if self.marks[w] & b != 0 {
            return false;
        }
        self.marks[w] |= b;
        true
    }

    fn mark(&mut self, work: &mut Vec<u32>) {
        while let Some(i) = work.pop() {
            if (i as usize) >= self.objs.len() || !self.set_mark(i) {
                continue;
            }
            if let Some(o) = &self.objs[i as usize] {
                trace(o, work);
            }
        }
    }

    /// The classes whose direct bases include `base`, in the order of their slots (the
    /// order they were made in, unless a freed slot was reused): `type.__subclasses__()`,
    /// found by a scan rather than kept in every class.
    pub fn subclasses_of(&self, base: ObjRef) -> Vec<ObjRef> {
        let mut out = Vec::new();
        for (i, o) in self.objs.iter().enumerate() {
            if let Some(Obj::Class(c)) = o
                && c.bases().contains(&base)
            {
                out.push(ObjRef(i as u32));
            }
        }
        out
    }

    /// Live objects by kind: `(kind, count, bytes charged)`, largest first. For
    /// `micropython.mem_info(1)`, to see where a heap goes.
    pub fn census(&self) -> Vec<(&'static str, usize, usize)> {
        let mut rows: Vec<(&'static str, usize, usize)> = Vec::new();
        for o in self.objs.iter().flatten() {
            let kind = o.kind_name();
            let bytes = SLOT_BYTES + o.extra_bytes();
            match rows.iter_mut().find(|r| r.0 == kind) {
                Some(r) => {
                    r.1 += 1;
                    r.2 += bytes;
                }
                None => rows.push((kind, 1, bytes)),
            }
        }
        // Largest first, stable, by insertion (a few dozen kinds at most): `sort_by_key` would
        // put one more copy of the standard library's driftsort (~3 KB) in every image.
        for i in 1..rows.len() {
            let mut j = i;
            while j > 0 && rows[j - 1].2 < rows[j].2 {
                rows.swap(j - 1, j);
                j -= 1;
            }
        }
        rows
    }

    /// Marks everything reachable from `roots`, then frees the rest. Returns bytes freed.
    pub fn collect(&mut self, roots: &[Value], extra: &mut dyn FnMut(&mut Vec<u32>)) -> usize {
        self.marks.clear();
        self.marks.resize(self.objs.len() / 64 + 1, 0);
        let mut work: Vec<u32> = Vec::new();
        for v in roots {
            if let Value::Obj(r) = v {
                work.push(r.0);
            }
        }
        extra(&mut work);
        work.extend(self.finalize.iter().map(|r| r.0));
        self.mark(&mut work);
        // Unreachable suspended generators with open handler blocks are resurrected (with
        // everything they reference) for one more round, to be closed by the VM.
        let mut doomed = Vec::new();
        let objs = if self.generators == 0 {
            &[][..]
        } else {
            &self.objs[..]
        };
        for (i, o) in objs.iter().enumerate() {
            if let Some(Obj::Generator(g)) = o
                && self.marks[i / 64] & (1u64 << (i % 64)) == 0
                && g.started
                && !g.finished
                && !g.running
                && !g.blocks.is_empty()
            {
                doomed.push(i as u32);
            }
        }
        if !doomed.is_empty() {
            self.finalize.extend(doomed.iter().map(|&i| ObjRef(i)));
            work.extend(doomed);
            self.mark(&mut work);
        }
        let before = self.used;
        let mut used = 0;
        for i in 0..self.objs.len() {
            let marked = self.marks[i / 64] & (1u64 << (i % 64)) != 0;
            match &self.objs[i] {
                Some(o) if marked => used += SLOT_BYTES + o.extra_bytes(),
                Some(_) => {
                    match self.objs[i].take() {
                        Some(Obj::Instance(b))
                            if self.inst_pool.len() < INST_POOL_MAX
                                && b.rare.is_none()
                                && b.dict.entries.capacity() <= crate::object::ATTR_HINT_MAX =>
                        {
                            let mut b = b;
                            b.dict.reset_keep_room();
                            self.inst_pool.push(b);
                        }
                        Some(Obj::Generator(_)) => {
                            self.generators = self.generators.saturating_sub(1);
                        }
                        _ => {}
                    }
                    self.free.push(i as u32);
                }
                None => {}
            }
        }
        self.used = used;
        self.collections += 1;
        // Leave emergency mode only with a reserve's worth of room below the soft limit, so a
        // handler that just caught MemoryError can still allocate.
        let reserve = Self::reserve(self.limit);
        if self.emergency && self.used + reserve <= self.limit - reserve {
            self.emergency = false;
        }
        self.may_lend = self.used <= self.limit - reserve;
        self.next_gc = self.threshold_after(used);
        before.saturating_sub(used)
    }
}

fn push(v: &Value, work: &mut Vec<u32>) {
    if let Value::Obj(r) = v {
        work.push(r.0);
    }
}

/// Pushes the children of an object.
fn trace(o: &Obj, work: &mut Vec<u32>) {
    match o {
        Obj::Str(_)
        | Obj::Bytes(_)
        | Obj::ByteArray(_)
        | Obj::BigInt(_)
        | Obj::Range(..)
        | Obj::Complex(..) => {}
        Obj::Native(n) => push(&n.bound, work),
        Obj::List(v) => v.iter().for_each(|x| push(x, work)),
        Obj::Tuple(v) => v.iter().for_each(|x| push(x, work)),
        Obj::Dict(d) | Obj::Set(d, _) => {
            for e in d.iter() {
                push(&e.key, work);
                push(&e.value, work);
            }
        }
        Obj::Function(f) => {
            work.push(f.code_obj.0);
            work.push(f.globals.0);
            f.values().iter().for_each(|x| push(x, work));
            for (k, v) in f.kwdefaults() {
                push(k, work);
                push(v, work);
            }
            work.push(f.name.0);
            if let Some(d) = f.attrs() {
                for e in d.iter() {
                    push(&e.key, work);
                    push(&e.value, work);
                }
            }
        }
        Obj::BoundMethod(a, b) => {
            push(a, work);
            push(b, work);
        }
        Obj::Class(c) => {
            work.push(c.name.0);
            // The bases are in the MRO.
            c.mro.iter().for_each(|x| work.push(x.0));
            if let Some(m) = c.meta {
                work.push(m.0);
            }
            for e in c.dict.iter() {
                push(&e.key, work);
                push(&e.value, work);
            }
        }
        Obj::Instance(i) => {
            work.push(i.class.0);
            if let Some(d) = i.dict_ref() {
                work.push(d.0);
            }
            for e in i.dict.iter() {
                push(&e.key, work);
                push(&e.value, work);
            }
            push(&i.base_value(), work);
            if let Some(x) = i.exc() {
                x.args.iter().for_each(|v| push(v, work));
                for (a, _, b) in &x.tb {
                    push(a, work);
                    push(b, work);
                }
                // The names a pending entry will be made of (`ExcData::caught`).
                if let Some((c, _, _)) = &x.caught {
                    work.push(c.filename.0);
                    work.push(c.name.0);
                }
                push(&x.cause, work);
                push(&x.context, work);
            }
        }
        Obj::Module(n, d) => {
            push(n, work);
            work.push(d.0);
        }
        Obj::Cell(v) => push(v, work),
        Obj::Code(c) => {
            c.consts.iter().for_each(|x| push(x, work));
            work.extend(c.names.iter().map(|r| r.0));
            work.extend(c.varnames.iter().map(|r| r.0));
            work.push(c.name.0);
            work.push(c.filename.0);
            if let crate::bytecode::Qual::Str(r) | crate::bytecode::Qual::Child(r, _) = c.qualname {
                work.push(r.0);
            }
            push(&c.doc(), work);
        }
        Obj::Generator(g) => {
            g.stack.iter().for_each(|x| push(x, work));
            push(&g.name, work);
            crate::vm::trace_code(&g.code, work);
            push(&Value::Obj(g.globals), work);
        }
        Obj::Slice(s) => {
            let [a, b, c] = &**s;
            push(a, work);
            push(b, work);
            push(c, work);
        }
        Obj::Property(p) => {
            push(&p.fget, work);
            push(&p.fset, work);
            push(&p.fdel, work);
            push(&p.doc, work);
        }
        Obj::ClassMethod(v) | Obj::StaticMethod(v) => push(v, work),
        Obj::Super(t, v) => {
            work.push(t.0);
            push(v, work);
        }
        Obj::MemoryView(m) => work.push(m.base.0),
        Obj::DictView(r, _) => work.push(r.0),
        Obj::Singleton(_) | Obj::FrozenCode(_) => {}
        Obj::Iter(s) => match s {
            IterState::Seq(r, _)
            | IterState::Str(r, _)
            | IterState::Dict(r, _, _, _)
            | IterState::Reversed(r, _) => work.push(r.0),
            IterState::Range { .. } | IterState::Done => {}
            IterState::Enumerate(v, _) => push(v, work),
            IterState::Zip(v) => v.iter().for_each(|x| push(x, work)),
            IterState::Map(f, v) => {
                push(f, work);
                v.iter().for_each(|x| push(x, work));
            }
            IterState::AGen(g, v, _) => {
                work.push(g.0);
                push(v, work);
            }
            IterState::Filter(a, b) | IterState::CallIter(a, b) => {
                push(a, work);
                push(b, work);
            }
        },
    }
}
