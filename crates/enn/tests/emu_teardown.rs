//! Faults at teardown (`EnnReleaseBuffers`, `EnnCloseModel`, `EnnDeinitialize`): `Drop`
//! logs and goes on, never panics, never retries, and the library reports exactly what
//! it was left holding. A separate test binary (so a separate process): the objects the
//! library refuses to free stay in its process-global state.
#![allow(clippy::unwrap_used, reason = "tests")]

mod common;

use common::{assert_linear_output, backend, linear_pte, run_linear, Emu};
use pterun_enn::OpenPolicy;
use pterun_enn_sys::EnnReturn;
use pterun_memory::{BufferLoader, DataLoader, SegmentInfo};
use pterun_runtime::{Backend, InitContext};

#[test]
fn teardown_faults_are_logged_not_fatal() {
    let emu = Emu::get();
    emu.set_strict_deinit(false);
    emu.assert_quiescent("start");
    emu.reset();
    let ctx = InitContext { method: "forward", delegate_index: 0 };
    let blob = || {
        let bytes = linear_pte();
        let len = bytes.len();
        BufferLoader::new(bytes).load(0, len, &SegmentInfo::backend(0, "EnnBackend")).unwrap()
    };
    let backend = backend(OpenPolicy::Auto);

    // EnnReleaseBuffers fails: the model still closes, the context still deinitialises,
    // and the library's last deinit reports the two buffers it kept.
    let mut delegate = backend.init(&ctx, blob(), &[]).unwrap();
    assert_linear_output(&run_linear(delegate.as_mut()).unwrap());
    emu.fail("EnnReleaseBuffers", 0, EnnReturn::FAILED.0);
    drop(delegate);
    let c = emu.counters();
    assert_eq!((c.live_models, c.live_buffers, c.context_refs), (0, 2, 0), "{c:?}");
    assert_eq!(c.initialize_calls, c.deinitialize_calls);
    assert_eq!(c.leaks_at_last_deinit, 2);

    // EnnCloseModel fails: buffers were released first; the model is left to the library.
    emu.reset();
    let delegate = backend.init(&ctx, blob(), &[]).unwrap();
    emu.fail("EnnCloseModel", 0, EnnReturn::INVAL.0);
    drop(delegate);
    let c = emu.counters();
    assert_eq!((c.live_models, c.live_buffers, c.context_refs), (1, 2, 0), "{c:?}");
    assert_eq!(c.leaks_at_last_deinit, 3);

    // EnnDeinitialize fails: logged once, not retried; a later context initialises anew.
    emu.reset();
    let delegate = backend.init(&ctx, blob(), &[]).unwrap();
    emu.fail("EnnDeinitialize", 0, EnnReturn::FAILED.0);
    drop(delegate);
    let c = emu.counters();
    assert_eq!((c.initialize_calls, c.deinitialize_calls, c.context_refs), (1, 0, 1), "{c:?}");
    let delegate = backend.init(&ctx, blob(), &[]).unwrap();
    drop(delegate);
    let c = emu.counters();
    assert_eq!((c.initialize_calls, c.deinitialize_calls, c.context_refs), (2, 1, 1), "{c:?}");
}
