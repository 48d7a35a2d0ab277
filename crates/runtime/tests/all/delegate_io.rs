//! `Delegate::prepare`: at method load every delegate learns its arguments (count, types,
//! addresses), and with shared arenas the fd + offset that name each tensor's bytes.

use std::fs::File;
use std::os::fd::OwnedFd;
use std::os::unix::fs::FileExt;
use std::sync::{Arc, Mutex};

use pterun_core::{ErrorCode, ScalarType};
use pterun_memory::MemfdAllocator;
use pterun_runtime::{
    Backend, BackendError, BackendRegistry, CompileSpec, Delegate, DelegateArg, DelegateArgInfo,
    InitContext, LoadOptions, MemoryOptions, Method, Program,
};

use crate::common::{loader, read_json};

/// What one delegate was told about one argument.
#[derive(Debug)]
struct SeenArg {
    dtype: ScalarType,
    sizes: Vec<usize>,
    capacity: usize,
    address: usize,
    shared: Option<(File, u64)>,
}

#[derive(Default)]
struct Seen {
    prepared: Vec<(usize, Vec<SeenArg>)>,
    /// `(delegate, arg, bytes read back through the fd after the delegate wrote them)`.
    read_back: Vec<(usize, usize, bool)>,
}

struct Recorder {
    seen: Arc<Mutex<Seen>>,
    refuse: Option<usize>,
}

impl Backend for Recorder {
    fn name(&self) -> &str {
        "EnnBackend"
    }

    fn init(
        &self,
        context: &InitContext<'_>,
        _blob: pterun_memory::Segment,
        _specs: &[CompileSpec<'_>],
    ) -> Result<Box<dyn Delegate>, BackendError> {
        Ok(Box::new(RecordingDelegate {
            index: context.delegate_index,
            seen: self.seen.clone(),
            refuse: self.refuse,
        }))
    }
}

struct RecordingDelegate {
    index: usize,
    seen: Arc<Mutex<Seen>>,
    refuse: Option<usize>,
}

impl Delegate for RecordingDelegate {
    fn prepare(&mut self, args: &[DelegateArgInfo<'_>]) -> Result<(), BackendError> {
        if self.refuse == Some(self.index) {
            return Err(BackendError::new(ErrorCode::InvalidArgument, "refused at prepare"));
        }
        let args = args
            .iter()
            .map(|a| match a {
                DelegateArgInfo::Tensor(t) => SeenArg {
                    dtype: t.dtype,
                    sizes: t.sizes.to_vec(),
                    capacity: t.capacity,
                    address: t.address,
                    shared: t.shared.map(|s| {
                        let fd: OwnedFd = s.fd.try_clone_to_owned().unwrap();
                        (File::from(fd), s.offset)
                    }),
                },
                other => panic!("unexpected argument {other:?}"),
            })
            .collect();
        self.seen.lock().unwrap().prepared.push((self.index, args));
        Ok(())
    }

    fn execute(&mut self, args: &mut [DelegateArg<'_>]) -> Result<(), BackendError> {
        let mut seen = self.seen.lock().unwrap();
        let Seen { prepared, read_back } = &mut *seen;
        let (_, infos) = prepared.iter().find(|(i, _)| *i == self.index).unwrap();
        for (k, (arg, info)) in args.iter_mut().zip(infos).enumerate() {
            let DelegateArg::Tensor(t) = arg else { panic!("argument {k} is not a tensor") };
            let bytes = t.bytes_mut();
            assert_eq!(bytes.as_ptr() as usize, info.address, "argument {k} moved");
            assert_eq!(bytes.len(), info.capacity);
            // Write a pattern and read it back through the fd: the same bytes.
            for (i, b) in bytes.iter_mut().enumerate() {
                *b = (i as u8).wrapping_mul(7).wrapping_add(self.index as u8 + k as u8);
            }
            if let Some((file, offset)) = &info.shared {
                let mut back = vec![0u8; bytes.len()];
                file.read_exact_at(&mut back, *offset).unwrap();
                read_back.push((self.index, k, back == *bytes));
            }
        }
        Ok(())
    }
}

fn load(
    memory: MemoryOptions<'_>,
    refuse: Option<usize>,
) -> (Result<Method, String>, Arc<Mutex<Seen>>) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/enn/two_partitions.pte");
    let program = Program::load(loader(&path)).unwrap();
    let seen = Arc::new(Mutex::new(Seen::default()));
    let mut backends = BackendRegistry::new();
    backends.register(Arc::new(Recorder { seen: seen.clone(), refuse })).unwrap();
    let kernels = pterun_kernels::Registry::portable();
    let options = LoadOptions {
        kernels: &kernels,
        backends: &backends,
        external_data: None,
        passes: pterun_runtime::Passes::ALL,
    };
    let method =
        Method::load_with_memory(&program, "forward", options, memory).map_err(|e| e.to_string());
    (method, seen)
}

/// `(dtype, sizes)` of every argument of every delegate call, from the exporter's manifest.
fn manifest_calls() -> Vec<Vec<(String, Vec<usize>)>> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/enn/two_partitions.manifest.json");
    let manifest = read_json(&path);
    let sig = |v: &serde_json::Value| {
        let dtype = v["dtype"].as_str().unwrap().to_owned();
        let sizes = v["sizes"].as_array().unwrap().iter().map(|s| s.as_u64().unwrap() as usize);
        (dtype, sizes.collect())
    };
    manifest["blobs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            let ins = b["inputs"].as_array().unwrap().iter().map(sig);
            ins.chain(b["outputs"].as_array().unwrap().iter().map(sig)).collect()
        })
        .collect()
}

#[test]
fn delegates_learn_their_arguments_and_shared_locations() {
    let memfd = MemfdAllocator::with_label("arena-test");
    for shared in [false, true] {
        let memory = MemoryOptions {
            arena_allocator: if shared {
                Some(&memfd as &dyn pterun_memory::SharedAllocator)
            } else {
                None
            },
        };
        let (method, seen) = load(memory, None);
        let mut method = method.unwrap();
        let expected = manifest_calls();
        {
            let seen = seen.lock().unwrap();
            assert_eq!(seen.prepared.len(), expected.len(), "one prepare per call site");
            for (index, args) in &seen.prepared {
                let want = &expected[*index];
                assert_eq!(args.len(), want.len(), "delegate {index}: argument count");
                for (arg, (dtype, sizes)) in args.iter().zip(want) {
                    assert_eq!(arg.dtype.name(), dtype.as_str());
                    assert_eq!(&arg.sizes, sizes);
                    assert_eq!(arg.capacity, sizes.iter().product::<usize>() * 4);
                    assert_eq!(arg.shared.is_some(), shared, "delegate {index}: {arg:?}");
                }
            }
        }
        method.set_input(0, ScalarType::Float, &[1, 3, 16, 16], &[0u8; 3 * 16 * 16 * 4]).unwrap();
        method.execute().unwrap();
        let seen = seen.lock().unwrap();
        if shared {
            // Every tensor argument of both delegates was read back through its fd.
            assert_eq!(seen.read_back.len(), 4, "{:?}", seen.read_back);
            assert!(seen.read_back.iter().all(|r| r.2), "{:?}", seen.read_back);
        } else {
            assert!(seen.read_back.is_empty());
        }
    }
}

#[test]
fn a_refused_prepare_fails_the_method_load() {
    let (method, _) = load(MemoryOptions::default(), Some(1));
    let err = method.unwrap_err();
    assert!(err.contains("refused at prepare"), "{err}");
}
