//! Tokenizers for text generation, chosen from the file's content:
//! - Hugging Face `tokenizer.json` (the `tokenizers` crate, Hugging Face's own code);
//! - tiktoken BPE files (`base64-token rank` lines, as Llama 3 ships `tokenizer.model`), with
//!   the Llama 3 pre-tokenizer pattern and special tokens, as ExecuTorch's runner reads them;
//! - SentencePiece models (a `ModelProto`, as Llama 2 ships `tokenizer.model`);
//! - llama2.c `tokenizer.bin` files (ExecuTorch's Llama 2 runner reads them too).
//!
//! ```
//! # fn main() -> Result<(), pterun_tokenizer::Error> {
//! let json = br#"{"version":"1.0","model":{"type":"WordLevel","vocab":{"hi":0,"<unk>":1},"unk_token":"<unk>"},
//!   "pre_tokenizer":{"type":"Whitespace"}}"#;
//! let tokenizer = pterun_tokenizer::Tokenizer::from_bytes(json)?;
//! assert_eq!(tokenizer.encode("hi")?, [0]);
//! # Ok(()) }
//! ```

use std::path::Path;

mod error;
mod llama2c;
mod sentencepiece;
mod tiktoken;

pub use error::{Error, Result};

/// Which kind of file a tokenizer came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// A Hugging Face `tokenizer.json`.
    HuggingFace,
    /// A tiktoken BPE file.
    Tiktoken,
    /// A SentencePiece model.
    SentencePiece,
    /// A llama2.c `tokenizer.bin`.
    Llama2c,
}

impl Format {
    /// The format's name as the CLI prints it.
    pub fn name(self) -> &'static str {
        match self {
            Format::HuggingFace => "huggingface",
            Format::Tiktoken => "tiktoken",
            Format::SentencePiece => "sentencepiece",
            Format::Llama2c => "llama2c",
        }
    }
}

enum Engine {
    HuggingFace(Box<tokenizers::Tokenizer>),
    Tiktoken(Box<tiktoken::Tiktoken>),
    /// Kitoken keeps no vocabulary count; it is taken once from the model.
    SentencePiece(Box<kitoken::Kitoken>, Box<sentencepiece::Pieces>),
    Llama2c(Box<llama2c::Llama2c>),
}

/// A tokenizer: text to token ids and back.
pub struct Tokenizer {
    engine: Engine,
}

impl std::fmt::Debug for Tokenizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tokenizer").field("format", &self.format().name()).finish()
    }
}

impl Tokenizer {
    /// Reads the tokenizer file at `path`.
    pub fn from_file(path: impl AsRef<Path>) -> Result<Tokenizer> {
        let path = path.as_ref();
        let bytes = std::fs::read(path)
            .map_err(|source| Error::Read { path: path.display().to_string(), source })?;
        Tokenizer::from_bytes(&bytes)
    }

    /// Parses a tokenizer file's content, whose format is recognised from the bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<Tokenizer> {
        let engine = match detect(bytes)? {
            Format::HuggingFace => Engine::HuggingFace(Box::new(
                tokenizers::Tokenizer::from_bytes(bytes)
                    .map_err(|e| Error::Parse { format: "huggingface", detail: e.to_string() })?,
            )),
            Format::Tiktoken => Engine::Tiktoken(Box::new(tiktoken::Tiktoken::parse(bytes)?)),
            Format::SentencePiece => {
                let parse = |e: &dyn std::fmt::Display| Error::Parse {
                    format: "sentencepiece",
                    detail: e.to_string(),
                };
                let definition =
                    kitoken::Definition::from_sentencepiece_slice(bytes).map_err(|e| parse(&e))?;
                // Kitoken encodes; it drops pieces (byte pieces whose byte is also a plain
                // piece), so ids are decoded from the model's own piece table.
                let pieces = sentencepiece::Pieces::parse(bytes)?;
                let tokenizer =
                    kitoken::Kitoken::from_definition(definition).map_err(|e| parse(&e))?;
                Engine::SentencePiece(Box::new(tokenizer), Box::new(pieces))
            }
            Format::Llama2c => Engine::Llama2c(Box::new(llama2c::Llama2c::parse(bytes)?)),
        };
        Ok(Tokenizer { engine })
    }

    /// The file format.
    pub fn format(&self) -> Format {
        match self.engine {
            Engine::HuggingFace(_) => Format::HuggingFace,
            Engine::Tiktoken(_) => Format::Tiktoken,
            Engine::SentencePiece(..) => Format::SentencePiece,
            Engine::Llama2c(_) => Format::Llama2c,
        }
    }

    /// Token ids of `text`, without adding BOS/EOS (the generator adds what the program's
    /// metadata asks for). Special-token text (`<|eot_id|>`) maps to its id.
    pub fn encode(&self, text: &str) -> Result<Vec<u64>> {
        let ids: Vec<u32> = match &self.engine {
            Engine::HuggingFace(t) => {
                t.encode(text, false).map_err(|e| Error::Encode(e.to_string()))?.get_ids().to_vec()
            }
            Engine::Tiktoken(t) => t.encode(text)?,
            // SentencePiece reads control symbols (`<s>`) in text as plain text, and with its
            // default normaliser, text of spaces alone as nothing.
            Engine::SentencePiece(_, _) if text.bytes().all(|b| b == b' ') => Vec::new(),
            Engine::SentencePiece(t, _) => {
                t.encode(text, false).map_err(|e| Error::Encode(e.to_string()))?
            }
            Engine::Llama2c(t) => t.encode(text),
        };
        Ok(ids.into_iter().map(u64::from).collect())
    }

    /// The text of `ids`. Bytes that do not form UTF-8 yet (a character split across
    /// tokens) come out as U+FFFD; [`TextStream`] waits for the rest instead.
    pub fn decode(&self, ids: &[u64]) -> Result<String> {
        let ids = ids
            .iter()
            .map(|&id| u32::try_from(id).map_err(|_| Error::UnknownToken(id)))
            .collect::<Result<Vec<u32>>>()?;
        match &self.engine {
            Engine::HuggingFace(t) => {
                // The library skips ids it does not know; here they are an error, as in the
                // other formats. A lookup per id: `get_vocab_size` builds the whole
                // vocabulary map on every call (4% of a 110M model's decoding).
                if let Some(&id) = ids.iter().find(|&&id| t.id_to_token(id).is_none()) {
                    return Err(Error::UnknownToken(u64::from(id)));
                }
                t.decode(&ids, false).map_err(|e| Error::Decode(e.to_string()))
            }
            Engine::Tiktoken(t) => Ok(String::from_utf8_lossy(&t.decode_bytes(&ids)?).into_owned()),
            Engine::SentencePiece(_, pieces) => {
                Ok(String::from_utf8_lossy(&pieces.decode(&ids)?).into_owned())
            }
            Engine::Llama2c(t) => Ok(String::from_utf8_lossy(&t.decode_bytes(&ids)?).into_owned()),
        }
    }

    /// The id of a token written out (`<|eot_id|>`, `</s>`), if the vocabulary has it.
    pub fn token_id(&self, token: &str) -> Option<u64> {
        match &self.engine {
            Engine::HuggingFace(t) => t.token_to_id(token),
            Engine::Tiktoken(t) => t.token_id(token),
            Engine::SentencePiece(_, pieces) => pieces.id(token),
            Engine::Llama2c(t) => t.token_id(token),
        }
        .map(u64::from)
    }

    /// Number of ids, special tokens included.
    pub fn vocab_size(&self) -> usize {
        match &self.engine {
            Engine::HuggingFace(t) => t.get_vocab_size(true),
            Engine::Tiktoken(t) => t.vocab_size(),
            Engine::SentencePiece(_, pieces) => pieces.len(),
            Engine::Llama2c(t) => t.vocab_size(),
        }
    }
}

/// Recognises a tokenizer file from its first bytes.
pub fn detect(bytes: &[u8]) -> Result<Format> {
    let start = bytes.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(bytes.len());
    let head = &bytes[start..bytes.len().min(start + 4096)];
    if head.first() == Some(&b'{') {
        return Ok(Format::HuggingFace);
    }
    if tiktoken::looks_like(head) {
        return Ok(Format::Tiktoken);
    }
    // A SentencePiece ModelProto begins with its first `pieces` entry: field 1,
    // length-delimited (tag 0x0a).
    if bytes.first() == Some(&0x0a) {
        return Ok(Format::SentencePiece);
    }
    if llama2c::looks_like(bytes) {
        return Ok(Format::Llama2c);
    }
    Err(Error::UnknownFormat)
}

/// Turns generated ids into text pieces as they arrive, holding back a character whose
/// bytes are split across tokens until it is complete.
///
/// Each step decodes only a short window: the ids from the start of the previous piece
/// (`prefix`, context for tokenizers whose decoding depends on the token before, such as
/// SentencePiece's leading space) to the end, so a long generation costs linear time.
#[derive(Debug, Default)]
pub struct TextStream {
    ids: Vec<u64>,
    /// Where the window starts.
    prefix: usize,
    /// The ids before this have been emitted.
    read: usize,
}

impl TextStream {
    /// A stream with nothing generated yet.
    pub fn new() -> TextStream {
        TextStream::default()
    }

    /// Adds `id`; returns the text it completes (possibly empty).
    pub fn push(&mut self, tokenizer: &Tokenizer, id: u64) -> Result<String> {
        self.ids.push(id);
        let before = tokenizer.decode(&self.ids[self.prefix..self.read])?;
        let now = tokenizer.decode(&self.ids[self.prefix..])?;
        if now.ends_with('\u{FFFD}')
            || now.len() <= before.len()
            || !now.is_char_boundary(before.len())
        {
            return Ok(String::new());
        }
        let new = now[before.len()..].to_owned();
        self.prefix = self.read;
        self.read = self.ids.len();
        Ok(new)
    }

    /// Everything generated so far, decoded.
    pub fn text(&self, tokenizer: &Tokenizer) -> Result<String> {
        tokenizer.decode(&self.ids)
    }
}
