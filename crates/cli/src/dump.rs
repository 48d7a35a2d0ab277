//! `pterun run --dump-values DIR`: every executed step's results as raw files plus an
//! index, for `tools/zoo/first_difference.py` to compare with the official runtime's intermediate
//! values (its ETDump debug buffer) and name the first operator that differs.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use pterun::internal::runtime::StepValues;
use serde::Serialize;

/// One dumped tensor.
#[derive(Serialize)]
struct Entry {
    chain: usize,
    instruction: usize,
    op: String,
    value: usize,
    dtype: String,
    sizes: Vec<usize>,
    file: String,
}

/// Collects the dumped values of one execution.
pub struct ValueDump {
    dir: PathBuf,
    entries: Vec<Entry>,
    error: Option<anyhow::Error>,
}

impl ValueDump {
    /// A dump into `dir` (created if absent).
    pub fn create(dir: &Path) -> Result<ValueDump> {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        Ok(ValueDump { dir: dir.to_path_buf(), entries: Vec::new(), error: None })
    }

    /// Writes the results of one step (the first write error is kept for [`finish`]).
    ///
    /// [`finish`]: ValueDump::finish
    pub fn record(&mut self, step: &StepValues<'_>) {
        if self.error.is_some() {
            return;
        }
        for (value, tensor) in &step.tensors {
            let file = format!("c{}_i{:05}_v{value}.bin", step.chain, step.instruction);
            if let Err(e) = std::fs::write(self.dir.join(&file), tensor.data) {
                self.error = Some(anyhow::Error::new(e).context(format!("cannot write {file}")));
                return;
            }
            self.entries.push(Entry {
                chain: step.chain,
                instruction: step.instruction,
                op: step.name.clone(),
                value: *value,
                dtype: tensor.dtype.name().to_string(),
                sizes: tensor.sizes.to_vec(),
                file,
            });
        }
    }

    /// Writes `index.json`; reports the first error met.
    pub fn finish(self) -> Result<usize> {
        if let Some(e) = self.error {
            return Err(e);
        }
        let path = self.dir.join("index.json");
        std::fs::write(&path, serde_json::to_string_pretty(&self.entries)?)
            .with_context(|| format!("cannot write {}", path.display()))?;
        Ok(self.entries.len())
    }
}
