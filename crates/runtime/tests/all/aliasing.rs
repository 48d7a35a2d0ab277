//! Tensors that share planned bytes on purpose: the exporter removes a static view by
//! giving its tensor the base's bytes. Constant folding must take such views along, and
//! debug builds refuse a program whose alias is read before anything writes its bytes.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use pterun_memory::BufferLoader;
use pterun_runtime::{BackendRegistry, Error, LoadOptions, Method, Program};
use pterun_schema::container;
use pterun_schema::pte;

use crate::common::loader;

fn zoo_case(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../../fixtures/zoo/{name}.pte"))
}

fn load(program: &Program) -> Result<Method, Error> {
    let kernels = pterun_kernels::Registry::portable();
    let backends = BackendRegistry::new();
    let options = LoadOptions {
        kernels: &kernels,
        backends: &backends,
        external_data: None,
        passes: pterun_runtime::Passes::ALL,
    };
    Method::load(program, "forward", options)
}

/// `x + (W * 2).reshape(60)`: the product is folded at load, and the reshape (no
/// instruction: the exporter gave its tensor the product's planned bytes) moves with it.
#[test]
fn a_folded_result_takes_the_views_that_share_its_bytes_along() {
    let program = Program::load(loader(&zoo_case("fold_reshape_alias"))).expect("loads");
    let method = load(&program).expect("method loads");
    let stats = method.load_stats();
    assert_eq!(stats.folded_instructions, 2, "{stats:?}");
    assert_eq!(stats.folded_views, 1, "{stats:?}");
}

/// The same program with the last instruction (`add`, reading the reshape's tensor)
/// moved first: the alias is read before the product writes its bytes.
#[test]
#[cfg(debug_assertions)]
fn an_alias_read_before_its_bytes_are_written_is_refused_in_debug_builds() {
    let bytes = std::fs::read(zoo_case("fold_reshape_alias")).expect("fixture exists");
    let mut decoded = container::decode(&bytes).expect("decodes");
    let method: &mut pte::Method = &mut decoded.program.methods.as_mut().unwrap()[0];
    let instructions = method.chains.as_mut().unwrap()[0].instructions.as_mut().unwrap();
    let last = instructions.pop().expect("instructions");
    instructions.insert(0, last);
    let edited = container::encode(&decoded.program, decoded.segment_data.as_deref());
    let program = Program::load(Arc::new(BufferLoader::new(edited))).expect("still parses");
    match load(&program) {
        Err(e @ Error::DanglingAlias { .. }) => {
            assert_eq!(e.code(), pterun_core::ErrorCode::InvalidProgram, "{e}");
        }
        other => panic!("expected DanglingAlias, got {other:?}"),
    }
}
