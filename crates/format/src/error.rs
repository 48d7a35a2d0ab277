//! The one error type of `pterun-format`.

use pterun_core::ErrorCode;

use crate::flat::FlatBufferFault;

/// Why a `.pte` or `.ptd` file was rejected.
///
/// Every variant names the place in the file that is wrong (method, value, instruction,
/// segment...) and the numbers involved, and maps to an ExecuTorch [`ErrorCode`] through
/// [`Error::code`]. Methods are identified by their position in the program's method
/// table.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    // === Header ===
    /// The file is shorter than the fixed part being read.
    #[error("file too short: {len} bytes, {needed} needed for the {what}")]
    TooShort {
        /// What was being read.
        what: &'static str,
        /// Bytes available.
        len: u64,
        /// Bytes needed.
        needed: u64,
    },
    /// The FlatBuffers file identifier is not the expected one.
    #[error("wrong file identifier {}, expected {expected:?}", show_identifier(found))]
    WrongIdentifier {
        /// The four bytes found at offset 4.
        found: [u8; 4],
        /// The identifier this reader accepts.
        expected: &'static str,
    },
    /// The identifier is of the right family (`ET..`) but another format version.
    #[error(
        "incompatible program format version {}; this reader supports \"ET12\"",
        show_identifier(found)
    )]
    IncompatibleVersion {
        /// The four bytes found at offset 4.
        found: [u8; 4],
    },
    /// The extended header's length field is below the minimum.
    #[error("{which} header length {length} is below the minimum {minimum}")]
    HeaderTooShort {
        /// `eh00` or `FH01`.
        which: &'static str,
        /// Length field found.
        length: u32,
        /// Smallest length accepted.
        minimum: u32,
    },
    /// The `.ptd` header magic is missing.
    #[error("missing \"FH01\" header in external data file")]
    MissingDataHeader,
    /// The FlatBuffer root offset points outside the FlatBuffer (the program data of a
    /// `.pte`, the FlatBuffer part of a `.ptd`).
    #[error("root table offset {offset} outside the FlatBuffer of {len} bytes")]
    RootOutOfRange {
        /// Root offset read at byte 0.
        offset: u32,
        /// FlatBuffer length.
        len: u64,
    },
    /// The header says the program data is larger than the file, or smaller than the headers.
    #[error("program data size {program_size} does not fit the file of {file_len} bytes")]
    ProgramSizeOutOfRange {
        /// Size from the header.
        program_size: u64,
        /// File length.
        file_len: u64,
    },
    /// The segment data region described by the header is not inside the file.
    #[error("segment data [{base}, {base}+{size}) does not fit the file of {file_len} bytes")]
    SegmentDataOutOfFile {
        /// Segment base offset.
        base: u64,
        /// Segment data size.
        size: u64,
        /// File length.
        file_len: u64,
    },
    /// The segment base offset lies inside the program data.
    #[error("segment base offset {base} overlaps program data ending at {program_size}")]
    SegmentBaseOverlapsProgram {
        /// Segment base offset.
        base: u64,
        /// End of the program data.
        program_size: u64,
    },

    // === FlatBuffer structure ===
    /// The FlatBuffer itself is malformed (bad offset, length, vtable, UTF-8...).
    #[error("malformed flatbuffer in {table}: {fault}")]
    FlatBuffer {
        /// Table or field being read.
        table: &'static str,
        /// What was wrong.
        fault: FlatBufferFault,
    },
    /// Tables are shared so heavily that reading them all would take the parse past its
    /// bound: more bytes of vectors and strings than
    /// [`READS_PER_BYTE`](crate::READS_PER_BYTE) times the FlatBuffer's length. A file
    /// without shared tables reads each byte at most once; see `budget.rs`.
    #[error(
        "reading {what} takes the parse past {limit} bytes of vectors and strings, {} times \
         the {len}-byte FlatBuffer: its tables are shared far more than any writer does",
        crate::READS_PER_BYTE
    )]
    ExcessiveSharing {
        /// The vector or string whose read went over.
        what: &'static str,
        /// Bytes a parse of this file may read.
        limit: u64,
        /// Length of the FlatBuffer.
        len: u64,
    },
    /// A union discriminant this reader does not know, or NONE where a member is required.
    #[error("unknown {union} tag {tag}")]
    UnknownUnionTag {
        /// `Value` or `Instruction`.
        union: &'static str,
        /// The discriminant found (0 is NONE).
        tag: u8,
    },
    /// A field the format requires is absent.
    #[error("missing required field {table}.{field}")]
    MissingField {
        /// Table name.
        table: &'static str,
        /// Field name.
        field: &'static str,
    },
    /// A small enum field holds a number outside its range.
    #[error("unknown {field} value {value}")]
    UnknownEnumValue {
        /// Field name.
        field: &'static str,
        /// Value found.
        value: i64,
    },
    /// The program has more than one mutable-data table, which no runtime supports.
    #[error("{count} mutable data tables; at most one is supported")]
    TooManyMutableDataTables {
        /// Number found.
        count: usize,
    },

    // === Segments and constant data ===
    /// A segment does not fit inside the segment data region or the file.
    #[error("segment {index} [{offset}, +{size}) lies outside the file of {file_len} bytes")]
    SegmentOutOfFile {
        /// Segment index.
        index: usize,
        /// Offset relative to the segment base.
        offset: u64,
        /// Segment size.
        size: u64,
        /// File length.
        file_len: u64,
    },
    /// A non-empty segment is declared but the file has no extended header (no segment base).
    #[error("segment {index} has {size} bytes but the file has no segment data")]
    SegmentWithoutHeader {
        /// Segment index.
        index: usize,
        /// Segment size.
        size: u64,
    },
    /// A reference to a segment index past the segment table.
    #[error("{referrer} refers to segment {index}, but there are {count}")]
    SegmentIndexOutOfRange {
        /// What holds the reference.
        referrer: &'static str,
        /// Index found.
        index: u64,
        /// Number of segments.
        count: usize,
    },
    /// A sub-segment offset (constant or mutable table) points past its segment.
    #[error("{table} entry {entry} at offset {offset} is past the end of segment {segment} ({segment_size} bytes)")]
    SubSegmentOutOfRange {
        /// `constant_segment` or `mutable_data_segments`.
        table: &'static str,
        /// Entry index.
        entry: usize,
        /// Offset found.
        offset: u64,
        /// Segment index.
        segment: usize,
        /// Segment size.
        segment_size: u64,
    },
    /// Constants are declared both inline and in a segment.
    #[error("constants are stored both inline and in a segment")]
    ConflictingConstantStorage,
    /// A delegate's inline blob index is past the inline blob table.
    #[error(
        "method {method} delegate {delegate} refers to inline blob {index}, but there are {count}"
    )]
    InlineBlobIndexOutOfRange {
        /// Method position.
        method: usize,
        /// Delegate position.
        delegate: usize,
        /// Index found.
        index: u32,
        /// Number of inline blobs.
        count: usize,
    },

    // === Methods ===
    /// A method has no instruction chain.
    #[error("method {method} has no chains")]
    NoChains {
        /// Method position.
        method: usize,
    },
    /// A value index (argument, input, output, list item...) is outside the value table.
    #[error("method {method} {referrer} refers to value {index}, but there are {count}")]
    ValueIndexOutOfRange {
        /// Method position.
        method: usize,
        /// What holds the reference (for example `instruction 4 argument 2`).
        referrer: String,
        /// Index found.
        index: i64,
        /// Number of values.
        count: usize,
    },
    /// A referenced value has the wrong kind (a boxed int list item that is not an Int...).
    #[error(
        "method {method} {referrer} refers to value {index}, a {found}, but needs a {expected}"
    )]
    ValueKindMismatch {
        /// Method position.
        method: usize,
        /// What holds the reference.
        referrer: String,
        /// Value index.
        index: usize,
        /// Kind required.
        expected: &'static str,
        /// Kind found.
        found: &'static str,
    },
    /// A kernel call names an operator past the operator table.
    #[error(
        "method {method} instruction {instruction} calls operator {index}, but there are {count}"
    )]
    OperatorIndexOutOfRange {
        /// Method position.
        method: usize,
        /// Instruction position in its chain.
        instruction: usize,
        /// Index found.
        index: i32,
        /// Number of operators.
        count: usize,
    },
    /// A delegate call names a delegate past the delegate table.
    #[error(
        "method {method} instruction {instruction} calls delegate {index}, but there are {count}"
    )]
    DelegateIndexOutOfRange {
        /// Method position.
        method: usize,
        /// Instruction position in its chain.
        instruction: usize,
        /// Index found.
        index: i32,
        /// Number of delegates.
        count: usize,
    },
    /// A conditional jump goes before the chain start or past its end.
    #[error("method {method} instruction {instruction} jumps to {destination}, chain has {len} instructions")]
    JumpOutOfRange {
        /// Method position.
        method: usize,
        /// Instruction position in its chain.
        instruction: usize,
        /// Destination found.
        destination: i32,
        /// Chain length.
        len: usize,
    },
    /// A planned-memory arena size is negative.
    #[error("method {method} arena {arena} has negative size {size}")]
    NegativeArenaSize {
        /// Method position.
        method: usize,
        /// Arena index (entry 0 is reserved).
        arena: usize,
        /// Size found.
        size: i64,
    },

    // === Tensors ===
    /// A tensor's element type number is unknown.
    #[error("method {method} value {value}: unknown scalar type {code}")]
    UnknownScalarType {
        /// Method position.
        method: usize,
        /// Value index.
        value: usize,
        /// Code found.
        code: i8,
    },
    /// A tensor has a non-zero storage offset, which no runtime supports.
    #[error("method {method} value {value}: storage offset {offset} is not supported")]
    UnsupportedStorageOffset {
        /// Method position.
        method: usize,
        /// Value index.
        value: usize,
        /// Offset found.
        offset: i32,
    },
    /// A tensor has more dimensions than the runtime allows.
    #[error("method {method} value {value}: rank {rank} exceeds the limit of {limit}")]
    RankTooLarge {
        /// Method position.
        method: usize,
        /// Value index.
        value: usize,
        /// Rank found.
        rank: usize,
        /// Largest rank accepted.
        limit: usize,
    },
    /// A tensor dimension is negative.
    #[error("method {method} value {value}: dimension {dim} has negative size {size}")]
    NegativeDimension {
        /// Method position.
        method: usize,
        /// Value index.
        value: usize,
        /// Dimension.
        dim: usize,
        /// Size found.
        size: i32,
    },
    /// A tensor's dim order is not a permutation of its dimensions.
    #[error(
        "method {method} value {value}: dim order {dim_order:?} is not a permutation of 0..{rank}"
    )]
    InvalidDimOrder {
        /// Method position.
        method: usize,
        /// Value index.
        value: usize,
        /// Dim order found.
        dim_order: Vec<u8>,
        /// Tensor rank.
        rank: usize,
    },
    /// A tensor's element count or byte size overflows.
    #[error("method {method} value {value}: byte size overflows")]
    TensorSizeOverflow {
        /// Method position.
        method: usize,
        /// Value index.
        value: usize,
    },
    /// A constant tensor refers to a constant table entry that does not exist.
    #[error("method {method} value {value} refers to constant {index}, but there are {count}")]
    ConstantIndexOutOfRange {
        /// Method position.
        method: usize,
        /// Value index.
        value: usize,
        /// Index found.
        index: u32,
        /// Entries in the constant table.
        count: usize,
    },
    /// A tensor's initial data is smaller than its byte size.
    #[error("method {method} value {value} needs {nbytes} bytes at offset {offset} of {source_name}, which has {available}")]
    TensorDataOutOfRange {
        /// Method position.
        method: usize,
        /// Value index.
        value: usize,
        /// Where the data was looked for.
        source_name: &'static str,
        /// Offset within that source.
        offset: u64,
        /// Tensor byte size.
        nbytes: u64,
        /// Bytes available in the source.
        available: u64,
    },
    /// A tensor with initial state refers to a mutable table entry that does not exist.
    #[error(
        "method {method} value {value} refers to mutable data entry {index}, but there are {count}"
    )]
    MutableIndexOutOfRange {
        /// Method position.
        method: usize,
        /// Value index.
        value: usize,
        /// Index found.
        index: u32,
        /// Entries in the mutable table.
        count: usize,
    },
    /// A planned tensor names an arena that does not exist (ids are 1-based).
    #[error(
        "method {method} value {value} is planned in arena {arena_id}, but the method has {count} arenas"
    )]
    ArenaIdOutOfRange {
        /// Method position.
        method: usize,
        /// Value index.
        value: usize,
        /// Arena id found.
        arena_id: u32,
        /// Number of usable arenas.
        count: usize,
    },
    /// A method places an arena on a device, but the arena does not exist (ids are 1-based).
    #[error(
        "method {method} places arena {arena_index} on a device, but the method has {count} arenas"
    )]
    ArenaDeviceOutOfRange {
        /// Method position.
        method: usize,
        /// Arena index found.
        arena_index: i32,
        /// Number of usable arenas.
        count: usize,
    },
    /// A planned tensor does not fit inside its arena.
    #[error("method {method} value {value}: [{offset}, +{nbytes}) exceeds arena {arena_id} of {arena_size} bytes")]
    PlannedOutsideArena {
        /// Method position.
        method: usize,
        /// Value index.
        value: usize,
        /// Arena id.
        arena_id: u32,
        /// Offset in the arena.
        offset: u64,
        /// Tensor byte size.
        nbytes: u64,
        /// Arena size.
        arena_size: u64,
    },

    // === External data (.ptd) ===
    /// A `.ptd` file failed a check it shares with programs (identifier, header,
    /// FlatBuffer structure, segment ranges, read budget); the inner error says which,
    /// and is what this error displays.
    #[error(transparent)]
    InExternalData(Box<Error>),
    /// The `FH01` header places the data file's FlatBuffer past the end of the file.
    #[error("the data file's FlatBuffer ends at byte {end}, past the file of {file_len} bytes")]
    DataFlatBufferOutOfFile {
        /// End of the FlatBuffer from the header (`u64::MAX` when the sum overflows).
        end: u64,
        /// File length.
        file_len: u64,
    },
    /// A `.ptd` named tensor has an element type code this reader does not know.
    #[error("external tensor {key:?}: unknown scalar type {code}")]
    ExternalTensorScalarType {
        /// Key of the tensor.
        key: String,
        /// Code found.
        code: i8,
    },
    /// A `.ptd` named tensor has more dimensions than any tensor may have.
    #[error("external tensor {key:?}: rank {rank} exceeds {limit}")]
    ExternalTensorRankTooLarge {
        /// Key of the tensor.
        key: String,
        /// Rank found.
        rank: usize,
        /// Largest rank accepted.
        limit: usize,
    },
    /// A `.ptd` named tensor has a negative size.
    #[error("external tensor {key:?}: dimension {dim} has negative size {size}")]
    ExternalTensorNegativeDimension {
        /// Key of the tensor.
        key: String,
        /// Dimension position.
        dim: usize,
        /// Size found.
        size: i32,
    },
    /// A `.ptd` named tensor's dimension order is not a permutation of its dimensions.
    #[error("external tensor {key:?}: dim order {dim_order:?} is not a permutation of 0..{rank}")]
    ExternalTensorDimOrder {
        /// Key of the tensor.
        key: String,
        /// Order found.
        dim_order: Vec<u8>,
        /// Rank from the sizes.
        rank: usize,
    },
    /// A `.ptd` named tensor's byte size does not fit in 64 bits.
    #[error("external tensor {key:?}: byte size overflows")]
    ExternalTensorSizeOverflow {
        /// Key of the tensor.
        key: String,
    },
    /// A `.ptd` named tensor needs more bytes than its segment holds.
    #[error("external tensor {key:?}: needs {nbytes} bytes, its segment has {segment_len}")]
    ExternalTensorLargerThanSegment {
        /// Key of the tensor.
        key: String,
        /// Bytes the layout needs.
        nbytes: u64,
        /// Bytes of the segment.
        segment_len: u64,
    },
}

/// Four identifier bytes as a quoted string, with non-printable bytes escaped.
fn show_identifier(bytes: &[u8; 4]) -> String {
    format!("\"{}\"", bytes.escape_ascii())
}

impl Error {
    /// The ExecuTorch error code for this error.
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::TooShort { .. } => ErrorCode::InvalidArgument,
            Error::UnsupportedStorageOffset { .. } | Error::TooManyMutableDataTables { .. } => {
                ErrorCode::NotSupported
            }
            Error::SegmentWithoutHeader { .. } => ErrorCode::NotFound,
            Error::MissingDataHeader
            | Error::InExternalData(_)
            | Error::DataFlatBufferOutOfFile { .. }
            | Error::ExternalTensorScalarType { .. }
            | Error::ExternalTensorRankTooLarge { .. }
            | Error::ExternalTensorNegativeDimension { .. }
            | Error::ExternalTensorDimOrder { .. }
            | Error::ExternalTensorSizeOverflow { .. }
            | Error::ExternalTensorLargerThanSegment { .. } => ErrorCode::InvalidExternalData,
            _ => ErrorCode::InvalidProgram,
        }
    }
}

impl Error {
    /// This error as the error of a `.ptd` file: errors of checks shared with programs are
    /// wrapped in [`Error::InExternalData`], so that every `.ptd` failure carries
    /// [`ErrorCode::InvalidExternalData`] as ExecuTorch reports it.
    pub(crate) fn in_external_data(self) -> Error {
        if self.code() == ErrorCode::InvalidExternalData {
            self
        } else {
            Error::InExternalData(Box::new(self))
        }
    }
}

/// Result alias of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;
