//! `pterun run`: load a program, feed inputs, execute, report outputs and timings.
//!
//! Accepts the upstream runners' spellings as aliases (the ENN runner's `--model`,
//! `--input "a.bin b.bin"`, `--num_executions`, `--warm_up`, `--dump_statistics`,
//! `--output_path`; the portable runner's `--model_path`, `--inputs a.bin,b.bin`,
//! `--method_name`, `--cpu_threads`, `--output_file`).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use clap::ValueEnum;
use pterun::internal::runtime::MethodLoadStats;
use pterun::{
    IoMeta, LoadOptions, Method, Module, Output, Pass, Passes, ScalarType, ShapeDynamism, Tensor,
    TensorMeta,
};
use serde::Serialize;

use crate::dump::ValueDump;
use crate::enn::{DelegateSummary, EnnArgs, EnnReport};
use crate::LoaderChoice;

/// How much of the outputs to print.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum PrintOutput {
    /// Nothing.
    None,
    /// Type, sizes, a few values, statistics, and the arg-max of classifier outputs.
    Summary,
    /// Every element.
    All,
}

/// Options of `pterun run`.
#[derive(clap::Args, Debug)]
pub struct RunArgs {
    /// The .pte program.
    #[arg(value_name = "MODEL")]
    model: Option<PathBuf>,
    /// The .pte program (upstream spelling; also --model_path).
    #[arg(long = "model", alias = "model_path", value_name = "MODEL", conflicts_with = "model")]
    model_flag: Option<PathBuf>,
    /// Input file, raw little-endian bytes or .npy; repeat for several inputs. Also accepts
    /// "a.bin b.bin" (ENN runner) and --inputs a.bin,b.bin (portable runner).
    #[arg(long = "input", alias = "inputs", value_name = "FILE")]
    inputs: Vec<String>,
    /// Method to run (also --method_name).
    #[arg(long, alias = "method_name", default_value = "forward")]
    method: String,
    /// How to load the file.
    #[arg(long, value_enum, default_value_t = LoaderChoice::Mmap)]
    loader: LoaderChoice,
    /// Timed executions (also --num_executions).
    #[arg(long = "num-executions", alias = "num_executions", default_value_t = 1)]
    num_executions: usize,
    /// Untimed executions before the timed ones (also --warm_up).
    #[arg(long = "warm-up", alias = "warm_up", default_value_t = 0)]
    warm_up: usize,
    /// Directory to write output_<i>.bin (raw bytes) into (also --output_path).
    #[arg(long = "output-path", alias = "output_path", value_name = "DIR")]
    output_path: Option<PathBuf>,
    /// Write output 0 to FILE and output i to FILE.<i> (portable runner's --output_file).
    #[arg(long = "output-file", alias = "output_file", value_name = "FILE")]
    output_file: Option<PathBuf>,
    /// Write statistics.txt (init, load, 1st, avg in ms) to the current directory.
    #[arg(long = "dump-statistics", alias = "dump_statistics", num_args = 0..=1, default_missing_value = "true", default_value_t = false, action = clap::ArgAction::Set)]
    dump_statistics: bool,
    /// Worker threads for kernels (also --cpu_threads); default: all cores.
    #[arg(long, alias = "cpu_threads")]
    threads: Option<usize>,
    /// How much of the outputs to print.
    #[arg(long = "print-output", value_enum, default_value_t = PrintOutput::Summary)]
    print_output: PrintOutput,
    /// Write a JSON report (load and execution times, bytes mapped and copied, peak RSS).
    #[arg(long = "json-report", value_name = "FILE")]
    json_report: Option<PathBuf>,
    /// Print a per-operator time table.
    #[arg(long)]
    profile: bool,
    /// Write a Chrome trace (chrome://tracing, Perfetto) of the timed executions.
    #[arg(long, value_name = "FILE")]
    trace: Option<PathBuf>,
    /// Write every executed step's results of the first timed execution into DIR
    /// (`index.json` names each file's instruction, operator, value, type and sizes), for
    /// `tools/zoo/first_difference.py` to find the first operator that differs from the official
    /// runtime.
    #[arg(long = "dump-values", value_name = "DIR")]
    dump_values: Option<PathBuf>,
    /// External data file (.ptd) holding the program's weights (also --data_path).
    #[arg(long = "data-path", alias = "data_path", value_name = "FILE")]
    data_path: Option<PathBuf>,
    /// Switch a load-time pass off (repeat for several; `all` for every one):
    /// transposed_linear, conv_epilogue, pool_indices, fold_constants, pointwise. Outputs
    /// stay bit-identical (without transposed_linear, f32 products of more than four rows
    /// sum in another order); for measuring and bisecting.
    #[arg(long = "disable-pass", value_name = "NAME")]
    disable_pass: Vec<String>,
    #[command(flatten)]
    mapping: crate::MappingArgs,
    #[command(flatten)]
    enn: EnnArgs,
    /// (bench) Print the JSON report on standard output.
    #[arg(long)]
    json: bool,
}

/// An input or usage problem: exit code 3.
#[derive(Debug)]
pub struct InputError(pub String);

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for InputError {}

pub(crate) fn input_error(message: String) -> anyhow::Error {
    anyhow::Error::new(InputError(message))
}

/// The load-time passes of a method: which ran, and what each changed (by pass name), with
/// the details the statistics keep.
#[derive(Serialize)]
struct LoadRewrites {
    /// The passes that ran, in pipeline order.
    passes: Vec<&'static str>,
    /// What each pass changed (instructions fused or folded, pools rewritten), by name.
    by_pass: std::collections::BTreeMap<&'static str, usize>,
    /// Views moved with folded results.
    folded_views: usize,
    /// Fused results moved into their convolution's output bytes.
    moved_results: usize,
}

impl LoadRewrites {
    fn of(stats: &MethodLoadStats, passes: Passes) -> LoadRewrites {
        LoadRewrites {
            passes: passes.iter().map(Pass::name).collect(),
            by_pass: stats.by_pass().iter().map(|(p, n)| (p.name(), *n)).collect(),
            folded_views: stats.folded_views,
            moved_results: stats.moved_results,
        }
    }
}

#[derive(Serialize)]
struct Report {
    model: String,
    method: String,
    loader: &'static str,
    program_load_ms: f64,
    method_load_ms: f64,
    first_execution_ms: f64,
    execution_ms: Vec<f64>,
    average_ms: f64,
    median_ms: f64,
    warm_up: usize,
    bytes_mapped_at_load: u64,
    bytes_copied_at_load: u64,
    method_bytes_copied: u64,
    planned_bytes: u64,
    /// What method load rewrote (constant folding and fusions), step counts.
    load_rewrites: LoadRewrites,
    peak_rss_kib: Option<u64>,
    inputs_filled_with_ones: bool,
    outputs: Vec<OutputSummary>,
    enn: EnnReport,
    /// Every ENN delegate opened: open path, buffers (label, shape, size, type, imported
    /// or copied and why), bytes pterun copied at open and per execution.
    enn_opens: Vec<DelegateSummary>,
}

#[derive(Serialize)]
struct OutputSummary {
    kind: &'static str,
    dtype: Option<String>,
    sizes: Option<Vec<usize>>,
    argmax: Option<usize>,
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// Peak resident set size of this process, from `/proc/self/status`.
pub fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn input_files(raw: &[String]) -> Vec<PathBuf> {
    raw.iter()
        .flat_map(|s| s.split(|c: char| c == ',' || c.is_whitespace()))
        .filter(|s| !s.is_empty())
        .map(PathBuf::from)
        .collect()
}

/// One prepared input: element type, sizes, bytes.
struct Prepared {
    dtype: ScalarType,
    sizes: Vec<usize>,
    bytes: Vec<u8>,
}

fn ones(meta: &TensorMeta) -> Prepared {
    let numel: usize = meta.sizes.iter().product();
    let mut bytes = vec![0u8; meta.nbytes];
    for i in 0..numel {
        let _ = pterun::internal::kernels::dtype::write_f64(meta.dtype, &mut bytes, i, 1.0);
    }
    Prepared { dtype: meta.dtype, sizes: meta.sizes.clone(), bytes }
}

fn read_input(index: usize, path: &Path, meta: &TensorMeta) -> anyhow::Result<Prepared> {
    let bytes = std::fs::read(path)
        .with_context(|| format!("cannot read input {index} from {}", path.display()))?;
    if crate::npy::is_npy(&bytes) {
        let array = crate::npy::parse(&bytes)
            .with_context(|| format!("input {index}: {}", path.display()))?;
        if array.dtype != meta.dtype {
            return Err(input_error(format!(
                "input {index} ({}): expected {}, found {} in the .npy file",
                path.display(),
                meta.dtype,
                array.dtype
            )));
        }
        return Ok(Prepared { dtype: array.dtype, sizes: array.sizes, bytes: array.data });
    }
    if bytes.len() == meta.nbytes {
        return Ok(Prepared { dtype: meta.dtype, sizes: meta.sizes.clone(), bytes });
    }
    // A raw file smaller than the bound of a dynamic input: infer the first dimension
    // that makes the byte count fit.
    if meta.dynamism != ShapeDynamism::Static {
        let element = meta.dtype.element_size();
        for dim in 0..meta.sizes.len() {
            let others: usize =
                meta.sizes.iter().enumerate().filter(|(d, _)| *d != dim).map(|(_, s)| s).product();
            let unit = others * element;
            if unit > 0 && bytes.len() % unit == 0 && bytes.len() / unit <= meta.sizes[dim] {
                let mut sizes = meta.sizes.clone();
                sizes[dim] = bytes.len() / unit;
                return Ok(Prepared { dtype: meta.dtype, sizes, bytes });
            }
        }
    }
    Err(input_error(format!(
        "input {index} ({}): expected {} bytes ({}{:?}{}), found {}",
        path.display(),
        meta.nbytes,
        meta.dtype,
        meta.sizes,
        if meta.dynamism == ShapeDynamism::Static { "" } else { ", dynamic: at most" },
        bytes.len()
    )))
}

fn argmax(t: &Tensor<'_>) -> Option<usize> {
    if t.numel() == 0
        || !matches!(t.dtype(), ScalarType::Float | ScalarType::Double | ScalarType::Half)
    {
        return None;
    }
    let leading: usize = t.sizes().iter().rev().skip(1).product();
    if leading != 1 {
        return None;
    }
    t.to_f64_vec()?
        .into_iter()
        .enumerate()
        .fold(None, |best: Option<(usize, f64)>, (i, v)| match best {
            Some((_, b)) if b >= v => best,
            _ => Some((i, v)),
        })
        .map(|(i, _)| i)
}

fn describe(index: usize, output: &Output<'_>, print: PrintOutput) -> String {
    let mut s = String::new();
    match output {
        Output::Tensor(t) => {
            let values = t.to_f64_vec().unwrap_or_default();
            let _ = write!(s, "output {index}: {}{:?}", t.dtype(), t.sizes());
            if !values.is_empty() {
                let min = values.iter().copied().fold(f64::INFINITY, f64::min);
                let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                let mean = values.iter().sum::<f64>() / values.len() as f64;
                let _ = write!(s, " min {min:.6} max {max:.6} mean {mean:.6}");
            }
            let shown = if print == PrintOutput::All { values.len() } else { values.len().min(8) };
            let list: Vec<String> = values[..shown].iter().map(|v| format!("{v:.6}")).collect();
            let _ = write!(
                s,
                "\n  [{}{}]",
                list.join(", "),
                if shown < values.len() { ", ..." } else { "" }
            );
            if let Some(k) = argmax(t) {
                let _ = write!(s, "\n  predicted class: {k}");
            }
        }
        Output::Int(v) => {
            let _ = write!(s, "output {index}: int {v}");
        }
        Output::Double(v) => {
            let _ = write!(s, "output {index}: float {v}");
        }
        Output::Bool(v) => {
            let _ = write!(s, "output {index}: bool {v}");
        }
        other => {
            let _ = write!(s, "output {index}: {}", other.kind());
        }
    }
    s
}

fn write_outputs(method: &Method, dir: Option<&Path>, file: Option<&Path>) -> anyhow::Result<()> {
    if let Some(dir) = dir {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    for i in 0..method.output_count() {
        let bytes: Vec<u8> = match method.output(i)? {
            Output::Tensor(t) => t.as_bytes().to_vec(),
            Output::Int(v) => v.to_le_bytes().to_vec(),
            Output::Double(v) => v.to_le_bytes().to_vec(),
            Output::Bool(v) => vec![v as u8],
            _ => Vec::new(),
        };
        if let Some(dir) = dir {
            let path = dir.join(format!("output_{i}.bin"));
            std::fs::write(&path, &bytes)
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
        if let Some(file) = file {
            let path = if i == 0 {
                file.to_path_buf()
            } else {
                PathBuf::from(format!("{}.{i}", file.display()))
            };
            std::fs::write(&path, &bytes)
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
    }
    Ok(())
}

fn chrome_trace(method: &Method) -> serde_json::Value {
    let events: Vec<serde_json::Value> = method
        .profile_events()
        .iter()
        .map(|e| {
            serde_json::json!({
                "name": e.name, "cat": "instruction", "ph": "X", "pid": 1, "tid": 1,
                "ts": e.start.as_secs_f64() * 1e6, "dur": e.duration.as_secs_f64() * 1e6,
                "args": {"chain": e.chain, "instruction": e.instruction}
            })
        })
        .collect();
    serde_json::json!({ "traceEvents": events, "displayTimeUnit": "ms" })
}

fn profile_table(method: &Method, executions: usize) -> String {
    let mut by_name: Vec<(String, Duration, usize)> = Vec::new();
    for e in method.profile_events() {
        match by_name.iter_mut().find(|(n, _, _)| *n == e.name) {
            Some(entry) => {
                entry.1 += e.duration;
                entry.2 += 1;
            }
            None => by_name.push((e.name.clone(), e.duration, 1)),
        }
    }
    by_name.sort_by_key(|entry| std::cmp::Reverse(entry.1));
    let total: Duration = by_name.iter().map(|e| e.1).sum();
    let runs = executions.max(1) as f64;
    let mut s = format!("{:<52} {:>8} {:>12} {:>7}\n", "operator", "calls", "ms per run", "share");
    for (name, time, calls) in by_name {
        let share =
            if total.is_zero() { 0.0 } else { time.as_secs_f64() / total.as_secs_f64() * 100.0 };
        let _ = writeln!(
            s,
            "{name:<52} {:>8} {:>12.3} {share:>6.1}%",
            calls as f64 / runs,
            ms(time) / runs
        );
    }
    s
}

/// `pterun bench`: `run` without output printing, 10 timed executions after one warm-up
/// unless told otherwise, and the JSON report (with the median) on standard output when
/// `--json` is given.
pub fn bench(mut args: RunArgs) -> anyhow::Result<()> {
    args.print_output = PrintOutput::None;
    if args.num_executions == 1 {
        args.num_executions = 10;
    }
    if args.warm_up == 0 {
        args.warm_up = 1;
    }
    run(args)
}

/// Runs the subcommand.
pub fn run(args: RunArgs) -> anyhow::Result<()> {
    let model = args
        .model
        .clone()
        .or(args.model_flag.clone())
        .ok_or_else(|| input_error("no model given".into()))?;

    let passes = Passes::all_but(args.disable_pass.iter().map(String::as_str))
        .map_err(|e| input_error(format!("--disable-pass: {e}")))?;
    let mut options = LoadOptions::new()
        .loader(args.loader.loader())
        .mmap_options(args.mapping.options())
        .enn(args.enn.config())
        .passes(passes);
    if let Some(threads) = args.threads {
        options = options.threads(threads);
    }
    if let Some(path) = &args.data_path {
        options = options.data_file(path);
    }
    let mut module = match Module::from_path_with(&model, &options) {
        Ok(module) => module,
        Err(pterun::Error::Threads { threads, reason }) => {
            return Err(input_error(format!("--threads {threads}: {reason}")));
        }
        Err(e) => {
            return Err(crate::coded(&e, e.code()))
                .with_context(|| format!("cannot load {}", model.display()));
        }
    };
    let init_time = module.program_load_time();
    let enn = module.enn_backend().cloned().context("the ENN backend is not registered")?;

    let load_start = Instant::now();
    module
        .method(&args.method)
        .map_err(|e| crate::coded(&e, e.code()))
        .with_context(|| format!("cannot load method {:?} of {}", args.method, model.display()))?;
    let load_time = load_start.elapsed();
    let stats_after_load = module.loader_stats();
    crate::enn::describe_opens(&enn);
    let method = module.method_mut(&args.method)?;

    // Inputs.
    let files = input_files(&args.inputs);
    let tensor_inputs: Vec<(usize, TensorMeta)> = method
        .meta()
        .inputs
        .iter()
        .enumerate()
        .filter_map(|(i, m)| match m {
            IoMeta::Tensor(t) => Some((i, t.clone())),
            IoMeta::Other { .. } => None,
        })
        .collect();
    let filled_with_ones = files.is_empty() && !tensor_inputs.is_empty();
    if filled_with_ones {
        eprintln!("no inputs given: filling {} input(s) with ones", tensor_inputs.len());
    } else if files.len() != tensor_inputs.len() {
        return Err(input_error(format!(
            "method {:?} takes {} tensor input(s), {} file(s) given",
            args.method,
            tensor_inputs.len(),
            files.len()
        )));
    }
    for (position, (index, meta)) in tensor_inputs.iter().enumerate() {
        let prepared = match files.get(position) {
            Some(path) => read_input(*index, path, meta)?,
            None => ones(meta),
        };
        Tensor::from_bytes(prepared.dtype, &prepared.sizes, &prepared.bytes)
            .and_then(|tensor| method.set_input(*index, &tensor))
            .map_err(|e| input_error(format!("{e}")))?;
    }

    // Executions.
    let mut first = None;
    for _ in 0..args.warm_up {
        let start = Instant::now();
        method.execute().map_err(|e| crate::coded(&e, e.code())).context("execution failed")?;
        first.get_or_insert(start.elapsed());
    }
    method.set_profiling(args.profile || args.trace.is_some());
    let mut times = Vec::with_capacity(args.num_executions);
    let mut dump = args.dump_values.as_deref().map(ValueDump::create).transpose()?;
    for _ in 0..args.num_executions.max(1) {
        let start = Instant::now();
        let executed = match dump.as_mut() {
            Some(dump) => method.execute_observed(&mut |step| dump.record(step)),
            None => method.execute(),
        };
        executed.map_err(|e| crate::coded(&e, e.code())).context("execution failed")?;
        if let Some(dump) = dump.take() {
            let count = dump.finish()?;
            eprintln!(
                "dumped {count} values to {}",
                args.dump_values.as_deref().unwrap_or(Path::new("")).display()
            );
        }
        let elapsed = start.elapsed();
        first.get_or_insert(elapsed);
        times.push(elapsed);
    }
    let first = first.unwrap_or_default();
    let average = times.iter().sum::<Duration>() / times.len().max(1) as u32;

    // Outputs.
    write_outputs(method, args.output_path.as_deref(), args.output_file.as_deref())?;
    let mut summaries = Vec::new();
    for i in 0..method.output_count() {
        let output = method.output(i)?;
        if args.print_output != PrintOutput::None {
            println!("{}", describe(i, &output, args.print_output));
        }
        let tensor = output.as_tensor().ok();
        summaries.push(OutputSummary {
            kind: output.kind(),
            dtype: tensor.map(|t| t.dtype().name().to_string()),
            sizes: tensor.map(|t| t.sizes().to_vec()),
            argmax: tensor.and_then(|t| argmax(&t)),
        });
    }
    let timings_line = format!(
        "timings: program load {:.3} ms, method load {:.3} ms, first execution {:.3} ms, average {:.3} ms over {} execution(s)",
        ms(init_time),
        ms(load_time),
        ms(first),
        ms(average),
        times.len()
    );
    if args.json {
        eprintln!("{timings_line}");
    } else {
        println!("{timings_line}");
    }
    if args.profile {
        print!("{}", profile_table(method, times.len()));
    }
    if let Some(path) = &args.trace {
        std::fs::write(path, serde_json::to_string(&chrome_trace(method))?)
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    if args.dump_statistics {
        let text = format!(
            "init: {:.3}\nload: {:.3}\n1st: {:.3}\navg: {:.3}\n",
            ms(init_time),
            ms(load_time),
            ms(first),
            ms(average)
        );
        std::fs::write("statistics.txt", text).context("cannot write statistics.txt")?;
    }
    let arenas = method.arenas().to_owned();
    let (enn_opens, enn_report) = crate::enn::report(&enn, &args.enn, &arenas);
    if !enn_opens.is_empty() {
        eprintln!(
            "enn: {} bytes copied by pterun per execution (arenas: {arenas})",
            enn_report.bytes_copied_per_execution()
        );
    }
    if args.json_report.is_some() || args.json {
        let report = Report {
            model: model.display().to_string(),
            method: args.method.clone(),
            loader: args.loader.loader().as_str(),
            program_load_ms: ms(init_time),
            method_load_ms: ms(load_time),
            first_execution_ms: ms(first),
            execution_ms: times.iter().map(|t| ms(*t)).collect(),
            average_ms: ms(average),
            median_ms: {
                let mut sorted: Vec<f64> = times.iter().map(|t| ms(*t)).collect();
                sorted.sort_by(f64::total_cmp);
                sorted.get(sorted.len() / 2).copied().unwrap_or(0.0)
            },
            warm_up: args.warm_up,
            bytes_mapped_at_load: stats_after_load.bytes_mapped,
            bytes_copied_at_load: stats_after_load.bytes_copied,
            method_bytes_copied: method.load_stats().bytes_copied,
            planned_bytes: method.load_stats().planned_bytes,
            load_rewrites: LoadRewrites::of(&method.load_stats(), passes),
            peak_rss_kib: peak_rss_kib(),
            inputs_filled_with_ones: filled_with_ones,
            outputs: summaries,
            enn: enn_report,
            enn_opens,
        };
        let text = serde_json::to_string_pretty(&report)?;
        if let Some(path) = &args.json_report {
            std::fs::write(path, &text)
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
        if args.json {
            println!("{text}");
        }
    }
    if times.is_empty() {
        bail!("no execution ran");
    }
    Ok(())
}
