//! The ENN side of `pterun run`: its flags, the backend's configuration, and what the
//! report says (the facade places blobs and arenas in shared memory).
//!
//! The report states what pterun knows: the bytes pterun copied (at open and at each
//! execution), and whether the library copies the blob *by contract* (the memory open,
//! whose pointer the library may not keep) or whether that is *unknown* (the fd opens: a
//! device library may map or read; the software library's own counters are test facts, not
//! device facts).

use std::path::PathBuf;

use pterun::enn::{DelegateIo, EnnBackend, EnnConfig, IoPolicy, OpenPolicy, PerfMode, Transfer};
use serde::Serialize;

/// The ENN options of `pterun run`.
#[derive(clap::Args, Debug, Clone)]
pub struct EnnArgs {
    /// The ENN library (default: $PTERUN_ENN_LIB, else libenn_public_api_cpp.so on the
    /// dynamic linker's path). Only opened when the program has ENN delegates.
    #[arg(long = "enn-lib", alias = "enn_lib", value_name = "PATH")]
    pub enn_lib: Option<PathBuf>,
    /// How ENN models are opened: auto (file fd + offset, else shared-buffer fd, else from
    /// memory), or one path forced for measurement: file-fd, shared-fd, memory.
    #[arg(long = "enn-open", value_name = "POLICY", default_value = "auto")]
    pub enn_open: OpenPolicy,
    /// How delegate tensors reach the library: auto (tensors placed in shared arenas are
    /// imported in place, nothing copied per execution; the others copied), or copy (every
    /// tensor copied in and out, as the upstream runner does).
    #[arg(long = "enn-io", value_name = "POLICY", default_value = "auto")]
    pub enn_io: IoPolicy,
    /// The library's performance preset, set before models open: low-power, balanced,
    /// performance or boost (default: the library's own).
    #[arg(long = "enn-perf-mode", alias = "enn_perf_mode", value_name = "MODE")]
    pub enn_perf_mode: Option<PerfMode>,
}

impl EnnArgs {
    /// The backend configuration these options describe.
    pub fn config(&self) -> EnnConfig {
        EnnConfig {
            library_path: self.enn_lib.clone(),
            open_policy: self.enn_open,
            io_policy: self.enn_io,
            perf_mode: self.enn_perf_mode,
        }
    }
}

/// What the report says about the ENN backend.
#[derive(Serialize)]
pub struct EnnReport {
    library: String,
    io_policy: &'static str,
    perf_mode_requested: Option<&'static str>,
    /// `EnnGetPreferencePerfMode` after the models opened (`None`: not exported, or no
    /// model).
    perf_mode_read_back: Option<u32>,
    /// Where the method's planned arenas live (`heap`, or the shared allocator's name).
    arenas: String,
    /// Bytes pterun copied in and out of ENN buffers at the last execution, all delegates.
    bytes_copied_per_execution: u64,
}

impl EnnReport {
    /// Bytes pterun copied in and out of ENN buffers at the last execution.
    pub fn bytes_copied_per_execution(&self) -> u64 {
        self.bytes_copied_per_execution
    }
}

/// One opened ENN delegate in the report.
#[derive(Serialize)]
pub struct DelegateSummary {
    pub method: String,
    pub delegate: usize,
    pub path: String,
    /// For the file-fd path: whether the blob's file offset is page-aligned.
    pub file_offset_page_aligned: Option<bool>,
    pub fallback_from: Option<String>,
    pub blob_bytes: u64,
    /// Bytes pterun copied to produce the blob (0 for a mapping).
    pub bytes_copied_by_pterun: u64,
    /// `by contract` (the memory open) or `unknown` (fd opens).
    pub library_copies: &'static str,
    pub buffers_allocated_by: &'static str,
    pub buffers: Vec<BufferSummary>,
    pub executions: u64,
    pub bytes_copied_per_execution: u64,
    pub bytes_copied_total: u64,
}

/// One ENN buffer of a delegate in the report.
#[derive(Serialize)]
pub struct BufferSummary {
    direction: &'static str,
    index: usize,
    enn_bytes: usize,
    label: Option<String>,
    nchw: Option<[u32; 4]>,
    enn_type: Option<u32>,
    dtype: Option<String>,
    /// `imported` or `copied`.
    transfer: &'static str,
    copy_reason: Option<String>,
}

impl DelegateSummary {
    fn of(io: &DelegateIo) -> DelegateSummary {
        let open = &io.open;
        DelegateSummary {
            method: open.method.clone(),
            delegate: open.delegate_index,
            path: format!("{:?}", open.path),
            file_offset_page_aligned: open.file_offset_page_aligned,
            fallback_from: open.fallback_from.map(|p| format!("{p:?}")),
            blob_bytes: open.blob_bytes,
            bytes_copied_by_pterun: open.client_bytes_copied,
            library_copies: if open.library_copy { "by contract" } else { "unknown" },
            buffers_allocated_by: open.buffers_allocated_by,
            buffers: io
                .buffers
                .iter()
                .map(|b| {
                    let (transfer, copy_reason) = match &b.transfer {
                        Transfer::Imported { .. } => ("imported", None),
                        Transfer::Copied { reason } => ("copied", Some(reason.clone())),
                    };
                    BufferSummary {
                        direction: b.direction,
                        index: b.index,
                        enn_bytes: b.enn_bytes,
                        label: b.meta.as_ref().map(|m| m.label.clone()),
                        nchw: b.meta.as_ref().map(|m| m.nchw),
                        enn_type: b.meta.as_ref().map(|m| m.buffer_type),
                        dtype: b.meta.as_ref().and_then(|m| m.dtype()).map(|d| d.name().to_owned()),
                        transfer,
                        copy_reason,
                    }
                })
                .collect(),
            executions: io.executions,
            bytes_copied_per_execution: io.bytes_copied_last_execution,
            bytes_copied_total: io.bytes_copied_total,
        }
    }
}

/// The delegates' summaries and the backend's report, after the executions.
pub fn report(enn: &EnnBackend, args: &EnnArgs, arenas: &str) -> (Vec<DelegateSummary>, EnnReport) {
    let delegates: Vec<DelegateSummary> =
        enn.delegate_io().iter().map(DelegateSummary::of).collect();
    let report = EnnReport {
        library: enn.library_path().display().to_string(),
        io_policy: args.enn_io.as_str(),
        perf_mode_requested: args.enn_perf_mode.map(PerfMode::as_str),
        perf_mode_read_back: if delegates.is_empty() { None } else { enn.perf_mode_read_back() },
        arenas: arenas.to_owned(),
        bytes_copied_per_execution: delegates.iter().map(|d| d.bytes_copied_per_execution).sum(),
    };
    (delegates, report)
}

/// The lines `pterun run` prints about each delegate after method load.
pub fn describe_opens(enn: &EnnBackend) {
    for io in enn.delegate_io() {
        let open = &io.open;
        let alignment = match open.file_offset_page_aligned {
            Some(true) => " (page-aligned offset)",
            Some(false) => " (offset not page-aligned)",
            None => "",
        };
        let library = if open.library_copy {
            format!("{} by contract", open.blob_bytes)
        } else {
            "unknown (fd open)".to_owned()
        };
        let imported =
            io.buffers.iter().filter(|b| matches!(b.transfer, Transfer::Imported { .. })).count();
        eprintln!(
            "enn: delegate {} ({} bytes) opened by {}{alignment}{}; {} bytes copied by pterun; library copies: {library}; {imported} of {} buffer(s) imported in place",
            open.delegate_index,
            open.blob_bytes,
            open.path.as_str(),
            open.fallback_from.map(|f| format!(" after {} failed", f.as_str())).unwrap_or_default(),
            open.client_bytes_copied,
            io.buffers.len(),
        );
    }
}
