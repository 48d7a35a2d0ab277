//! The facade end to end on committed fixtures: outputs equal the official runtime's
//! (`fixtures/models/*.expected*.bin`) whichever way the program is opened, and each
//! refusal is the typed error it should be.

use std::path::PathBuf;
use std::sync::Arc;

use pterun::internal::backend::{Backend, BackendError, CompileSpec, Delegate, InitContext};
use pterun::internal::memory::Segment;
use pterun::prelude::*;
use pterun::{ErrorCode, IoMeta};

fn model(name: &str) -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/models")).join(name)
}

fn floats(name: &str) -> Vec<f32> {
    let bytes = std::fs::read(model(name)).expect("fixture");
    bytes.chunks_exact(4).map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect()
}

/// As close as `crates/cli/tests/run.rs` asks (the official runtime sums in another order
/// for some operators).
fn assert_close(what: &str, actual: &[f32], expected: &[f32]) {
    assert_eq!(actual.len(), expected.len(), "{what}: element count");
    for (i, (a, e)) in actual.iter().zip(expected).enumerate() {
        assert!((a - e).abs() <= 1e-5 + 1e-4 * e.abs(), "{what}[{i}]: {a} vs official {e}");
    }
}

/// Runs `method` of `module` on the fixture's input and compares output 0 with the
/// fixture's expected output.
fn check(
    module: &mut Module,
    what: &str,
    method: &str,
    sizes: &[usize],
    input: &str,
    expected: &str,
) {
    let data = floats(input);
    let tensor = Tensor::from_slice::<f32>(sizes, &data).expect("input matches its sizes");
    let outputs = module.execute(method, &[tensor]).unwrap_or_else(|e| panic!("{what}: {e}"));
    let output = outputs[0].as_tensor().expect("tensor output");
    assert_close(what, &output.to_vec::<f32>().expect("float32 output"), &floats(expected));
}

#[test]
fn forward_matches_the_official_outputs() {
    for (name, sizes) in [
        ("linear", &[1, 4][..]),
        ("cnn", &[1, 3, 16, 16]),
        // Delegated to the XNNPACK backend, registered by default.
        ("xnnpack", &[1, 3, 8, 8]),
        ("dynamic", &[3, 8]),
    ] {
        let mut module = Module::from_path(model(&format!("{name}.pte"))).expect(name);
        let input = format!("{name}.input0.bin");
        check(&mut module, name, "forward", sizes, &input, &format!("{name}.expected0.bin"));
    }
}

#[test]
fn every_method_of_a_program_runs_and_is_loaded_once() {
    let mut module = Module::from_path(model("two_methods.pte")).expect("loads");
    assert_eq!(module.method_names(), ["encode", "forward"]);
    let meta = module.method_meta("encode").expect("meta without loading");
    assert!(matches!(&meta.inputs[..], [IoMeta::Tensor(t)] if t.sizes == [1, 6]));
    let first: *const Method = module.method("encode").expect("loads");
    let again: *const Method = module.method("encode").expect("cached");
    assert_eq!(first, again, "a method loads once");
    let method = module.method("encode").expect("cached");
    assert_eq!(
        (method.name(), method.tensor_inputs(), method.arenas()),
        ("encode", &[0][..], "heap")
    );
    check(
        &mut module,
        "two_methods encode",
        "encode",
        &[1, 6],
        "two_methods.encode.input0.bin",
        "two_methods.encode.expected0.bin",
    );
    check(
        &mut module,
        "two_methods forward",
        "forward",
        &[1, 6],
        "two_methods.input0.bin",
        "two_methods.expected0.bin",
    );
}

#[test]
fn bytes_fds_and_each_loader_give_the_same_outputs() {
    let path = model("linear.pte");
    let from_bytes = Module::from_bytes(std::fs::read(&path).expect("fixture")).expect("bytes");
    let fd = std::fs::File::open(&path).expect("open").into();
    let from_fd = Module::from_fd(fd).expect("fd");
    let mut modules = vec![("bytes", from_bytes), ("fd", from_fd)];
    for loader in [Loader::Mmap, Loader::File, Loader::Shared] {
        let options = LoadOptions::new().loader(loader).threads(1);
        modules.push((loader.as_str(), Module::from_path_with(&path, &options).expect("loads")));
    }
    for (what, mut module) in modules {
        check(&mut module, what, "forward", &[1, 4], "linear.input0.bin", "linear.expected0.bin");
    }
    let mapped = Module::from_path(&path).expect("loads");
    assert_eq!(mapped.loader_stats().bytes_copied, 0, "a mapped program is not copied");
    let read =
        Module::from_path_with(&path, &LoadOptions::new().loader(Loader::File)).expect("loads");
    assert!(read.loader_stats().bytes_copied > 0, "pread copies");
}

#[test]
fn external_data_is_loaded_from_the_data_file() {
    let options = LoadOptions::new().data_file(model("external_weights.ptd"));
    let mut module =
        Module::from_path_with(model("external_weights.pte"), &options).expect("loads");
    check(
        &mut module,
        "external_weights",
        "forward",
        &[1, 4],
        "external_weights.input0.bin",
        "external_weights.expected0.bin",
    );

    let error = Module::from_path_with(
        model("external_weights.pte"),
        &LoadOptions::new().data_file(model("linear.pte")),
    )
    .expect_err("a program is not a data file");
    assert!(matches!(error, Error::ExternalData { .. }), "{error:?}");
    assert_eq!(error.code(), ErrorCode::InvalidExternalData);

    // Without the file, the method cannot load.
    let module = Module::from_path(model("external_weights.pte")).expect("program loads");
    let error = module.method("forward").expect_err("weights missing");
    assert_eq!(error.code(), ErrorCode::InvalidState, "{error}");
}

#[test]
fn mutable_buffers_keep_their_state_between_executions() {
    let mut module = Module::from_path(model("mutable_buffer.pte")).expect("loads");
    let data = floats("mutable_buffer.input0.bin");
    let input = Tensor::from_slice::<f32>(&[4], &data).expect("4 elements");
    for expected in ["mutable_buffer.expected0.bin", "mutable_buffer.expected_run2_0.bin"] {
        let outputs = module.forward(&[input]).expect("runs");
        let output = outputs[0].as_tensor().expect("tensor").to_vec::<f32>().expect("f32");
        assert_close(expected, &output, &floats(expected));
    }
}

#[test]
fn a_wrong_element_type_is_a_typed_error() {
    let mut module = Module::from_path(model("linear.pte")).expect("loads");
    let data = floats("linear.input0.bin");
    let outputs =
        module.forward(&[Tensor::from_slice(&[1, 4], &data).expect("input")]).expect("runs");
    let output = outputs[0].as_tensor().expect("tensor");
    assert_eq!(output.as_slice::<f32>().expect("float32").len(), 3);
    let error = output.as_slice::<i64>().expect_err("float32 is not int64");
    assert!(
        matches!(
            error,
            Error::DtypeMismatch { actual: ScalarType::Float, requested: ScalarType::Long }
        ),
        "{error:?}"
    );
    assert_eq!(error.code(), ErrorCode::InvalidType);
    assert!(matches!(output.to_vec::<f64>(), Err(Error::DtypeMismatch { .. })));

    // An input of the wrong type is refused by the method, naming both types.
    let longs = [0i64; 4];
    let error = module
        .forward(&[Tensor::from_slice(&[1, 4], &longs).expect("input")])
        .expect_err("int64 input");
    assert!(matches!(error, Error::Runtime(_)), "{error:?}");
    assert_eq!(error.code(), ErrorCode::InvalidArgument);
    assert_eq!(error.to_string(), "input 0: expected float32, found int64");
}

#[test]
fn a_wrong_number_of_inputs_is_refused() {
    let mut module = Module::from_path(model("linear.pte")).expect("loads");
    let data = floats("linear.input0.bin");
    let input = Tensor::from_slice(&[1, 4], &data).expect("input");
    let error = module.forward(&[input, input]).expect_err("two inputs");
    assert!(matches!(error, Error::InputCount { expected: 1, found: 2, .. }), "{error:?}");
    assert!(matches!(module.forward(&[]), Err(Error::InputCount { found: 0, .. })));
}

#[test]
fn a_missing_method_is_not_found() {
    let mut module = Module::from_path(model("linear.pte")).expect("loads");
    for error in [
        module.method("nope").expect_err("no such method"),
        module.method_meta("nope").expect_err("no such method"),
    ] {
        assert_eq!(error.code(), ErrorCode::NotFound);
        assert!(error.to_string().contains("no method named \"nope\""), "{error}");
        assert!(error.to_string().contains("forward"), "names what exists: {error}");
    }
    let error = module.execute("nope", &[]).expect_err("no such method");
    assert!(
        matches!(error, Error::Runtime(pterun::internal::runtime::Error::MethodNotFound { .. })),
        "{error:?}"
    );
}

/// A backend that refuses every blob, under any name.
struct Refusing(&'static str);

impl Backend for Refusing {
    fn name(&self) -> &str {
        self.0
    }

    fn init(
        &self,
        _: &InitContext<'_>,
        _: Segment,
        _: &[CompileSpec<'_>],
    ) -> Result<Box<dyn Delegate>, BackendError> {
        Err(BackendError::new(ErrorCode::DelegateInvalidCompatibility, "refused"))
    }
}

#[test]
fn a_backend_registered_twice_is_an_error() {
    let path = model("linear.pte");
    let twice =
        LoadOptions::new().backend(Arc::new(Refusing("Mine"))).backend(Arc::new(Refusing("Mine")));
    let error = Module::from_path_with(&path, &twice).expect_err("duplicate");
    assert!(matches!(error, Error::Backend(_)), "{error:?}");
    assert_eq!(error.code(), ErrorCode::RegistrationAlreadyRegistered);

    // The default backends hold their names...
    for name in [pterun::enn::BACKEND_NAME, pterun::internal::xnnpack::BACKEND_ID] {
        let options = LoadOptions::new().backend(Arc::new(Refusing(name)));
        let error = Module::from_path_with(&path, &options).expect_err(name);
        assert_eq!(error.code(), ErrorCode::RegistrationAlreadyRegistered, "{name}");
    }
    // ... unless they are left out; then the one registered is used.
    let options = LoadOptions::new()
        .no_default_backends()
        .backend(Arc::new(Refusing(pterun::internal::xnnpack::BACKEND_ID)));
    let module = Module::from_path_with(model("xnnpack.pte"), &options).expect("loads");
    assert_eq!(module.backend_names(), [pterun::internal::xnnpack::BACKEND_ID]);
    assert!(module.enn_backend().is_none());
    let error = module.method("forward").expect_err("the blob is refused");
    assert_eq!(error.code(), ErrorCode::DelegateInvalidCompatibility, "{error}");
    assert!(error.to_string().contains("refused"), "{error}");
}

#[test]
fn a_thread_count_of_zero_is_refused() {
    let options = LoadOptions::new().threads(0);
    let error = Module::from_path_with(model("linear.pte"), &options).expect_err("zero threads");
    assert!(matches!(error, Error::Threads { threads: 0, .. }), "{error:?}");
}

#[test]
fn a_module_moves_between_threads() {
    fn is_send<T: Send>() {}
    is_send::<Module>();
    let mut module = Module::from_path(model("linear.pte")).expect("loads");
    std::thread::spawn(move || {
        check(&mut module, "moved", "forward", &[1, 4], "linear.input0.bin", "linear.expected0.bin")
    })
    .join()
    .expect("ran on another thread");
}

#[test]
fn executions_of_one_loaded_method_run_on_two_threads() {
    let module = Module::from_path(model("mutable_buffer.pte")).expect("loads");
    let method = module.method("forward").expect("method");
    let data = floats("mutable_buffer.input0.bin");
    let run1 = floats("mutable_buffer.expected0.bin");
    let run2 = floats("mutable_buffer.expected_run2_0.bin");
    let executions: Vec<_> = (0..2).map(|_| method.new_execution().expect("memory")).collect();
    std::thread::scope(|scope| {
        for mut execution in executions {
            let (data, run1, run2) = (&data, &run1, &run2);
            scope.spawn(move || {
                for expected in [run1, run2] {
                    let input = Tensor::from_slice::<f32>(&[4], data).expect("input");
                    let outputs = execution.run(&[input]).expect("runs");
                    let output = outputs[0].as_tensor().expect("tensor").to_vec::<f32>();
                    // Each execution's mutable buffer evolves on its own.
                    assert_close("execution", &output.expect("f32"), expected);
                }
            });
        }
    });
}
