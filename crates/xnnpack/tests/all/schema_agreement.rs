//! The hand-written reader against the planus code generated from
//! `crates/schema/fbs/xnnpack.fbs`, on every delegate of every XNNPACK fixture: a slot
//! that drifts from the schema fails here.

use pterun_schema::planus::ReadAsRoot;
use pterun_schema::xnn;
use pterun_xnnpack::graph::ConstantSource;
use pterun_xnnpack::Graph;
use serde_json::Value;

use crate::common::{blobs, xnnpack_fixtures};

/// Every `*_id` field of a node's table, in the generated JSON form, minus absent ones.
fn ids(node: &Value) -> Vec<u32> {
    let table = node.as_object().unwrap().values().next().unwrap();
    let mut out: Vec<u32> = table
        .as_object()
        .unwrap()
        .iter()
        .filter(|(k, _)| k.ends_with("_id"))
        .map(|(_, v)| v.as_u64().unwrap() as u32)
        .filter(|&id| id != u32::MAX)
        .collect();
    out.sort_unstable();
    out
}

#[test]
fn hand_written_reader_agrees_with_the_generated_one() {
    let mut nodes_checked = 0;
    let mut kinds = std::collections::BTreeSet::new();
    for (dir, name) in xnnpack_fixtures() {
        let pte = std::fs::read(dir.join(format!("{name}.pte"))).unwrap();
        for (d, blob) in blobs(&pte).iter().enumerate() {
            let ours = Graph::parse(blob).unwrap();
            let (start, len) = ours.layout.flatbuffer;
            let theirs: xnn::XnnGraph = xnn::XnnGraphRef::read_as_root(&blob[start..start + len])
                .unwrap()
                .try_into()
                .unwrap();
            let at = format!("{name} delegate {d}");
            assert_eq!(ours.num_externs, theirs.num_externs, "{at}");
            let values = theirs.xvalues.unwrap_or_default();
            assert_eq!(ours.values.len(), values.len(), "{at}");
            for (o, t) in ours.values.iter().zip(&values) {
                let (t, quantized) = match t.value.as_ref().unwrap() {
                    xnn::ValueUnion::TensorValue(t) => (t.as_ref(), false),
                    xnn::ValueUnion::QuantizedTensorValue(q) => {
                        (q.tensor_value.as_deref().unwrap(), true)
                    }
                };
                assert_eq!(o.id, t.id_out, "{at}");
                assert_eq!(
                    o.datatype.name(),
                    format!("{:?}", t.datatype).to_lowercase(),
                    "{at} {}",
                    o.id
                );
                let dims: Vec<usize> = t.dims.iter().flatten().map(|&d| d as usize).collect();
                assert_eq!(o.dims, dims, "{at} value {}", o.id);
                assert_eq!(o.constant.unwrap_or(0), t.constant_buffer_idx, "{at}");
                assert_eq!(o.external_id.unwrap_or(u32::MAX), t.external_id, "{at}");
                assert_eq!(o.is_input, t.flags & 1 != 0, "{at}");
                assert_eq!(o.is_output, t.flags & 2 != 0, "{at}");
                assert_eq!(o.quantization.is_some(), quantized, "{at}");
            }
            let nodes = theirs.xnodes.unwrap_or_default();
            assert_eq!(ours.nodes.len(), nodes.len(), "{at}");
            for (i, (o, t)) in ours.nodes.iter().zip(&nodes).enumerate() {
                let json = serde_json::to_value(t.node.as_ref().unwrap()).unwrap();
                let kind = json.as_object().unwrap().keys().next().unwrap().clone();
                assert_eq!(o.kind.name().to_lowercase(), kind.to_lowercase(), "{at} node {i}");
                let mut mine: Vec<u32> = o.inputs().into_iter().chain(o.outputs()).collect();
                mine.sort_unstable();
                assert_eq!(mine, ids(&json), "{at} node {i} ({kind})");
                let clamp = t.output_min_max.as_ref().map(|m| (m.output_min, m.output_max));
                assert_eq!(o.output_min_max, clamp, "{at} node {i}");
                assert_eq!(o.debug_handle, t.debug_handle, "{at} node {i}");
                kinds.insert(kind);
                nodes_checked += 1;
            }
            let constants = theirs.constant_data.unwrap_or_default();
            assert_eq!(ours.constants.len(), constants.len(), "{at}");
            for (o, t) in ours.constants.iter().zip(&constants) {
                match o {
                    ConstantSource::Named { key, size } => {
                        assert_eq!(Some(*key), t.named_key.as_deref(), "{at}");
                        assert_eq!(*size, t.size, "{at}");
                    }
                    ConstantSource::Blob { offset, size } => {
                        assert_eq!(*offset, ours.layout.constants.0 + t.offset as usize, "{at}");
                        assert_eq!(*size as u64, t.size, "{at}");
                    }
                    ConstantSource::Unused => assert_eq!(t.size, 0, "{at}"),
                }
            }
        }
    }
    assert!(nodes_checked > 50, "only {nodes_checked} nodes");
    assert!(kinds.len() >= 20, "node kinds exercised: {kinds:?}");
}
