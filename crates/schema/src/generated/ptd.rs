pub use root::*;

const _: () = ::planus::check_version_compatibility("planus-1.3.0");


/// The root namespace
/// 
/// Generated from these locations:
/// * File `fbs/ptd.fbs`
#[no_implicit_prelude]
#[allow(clippy::needless_lifetimes)]
mod root {
/// The namespace `ptd`
/// 
/// Generated from these locations:
/// * File `fbs/ptd.fbs`
pub mod ptd {
/// The table `DataSegment` in the namespace `ptd`
/// 
/// Generated from these locations:
/// * Table `DataSegment` in the file `fbs/ptd.fbs:8`
#[derive(Clone, Debug, PartialEq, PartialOrd,
Eq, Ord, Hash,
::serde::Serialize, ::serde::Deserialize
)]
pub struct DataSegment{
    
        /// The field `offset` in the table `DataSegment`
        pub offset: u64,
        /// The field `size` in the table `DataSegment`
        pub size: u64,}


#[allow(clippy::derivable_impls)]
impl ::core::default::Default for DataSegment {
    fn default() -> Self {
        Self {
        offset: 0,
        size: 0,
        
        }
    }
}


impl DataSegment {
    /// Creates a [DataSegmentBuilder] for serializing an instance of this table.
    #[inline]
    pub fn builder() -> DataSegmentBuilder<()> {
        DataSegmentBuilder(())
    }

    #[allow(clippy::too_many_arguments)]
    pub fn create(
        builder: &mut ::planus::Builder,
        field_offset: impl ::planus::WriteAsDefault<u64, u64>,
        field_size: impl ::planus::WriteAsDefault<u64, u64>,
        
    ) -> ::planus::Offset<Self> {let prepared_offset = field_offset.prepare(builder, &0);let prepared_size = field_size.prepare(builder, &0);

        let mut table_writer: ::planus::table_writer::TableWriter::<8> = ::core::default::Default::default();
        if prepared_offset.is_some() {table_writer.write_entry::<u64>(0);}if prepared_size.is_some() {table_writer.write_entry::<u64>(1);}

        unsafe {
            table_writer.finish(builder, |object_writer| {if let ::core::option::Option::Some(prepared_offset) = prepared_offset {object_writer.write::<_, _, 8>(&prepared_offset);}if let ::core::option::Option::Some(prepared_size) = prepared_size {object_writer.write::<_, _, 8>(&prepared_size);}
                
            });
        }builder.current_offset()
    }
}

impl ::planus::WriteAs<::planus::Offset<DataSegment>> for DataSegment {
    type Prepared = ::planus::Offset<Self>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<DataSegment> {
        ::planus::WriteAsOffset::prepare(self, builder)
    }
}

impl ::planus::WriteAsOptional<::planus::Offset<DataSegment>> for DataSegment {
    type Prepared = ::planus::Offset<Self>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::core::option::Option<::planus::Offset<DataSegment>> {
        ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
    }
}

impl ::planus::WriteAsOffset<DataSegment> for DataSegment {
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<DataSegment> {
        DataSegment::create(
            builder,
        
            
            self.offset,
            
        
            
            self.size,
            
        
        )
    }
}

/// Builder for serializing an instance of the [DataSegment] type.
///
/// Can be created using the [DataSegment::builder] method.
#[derive(Debug)]
#[must_use]
pub struct DataSegmentBuilder<State>(State);

impl<
    
> DataSegmentBuilder
<
    (
    
    )
>
{
    /// Setter for the [`offset` field](DataSegment#structfield.offset).
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn offset<T0>(self, value: T0) -> DataSegmentBuilder<(
    
        T0,
    
    )>
    where T0: ::planus::WriteAsDefault<u64, u64>
    {
        DataSegmentBuilder((
            
            value,
        ))
    }

    
    /// Sets the [`offset` field](DataSegment#structfield.offset) to the default value.
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn offset_as_default(self) -> DataSegmentBuilder<(
        
        ::planus::DefaultValue,
    )>
    {
        self.offset(::planus::DefaultValue)
    }
    

    
}

impl<
    
        T0,
    
> DataSegmentBuilder
<
    (
    
        T0,
    
    )
>
{
    /// Setter for the [`size` field](DataSegment#structfield.size).
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn size<T1>(self, value: T1) -> DataSegmentBuilder<(
    
        T0,
    
        T1,
    
    )>
    where T1: ::planus::WriteAsDefault<u64, u64>
    {
        
        let (
            
                v0,
            
        ) = self.0;DataSegmentBuilder((
            
                v0,
            
            value,
        ))
    }

    
    /// Sets the [`size` field](DataSegment#structfield.size) to the default value.
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn size_as_default(self) -> DataSegmentBuilder<(
        
            T0,
        
        ::planus::DefaultValue,
    )>
    {
        self.size(::planus::DefaultValue)
    }
    

    
}



impl<
    
        T0,
    
        T1,
    
> DataSegmentBuilder<(
    
        T0,
    
        T1,
    
)> {
    /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [DataSegment].
    #[inline]
    pub fn finish(self, builder: &mut ::planus::Builder) -> ::planus::Offset<DataSegment>
        where Self: ::planus::WriteAsOffset<DataSegment>
    {
        ::planus::WriteAsOffset::prepare(&self, builder)
    }
}

impl<
    
        T0: ::planus::WriteAsDefault<u64, u64>,
    
        T1: ::planus::WriteAsDefault<u64, u64>,
    
> ::planus::WriteAs<::planus::Offset<DataSegment>> for DataSegmentBuilder<(
    
        T0,
    
        T1,
    
)> {
    type Prepared = ::planus::Offset<DataSegment>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<DataSegment> {
        ::planus::WriteAsOffset::prepare(self, builder)
    }
}

impl<
    
        T0: ::planus::WriteAsDefault<u64, u64>,
    
        T1: ::planus::WriteAsDefault<u64, u64>,
    
> ::planus::WriteAsOptional<::planus::Offset<DataSegment>> for DataSegmentBuilder<(
    
        T0,
    
        T1,
    
)> {
    type Prepared = ::planus::Offset<DataSegment>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::core::option::Option<::planus::Offset<DataSegment>> {
        ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
    }
}

impl<
    
        T0: ::planus::WriteAsDefault<u64, u64>,
    
        T1: ::planus::WriteAsDefault<u64, u64>,
    
> ::planus::WriteAsOffset<DataSegment> for DataSegmentBuilder<(
    
        T0,
    
        T1,
    
)> {
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<DataSegment> {
        
        let (
            
                v0,
            
                v1,
            
        ) = &self.0;DataSegment::create(
            builder,
            
                v0,
            
                v1,
            
        )
    }
}

/// Reference to a deserialized [DataSegment].
#[derive(Copy, Clone)]
pub struct DataSegmentRef<'a>(
    #[allow(dead_code)]
    ::planus::table_reader::Table<'a>
);

impl<'a> DataSegmentRef<'a> {
    
        /// Getter for the [`offset` field](DataSegment#structfield.offset).
        #[inline]
        pub fn offset(&self) -> ::planus::Result<u64> {
             ::core::result::Result::Ok( 
            
              
              self.0.access(0, "DataSegment", "offset")
              
            
            ?.unwrap_or(0))
            
        }
    
        /// Getter for the [`size` field](DataSegment#structfield.size).
        #[inline]
        pub fn size(&self) -> ::planus::Result<u64> {
             ::core::result::Result::Ok( 
            
              
              self.0.access(1, "DataSegment", "size")
              
            
            ?.unwrap_or(0))
            
        }
    
}

impl<'a> ::core::fmt::Debug for DataSegmentRef<'a> {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        let mut f = f.debug_struct("DataSegmentRef");
        f.field("offset", &self.offset());f.field("size", &self.size());
        f.finish()
    }
}

impl<'a> ::core::convert::TryFrom<DataSegmentRef<'a>> for DataSegment {
    type Error = ::planus::Error;


    #[allow(unreachable_code)]
    fn try_from(value: DataSegmentRef<'a>) -> ::planus::Result<Self> {

        ::core::result::Result::Ok(Self {
            offset: ::core::convert::TryInto::try_into(value.offset()?)?,size: ::core::convert::TryInto::try_into(value.size()?)?,
        })
    }
}

impl<'a> ::planus::TableRead<'a> for DataSegmentRef<'a> {
    #[inline]
    fn from_buffer(buffer: ::planus::SliceWithStartOffset<'a>, offset: usize) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
        ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(buffer, offset)?))
    }
}

impl<'a> ::planus::VectorReadInner<'a> for DataSegmentRef<'a> {
    type Error = ::planus::Error;
    const STRIDE: usize = 4;

    unsafe fn from_buffer(buffer: ::planus::SliceWithStartOffset<'a>, offset: usize) -> ::planus::Result<Self> {
        ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| error_kind.with_error_location(
            "[DataSegmentRef]",
            "get",
            buffer.offset_from_start,
        ))
    }
}

/// # Safety
/// The planus compiler generates implementations that initialize
/// the bytes in `write_values`.
unsafe impl ::planus::VectorWrite<::planus::Offset<DataSegment>> for DataSegment {
    type Value = ::planus::Offset<DataSegment>;
    const STRIDE: usize = 4;
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
        ::planus::WriteAs::prepare(self, builder)
    }

    #[inline]
    unsafe fn write_values(
        values: &[::planus::Offset<DataSegment>],
        bytes: *mut ::core::mem::MaybeUninit<u8>,
        buffer_position: u32,
    ) {
        let bytes = bytes as *mut [::core::mem::MaybeUninit<u8>; 4];
        for (i, v) in ::core::iter::Iterator::enumerate(values.iter()) {
            ::planus::WriteAsPrimitive::write(
                v,
                ::planus::Cursor::new(unsafe { &mut *bytes.add(i) }),
                buffer_position - (Self::STRIDE * i) as u32,
            );
        }
    }
}

impl<'a> ::planus::ReadAsRoot<'a> for DataSegmentRef<'a> {
    fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
        ::planus::TableRead::from_buffer(::planus::SliceWithStartOffset {
            buffer: slice,
            offset_from_start: 0,
        }, 0).map_err(|error_kind| error_kind.with_error_location(
            "[DataSegmentRef]",
            "read_as_root",
            0,
        ))
    }
}

    
/// The table `TensorShape` in the namespace `ptd`
/// 
/// Generated from these locations:
/// * Table `TensorShape` in the file `fbs/ptd.fbs:13`
#[derive(Clone, Debug, PartialEq, PartialOrd,
Eq, Ord, Hash,
::serde::Serialize, ::serde::Deserialize
)]
pub struct TensorShape{
    
        /// The field `element_type` in the table `TensorShape`
        pub element_type: i8,
        /// The field `sizes` in the table `TensorShape`
        pub sizes: ::core::option::Option<::planus::alloc::vec::Vec<i32>>,
        /// The field `dim_order` in the table `TensorShape`
        pub dim_order: ::core::option::Option<::planus::alloc::vec::Vec<u8>>,}


#[allow(clippy::derivable_impls)]
impl ::core::default::Default for TensorShape {
    fn default() -> Self {
        Self {
        element_type: 0,
        sizes: ::core::default::Default::default(),
        dim_order: ::core::default::Default::default(),
        
        }
    }
}


impl TensorShape {
    /// Creates a [TensorShapeBuilder] for serializing an instance of this table.
    #[inline]
    pub fn builder() -> TensorShapeBuilder<()> {
        TensorShapeBuilder(())
    }

    #[allow(clippy::too_many_arguments)]
    pub fn create(
        builder: &mut ::planus::Builder,
        field_element_type: impl ::planus::WriteAsDefault<i8, i8>,
        field_sizes: impl ::planus::WriteAsOptional<::planus::Offset<[i32]>>,
        field_dim_order: impl ::planus::WriteAsOptional<::planus::Offset<[u8]>>,
        
    ) -> ::planus::Offset<Self> {let prepared_element_type = field_element_type.prepare(builder, &0);let prepared_sizes = field_sizes.prepare(builder);let prepared_dim_order = field_dim_order.prepare(builder);

        let mut table_writer: ::planus::table_writer::TableWriter::<10> = ::core::default::Default::default();
        if prepared_sizes.is_some() {table_writer.write_entry::<::planus::Offset<[i32]>>(1);}if prepared_dim_order.is_some() {table_writer.write_entry::<::planus::Offset<[u8]>>(2);}if prepared_element_type.is_some() {table_writer.write_entry::<i8>(0);}

        unsafe {
            table_writer.finish(builder, |object_writer| {if let ::core::option::Option::Some(prepared_sizes) = prepared_sizes {object_writer.write::<_, _, 4>(&prepared_sizes);}if let ::core::option::Option::Some(prepared_dim_order) = prepared_dim_order {object_writer.write::<_, _, 4>(&prepared_dim_order);}if let ::core::option::Option::Some(prepared_element_type) = prepared_element_type {object_writer.write::<_, _, 1>(&prepared_element_type);}
                
            });
        }builder.current_offset()
    }
}

impl ::planus::WriteAs<::planus::Offset<TensorShape>> for TensorShape {
    type Prepared = ::planus::Offset<Self>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<TensorShape> {
        ::planus::WriteAsOffset::prepare(self, builder)
    }
}

impl ::planus::WriteAsOptional<::planus::Offset<TensorShape>> for TensorShape {
    type Prepared = ::planus::Offset<Self>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::core::option::Option<::planus::Offset<TensorShape>> {
        ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
    }
}

impl ::planus::WriteAsOffset<TensorShape> for TensorShape {
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<TensorShape> {
        TensorShape::create(
            builder,
        
            
            self.element_type,
            
        
            
            &self.sizes,
            
        
            
            &self.dim_order,
            
        
        )
    }
}

/// Builder for serializing an instance of the [TensorShape] type.
///
/// Can be created using the [TensorShape::builder] method.
#[derive(Debug)]
#[must_use]
pub struct TensorShapeBuilder<State>(State);

impl<
    
> TensorShapeBuilder
<
    (
    
    )
>
{
    /// Setter for the [`element_type` field](TensorShape#structfield.element_type).
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn element_type<T0>(self, value: T0) -> TensorShapeBuilder<(
    
        T0,
    
    )>
    where T0: ::planus::WriteAsDefault<i8, i8>
    {
        TensorShapeBuilder((
            
            value,
        ))
    }

    
    /// Sets the [`element_type` field](TensorShape#structfield.element_type) to the default value.
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn element_type_as_default(self) -> TensorShapeBuilder<(
        
        ::planus::DefaultValue,
    )>
    {
        self.element_type(::planus::DefaultValue)
    }
    

    
}

impl<
    
        T0,
    
> TensorShapeBuilder
<
    (
    
        T0,
    
    )
>
{
    /// Setter for the [`sizes` field](TensorShape#structfield.sizes).
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn sizes<T1>(self, value: T1) -> TensorShapeBuilder<(
    
        T0,
    
        T1,
    
    )>
    where T1: ::planus::WriteAsOptional<::planus::Offset<[i32]>>
    {
        
        let (
            
                v0,
            
        ) = self.0;TensorShapeBuilder((
            
                v0,
            
            value,
        ))
    }

    

    
    /// Sets the [`sizes` field](TensorShape#structfield.sizes) to null.
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn sizes_as_null(self) -> TensorShapeBuilder<(
        
            T0,
        
        (),
    )>
    {
        self.sizes(())
    }
    
}

impl<
    
        T0,
    
        T1,
    
> TensorShapeBuilder
<
    (
    
        T0,
    
        T1,
    
    )
>
{
    /// Setter for the [`dim_order` field](TensorShape#structfield.dim_order).
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn dim_order<T2>(self, value: T2) -> TensorShapeBuilder<(
    
        T0,
    
        T1,
    
        T2,
    
    )>
    where T2: ::planus::WriteAsOptional<::planus::Offset<[u8]>>
    {
        
        let (
            
                v0,
            
                v1,
            
        ) = self.0;TensorShapeBuilder((
            
                v0,
            
                v1,
            
            value,
        ))
    }

    

    
    /// Sets the [`dim_order` field](TensorShape#structfield.dim_order) to null.
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn dim_order_as_null(self) -> TensorShapeBuilder<(
        
            T0,
        
            T1,
        
        (),
    )>
    {
        self.dim_order(())
    }
    
}



impl<
    
        T0,
    
        T1,
    
        T2,
    
> TensorShapeBuilder<(
    
        T0,
    
        T1,
    
        T2,
    
)> {
    /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [TensorShape].
    #[inline]
    pub fn finish(self, builder: &mut ::planus::Builder) -> ::planus::Offset<TensorShape>
        where Self: ::planus::WriteAsOffset<TensorShape>
    {
        ::planus::WriteAsOffset::prepare(&self, builder)
    }
}

impl<
    
        T0: ::planus::WriteAsDefault<i8, i8>,
    
        T1: ::planus::WriteAsOptional<::planus::Offset<[i32]>>,
    
        T2: ::planus::WriteAsOptional<::planus::Offset<[u8]>>,
    
> ::planus::WriteAs<::planus::Offset<TensorShape>> for TensorShapeBuilder<(
    
        T0,
    
        T1,
    
        T2,
    
)> {
    type Prepared = ::planus::Offset<TensorShape>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<TensorShape> {
        ::planus::WriteAsOffset::prepare(self, builder)
    }
}

impl<
    
        T0: ::planus::WriteAsDefault<i8, i8>,
    
        T1: ::planus::WriteAsOptional<::planus::Offset<[i32]>>,
    
        T2: ::planus::WriteAsOptional<::planus::Offset<[u8]>>,
    
> ::planus::WriteAsOptional<::planus::Offset<TensorShape>> for TensorShapeBuilder<(
    
        T0,
    
        T1,
    
        T2,
    
)> {
    type Prepared = ::planus::Offset<TensorShape>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::core::option::Option<::planus::Offset<TensorShape>> {
        ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
    }
}

impl<
    
        T0: ::planus::WriteAsDefault<i8, i8>,
    
        T1: ::planus::WriteAsOptional<::planus::Offset<[i32]>>,
    
        T2: ::planus::WriteAsOptional<::planus::Offset<[u8]>>,
    
> ::planus::WriteAsOffset<TensorShape> for TensorShapeBuilder<(
    
        T0,
    
        T1,
    
        T2,
    
)> {
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<TensorShape> {
        
        let (
            
                v0,
            
                v1,
            
                v2,
            
        ) = &self.0;TensorShape::create(
            builder,
            
                v0,
            
                v1,
            
                v2,
            
        )
    }
}

/// Reference to a deserialized [TensorShape].
#[derive(Copy, Clone)]
pub struct TensorShapeRef<'a>(
    #[allow(dead_code)]
    ::planus::table_reader::Table<'a>
);

impl<'a> TensorShapeRef<'a> {
    
        /// Getter for the [`element_type` field](TensorShape#structfield.element_type).
        #[inline]
        pub fn element_type(&self) -> ::planus::Result<i8> {
             ::core::result::Result::Ok( 
            
              
              self.0.access(0, "TensorShape", "element_type")
              
            
            ?.unwrap_or(0))
            
        }
    
        /// Getter for the [`sizes` field](TensorShape#structfield.sizes).
        #[inline]
        pub fn sizes(&self) -> ::planus::Result<::core::option::Option<::planus::Vector<'a, i32>>> {
            
            
              
              self.0.access(1, "TensorShape", "sizes")
              
            
            
            
        }
    
        /// Getter for the [`dim_order` field](TensorShape#structfield.dim_order).
        #[inline]
        pub fn dim_order(&self) -> ::planus::Result<::core::option::Option<&'a [u8]>> {
            
            
              
              self.0.access(2, "TensorShape", "dim_order")
              
            
            
            
        }
    
}

impl<'a> ::core::fmt::Debug for TensorShapeRef<'a> {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        let mut f = f.debug_struct("TensorShapeRef");
        f.field("element_type", &self.element_type());if let ::core::option::Option::Some(field_sizes) = self.sizes().transpose() {
                f.field("sizes", &field_sizes);
            }if let ::core::option::Option::Some(field_dim_order) = self.dim_order().transpose() {
                f.field("dim_order", &field_dim_order);
            }
        f.finish()
    }
}

impl<'a> ::core::convert::TryFrom<TensorShapeRef<'a>> for TensorShape {
    type Error = ::planus::Error;


    #[allow(unreachable_code)]
    fn try_from(value: TensorShapeRef<'a>) -> ::planus::Result<Self> {

        ::core::result::Result::Ok(Self {
            element_type: ::core::convert::TryInto::try_into(value.element_type()?)?,sizes: 
                            if let ::core::option::Option::Some(sizes) = value.sizes()? {
                                ::core::option::Option::Some(sizes.to_vec()?)
                            } else {
                                ::core::option::Option::None
                            }
                        ,dim_order: value.dim_order()?.map(|v| v.to_vec()),
        })
    }
}

impl<'a> ::planus::TableRead<'a> for TensorShapeRef<'a> {
    #[inline]
    fn from_buffer(buffer: ::planus::SliceWithStartOffset<'a>, offset: usize) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
        ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(buffer, offset)?))
    }
}

impl<'a> ::planus::VectorReadInner<'a> for TensorShapeRef<'a> {
    type Error = ::planus::Error;
    const STRIDE: usize = 4;

    unsafe fn from_buffer(buffer: ::planus::SliceWithStartOffset<'a>, offset: usize) -> ::planus::Result<Self> {
        ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| error_kind.with_error_location(
            "[TensorShapeRef]",
            "get",
            buffer.offset_from_start,
        ))
    }
}

/// # Safety
/// The planus compiler generates implementations that initialize
/// the bytes in `write_values`.
unsafe impl ::planus::VectorWrite<::planus::Offset<TensorShape>> for TensorShape {
    type Value = ::planus::Offset<TensorShape>;
    const STRIDE: usize = 4;
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
        ::planus::WriteAs::prepare(self, builder)
    }

    #[inline]
    unsafe fn write_values(
        values: &[::planus::Offset<TensorShape>],
        bytes: *mut ::core::mem::MaybeUninit<u8>,
        buffer_position: u32,
    ) {
        let bytes = bytes as *mut [::core::mem::MaybeUninit<u8>; 4];
        for (i, v) in ::core::iter::Iterator::enumerate(values.iter()) {
            ::planus::WriteAsPrimitive::write(
                v,
                ::planus::Cursor::new(unsafe { &mut *bytes.add(i) }),
                buffer_position - (Self::STRIDE * i) as u32,
            );
        }
    }
}

impl<'a> ::planus::ReadAsRoot<'a> for TensorShapeRef<'a> {
    fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
        ::planus::TableRead::from_buffer(::planus::SliceWithStartOffset {
            buffer: slice,
            offset_from_start: 0,
        }, 0).map_err(|error_kind| error_kind.with_error_location(
            "[TensorShapeRef]",
            "read_as_root",
            0,
        ))
    }
}

    
/// The table `NamedTensor` in the namespace `ptd`
/// 
/// Generated from these locations:
/// * Table `NamedTensor` in the file `fbs/ptd.fbs:19`
#[derive(Clone, Debug, PartialEq, PartialOrd,
Eq, Ord, Hash,
::serde::Serialize, ::serde::Deserialize
)]
pub struct NamedTensor{
    
        /// The field `key` in the table `NamedTensor`
        pub key: ::core::option::Option<::planus::alloc::string::String>,
        /// The field `segment_index` in the table `NamedTensor`
        pub segment_index: u32,
        /// The field `shape` in the table `NamedTensor`
        pub shape: ::core::option::Option<::planus::alloc::boxed::Box<self::TensorShape>>,}


#[allow(clippy::derivable_impls)]
impl ::core::default::Default for NamedTensor {
    fn default() -> Self {
        Self {
        key: ::core::default::Default::default(),
        segment_index: 0,
        shape: ::core::default::Default::default(),
        
        }
    }
}


impl NamedTensor {
    /// Creates a [NamedTensorBuilder] for serializing an instance of this table.
    #[inline]
    pub fn builder() -> NamedTensorBuilder<()> {
        NamedTensorBuilder(())
    }

    #[allow(clippy::too_many_arguments)]
    pub fn create(
        builder: &mut ::planus::Builder,
        field_key: impl ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
        field_segment_index: impl ::planus::WriteAsDefault<u32, u32>,
        field_shape: impl ::planus::WriteAsOptional<::planus::Offset<self::TensorShape>>,
        
    ) -> ::planus::Offset<Self> {let prepared_key = field_key.prepare(builder);let prepared_segment_index = field_segment_index.prepare(builder, &0);let prepared_shape = field_shape.prepare(builder);

        let mut table_writer: ::planus::table_writer::TableWriter::<10> = ::core::default::Default::default();
        if prepared_key.is_some() {table_writer.write_entry::<::planus::Offset<str>>(0);}if prepared_segment_index.is_some() {table_writer.write_entry::<u32>(1);}if prepared_shape.is_some() {table_writer.write_entry::<::planus::Offset<self::TensorShape>>(2);}

        unsafe {
            table_writer.finish(builder, |object_writer| {if let ::core::option::Option::Some(prepared_key) = prepared_key {object_writer.write::<_, _, 4>(&prepared_key);}if let ::core::option::Option::Some(prepared_segment_index) = prepared_segment_index {object_writer.write::<_, _, 4>(&prepared_segment_index);}if let ::core::option::Option::Some(prepared_shape) = prepared_shape {object_writer.write::<_, _, 4>(&prepared_shape);}
                
            });
        }builder.current_offset()
    }
}

impl ::planus::WriteAs<::planus::Offset<NamedTensor>> for NamedTensor {
    type Prepared = ::planus::Offset<Self>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<NamedTensor> {
        ::planus::WriteAsOffset::prepare(self, builder)
    }
}

impl ::planus::WriteAsOptional<::planus::Offset<NamedTensor>> for NamedTensor {
    type Prepared = ::planus::Offset<Self>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::core::option::Option<::planus::Offset<NamedTensor>> {
        ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
    }
}

impl ::planus::WriteAsOffset<NamedTensor> for NamedTensor {
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<NamedTensor> {
        NamedTensor::create(
            builder,
        
            
            &self.key,
            
        
            
            self.segment_index,
            
        
            
            &self.shape,
            
        
        )
    }
}

/// Builder for serializing an instance of the [NamedTensor] type.
///
/// Can be created using the [NamedTensor::builder] method.
#[derive(Debug)]
#[must_use]
pub struct NamedTensorBuilder<State>(State);

impl<
    
> NamedTensorBuilder
<
    (
    
    )
>
{
    /// Setter for the [`key` field](NamedTensor#structfield.key).
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn key<T0>(self, value: T0) -> NamedTensorBuilder<(
    
        T0,
    
    )>
    where T0: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>
    {
        NamedTensorBuilder((
            
            value,
        ))
    }

    

    
    /// Sets the [`key` field](NamedTensor#structfield.key) to null.
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn key_as_null(self) -> NamedTensorBuilder<(
        
        (),
    )>
    {
        self.key(())
    }
    
}

impl<
    
        T0,
    
> NamedTensorBuilder
<
    (
    
        T0,
    
    )
>
{
    /// Setter for the [`segment_index` field](NamedTensor#structfield.segment_index).
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn segment_index<T1>(self, value: T1) -> NamedTensorBuilder<(
    
        T0,
    
        T1,
    
    )>
    where T1: ::planus::WriteAsDefault<u32, u32>
    {
        
        let (
            
                v0,
            
        ) = self.0;NamedTensorBuilder((
            
                v0,
            
            value,
        ))
    }

    
    /// Sets the [`segment_index` field](NamedTensor#structfield.segment_index) to the default value.
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn segment_index_as_default(self) -> NamedTensorBuilder<(
        
            T0,
        
        ::planus::DefaultValue,
    )>
    {
        self.segment_index(::planus::DefaultValue)
    }
    

    
}

impl<
    
        T0,
    
        T1,
    
> NamedTensorBuilder
<
    (
    
        T0,
    
        T1,
    
    )
>
{
    /// Setter for the [`shape` field](NamedTensor#structfield.shape).
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn shape<T2>(self, value: T2) -> NamedTensorBuilder<(
    
        T0,
    
        T1,
    
        T2,
    
    )>
    where T2: ::planus::WriteAsOptional<::planus::Offset<self::TensorShape>>
    {
        
        let (
            
                v0,
            
                v1,
            
        ) = self.0;NamedTensorBuilder((
            
                v0,
            
                v1,
            
            value,
        ))
    }

    

    
    /// Sets the [`shape` field](NamedTensor#structfield.shape) to null.
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn shape_as_null(self) -> NamedTensorBuilder<(
        
            T0,
        
            T1,
        
        (),
    )>
    {
        self.shape(())
    }
    
}



impl<
    
        T0,
    
        T1,
    
        T2,
    
> NamedTensorBuilder<(
    
        T0,
    
        T1,
    
        T2,
    
)> {
    /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [NamedTensor].
    #[inline]
    pub fn finish(self, builder: &mut ::planus::Builder) -> ::planus::Offset<NamedTensor>
        where Self: ::planus::WriteAsOffset<NamedTensor>
    {
        ::planus::WriteAsOffset::prepare(&self, builder)
    }
}

impl<
    
        T0: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
    
        T1: ::planus::WriteAsDefault<u32, u32>,
    
        T2: ::planus::WriteAsOptional<::planus::Offset<self::TensorShape>>,
    
> ::planus::WriteAs<::planus::Offset<NamedTensor>> for NamedTensorBuilder<(
    
        T0,
    
        T1,
    
        T2,
    
)> {
    type Prepared = ::planus::Offset<NamedTensor>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<NamedTensor> {
        ::planus::WriteAsOffset::prepare(self, builder)
    }
}

impl<
    
        T0: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
    
        T1: ::planus::WriteAsDefault<u32, u32>,
    
        T2: ::planus::WriteAsOptional<::planus::Offset<self::TensorShape>>,
    
> ::planus::WriteAsOptional<::planus::Offset<NamedTensor>> for NamedTensorBuilder<(
    
        T0,
    
        T1,
    
        T2,
    
)> {
    type Prepared = ::planus::Offset<NamedTensor>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::core::option::Option<::planus::Offset<NamedTensor>> {
        ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
    }
}

impl<
    
        T0: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
    
        T1: ::planus::WriteAsDefault<u32, u32>,
    
        T2: ::planus::WriteAsOptional<::planus::Offset<self::TensorShape>>,
    
> ::planus::WriteAsOffset<NamedTensor> for NamedTensorBuilder<(
    
        T0,
    
        T1,
    
        T2,
    
)> {
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<NamedTensor> {
        
        let (
            
                v0,
            
                v1,
            
                v2,
            
        ) = &self.0;NamedTensor::create(
            builder,
            
                v0,
            
                v1,
            
                v2,
            
        )
    }
}

/// Reference to a deserialized [NamedTensor].
#[derive(Copy, Clone)]
pub struct NamedTensorRef<'a>(
    #[allow(dead_code)]
    ::planus::table_reader::Table<'a>
);

impl<'a> NamedTensorRef<'a> {
    
        /// Getter for the [`key` field](NamedTensor#structfield.key).
        #[inline]
        pub fn key(&self) -> ::planus::Result<::core::option::Option<&'a ::core::primitive::str>> {
            
            
              
              self.0.access(0, "NamedTensor", "key")
              
            
            
            
        }
    
        /// Getter for the [`segment_index` field](NamedTensor#structfield.segment_index).
        #[inline]
        pub fn segment_index(&self) -> ::planus::Result<u32> {
             ::core::result::Result::Ok( 
            
              
              self.0.access(1, "NamedTensor", "segment_index")
              
            
            ?.unwrap_or(0))
            
        }
    
        /// Getter for the [`shape` field](NamedTensor#structfield.shape).
        #[inline]
        pub fn shape(&self) -> ::planus::Result<::core::option::Option<self::TensorShapeRef<'a>>> {
            
            
              
              self.0.access(2, "NamedTensor", "shape")
              
            
            
            
        }
    
}

impl<'a> ::core::fmt::Debug for NamedTensorRef<'a> {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        let mut f = f.debug_struct("NamedTensorRef");
        if let ::core::option::Option::Some(field_key) = self.key().transpose() {
                f.field("key", &field_key);
            }f.field("segment_index", &self.segment_index());if let ::core::option::Option::Some(field_shape) = self.shape().transpose() {
                f.field("shape", &field_shape);
            }
        f.finish()
    }
}

impl<'a> ::core::convert::TryFrom<NamedTensorRef<'a>> for NamedTensor {
    type Error = ::planus::Error;


    #[allow(unreachable_code)]
    fn try_from(value: NamedTensorRef<'a>) -> ::planus::Result<Self> {

        ::core::result::Result::Ok(Self {
            key: 
                                value.key()?.map(::core::convert::Into::into)
                            ,segment_index: ::core::convert::TryInto::try_into(value.segment_index()?)?,shape: 
                                if let ::core::option::Option::Some(shape) = value.shape()? {
                                    ::core::option::Option::Some(::planus::alloc::boxed::Box::new(::core::convert::TryInto::try_into(shape)?))
                                } else {
                                    ::core::option::Option::None
                                }
                            ,
        })
    }
}

impl<'a> ::planus::TableRead<'a> for NamedTensorRef<'a> {
    #[inline]
    fn from_buffer(buffer: ::planus::SliceWithStartOffset<'a>, offset: usize) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
        ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(buffer, offset)?))
    }
}

impl<'a> ::planus::VectorReadInner<'a> for NamedTensorRef<'a> {
    type Error = ::planus::Error;
    const STRIDE: usize = 4;

    unsafe fn from_buffer(buffer: ::planus::SliceWithStartOffset<'a>, offset: usize) -> ::planus::Result<Self> {
        ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| error_kind.with_error_location(
            "[NamedTensorRef]",
            "get",
            buffer.offset_from_start,
        ))
    }
}

/// # Safety
/// The planus compiler generates implementations that initialize
/// the bytes in `write_values`.
unsafe impl ::planus::VectorWrite<::planus::Offset<NamedTensor>> for NamedTensor {
    type Value = ::planus::Offset<NamedTensor>;
    const STRIDE: usize = 4;
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
        ::planus::WriteAs::prepare(self, builder)
    }

    #[inline]
    unsafe fn write_values(
        values: &[::planus::Offset<NamedTensor>],
        bytes: *mut ::core::mem::MaybeUninit<u8>,
        buffer_position: u32,
    ) {
        let bytes = bytes as *mut [::core::mem::MaybeUninit<u8>; 4];
        for (i, v) in ::core::iter::Iterator::enumerate(values.iter()) {
            ::planus::WriteAsPrimitive::write(
                v,
                ::planus::Cursor::new(unsafe { &mut *bytes.add(i) }),
                buffer_position - (Self::STRIDE * i) as u32,
            );
        }
    }
}

impl<'a> ::planus::ReadAsRoot<'a> for NamedTensorRef<'a> {
    fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
        ::planus::TableRead::from_buffer(::planus::SliceWithStartOffset {
            buffer: slice,
            offset_from_start: 0,
        }, 0).map_err(|error_kind| error_kind.with_error_location(
            "[NamedTensorRef]",
            "read_as_root",
            0,
        ))
    }
}

    
/// The table `TensorFile` in the namespace `ptd`
/// 
/// Generated from these locations:
/// * Table `TensorFile` in the file `fbs/ptd.fbs:25`
#[derive(Clone, Debug, PartialEq, PartialOrd,
Eq, Ord, Hash,
::serde::Serialize, ::serde::Deserialize
)]
pub struct TensorFile{
    
        /// The field `version` in the table `TensorFile`
        pub version: u32,
        /// The field `segments` in the table `TensorFile`
        pub segments: ::core::option::Option<::planus::alloc::vec::Vec<self::DataSegment>>,
        /// The field `named_data` in the table `TensorFile`
        pub named_data: ::core::option::Option<::planus::alloc::vec::Vec<self::NamedTensor>>,}


#[allow(clippy::derivable_impls)]
impl ::core::default::Default for TensorFile {
    fn default() -> Self {
        Self {
        version: 0,
        segments: ::core::default::Default::default(),
        named_data: ::core::default::Default::default(),
        
        }
    }
}


impl TensorFile {
    /// Creates a [TensorFileBuilder] for serializing an instance of this table.
    #[inline]
    pub fn builder() -> TensorFileBuilder<()> {
        TensorFileBuilder(())
    }

    #[allow(clippy::too_many_arguments)]
    pub fn create(
        builder: &mut ::planus::Builder,
        field_version: impl ::planus::WriteAsDefault<u32, u32>,
        field_segments: impl ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<self::DataSegment>]>>,
        field_named_data: impl ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<self::NamedTensor>]>>,
        
    ) -> ::planus::Offset<Self> {let prepared_version = field_version.prepare(builder, &0);let prepared_segments = field_segments.prepare(builder);let prepared_named_data = field_named_data.prepare(builder);

        let mut table_writer: ::planus::table_writer::TableWriter::<10> = ::core::default::Default::default();
        if prepared_version.is_some() {table_writer.write_entry::<u32>(0);}if prepared_segments.is_some() {table_writer.write_entry::<::planus::Offset<[::planus::Offset<self::DataSegment>]>>(1);}if prepared_named_data.is_some() {table_writer.write_entry::<::planus::Offset<[::planus::Offset<self::NamedTensor>]>>(2);}

        unsafe {
            table_writer.finish(builder, |object_writer| {if let ::core::option::Option::Some(prepared_version) = prepared_version {object_writer.write::<_, _, 4>(&prepared_version);}if let ::core::option::Option::Some(prepared_segments) = prepared_segments {object_writer.write::<_, _, 4>(&prepared_segments);}if let ::core::option::Option::Some(prepared_named_data) = prepared_named_data {object_writer.write::<_, _, 4>(&prepared_named_data);}
                
            });
        }builder.current_offset()
    }
}

impl ::planus::WriteAs<::planus::Offset<TensorFile>> for TensorFile {
    type Prepared = ::planus::Offset<Self>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<TensorFile> {
        ::planus::WriteAsOffset::prepare(self, builder)
    }
}

impl ::planus::WriteAsOptional<::planus::Offset<TensorFile>> for TensorFile {
    type Prepared = ::planus::Offset<Self>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::core::option::Option<::planus::Offset<TensorFile>> {
        ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
    }
}

impl ::planus::WriteAsOffset<TensorFile> for TensorFile {
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<TensorFile> {
        TensorFile::create(
            builder,
        
            
            self.version,
            
        
            
            &self.segments,
            
        
            
            &self.named_data,
            
        
        )
    }
}

/// Builder for serializing an instance of the [TensorFile] type.
///
/// Can be created using the [TensorFile::builder] method.
#[derive(Debug)]
#[must_use]
pub struct TensorFileBuilder<State>(State);

impl<
    
> TensorFileBuilder
<
    (
    
    )
>
{
    /// Setter for the [`version` field](TensorFile#structfield.version).
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn version<T0>(self, value: T0) -> TensorFileBuilder<(
    
        T0,
    
    )>
    where T0: ::planus::WriteAsDefault<u32, u32>
    {
        TensorFileBuilder((
            
            value,
        ))
    }

    
    /// Sets the [`version` field](TensorFile#structfield.version) to the default value.
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn version_as_default(self) -> TensorFileBuilder<(
        
        ::planus::DefaultValue,
    )>
    {
        self.version(::planus::DefaultValue)
    }
    

    
}

impl<
    
        T0,
    
> TensorFileBuilder
<
    (
    
        T0,
    
    )
>
{
    /// Setter for the [`segments` field](TensorFile#structfield.segments).
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn segments<T1>(self, value: T1) -> TensorFileBuilder<(
    
        T0,
    
        T1,
    
    )>
    where T1: ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<self::DataSegment>]>>
    {
        
        let (
            
                v0,
            
        ) = self.0;TensorFileBuilder((
            
                v0,
            
            value,
        ))
    }

    

    
    /// Sets the [`segments` field](TensorFile#structfield.segments) to null.
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn segments_as_null(self) -> TensorFileBuilder<(
        
            T0,
        
        (),
    )>
    {
        self.segments(())
    }
    
}

impl<
    
        T0,
    
        T1,
    
> TensorFileBuilder
<
    (
    
        T0,
    
        T1,
    
    )
>
{
    /// Setter for the [`named_data` field](TensorFile#structfield.named_data).
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn named_data<T2>(self, value: T2) -> TensorFileBuilder<(
    
        T0,
    
        T1,
    
        T2,
    
    )>
    where T2: ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<self::NamedTensor>]>>
    {
        
        let (
            
                v0,
            
                v1,
            
        ) = self.0;TensorFileBuilder((
            
                v0,
            
                v1,
            
            value,
        ))
    }

    

    
    /// Sets the [`named_data` field](TensorFile#structfield.named_data) to null.
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn named_data_as_null(self) -> TensorFileBuilder<(
        
            T0,
        
            T1,
        
        (),
    )>
    {
        self.named_data(())
    }
    
}



impl<
    
        T0,
    
        T1,
    
        T2,
    
> TensorFileBuilder<(
    
        T0,
    
        T1,
    
        T2,
    
)> {
    /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [TensorFile].
    #[inline]
    pub fn finish(self, builder: &mut ::planus::Builder) -> ::planus::Offset<TensorFile>
        where Self: ::planus::WriteAsOffset<TensorFile>
    {
        ::planus::WriteAsOffset::prepare(&self, builder)
    }
}

impl<
    
        T0: ::planus::WriteAsDefault<u32, u32>,
    
        T1: ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<self::DataSegment>]>>,
    
        T2: ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<self::NamedTensor>]>>,
    
> ::planus::WriteAs<::planus::Offset<TensorFile>> for TensorFileBuilder<(
    
        T0,
    
        T1,
    
        T2,
    
)> {
    type Prepared = ::planus::Offset<TensorFile>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<TensorFile> {
        ::planus::WriteAsOffset::prepare(self, builder)
    }
}

impl<
    
        T0: ::planus::WriteAsDefault<u32, u32>,
    
        T1: ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<self::DataSegment>]>>,
    
        T2: ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<self::NamedTensor>]>>,
    
> ::planus::WriteAsOptional<::planus::Offset<TensorFile>> for TensorFileBuilder<(
    
        T0,
    
        T1,
    
        T2,
    
)> {
    type Prepared = ::planus::Offset<TensorFile>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::core::option::Option<::planus::Offset<TensorFile>> {
        ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
    }
}

impl<
    
        T0: ::planus::WriteAsDefault<u32, u32>,
    
        T1: ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<self::DataSegment>]>>,
    
        T2: ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<self::NamedTensor>]>>,
    
> ::planus::WriteAsOffset<TensorFile> for TensorFileBuilder<(
    
        T0,
    
        T1,
    
        T2,
    
)> {
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<TensorFile> {
        
        let (
            
                v0,
            
                v1,
            
                v2,
            
        ) = &self.0;TensorFile::create(
            builder,
            
                v0,
            
                v1,
            
                v2,
            
        )
    }
}

/// Reference to a deserialized [TensorFile].
#[derive(Copy, Clone)]
pub struct TensorFileRef<'a>(
    #[allow(dead_code)]
    ::planus::table_reader::Table<'a>
);

impl<'a> TensorFileRef<'a> {
    
        /// Getter for the [`version` field](TensorFile#structfield.version).
        #[inline]
        pub fn version(&self) -> ::planus::Result<u32> {
             ::core::result::Result::Ok( 
            
              
              self.0.access(0, "TensorFile", "version")
              
            
            ?.unwrap_or(0))
            
        }
    
        /// Getter for the [`segments` field](TensorFile#structfield.segments).
        #[inline]
        pub fn segments(&self) -> ::planus::Result<::core::option::Option<::planus::Vector<'a, ::planus::Result<self::DataSegmentRef<'a>>>>> {
            
            
              
              self.0.access(1, "TensorFile", "segments")
              
            
            
            
        }
    
        /// Getter for the [`named_data` field](TensorFile#structfield.named_data).
        #[inline]
        pub fn named_data(&self) -> ::planus::Result<::core::option::Option<::planus::Vector<'a, ::planus::Result<self::NamedTensorRef<'a>>>>> {
            
            
              
              self.0.access(2, "TensorFile", "named_data")
              
            
            
            
        }
    
}

impl<'a> ::core::fmt::Debug for TensorFileRef<'a> {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        let mut f = f.debug_struct("TensorFileRef");
        f.field("version", &self.version());if let ::core::option::Option::Some(field_segments) = self.segments().transpose() {
                f.field("segments", &field_segments);
            }if let ::core::option::Option::Some(field_named_data) = self.named_data().transpose() {
                f.field("named_data", &field_named_data);
            }
        f.finish()
    }
}

impl<'a> ::core::convert::TryFrom<TensorFileRef<'a>> for TensorFile {
    type Error = ::planus::Error;


    #[allow(unreachable_code)]
    fn try_from(value: TensorFileRef<'a>) -> ::planus::Result<Self> {

        ::core::result::Result::Ok(Self {
            version: ::core::convert::TryInto::try_into(value.version()?)?,segments: 
                            if let ::core::option::Option::Some(segments) = value.segments()? {
                                ::core::option::Option::Some(segments.to_vec_result()?)
                            } else {
                                ::core::option::Option::None
                            }
                        ,named_data: 
                            if let ::core::option::Option::Some(named_data) = value.named_data()? {
                                ::core::option::Option::Some(named_data.to_vec_result()?)
                            } else {
                                ::core::option::Option::None
                            }
                        ,
        })
    }
}

impl<'a> ::planus::TableRead<'a> for TensorFileRef<'a> {
    #[inline]
    fn from_buffer(buffer: ::planus::SliceWithStartOffset<'a>, offset: usize) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
        ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(buffer, offset)?))
    }
}

impl<'a> ::planus::VectorReadInner<'a> for TensorFileRef<'a> {
    type Error = ::planus::Error;
    const STRIDE: usize = 4;

    unsafe fn from_buffer(buffer: ::planus::SliceWithStartOffset<'a>, offset: usize) -> ::planus::Result<Self> {
        ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| error_kind.with_error_location(
            "[TensorFileRef]",
            "get",
            buffer.offset_from_start,
        ))
    }
}

/// # Safety
/// The planus compiler generates implementations that initialize
/// the bytes in `write_values`.
unsafe impl ::planus::VectorWrite<::planus::Offset<TensorFile>> for TensorFile {
    type Value = ::planus::Offset<TensorFile>;
    const STRIDE: usize = 4;
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
        ::planus::WriteAs::prepare(self, builder)
    }

    #[inline]
    unsafe fn write_values(
        values: &[::planus::Offset<TensorFile>],
        bytes: *mut ::core::mem::MaybeUninit<u8>,
        buffer_position: u32,
    ) {
        let bytes = bytes as *mut [::core::mem::MaybeUninit<u8>; 4];
        for (i, v) in ::core::iter::Iterator::enumerate(values.iter()) {
            ::planus::WriteAsPrimitive::write(
                v,
                ::planus::Cursor::new(unsafe { &mut *bytes.add(i) }),
                buffer_position - (Self::STRIDE * i) as u32,
            );
        }
    }
}

impl<'a> ::planus::ReadAsRoot<'a> for TensorFileRef<'a> {
    fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
        ::planus::TableRead::from_buffer(::planus::SliceWithStartOffset {
            buffer: slice,
            offset_from_start: 0,
        }, 0).map_err(|error_kind| error_kind.with_error_location(
            "[TensorFileRef]",
            "read_as_root",
            0,
        ))
    }
}

    }}