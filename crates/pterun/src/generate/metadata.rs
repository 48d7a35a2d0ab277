//! The constant methods the LLM export adds to a program (`get_max_seq_len`, `get_bos_id`,
//! `get_eos_ids`, `use_kv_cache`, `enable_dynamic_shape`, ...), read once.

use crate::{Error, Module, Output, Result};

/// What a text-generation program says about itself.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct LlmMetadata {
    /// Longest sequence one `forward` call accepts (`get_max_seq_len`).
    pub max_seq_len: usize,
    /// Positions the KV cache holds (`get_max_context_len`, else `max_seq_len`).
    pub max_context_len: usize,
    /// The BOS id (`get_bos_id`), if declared.
    pub bos_id: Option<u64>,
    /// Ids that end generation (`get_eos_ids`, else `get_eos_id`).
    pub eos_ids: Vec<u64>,
    /// Vocabulary size (`get_vocab_size`), if declared.
    pub vocab_size: Option<u64>,
    /// Whether `forward` takes positions and keeps a KV cache (`use_kv_cache`, else
    /// whether it has a second input).
    pub use_kv_cache: bool,
    /// Whether `forward` accepts several tokens at once (`enable_dynamic_shape`).
    pub enable_dynamic_shape: bool,
}

/// Default maximum sequence length of ExecuTorch's runner when a program declares none.
const DEFAULT_MAX_SEQ_LEN: usize = 128;

impl LlmMetadata {
    /// Reads the metadata methods `module` has; the `forward` method's inputs fill in what
    /// is not declared.
    pub fn read(module: &mut Module) -> Result<LlmMetadata> {
        let names: Vec<String> = module.method_names().iter().map(|s| s.to_string()).collect();
        let has = |name: &str| names.iter().any(|n| n == name);
        let mut ints = |name: &str| -> Result<Option<Vec<i64>>> {
            if !has(name) {
                return Ok(None);
            }
            let outputs = module.execute(name, &[])?;
            outputs
                .iter()
                .map(|o| match o {
                    Output::Int(v) => Ok(*v),
                    Output::Bool(b) => Ok(i64::from(*b)),
                    other => Err(Error::NotAnLlm {
                        detail: format!("metadata method {name} returns a {}", other.kind()),
                    }),
                })
                .collect::<Result<Vec<i64>>>()
                .map(Some)
        };
        let one = |name: &'static str, v: Option<Vec<i64>>| -> Result<Option<i64>> {
            match v.as_deref() {
                None => Ok(None),
                Some([x]) => Ok(Some(*x)),
                Some(other) => Err(Error::NotAnLlm {
                    detail: format!("metadata method {name} returns {} values", other.len()),
                }),
            }
        };
        let size = |name: &'static str, v: Option<i64>| -> Result<Option<usize>> {
            v.map(|x| {
                usize::try_from(x).ok().filter(|&n| n > 0).ok_or_else(|| Error::NotAnLlm {
                    detail: format!("metadata method {name} returns {x}"),
                })
            })
            .transpose()
        };
        let id = |name: &'static str, x: i64| -> Result<u64> {
            u64::try_from(x)
                .map_err(|_| Error::NotAnLlm { detail: format!("{name} returns the id {x}") })
        };
        let max_seq_len =
            size("get_max_seq_len", one("get_max_seq_len", ints("get_max_seq_len")?)?)?
                .unwrap_or(DEFAULT_MAX_SEQ_LEN);
        let max_context_len =
            size("get_max_context_len", one("get_max_context_len", ints("get_max_context_len")?)?)?
                .unwrap_or(max_seq_len);
        let bos_id =
            one("get_bos_id", ints("get_bos_id")?)?.map(|x| id("get_bos_id", x)).transpose()?;
        let eos = match ints("get_eos_ids")? {
            Some(v) => v,
            None => ints("get_eos_id")?.unwrap_or_default(),
        };
        let eos_ids = eos.into_iter().map(|x| id("get_eos_ids", x)).collect::<Result<_>>()?;
        let vocab_size = one("get_vocab_size", ints("get_vocab_size")?)?
            .map(|x| id("get_vocab_size", x))
            .transpose()?;
        let flag = |v: Option<i64>| v.map(|x| x != 0);
        let use_kv_cache = flag(one("use_kv_cache", ints("use_kv_cache")?)?);
        let enable_dynamic_shape =
            flag(one("enable_dynamic_shape", ints("enable_dynamic_shape")?)?).unwrap_or(false);
        if !has("forward") {
            return Err(Error::NotAnLlm { detail: "the program has no forward method".into() });
        }
        let forward_inputs = module.method_meta("forward")?.inputs.len();
        Ok(LlmMetadata {
            max_seq_len,
            max_context_len,
            bos_id,
            eos_ids,
            vocab_size,
            use_kv_cache: use_kv_cache.unwrap_or(forward_inputs > 1),
            enable_dynamic_shape,
        })
    }
}
