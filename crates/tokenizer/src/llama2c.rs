//! llama2.c `tokenizer.bin`: `max_token_length: i32`, then per token `score: f32`,
//! `len: i32` and `len` bytes, to the end of the file (all little-endian). Encoding is
//! llama2.c's: one token per UTF-8 character (bytes as `<0xNN>` tokens 3 + byte when the
//! character is missing), then the adjacent pair whose merge scores best, repeatedly; text
//! gets a leading space, as SentencePiece's dummy prefix.

use std::collections::HashMap;

use crate::error::{Error, Result};

pub(crate) struct Llama2c {
    tokens: Vec<Vec<u8>>,
    scores: Vec<f32>,
    ids: HashMap<Vec<u8>, u32>,
}

/// Whether `bytes` start like a tokenizer.bin: a plausible maximum token length, then a
/// finite score and a length within it.
pub(crate) fn looks_like(bytes: &[u8]) -> bool {
    let word = |at: usize| bytes.get(at..at + 4).and_then(|b| <[u8; 4]>::try_from(b).ok());
    match (word(0), word(4), word(8)) {
        (Some(max), Some(score), Some(len)) => {
            let (max, len) = (i32::from_le_bytes(max), i32::from_le_bytes(len));
            (1..=4096).contains(&max)
                && f32::from_le_bytes(score).is_finite()
                && (0..=max).contains(&len)
        }
        _ => false,
    }
}

impl Llama2c {
    pub(crate) fn parse(bytes: &[u8]) -> Result<Llama2c> {
        let bad = |detail: String| Error::Parse { format: "llama2c", detail };
        let mut at = 4usize;
        let max = bytes
            .get(..4)
            .and_then(|b| <[u8; 4]>::try_from(b).ok())
            .map(i32::from_le_bytes)
            .ok_or_else(|| bad("shorter than its header".into()))?;
        let (mut tokens, mut scores, mut ids) = (Vec::new(), Vec::new(), HashMap::new());
        while at < bytes.len() {
            let field = |at: usize| {
                bytes
                    .get(at..at + 4)
                    .and_then(|b| <[u8; 4]>::try_from(b).ok())
                    .ok_or_else(|| bad(format!("token {} is cut short at byte {at}", tokens.len())))
            };
            let score = f32::from_le_bytes(field(at)?);
            let len = i32::from_le_bytes(field(at + 4)?);
            let len =
                usize::try_from(len).ok().filter(|&l| l as i64 <= max as i64).ok_or_else(|| {
                    bad(format!("token {} has length {len} (max {max})", tokens.len()))
                })?;
            let token = bytes
                .get(at + 8..at + 8 + len)
                .ok_or_else(|| bad(format!("token {} runs past the end", tokens.len())))?
                .to_vec();
            let id = u32::try_from(tokens.len()).map_err(|_| bad("too many tokens".into()))?;
            ids.entry(token.clone()).or_insert(id);
            tokens.push(token);
            scores.push(score);
            at += 8 + len;
        }
        if tokens.is_empty() {
            return Err(bad("no tokens".into()));
        }
        Ok(Llama2c { tokens, scores, ids })
    }

    pub(crate) fn encode(&self, text: &str) -> Vec<u32> {
        if text.is_empty() {
            return Vec::new();
        }
        let mut ids: Vec<u32> = Vec::new();
        let prefixed = format!(" {text}");
        for c in prefixed.chars() {
            let mut buf = [0u8; 4];
            let bytes = c.encode_utf8(&mut buf).as_bytes();
            match self.ids.get(bytes) {
                Some(&id) => ids.push(id),
                // Byte fallback: ids 3.. are <0x00>..<0xFF> in Llama 2's vocabulary.
                None => ids.extend(bytes.iter().map(|&b| u32::from(b) + 3)),
            }
        }
        loop {
            let mut best: Option<(f32, usize, u32)> = None;
            for i in 0..ids.len().saturating_sub(1) {
                let (a, b) = (ids[i] as usize, ids[i + 1] as usize);
                let (Some(x), Some(y)) = (self.tokens.get(a), self.tokens.get(b)) else { continue };
                let merged = [x.as_slice(), y.as_slice()].concat();
                if let Some(&id) = self.ids.get(&merged) {
                    let score = self.scores[id as usize];
                    if best.is_none_or(|(s, _, _)| score > s) {
                        best = Some((score, i, id));
                    }
                }
            }
            let Some((_, i, id)) = best else { break };
            ids[i] = id;
            ids.remove(i + 1);
        }
        ids
    }

    pub(crate) fn decode_bytes(&self, ids: &[u32]) -> Result<Vec<u8>> {
        let mut out = Vec::new();
        for &id in ids {
            let token = self.tokens.get(id as usize).ok_or(Error::UnknownToken(id.into()))?;
            match parse_byte_token(token) {
                Some(b) => out.push(b),
                None => out.extend_from_slice(token),
            }
        }
        Ok(out)
    }

    pub(crate) fn token_id(&self, token: &str) -> Option<u32> {
        self.ids.get(token.as_bytes()).copied()
    }

    pub(crate) fn vocab_size(&self) -> usize {
        self.tokens.len()
    }
}

/// `<0xNN>` byte tokens.
fn parse_byte_token(token: &[u8]) -> Option<u8> {
    let hex = token.strip_prefix(b"<0x")?.strip_suffix(b">")?;
    u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()
}
