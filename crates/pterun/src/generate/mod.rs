//! Text generation over programs from ExecuTorch's LLM export: prefill the prompt, decode
//! with the KV cache, stream text. The conventions are the official runner's: `forward`
//! takes tokens `[1, n]` (int64) and, with a KV cache, the start position `[1]` or the
//! cache positions `[n]`; it returns logits `[1, vocab]` or `[1, n, vocab]`, of which the
//! last row chooses the next token.
//!
//! ```no_run
//! use pterun::prelude::*;
//! let module = Module::from_path("llama.pte")?;
//! let tokenizer = Tokenizer::from_file("tokenizer.json")?;
//! let mut generator = Generator::new(module, tokenizer)?;
//! let config = GenerationConfig { temperature: 0.0, max_new_tokens: Some(32), ..Default::default() };
//! generator.generate("Once upon a time", &config, &mut |text| print!("{text}"))?;
//! # Ok::<(), pterun::Error>(())
//! ```

use std::ops::ControlFlow;
use std::time::{Duration, Instant};

use pterun_tokenizer::{TextStream, Tokenizer};

use crate::{Error, IoMeta, Module, Result, ScalarType, Tensor};

mod chat;
mod metadata;
mod sampler;

pub use chat::{ChatMessage, ChatTemplate};
pub use metadata::LlmMetadata;
use sampler::Sampler;

/// How to generate.
#[derive(Clone, Debug)]
pub struct GenerationConfig {
    /// Tokens to generate after the prompt; `None`: until the context is full.
    pub max_new_tokens: Option<usize>,
    /// Total tokens (prompt and generated) not to exceed, as the runner's `--seq_len`.
    pub seq_len: Option<usize>,
    /// 0 is greedy (deterministic).
    pub temperature: f32,
    /// Nucleus sampling: the smallest set of tokens whose probability reaches this (1 = off).
    pub top_p: f32,
    /// Only the k likeliest tokens (`None` = off).
    pub top_k: Option<usize>,
    /// Seed of the sampler.
    pub seed: u64,
    /// Text that ends generation when it appears in the output.
    pub stop: Vec<String>,
    /// BOS tokens put before the prompt.
    pub num_bos: usize,
    /// EOS tokens put after the prompt.
    pub num_eos: usize,
    /// Keep generating past an EOS token.
    pub ignore_eos: bool,
}

impl Default for GenerationConfig {
    fn default() -> GenerationConfig {
        GenerationConfig {
            max_new_tokens: None,
            seq_len: None,
            temperature: 0.8,
            top_p: 1.0,
            top_k: None,
            seed: 0,
            stop: Vec::new(),
            num_bos: 0,
            num_eos: 0,
            ignore_eos: false,
        }
    }
}

/// Why generation ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StopReason {
    /// An EOS token was generated.
    Eos,
    /// `max_new_tokens` were generated.
    MaxNewTokens,
    /// A stop string appeared.
    StopString,
    /// The context (or `seq_len`) is full.
    ContextFull,
    /// The token callback asked to stop.
    Callback,
}

impl StopReason {
    /// The reason's name in reports.
    pub fn name(self) -> &'static str {
        match self {
            StopReason::Eos => "eos",
            StopReason::MaxNewTokens => "max_new_tokens",
            StopReason::StopString => "stop_string",
            StopReason::ContextFull => "context_full",
            StopReason::Callback => "callback",
        }
    }
}

/// What one generation did, with the runner's timings.
#[derive(Clone, Debug)]
pub struct GenerationStats {
    /// The prompt's ids, BOS/EOS included.
    pub prompt_tokens: Vec<u64>,
    /// Generated ids, the first from the prefill.
    pub generated_tokens: Vec<u64>,
    /// Prompt prefill (the calls that read the prompt), which also yields the first token.
    pub prefill: Duration,
    /// From the start of the prefill to the first generated token.
    pub time_to_first_token: Duration,
    /// Decoding the remaining tokens.
    pub decode: Duration,
    /// `forward` calls in the prefill.
    pub prefill_calls: usize,
    /// Why it stopped.
    pub stop_reason: StopReason,
}

impl GenerationStats {
    /// Prompt tokens per second of prefill.
    pub fn prefill_tokens_per_second(&self) -> f64 {
        per_second(self.prompt_tokens.len(), self.prefill)
    }

    /// Generated tokens (after the first) per second of decoding.
    pub fn decode_tokens_per_second(&self) -> f64 {
        per_second(self.generated_tokens.len().saturating_sub(1), self.decode)
    }
}

fn per_second(n: usize, time: Duration) -> f64 {
    if time.is_zero() {
        0.0
    } else {
        n as f64 / time.as_secs_f64()
    }
}

/// How `forward` takes positions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Positions {
    /// No KV cache: the whole sequence every call.
    None,
    /// The start position, one element.
    Start,
    /// One position per token.
    PerToken,
}

/// A program, its tokenizer and what its metadata says: generates text.
#[derive(Debug)]
pub struct Generator {
    decoder: Decoder,
    tokenizer: Tokenizer,
}

/// The program side: runs `forward` over tokens and samples.
#[derive(Debug)]
struct Decoder {
    module: Module,
    metadata: LlmMetadata,
    positions: Positions,
    /// Most tokens one call takes.
    chunk: usize,
    method: String,
}

impl Generator {
    /// Reads `module`'s metadata and checks that its `forward` looks like the LLM
    /// export's.
    pub fn new(module: Module, tokenizer: Tokenizer) -> Result<Generator> {
        Generator::with_method(module, tokenizer, "forward")
    }

    /// As [`Generator::new`], running `method` instead of `forward`.
    pub fn with_method(
        mut module: Module,
        tokenizer: Tokenizer,
        method: &str,
    ) -> Result<Generator> {
        let metadata = LlmMetadata::read(&mut module)?;
        // Models often pad their vocabulary past the tokenizer's; the reverse means ids the
        // embedding cannot look up.
        if let Some(model) = metadata.vocab_size {
            let tokenizer_size = tokenizer.vocab_size();
            if tokenizer_size as u64 > model {
                return Err(Error::VocabularyMismatch { tokenizer: tokenizer_size, model });
            }
        }
        let meta = module.method_meta(method)?;
        let tensor = |i: usize| match meta.inputs.get(i) {
            Some(IoMeta::Tensor(t)) => Some(t.clone()),
            _ => None,
        };
        let tokens = tensor(0)
            .ok_or_else(|| Error::NotAnLlm { detail: format!("{method} has no token input") })?;
        if tokens.dtype != ScalarType::Long || tokens.sizes.len() != 2 || tokens.sizes[0] != 1 {
            return Err(Error::NotAnLlm {
                detail: format!(
                    "{method}'s first input is {} {:?}, not int64 tokens [1, n]",
                    tokens.dtype, tokens.sizes
                ),
            });
        }
        let positions = match (metadata.use_kv_cache, tensor(1)) {
            (false, _) => Positions::None,
            (true, Some(p)) if p.dtype == ScalarType::Long && p.sizes.len() == 1 => {
                if p.sizes[0] > 1 {
                    Positions::PerToken
                } else {
                    Positions::Start
                }
            }
            (true, other) => {
                return Err(Error::NotAnLlm {
                    detail: format!(
                    "{method} keeps a KV cache but its second input is {:?}, not int64 positions",
                    other.map(|t| (t.dtype, t.sizes))
                ),
                })
            }
        };
        // A dynamic token input takes up to its upper bound at once; a static one exactly
        // its size (1 for token-by-token programs).
        let chunk = if metadata.enable_dynamic_shape || positions == Positions::None {
            tokens.sizes[1].clamp(1, metadata.max_seq_len)
        } else {
            1
        };
        let decoder = Decoder { module, metadata, positions, chunk, method: method.to_owned() };
        Ok(Generator { decoder, tokenizer })
    }

    /// What the program declared.
    pub fn metadata(&self) -> &LlmMetadata {
        &self.decoder.metadata
    }

    /// The tokenizer.
    pub fn tokenizer(&self) -> &Tokenizer {
        &self.tokenizer
    }

    /// The module (load statistics, memory).
    pub fn module(&self) -> &Module {
        &self.decoder.module
    }

    /// The prompt's ids with `config`'s BOS and EOS tokens.
    pub fn prompt_tokens(&self, prompt: &str, config: &GenerationConfig) -> Result<Vec<u64>> {
        let special = |count: usize,
                       declared: Option<u64>,
                       names: &[&str],
                       what: &'static str|
         -> Result<Vec<u64>> {
            if count == 0 {
                return Ok(Vec::new());
            }
            let id = declared
                .or_else(|| names.iter().find_map(|n| self.tokenizer.token_id(n)))
                .ok_or_else(|| Error::GenerationOption {
                    name: what,
                    detail: "neither the program nor the tokenizer names that token".into(),
                })?;
            Ok(vec![id; count])
        };
        let mut ids = special(
            config.num_bos,
            self.decoder.metadata.bos_id,
            &["<|begin_of_text|>", "<s>", "<bos>"],
            "num_bos",
        )?;
        ids.extend(self.tokenizer.encode(prompt)?);
        ids.extend(special(
            config.num_eos,
            self.decoder.metadata.eos_ids.first().copied(),
            &["<|end_of_text|>", "</s>", "<eos>"],
            "num_eos",
        )?);
        Ok(ids)
    }

    /// Generates from `prompt`, calling `on_text` with each piece of text as it completes.
    pub fn generate(
        &mut self,
        prompt: &str,
        config: &GenerationConfig,
        on_text: &mut dyn FnMut(&str),
    ) -> Result<GenerationStats> {
        let prompt_ids = self.prompt_tokens(prompt, config)?;
        let mut stream = TextStream::new();
        let mut text = String::new();
        let Generator { decoder, tokenizer, .. } = self;
        let tokenizer = &*tokenizer;
        let mut failure = None;
        let result = decoder.generate_tokens(&prompt_ids, config, &mut |id| {
            match stream.push(tokenizer, id) {
                Ok(piece) => {
                    on_text(&piece);
                    text.push_str(&piece);
                }
                Err(e) => {
                    failure = Some(e);
                    return ControlFlow::Break(());
                }
            }
            if config.stop.iter().any(|s| !s.is_empty() && text.contains(s.as_str())) {
                return ControlFlow::Break(());
            }
            ControlFlow::Continue(())
        });
        if let Some(e) = failure {
            return Err(e.into());
        }
        let mut stats = result?;
        if stats.stop_reason == StopReason::Callback {
            stats.stop_reason = StopReason::StopString;
        }
        Ok(stats)
    }

    /// Generates from prompt ids, calling `on_token` with each new id; it may stop early.
    pub fn generate_tokens(
        &mut self,
        prompt: &[u64],
        config: &GenerationConfig,
        on_token: &mut dyn FnMut(u64) -> ControlFlow<()>,
    ) -> Result<GenerationStats> {
        self.decoder.generate_tokens(prompt, config, on_token)
    }
}

impl Decoder {
    fn generate_tokens(
        &mut self,
        prompt: &[u64],
        config: &GenerationConfig,
        on_token: &mut dyn FnMut(u64) -> ControlFlow<()>,
    ) -> Result<GenerationStats> {
        if prompt.is_empty() {
            return Err(Error::GenerationOption { name: "prompt", detail: "no tokens".into() });
        }
        if !(0.0..=2.0).contains(&config.temperature) || config.temperature.is_nan() {
            return Err(Error::GenerationOption {
                name: "temperature",
                detail: format!("{} is outside [0, 2]", config.temperature),
            });
        }
        if !(config.top_p > 0.0 && config.top_p <= 1.0) {
            return Err(Error::GenerationOption {
                name: "top_p",
                detail: format!("{} is outside (0, 1]", config.top_p),
            });
        }
        let context = self.metadata.max_context_len.min(config.seq_len.unwrap_or(usize::MAX));
        if prompt.len() >= context {
            return Err(Error::PromptTooLong { tokens: prompt.len(), max: context });
        }
        let room = context - prompt.len();
        let max_new = config.max_new_tokens.map_or(room, |n| n.min(room));
        let mut sampler = Sampler::new(config.temperature, config.top_k, config.top_p, config.seed);
        let mut sequence: Vec<u64> = prompt.to_vec();
        let started = Instant::now();

        // Prefill, in chunks the program accepts; the last chunk's logits give token 1.
        let mut calls = 0;
        let mut next = 0u64;
        let mut position = 0usize;
        while position < prompt.len() {
            let end = if self.positions == Positions::None {
                prompt.len()
            } else {
                (position + self.chunk).min(prompt.len())
            };
            next = self.step(&sequence, position, end, &mut sampler)?;
            calls += 1;
            position = end;
        }
        let prefill = started.elapsed();
        let mut stats = GenerationStats {
            prompt_tokens: prompt.to_vec(),
            generated_tokens: Vec::new(),
            prefill,
            time_to_first_token: prefill,
            decode: Duration::ZERO,
            prefill_calls: calls,
            stop_reason: StopReason::MaxNewTokens,
        };
        let decode_start = Instant::now();
        if max_new == 0 {
            return Ok(stats);
        }
        loop {
            stats.generated_tokens.push(next);
            sequence.push(next);
            if on_token(next).is_break() {
                stats.stop_reason = StopReason::Callback;
                break;
            }
            if !config.ignore_eos && self.metadata.eos_ids.contains(&next) {
                stats.stop_reason = StopReason::Eos;
                break;
            }
            if stats.generated_tokens.len() >= max_new {
                stats.stop_reason = if max_new == room {
                    StopReason::ContextFull
                } else {
                    StopReason::MaxNewTokens
                };
                break;
            }
            let at = sequence.len() - 1;
            let start = if self.positions == Positions::None { 0 } else { at };
            next = self.step(&sequence, start, sequence.len(), &mut sampler)?;
        }
        stats.decode = decode_start.elapsed();
        Ok(stats)
    }

    /// Runs `forward` on `sequence[start..end]` (positions from `start`) and samples the
    /// next token from the last logits row.
    fn step(
        &mut self,
        sequence: &[u64],
        start: usize,
        end: usize,
        sampler: &mut Sampler,
    ) -> Result<u64> {
        let tokens: Vec<i64> = sequence[start..end].iter().map(|&t| t as i64).collect();
        let token_sizes = [1, tokens.len()];
        let positions: Vec<i64> = match self.positions {
            Positions::None => Vec::new(),
            Positions::Start => vec![start as i64],
            Positions::PerToken => (start..end).map(|p| p as i64).collect(),
        };
        let position_sizes = [positions.len()];
        let mut inputs = vec![Tensor::from_slice(&token_sizes, &tokens)?];
        if self.positions != Positions::None {
            inputs.push(Tensor::from_slice(&position_sizes, &positions)?);
        }
        let method = self.method.clone();
        let outputs = self.module.execute(&method, &inputs)?;
        let logits = outputs
            .first()
            .ok_or_else(|| Error::NotAnLlm { detail: format!("{method} returns nothing") })?
            .as_tensor()?;
        let sizes = logits.sizes();
        let vocab = match sizes {
            [1, v] | [1, _, v] if *v > 0 => *v,
            _ => {
                return Err(Error::NotAnLlm {
                    detail: format!("{method} returns logits of sizes {sizes:?}"),
                })
            }
        };
        let id = match logits.dtype() {
            ScalarType::Float => {
                let all = logits.as_slice::<f32>()?;
                sampler.sample(all[all.len() - vocab..].iter().copied())
            }
            _ => {
                let all = logits.to_f64_vec().ok_or_else(|| Error::NotAnLlm {
                    detail: format!("logits of type {}", logits.dtype()),
                })?;
                sampler.sample(all[all.len() - vocab..].iter().map(|&x| x as f32))
            }
        };
        Ok(id as u64)
    }
}
