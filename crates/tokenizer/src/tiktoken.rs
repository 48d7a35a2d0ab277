//! tiktoken BPE files: one `base64(token-bytes) rank` line per token, as Llama 3 ships its
//! `tokenizer.model`. The special tokens and pre-tokenizer pattern are Llama 3's, which is
//! what ExecuTorch's LLM runner assumes for this format.

use std::collections::HashSet;

use base64::Engine as _;
use rustc_hash::FxHashMap;

use crate::error::{Error, Result};

/// Llama 3's pre-tokenizer pattern (the cl100k pattern).
const PATTERN: &str = r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";

/// Llama 3's named special tokens; reserved ones fill the block up to 256.
const NAMED_SPECIALS: [&str; 12] = [
    "<|begin_of_text|>",
    "<|end_of_text|>",
    "<|reserved_special_token_0|>",
    "<|reserved_special_token_1|>",
    "<|finetune_right_pad_id|>",
    "<|step_id|>",
    "<|start_header_id|>",
    "<|end_header_id|>",
    "<|eom_id|>",
    "<|eot_id|>",
    "<|python_tag|>",
    "<|image|>",
];
const SPECIAL_COUNT: usize = 256;

/// A parsed tiktoken file.
pub(crate) struct Tiktoken {
    bpe: tiktoken_rs::CoreBPE,
    specials: FxHashMap<String, u32>,
    allowed: HashSet<String>,
    base: usize,
}

/// Whether `head` starts like a tiktoken file: a base64 word, a space, a number.
pub(crate) fn looks_like(head: &[u8]) -> bool {
    let line = head.split(|&b| b == b'\n').next().unwrap_or_default();
    let text = std::str::from_utf8(line).unwrap_or_default().trim_end_matches('\r');
    matches!(text.split_once(' '), Some((token, rank))
        if !token.is_empty()
            && base64::engine::general_purpose::STANDARD.decode(token).is_ok()
            && rank.parse::<u32>().is_ok())
}

impl Tiktoken {
    pub(crate) fn parse(bytes: &[u8]) -> Result<Tiktoken> {
        let bad = |line: usize, detail: &str| Error::Parse {
            format: "tiktoken",
            detail: format!("line {}: {detail}", line + 1),
        };
        let text = std::str::from_utf8(bytes).map_err(|_| bad(0, "not UTF-8"))?;
        let mut encoder: FxHashMap<Vec<u8>, u32> = FxHashMap::default();
        let mut max_rank = 0u32;
        for (n, line) in text.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if line.is_empty() {
                continue;
            }
            let (token, rank) = line.split_once(' ').ok_or_else(|| bad(n, "no space"))?;
            let token = base64::engine::general_purpose::STANDARD
                .decode(token)
                .map_err(|_| bad(n, "token is not base64"))?;
            let rank: u32 = rank.trim().parse().map_err(|_| bad(n, "rank is not a number"))?;
            if encoder.insert(token, rank).is_some() {
                return Err(bad(n, "token listed twice"));
            }
            max_rank = max_rank.max(rank);
        }
        if encoder.is_empty() {
            return Err(bad(0, "no tokens"));
        }
        let base = encoder.len();
        if max_rank as usize >= base {
            return Err(Error::Parse {
                format: "tiktoken",
                detail: format!("rank {max_rank} with only {base} tokens (ranks must be dense)"),
            });
        }
        let names = NAMED_SPECIALS.iter().map(|s| s.to_string()).chain(
            (0..SPECIAL_COUNT - NAMED_SPECIALS.len())
                .map(|i| format!("<|reserved_special_token_{}|>", i + 2)),
        );
        let specials: FxHashMap<String, u32> = names
            .enumerate()
            .map(|(i, name)| u32::try_from(base + i).map(|id| (name, id)))
            .collect::<std::result::Result<_, _>>()
            .map_err(|_| bad(0, "too many tokens"))?;
        let allowed = specials.keys().cloned().collect();
        let bpe = tiktoken_rs::CoreBPE::new(encoder, specials.clone(), PATTERN)
            .map_err(|e| Error::Parse { format: "tiktoken", detail: e.to_string() })?;
        Ok(Tiktoken { bpe, specials, allowed, base })
    }

    pub(crate) fn encode(&self, text: &str) -> Result<Vec<u32>> {
        let allowed: HashSet<&str> = self.allowed.iter().map(String::as_str).collect();
        self.bpe
            .encode(text, &allowed)
            .map(|(ids, _)| ids)
            .map_err(|e| Error::Encode(e.to_string()))
    }

    pub(crate) fn decode_bytes(&self, ids: &[u32]) -> Result<Vec<u8>> {
        self.bpe.decode_bytes(ids).map_err(|e| Error::Decode(e.to_string()))
    }

    pub(crate) fn token_id(&self, token: &str) -> Option<u32> {
        self.specials.get(token).copied().or_else(|| match self.encode(token) {
            Ok(ids) if ids.len() == 1 => ids.first().copied(),
            _ => None,
        })
    }

    pub(crate) fn vocab_size(&self) -> usize {
        self.base + self.specials.len()
    }
}
