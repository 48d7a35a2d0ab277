//! Verified, typed view of a `.pte` program.
//!
//! [`Program::parse`] walks the whole FlatBuffer once, checks every index, offset and size,
//! and builds plain Rust types that borrow strings and inline bytes from the input. After
//! that no accessor can fail: holding a `Program` is the proof that the file is consistent.
//! Data that lives in segments (constants, delegate blobs, named data, initial state of
//! mutable buffers) is described by absolute [`FileRange`]s for a data loader to fetch;
//! this crate never copies or reads it.

use std::collections::BTreeMap;

use pterun_core::{ScalarType, ShapeDynamism};

use crate::budget::Budget;
use crate::error::Error;
use crate::flat::{Fields, FlatBufferFault, Read, Scalar, Shapes, Table, Vector};

mod slot;

/// Parsing passes errors boxed: a `Result` of a pointer moves far less than the full
/// error enum on every successful field read.
pub(crate) type Result<T, E = Box<Error>> = std::result::Result<T, E>;
use crate::header::{check_program_identifier, ExtendedHeader};
use crate::views::{Bools, Dims, Doubles, Indices, OptionalIndices};

/// Largest tensor rank accepted, as in the reference runtime.
pub const MAX_RANK: usize = 16;

/// A byte range of the file, absolute from its first byte.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct FileRange {
    /// Absolute offset.
    pub offset: u64,
    /// Length in bytes.
    pub len: u64,
}

impl FileRange {
    /// One past the last byte. Never overflows: ranges are checked against the file length.
    pub fn end(&self) -> u64 {
        self.offset.saturating_add(self.len)
    }

    /// The largest power of two (up to 1 MiB) that divides the offset.
    pub fn alignment(&self) -> u64 {
        alignment_of(self.offset)
    }
}

pub(crate) fn alignment_of(offset: u64) -> u64 {
    const CAP: u64 = 1 << 20;
    if offset == 0 {
        CAP
    } else {
        (1u64 << offset.trailing_zeros()).min(CAP)
    }
}

/// A verified program.
#[derive(Debug, Clone)]
pub struct Program<'a> {
    header: Option<ExtendedHeader>,
    file_len: u64,
    program_len: u64,
    version: u32,
    methods: Vec<Method<'a>>,
    segments: Vec<FileRange>,
    segment_table: Vec<(u64, u64)>,
    constants: Constants<'a>,
    constant_table: Option<SubSegmentTable>,
    mutable_tables: Vec<SubSegmentTable>,
    named_data: Vec<NamedData<'a>>,
    inline_blobs: Vec<InlineBytes<'a>>,
}

/// A table of offsets into one segment (constants or initial state of mutable buffers).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubSegmentTable {
    /// Segment holding the data.
    pub segment_index: usize,
    /// Offset of each entry in the segment; entry 0 is a reserved placeholder.
    pub offsets: Vec<u64>,
}

/// Where the program's constant tensors live.
#[derive(Debug, Clone)]
pub enum Constants<'a> {
    /// The program has no constants.
    None,
    /// In one segment (current writers).
    Segment(SubSegmentTable),
    /// Inside the FlatBuffer (writers before late 2024); entry 0 is reserved.
    Inline(Vec<InlineBytes<'a>>),
}

/// Bytes stored inside the FlatBuffer, with their position in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InlineBytes<'a> {
    /// The bytes.
    pub bytes: &'a [u8],
    /// Absolute file offset of the first byte.
    pub offset: u64,
}

/// A key of the program's named data, backed by a segment.
#[derive(Debug, Clone, Copy)]
pub struct NamedData<'a> {
    /// The key (XNNPACK uses SHA-256 digests).
    pub key: &'a str,
    /// Segment index.
    pub segment_index: usize,
    /// Where the data is in the file.
    pub range: FileRange,
}

/// One method (an `ExecutionPlan`).
#[derive(Debug, Clone)]
pub struct Method<'a> {
    /// Method name, for example `forward`.
    pub name: &'a str,
    /// Value table.
    pub values: Vec<Value<'a>>,
    /// Value indices of the user inputs.
    pub inputs: Vec<usize>,
    /// Value indices of the outputs.
    pub outputs: Vec<usize>,
    /// Instruction chains (writers emit exactly one).
    pub chains: Vec<Vec<Instruction<'a>>>,
    /// Operators called by kernel instructions.
    pub operators: Vec<Operator<'a>>,
    /// Delegated subgraphs.
    pub delegates: Vec<Delegate<'a>>,
    /// Sizes of the planned memory arenas; entry 0 is reserved.
    pub arena_sizes: Vec<u64>,
    /// Arenas that live on a device other than the CPU: (arena index, device kind, ordinal).
    pub arena_devices: Vec<(usize, i8, i8)>,
    /// Pytree encoding of inputs, if written.
    pub inputs_spec: Option<&'a str>,
    /// Pytree encoding of outputs, if written.
    pub outputs_spec: Option<&'a str>,
}

impl Method<'_> {
    /// How many kernel instructions call each operator, in operator-table order.
    pub fn operator_call_counts(&self) -> Vec<usize> {
        let mut counts = vec![0; self.operators.len()];
        for instruction in self.chains.iter().flatten() {
            if let Instruction::Kernel { operator, .. } = instruction {
                if let Some(count) = counts.get_mut(*operator) {
                    *count += 1;
                }
            }
        }
        counts
    }

    /// Total number of instructions over all chains.
    pub fn instruction_count(&self) -> usize {
        self.chains.iter().map(Vec::len).sum()
    }
}

/// An operator name with its overload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Operator<'a> {
    /// Qualified name, for example `aten::convolution`.
    pub name: &'a str,
    /// Overload, for example `out`; empty for the default overload.
    pub overload: &'a str,
}

impl Operator<'_> {
    /// The kernel registry key: `name.overload`, or `name` when the overload is empty.
    pub fn full_name(&self) -> String {
        if self.overload.is_empty() {
            self.name.to_string()
        } else {
            format!("{}.{}", self.name, self.overload)
        }
    }
}

/// A delegated subgraph: the backend that runs it, its blob and its compile specs.
#[derive(Debug, Clone)]
pub struct Delegate<'a> {
    /// Backend name, for example `XnnpackBackend` or `EnnBackend`.
    pub backend_id: &'a str,
    /// Where the backend's blob is.
    pub blob: DelegateBlob<'a>,
    /// Backend options as key and raw bytes.
    pub compile_specs: Vec<CompileSpec<'a>>,
}

/// Where a delegate's blob lives.
#[derive(Debug, Clone, Copy)]
pub enum DelegateBlob<'a> {
    /// Inside the FlatBuffer, entry `index` of the inline blob table.
    Inline {
        /// Index in the inline table.
        index: usize,
        /// The bytes and their file offset.
        data: InlineBytes<'a>,
    },
    /// In segment `index`.
    Segment {
        /// Segment index.
        index: usize,
        /// Where the segment is in the file.
        range: FileRange,
    },
}

impl DelegateBlob<'_> {
    /// The blob's range in the file.
    pub fn file_range(&self) -> FileRange {
        match self {
            DelegateBlob::Inline { data, .. } => {
                FileRange { offset: data.offset, len: data.bytes.len() as u64 }
            }
            DelegateBlob::Segment { range, .. } => *range,
        }
    }
}

/// A backend option.
#[derive(Debug, Clone, Copy)]
pub struct CompileSpec<'a> {
    /// Option name.
    pub key: &'a str,
    /// Raw value bytes.
    pub value: &'a [u8],
}

/// One instruction. Every index in it was checked at parse time.
#[derive(Debug, Clone, PartialEq)]
pub enum Instruction<'a> {
    /// Call operator `operator` with the values `args` (inputs, then outputs).
    Kernel {
        /// Index in the method's operator table.
        operator: usize,
        /// Value indices.
        args: Indices<'a>,
    },
    /// Run delegate `delegate` with the values `args` (inputs, then outputs).
    Delegate {
        /// Index in the method's delegate table.
        delegate: usize,
        /// Value indices.
        args: Indices<'a>,
    },
    /// Make value `to` refer to what value `from` refers to.
    Move {
        /// Source value.
        from: usize,
        /// Destination value.
        to: usize,
    },
    /// Jump to `destination` when value `condition` is false; past the end ends the chain.
    JumpFalse {
        /// Bool or bool tensor value.
        condition: usize,
        /// Instruction index, at most the chain length.
        destination: usize,
    },
    /// Drop the data pointer of tensor `value`.
    Free {
        /// Tensor value.
        value: usize,
    },
}

/// One entry of a method's value table.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    /// No value.
    Null,
    /// An integer.
    Int(i64),
    /// A boolean.
    Bool(bool),
    /// A float.
    Double(f64),
    /// A string.
    String(&'a str),
    /// A list of integers given as indices of `Int` values (each checked to be one).
    IntList(Indices<'a>),
    /// A list of floats.
    DoubleList(Doubles<'a>),
    /// A list of booleans.
    BoolList(Bools<'a>),
    /// A tensor.
    Tensor(Tensor<'a>),
    /// A list of tensors given as value indices (each checked to be a tensor).
    TensorList(Indices<'a>),
    /// A list of optional tensors (each a tensor or `Null` value, or absent).
    OptionalTensorList(OptionalIndices<'a>),
}

impl Value<'_> {
    /// The kind's name, as used in error messages and reports.
    pub fn kind_name(&self) -> &'static str {
        match self {
            Value::Null => "none",
            Value::Int(_) => "int",
            Value::Bool(_) => "bool",
            Value::Double(_) => "double",
            Value::String(_) => "string",
            Value::IntList(_) => "int_list",
            Value::DoubleList(_) => "double_list",
            Value::BoolList(_) => "bool_list",
            Value::Tensor(_) => "tensor",
            Value::TensorList(_) => "tensor_list",
            Value::OptionalTensorList(_) => "optional_tensor_list",
        }
    }
}

/// A tensor's metadata and where its data comes from.
#[derive(Debug, Clone, PartialEq)]
pub struct Tensor<'a> {
    /// Element type.
    pub scalar_type: ScalarType,
    /// Sizes; for dynamic tensors these are the upper bounds.
    pub sizes: Dims<'a>,
    /// Dimension order, outermost first (a permutation of `0..rank`).
    pub dim_order: &'a [u8],
    /// Whether the sizes may change at run time.
    pub dynamism: ShapeDynamism,
    /// Bytes of the tensor at its serialized (maximum) sizes.
    pub nbytes: u64,
    /// Set on parameters; ignored by runtimes.
    pub requires_grad: bool,
    /// Fully qualified name, when written (parameters, buffers, external data keys).
    pub name: Option<&'a str>,
    /// Where the data is.
    pub data: TensorData<'a>,
}

impl Tensor<'_> {
    /// Number of elements at the serialized sizes.
    pub fn numel(&self) -> usize {
        self.sizes.numel()
    }
}

/// Where a tensor's bytes come from at run time.
#[derive(Debug, Clone, PartialEq)]
pub enum TensorData<'a> {
    /// Nothing: the caller provides it (unplanned inputs, outputs, placeholders).
    RuntimeProvided,
    /// A constant in the program's constant segment.
    Constant {
        /// Entry in the constant table.
        index: usize,
        /// Exactly `nbytes` bytes of the file.
        range: FileRange,
    },
    /// A constant stored inside the FlatBuffer (old writers).
    InlineConstant {
        /// Entry in the inline constant table.
        index: usize,
        /// The tensor's bytes.
        bytes: InlineBytes<'a>,
    },
    /// A constant stored in an external data file, looked up by key.
    External {
        /// Key in the `.ptd` file.
        key: &'a str,
    },
    /// Memory-planned: a slice of a method arena.
    Planned {
        /// Arena index in `Method::arena_sizes` (at least 1).
        arena: usize,
        /// Byte offset in the arena.
        offset: u64,
        /// Initial contents copied in at method load, if any.
        initial: Option<InitialState<'a>>,
    },
}

/// Where a planned tensor's initial contents come from.
#[derive(Debug, Clone, PartialEq)]
pub enum InitialState<'a> {
    /// From the program's mutable data segment.
    Segment {
        /// Entry in the mutable data table.
        index: usize,
        /// Exactly `nbytes` bytes of the file.
        range: FileRange,
    },
    /// From an external data file.
    External {
        /// Key in the `.ptd` file.
        key: &'a str,
    },
}

#[cold]
pub(crate) fn fail<T>(error: Error) -> Result<T> {
    Err(Box::new(error))
}

#[cold]
fn malformed(table: &'static str, fault: FlatBufferFault) -> Box<Error> {
    Box::new(Error::FlatBuffer { table, fault })
}

/// Turns a structural fault into an error naming the table being read.
#[inline(always)]
pub(crate) fn fb<T>(table: &'static str, read: Read<T>) -> Result<T> {
    read.map_err(|fault| malformed(table, fault))
}

#[inline(always)]
pub(crate) fn required<T>(table: &'static str, field: &'static str, value: Option<T>) -> Result<T> {
    match value {
        Some(value) => Ok(value),
        None => fail(Error::MissingField { table, field }),
    }
}

fn offset_in(base: &[u8], inner: &[u8]) -> u64 {
    // Both slices come from the same buffer; the difference is the position of `inner`.
    (inner.as_ptr() as usize).saturating_sub(base.as_ptr() as usize) as u64
}

impl<'a> Program<'a> {
    /// Parses and verifies a whole `.pte` file held in memory (for example a mapping).
    pub fn parse(file: &'a [u8]) -> crate::Result<Program<'a>> {
        let header = ExtendedHeader::parse(file)?;
        let file_len = file.len() as u64;
        let program_len = match &header {
            Some(header) => header.program_len(file_len)?,
            None => file_len,
        };
        let program = file
            .get(..program_len as usize)
            .ok_or(Error::ProgramSizeOutOfRange { program_size: program_len, file_len })?;
        Program::parse_program_data(program, file_len)
    }

    /// Parses the program data (the file's first `program_size` bytes, see
    /// [`ExtendedHeader`]) of a file of `file_len` bytes. Segment ranges are checked against
    /// `file_len`; their bytes are not needed.
    pub fn parse_program_data(program: &'a [u8], file_len: u64) -> crate::Result<Program<'a>> {
        check_program_identifier(program)?;
        let header = ExtendedHeader::parse(program)?;
        if let Some(header) = &header {
            let program_len = header.program_len(file_len)?;
            if program_len != program.len() as u64 {
                return Err(Error::ProgramSizeOutOfRange {
                    program_size: header.program_size,
                    file_len: program.len() as u64,
                });
            }
        }
        let root_offset = u32::from_le_bytes([program[0], program[1], program[2], program[3]]);
        if root_offset < 8 || u64::from(root_offset) + 4 > program.len() as u64 {
            return Err(Error::RootOutOfRange { offset: root_offset, len: program.len() as u64 });
        }
        let root = fb("Program", Table::root(program)).map_err(|e| *e)?;
        let budget = Budget::new(program.len());
        Parser { program, file_len, header, budget: &budget }.program(root).map_err(|e| *e)
    }

    /// The extended header, absent in files without segment data.
    pub fn header(&self) -> Option<&ExtendedHeader> {
        self.header.as_ref()
    }

    /// Length of the whole file the program was checked against.
    pub fn file_len(&self) -> u64 {
        self.file_len
    }

    /// Length of the FlatBuffer part (the file's first bytes).
    pub fn program_len(&self) -> u64 {
        self.program_len
    }

    /// The schema version field (writers emit 0).
    pub fn version(&self) -> u32 {
        self.version
    }

    /// All methods, in file order.
    pub fn methods(&self) -> &[Method<'a>] {
        &self.methods
    }

    /// The method called `name`.
    pub fn method(&self, name: &str) -> Option<&Method<'a>> {
        self.methods.iter().find(|m| m.name == name)
    }

    /// Absolute file ranges of the segments, in table order.
    pub fn segments(&self) -> &[FileRange] {
        &self.segments
    }

    /// The segment table as written: (offset from the segment base, size).
    pub fn segment_table(&self) -> &[(u64, u64)] {
        &self.segment_table
    }

    /// Where constants are stored.
    pub fn constants(&self) -> &Constants<'a> {
        &self.constants
    }

    /// The constant segment table as written, even when it holds only the reserved entry.
    pub fn constant_table(&self) -> Option<&SubSegmentTable> {
        self.constant_table.as_ref()
    }

    /// Tables of initial state for mutable buffers (at most one).
    pub fn mutable_data_tables(&self) -> &[SubSegmentTable] {
        &self.mutable_tables
    }

    /// Named data stored in the program's segments.
    pub fn named_data(&self) -> &[NamedData<'a>] {
        &self.named_data
    }

    /// Inline delegate blobs.
    pub fn inline_blobs(&self) -> &[InlineBytes<'a>] {
        &self.inline_blobs
    }

    /// Total bytes of constant tensor data (the constant segment, or the inline buffers).
    pub fn constant_bytes(&self) -> u64 {
        match &self.constants {
            Constants::None => 0,
            Constants::Segment(table) => {
                self.segments.get(table.segment_index).map_or(0, |r| r.len)
            }
            Constants::Inline(buffers) => buffers.iter().map(|b| b.bytes.len() as u64).sum(),
        }
    }
}

/// Segment ranges in the file, and the segment table as written.
type SegmentTables = (Vec<FileRange>, Vec<(u64, u64)>);

struct Parser<'a, 'b> {
    program: &'a [u8],
    file_len: u64,
    header: Option<ExtendedHeader>,
    /// What the parse may still read (see `budget.rs`). Held by reference: a `Cell` inside
    /// the parser itself would make every `&self` read of its fields a reload.
    budget: &'b Budget,
}

/// What the values of one method are checked against.
#[derive(Clone, Copy)]
struct MethodScope<'p, 'a> {
    /// Position of the method, for errors.
    method: usize,
    tables: &'p DataTables<'p, 'a>,
    arena_sizes: &'p [u64],
}

/// The vtables seen so far for each table type of a method's value table.
struct ValueShapes {
    entry: Shapes<2>,
    /// Single-field value tables (ints, lists...), by union tag.
    single: [Shapes<1>; 12],
    tensor: Shapes<{ slot::tensor::SLOTS }>,
    placement: Shapes<3>,
    extras: Shapes<3>,
}

impl ValueShapes {
    fn new() -> Self {
        ValueShapes {
            entry: Shapes::new(),
            single: std::array::from_fn(|_| Shapes::new()),
            tensor: Shapes::new(),
            placement: Shapes::new(),
            extras: Shapes::new(),
        }
    }
}

/// The vtables seen so far for each table type of a method's instructions.
struct InstructionShapes {
    entry: Shapes<2>,
    /// The call tables, by union tag (all have at most two fields).
    call: [Shapes<2>; 6],
}

impl InstructionShapes {
    fn new() -> Self {
        InstructionShapes { entry: Shapes::new(), call: std::array::from_fn(|_| Shapes::new()) }
    }
}

/// What a method's tensors may refer to, resolved from the program tables first.
struct DataTables<'p, 'a> {
    segments: &'p [FileRange],
    constants: ConstantSource<'p, 'a>,
    /// The initial state of mutable buffers, when the program has some.
    mutable: Option<ResolvedTable<'p>>,
}

/// Where constant tensors are, as [`Constants`] with the segment table resolved.
enum ConstantSource<'p, 'a> {
    None,
    Segment(ResolvedTable<'p>),
    Inline(&'p [InlineBytes<'a>]),
}

/// A sub-segment table with each entry resolved against its segment, so that a tensor's
/// range is one lookup and one comparison.
struct ResolvedTable<'p> {
    /// Constants, or initial state of mutable buffers: which errors name the table.
    mutable: bool,
    table: &'p SubSegmentTable,
    /// The program's segments, which the table was resolved against.
    segments: &'p [FileRange],
    /// Per entry, its file offset and the bytes of the segment from there on. Empty when
    /// the segment does not exist or an entry lies outside it: then every lookup takes the
    /// path that names the error.
    entries: Vec<(u64, u64)>,
}

impl<'p> ResolvedTable<'p> {
    fn new(mutable: bool, table: &'p SubSegmentTable, segments: &'p [FileRange]) -> Self {
        // Tables of only the placeholder entry are not checked against their segment at
        // parse time: resolve only a table whose entries all lie inside it.
        let entries = match segments.get(table.segment_index) {
            Some(segment) if table.offsets.iter().all(|&offset| offset <= segment.len) => table
                .offsets
                .iter()
                .map(|&offset| (segment.offset + offset, segment.len - offset))
                .collect(),
            _ => Vec::new(),
        };
        ResolvedTable { mutable, table, segments, entries }
    }

    /// The `nbytes` bytes of entry `index`, for tensor `value` of `method`.
    #[inline]
    fn range(&self, method: usize, value: usize, index: u32, nbytes: u64) -> Result<FileRange> {
        match self.entries.get(index as usize) {
            Some(&(offset, room)) if nbytes <= room => Ok(FileRange { offset, len: nbytes }),
            _ => self.fault(method, value, index, nbytes),
        }
    }

    /// Names what `range` found wrong, from the table as written.
    #[cold]
    fn fault(&self, method: usize, value: usize, index: u32, nbytes: u64) -> Result<FileRange> {
        let table = self.table;
        let source_name = if self.mutable { "mutable data segment" } else { "constant segment" };
        let Some(&offset) = table.offsets.get(index as usize) else {
            let count = table.offsets.len();
            return fail(match self.mutable {
                true => Error::MutableIndexOutOfRange { method, value, index, count },
                false => Error::ConstantIndexOutOfRange { method, value, index, count },
            });
        };
        let segment = segment_at(self.segments, source_name, table.segment_index as u64)?;
        if offset.checked_add(nbytes).is_none_or(|end| end > segment.len) {
            return fail(Error::TensorDataOutOfRange {
                method,
                value,
                source_name,
                offset,
                nbytes,
                available: segment.len,
            });
        }
        Ok(FileRange { offset: segment.offset + offset, len: nbytes })
    }
}

/// The table items of an optional vector-of-tables field.
pub(crate) fn table_items<'a>(
    table: &'static str,
    vector: Option<Vector<'a>>,
) -> impl Iterator<Item = Result<Table<'a>>> + 'a {
    vector.into_iter().flat_map(|v| v.tables()).map(move |t| fb(table, t))
}

impl<'a> Parser<'a, '_> {
    /// Charges the read of `bytes` bytes of a vector or string to the budget.
    #[inline]
    fn charge(&self, what: &'static str, bytes: usize) -> Result<()> {
        self.budget.charge(what, bytes)
    }

    /// Charges a vector whose items will be read, when present.
    #[inline]
    fn charge_vector(&self, what: &'static str, vector: Option<&Vector<'_>>) -> Result<()> {
        vector.map_or(Ok(()), |v| self.charge(what, v.byte_len()))
    }

    /// Charges a string, when present.
    #[inline]
    fn charge_text(&self, what: &'static str, text: Option<&str>) -> Result<()> {
        text.map_or(Ok(()), |t| self.charge(what, t.len()))
    }

    fn program(&self, root: Table<'a>) -> Result<Program<'a>> {
        use slot::program as p;
        let version = fb("Program.version", root.scalar::<u32>(p::VERSION, 0))?;
        let (segments, segment_table) = self.segments(root)?;
        // Inline buffers are located, not read: only their tables are charged.
        let inline_constants = self.inline_bytes(
            "Program.inline_constants",
            fb("Program", root.tables(p::INLINE_CONSTANTS))?,
        )?;
        let inline_blobs = self.inline_bytes(
            "Program.inline_delegate_blobs",
            fb("Program", root.tables(p::INLINE_DELEGATE_BLOBS))?,
        )?;

        let constant_table = match fb("Program", root.table(p::CONSTANT_SEGMENT))? {
            Some(table) => Some(self.sub_segments("constant_segment", table, &segments)?),
            None => None,
        };
        let constants = match constant_table.clone() {
            Some(table) if table.offsets.len() > 1 => {
                if inline_constants.len() > 1 {
                    return fail(Error::ConflictingConstantStorage);
                }
                Constants::Segment(table)
            }
            _ if inline_constants.len() > 1 => Constants::Inline(inline_constants),
            _ => Constants::None,
        };

        let mut mutable_tables = Vec::new();
        if let Some(tables) = fb("Program", root.tables(p::MUTABLE_SEGMENTS))? {
            self.charge("Program.mutable_segments", tables.byte_len())?;
            if tables.len() > 1 {
                return fail(Error::TooManyMutableDataTables { count: tables.len() });
            }
            for table in table_items("Program.mutable_segments", Some(tables)) {
                mutable_tables.push(self.sub_segments(
                    "mutable_data_segments",
                    table?,
                    &segments,
                )?);
            }
        }

        let mut named_data = Vec::new();
        let named = fb("Program", root.tables(p::NAMED_DATA))?;
        self.charge_vector("Program.named_data", named.as_ref())?;
        for entry in table_items("Program.named_data", named) {
            let entry = entry?;
            let key = required("NamedData", "key", fb("NamedData", entry.str(slot::KEY))?)?;
            self.charge("NamedData.key", key.len())?;
            let index = fb("NamedData", entry.scalar::<u32>(slot::VALUE, 0))?;
            let range = segment_at(&segments, "named data", u64::from(index))?;
            named_data.push(NamedData { key, segment_index: index as usize, range });
        }

        let tables = DataTables {
            segments: &segments,
            constants: match &constants {
                Constants::None => ConstantSource::None,
                Constants::Segment(table) => {
                    ConstantSource::Segment(ResolvedTable::new(false, table, &segments))
                }
                Constants::Inline(buffers) => ConstantSource::Inline(buffers),
            },
            mutable: mutable_tables.first().map(|table| ResolvedTable::new(true, table, &segments)),
        };
        let plans = required("Program", "methods", fb("Program", root.tables(p::METHODS))?)?;
        self.charge("Program.methods", plans.byte_len())?;
        let mut methods = Vec::with_capacity(plans.len());
        for (position, plan) in table_items("Program.methods", Some(plans)).enumerate() {
            methods.push(self.method(position, plan?, &tables, &inline_blobs)?);
        }

        Ok(Program {
            header: self.header,
            file_len: self.file_len,
            program_len: self.program.len() as u64,
            version,
            methods,
            segments,
            segment_table,
            constants,
            constant_table,
            mutable_tables,
            named_data,
            inline_blobs,
        })
    }

    /// Returns the absolute ranges and the table as written (offset from base, size).
    fn segments(&self, root: Table<'a>) -> Result<SegmentTables> {
        let mut ranges = Vec::new();
        let mut table = Vec::new();
        let Some(entries) = fb("Program", root.tables(slot::program::SEGMENTS))? else {
            return Ok((ranges, table));
        };
        self.charge("Program.segments", entries.byte_len())?;
        let (base, data_size) = match &self.header {
            Some(h) if h.segment_base_offset != 0 => (h.segment_base_offset, h.segment_data_size),
            _ => (0, 0),
        };
        for (index, entry) in table_items("Program.segments", Some(entries)).enumerate() {
            let entry = entry?;
            let offset = fb("Segment", entry.scalar::<u64>(slot::KEY, 0))?;
            let size = fb("Segment", entry.scalar::<u64>(slot::VALUE, 0))?;
            table.push((offset, size));
            if base == 0 {
                if size != 0 {
                    return fail(Error::SegmentWithoutHeader { index, size });
                }
                ranges.push(FileRange { offset: 0, len: 0 });
                continue;
            }
            let out_of_file =
                Error::SegmentOutOfFile { index, offset, size, file_len: self.file_len };
            let end_in_data = offset.checked_add(size).ok_or_else(|| out_of_file.clone())?;
            // Old files leave segment_data_size at 0; then only the file length bounds it.
            if data_size != 0 && end_in_data > data_size {
                return fail(out_of_file);
            }
            let absolute = base.checked_add(offset).ok_or_else(|| out_of_file.clone())?;
            if absolute.checked_add(size).is_none_or(|end| end > self.file_len) {
                return fail(out_of_file);
            }
            ranges.push(FileRange { offset: absolute, len: size });
        }
        Ok((ranges, table))
    }

    fn inline_bytes(
        &self,
        table: &'static str,
        entries: Option<Vector<'a>>,
    ) -> Result<Vec<InlineBytes<'a>>> {
        self.charge_vector(table, entries.as_ref())?;
        let mut out = Vec::new();
        for entry in table_items(table, entries) {
            let bytes = fb(table, entry?.bytes(slot::ONLY))?.unwrap_or(&[]);
            out.push(InlineBytes { bytes, offset: offset_in(self.program, bytes) });
        }
        Ok(out)
    }

    fn sub_segments(
        &self,
        table_name: &'static str,
        table: Table<'a>,
        segments: &[FileRange],
    ) -> Result<SubSegmentTable> {
        let index = fb("SubSegments", table.scalar::<u32>(slot::KEY, 0))?;
        let offsets = fb("SubSegments", table.scalars::<u64>(slot::VALUE))?;
        self.charge_vector(table_name, offsets.as_ref())?;
        let offsets: Vec<u64> = offsets.map(|v| v.iter::<u64>().collect()).unwrap_or_default();
        // A table with only the placeholder entry needs no segment at all.
        if offsets.len() <= 1 {
            return Ok(SubSegmentTable { segment_index: index as usize, offsets });
        }
        let segment = segment_at(segments, table_name, u64::from(index))?;
        for (entry, &offset) in offsets.iter().enumerate() {
            if offset > segment.len {
                return fail(Error::SubSegmentOutOfRange {
                    table: table_name,
                    entry,
                    offset,
                    segment: index as usize,
                    segment_size: segment.len,
                });
            }
        }
        Ok(SubSegmentTable { segment_index: index as usize, offsets })
    }

    fn method(
        &self,
        position: usize,
        plan: Table<'a>,
        tables: &DataTables<'_, 'a>,
        inline_blobs: &[InlineBytes<'a>],
    ) -> Result<Method<'a>> {
        use slot::method as m;
        let name = required("Method", "name", fb("Method", plan.str(m::NAME))?)?;
        self.charge("Method.name", name.len())?;
        let arena_sizes = {
            let raw = required(
                "Method",
                "arena_sizes",
                fb("Method", plan.scalars::<i64>(m::ARENA_SIZES))?,
            )?;
            self.charge("Method.arena_sizes", raw.byte_len())?;
            let mut sizes = Vec::with_capacity(raw.len());
            for (arena, size) in raw.iter::<i64>().enumerate() {
                sizes.push(u64::try_from(size).map_err(|_| Error::NegativeArenaSize {
                    method: position,
                    arena,
                    size,
                })?);
            }
            sizes
        };

        let entries = required("Method", "values", fb("Method", plan.tables(m::VALUES))?)?;
        // What one value reads is bounded (tensor sizes and dim orders by the rank limit),
        // except strings, which `value` charges, and list items, charged below.
        self.charge("Method.values", entries.byte_len())?;
        let scope = MethodScope { method: position, tables, arena_sizes: &arena_sizes };
        let (values, lists) = self.values(&scope, entries)?;
        let checker = ValueChecker { method: position, values: &values, budget: self.budget };
        // The items of the lists are read by the check: their bytes are charged first, all
        // at once, which keeps the charge out of the value loop.
        self.charge("list values", lists.iter().map(|&at| list_bytes(values.get(at))).sum())?;
        checker.check_lists(&lists)?;

        let inputs = fb("Method", plan.scalars::<i32>(m::INPUTS))?;
        self.charge_vector("Method.inputs", inputs.as_ref())?;
        let inputs = checker.indices("input", inputs)?;
        let outputs = fb("Method", plan.scalars::<i32>(m::OUTPUTS))?;
        self.charge_vector("Method.outputs", outputs.as_ref())?;
        let outputs = checker.indices("output", outputs)?;

        let mut operators = Vec::new();
        let operator_tables = fb("Method", plan.tables(m::OPERATORS))?;
        self.charge_vector("Method.operators", operator_tables.as_ref())?;
        for operator in table_items("Method.operators", operator_tables) {
            let operator = operator?;
            let name =
                required("Operator", "name", fb("Operator", operator.str(slot::operator::NAME))?)?;
            let overload = fb("Operator", operator.str(slot::operator::OVERLOAD))?.unwrap_or("");
            self.charge("Operator.name", name.len())?;
            self.charge("Operator.overload", overload.len())?;
            operators.push(Operator { name, overload });
        }

        let mut delegates = Vec::new();
        let delegate_tables = fb("Method", plan.tables(m::DELEGATES))?;
        self.charge_vector("Method.delegates", delegate_tables.as_ref())?;
        for (index, delegate) in table_items("Method.delegates", delegate_tables).enumerate() {
            delegates.push(self.delegate(
                position,
                index,
                delegate?,
                tables.segments,
                inline_blobs,
            )?);
        }

        let chain_refs = required("Method", "chains", fb("Method", plan.tables(m::CHAINS))?)?;
        self.charge("Method.chains", chain_refs.byte_len())?;
        if chain_refs.len() == 0 {
            return fail(Error::NoChains { method: position });
        }
        let mut chains = Vec::with_capacity(chain_refs.len());
        let mut shapes = InstructionShapes::new();
        for chain in table_items("Method.chains", Some(chain_refs)) {
            let instructions = required(
                "Chain",
                "instructions",
                fb("Chain", chain?.tables(slot::chain::INSTRUCTIONS))?,
            )?;
            self.charge("Chain.instructions", instructions.byte_len())?;
            let len = instructions.len();
            let mut parsed = Vec::with_capacity(len);
            for (index, object) in instructions.objects().enumerate() {
                let entry = object.and_then(|o| shapes.entry.object(self.program, o));
                let entry = fb("Chain.instructions", entry)?;
                let tag = fb("Instruction", entry.scalar::<u8>(slot::UNION, 0))?;
                let Some(at) = entry.field(slot::UNION + 1).filter(|_| tag != 0) else {
                    return fail(Error::UnknownUnionTag { union: "Instruction", tag: 0 });
                };
                let Some(call_shapes) = shapes.call.get_mut(usize::from(tag)) else {
                    return fail(Error::UnknownUnionTag { union: "Instruction", tag });
                };
                let call = fb("Instruction", call_shapes.at(self.program, at))?;
                parsed.push(checker.instruction(
                    index,
                    len,
                    tag,
                    call,
                    operators.len(),
                    delegates.len(),
                )?);
            }
            chains.push(parsed);
        }

        let mut arena_devices = Vec::new();
        let device_tables = fb("Method", plan.tables(m::ARENA_DEVICES))?;
        self.charge_vector("Method.arena_devices", device_tables.as_ref())?;
        for device in table_items("Method.arena_devices", device_tables) {
            use slot::arena_device as d;
            let device = device?;
            let arena = fb("ArenaDevice", device.scalar::<i32>(d::ARENA_INDEX, 0))?;
            let arena = usize::try_from(arena)
                .ok()
                .filter(|&a| a >= 1 && a < arena_sizes.len())
                .ok_or_else(|| Error::ArenaDeviceOutOfRange {
                    method: position,
                    arena_index: arena,
                    count: arena_sizes.len().saturating_sub(1),
                })?;
            arena_devices.push((
                arena,
                fb("ArenaDevice", device.scalar::<i8>(d::DEVICE_KIND, 0))?,
                fb("ArenaDevice", device.scalar::<i8>(d::DEVICE_ORDINAL, 0))?,
            ));
        }

        let spec = fb("Method", plan.table(m::CONTAINER_SPEC))?;
        let inputs_spec = match &spec {
            Some(spec) => fb("ContainerSpec", spec.str(slot::KEY))?,
            None => None,
        };
        let outputs_spec = match &spec {
            Some(spec) => fb("ContainerSpec", spec.str(slot::VALUE))?,
            None => None,
        };
        self.charge_text("ContainerSpec.inputs", inputs_spec)?;
        self.charge_text("ContainerSpec.outputs", outputs_spec)?;

        Ok(Method {
            name,
            values,
            inputs,
            outputs,
            chains,
            operators,
            delegates,
            arena_sizes,
            arena_devices,
            inputs_spec,
            outputs_spec,
        })
    }

    /// Reads the value table: the values, and the positions of the lists among them, whose
    /// items may refer to later values and are checked once the whole table is read.
    ///
    /// Kept out of `method` so that the hot loop's code does not change with the rest of it.
    #[inline(never)]
    fn values(
        &self,
        scope: &MethodScope<'_, 'a>,
        entries: Vector<'a>,
    ) -> Result<(Vec<Value<'a>>, Vec<usize>)> {
        let mut values = Vec::with_capacity(entries.len());
        let mut shapes = ValueShapes::new();
        let mut lists = Vec::new();
        for object in entries.objects() {
            let entry =
                fb("Method.values", object.and_then(|o| shapes.entry.object(self.program, o)))?;
            let tag = fb("Value", entry.scalar::<u8>(slot::UNION, 0))?;
            let Some(at) = entry.field(slot::UNION + 1).filter(|_| tag != 0) else {
                return fail(Error::UnknownUnionTag { union: "Value", tag: 0 });
            };
            if is_list_of_values(tag) {
                lists.push(values.len());
            }
            self.value(scope, tag, at, &mut shapes, &mut values)?;
        }
        Ok((values, lists))
    }

    fn delegate(
        &self,
        method: usize,
        position: usize,
        delegate: Table<'a>,
        segments: &[FileRange],
        inline_blobs: &[InlineBytes<'a>],
    ) -> Result<Delegate<'a>> {
        use slot::delegate as d;
        let backend_id =
            required("Delegate", "backend_id", fb("Delegate", delegate.str(d::BACKEND_ID))?)?;
        self.charge("Delegate.backend_id", backend_id.len())?;
        let blob = required("Delegate", "blob", fb("Delegate", delegate.table(d::BLOB))?)?;
        let index = fb("BlobReference", blob.scalar::<u32>(slot::blob::INDEX, 0))?;
        let blob = match fb("BlobReference", blob.scalar::<i8>(slot::blob::LOCATION, 0))? {
            0 => {
                let data = inline_blobs.get(index as usize).copied().ok_or({
                    Error::InlineBlobIndexOutOfRange {
                        method,
                        delegate: position,
                        index,
                        count: inline_blobs.len(),
                    }
                })?;
                DelegateBlob::Inline { index: index as usize, data }
            }
            1 => DelegateBlob::Segment {
                index: index as usize,
                range: segment_at(segments, "delegate blob", u64::from(index))?,
            },
            other => {
                return fail(Error::UnknownEnumValue {
                    field: "BlobReference.location",
                    value: other.into(),
                })
            }
        };
        let mut compile_specs = Vec::new();
        let spec_tables = fb("Delegate", delegate.tables(d::COMPILE_SPECS))?;
        self.charge_vector("Delegate.compile_specs", spec_tables.as_ref())?;
        for spec in table_items("Delegate.compile_specs", spec_tables) {
            let spec = spec?;
            let key = required("CompileSpec", "key", fb("CompileSpec", spec.str(slot::KEY))?)?;
            self.charge("CompileSpec.key", key.len())?;
            // Values are handed to the backend as they are, not read here.
            let value = fb("CompileSpec", spec.bytes(slot::VALUE))?.unwrap_or(&[]);
            compile_specs.push(CompileSpec { key, value });
        }
        Ok(Delegate { backend_id, blob, compile_specs })
    }

    fn value(
        &self,
        scope: &MethodScope<'_, 'a>,
        tag: u8,
        at: usize,
        shapes: &mut ValueShapes,
        out: &mut Vec<Value<'a>>,
    ) -> Result<()> {
        use slot::{value_tag as t, ONLY};
        // The value being read is the next one pushed.
        let index = out.len();
        if tag == t::TENSOR {
            let tensor = fb("TensorValue", shapes.tensor.at(self.program, at))?;
            return self.tensor(scope, index, tensor, shapes, out);
        }
        let Some(member_shapes) = shapes.single.get_mut(usize::from(tag)) else {
            return fail(Error::UnknownUnionTag { union: "Value", tag });
        };
        let v = fb("Value", member_shapes.at(self.program, at))?;
        let items = |table: &'static str, stride: usize| -> Result<&'a [u8]> {
            Ok(fb(table, v.items(ONLY, stride))?.unwrap_or(&[]))
        };
        // Values are pushed where they are made: moving a value through returns costs more
        // than reading it.
        out.push(match tag {
            t::INT => Value::Int(fb("IntValue", v.scalar::<i64>(ONLY, 0))?),
            t::NULL => Value::Null,
            t::BOOL => Value::Bool(fb("BoolValue", v.scalar::<bool>(ONLY, false))?),
            t::DOUBLE => Value::Double(fb("DoubleValue", v.scalar::<f64>(ONLY, 0.0))?),
            t::STRING => {
                let text = required("StringValue", "value", fb("StringValue", v.str(ONLY))?)?;
                self.charge("StringValue", text.len())?;
                Value::String(text)
            }
            // List items are range- and kind-checked once the whole table is known.
            t::INT_LIST => Value::IntList(Indices::wide(items("IntListValue", 8)?)),
            t::DOUBLE_LIST => Value::DoubleList(Doubles::new(items("DoubleListValue", 8)?)),
            t::BOOL_LIST => Value::BoolList(Bools::new(items("BoolListValue", 1)?)),
            t::TENSOR_LIST => Value::TensorList(Indices::narrow(items("TensorListValue", 4)?)),
            t::OPTIONAL_TENSOR_LIST => Value::OptionalTensorList(OptionalIndices::new(items(
                "OptionalTensorListValue",
                4,
            )?)),
            tag => return fail(Error::UnknownUnionTag { union: "Value", tag }),
        });
        Ok(())
    }

    fn tensor(
        &self,
        scope: &MethodScope<'_, 'a>,
        value: usize,
        t: Fields<'a, { slot::tensor::SLOTS }>,
        shapes: &mut ValueShapes,
        out: &mut Vec<Value<'a>>,
    ) -> Result<()> {
        use slot::tensor as s;
        let MethodScope { method, tables, arena_sizes } = *scope;
        let code = fb("TensorValue", t.scalar::<i8>(s::ELEMENT_TYPE, 0))?;
        let scalar_type = ScalarType::try_from(code).map_err(|_| Error::UnknownScalarType {
            method,
            value,
            code,
        })?;
        let storage_offset = fb("TensorValue", t.scalar::<i32>(s::STORAGE_OFFSET, 0))?;
        if storage_offset != 0 {
            return fail(Error::UnsupportedStorageOffset { method, value, offset: storage_offset });
        }
        let raw_sizes = required("TensorValue", "sizes", fb("TensorValue", t.items(s::SIZES, 4))?)?;
        let rank = raw_sizes.len() / 4;
        if rank > MAX_RANK {
            return fail(Error::RankTooLarge { method, value, rank, limit: MAX_RANK });
        }
        let mut nbytes = Some(scalar_type.element_size() as u64);
        for (dim, size) in raw_sizes.chunks_exact(4).map(i32::from_chunk).enumerate() {
            let Ok(size) = u64::try_from(size) else {
                return fail(Error::NegativeDimension { method, value, dim, size });
            };
            nbytes = nbytes.and_then(|n| n.checked_mul(size));
        }
        let Some(nbytes) = nbytes.filter(|&n| usize::try_from(n).is_ok()) else {
            return fail(Error::TensorSizeOverflow { method, value });
        };
        let sizes = Dims::new(raw_sizes);
        let dim_order =
            required("TensorValue", "dim_order", fb("TensorValue", t.bytes(s::DIM_ORDER))?)?;
        if !is_permutation(dim_order, rank) {
            return fail(Error::InvalidDimOrder {
                method,
                value,
                dim_order: dim_order.to_vec(),
                rank,
            });
        }
        let dynamism_code = fb("TensorValue", t.scalar::<i8>(s::DYNAMISM, 0))?;
        let dynamism = ShapeDynamism::try_from(dynamism_code).map_err(|v| {
            Error::UnknownEnumValue { field: "TensorValue.dynamism", value: v.into() }
        })?;
        let extras = t.field(s::EXTRAS).map(|at| shapes.extras.at(self.program, at)).transpose();
        let (name, external) = match fb("TensorExtras", extras)? {
            Some(extras) => {
                let name = fb("TensorExtras", extras.str(slot::extras::QUALIFIED_NAME))?;
                self.charge_text("TensorExtras.qualified_name", name)?;
                let external = match fb(
                    "TensorExtras",
                    extras.scalar::<i8>(slot::extras::DATA_LOCATION, 0),
                )? {
                    0 => false,
                    1 => true,
                    other => {
                        return fail(Error::UnknownEnumValue {
                            field: "TensorExtras.data_location",
                            value: other.into(),
                        })
                    }
                };
                (name, external)
            }
            None => (None, false),
        };
        let data_index = fb("TensorValue", t.scalar::<u32>(s::DATA_INDEX, 0))?;

        let placement =
            t.field(s::PLACEMENT).map(|at| shapes.placement.at(self.program, at)).transpose();
        let planned = match fb("Placement", placement)? {
            Some(p) => {
                use slot::placement as pl;
                let arena_id = fb("Placement", p.scalar::<u32>(pl::ARENA_ID, 0))?;
                let low = fb("Placement", p.scalar::<u32>(pl::OFFSET_LOW, 0))?;
                let high = fb("Placement", p.scalar::<u32>(pl::OFFSET_HIGH, 0))?;
                let offset = u64::from(low) | (u64::from(high) << 32);
                let arena_size = usize::try_from(arena_id)
                    .ok()
                    .filter(|&a| a >= 1)
                    .and_then(|a| arena_sizes.get(a).copied())
                    .ok_or_else(|| Error::ArenaIdOutOfRange {
                        method,
                        value,
                        arena_id,
                        count: arena_sizes.len().saturating_sub(1),
                    })?;
                if offset.checked_add(nbytes).is_none_or(|end| end > arena_size) {
                    return fail(Error::PlannedOutsideArena {
                        method,
                        value,
                        arena_id,
                        offset,
                        nbytes,
                        arena_size,
                    });
                }
                Some((arena_id as usize, offset))
            }
            None => None,
        };

        // The location decides first: for external tensors the data index is meaningless.
        let data = match (external, planned, data_index) {
            (true, planned, _) => {
                let key = required("TensorExtras", "qualified_name", name)?;
                match planned {
                    None => TensorData::External { key },
                    Some((arena, offset)) => TensorData::Planned {
                        arena,
                        offset,
                        initial: Some(InitialState::External { key }),
                    },
                }
            }
            (false, None, 0) => TensorData::RuntimeProvided,
            (false, None, index) => match &tables.constants {
                ConstantSource::Segment(segment) => TensorData::Constant {
                    index: index as usize,
                    range: segment.range(method, value, index, nbytes)?,
                },
                _ => self.unsegmented_constant(method, value, index, nbytes, tables)?,
            },
            (false, Some((arena, offset)), 0) => {
                TensorData::Planned { arena, offset, initial: None }
            }
            (false, Some((arena, offset)), index) => {
                let table = tables.mutable.as_ref().ok_or(Error::MutableIndexOutOfRange {
                    method,
                    value,
                    index,
                    count: 0,
                })?;
                let range = table.range(method, value, index, nbytes)?;
                TensorData::Planned {
                    arena,
                    offset,
                    initial: Some(InitialState::Segment { index: index as usize, range }),
                }
            }
        };

        out.push(Value::Tensor(Tensor {
            scalar_type,
            sizes,
            dim_order,
            dynamism,
            nbytes,
            requires_grad: fb("TensorValue", t.scalar::<bool>(s::REQUIRES_GRAD, false))?,
            name,
            data,
        }));
        Ok(())
    }

    /// A constant of a program without a constant segment: inside the FlatBuffer (old
    /// writers), or an error when the program has no constants.
    #[cold]
    fn unsegmented_constant(
        &self,
        method: usize,
        value: usize,
        index: u32,
        nbytes: u64,
        tables: &DataTables<'_, 'a>,
    ) -> Result<TensorData<'a>> {
        match &tables.constants {
            ConstantSource::Inline(buffers) => {
                let buffer = buffers.get(index as usize).ok_or({
                    Error::ConstantIndexOutOfRange { method, value, index, count: buffers.len() }
                })?;
                let available = buffer.bytes.len() as u64;
                let bytes = buffer.bytes.get(..nbytes as usize).ok_or({
                    Error::TensorDataOutOfRange {
                        method,
                        value,
                        source_name: "inline constant",
                        offset: 0,
                        nbytes,
                        available,
                    }
                })?;
                Ok(TensorData::InlineConstant {
                    index: index as usize,
                    bytes: InlineBytes { bytes, offset: buffer.offset },
                })
            }
            ConstantSource::None | ConstantSource::Segment(_) => {
                fail(Error::ConstantIndexOutOfRange { method, value, index, count: 0 })
            }
        }
    }
}

#[inline]
fn segment_at(segments: &[FileRange], referrer: &'static str, index: u64) -> Result<FileRange> {
    usize::try_from(index).ok().and_then(|i| segments.get(i).copied()).ok_or_else(|| {
        Box::new(Error::SegmentIndexOutOfRange { referrer, index, count: segments.len() })
    })
}

/// Bytes of the items of a list of value indices.
fn list_bytes(value: Option<&Value<'_>>) -> usize {
    match value {
        Some(Value::IntList(items) | Value::TensorList(items)) => items.byte_len(),
        Some(Value::OptionalTensorList(items)) => 4 * items.len(),
        _ => 0,
    }
}

/// Whether values of union tag `tag` hold indices of other values.
fn is_list_of_values(tag: u8) -> bool {
    use slot::value_tag as t;
    matches!(tag, t::INT_LIST | t::TENSOR_LIST | t::OPTIONAL_TENSOR_LIST)
}

pub(crate) fn is_permutation(order: &[u8], rank: usize) -> bool {
    if order.len() != rank || rank > MAX_RANK {
        return false;
    }
    // `rank` items, each below `rank` (so below 16), that cover all of `0..rank`: then no
    // item can repeat.
    let mut seen = 0u32;
    for &d in order {
        if usize::from(d) >= rank {
            return false;
        }
        seen |= 1 << d;
    }
    seen == (1 << rank) - 1
}

/// Checks references between values once the whole table is known.
struct ValueChecker<'v, 'a> {
    method: usize,
    values: &'v [Value<'a>],
    /// Charged with instruction arguments.
    budget: &'v Budget,
}

impl ValueChecker<'_, '_> {
    fn index(&self, referrer: impl FnOnce() -> String, raw: i64) -> Result<usize> {
        usize::try_from(raw).ok().filter(|&i| i < self.values.len()).ok_or_else(|| {
            Box::new(Error::ValueIndexOutOfRange {
                method: self.method,
                referrer: referrer(),
                index: raw,
                count: self.values.len(),
            })
        })
    }

    fn expect_kind(
        &self,
        referrer: impl Fn() -> String,
        index: usize,
        expected: &'static str,
        accepts: impl Fn(&Value<'_>) -> bool,
    ) -> Result<()> {
        let value = self.values.get(index).ok_or_else(|| Error::ValueIndexOutOfRange {
            method: self.method,
            referrer: referrer(),
            index: index as i64,
            count: self.values.len(),
        })?;
        if accepts(value) {
            Ok(())
        } else {
            fail(Error::ValueKindMismatch {
                method: self.method,
                referrer: referrer(),
                index,
                expected,
                found: value.kind_name(),
            })
        }
    }

    /// Checks the items of the list values at `lists`: each refers to a value of the right
    /// kind.
    fn check_lists(&self, lists: &[usize]) -> Result<()> {
        // One pass over the items without building messages; a list that fails it is
        // walked again by `name_list_fault` to name the failing item.
        let item = |raw: i64| usize::try_from(raw).ok().and_then(|i| self.values.get(i));
        for &at in lists {
            let Some(value) = self.values.get(at) else {
                continue;
            };
            let sound = match value {
                Value::IntList(items) => {
                    items.raw().all(|raw| matches!(item(raw), Some(Value::Int(_))))
                }
                Value::TensorList(items) => {
                    items.raw().all(|raw| matches!(item(raw), Some(Value::Tensor(_))))
                }
                Value::OptionalTensorList(items) => items.raw().all(|raw| {
                    raw == -1 || matches!(item(raw), Some(Value::Tensor(_) | Value::Null))
                }),
                _ => true,
            };
            if !sound {
                return self.name_list_fault(at, value);
            }
        }
        Ok(())
    }

    #[cold]
    fn name_list_fault(&self, at: usize, value: &Value<'_>) -> Result<()> {
        type Accepts = fn(&Value<'_>) -> bool;
        let (raw, what, expected, accepts): (Vec<i64>, &str, &'static str, Accepts) = match value {
            Value::IntList(items) => {
                (items.raw().collect(), "int list", "int", |v| matches!(v, Value::Int(_)))
            }
            Value::TensorList(items) => {
                (items.raw().collect(), "tensor list", "tensor", |v| matches!(v, Value::Tensor(_)))
            }
            // -1 marks an absent tensor.
            Value::OptionalTensorList(items) => (
                items.raw().filter(|&raw| raw != -1).collect(),
                "optional tensor list",
                "tensor or none",
                |v| matches!(v, Value::Tensor(_) | Value::Null),
            ),
            _ => return Ok(()),
        };
        for raw in raw {
            let item = self.index(|| format!("{what} value {at}"), raw)?;
            self.expect_kind(|| format!("{what} value {at}"), item, expected, accepts)?;
        }
        Ok(())
    }

    fn indices(&self, what: &str, raw: Option<Vector<'_>>) -> Result<Vec<usize>> {
        let raw = required("Method", if what == "input" { "inputs" } else { "outputs" }, raw)?;
        raw.iter::<i32>()
            .enumerate()
            .map(|(i, v)| self.index(|| format!("{what} {i}"), v.into()))
            .collect()
    }

    fn args<'a>(&self, at: usize, raw: Option<&'a [u8]>) -> Result<Indices<'a>> {
        let Some(raw) = raw else {
            return Ok(Indices::empty());
        };
        self.budget.charge("instruction arguments", raw.len())?;
        let count = self.values.len();
        let items = || raw.chunks_exact(4).map(i32::from_chunk);
        // One pass without building messages; the failing item is named only when found.
        if items().all(|v| usize::try_from(v).is_ok_and(|v| v < count)) {
            return Ok(Indices::narrow(raw));
        }
        for (i, v) in items().enumerate() {
            self.index(|| format!("instruction {at} argument {i}"), v.into())?;
        }
        Ok(Indices::narrow(raw))
    }

    fn instruction<'a>(
        &self,
        at: usize,
        chain_len: usize,
        tag: u8,
        call: Fields<'a, 2>,
        operator_count: usize,
        delegate_count: usize,
    ) -> Result<Instruction<'a>> {
        use slot::{call as c, instruction_tag as k, FIRST, SECOND};
        let method = self.method;
        Ok(match tag {
            k::KERNEL => {
                let index = fb("KernelCall", call.scalar::<i32>(c::CALLEE, 0))?;
                let Some(operator) = usize::try_from(index).ok().filter(|&i| i < operator_count)
                else {
                    return fail(Error::OperatorIndexOutOfRange {
                        method,
                        instruction: at,
                        index,
                        count: operator_count,
                    });
                };
                Instruction::Kernel {
                    operator,
                    args: self.args(at, fb("KernelCall", call.items(c::ARGS, 4))?)?,
                }
            }
            k::DELEGATE => {
                let index = fb("DelegateCall", call.scalar::<i32>(c::CALLEE, 0))?;
                let Some(delegate) = usize::try_from(index).ok().filter(|&i| i < delegate_count)
                else {
                    return fail(Error::DelegateIndexOutOfRange {
                        method,
                        instruction: at,
                        index,
                        count: delegate_count,
                    });
                };
                Instruction::Delegate {
                    delegate,
                    args: self.args(at, fb("DelegateCall", call.items(c::ARGS, 4))?)?,
                }
            }
            k::MOVE => Instruction::Move {
                from: self.index(
                    || format!("instruction {at} move source"),
                    fb("MoveCall", call.scalar::<i32>(FIRST, 0))?.into(),
                )?,
                to: self.index(
                    || format!("instruction {at} move target"),
                    fb("MoveCall", call.scalar::<i32>(SECOND, 0))?.into(),
                )?,
            },
            k::JUMP_FALSE => {
                let condition = self.index(
                    || format!("instruction {at} jump condition"),
                    fb("JumpFalseCall", call.scalar::<i32>(FIRST, 0))?.into(),
                )?;
                self.expect_kind(
                    || format!("instruction {at} jump condition"),
                    condition,
                    "bool or tensor",
                    |v| matches!(v, Value::Bool(_) | Value::Tensor(_)),
                )?;
                let destination = fb("JumpFalseCall", call.scalar::<i32>(SECOND, 0))?;
                let destination = usize::try_from(destination)
                    .ok()
                    .filter(|&d| d <= chain_len)
                    .ok_or(Error::JumpOutOfRange {
                        method,
                        instruction: at,
                        destination,
                        len: chain_len,
                    })?;
                Instruction::JumpFalse { condition, destination }
            }
            k::FREE => {
                let value = self.index(
                    || format!("instruction {at} free"),
                    fb("FreeCall", call.scalar::<i32>(FIRST, 0))?.into(),
                )?;
                self.expect_kind(
                    || format!("instruction {at} free"),
                    value,
                    "tensor",
                    |v| matches!(v, Value::Tensor(_)),
                )?;
                Instruction::Free { value }
            }
            tag => return fail(Error::UnknownUnionTag { union: "Instruction", tag }),
        })
    }
}

/// Per-value counts used by reports.
pub fn count_value_kinds(method: &Method<'_>) -> BTreeMap<&'static str, usize> {
    let mut counts = BTreeMap::new();
    for value in &method.values {
        *counts.entry(value.kind_name()).or_insert(0) += 1;
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::is_permutation;

    #[test]
    fn dim_orders_must_be_permutations_of_their_rank() {
        assert!(is_permutation(&[], 0));
        assert!(is_permutation(&[0, 1, 2, 3], 4));
        assert!(is_permutation(&[0, 2, 3, 1], 4));
        let full: Vec<u8> = (0..16).rev().collect();
        assert!(is_permutation(&full, 16));
        for bad in [&[0, 0, 2, 3][..], &[0, 1, 2, 4], &[1, 2, 3], &[0, 1, 2, 3, 0], &[255, 1, 2, 3]]
        {
            assert!(!is_permutation(bad, 4), "{bad:?}");
        }
        // Ranks past the runtime's limit are refused before the order is looked at.
        let long: Vec<u8> = (0..17).collect();
        assert!(!is_permutation(&long, 17));
    }
}
