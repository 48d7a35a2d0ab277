//! Reading `.npy` files (NumPy's array format, versions 1 to 3) for `--input`.

use anyhow::{bail, ensure, Context};
use pterun::ScalarType;

/// An array read from a `.npy` file: element type, shape, little-endian bytes.
#[derive(Debug, PartialEq)]
pub struct NpyArray {
    /// Element type.
    pub dtype: ScalarType,
    /// Shape.
    pub sizes: Vec<usize>,
    /// Data, C order.
    pub data: Vec<u8>,
}

const MAGIC: &[u8] = b"\x93NUMPY";

/// Whether the bytes start with the `.npy` magic.
pub fn is_npy(bytes: &[u8]) -> bool {
    bytes.starts_with(MAGIC)
}

fn dtype_of(descr: &str) -> anyhow::Result<ScalarType> {
    Ok(match descr {
        "<f4" => ScalarType::Float,
        "<f8" => ScalarType::Double,
        "<f2" => ScalarType::Half,
        "<i8" => ScalarType::Long,
        "<i4" => ScalarType::Int,
        "<i2" => ScalarType::Short,
        "|i1" => ScalarType::Char,
        "|u1" => ScalarType::Byte,
        "|b1" => ScalarType::Bool,
        other => bail!("unsupported .npy dtype {other:?} (little-endian numeric and bool only)"),
    })
}

fn field<'h>(header: &'h str, key: &str) -> anyhow::Result<&'h str> {
    let at =
        header.find(&format!("'{key}'")).with_context(|| format!(".npy header lacks {key:?}"))?;
    let rest = &header[at + key.len() + 2..];
    let colon = rest.find(':').context("malformed .npy header")?;
    Ok(rest[colon + 1..].trim_start())
}

/// Parses a whole `.npy` file.
pub fn parse(bytes: &[u8]) -> anyhow::Result<NpyArray> {
    ensure!(is_npy(bytes), "not a .npy file");
    let major = *bytes.get(6).context("truncated .npy header")?;
    let (len_bytes, start) = match major {
        1 => (2, 10),
        2 | 3 => (4, 12),
        v => bail!("unsupported .npy version {v}"),
    };
    let raw_len = bytes.get(8..8 + len_bytes).context("truncated .npy header")?;
    let header_len = raw_len.iter().rev().fold(0usize, |acc, &b| acc * 256 + b as usize);
    let header_end = start + header_len;
    let header =
        std::str::from_utf8(bytes.get(start..header_end).context("truncated .npy header")?)
            .context(".npy header is not text")?;

    let descr = field(header, "descr")?;
    let descr = descr.trim_start_matches('\'');
    let descr = &descr[..descr.find('\'').context("malformed descr")?];
    let dtype = dtype_of(descr)?;
    ensure!(
        field(header, "fortran_order")?.starts_with("False"),
        "Fortran-ordered .npy arrays are not supported"
    );
    let shape = field(header, "shape")?;
    let shape_end = shape.find(')').context("malformed shape")?;
    let shape = shape
        .strip_prefix('(')
        .and_then(|s| s.get(..shape_end.saturating_sub(1)))
        .context("malformed shape")?;
    let sizes = shape
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| s.parse::<usize>().with_context(|| format!("bad dimension {s:?}")))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let data = bytes.get(header_end..).context("truncated .npy file")?.to_vec();
    let expected = sizes
        .iter()
        .try_fold(dtype.element_size(), |a, &d| a.checked_mul(d))
        .context("shape overflows")?;
    ensure!(
        data.len() == expected,
        ".npy data has {} bytes, shape {sizes:?} of {dtype} needs {expected}",
        data.len()
    );
    Ok(NpyArray { dtype, sizes, data })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn npy(descr: &str, shape: &str, data: &[u8]) -> Vec<u8> {
        let mut header =
            format!("{{'descr': '{descr}', 'fortran_order': False, 'shape': {shape}, }}");
        while (10 + header.len() + 1) % 64 != 0 {
            header.push(' ');
        }
        header.push('\n');
        let mut out = MAGIC.to_vec();
        out.extend_from_slice(&[1, 0]);
        out.extend_from_slice(&(header.len() as u16).to_le_bytes());
        out.extend_from_slice(header.as_bytes());
        out.extend_from_slice(data);
        out
    }

    #[test]
    fn reads_float_and_int_arrays() {
        let data: Vec<u8> = [1.0f32, 2.0, 3.0, 4.0].iter().flat_map(|v| v.to_le_bytes()).collect();
        let array = parse(&npy("<f4", "(2, 2)", &data)).expect("valid");
        assert_eq!(array, NpyArray { dtype: ScalarType::Float, sizes: vec![2, 2], data });
        let array = parse(&npy("<i8", "(3,)", &[0; 24])).expect("valid");
        assert_eq!((array.dtype, array.sizes), (ScalarType::Long, vec![3]));
        let scalar = parse(&npy("<f4", "()", &[0; 4])).expect("valid");
        assert!(scalar.sizes.is_empty());
    }

    #[test]
    fn rejects_wrong_sizes_and_types() {
        assert!(parse(&npy("<f4", "(2, 2)", &[0; 12])).is_err());
        assert!(parse(&npy(">f4", "(1,)", &[0; 4])).is_err());
        assert!(parse(b"\x93NUMPY").is_err());
        assert!(parse(b"plain bytes").is_err());
    }
}
