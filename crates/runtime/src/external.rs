//! External data (`.ptd` files): named tensors a program refers to by key.

use std::sync::Arc;

use pterun_format::{DataFile, Tensor as TensorView};
use pterun_memory::{DataLoader, Segment, SegmentInfo};

use crate::error::{Error, Result};

type VerifiedData<'a> = DataFile<'a>;

self_cell::self_cell!(
    struct DataCell {
        owner: Segment,
        #[covariant]
        dependent: VerifiedData,
    }
);

/// A verified `.ptd` file, loaded whole through a data loader (a mapping by default).
pub struct ExternalData {
    cell: DataCell,
}

impl std::fmt::Debug for ExternalData {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ExternalData")
            .field("tensors", &self.cell.borrow_dependent().tensors().len())
            .finish()
    }
}

impl ExternalData {
    /// Loads and verifies a `.ptd` file.
    pub fn load(loader: Arc<dyn DataLoader>) -> Result<ExternalData> {
        let size = loader.size() as usize;
        let segment = loader.load(0, size, &SegmentInfo::external())?;
        let cell = DataCell::try_new(segment, |s| DataFile::parse(s.as_bytes()))
            .map_err(Error::DataFormat)?;
        Ok(ExternalData { cell })
    }

    /// The verified file.
    pub fn file(&self) -> &DataFile<'_> {
        self.cell.borrow_dependent()
    }

    /// The bytes of `key`, after checking its layout against the program's tensor.
    pub(crate) fn tensor(&self, key: &str, expected: &TensorView<'_>) -> Result<Segment> {
        let entry = self.file().get(key).ok_or_else(|| Error::ExternalData {
            key: key.to_string(),
            reason: "no such key in the external data file".to_string(),
        })?;
        if let Some(layout) = &entry.layout {
            let sizes = expected.sizes.to_vec();
            if layout.scalar_type != expected.scalar_type
                || layout.sizes != sizes
                || layout.dim_order != expected.dim_order
            {
                return Err(Error::ExternalData {
                    key: key.to_string(),
                    reason: format!(
                        "file has {}{:?} (dim order {:?}), program expects {}{:?} (dim order {:?})",
                        layout.scalar_type,
                        layout.sizes,
                        layout.dim_order,
                        expected.scalar_type,
                        sizes,
                        expected.dim_order
                    ),
                });
            }
        }
        if entry.range.len < expected.nbytes {
            return Err(Error::ExternalData {
                key: key.to_string(),
                reason: format!("{} bytes stored, {} needed", entry.range.len, expected.nbytes),
            });
        }
        let start = entry.range.offset as usize;
        Ok(self.cell.borrow_owner().slice(start..start + expected.nbytes as usize)?)
    }
}
