//! `pterun generate`: text generation with a program from ExecuTorch's LLM export and its
//! tokenizer, streamed to standard output. Accepts the upstream `llama_main` flags
//! (`--model_path`, `--tokenizer_path`, `--prompt`, `--temperature`, `--seq_len`,
//! `--max_new_tokens`, `--cpu_threads`, `--num_bos`, `--num_eos`, `--warmup`,
//! `--ignore_eos`, `--method_name`, `--data_paths`).

use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context;
use pterun::{
    ChatMessage, ChatTemplate, GenerationConfig, GenerationStats, Generator, LoadOptions, Module,
    Tokenizer,
};
use serde::Serialize;

use crate::run::{input_error, peak_rss_kib};
use crate::LoaderChoice;

/// `pterun generate` options.
#[derive(clap::Args)]
pub struct GenerateArgs {
    /// The .pte program.
    #[arg(value_name = "MODEL")]
    model: Option<PathBuf>,
    /// The .pte program (upstream spelling).
    #[arg(long = "model", alias = "model_path", value_name = "MODEL", conflicts_with = "model")]
    model_flag: Option<PathBuf>,
    /// Tokenizer file: tokenizer.json, a tiktoken or SentencePiece tokenizer.model, or a
    /// llama2.c tokenizer.bin (recognised from the content; also --tokenizer_path).
    #[arg(long, alias = "tokenizer_path", value_name = "FILE")]
    tokenizer: PathBuf,
    /// The prompt.
    #[arg(long, default_value = "")]
    prompt: String,
    /// Read the prompt from a file instead (also --prompt_file).
    #[arg(long = "prompt-file", alias = "prompt_file", value_name = "FILE")]
    prompt_file: Option<PathBuf>,
    /// Treat the prompt as a user message of a chat, formatted with the model's chat
    /// template: --chat-template, else the tokenizer_config.json beside the tokenizer, else
    /// Llama 3's format when the tokenizer has its header tokens.
    #[arg(long)]
    chat: bool,
    /// A system message for --chat.
    #[arg(long, requires = "chat")]
    system: Option<String>,
    /// The chat template: a tokenizer_config.json, or a Jinja file.
    #[arg(long = "chat-template", value_name = "FILE", requires = "chat")]
    chat_template: Option<PathBuf>,
    /// Tokens to generate after the prompt (also --max_new_tokens); default: until the
    /// context is full or an EOS token.
    #[arg(long = "max-new-tokens", alias = "max_new_tokens")]
    max_new_tokens: Option<i64>,
    /// Prompt plus generated tokens not to exceed (upstream --seq_len).
    #[arg(long = "seq-len", alias = "seq_len")]
    seq_len: Option<i64>,
    /// Sampling temperature; 0 is greedy (upstream default 0.8).
    #[arg(long, default_value_t = 0.8)]
    temperature: f32,
    /// Nucleus sampling threshold (1 = off).
    #[arg(long = "top-p", alias = "top_p", default_value_t = 1.0)]
    top_p: f32,
    /// Sample among the k likeliest tokens only.
    #[arg(long = "top-k", alias = "top_k")]
    top_k: Option<usize>,
    /// Sampler seed.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Stop when this text appears (repeatable).
    #[arg(long)]
    stop: Vec<String>,
    /// BOS tokens before the prompt (also --num_bos).
    #[arg(long = "num-bos", alias = "num_bos", default_value_t = 0)]
    num_bos: usize,
    /// EOS tokens after the prompt (also --num_eos).
    #[arg(long = "num-eos", alias = "num_eos", default_value_t = 0)]
    num_eos: usize,
    /// Keep going past EOS (also --ignore_eos).
    #[arg(long = "ignore-eos", alias = "ignore_eos")]
    ignore_eos: bool,
    /// Generate once untimed first.
    #[arg(long)]
    warmup: bool,
    /// Method to run (also --method_name).
    #[arg(long, alias = "method_name", default_value = "forward")]
    method: String,
    /// Worker threads (also --cpu_threads); default: all cores.
    #[arg(long, alias = "cpu_threads")]
    threads: Option<i64>,
    /// External data file (.ptd) with the weights (also --data_path, --data_paths).
    #[arg(long = "data-path", aliases = ["data_path", "data_paths"], value_name = "FILE")]
    data_path: Option<PathBuf>,
    /// How to load the file.
    #[arg(long, value_enum, default_value_t = LoaderChoice::Mmap)]
    loader: LoaderChoice,
    #[command(flatten)]
    mapping: crate::MappingArgs,
    /// Print the generated token ids (one line, JSON) on standard error after the text.
    #[arg(long = "print-ids")]
    print_ids: bool,
    /// Write a JSON report: load times, time to first token, prefill and decode rates,
    /// peak RSS, the token ids.
    #[arg(long = "json-report", value_name = "FILE")]
    json_report: Option<PathBuf>,
}

/// The `--json-report` of `generate`.
#[derive(Serialize)]
struct Report {
    model: String,
    tokenizer: String,
    tokenizer_format: &'static str,
    program_load_ms: f64,
    method_load_ms: f64,
    tokenizer_load_ms: f64,
    prompt_tokens: Vec<u64>,
    generated_tokens: Vec<u64>,
    text: String,
    prefill_calls: usize,
    prefill_ms: f64,
    time_to_first_token_ms: f64,
    decode_ms: f64,
    prefill_tokens_per_second: f64,
    decode_tokens_per_second: f64,
    stop_reason: &'static str,
    max_seq_len: usize,
    max_context_len: usize,
    use_kv_cache: bool,
    enable_dynamic_shape: bool,
    peak_rss_kib: Option<u64>,
}

fn ms(d: std::time::Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// Upstream uses -1 for "not set".
fn optional_count(name: &str, value: Option<i64>) -> anyhow::Result<Option<usize>> {
    match value {
        None => Ok(None),
        Some(v) if v < 0 => Ok(None),
        Some(v) => usize::try_from(v).map(Some).map_err(|_| input_error(format!("--{name} {v}"))),
    }
}

pub fn run(args: GenerateArgs) -> anyhow::Result<()> {
    let model = args
        .model
        .clone()
        .or(args.model_flag.clone())
        .ok_or_else(|| input_error("no model given".into()))?;
    let prompt = match &args.prompt_file {
        Some(path) => std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the prompt file {}", path.display()))?,
        None => args.prompt.clone(),
    };
    let mut options =
        LoadOptions::new().loader(args.loader.loader()).mmap_options(args.mapping.options());
    if let Some(threads) = optional_count("threads", args.threads)? {
        options = options.threads(threads);
    }
    if let Some(path) = &args.data_path {
        options = options.data_file(path);
    }
    let module = match Module::from_path_with(&model, &options) {
        Ok(m) => m,
        Err(pterun::Error::Threads { threads, reason }) => {
            return Err(input_error(format!("--threads {threads}: {reason}")));
        }
        Err(e) => {
            return Err(crate::coded(&e, e.code()))
                .with_context(|| format!("cannot load {}", model.display()))
        }
    };
    let program_load = module.program_load_time();
    let tokenizer_start = Instant::now();
    let tokenizer = Tokenizer::from_file(&args.tokenizer)
        .map_err(|e| input_error(format!("--tokenizer {}: {e}", args.tokenizer.display())))?;
    let tokenizer_load = tokenizer_start.elapsed();
    let prompt = if args.chat { chat_prompt(&args, &tokenizer, &prompt)? } else { prompt };
    let method_start = Instant::now();
    let mut generator = Generator::with_method(module, tokenizer, &args.method)
        .map_err(|e| match e {
            pterun::Error::VocabularyMismatch { .. } => input_error(e.to_string()),
            e => crate::coded(&e, e.code()),
        })
        .with_context(|| format!("cannot prepare {} for generation", model.display()))?;
    // The metadata methods run first; `forward` loads here.
    generator
        .module()
        .method(&args.method)
        .map_err(|e| crate::coded(&e, e.code()))
        .with_context(|| format!("cannot load method {:?}", args.method))?;
    let method_load = method_start.elapsed();

    let config = GenerationConfig {
        max_new_tokens: optional_count("max-new-tokens", args.max_new_tokens)?,
        seq_len: optional_count("seq-len", args.seq_len)?,
        temperature: args.temperature,
        top_p: args.top_p,
        top_k: args.top_k,
        seed: args.seed,
        stop: args.stop.clone(),
        num_bos: args.num_bos,
        num_eos: args.num_eos,
        ignore_eos: args.ignore_eos,
    };
    let generation_error = |e: pterun::Error| -> anyhow::Error {
        match e {
            pterun::Error::PromptTooLong { .. } | pterun::Error::GenerationOption { .. } => {
                input_error(e.to_string())
            }
            e => crate::coded(&e, e.code()),
        }
    };
    if args.warmup {
        generator.generate(&prompt, &config, &mut |_| {}).map_err(generation_error)?;
    }
    let mut stdout = std::io::stdout().lock();
    let mut text = String::new();
    let stats = generator
        .generate(&prompt, &config, &mut |piece| {
            text.push_str(piece);
            // A closed pipe ends the output, not the generation's bookkeeping.
            let _ = stdout.write_all(piece.as_bytes()).and_then(|()| stdout.flush());
        })
        .map_err(generation_error)?;
    let _ = writeln!(stdout);
    drop(stdout);
    // The report holds the whole decoding (pieces printed while streaming can differ where
    // bytes do not form UTF-8).
    let text = generator.tokenizer().decode(&stats.generated_tokens).unwrap_or(text);
    summarize(&stats);
    if args.print_ids {
        eprintln!("{}", serde_json::to_string(&stats.generated_tokens)?);
    }
    if let Some(path) = &args.json_report {
        let metadata = generator.metadata();
        let report = Report {
            model: model.display().to_string(),
            tokenizer: args.tokenizer.display().to_string(),
            tokenizer_format: generator.tokenizer().format().name(),
            program_load_ms: ms(program_load),
            method_load_ms: ms(method_load),
            tokenizer_load_ms: ms(tokenizer_load),
            prompt_tokens: stats.prompt_tokens.clone(),
            generated_tokens: stats.generated_tokens.clone(),
            text,
            prefill_calls: stats.prefill_calls,
            prefill_ms: ms(stats.prefill),
            time_to_first_token_ms: ms(stats.time_to_first_token),
            decode_ms: ms(stats.decode),
            prefill_tokens_per_second: stats.prefill_tokens_per_second(),
            decode_tokens_per_second: stats.decode_tokens_per_second(),
            stop_reason: stats.stop_reason.name(),
            max_seq_len: metadata.max_seq_len,
            max_context_len: metadata.max_context_len,
            use_kv_cache: metadata.use_kv_cache,
            enable_dynamic_shape: metadata.enable_dynamic_shape,
            peak_rss_kib: peak_rss_kib(),
        };
        std::fs::write(path, serde_json::to_string_pretty(&report)?)
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(())
}

/// The prompt as a chat with one user message (after the system message, if any).
fn chat_prompt(args: &GenerateArgs, tokenizer: &Tokenizer, prompt: &str) -> anyhow::Result<String> {
    let beside = args.tokenizer.with_file_name("tokenizer_config.json");
    let template = match &args.chat_template {
        Some(path) if path.extension().is_some_and(|e| e == "json") => {
            ChatTemplate::from_tokenizer_config(path)?
        }
        Some(path) => {
            let source = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            let token = |names: &[&'static str]| -> &'static str {
                names.iter().find(|n| tokenizer.token_id(n).is_some()).copied().unwrap_or("")
            };
            ChatTemplate::new(
                &source,
                token(&["<|begin_of_text|>", "<s>", "<bos>"]),
                token(&["<|eot_id|>", "</s>", "<eos>"]),
            )
        }
        None if beside.exists() => ChatTemplate::from_tokenizer_config(&beside)?,
        None if tokenizer.token_id("<|start_header_id|>").is_some() => ChatTemplate::llama3(),
        None => {
            return Err(input_error(format!(
                "--chat: no chat template (give --chat-template, or put a tokenizer_config.json \
                 beside {})",
                args.tokenizer.display()
            )))
        }
    };
    let mut messages = Vec::new();
    if let Some(system) = &args.system {
        messages.push(ChatMessage::new("system", system));
    }
    messages.push(ChatMessage::new("user", prompt));
    template.render(&messages, true).map_err(|e| input_error(e.to_string()))
}

/// The upstream runner's statistics lines, on standard error.
fn summarize(stats: &GenerationStats) {
    eprintln!(
        "prompt tokens: {}, generated: {}, stop: {}",
        stats.prompt_tokens.len(),
        stats.generated_tokens.len(),
        stats.stop_reason.name()
    );
    eprintln!(
        "time to first token: {:.1} ms; prefill {:.1} tokens/s; decode {:.1} tokens/s",
        ms(stats.time_to_first_token),
        stats.prefill_tokens_per_second(),
        stats.decode_tokens_per_second()
    );
}
