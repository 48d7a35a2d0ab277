//! One loaded plan, several execution states: states run concurrently on their own
//! threads with their own inputs and each gets its single-threaded result; a mutable
//! buffer evolves per state.

use pterun_core::ScalarType;
use pterun_runtime::{BackendRegistry, LoadOptions, Method, Output, Program};

use crate::common::{fixtures, loader};

fn load(name: &str) -> Method {
    let program = Program::load(loader(&fixtures().join(format!("{name}.pte")))).unwrap();
    let kernels = pterun_kernels::Registry::portable();
    let backends = BackendRegistry::new();
    Method::load(&program, "forward", LoadOptions::new(&kernels, &backends)).unwrap()
}

fn output_bytes(method: &Method) -> Vec<u8> {
    match method.output(0).unwrap() {
        Output::Tensor(t) => t.data.to_vec(),
        other => panic!("not a tensor: {other:?}"),
    }
}

/// The fixture input of `cnn` scaled by `k`, as bytes.
fn input(k: usize) -> Vec<u8> {
    let bytes = std::fs::read(fixtures().join("cnn.input0.bin")).unwrap();
    bytes
        .chunks_exact(4)
        .flat_map(|c| {
            (f32::from_le_bytes(c.try_into().unwrap()) * (1.0 + k as f32 * 0.25)).to_le_bytes()
        })
        .collect()
}

const SIZES: [usize; 4] = [1, 3, 16, 16];

#[test]
fn four_states_of_one_plan_run_at_once_with_their_own_inputs() {
    let method = load("cnn");
    // Single-threaded references, each on a fresh state.
    let expected: Vec<Vec<u8>> = (0..4)
        .map(|k| {
            let mut state = method.new_execution().unwrap();
            state.set_input(0, ScalarType::Float, &SIZES, &input(k)).unwrap();
            state.execute().unwrap();
            output_bytes(&state)
        })
        .collect();
    assert!(expected.windows(2).all(|w| w[0] != w[1]), "the inputs give different outputs");
    let states: Vec<Method> = (0..4).map(|_| method.new_execution().unwrap()).collect();
    std::thread::scope(|scope| {
        for (k, mut state) in states.into_iter().enumerate() {
            let want = &expected[k];
            scope.spawn(move || {
                state.set_input(0, ScalarType::Float, &SIZES, &input(k)).unwrap();
                for round in 0..25 {
                    state.execute().unwrap();
                    assert_eq!(&output_bytes(&state), want, "state {k}, round {round}");
                }
            });
        }
    });
    // The first state is untouched by the others: no input set yet.
    let mut first = method;
    assert!(first.execute().is_err(), "the loaded state has no input set");
}

#[test]
fn a_mutable_buffer_evolves_per_state() {
    let mut a = load("mutable_buffer");
    let mut b = a.new_execution().unwrap();
    let input = std::fs::read(fixtures().join("mutable_buffer.input0.bin")).unwrap();
    let run1 = std::fs::read(fixtures().join("mutable_buffer.expected0.bin")).unwrap();
    let run2 = std::fs::read(fixtures().join("mutable_buffer.expected_run2_0.bin")).unwrap();
    assert_ne!(run1, run2);
    for state in [&mut a, &mut b] {
        state.set_input(0, ScalarType::Float, &[4], &input).unwrap();
    }
    a.execute().unwrap();
    a.execute().unwrap();
    assert_eq!(output_bytes(&a), run2, "the second execution of a sees its own first");
    b.execute().unwrap();
    assert_eq!(output_bytes(&b), run1, "b starts from the buffer's initial state");
    // A state made after a ran also starts fresh.
    let mut c = a.new_execution().unwrap();
    c.set_input(0, ScalarType::Float, &[4], &input).unwrap();
    c.execute().unwrap();
    assert_eq!(output_bytes(&c), run1);
}
