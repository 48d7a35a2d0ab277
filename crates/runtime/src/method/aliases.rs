//! Tensors that read bytes another tensor wrote: the aliases the exporter makes.
//!
//! The exporter removes a static `view`/`reshape` by giving the view's tensor the same
//! planned bytes as its base; no instruction writes the view, and its readers see what the
//! base's writer left there. Load-time passes that move or stop writing a tensor (constant
//! folding, fusions) must therefore treat a read of the view as a read of the base, and a
//! base that moves must take its views along.
//!
//! [`Plan::alias_walk`] replays the steps in order over a map of which tensor last wrote
//! each planned byte, and records for every tensor which *other* tensors' writes its reads
//! see. It runs once before the passes (what they must respect) and, in debug builds, once
//! after them: every read must then see only writes it saw before, and bytes that were
//! written before must still be written ([`Plan::check_aliases`]).

use std::collections::BTreeMap;

use super::{Plan, Step, Storage};
use crate::{Error, Result};

/// What the walk saw of one tensor.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct Seen {
    /// Some step writes it under its own name.
    pub self_written: bool,
    /// Other tensors whose writes its reads see, each once.
    pub sources: Vec<usize>,
    /// Some read covers bytes no write reached (and that were not set at load).
    pub unwritten_read: bool,
    /// Such a read, of bytes that some tensor writes at another time: an alias read
    /// before its base is written.
    pub dangling: bool,
}

/// The aliasing facts the load-time passes respect, from the walk before them.
#[derive(Debug, Default)]
pub(super) struct Aliases {
    seen: Vec<Seen>,
    /// Per tensor: the tensors whose reads see its writes (its aliases).
    aliases: Vec<Vec<usize>>,
}

impl Aliases {
    pub(super) fn new(seen: Vec<Seen>) -> Aliases {
        let mut aliases = vec![Vec::new(); seen.len()];
        for (t, s) in seen.iter().enumerate() {
            for &source in &s.sources {
                aliases[source].push(t);
            }
        }
        Aliases { seen, aliases }
    }

    /// The other tensors whose writes the reads of `t` see.
    pub(super) fn sources(&self, t: usize) -> &[usize] {
        self.seen.get(t).map_or(&[], |s| &s.sources)
    }

    /// The tensors that read what `t` writes.
    pub(super) fn aliases(&self, t: usize) -> &[usize] {
        self.aliases.get(t).map_or(&[], |a| a)
    }

    /// Whether `t` shares written bytes with another tensor in either direction.
    pub(super) fn is_aliased(&self, t: usize) -> bool {
        !self.sources(t).is_empty() || !self.aliases(t).is_empty()
    }

    /// Whether every alias of `base` is a pure view of it: it reads only `base`'s writes,
    /// is never written itself, and its bytes lie within `base`'s. Such aliases can follow
    /// `base` when it moves.
    pub(super) fn views_only(&self, base: usize) -> bool {
        self.aliases(base).iter().all(|&t| {
            let seen = &self.seen[t];
            seen.sources == [base] && !seen.self_written && !seen.unwritten_read
        })
    }
}

/// Which tensor last wrote each byte of each arena: disjoint `start -> (end, writer)` runs.
#[derive(Default)]
struct WriteMap {
    arenas: BTreeMap<usize, BTreeMap<usize, (usize, usize)>>,
}

impl WriteMap {
    /// Records that `writer` wrote `start..end` of `arena`.
    fn write(&mut self, arena: usize, start: usize, end: usize, writer: usize) {
        if start >= end {
            return;
        }
        let runs = self.arenas.entry(arena).or_default();
        let hit: Vec<(usize, usize, usize)> = overlapping(runs, start, end).collect();
        for (s, e, w) in hit {
            runs.remove(&s);
            if s < start {
                runs.insert(s, (start, w));
            }
            if e > end {
                runs.insert(end, (e, w));
            }
        }
        runs.insert(start, (end, writer));
    }

    /// Adds the writers of `start..end` to `writers`; whether every byte had one.
    fn writers(&self, arena: usize, start: usize, end: usize, writers: &mut Vec<usize>) -> bool {
        let Some(runs) = self.arenas.get(&arena) else { return start >= end };
        let mut covered_to = start;
        let mut complete = true;
        for (s, e, w) in overlapping(runs, start, end) {
            complete &= s <= covered_to;
            covered_to = covered_to.max(e);
            if !writers.contains(&w) {
                writers.push(w);
            }
        }
        complete && covered_to >= end
    }
}

/// The runs of `runs` that overlap `start..end`, in address order.
fn overlapping(
    runs: &BTreeMap<usize, (usize, usize)>,
    start: usize,
    end: usize,
) -> impl Iterator<Item = (usize, usize, usize)> + '_ {
    let before = runs
        .range(..start)
        .next_back()
        .filter(|(_, &(e, _))| e > start)
        .map(|(&s, &(e, w))| (s, e, w));
    before.into_iter().chain(runs.range(start..end).map(|(&s, &(e, w))| (s, e, w)))
}

impl Plan {
    /// The planned bytes of tensor `t`: `(arena, start, end)` at its capacity.
    fn planned_range(&self, t: usize) -> Option<(usize, usize, usize)> {
        let slot = self.tensors.get(t)?;
        match slot.storage {
            Storage::Arena { arena, offset } if slot.capacity > 0 => {
                Some((arena, offset, offset.saturating_add(slot.capacity)))
            }
            _ => None,
        }
    }

    /// Replays the steps over a write map (see the module docs). A chain with jumps is
    /// replayed twice, so that writes reaching back through a loop are seen.
    pub(super) fn alias_walk(&self) -> Vec<Seen> {
        let mut walk = Walk {
            method: self,
            writes: WriteMap::default(),
            seen: vec![Seen::default(); self.tensors.len()],
            view_of: vec![None; self.tensors.len()],
            all_writes: Vec::new(),
        };
        for t in self.inputs.iter().filter_map(|&v| self.tensor_id(v)) {
            walk.write(t);
        }
        for (t, slot) in self.tensors.iter().enumerate() {
            if slot.preset || slot.folded {
                walk.write(t);
            }
        }
        for steps in &self.chains {
            let loops = steps.iter().any(|s| matches!(s, Step::JumpFalse { .. }));
            for _ in 0..if loops { 2 } else { 1 } {
                steps.iter().for_each(|step| walk.step(step));
            }
        }
        for t in self.outputs.iter().filter_map(|&v| self.tensor_id(v)) {
            walk.read(t);
        }
        let mut seen = walk.seen;
        // Dangling: read unwritten, in bytes another tensor writes at some time (an alias
        // read before its base is written). A tensor only ever written under its own
        // name (a mutable buffer without initial state) starts as the planner left it.
        for (t, s) in seen.iter_mut().enumerate() {
            if s.unwritten_read {
                s.dangling = self.planned_range(t).is_some_and(|(arena, start, end)| {
                    walk.all_writes
                        .iter()
                        .any(|&(a, s, e, w)| w != t && a == arena && s < end && start < e)
                });
            }
        }
        seen
    }

    /// The debug check after the load-time passes: no read sees a write it did not see
    /// before them, and no read finds unwritten the bytes that were written before.
    pub(super) fn check_aliases(&self, before: &Aliases) -> Result<()> {
        let after = self.alias_walk();
        for (t, now) in after.iter().enumerate() {
            let was = before.seen.get(t).cloned().unwrap_or_default();
            let foreign = now.sources.iter().find(|s| !was.sources.contains(s));
            let detail = if let Some(&source) = foreign {
                format!("reads bytes of tensor {source}, which it did not read before")
            } else if now.unwritten_read && !was.unwritten_read {
                "reads bytes that no instruction writes any more".to_string()
            } else {
                continue;
            };
            return Err(Error::AliasBroken { value: self.tensors[t].value, detail });
        }
        Ok(())
    }

    /// The check before the passes: an alias whose bytes nothing has written when it is
    /// read (its base is written later, or never) is a malformed program.
    pub(super) fn check_dangling_aliases(&self, seen: &[Seen]) -> Result<()> {
        let input = |t: usize| self.inputs.iter().any(|&v| self.tensor_id(v) == Some(t));
        match seen.iter().enumerate().find(|(t, s)| s.dangling && !input(*t)) {
            Some((t, _)) => Err(Error::DanglingAlias { value: self.tensors[t].value }),
            None => Ok(()),
        }
    }
}

/// The state of one [`Plan::alias_walk`].
struct Walk<'m> {
    method: &'m Plan,
    writes: WriteMap,
    seen: Vec<Seen>,
    /// Tensors an `et_view` step made share another tensor's storage at run time.
    view_of: Vec<Option<usize>>,
    /// Every write: `(arena, start, end, writer)`.
    all_writes: Vec<(usize, usize, usize, usize)>,
}

impl Walk<'_> {
    /// The bytes tensor `t` stands for now: its base's, once a view step ran.
    fn range(&self, mut t: usize) -> Option<(usize, usize, usize)> {
        for _ in 0..self.view_of.len() {
            match self.view_of.get(t).copied().flatten() {
                Some(base) if base != t => t = base,
                _ => break,
            }
        }
        self.method.planned_range(t)
    }

    fn write(&mut self, t: usize) {
        if let Some(seen) = self.seen.get_mut(t) {
            seen.self_written = true;
        }
        if let Some((arena, start, end)) = self.range(t) {
            self.writes.write(arena, start, end, t);
            self.all_writes.push((arena, start, end, t));
        }
    }

    fn read(&mut self, t: usize) {
        self.read_as(t, true);
    }

    /// A read; `strict` when the step needs the bytes to hold a value already (a
    /// delegate's arguments are its outputs too, read before it writes them).
    fn read_as(&mut self, t: usize, strict: bool) {
        let Some((arena, start, end)) = self.range(t) else { return };
        let mut writers = Vec::new();
        let complete = self.writes.writers(arena, start, end, &mut writers);
        let Some(seen) = self.seen.get_mut(t) else { return };
        seen.unwritten_read |= strict && !complete;
        for w in writers.into_iter().filter(|&w| w != t) {
            if !seen.sources.contains(&w) {
                seen.sources.push(w);
            }
        }
    }

    fn step(&mut self, step: &Step) {
        let m = self.method;
        match step {
            Step::Kernel { op, args, ret, writes, .. } => {
                let mut outs = m.tensor_ids(*ret);
                // An in-place kernel (`name_`) also reads what it writes, and so does one that
                // writes arguments (a cache it updates).
                let in_place = op.split('.').next().is_some_and(|name| name.ends_with('_'));
                let written: Vec<usize> = m.written_args(args, writes).collect();
                for &a in args.iter() {
                    for t in m.tensor_ids(a) {
                        if in_place || !outs.contains(&t) || written.contains(&t) {
                            self.read(t);
                        }
                    }
                }
                outs.extend(written.into_iter().filter(|t| !outs.contains(t)).collect::<Vec<_>>());
                outs.into_iter().for_each(|t| self.write(t));
            }
            Step::Delegate { args, .. } => {
                let ids: Vec<usize> = args.iter().flat_map(|&a| m.tensor_ids(a)).collect();
                ids.iter().for_each(|&t| self.read_as(t, false));
                ids.iter().for_each(|&t| self.write(t));
            }
            Step::View { input, out, .. } => {
                if let (Some(base), Some(view)) = (m.tensor_id(*input), m.tensor_id(*out)) {
                    self.read(base);
                    if let Some(slot) = self.view_of.get_mut(view) {
                        *slot = Some(base);
                    }
                    if let Some(seen) = self.seen.get_mut(view) {
                        if !seen.sources.contains(&base) && base != view {
                            seen.sources.push(base);
                        }
                    }
                }
            }
            Step::Move { from, to } => {
                // The value table entry changes at run time: both tensors stay pinned.
                if let (Some(a), Some(b)) = (m.tensor_id(*from), m.tensor_id(*to)) {
                    self.read(a);
                    self.write(b);
                    if a != b {
                        for (x, y) in [(a, b), (b, a)] {
                            if !self.seen[x].sources.contains(&y) {
                                self.seen[x].sources.push(y);
                            }
                        }
                    }
                }
            }
            Step::JumpFalse { condition, .. } => {
                if let Some(t) = m.tensor_id(*condition) {
                    self.read(t);
                }
            }
            Step::Free { .. } | Step::Folded => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::{Storage, WriteMap};
    use crate::{BackendRegistry, Error, LoadOptions, Method, Program};

    fn zoo_method(name: &str, passes: crate::Passes) -> Method {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join(format!("../../fixtures/zoo/{name}.pte"));
        let loader = pterun_memory::MmapLoader::open(&path, Default::default()).expect("opens");
        let program = Program::load(Arc::new(loader)).expect("program loads");
        let kernels = pterun_kernels::Registry::portable();
        let backends = BackendRegistry::new();
        let options =
            LoadOptions { kernels: &kernels, backends: &backends, external_data: None, passes };
        Method::load(&program, "forward", options).expect("method loads")
    }

    /// A pass that moves a folded result but forgets the view sharing its bytes, as
    /// constant folding once did: the check after the passes names the view.
    #[test]
    fn a_base_moved_without_its_view_is_caught() {
        // Loaded without passes, so the base still lies in planned memory with its view.
        let mut method = zoo_method("fold_reshape_alias", crate::Passes::NONE);
        let plan = Arc::get_mut(&mut method.plan).expect("a fresh method's plan is not shared");
        let base = plan.aliases.aliases.iter().position(|a| !a.is_empty()).expect("a base");
        let view = plan.aliases.aliases(base)[0];
        assert!(plan.check_aliases(&plan.aliases).is_ok());
        // The base alone moves to bytes of its own (an arena past the state's).
        plan.tensors[base].storage = Storage::Arena { arena: plan.arena_sizes.len(), offset: 0 };
        plan.tensors[view].folded = false;
        match plan.check_aliases(&plan.aliases) {
            Err(Error::AliasBroken { value, .. }) => assert_eq!(value, plan.tensors[view].value),
            other => panic!("expected AliasBroken, got {other:?}"),
        }
    }

    #[test]
    fn later_writes_replace_earlier_ones_byte_for_byte() {
        let mut map = WriteMap::default();
        map.write(0, 0, 100, 1);
        map.write(0, 40, 60, 2);
        let mut writers = Vec::new();
        assert!(map.writers(0, 0, 100, &mut writers));
        assert_eq!(writers, [1, 2]);
        writers.clear();
        assert!(map.writers(0, 45, 55, &mut writers));
        assert_eq!(writers, [2]);
        writers.clear();
        assert!(map.writers(0, 60, 100, &mut writers));
        assert_eq!(writers, [1]);
    }

    #[test]
    fn a_gap_or_another_arena_is_unwritten() {
        let mut map = WriteMap::default();
        map.write(0, 0, 10, 1);
        map.write(0, 20, 30, 2);
        let mut writers = Vec::new();
        assert!(!map.writers(0, 0, 30, &mut writers));
        assert_eq!(writers, [1, 2]);
        writers.clear();
        assert!(!map.writers(1, 0, 10, &mut writers));
        assert!(writers.is_empty());
    }

    #[test]
    fn a_write_covering_several_runs_replaces_them_all() {
        let mut map = WriteMap::default();
        map.write(0, 0, 10, 1);
        map.write(0, 10, 20, 2);
        map.write(0, 20, 30, 3);
        map.write(0, 5, 25, 4);
        let mut writers = Vec::new();
        assert!(map.writers(0, 0, 30, &mut writers));
        assert_eq!(writers, [1, 4, 3]);
    }
}
