//! A loaded program: verified metadata plus the segments every method shares.
//!
//! [`Program::load`] reads the header and the FlatBuffer through any [`DataLoader`],
//! verifies it once ([`pterun_format::Program`]), and loads the constant segment. With the
//! default memory-mapped loader nothing is copied: the verified view borrows the mapping,
//! and constant tensors are views into it. A `Program` is a cheap handle (`Arc` inside):
//! methods keep it alive, and threads can share it.

use std::sync::Arc;
use std::time::{Duration, Instant};

use pterun_format::{Constants, Method as MethodView, Program as ProgramView, HEAD_LEN};
use pterun_memory::{DataLoader, LoaderStats, Segment, SegmentInfo};

use crate::error::{Error, Result};
use crate::meta::MethodMeta;

type VerifiedProgram<'a> = ProgramView<'a>;

self_cell::self_cell!(
    /// The program data and the verified view that borrows it.
    struct ProgramCell {
        owner: Segment,
        #[covariant]
        dependent: VerifiedProgram,
    }
);

impl std::fmt::Debug for ProgramCell {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProgramCell").field("bytes", &self.borrow_owner().len()).finish()
    }
}

/// Where the bytes of constant tensors come from.
#[derive(Debug)]
pub(crate) enum ConstantSource {
    /// No constants.
    None,
    /// The constant segment, loaded once; `file_offset` is where it starts in the file.
    Segment { data: Segment, file_offset: u64 },
    /// Inside the program data (old files).
    Inline,
}

pub(crate) struct ProgramInner {
    cell: ProgramCell,
    pub(crate) loader: Arc<dyn DataLoader>,
    pub(crate) constants: ConstantSource,
    load_time: Duration,
    stats_at_load: LoaderStats,
}

impl std::fmt::Debug for ProgramInner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Program")
            .field("file_len", &self.loader.size())
            .field("methods", &self.cell.borrow_dependent().methods().len())
            .finish()
    }
}

/// A verified program. Cheap to clone; shareable across threads.
#[derive(Clone, Debug)]
pub struct Program {
    pub(crate) inner: Arc<ProgramInner>,
}

impl Program {
    /// Loads and verifies a program through `loader`, and loads its constant segment.
    pub fn load(loader: Arc<dyn DataLoader>) -> Result<Program> {
        let start = Instant::now();
        let file_len = loader.size();
        let head_len = file_len.min(HEAD_LEN as u64) as usize;
        let program_len = if head_len == 0 {
            0
        } else {
            let head = loader.load(0, head_len, &SegmentInfo::program())?;
            match pterun_format::ExtendedHeader::parse(&head)? {
                Some(header) => header.program_size,
                None => file_len,
            }
        };
        if program_len < 8 || program_len > file_len {
            return Err(pterun_format::Error::ProgramSizeOutOfRange {
                program_size: program_len,
                file_len,
            }
            .into());
        }
        let program_data = loader.load(0, program_len as usize, &SegmentInfo::program())?;
        let cell = ProgramCell::try_new(program_data, |data| {
            ProgramView::parse_program_data(data.as_bytes(), file_len)
        })?;
        let constants = match cell.borrow_dependent().constants() {
            Constants::None => ConstantSource::None,
            Constants::Inline(_) => ConstantSource::Inline,
            Constants::Segment(table) => {
                let range =
                    cell.borrow_dependent().segments().get(table.segment_index).copied().ok_or(
                        pterun_format::Error::SegmentIndexOutOfRange {
                            referrer: "constant_segment",
                            index: table.segment_index as u64,
                            count: cell.borrow_dependent().segments().len(),
                        },
                    )?;
                if range.len == 0 {
                    ConstantSource::None
                } else {
                    let data = loader.load(
                        range.offset,
                        range.len as usize,
                        &SegmentInfo::constant(table.segment_index),
                    )?;
                    ConstantSource::Segment { data, file_offset: range.offset }
                }
            }
        };
        let stats_at_load = loader.stats();
        Ok(Program {
            inner: Arc::new(ProgramInner {
                cell,
                loader,
                constants,
                load_time: start.elapsed(),
                stats_at_load,
            }),
        })
    }

    /// The verified view of the program's tables.
    pub fn view(&self) -> &ProgramView<'_> {
        self.inner.cell.borrow_dependent()
    }

    /// The program data bytes (the FlatBuffer part of the file).
    pub fn program_data(&self) -> &Segment {
        self.inner.cell.borrow_owner()
    }

    /// Method names, in file order.
    pub fn method_names(&self) -> Vec<&str> {
        self.view().methods().iter().map(|m| m.name).collect()
    }

    pub(crate) fn method_view(&self, name: &str) -> Result<&MethodView<'_>> {
        self.view().method(name).ok_or_else(|| Error::MethodNotFound {
            name: name.to_string(),
            available: self.method_names().iter().map(|s| s.to_string()).collect(),
        })
    }

    /// Metadata of method `name`: inputs, outputs, planned memory.
    pub fn method_meta(&self, name: &str) -> Result<MethodMeta> {
        Ok(MethodMeta::new(self.method_view(name)?))
    }

    /// The loader the program reads from.
    pub fn loader(&self) -> &Arc<dyn DataLoader> {
        &self.inner.loader
    }

    /// Time spent in [`Program::load`].
    pub fn load_time(&self) -> Duration {
        self.inner.load_time
    }

    /// The loader's counters right after the program loaded (bytes mapped and copied).
    pub fn load_stats(&self) -> LoaderStats {
        self.inner.stats_at_load
    }

    /// Bytes of constant tensor `range` as stored in the loaded segments.
    pub(crate) fn constant_bytes(&self, offset: u64, len: u64) -> Option<&[u8]> {
        let (data, base): (&[u8], u64) = match &self.inner.constants {
            ConstantSource::Segment { data, file_offset } => (data.as_bytes(), *file_offset),
            ConstantSource::Inline => (self.program_data().as_bytes(), 0),
            ConstantSource::None => return None,
        };
        let start = usize::try_from(offset.checked_sub(base)?).ok()?;
        let end = start.checked_add(usize::try_from(len).ok()?)?;
        data.get(start..end)
    }
}
