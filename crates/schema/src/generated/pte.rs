pub use root::*;

const _: () = ::planus::check_version_compatibility("planus-1.3.0");


/// The root namespace
/// 
/// Generated from these locations:
/// * File `fbs/pte.fbs`
#[no_implicit_prelude]
#[allow(clippy::needless_lifetimes)]
mod root {
/// The namespace `pte`
/// 
/// Generated from these locations:
/// * File `fbs/pte.fbs`
pub mod pte {
/// The table `IntValue` in the namespace `pte`
/// 
/// Generated from these locations:
/// * Table `IntValue` in the file `fbs/pte.fbs:14`
#[derive(Clone, Debug, PartialEq, PartialOrd,
Eq, Ord, Hash,
::serde::Serialize, ::serde::Deserialize
)]
pub struct IntValue{
    
        /// The field `value` in the table `IntValue`
        pub value: i64,}


#[allow(clippy::derivable_impls)]
impl ::core::default::Default for IntValue {
    fn default() -> Self {
        Self {
        value: 0,
        
        }
    }
}


impl IntValue {
    /// Creates a [IntValueBuilder] for serializing an instance of this table.
    #[inline]
    pub fn builder() -> IntValueBuilder<()> {
        IntValueBuilder(())
    }

    #[allow(clippy::too_many_arguments)]
    pub fn create(
        builder: &mut ::planus::Builder,
        field_value: impl ::planus::WriteAsDefault<i64, i64>,
        
    ) -> ::planus::Offset<Self> {let prepared_value = field_value.prepare(builder, &0);

        let mut table_writer: ::planus::table_writer::TableWriter::<6> = ::core::default::Default::default();
        if prepared_value.is_some() {table_writer.write_entry::<i64>(0);}

        unsafe {
            table_writer.finish(builder, |object_writer| {if let ::core::option::Option::Some(prepared_value) = prepared_value {object_writer.write::<_, _, 8>(&prepared_value);}
                
            });
        }builder.current_offset()
    }
}

impl ::planus::WriteAs<::planus::Offset<IntValue>> for IntValue {
    type Prepared = ::planus::Offset<Self>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<IntValue> {
        ::planus::WriteAsOffset::prepare(self, builder)
    }
}

impl ::planus::WriteAsOptional<::planus::Offset<IntValue>> for IntValue {
    type Prepared = ::planus::Offset<Self>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::core::option::Option<::planus::Offset<IntValue>> {
        ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
    }
}

impl ::planus::WriteAsOffset<IntValue> for IntValue {
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<IntValue> {
        IntValue::create(
            builder,
        
            
            self.value,
            
        
        )
    }
}

/// Builder for serializing an instance of the [IntValue] type.
///
/// Can be created using the [IntValue::builder] method.
#[derive(Debug)]
#[must_use]
pub struct IntValueBuilder<State>(State);

impl<
    
> IntValueBuilder
<
    (
    
    )
>
{
    /// Setter for the [`value` field](IntValue#structfield.value).
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn value<T0>(self, value: T0) -> IntValueBuilder<(
    
        T0,
    
    )>
    where T0: ::planus::WriteAsDefault<i64, i64>
    {
        IntValueBuilder((
            
            value,
        ))
    }

    
    /// Sets the [`value` field](IntValue#structfield.value) to the default value.
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn value_as_default(self) -> IntValueBuilder<(
        
        ::planus::DefaultValue,
    )>
    {
        self.value(::planus::DefaultValue)
    }
    

    
}



impl<
    
        T0,
    
> IntValueBuilder<(
    
        T0,
    
)> {
    /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [IntValue].
    #[inline]
    pub fn finish(self, builder: &mut ::planus::Builder) -> ::planus::Offset<IntValue>
        where Self: ::planus::WriteAsOffset<IntValue>
    {
        ::planus::WriteAsOffset::prepare(&self, builder)
    }
}

impl<
    
        T0: ::planus::WriteAsDefault<i64, i64>,
    
> ::planus::WriteAs<::planus::Offset<IntValue>> for IntValueBuilder<(
    
        T0,
    
)> {
    type Prepared = ::planus::Offset<IntValue>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<IntValue> {
        ::planus::WriteAsOffset::prepare(self, builder)
    }
}

impl<
    
        T0: ::planus::WriteAsDefault<i64, i64>,
    
> ::planus::WriteAsOptional<::planus::Offset<IntValue>> for IntValueBuilder<(
    
        T0,
    
)> {
    type Prepared = ::planus::Offset<IntValue>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::core::option::Option<::planus::Offset<IntValue>> {
        ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
    }
}

impl<
    
        T0: ::planus::WriteAsDefault<i64, i64>,
    
> ::planus::WriteAsOffset<IntValue> for IntValueBuilder<(
    
        T0,
    
)> {
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<IntValue> {
        
        let (
            
                v0,
            
        ) = &self.0;IntValue::create(
            builder,
            
                v0,
            
        )
    }
}

/// Reference to a deserialized [IntValue].
#[derive(Copy, Clone)]
pub struct IntValueRef<'a>(
    #[allow(dead_code)]
    ::planus::table_reader::Table<'a>
);

impl<'a> IntValueRef<'a> {
    
        /// Getter for the [`value` field](IntValue#structfield.value).
        #[inline]
        pub fn value(&self) -> ::planus::Result<i64> {
             ::core::result::Result::Ok( 
            
              
              self.0.access(0, "IntValue", "value")
              
            
            ?.unwrap_or(0))
            
        }
    
}

impl<'a> ::core::fmt::Debug for IntValueRef<'a> {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        let mut f = f.debug_struct("IntValueRef");
        f.field("value", &self.value());
        f.finish()
    }
}

impl<'a> ::core::convert::TryFrom<IntValueRef<'a>> for IntValue {
    type Error = ::planus::Error;


    #[allow(unreachable_code)]
    fn try_from(value: IntValueRef<'a>) -> ::planus::Result<Self> {

        ::core::result::Result::Ok(Self {
            value: ::core::convert::TryInto::try_into(value.value()?)?,
        })
    }
}

impl<'a> ::planus::TableRead<'a> for IntValueRef<'a> {
    #[inline]
    fn from_buffer(buffer: ::planus::SliceWithStartOffset<'a>, offset: usize) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
        ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(buffer, offset)?))
    }
}

impl<'a> ::planus::VectorReadInner<'a> for IntValueRef<'a> {
    type Error = ::planus::Error;
    const STRIDE: usize = 4;

    unsafe fn from_buffer(buffer: ::planus::SliceWithStartOffset<'a>, offset: usize) -> ::planus::Result<Self> {
        ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| error_kind.with_error_location(
            "[IntValueRef]",
            "get",
            buffer.offset_from_start,
        ))
    }
}

/// # Safety
/// The planus compiler generates implementations that initialize
/// the bytes in `write_values`.
unsafe impl ::planus::VectorWrite<::planus::Offset<IntValue>> for IntValue {
    type Value = ::planus::Offset<IntValue>;
    const STRIDE: usize = 4;
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
        ::planus::WriteAs::prepare(self, builder)
    }

    #[inline]
    unsafe fn write_values(
        values: &[::planus::Offset<IntValue>],
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

impl<'a> ::planus::ReadAsRoot<'a> for IntValueRef<'a> {
    fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
        ::planus::TableRead::from_buffer(::planus::SliceWithStartOffset {
            buffer: slice,
            offset_from_start: 0,
        }, 0).map_err(|error_kind| error_kind.with_error_location(
            "[IntValueRef]",
            "read_as_root",
            0,
        ))
    }
}

    
/// The table `BoolValue` in the namespace `pte`
/// 
/// Generated from these locations:
/// * Table `BoolValue` in the file `fbs/pte.fbs:15`
#[derive(Clone, Debug, PartialEq, PartialOrd,
Eq, Ord, Hash,
::serde::Serialize, ::serde::Deserialize
)]
pub struct BoolValue{
    
        /// The field `value` in the table `BoolValue`
        pub value: bool,}


#[allow(clippy::derivable_impls)]
impl ::core::default::Default for BoolValue {
    fn default() -> Self {
        Self {
        value: false,
        
        }
    }
}


impl BoolValue {
    /// Creates a [BoolValueBuilder] for serializing an instance of this table.
    #[inline]
    pub fn builder() -> BoolValueBuilder<()> {
        BoolValueBuilder(())
    }

    #[allow(clippy::too_many_arguments)]
    pub fn create(
        builder: &mut ::planus::Builder,
        field_value: impl ::planus::WriteAsDefault<bool, bool>,
        
    ) -> ::planus::Offset<Self> {let prepared_value = field_value.prepare(builder, &false);

        let mut table_writer: ::planus::table_writer::TableWriter::<6> = ::core::default::Default::default();
        if prepared_value.is_some() {table_writer.write_entry::<bool>(0);}

        unsafe {
            table_writer.finish(builder, |object_writer| {if let ::core::option::Option::Some(prepared_value) = prepared_value {object_writer.write::<_, _, 1>(&prepared_value);}
                
            });
        }builder.current_offset()
    }
}

impl ::planus::WriteAs<::planus::Offset<BoolValue>> for BoolValue {
    type Prepared = ::planus::Offset<Self>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<BoolValue> {
        ::planus::WriteAsOffset::prepare(self, builder)
    }
}

impl ::planus::WriteAsOptional<::planus::Offset<BoolValue>> for BoolValue {
    type Prepared = ::planus::Offset<Self>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::core::option::Option<::planus::Offset<BoolValue>> {
        ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
    }
}

impl ::planus::WriteAsOffset<BoolValue> for BoolValue {
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<BoolValue> {
        BoolValue::create(
            builder,
        
            
            self.value,
            
        
        )
    }
}

/// Builder for serializing an instance of the [BoolValue] type.
///
/// Can be created using the [BoolValue::builder] method.
#[derive(Debug)]
#[must_use]
pub struct BoolValueBuilder<State>(State);

impl<
    
> BoolValueBuilder
<
    (
    
    )
>
{
    /// Setter for the [`value` field](BoolValue#structfield.value).
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn value<T0>(self, value: T0) -> BoolValueBuilder<(
    
        T0,
    
    )>
    where T0: ::planus::WriteAsDefault<bool, bool>
    {
        BoolValueBuilder((
            
            value,
        ))
    }

    
    /// Sets the [`value` field](BoolValue#structfield.value) to the default value.
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn value_as_default(self) -> BoolValueBuilder<(
        
        ::planus::DefaultValue,
    )>
    {
        self.value(::planus::DefaultValue)
    }
    

    
}



impl<
    
        T0,
    
> BoolValueBuilder<(
    
        T0,
    
)> {
    /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [BoolValue].
    #[inline]
    pub fn finish(self, builder: &mut ::planus::Builder) -> ::planus::Offset<BoolValue>
        where Self: ::planus::WriteAsOffset<BoolValue>
    {
        ::planus::WriteAsOffset::prepare(&self, builder)
    }
}

impl<
    
        T0: ::planus::WriteAsDefault<bool, bool>,
    
> ::planus::WriteAs<::planus::Offset<BoolValue>> for BoolValueBuilder<(
    
        T0,
    
)> {
    type Prepared = ::planus::Offset<BoolValue>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<BoolValue> {
        ::planus::WriteAsOffset::prepare(self, builder)
    }
}

impl<
    
        T0: ::planus::WriteAsDefault<bool, bool>,
    
> ::planus::WriteAsOptional<::planus::Offset<BoolValue>> for BoolValueBuilder<(
    
        T0,
    
)> {
    type Prepared = ::planus::Offset<BoolValue>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::core::option::Option<::planus::Offset<BoolValue>> {
        ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
    }
}

impl<
    
        T0: ::planus::WriteAsDefault<bool, bool>,
    
> ::planus::WriteAsOffset<BoolValue> for BoolValueBuilder<(
    
        T0,
    
)> {
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<BoolValue> {
        
        let (
            
                v0,
            
        ) = &self.0;BoolValue::create(
            builder,
            
                v0,
            
        )
    }
}

/// Reference to a deserialized [BoolValue].
#[derive(Copy, Clone)]
pub struct BoolValueRef<'a>(
    #[allow(dead_code)]
    ::planus::table_reader::Table<'a>
);

impl<'a> BoolValueRef<'a> {
    
        /// Getter for the [`value` field](BoolValue#structfield.value).
        #[inline]
        pub fn value(&self) -> ::planus::Result<bool> {
             ::core::result::Result::Ok( 
            
              
              self.0.access(0, "BoolValue", "value")
              
            
            ?.unwrap_or(false))
            
        }
    
}

impl<'a> ::core::fmt::Debug for BoolValueRef<'a> {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        let mut f = f.debug_struct("BoolValueRef");
        f.field("value", &self.value());
        f.finish()
    }
}

impl<'a> ::core::convert::TryFrom<BoolValueRef<'a>> for BoolValue {
    type Error = ::planus::Error;


    #[allow(unreachable_code)]
    fn try_from(value: BoolValueRef<'a>) -> ::planus::Result<Self> {

        ::core::result::Result::Ok(Self {
            value: ::core::convert::TryInto::try_into(value.value()?)?,
        })
    }
}

impl<'a> ::planus::TableRead<'a> for BoolValueRef<'a> {
    #[inline]
    fn from_buffer(buffer: ::planus::SliceWithStartOffset<'a>, offset: usize) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
        ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(buffer, offset)?))
    }
}

impl<'a> ::planus::VectorReadInner<'a> for BoolValueRef<'a> {
    type Error = ::planus::Error;
    const STRIDE: usize = 4;

    unsafe fn from_buffer(buffer: ::planus::SliceWithStartOffset<'a>, offset: usize) -> ::planus::Result<Self> {
        ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| error_kind.with_error_location(
            "[BoolValueRef]",
            "get",
            buffer.offset_from_start,
        ))
    }
}

/// # Safety
/// The planus compiler generates implementations that initialize
/// the bytes in `write_values`.
unsafe impl ::planus::VectorWrite<::planus::Offset<BoolValue>> for BoolValue {
    type Value = ::planus::Offset<BoolValue>;
    const STRIDE: usize = 4;
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
        ::planus::WriteAs::prepare(self, builder)
    }

    #[inline]
    unsafe fn write_values(
        values: &[::planus::Offset<BoolValue>],
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

impl<'a> ::planus::ReadAsRoot<'a> for BoolValueRef<'a> {
    fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
        ::planus::TableRead::from_buffer(::planus::SliceWithStartOffset {
            buffer: slice,
            offset_from_start: 0,
        }, 0).map_err(|error_kind| error_kind.with_error_location(
            "[BoolValueRef]",
            "read_as_root",
            0,
        ))
    }
}

    
/// The table `DoubleValue` in the namespace `pte`
/// 
/// Generated from these locations:
/// * Table `DoubleValue` in the file `fbs/pte.fbs:16`
#[derive(Clone, Debug, PartialEq, PartialOrd,

::serde::Serialize, ::serde::Deserialize
)]
pub struct DoubleValue{
    
        /// The field `value` in the table `DoubleValue`
        pub value: f64,}


#[allow(clippy::derivable_impls)]
impl ::core::default::Default for DoubleValue {
    fn default() -> Self {
        Self {
        value: 0.0,
        
        }
    }
}


impl DoubleValue {
    /// Creates a [DoubleValueBuilder] for serializing an instance of this table.
    #[inline]
    pub fn builder() -> DoubleValueBuilder<()> {
        DoubleValueBuilder(())
    }

    #[allow(clippy::too_many_arguments)]
    pub fn create(
        builder: &mut ::planus::Builder,
        field_value: impl ::planus::WriteAsDefault<f64, f64>,
        
    ) -> ::planus::Offset<Self> {let prepared_value = field_value.prepare(builder, &0.0);

        let mut table_writer: ::planus::table_writer::TableWriter::<6> = ::core::default::Default::default();
        if prepared_value.is_some() {table_writer.write_entry::<f64>(0);}

        unsafe {
            table_writer.finish(builder, |object_writer| {if let ::core::option::Option::Some(prepared_value) = prepared_value {object_writer.write::<_, _, 8>(&prepared_value);}
                
            });
        }builder.current_offset()
    }
}

impl ::planus::WriteAs<::planus::Offset<DoubleValue>> for DoubleValue {
    type Prepared = ::planus::Offset<Self>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<DoubleValue> {
        ::planus::WriteAsOffset::prepare(self, builder)
    }
}

impl ::planus::WriteAsOptional<::planus::Offset<DoubleValue>> for DoubleValue {
    type Prepared = ::planus::Offset<Self>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::core::option::Option<::planus::Offset<DoubleValue>> {
        ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
    }
}

impl ::planus::WriteAsOffset<DoubleValue> for DoubleValue {
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<DoubleValue> {
        DoubleValue::create(
            builder,
        
            
            self.value,
            
        
        )
    }
}

/// Builder for serializing an instance of the [DoubleValue] type.
///
/// Can be created using the [DoubleValue::builder] method.
#[derive(Debug)]
#[must_use]
pub struct DoubleValueBuilder<State>(State);

impl<
    
> DoubleValueBuilder
<
    (
    
    )
>
{
    /// Setter for the [`value` field](DoubleValue#structfield.value).
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn value<T0>(self, value: T0) -> DoubleValueBuilder<(
    
        T0,
    
    )>
    where T0: ::planus::WriteAsDefault<f64, f64>
    {
        DoubleValueBuilder((
            
            value,
        ))
    }

    
    /// Sets the [`value` field](DoubleValue#structfield.value) to the default value.
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn value_as_default(self) -> DoubleValueBuilder<(
        
        ::planus::DefaultValue,
    )>
    {
        self.value(::planus::DefaultValue)
    }
    

    
}



impl<
    
        T0,
    
> DoubleValueBuilder<(
    
        T0,
    
)> {
    /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [DoubleValue].
    #[inline]
    pub fn finish(self, builder: &mut ::planus::Builder) -> ::planus::Offset<DoubleValue>
        where Self: ::planus::WriteAsOffset<DoubleValue>
    {
        ::planus::WriteAsOffset::prepare(&self, builder)
    }
}

impl<
    
        T0: ::planus::WriteAsDefault<f64, f64>,
    
> ::planus::WriteAs<::planus::Offset<DoubleValue>> for DoubleValueBuilder<(
    
        T0,
    
)> {
    type Prepared = ::planus::Offset<DoubleValue>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<DoubleValue> {
        ::planus::WriteAsOffset::prepare(self, builder)
    }
}

impl<
    
        T0: ::planus::WriteAsDefault<f64, f64>,
    
> ::planus::WriteAsOptional<::planus::Offset<DoubleValue>> for DoubleValueBuilder<(
    
        T0,
    
)> {
    type Prepared = ::planus::Offset<DoubleValue>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::core::option::Option<::planus::Offset<DoubleValue>> {
        ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
    }
}

impl<
    
        T0: ::planus::WriteAsDefault<f64, f64>,
    
> ::planus::WriteAsOffset<DoubleValue> for DoubleValueBuilder<(
    
        T0,
    
)> {
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<DoubleValue> {
        
        let (
            
                v0,
            
        ) = &self.0;DoubleValue::create(
            builder,
            
                v0,
            
        )
    }
}

/// Reference to a deserialized [DoubleValue].
#[derive(Copy, Clone)]
pub struct DoubleValueRef<'a>(
    #[allow(dead_code)]
    ::planus::table_reader::Table<'a>
);

impl<'a> DoubleValueRef<'a> {
    
        /// Getter for the [`value` field](DoubleValue#structfield.value).
        #[inline]
        pub fn value(&self) -> ::planus::Result<f64> {
             ::core::result::Result::Ok( 
            
              
              self.0.access(0, "DoubleValue", "value")
              
            
            ?.unwrap_or(0.0))
            
        }
    
}

impl<'a> ::core::fmt::Debug for DoubleValueRef<'a> {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        let mut f = f.debug_struct("DoubleValueRef");
        f.field("value", &self.value());
        f.finish()
    }
}

impl<'a> ::core::convert::TryFrom<DoubleValueRef<'a>> for DoubleValue {
    type Error = ::planus::Error;


    #[allow(unreachable_code)]
    fn try_from(value: DoubleValueRef<'a>) -> ::planus::Result<Self> {

        ::core::result::Result::Ok(Self {
            value: ::core::convert::TryInto::try_into(value.value()?)?,
        })
    }
}

impl<'a> ::planus::TableRead<'a> for DoubleValueRef<'a> {
    #[inline]
    fn from_buffer(buffer: ::planus::SliceWithStartOffset<'a>, offset: usize) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
        ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(buffer, offset)?))
    }
}

impl<'a> ::planus::VectorReadInner<'a> for DoubleValueRef<'a> {
    type Error = ::planus::Error;
    const STRIDE: usize = 4;

    unsafe fn from_buffer(buffer: ::planus::SliceWithStartOffset<'a>, offset: usize) -> ::planus::Result<Self> {
        ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| error_kind.with_error_location(
            "[DoubleValueRef]",
            "get",
            buffer.offset_from_start,
        ))
    }
}

/// # Safety
/// The planus compiler generates implementations that initialize
/// the bytes in `write_values`.
unsafe impl ::planus::VectorWrite<::planus::Offset<DoubleValue>> for DoubleValue {
    type Value = ::planus::Offset<DoubleValue>;
    const STRIDE: usize = 4;
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
        ::planus::WriteAs::prepare(self, builder)
    }

    #[inline]
    unsafe fn write_values(
        values: &[::planus::Offset<DoubleValue>],
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

impl<'a> ::planus::ReadAsRoot<'a> for DoubleValueRef<'a> {
    fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
        ::planus::TableRead::from_buffer(::planus::SliceWithStartOffset {
            buffer: slice,
            offset_from_start: 0,
        }, 0).map_err(|error_kind| error_kind.with_error_location(
            "[DoubleValueRef]",
            "read_as_root",
            0,
        ))
    }
}

    
/// The table `StringValue` in the namespace `pte`
/// 
/// Generated from these locations:
/// * Table `StringValue` in the file `fbs/pte.fbs:17`
#[derive(Clone, Debug, PartialEq, PartialOrd,
Eq, Ord, Hash,
::serde::Serialize, ::serde::Deserialize
)]
pub struct StringValue{
    
        /// The field `value` in the table `StringValue`
        pub value: ::core::option::Option<::planus::alloc::string::String>,}


#[allow(clippy::derivable_impls)]
impl ::core::default::Default for StringValue {
    fn default() -> Self {
        Self {
        value: ::core::default::Default::default(),
        
        }
    }
}


impl StringValue {
    /// Creates a [StringValueBuilder] for serializing an instance of this table.
    #[inline]
    pub fn builder() -> StringValueBuilder<()> {
        StringValueBuilder(())
    }

    #[allow(clippy::too_many_arguments)]
    pub fn create(
        builder: &mut ::planus::Builder,
        field_value: impl ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
        
    ) -> ::planus::Offset<Self> {let prepared_value = field_value.prepare(builder);

        let mut table_writer: ::planus::table_writer::TableWriter::<6> = ::core::default::Default::default();
        if prepared_value.is_some() {table_writer.write_entry::<::planus::Offset<str>>(0);}

        unsafe {
            table_writer.finish(builder, |object_writer| {if let ::core::option::Option::Some(prepared_value) = prepared_value {object_writer.write::<_, _, 4>(&prepared_value);}
                
            });
        }builder.current_offset()
    }
}

impl ::planus::WriteAs<::planus::Offset<StringValue>> for StringValue {
    type Prepared = ::planus::Offset<Self>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<StringValue> {
        ::planus::WriteAsOffset::prepare(self, builder)
    }
}

impl ::planus::WriteAsOptional<::planus::Offset<StringValue>> for StringValue {
    type Prepared = ::planus::Offset<Self>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::core::option::Option<::planus::Offset<StringValue>> {
        ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
    }
}

impl ::planus::WriteAsOffset<StringValue> for StringValue {
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<StringValue> {
        StringValue::create(
            builder,
        
            
            &self.value,
            
        
        )
    }
}

/// Builder for serializing an instance of the [StringValue] type.
///
/// Can be created using the [StringValue::builder] method.
#[derive(Debug)]
#[must_use]
pub struct StringValueBuilder<State>(State);

impl<
    
> StringValueBuilder
<
    (
    
    )
>
{
    /// Setter for the [`value` field](StringValue#structfield.value).
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn value<T0>(self, value: T0) -> StringValueBuilder<(
    
        T0,
    
    )>
    where T0: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>
    {
        StringValueBuilder((
            
            value,
        ))
    }

    

    
    /// Sets the [`value` field](StringValue#structfield.value) to null.
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn value_as_null(self) -> StringValueBuilder<(
        
        (),
    )>
    {
        self.value(())
    }
    
}



impl<
    
        T0,
    
> StringValueBuilder<(
    
        T0,
    
)> {
    /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [StringValue].
    #[inline]
    pub fn finish(self, builder: &mut ::planus::Builder) -> ::planus::Offset<StringValue>
        where Self: ::planus::WriteAsOffset<StringValue>
    {
        ::planus::WriteAsOffset::prepare(&self, builder)
    }
}

impl<
    
        T0: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
    
> ::planus::WriteAs<::planus::Offset<StringValue>> for StringValueBuilder<(
    
        T0,
    
)> {
    type Prepared = ::planus::Offset<StringValue>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<StringValue> {
        ::planus::WriteAsOffset::prepare(self, builder)
    }
}

impl<
    
        T0: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
    
> ::planus::WriteAsOptional<::planus::Offset<StringValue>> for StringValueBuilder<(
    
        T0,
    
)> {
    type Prepared = ::planus::Offset<StringValue>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::core::option::Option<::planus::Offset<StringValue>> {
        ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
    }
}

impl<
    
        T0: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
    
> ::planus::WriteAsOffset<StringValue> for StringValueBuilder<(
    
        T0,
    
)> {
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<StringValue> {
        
        let (
            
                v0,
            
        ) = &self.0;StringValue::create(
            builder,
            
                v0,
            
        )
    }
}

/// Reference to a deserialized [StringValue].
#[derive(Copy, Clone)]
pub struct StringValueRef<'a>(
    #[allow(dead_code)]
    ::planus::table_reader::Table<'a>
);

impl<'a> StringValueRef<'a> {
    
        /// Getter for the [`value` field](StringValue#structfield.value).
        #[inline]
        pub fn value(&self) -> ::planus::Result<::core::option::Option<&'a ::core::primitive::str>> {
            
            
              
              self.0.access(0, "StringValue", "value")
              
            
            
            
        }
    
}

impl<'a> ::core::fmt::Debug for StringValueRef<'a> {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        let mut f = f.debug_struct("StringValueRef");
        if let ::core::option::Option::Some(field_value) = self.value().transpose() {
                f.field("value", &field_value);
            }
        f.finish()
    }
}

impl<'a> ::core::convert::TryFrom<StringValueRef<'a>> for StringValue {
    type Error = ::planus::Error;


    #[allow(unreachable_code)]
    fn try_from(value: StringValueRef<'a>) -> ::planus::Result<Self> {

        ::core::result::Result::Ok(Self {
            value: 
                                value.value()?.map(::core::convert::Into::into)
                            ,
        })
    }
}

impl<'a> ::planus::TableRead<'a> for StringValueRef<'a> {
    #[inline]
    fn from_buffer(buffer: ::planus::SliceWithStartOffset<'a>, offset: usize) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
        ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(buffer, offset)?))
    }
}

impl<'a> ::planus::VectorReadInner<'a> for StringValueRef<'a> {
    type Error = ::planus::Error;
    const STRIDE: usize = 4;

    unsafe fn from_buffer(buffer: ::planus::SliceWithStartOffset<'a>, offset: usize) -> ::planus::Result<Self> {
        ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| error_kind.with_error_location(
            "[StringValueRef]",
            "get",
            buffer.offset_from_start,
        ))
    }
}

/// # Safety
/// The planus compiler generates implementations that initialize
/// the bytes in `write_values`.
unsafe impl ::planus::VectorWrite<::planus::Offset<StringValue>> for StringValue {
    type Value = ::planus::Offset<StringValue>;
    const STRIDE: usize = 4;
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
        ::planus::WriteAs::prepare(self, builder)
    }

    #[inline]
    unsafe fn write_values(
        values: &[::planus::Offset<StringValue>],
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

impl<'a> ::planus::ReadAsRoot<'a> for StringValueRef<'a> {
    fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
        ::planus::TableRead::from_buffer(::planus::SliceWithStartOffset {
            buffer: slice,
            offset_from_start: 0,
        }, 0).map_err(|error_kind| error_kind.with_error_location(
            "[StringValueRef]",
            "read_as_root",
            0,
        ))
    }
}

    
/// The table `NullValue` in the namespace `pte`
/// 
/// Generated from these locations:
/// * Table `NullValue` in the file `fbs/pte.fbs:18`
#[derive(Clone, Debug, PartialEq, PartialOrd,
Eq, Ord, Hash,
::serde::Serialize, ::serde::Deserialize
)]
pub struct NullValue{
    }


#[allow(clippy::derivable_impls)]
impl ::core::default::Default for NullValue {
    fn default() -> Self {
        Self {
        
        }
    }
}


impl NullValue {
    /// Creates a [NullValueBuilder] for serializing an instance of this table.
    #[inline]
    pub fn builder() -> NullValueBuilder<()> {
        NullValueBuilder(())
    }

    #[allow(clippy::too_many_arguments)]
    pub fn create(
        builder: &mut ::planus::Builder,
        
    ) -> ::planus::Offset<Self> {

        let table_writer: ::planus::table_writer::TableWriter::<4> = ::core::default::Default::default();
        unsafe {
            table_writer.finish(builder, |_table_writer| {});
        }builder.current_offset()
    }
}

impl ::planus::WriteAs<::planus::Offset<NullValue>> for NullValue {
    type Prepared = ::planus::Offset<Self>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<NullValue> {
        ::planus::WriteAsOffset::prepare(self, builder)
    }
}

impl ::planus::WriteAsOptional<::planus::Offset<NullValue>> for NullValue {
    type Prepared = ::planus::Offset<Self>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::core::option::Option<::planus::Offset<NullValue>> {
        ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
    }
}

impl ::planus::WriteAsOffset<NullValue> for NullValue {
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<NullValue> {
        NullValue::create(
            builder,
        
        )
    }
}

/// Builder for serializing an instance of the [NullValue] type.
///
/// Can be created using the [NullValue::builder] method.
#[derive(Debug)]
#[must_use]
pub struct NullValueBuilder<State>(State);



impl<
    
> NullValueBuilder<(
    
)> {
    /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [NullValue].
    #[inline]
    pub fn finish(self, builder: &mut ::planus::Builder) -> ::planus::Offset<NullValue>
        where Self: ::planus::WriteAsOffset<NullValue>
    {
        ::planus::WriteAsOffset::prepare(&self, builder)
    }
}

impl<
    
> ::planus::WriteAs<::planus::Offset<NullValue>> for NullValueBuilder<(
    
)> {
    type Prepared = ::planus::Offset<NullValue>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<NullValue> {
        ::planus::WriteAsOffset::prepare(self, builder)
    }
}

impl<
    
> ::planus::WriteAsOptional<::planus::Offset<NullValue>> for NullValueBuilder<(
    
)> {
    type Prepared = ::planus::Offset<NullValue>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::core::option::Option<::planus::Offset<NullValue>> {
        ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
    }
}

impl<
    
> ::planus::WriteAsOffset<NullValue> for NullValueBuilder<(
    
)> {
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<NullValue> {
        NullValue::create(
            builder,
            
        )
    }
}

/// Reference to a deserialized [NullValue].
#[derive(Copy, Clone)]
pub struct NullValueRef<'a>(
    #[allow(dead_code)]
    ::planus::table_reader::Table<'a>
);

impl<'a> NullValueRef<'a> {
    
}

impl<'a> ::core::fmt::Debug for NullValueRef<'a> {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        let mut f = f.debug_struct("NullValueRef");
        
        f.finish()
    }
}

impl<'a> ::core::convert::TryFrom<NullValueRef<'a>> for NullValue {
    type Error = ::planus::Error;


    fn try_from(_value: NullValueRef<'a>) -> ::planus::Result<Self> {

        ::core::result::Result::Ok(Self {
            
        })
    }
}

impl<'a> ::planus::TableRead<'a> for NullValueRef<'a> {
    #[inline]
    fn from_buffer(buffer: ::planus::SliceWithStartOffset<'a>, offset: usize) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
        ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(buffer, offset)?))
    }
}

impl<'a> ::planus::VectorReadInner<'a> for NullValueRef<'a> {
    type Error = ::planus::Error;
    const STRIDE: usize = 4;

    unsafe fn from_buffer(buffer: ::planus::SliceWithStartOffset<'a>, offset: usize) -> ::planus::Result<Self> {
        ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| error_kind.with_error_location(
            "[NullValueRef]",
            "get",
            buffer.offset_from_start,
        ))
    }
}

/// # Safety
/// The planus compiler generates implementations that initialize
/// the bytes in `write_values`.
unsafe impl ::planus::VectorWrite<::planus::Offset<NullValue>> for NullValue {
    type Value = ::planus::Offset<NullValue>;
    const STRIDE: usize = 4;
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
        ::planus::WriteAs::prepare(self, builder)
    }

    #[inline]
    unsafe fn write_values(
        values: &[::planus::Offset<NullValue>],
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

impl<'a> ::planus::ReadAsRoot<'a> for NullValueRef<'a> {
    fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
        ::planus::TableRead::from_buffer(::planus::SliceWithStartOffset {
            buffer: slice,
            offset_from_start: 0,
        }, 0).map_err(|error_kind| error_kind.with_error_location(
            "[NullValueRef]",
            "read_as_root",
            0,
        ))
    }
}

    
/// The table `IntListValue` in the namespace `pte`
/// 
/// Generated from these locations:
/// * Table `IntListValue` in the file `fbs/pte.fbs:21`
#[derive(Clone, Debug, PartialEq, PartialOrd,
Eq, Ord, Hash,
::serde::Serialize, ::serde::Deserialize
)]
pub struct IntListValue{
    
        /// The field `value_indices` in the table `IntListValue`
        pub value_indices: ::core::option::Option<::planus::alloc::vec::Vec<i64>>,}


#[allow(clippy::derivable_impls)]
impl ::core::default::Default for IntListValue {
    fn default() -> Self {
        Self {
        value_indices: ::core::default::Default::default(),
        
        }
    }
}


impl IntListValue {
    /// Creates a [IntListValueBuilder] for serializing an instance of this table.
    #[inline]
    pub fn builder() -> IntListValueBuilder<()> {
        IntListValueBuilder(())
    }

    #[allow(clippy::too_many_arguments)]
    pub fn create(
        builder: &mut ::planus::Builder,
        field_value_indices: impl ::planus::WriteAsOptional<::planus::Offset<[i64]>>,
        
    ) -> ::planus::Offset<Self> {let prepared_value_indices = field_value_indices.prepare(builder);

        let mut table_writer: ::planus::table_writer::TableWriter::<6> = ::core::default::Default::default();
        if prepared_value_indices.is_some() {table_writer.write_entry::<::planus::Offset<[i64]>>(0);}

        unsafe {
            table_writer.finish(builder, |object_writer| {if let ::core::option::Option::Some(prepared_value_indices) = prepared_value_indices {object_writer.write::<_, _, 4>(&prepared_value_indices);}
                
            });
        }builder.current_offset()
    }
}

impl ::planus::WriteAs<::planus::Offset<IntListValue>> for IntListValue {
    type Prepared = ::planus::Offset<Self>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<IntListValue> {
        ::planus::WriteAsOffset::prepare(self, builder)
    }
}

impl ::planus::WriteAsOptional<::planus::Offset<IntListValue>> for IntListValue {
    type Prepared = ::planus::Offset<Self>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::core::option::Option<::planus::Offset<IntListValue>> {
        ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
    }
}

impl ::planus::WriteAsOffset<IntListValue> for IntListValue {
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<IntListValue> {
        IntListValue::create(
            builder,
        
            
            &self.value_indices,
            
        
        )
    }
}

/// Builder for serializing an instance of the [IntListValue] type.
///
/// Can be created using the [IntListValue::builder] method.
#[derive(Debug)]
#[must_use]
pub struct IntListValueBuilder<State>(State);

impl<
    
> IntListValueBuilder
<
    (
    
    )
>
{
    /// Setter for the [`value_indices` field](IntListValue#structfield.value_indices).
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn value_indices<T0>(self, value: T0) -> IntListValueBuilder<(
    
        T0,
    
    )>
    where T0: ::planus::WriteAsOptional<::planus::Offset<[i64]>>
    {
        IntListValueBuilder((
            
            value,
        ))
    }

    

    
    /// Sets the [`value_indices` field](IntListValue#structfield.value_indices) to null.
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn value_indices_as_null(self) -> IntListValueBuilder<(
        
        (),
    )>
    {
        self.value_indices(())
    }
    
}



impl<
    
        T0,
    
> IntListValueBuilder<(
    
        T0,
    
)> {
    /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [IntListValue].
    #[inline]
    pub fn finish(self, builder: &mut ::planus::Builder) -> ::planus::Offset<IntListValue>
        where Self: ::planus::WriteAsOffset<IntListValue>
    {
        ::planus::WriteAsOffset::prepare(&self, builder)
    }
}

impl<
    
        T0: ::planus::WriteAsOptional<::planus::Offset<[i64]>>,
    
> ::planus::WriteAs<::planus::Offset<IntListValue>> for IntListValueBuilder<(
    
        T0,
    
)> {
    type Prepared = ::planus::Offset<IntListValue>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<IntListValue> {
        ::planus::WriteAsOffset::prepare(self, builder)
    }
}

impl<
    
        T0: ::planus::WriteAsOptional<::planus::Offset<[i64]>>,
    
> ::planus::WriteAsOptional<::planus::Offset<IntListValue>> for IntListValueBuilder<(
    
        T0,
    
)> {
    type Prepared = ::planus::Offset<IntListValue>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::core::option::Option<::planus::Offset<IntListValue>> {
        ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
    }
}

impl<
    
        T0: ::planus::WriteAsOptional<::planus::Offset<[i64]>>,
    
> ::planus::WriteAsOffset<IntListValue> for IntListValueBuilder<(
    
        T0,
    
)> {
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<IntListValue> {
        
        let (
            
                v0,
            
        ) = &self.0;IntListValue::create(
            builder,
            
                v0,
            
        )
    }
}

/// Reference to a deserialized [IntListValue].
#[derive(Copy, Clone)]
pub struct IntListValueRef<'a>(
    #[allow(dead_code)]
    ::planus::table_reader::Table<'a>
);

impl<'a> IntListValueRef<'a> {
    
        /// Getter for the [`value_indices` field](IntListValue#structfield.value_indices).
        #[inline]
        pub fn value_indices(&self) -> ::planus::Result<::core::option::Option<::planus::Vector<'a, i64>>> {
            
            
              
              self.0.access(0, "IntListValue", "value_indices")
              
            
            
            
        }
    
}

impl<'a> ::core::fmt::Debug for IntListValueRef<'a> {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        let mut f = f.debug_struct("IntListValueRef");
        if let ::core::option::Option::Some(field_value_indices) = self.value_indices().transpose() {
                f.field("value_indices", &field_value_indices);
            }
        f.finish()
    }
}

impl<'a> ::core::convert::TryFrom<IntListValueRef<'a>> for IntListValue {
    type Error = ::planus::Error;


    #[allow(unreachable_code)]
    fn try_from(value: IntListValueRef<'a>) -> ::planus::Result<Self> {

        ::core::result::Result::Ok(Self {
            value_indices: 
                            if let ::core::option::Option::Some(value_indices) = value.value_indices()? {
                                ::core::option::Option::Some(value_indices.to_vec()?)
                            } else {
                                ::core::option::Option::None
                            }
                        ,
        })
    }
}

impl<'a> ::planus::TableRead<'a> for IntListValueRef<'a> {
    #[inline]
    fn from_buffer(buffer: ::planus::SliceWithStartOffset<'a>, offset: usize) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
        ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(buffer, offset)?))
    }
}

impl<'a> ::planus::VectorReadInner<'a> for IntListValueRef<'a> {
    type Error = ::planus::Error;
    const STRIDE: usize = 4;

    unsafe fn from_buffer(buffer: ::planus::SliceWithStartOffset<'a>, offset: usize) -> ::planus::Result<Self> {
        ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| error_kind.with_error_location(
            "[IntListValueRef]",
            "get",
            buffer.offset_from_start,
        ))
    }
}

/// # Safety
/// The planus compiler generates implementations that initialize
/// the bytes in `write_values`.
unsafe impl ::planus::VectorWrite<::planus::Offset<IntListValue>> for IntListValue {
    type Value = ::planus::Offset<IntListValue>;
    const STRIDE: usize = 4;
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
        ::planus::WriteAs::prepare(self, builder)
    }

    #[inline]
    unsafe fn write_values(
        values: &[::planus::Offset<IntListValue>],
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

impl<'a> ::planus::ReadAsRoot<'a> for IntListValueRef<'a> {
    fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
        ::planus::TableRead::from_buffer(::planus::SliceWithStartOffset {
            buffer: slice,
            offset_from_start: 0,
        }, 0).map_err(|error_kind| error_kind.with_error_location(
            "[IntListValueRef]",
            "read_as_root",
            0,
        ))
    }
}

    
/// The table `DoubleListValue` in the namespace `pte`
/// 
/// Generated from these locations:
/// * Table `DoubleListValue` in the file `fbs/pte.fbs:22`
#[derive(Clone, Debug, PartialEq, PartialOrd,

::serde::Serialize, ::serde::Deserialize
)]
pub struct DoubleListValue{
    
        /// The field `items` in the table `DoubleListValue`
        pub items: ::core::option::Option<::planus::alloc::vec::Vec<f64>>,}


#[allow(clippy::derivable_impls)]
impl ::core::default::Default for DoubleListValue {
    fn default() -> Self {
        Self {
        items: ::core::default::Default::default(),
        
        }
    }
}


impl DoubleListValue {
    /// Creates a [DoubleListValueBuilder] for serializing an instance of this table.
    #[inline]
    pub fn builder() -> DoubleListValueBuilder<()> {
        DoubleListValueBuilder(())
    }

    #[allow(clippy::too_many_arguments)]
    pub fn create(
        builder: &mut ::planus::Builder,
        field_items: impl ::planus::WriteAsOptional<::planus::Offset<[f64]>>,
        
    ) -> ::planus::Offset<Self> {let prepared_items = field_items.prepare(builder);

        let mut table_writer: ::planus::table_writer::TableWriter::<6> = ::core::default::Default::default();
        if prepared_items.is_some() {table_writer.write_entry::<::planus::Offset<[f64]>>(0);}

        unsafe {
            table_writer.finish(builder, |object_writer| {if let ::core::option::Option::Some(prepared_items) = prepared_items {object_writer.write::<_, _, 4>(&prepared_items);}
                
            });
        }builder.current_offset()
    }
}

impl ::planus::WriteAs<::planus::Offset<DoubleListValue>> for DoubleListValue {
    type Prepared = ::planus::Offset<Self>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<DoubleListValue> {
        ::planus::WriteAsOffset::prepare(self, builder)
    }
}

impl ::planus::WriteAsOptional<::planus::Offset<DoubleListValue>> for DoubleListValue {
    type Prepared = ::planus::Offset<Self>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::core::option::Option<::planus::Offset<DoubleListValue>> {
        ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
    }
}

impl ::planus::WriteAsOffset<DoubleListValue> for DoubleListValue {
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<DoubleListValue> {
        DoubleListValue::create(
            builder,
        
            
            &self.items,
            
        
        )
    }
}

/// Builder for serializing an instance of the [DoubleListValue] type.
///
/// Can be created using the [DoubleListValue::builder] method.
#[derive(Debug)]
#[must_use]
pub struct DoubleListValueBuilder<State>(State);

impl<
    
> DoubleListValueBuilder
<
    (
    
    )
>
{
    /// Setter for the [`items` field](DoubleListValue#structfield.items).
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn items<T0>(self, value: T0) -> DoubleListValueBuilder<(
    
        T0,
    
    )>
    where T0: ::planus::WriteAsOptional<::planus::Offset<[f64]>>
    {
        DoubleListValueBuilder((
            
            value,
        ))
    }

    

    
    /// Sets the [`items` field](DoubleListValue#structfield.items) to null.
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn items_as_null(self) -> DoubleListValueBuilder<(
        
        (),
    )>
    {
        self.items(())
    }
    
}



impl<
    
        T0,
    
> DoubleListValueBuilder<(
    
        T0,
    
)> {
    /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [DoubleListValue].
    #[inline]
    pub fn finish(self, builder: &mut ::planus::Builder) -> ::planus::Offset<DoubleListValue>
        where Self: ::planus::WriteAsOffset<DoubleListValue>
    {
        ::planus::WriteAsOffset::prepare(&self, builder)
    }
}

impl<
    
        T0: ::planus::WriteAsOptional<::planus::Offset<[f64]>>,
    
> ::planus::WriteAs<::planus::Offset<DoubleListValue>> for DoubleListValueBuilder<(
    
        T0,
    
)> {
    type Prepared = ::planus::Offset<DoubleListValue>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<DoubleListValue> {
        ::planus::WriteAsOffset::prepare(self, builder)
    }
}

impl<
    
        T0: ::planus::WriteAsOptional<::planus::Offset<[f64]>>,
    
> ::planus::WriteAsOptional<::planus::Offset<DoubleListValue>> for DoubleListValueBuilder<(
    
        T0,
    
)> {
    type Prepared = ::planus::Offset<DoubleListValue>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::core::option::Option<::planus::Offset<DoubleListValue>> {
        ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
    }
}

impl<
    
        T0: ::planus::WriteAsOptional<::planus::Offset<[f64]>>,
    
> ::planus::WriteAsOffset<DoubleListValue> for DoubleListValueBuilder<(
    
        T0,
    
)> {
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<DoubleListValue> {
        
        let (
            
                v0,
            
        ) = &self.0;DoubleListValue::create(
            builder,
            
                v0,
            
        )
    }
}

/// Reference to a deserialized [DoubleListValue].
#[derive(Copy, Clone)]
pub struct DoubleListValueRef<'a>(
    #[allow(dead_code)]
    ::planus::table_reader::Table<'a>
);

impl<'a> DoubleListValueRef<'a> {
    
        /// Getter for the [`items` field](DoubleListValue#structfield.items).
        #[inline]
        pub fn items(&self) -> ::planus::Result<::core::option::Option<::planus::Vector<'a, f64>>> {
            
            
              
              self.0.access(0, "DoubleListValue", "items")
              
            
            
            
        }
    
}

impl<'a> ::core::fmt::Debug for DoubleListValueRef<'a> {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        let mut f = f.debug_struct("DoubleListValueRef");
        if let ::core::option::Option::Some(field_items) = self.items().transpose() {
                f.field("items", &field_items);
            }
        f.finish()
    }
}

impl<'a> ::core::convert::TryFrom<DoubleListValueRef<'a>> for DoubleListValue {
    type Error = ::planus::Error;


    #[allow(unreachable_code)]
    fn try_from(value: DoubleListValueRef<'a>) -> ::planus::Result<Self> {

        ::core::result::Result::Ok(Self {
            items: 
                            if let ::core::option::Option::Some(items) = value.items()? {
                                ::core::option::Option::Some(items.to_vec()?)
                            } else {
                                ::core::option::Option::None
                            }
                        ,
        })
    }
}

impl<'a> ::planus::TableRead<'a> for DoubleListValueRef<'a> {
    #[inline]
    fn from_buffer(buffer: ::planus::SliceWithStartOffset<'a>, offset: usize) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
        ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(buffer, offset)?))
    }
}

impl<'a> ::planus::VectorReadInner<'a> for DoubleListValueRef<'a> {
    type Error = ::planus::Error;
    const STRIDE: usize = 4;

    unsafe fn from_buffer(buffer: ::planus::SliceWithStartOffset<'a>, offset: usize) -> ::planus::Result<Self> {
        ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| error_kind.with_error_location(
            "[DoubleListValueRef]",
            "get",
            buffer.offset_from_start,
        ))
    }
}

/// # Safety
/// The planus compiler generates implementations that initialize
/// the bytes in `write_values`.
unsafe impl ::planus::VectorWrite<::planus::Offset<DoubleListValue>> for DoubleListValue {
    type Value = ::planus::Offset<DoubleListValue>;
    const STRIDE: usize = 4;
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
        ::planus::WriteAs::prepare(self, builder)
    }

    #[inline]
    unsafe fn write_values(
        values: &[::planus::Offset<DoubleListValue>],
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

impl<'a> ::planus::ReadAsRoot<'a> for DoubleListValueRef<'a> {
    fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
        ::planus::TableRead::from_buffer(::planus::SliceWithStartOffset {
            buffer: slice,
            offset_from_start: 0,
        }, 0).map_err(|error_kind| error_kind.with_error_location(
            "[DoubleListValueRef]",
            "read_as_root",
            0,
        ))
    }
}

    
/// The table `BoolListValue` in the namespace `pte`
/// 
/// Generated from these locations:
/// * Table `BoolListValue` in the file `fbs/pte.fbs:23`
#[derive(Clone, Debug, PartialEq, PartialOrd,
Eq, Ord, Hash,
::serde::Serialize, ::serde::Deserialize
)]
pub struct BoolListValue{
    
        /// The field `items` in the table `BoolListValue`
        pub items: ::core::option::Option<::planus::alloc::vec::Vec<bool>>,}


#[allow(clippy::derivable_impls)]
impl ::core::default::Default for BoolListValue {
    fn default() -> Self {
        Self {
        items: ::core::default::Default::default(),
        
        }
    }
}


impl BoolListValue {
    /// Creates a [BoolListValueBuilder] for serializing an instance of this table.
    #[inline]
    pub fn builder() -> BoolListValueBuilder<()> {
        BoolListValueBuilder(())
    }

    #[allow(clippy::too_many_arguments)]
    pub fn create(
        builder: &mut ::planus::Builder,
        field_items: impl ::planus::WriteAsOptional<::planus::Offset<[bool]>>,
        
    ) -> ::planus::Offset<Self> {let prepared_items = field_items.prepare(builder);

        let mut table_writer: ::planus::table_writer::TableWriter::<6> = ::core::default::Default::default();
        if prepared_items.is_some() {table_writer.write_entry::<::planus::Offset<[bool]>>(0);}

        unsafe {
            table_writer.finish(builder, |object_writer| {if let ::core::option::Option::Some(prepared_items) = prepared_items {object_writer.write::<_, _, 4>(&prepared_items);}
                
            });
        }builder.current_offset()
    }
}

impl ::planus::WriteAs<::planus::Offset<BoolListValue>> for BoolListValue {
    type Prepared = ::planus::Offset<Self>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<BoolListValue> {
        ::planus::WriteAsOffset::prepare(self, builder)
    }
}

impl ::planus::WriteAsOptional<::planus::Offset<BoolListValue>> for BoolListValue {
    type Prepared = ::planus::Offset<Self>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::core::option::Option<::planus::Offset<BoolListValue>> {
        ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
    }
}

impl ::planus::WriteAsOffset<BoolListValue> for BoolListValue {
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<BoolListValue> {
        BoolListValue::create(
            builder,
        
            
            &self.items,
            
        
        )
    }
}

/// Builder for serializing an instance of the [BoolListValue] type.
///
/// Can be created using the [BoolListValue::builder] method.
#[derive(Debug)]
#[must_use]
pub struct BoolListValueBuilder<State>(State);

impl<
    
> BoolListValueBuilder
<
    (
    
    )
>
{
    /// Setter for the [`items` field](BoolListValue#structfield.items).
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn items<T0>(self, value: T0) -> BoolListValueBuilder<(
    
        T0,
    
    )>
    where T0: ::planus::WriteAsOptional<::planus::Offset<[bool]>>
    {
        BoolListValueBuilder((
            
            value,
        ))
    }

    

    
    /// Sets the [`items` field](BoolListValue#structfield.items) to null.
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn items_as_null(self) -> BoolListValueBuilder<(
        
        (),
    )>
    {
        self.items(())
    }
    
}



impl<
    
        T0,
    
> BoolListValueBuilder<(
    
        T0,
    
)> {
    /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [BoolListValue].
    #[inline]
    pub fn finish(self, builder: &mut ::planus::Builder) -> ::planus::Offset<BoolListValue>
        where Self: ::planus::WriteAsOffset<BoolListValue>
    {
        ::planus::WriteAsOffset::prepare(&self, builder)
    }
}

impl<
    
        T0: ::planus::WriteAsOptional<::planus::Offset<[bool]>>,
    
> ::planus::WriteAs<::planus::Offset<BoolListValue>> for BoolListValueBuilder<(
    
        T0,
    
)> {
    type Prepared = ::planus::Offset<BoolListValue>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<BoolListValue> {
        ::planus::WriteAsOffset::prepare(self, builder)
    }
}

impl<
    
        T0: ::planus::WriteAsOptional<::planus::Offset<[bool]>>,
    
> ::planus::WriteAsOptional<::planus::Offset<BoolListValue>> for BoolListValueBuilder<(
    
        T0,
    
)> {
    type Prepared = ::planus::Offset<BoolListValue>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::core::option::Option<::planus::Offset<BoolListValue>> {
        ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
    }
}

impl<
    
        T0: ::planus::WriteAsOptional<::planus::Offset<[bool]>>,
    
> ::planus::WriteAsOffset<BoolListValue> for BoolListValueBuilder<(
    
        T0,
    
)> {
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<BoolListValue> {
        
        let (
            
                v0,
            
        ) = &self.0;BoolListValue::create(
            builder,
            
                v0,
            
        )
    }
}

/// Reference to a deserialized [BoolListValue].
#[derive(Copy, Clone)]
pub struct BoolListValueRef<'a>(
    #[allow(dead_code)]
    ::planus::table_reader::Table<'a>
);

impl<'a> BoolListValueRef<'a> {
    
        /// Getter for the [`items` field](BoolListValue#structfield.items).
        #[inline]
        pub fn items(&self) -> ::planus::Result<::core::option::Option<::planus::Vector<'a, bool>>> {
            
            
              
              self.0.access(0, "BoolListValue", "items")
              
            
            
            
        }
    
}

impl<'a> ::core::fmt::Debug for BoolListValueRef<'a> {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        let mut f = f.debug_struct("BoolListValueRef");
        if let ::core::option::Option::Some(field_items) = self.items().transpose() {
                f.field("items", &field_items);
            }
        f.finish()
    }
}

impl<'a> ::core::convert::TryFrom<BoolListValueRef<'a>> for BoolListValue {
    type Error = ::planus::Error;


    #[allow(unreachable_code)]
    fn try_from(value: BoolListValueRef<'a>) -> ::planus::Result<Self> {

        ::core::result::Result::Ok(Self {
            items: 
                            if let ::core::option::Option::Some(items) = value.items()? {
                                ::core::option::Option::Some(items.to_vec()?)
                            } else {
                                ::core::option::Option::None
                            }
                        ,
        })
    }
}

impl<'a> ::planus::TableRead<'a> for BoolListValueRef<'a> {
    #[inline]
    fn from_buffer(buffer: ::planus::SliceWithStartOffset<'a>, offset: usize) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
        ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(buffer, offset)?))
    }
}

impl<'a> ::planus::VectorReadInner<'a> for BoolListValueRef<'a> {
    type Error = ::planus::Error;
    const STRIDE: usize = 4;

    unsafe fn from_buffer(buffer: ::planus::SliceWithStartOffset<'a>, offset: usize) -> ::planus::Result<Self> {
        ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| error_kind.with_error_location(
            "[BoolListValueRef]",
            "get",
            buffer.offset_from_start,
        ))
    }
}

/// # Safety
/// The planus compiler generates implementations that initialize
/// the bytes in `write_values`.
unsafe impl ::planus::VectorWrite<::planus::Offset<BoolListValue>> for BoolListValue {
    type Value = ::planus::Offset<BoolListValue>;
    const STRIDE: usize = 4;
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
        ::planus::WriteAs::prepare(self, builder)
    }

    #[inline]
    unsafe fn write_values(
        values: &[::planus::Offset<BoolListValue>],
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

impl<'a> ::planus::ReadAsRoot<'a> for BoolListValueRef<'a> {
    fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
        ::planus::TableRead::from_buffer(::planus::SliceWithStartOffset {
            buffer: slice,
            offset_from_start: 0,
        }, 0).map_err(|error_kind| error_kind.with_error_location(
            "[BoolListValueRef]",
            "read_as_root",
            0,
        ))
    }
}

    
/// The table `TensorListValue` in the namespace `pte`
/// 
/// Generated from these locations:
/// * Table `TensorListValue` in the file `fbs/pte.fbs:24`
#[derive(Clone, Debug, PartialEq, PartialOrd,
Eq, Ord, Hash,
::serde::Serialize, ::serde::Deserialize
)]
pub struct TensorListValue{
    
        /// The field `value_indices` in the table `TensorListValue`
        pub value_indices: ::core::option::Option<::planus::alloc::vec::Vec<i32>>,}


#[allow(clippy::derivable_impls)]
impl ::core::default::Default for TensorListValue {
    fn default() -> Self {
        Self {
        value_indices: ::core::default::Default::default(),
        
        }
    }
}


impl TensorListValue {
    /// Creates a [TensorListValueBuilder] for serializing an instance of this table.
    #[inline]
    pub fn builder() -> TensorListValueBuilder<()> {
        TensorListValueBuilder(())
    }

    #[allow(clippy::too_many_arguments)]
    pub fn create(
        builder: &mut ::planus::Builder,
        field_value_indices: impl ::planus::WriteAsOptional<::planus::Offset<[i32]>>,
        
    ) -> ::planus::Offset<Self> {let prepared_value_indices = field_value_indices.prepare(builder);

        let mut table_writer: ::planus::table_writer::TableWriter::<6> = ::core::default::Default::default();
        if prepared_value_indices.is_some() {table_writer.write_entry::<::planus::Offset<[i32]>>(0);}

        unsafe {
            table_writer.finish(builder, |object_writer| {if let ::core::option::Option::Some(prepared_value_indices) = prepared_value_indices {object_writer.write::<_, _, 4>(&prepared_value_indices);}
                
            });
        }builder.current_offset()
    }
}

impl ::planus::WriteAs<::planus::Offset<TensorListValue>> for TensorListValue {
    type Prepared = ::planus::Offset<Self>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<TensorListValue> {
        ::planus::WriteAsOffset::prepare(self, builder)
    }
}

impl ::planus::WriteAsOptional<::planus::Offset<TensorListValue>> for TensorListValue {
    type Prepared = ::planus::Offset<Self>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::core::option::Option<::planus::Offset<TensorListValue>> {
        ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
    }
}

impl ::planus::WriteAsOffset<TensorListValue> for TensorListValue {
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<TensorListValue> {
        TensorListValue::create(
            builder,
        
            
            &self.value_indices,
            
        
        )
    }
}

/// Builder for serializing an instance of the [TensorListValue] type.
///
/// Can be created using the [TensorListValue::builder] method.
#[derive(Debug)]
#[must_use]
pub struct TensorListValueBuilder<State>(State);

impl<
    
> TensorListValueBuilder
<
    (
    
    )
>
{
    /// Setter for the [`value_indices` field](TensorListValue#structfield.value_indices).
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn value_indices<T0>(self, value: T0) -> TensorListValueBuilder<(
    
        T0,
    
    )>
    where T0: ::planus::WriteAsOptional<::planus::Offset<[i32]>>
    {
        TensorListValueBuilder((
            
            value,
        ))
    }

    

    
    /// Sets the [`value_indices` field](TensorListValue#structfield.value_indices) to null.
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn value_indices_as_null(self) -> TensorListValueBuilder<(
        
        (),
    )>
    {
        self.value_indices(())
    }
    
}



impl<
    
        T0,
    
> TensorListValueBuilder<(
    
        T0,
    
)> {
    /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [TensorListValue].
    #[inline]
    pub fn finish(self, builder: &mut ::planus::Builder) -> ::planus::Offset<TensorListValue>
        where Self: ::planus::WriteAsOffset<TensorListValue>
    {
        ::planus::WriteAsOffset::prepare(&self, builder)
    }
}

impl<
    
        T0: ::planus::WriteAsOptional<::planus::Offset<[i32]>>,
    
> ::planus::WriteAs<::planus::Offset<TensorListValue>> for TensorListValueBuilder<(
    
        T0,
    
)> {
    type Prepared = ::planus::Offset<TensorListValue>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<TensorListValue> {
        ::planus::WriteAsOffset::prepare(self, builder)
    }
}

impl<
    
        T0: ::planus::WriteAsOptional<::planus::Offset<[i32]>>,
    
> ::planus::WriteAsOptional<::planus::Offset<TensorListValue>> for TensorListValueBuilder<(
    
        T0,
    
)> {
    type Prepared = ::planus::Offset<TensorListValue>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::core::option::Option<::planus::Offset<TensorListValue>> {
        ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
    }
}

impl<
    
        T0: ::planus::WriteAsOptional<::planus::Offset<[i32]>>,
    
> ::planus::WriteAsOffset<TensorListValue> for TensorListValueBuilder<(
    
        T0,
    
)> {
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<TensorListValue> {
        
        let (
            
                v0,
            
        ) = &self.0;TensorListValue::create(
            builder,
            
                v0,
            
        )
    }
}

/// Reference to a deserialized [TensorListValue].
#[derive(Copy, Clone)]
pub struct TensorListValueRef<'a>(
    #[allow(dead_code)]
    ::planus::table_reader::Table<'a>
);

impl<'a> TensorListValueRef<'a> {
    
        /// Getter for the [`value_indices` field](TensorListValue#structfield.value_indices).
        #[inline]
        pub fn value_indices(&self) -> ::planus::Result<::core::option::Option<::planus::Vector<'a, i32>>> {
            
            
              
              self.0.access(0, "TensorListValue", "value_indices")
              
            
            
            
        }
    
}

impl<'a> ::core::fmt::Debug for TensorListValueRef<'a> {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        let mut f = f.debug_struct("TensorListValueRef");
        if let ::core::option::Option::Some(field_value_indices) = self.value_indices().transpose() {
                f.field("value_indices", &field_value_indices);
            }
        f.finish()
    }
}

impl<'a> ::core::convert::TryFrom<TensorListValueRef<'a>> for TensorListValue {
    type Error = ::planus::Error;


    #[allow(unreachable_code)]
    fn try_from(value: TensorListValueRef<'a>) -> ::planus::Result<Self> {

        ::core::result::Result::Ok(Self {
            value_indices: 
                            if let ::core::option::Option::Some(value_indices) = value.value_indices()? {
                                ::core::option::Option::Some(value_indices.to_vec()?)
                            } else {
                                ::core::option::Option::None
                            }
                        ,
        })
    }
}

impl<'a> ::planus::TableRead<'a> for TensorListValueRef<'a> {
    #[inline]
    fn from_buffer(buffer: ::planus::SliceWithStartOffset<'a>, offset: usize) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
        ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(buffer, offset)?))
    }
}

impl<'a> ::planus::VectorReadInner<'a> for TensorListValueRef<'a> {
    type Error = ::planus::Error;
    const STRIDE: usize = 4;

    unsafe fn from_buffer(buffer: ::planus::SliceWithStartOffset<'a>, offset: usize) -> ::planus::Result<Self> {
        ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| error_kind.with_error_location(
            "[TensorListValueRef]",
            "get",
            buffer.offset_from_start,
        ))
    }
}

/// # Safety
/// The planus compiler generates implementations that initialize
/// the bytes in `write_values`.
unsafe impl ::planus::VectorWrite<::planus::Offset<TensorListValue>> for TensorListValue {
    type Value = ::planus::Offset<TensorListValue>;
    const STRIDE: usize = 4;
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
        ::planus::WriteAs::prepare(self, builder)
    }

    #[inline]
    unsafe fn write_values(
        values: &[::planus::Offset<TensorListValue>],
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

impl<'a> ::planus::ReadAsRoot<'a> for TensorListValueRef<'a> {
    fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
        ::planus::TableRead::from_buffer(::planus::SliceWithStartOffset {
            buffer: slice,
            offset_from_start: 0,
        }, 0).map_err(|error_kind| error_kind.with_error_location(
            "[TensorListValueRef]",
            "read_as_root",
            0,
        ))
    }
}

    
/// The table `OptionalTensorListValue` in the namespace `pte`
/// 
/// Generated from these locations:
/// * Table `OptionalTensorListValue` in the file `fbs/pte.fbs:26`
#[derive(Clone, Debug, PartialEq, PartialOrd,
Eq, Ord, Hash,
::serde::Serialize, ::serde::Deserialize
)]
pub struct OptionalTensorListValue{
    
        /// The field `value_indices` in the table `OptionalTensorListValue`
        pub value_indices: ::core::option::Option<::planus::alloc::vec::Vec<i32>>,}


#[allow(clippy::derivable_impls)]
impl ::core::default::Default for OptionalTensorListValue {
    fn default() -> Self {
        Self {
        value_indices: ::core::default::Default::default(),
        
        }
    }
}


impl OptionalTensorListValue {
    /// Creates a [OptionalTensorListValueBuilder] for serializing an instance of this table.
    #[inline]
    pub fn builder() -> OptionalTensorListValueBuilder<()> {
        OptionalTensorListValueBuilder(())
    }

    #[allow(clippy::too_many_arguments)]
    pub fn create(
        builder: &mut ::planus::Builder,
        field_value_indices: impl ::planus::WriteAsOptional<::planus::Offset<[i32]>>,
        
    ) -> ::planus::Offset<Self> {let prepared_value_indices = field_value_indices.prepare(builder);

        let mut table_writer: ::planus::table_writer::TableWriter::<6> = ::core::default::Default::default();
        if prepared_value_indices.is_some() {table_writer.write_entry::<::planus::Offset<[i32]>>(0);}

        unsafe {
            table_writer.finish(builder, |object_writer| {if let ::core::option::Option::Some(prepared_value_indices) = prepared_value_indices {object_writer.write::<_, _, 4>(&prepared_value_indices);}
                
            });
        }builder.current_offset()
    }
}

impl ::planus::WriteAs<::planus::Offset<OptionalTensorListValue>> for OptionalTensorListValue {
    type Prepared = ::planus::Offset<Self>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<OptionalTensorListValue> {
        ::planus::WriteAsOffset::prepare(self, builder)
    }
}

impl ::planus::WriteAsOptional<::planus::Offset<OptionalTensorListValue>> for OptionalTensorListValue {
    type Prepared = ::planus::Offset<Self>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::core::option::Option<::planus::Offset<OptionalTensorListValue>> {
        ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
    }
}

impl ::planus::WriteAsOffset<OptionalTensorListValue> for OptionalTensorListValue {
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<OptionalTensorListValue> {
        OptionalTensorListValue::create(
            builder,
        
            
            &self.value_indices,
            
        
        )
    }
}

/// Builder for serializing an instance of the [OptionalTensorListValue] type.
///
/// Can be created using the [OptionalTensorListValue::builder] method.
#[derive(Debug)]
#[must_use]
pub struct OptionalTensorListValueBuilder<State>(State);

impl<
    
> OptionalTensorListValueBuilder
<
    (
    
    )
>
{
    /// Setter for the [`value_indices` field](OptionalTensorListValue#structfield.value_indices).
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn value_indices<T0>(self, value: T0) -> OptionalTensorListValueBuilder<(
    
        T0,
    
    )>
    where T0: ::planus::WriteAsOptional<::planus::Offset<[i32]>>
    {
        OptionalTensorListValueBuilder((
            
            value,
        ))
    }

    

    
    /// Sets the [`value_indices` field](OptionalTensorListValue#structfield.value_indices) to null.
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn value_indices_as_null(self) -> OptionalTensorListValueBuilder<(
        
        (),
    )>
    {
        self.value_indices(())
    }
    
}



impl<
    
        T0,
    
> OptionalTensorListValueBuilder<(
    
        T0,
    
)> {
    /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [OptionalTensorListValue].
    #[inline]
    pub fn finish(self, builder: &mut ::planus::Builder) -> ::planus::Offset<OptionalTensorListValue>
        where Self: ::planus::WriteAsOffset<OptionalTensorListValue>
    {
        ::planus::WriteAsOffset::prepare(&self, builder)
    }
}

impl<
    
        T0: ::planus::WriteAsOptional<::planus::Offset<[i32]>>,
    
> ::planus::WriteAs<::planus::Offset<OptionalTensorListValue>> for OptionalTensorListValueBuilder<(
    
        T0,
    
)> {
    type Prepared = ::planus::Offset<OptionalTensorListValue>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<OptionalTensorListValue> {
        ::planus::WriteAsOffset::prepare(self, builder)
    }
}

impl<
    
        T0: ::planus::WriteAsOptional<::planus::Offset<[i32]>>,
    
> ::planus::WriteAsOptional<::planus::Offset<OptionalTensorListValue>> for OptionalTensorListValueBuilder<(
    
        T0,
    
)> {
    type Prepared = ::planus::Offset<OptionalTensorListValue>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::core::option::Option<::planus::Offset<OptionalTensorListValue>> {
        ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
    }
}

impl<
    
        T0: ::planus::WriteAsOptional<::planus::Offset<[i32]>>,
    
> ::planus::WriteAsOffset<OptionalTensorListValue> for OptionalTensorListValueBuilder<(
    
        T0,
    
)> {
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<OptionalTensorListValue> {
        
        let (
            
                v0,
            
        ) = &self.0;OptionalTensorListValue::create(
            builder,
            
                v0,
            
        )
    }
}

/// Reference to a deserialized [OptionalTensorListValue].
#[derive(Copy, Clone)]
pub struct OptionalTensorListValueRef<'a>(
    #[allow(dead_code)]
    ::planus::table_reader::Table<'a>
);

impl<'a> OptionalTensorListValueRef<'a> {
    
        /// Getter for the [`value_indices` field](OptionalTensorListValue#structfield.value_indices).
        #[inline]
        pub fn value_indices(&self) -> ::planus::Result<::core::option::Option<::planus::Vector<'a, i32>>> {
            
            
              
              self.0.access(0, "OptionalTensorListValue", "value_indices")
              
            
            
            
        }
    
}

impl<'a> ::core::fmt::Debug for OptionalTensorListValueRef<'a> {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        let mut f = f.debug_struct("OptionalTensorListValueRef");
        if let ::core::option::Option::Some(field_value_indices) = self.value_indices().transpose() {
                f.field("value_indices", &field_value_indices);
            }
        f.finish()
    }
}

impl<'a> ::core::convert::TryFrom<OptionalTensorListValueRef<'a>> for OptionalTensorListValue {
    type Error = ::planus::Error;


    #[allow(unreachable_code)]
    fn try_from(value: OptionalTensorListValueRef<'a>) -> ::planus::Result<Self> {

        ::core::result::Result::Ok(Self {
            value_indices: 
                            if let ::core::option::Option::Some(value_indices) = value.value_indices()? {
                                ::core::option::Option::Some(value_indices.to_vec()?)
                            } else {
                                ::core::option::Option::None
                            }
                        ,
        })
    }
}

impl<'a> ::planus::TableRead<'a> for OptionalTensorListValueRef<'a> {
    #[inline]
    fn from_buffer(buffer: ::planus::SliceWithStartOffset<'a>, offset: usize) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
        ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(buffer, offset)?))
    }
}

impl<'a> ::planus::VectorReadInner<'a> for OptionalTensorListValueRef<'a> {
    type Error = ::planus::Error;
    const STRIDE: usize = 4;

    unsafe fn from_buffer(buffer: ::planus::SliceWithStartOffset<'a>, offset: usize) -> ::planus::Result<Self> {
        ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| error_kind.with_error_location(
            "[OptionalTensorListValueRef]",
            "get",
            buffer.offset_from_start,
        ))
    }
}

/// # Safety
/// The planus compiler generates implementations that initialize
/// the bytes in `write_values`.
unsafe impl ::planus::VectorWrite<::planus::Offset<OptionalTensorListValue>> for OptionalTensorListValue {
    type Value = ::planus::Offset<OptionalTensorListValue>;
    const STRIDE: usize = 4;
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
        ::planus::WriteAs::prepare(self, builder)
    }

    #[inline]
    unsafe fn write_values(
        values: &[::planus::Offset<OptionalTensorListValue>],
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

impl<'a> ::planus::ReadAsRoot<'a> for OptionalTensorListValueRef<'a> {
    fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
        ::planus::TableRead::from_buffer(::planus::SliceWithStartOffset {
            buffer: slice,
            offset_from_start: 0,
        }, 0).map_err(|error_kind| error_kind.with_error_location(
            "[OptionalTensorListValueRef]",
            "read_as_root",
            0,
        ))
    }
}

    
/// The table `Placement` in the namespace `pte`
/// 
/// Generated from these locations:
/// * Table `Placement` in the file `fbs/pte.fbs:28`
#[derive(Clone, Debug, PartialEq, PartialOrd,
Eq, Ord, Hash,
::serde::Serialize, ::serde::Deserialize
)]
pub struct Placement{
    
        /// The field `arena_id` in the table `Placement`
        pub arena_id: u32,
        /// The field `offset_low` in the table `Placement`
        pub offset_low: u32,
        /// The field `offset_high` in the table `Placement`
        pub offset_high: u32,}


#[allow(clippy::derivable_impls)]
impl ::core::default::Default for Placement {
    fn default() -> Self {
        Self {
        arena_id: 0,
        offset_low: 0,
        offset_high: 0,
        
        }
    }
}


impl Placement {
    /// Creates a [PlacementBuilder] for serializing an instance of this table.
    #[inline]
    pub fn builder() -> PlacementBuilder<()> {
        PlacementBuilder(())
    }

    #[allow(clippy::too_many_arguments)]
    pub fn create(
        builder: &mut ::planus::Builder,
        field_arena_id: impl ::planus::WriteAsDefault<u32, u32>,
        field_offset_low: impl ::planus::WriteAsDefault<u32, u32>,
        field_offset_high: impl ::planus::WriteAsDefault<u32, u32>,
        
    ) -> ::planus::Offset<Self> {let prepared_arena_id = field_arena_id.prepare(builder, &0);let prepared_offset_low = field_offset_low.prepare(builder, &0);let prepared_offset_high = field_offset_high.prepare(builder, &0);

        let mut table_writer: ::planus::table_writer::TableWriter::<10> = ::core::default::Default::default();
        if prepared_arena_id.is_some() {table_writer.write_entry::<u32>(0);}if prepared_offset_low.is_some() {table_writer.write_entry::<u32>(1);}if prepared_offset_high.is_some() {table_writer.write_entry::<u32>(2);}

        unsafe {
            table_writer.finish(builder, |object_writer| {if let ::core::option::Option::Some(prepared_arena_id) = prepared_arena_id {object_writer.write::<_, _, 4>(&prepared_arena_id);}if let ::core::option::Option::Some(prepared_offset_low) = prepared_offset_low {object_writer.write::<_, _, 4>(&prepared_offset_low);}if let ::core::option::Option::Some(prepared_offset_high) = prepared_offset_high {object_writer.write::<_, _, 4>(&prepared_offset_high);}
                
            });
        }builder.current_offset()
    }
}

impl ::planus::WriteAs<::planus::Offset<Placement>> for Placement {
    type Prepared = ::planus::Offset<Self>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<Placement> {
        ::planus::WriteAsOffset::prepare(self, builder)
    }
}

impl ::planus::WriteAsOptional<::planus::Offset<Placement>> for Placement {
    type Prepared = ::planus::Offset<Self>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::core::option::Option<::planus::Offset<Placement>> {
        ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
    }
}

impl ::planus::WriteAsOffset<Placement> for Placement {
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<Placement> {
        Placement::create(
            builder,
        
            
            self.arena_id,
            
        
            
            self.offset_low,
            
        
            
            self.offset_high,
            
        
        )
    }
}

/// Builder for serializing an instance of the [Placement] type.
///
/// Can be created using the [Placement::builder] method.
#[derive(Debug)]
#[must_use]
pub struct PlacementBuilder<State>(State);

impl<
    
> PlacementBuilder
<
    (
    
    )
>
{
    /// Setter for the [`arena_id` field](Placement#structfield.arena_id).
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn arena_id<T0>(self, value: T0) -> PlacementBuilder<(
    
        T0,
    
    )>
    where T0: ::planus::WriteAsDefault<u32, u32>
    {
        PlacementBuilder((
            
            value,
        ))
    }

    
    /// Sets the [`arena_id` field](Placement#structfield.arena_id) to the default value.
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn arena_id_as_default(self) -> PlacementBuilder<(
        
        ::planus::DefaultValue,
    )>
    {
        self.arena_id(::planus::DefaultValue)
    }
    

    
}

impl<
    
        T0,
    
> PlacementBuilder
<
    (
    
        T0,
    
    )
>
{
    /// Setter for the [`offset_low` field](Placement#structfield.offset_low).
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn offset_low<T1>(self, value: T1) -> PlacementBuilder<(
    
        T0,
    
        T1,
    
    )>
    where T1: ::planus::WriteAsDefault<u32, u32>
    {
        
        let (
            
                v0,
            
        ) = self.0;PlacementBuilder((
            
                v0,
            
            value,
        ))
    }

    
    /// Sets the [`offset_low` field](Placement#structfield.offset_low) to the default value.
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn offset_low_as_default(self) -> PlacementBuilder<(
        
            T0,
        
        ::planus::DefaultValue,
    )>
    {
        self.offset_low(::planus::DefaultValue)
    }
    

    
}

impl<
    
        T0,
    
        T1,
    
> PlacementBuilder
<
    (
    
        T0,
    
        T1,
    
    )
>
{
    /// Setter for the [`offset_high` field](Placement#structfield.offset_high).
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn offset_high<T2>(self, value: T2) -> PlacementBuilder<(
    
        T0,
    
        T1,
    
        T2,
    
    )>
    where T2: ::planus::WriteAsDefault<u32, u32>
    {
        
        let (
            
                v0,
            
                v1,
            
        ) = self.0;PlacementBuilder((
            
                v0,
            
                v1,
            
            value,
        ))
    }

    
    /// Sets the [`offset_high` field](Placement#structfield.offset_high) to the default value.
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn offset_high_as_default(self) -> PlacementBuilder<(
        
            T0,
        
            T1,
        
        ::planus::DefaultValue,
    )>
    {
        self.offset_high(::planus::DefaultValue)
    }
    

    
}



impl<
    
        T0,
    
        T1,
    
        T2,
    
> PlacementBuilder<(
    
        T0,
    
        T1,
    
        T2,
    
)> {
    /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [Placement].
    #[inline]
    pub fn finish(self, builder: &mut ::planus::Builder) -> ::planus::Offset<Placement>
        where Self: ::planus::WriteAsOffset<Placement>
    {
        ::planus::WriteAsOffset::prepare(&self, builder)
    }
}

impl<
    
        T0: ::planus::WriteAsDefault<u32, u32>,
    
        T1: ::planus::WriteAsDefault<u32, u32>,
    
        T2: ::planus::WriteAsDefault<u32, u32>,
    
> ::planus::WriteAs<::planus::Offset<Placement>> for PlacementBuilder<(
    
        T0,
    
        T1,
    
        T2,
    
)> {
    type Prepared = ::planus::Offset<Placement>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<Placement> {
        ::planus::WriteAsOffset::prepare(self, builder)
    }
}

impl<
    
        T0: ::planus::WriteAsDefault<u32, u32>,
    
        T1: ::planus::WriteAsDefault<u32, u32>,
    
        T2: ::planus::WriteAsDefault<u32, u32>,
    
> ::planus::WriteAsOptional<::planus::Offset<Placement>> for PlacementBuilder<(
    
        T0,
    
        T1,
    
        T2,
    
)> {
    type Prepared = ::planus::Offset<Placement>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::core::option::Option<::planus::Offset<Placement>> {
        ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
    }
}

impl<
    
        T0: ::planus::WriteAsDefault<u32, u32>,
    
        T1: ::planus::WriteAsDefault<u32, u32>,
    
        T2: ::planus::WriteAsDefault<u32, u32>,
    
> ::planus::WriteAsOffset<Placement> for PlacementBuilder<(
    
        T0,
    
        T1,
    
        T2,
    
)> {
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<Placement> {
        
        let (
            
                v0,
            
                v1,
            
                v2,
            
        ) = &self.0;Placement::create(
            builder,
            
                v0,
            
                v1,
            
                v2,
            
        )
    }
}

/// Reference to a deserialized [Placement].
#[derive(Copy, Clone)]
pub struct PlacementRef<'a>(
    #[allow(dead_code)]
    ::planus::table_reader::Table<'a>
);

impl<'a> PlacementRef<'a> {
    
        /// Getter for the [`arena_id` field](Placement#structfield.arena_id).
        #[inline]
        pub fn arena_id(&self) -> ::planus::Result<u32> {
             ::core::result::Result::Ok( 
            
              
              self.0.access(0, "Placement", "arena_id")
              
            
            ?.unwrap_or(0))
            
        }
    
        /// Getter for the [`offset_low` field](Placement#structfield.offset_low).
        #[inline]
        pub fn offset_low(&self) -> ::planus::Result<u32> {
             ::core::result::Result::Ok( 
            
              
              self.0.access(1, "Placement", "offset_low")
              
            
            ?.unwrap_or(0))
            
        }
    
        /// Getter for the [`offset_high` field](Placement#structfield.offset_high).
        #[inline]
        pub fn offset_high(&self) -> ::planus::Result<u32> {
             ::core::result::Result::Ok( 
            
              
              self.0.access(2, "Placement", "offset_high")
              
            
            ?.unwrap_or(0))
            
        }
    
}

impl<'a> ::core::fmt::Debug for PlacementRef<'a> {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        let mut f = f.debug_struct("PlacementRef");
        f.field("arena_id", &self.arena_id());f.field("offset_low", &self.offset_low());f.field("offset_high", &self.offset_high());
        f.finish()
    }
}

impl<'a> ::core::convert::TryFrom<PlacementRef<'a>> for Placement {
    type Error = ::planus::Error;


    #[allow(unreachable_code)]
    fn try_from(value: PlacementRef<'a>) -> ::planus::Result<Self> {

        ::core::result::Result::Ok(Self {
            arena_id: ::core::convert::TryInto::try_into(value.arena_id()?)?,offset_low: ::core::convert::TryInto::try_into(value.offset_low()?)?,offset_high: ::core::convert::TryInto::try_into(value.offset_high()?)?,
        })
    }
}

impl<'a> ::planus::TableRead<'a> for PlacementRef<'a> {
    #[inline]
    fn from_buffer(buffer: ::planus::SliceWithStartOffset<'a>, offset: usize) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
        ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(buffer, offset)?))
    }
}

impl<'a> ::planus::VectorReadInner<'a> for PlacementRef<'a> {
    type Error = ::planus::Error;
    const STRIDE: usize = 4;

    unsafe fn from_buffer(buffer: ::planus::SliceWithStartOffset<'a>, offset: usize) -> ::planus::Result<Self> {
        ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| error_kind.with_error_location(
            "[PlacementRef]",
            "get",
            buffer.offset_from_start,
        ))
    }
}

/// # Safety
/// The planus compiler generates implementations that initialize
/// the bytes in `write_values`.
unsafe impl ::planus::VectorWrite<::planus::Offset<Placement>> for Placement {
    type Value = ::planus::Offset<Placement>;
    const STRIDE: usize = 4;
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
        ::planus::WriteAs::prepare(self, builder)
    }

    #[inline]
    unsafe fn write_values(
        values: &[::planus::Offset<Placement>],
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

impl<'a> ::planus::ReadAsRoot<'a> for PlacementRef<'a> {
    fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
        ::planus::TableRead::from_buffer(::planus::SliceWithStartOffset {
            buffer: slice,
            offset_from_start: 0,
        }, 0).map_err(|error_kind| error_kind.with_error_location(
            "[PlacementRef]",
            "read_as_root",
            0,
        ))
    }
}

    
/// The table `TensorExtras` in the namespace `pte`
/// 
/// Generated from these locations:
/// * Table `TensorExtras` in the file `fbs/pte.fbs:34`
#[derive(Clone, Debug, PartialEq, PartialOrd,
Eq, Ord, Hash,
::serde::Serialize, ::serde::Deserialize
)]
pub struct TensorExtras{
    
        /// The field `mutable_segment_index` in the table `TensorExtras`
        pub mutable_segment_index: u64,
        /// The field `qualified_name` in the table `TensorExtras`
        pub qualified_name: ::core::option::Option<::planus::alloc::string::String>,
        /// The field `data_location` in the table `TensorExtras`
        pub data_location: i8,
        /// The field `device_kind` in the table `TensorExtras`
        pub device_kind: i8,
        /// The field `device_ordinal` in the table `TensorExtras`
        pub device_ordinal: i8,}


#[allow(clippy::derivable_impls)]
impl ::core::default::Default for TensorExtras {
    fn default() -> Self {
        Self {
        mutable_segment_index: 0,
        qualified_name: ::core::default::Default::default(),
        data_location: 0,
        device_kind: 0,
        device_ordinal: 0,
        
        }
    }
}


impl TensorExtras {
    /// Creates a [TensorExtrasBuilder] for serializing an instance of this table.
    #[inline]
    pub fn builder() -> TensorExtrasBuilder<()> {
        TensorExtrasBuilder(())
    }

    #[allow(clippy::too_many_arguments)]
    pub fn create(
        builder: &mut ::planus::Builder,
        field_mutable_segment_index: impl ::planus::WriteAsDefault<u64, u64>,
        field_qualified_name: impl ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
        field_data_location: impl ::planus::WriteAsDefault<i8, i8>,
        field_device_kind: impl ::planus::WriteAsDefault<i8, i8>,
        field_device_ordinal: impl ::planus::WriteAsDefault<i8, i8>,
        
    ) -> ::planus::Offset<Self> {let prepared_mutable_segment_index = field_mutable_segment_index.prepare(builder, &0);let prepared_qualified_name = field_qualified_name.prepare(builder);let prepared_data_location = field_data_location.prepare(builder, &0);let prepared_device_kind = field_device_kind.prepare(builder, &0);let prepared_device_ordinal = field_device_ordinal.prepare(builder, &0);

        let mut table_writer: ::planus::table_writer::TableWriter::<14> = ::core::default::Default::default();
        if prepared_mutable_segment_index.is_some() {table_writer.write_entry::<u64>(0);}if prepared_qualified_name.is_some() {table_writer.write_entry::<::planus::Offset<str>>(1);}if prepared_data_location.is_some() {table_writer.write_entry::<i8>(2);}if prepared_device_kind.is_some() {table_writer.write_entry::<i8>(3);}if prepared_device_ordinal.is_some() {table_writer.write_entry::<i8>(4);}

        unsafe {
            table_writer.finish(builder, |object_writer| {if let ::core::option::Option::Some(prepared_mutable_segment_index) = prepared_mutable_segment_index {object_writer.write::<_, _, 8>(&prepared_mutable_segment_index);}if let ::core::option::Option::Some(prepared_qualified_name) = prepared_qualified_name {object_writer.write::<_, _, 4>(&prepared_qualified_name);}if let ::core::option::Option::Some(prepared_data_location) = prepared_data_location {object_writer.write::<_, _, 1>(&prepared_data_location);}if let ::core::option::Option::Some(prepared_device_kind) = prepared_device_kind {object_writer.write::<_, _, 1>(&prepared_device_kind);}if let ::core::option::Option::Some(prepared_device_ordinal) = prepared_device_ordinal {object_writer.write::<_, _, 1>(&prepared_device_ordinal);}
                
            });
        }builder.current_offset()
    }
}

impl ::planus::WriteAs<::planus::Offset<TensorExtras>> for TensorExtras {
    type Prepared = ::planus::Offset<Self>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<TensorExtras> {
        ::planus::WriteAsOffset::prepare(self, builder)
    }
}

impl ::planus::WriteAsOptional<::planus::Offset<TensorExtras>> for TensorExtras {
    type Prepared = ::planus::Offset<Self>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::core::option::Option<::planus::Offset<TensorExtras>> {
        ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
    }
}

impl ::planus::WriteAsOffset<TensorExtras> for TensorExtras {
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<TensorExtras> {
        TensorExtras::create(
            builder,
        
            
            self.mutable_segment_index,
            
        
            
            &self.qualified_name,
            
        
            
            self.data_location,
            
        
            
            self.device_kind,
            
        
            
            self.device_ordinal,
            
        
        )
    }
}

/// Builder for serializing an instance of the [TensorExtras] type.
///
/// Can be created using the [TensorExtras::builder] method.
#[derive(Debug)]
#[must_use]
pub struct TensorExtrasBuilder<State>(State);

impl<
    
> TensorExtrasBuilder
<
    (
    
    )
>
{
    /// Setter for the [`mutable_segment_index` field](TensorExtras#structfield.mutable_segment_index).
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn mutable_segment_index<T0>(self, value: T0) -> TensorExtrasBuilder<(
    
        T0,
    
    )>
    where T0: ::planus::WriteAsDefault<u64, u64>
    {
        TensorExtrasBuilder((
            
            value,
        ))
    }

    
    /// Sets the [`mutable_segment_index` field](TensorExtras#structfield.mutable_segment_index) to the default value.
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn mutable_segment_index_as_default(self) -> TensorExtrasBuilder<(
        
        ::planus::DefaultValue,
    )>
    {
        self.mutable_segment_index(::planus::DefaultValue)
    }
    

    
}

impl<
    
        T0,
    
> TensorExtrasBuilder
<
    (
    
        T0,
    
    )
>
{
    /// Setter for the [`qualified_name` field](TensorExtras#structfield.qualified_name).
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn qualified_name<T1>(self, value: T1) -> TensorExtrasBuilder<(
    
        T0,
    
        T1,
    
    )>
    where T1: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>
    {
        
        let (
            
                v0,
            
        ) = self.0;TensorExtrasBuilder((
            
                v0,
            
            value,
        ))
    }

    

    
    /// Sets the [`qualified_name` field](TensorExtras#structfield.qualified_name) to null.
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn qualified_name_as_null(self) -> TensorExtrasBuilder<(
        
            T0,
        
        (),
    )>
    {
        self.qualified_name(())
    }
    
}

impl<
    
        T0,
    
        T1,
    
> TensorExtrasBuilder
<
    (
    
        T0,
    
        T1,
    
    )
>
{
    /// Setter for the [`data_location` field](TensorExtras#structfield.data_location).
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn data_location<T2>(self, value: T2) -> TensorExtrasBuilder<(
    
        T0,
    
        T1,
    
        T2,
    
    )>
    where T2: ::planus::WriteAsDefault<i8, i8>
    {
        
        let (
            
                v0,
            
                v1,
            
        ) = self.0;TensorExtrasBuilder((
            
                v0,
            
                v1,
            
            value,
        ))
    }

    
    /// Sets the [`data_location` field](TensorExtras#structfield.data_location) to the default value.
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn data_location_as_default(self) -> TensorExtrasBuilder<(
        
            T0,
        
            T1,
        
        ::planus::DefaultValue,
    )>
    {
        self.data_location(::planus::DefaultValue)
    }
    

    
}

impl<
    
        T0,
    
        T1,
    
        T2,
    
> TensorExtrasBuilder
<
    (
    
        T0,
    
        T1,
    
        T2,
    
    )
>
{
    /// Setter for the [`device_kind` field](TensorExtras#structfield.device_kind).
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn device_kind<T3>(self, value: T3) -> TensorExtrasBuilder<(
    
        T0,
    
        T1,
    
        T2,
    
        T3,
    
    )>
    where T3: ::planus::WriteAsDefault<i8, i8>
    {
        
        let (
            
                v0,
            
                v1,
            
                v2,
            
        ) = self.0;TensorExtrasBuilder((
            
                v0,
            
                v1,
            
                v2,
            
            value,
        ))
    }

    
    /// Sets the [`device_kind` field](TensorExtras#structfield.device_kind) to the default value.
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn device_kind_as_default(self) -> TensorExtrasBuilder<(
        
            T0,
        
            T1,
        
            T2,
        
        ::planus::DefaultValue,
    )>
    {
        self.device_kind(::planus::DefaultValue)
    }
    

    
}

impl<
    
        T0,
    
        T1,
    
        T2,
    
        T3,
    
> TensorExtrasBuilder
<
    (
    
        T0,
    
        T1,
    
        T2,
    
        T3,
    
    )
>
{
    /// Setter for the [`device_ordinal` field](TensorExtras#structfield.device_ordinal).
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn device_ordinal<T4>(self, value: T4) -> TensorExtrasBuilder<(
    
        T0,
    
        T1,
    
        T2,
    
        T3,
    
        T4,
    
    )>
    where T4: ::planus::WriteAsDefault<i8, i8>
    {
        
        let (
            
                v0,
            
                v1,
            
                v2,
            
                v3,
            
        ) = self.0;TensorExtrasBuilder((
            
                v0,
            
                v1,
            
                v2,
            
                v3,
            
            value,
        ))
    }

    
    /// Sets the [`device_ordinal` field](TensorExtras#structfield.device_ordinal) to the default value.
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn device_ordinal_as_default(self) -> TensorExtrasBuilder<(
        
            T0,
        
            T1,
        
            T2,
        
            T3,
        
        ::planus::DefaultValue,
    )>
    {
        self.device_ordinal(::planus::DefaultValue)
    }
    

    
}



impl<
    
        T0,
    
        T1,
    
        T2,
    
        T3,
    
        T4,
    
> TensorExtrasBuilder<(
    
        T0,
    
        T1,
    
        T2,
    
        T3,
    
        T4,
    
)> {
    /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [TensorExtras].
    #[inline]
    pub fn finish(self, builder: &mut ::planus::Builder) -> ::planus::Offset<TensorExtras>
        where Self: ::planus::WriteAsOffset<TensorExtras>
    {
        ::planus::WriteAsOffset::prepare(&self, builder)
    }
}

impl<
    
        T0: ::planus::WriteAsDefault<u64, u64>,
    
        T1: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
    
        T2: ::planus::WriteAsDefault<i8, i8>,
    
        T3: ::planus::WriteAsDefault<i8, i8>,
    
        T4: ::planus::WriteAsDefault<i8, i8>,
    
> ::planus::WriteAs<::planus::Offset<TensorExtras>> for TensorExtrasBuilder<(
    
        T0,
    
        T1,
    
        T2,
    
        T3,
    
        T4,
    
)> {
    type Prepared = ::planus::Offset<TensorExtras>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<TensorExtras> {
        ::planus::WriteAsOffset::prepare(self, builder)
    }
}

impl<
    
        T0: ::planus::WriteAsDefault<u64, u64>,
    
        T1: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
    
        T2: ::planus::WriteAsDefault<i8, i8>,
    
        T3: ::planus::WriteAsDefault<i8, i8>,
    
        T4: ::planus::WriteAsDefault<i8, i8>,
    
> ::planus::WriteAsOptional<::planus::Offset<TensorExtras>> for TensorExtrasBuilder<(
    
        T0,
    
        T1,
    
        T2,
    
        T3,
    
        T4,
    
)> {
    type Prepared = ::planus::Offset<TensorExtras>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::core::option::Option<::planus::Offset<TensorExtras>> {
        ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
    }
}

impl<
    
        T0: ::planus::WriteAsDefault<u64, u64>,
    
        T1: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
    
        T2: ::planus::WriteAsDefault<i8, i8>,
    
        T3: ::planus::WriteAsDefault<i8, i8>,
    
        T4: ::planus::WriteAsDefault<i8, i8>,
    
> ::planus::WriteAsOffset<TensorExtras> for TensorExtrasBuilder<(
    
        T0,
    
        T1,
    
        T2,
    
        T3,
    
        T4,
    
)> {
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<TensorExtras> {
        
        let (
            
                v0,
            
                v1,
            
                v2,
            
                v3,
            
                v4,
            
        ) = &self.0;TensorExtras::create(
            builder,
            
                v0,
            
                v1,
            
                v2,
            
                v3,
            
                v4,
            
        )
    }
}

/// Reference to a deserialized [TensorExtras].
#[derive(Copy, Clone)]
pub struct TensorExtrasRef<'a>(
    #[allow(dead_code)]
    ::planus::table_reader::Table<'a>
);

impl<'a> TensorExtrasRef<'a> {
    
        /// Getter for the [`mutable_segment_index` field](TensorExtras#structfield.mutable_segment_index).
        #[inline]
        pub fn mutable_segment_index(&self) -> ::planus::Result<u64> {
             ::core::result::Result::Ok( 
            
              
              self.0.access(0, "TensorExtras", "mutable_segment_index")
              
            
            ?.unwrap_or(0))
            
        }
    
        /// Getter for the [`qualified_name` field](TensorExtras#structfield.qualified_name).
        #[inline]
        pub fn qualified_name(&self) -> ::planus::Result<::core::option::Option<&'a ::core::primitive::str>> {
            
            
              
              self.0.access(1, "TensorExtras", "qualified_name")
              
            
            
            
        }
    
        /// Getter for the [`data_location` field](TensorExtras#structfield.data_location).
        #[inline]
        pub fn data_location(&self) -> ::planus::Result<i8> {
             ::core::result::Result::Ok( 
            
              
              self.0.access(2, "TensorExtras", "data_location")
              
            
            ?.unwrap_or(0))
            
        }
    
        /// Getter for the [`device_kind` field](TensorExtras#structfield.device_kind).
        #[inline]
        pub fn device_kind(&self) -> ::planus::Result<i8> {
             ::core::result::Result::Ok( 
            
              
              self.0.access(3, "TensorExtras", "device_kind")
              
            
            ?.unwrap_or(0))
            
        }
    
        /// Getter for the [`device_ordinal` field](TensorExtras#structfield.device_ordinal).
        #[inline]
        pub fn device_ordinal(&self) -> ::planus::Result<i8> {
             ::core::result::Result::Ok( 
            
              
              self.0.access(4, "TensorExtras", "device_ordinal")
              
            
            ?.unwrap_or(0))
            
        }
    
}

impl<'a> ::core::fmt::Debug for TensorExtrasRef<'a> {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        let mut f = f.debug_struct("TensorExtrasRef");
        f.field("mutable_segment_index", &self.mutable_segment_index());if let ::core::option::Option::Some(field_qualified_name) = self.qualified_name().transpose() {
                f.field("qualified_name", &field_qualified_name);
            }f.field("data_location", &self.data_location());f.field("device_kind", &self.device_kind());f.field("device_ordinal", &self.device_ordinal());
        f.finish()
    }
}

impl<'a> ::core::convert::TryFrom<TensorExtrasRef<'a>> for TensorExtras {
    type Error = ::planus::Error;


    #[allow(unreachable_code)]
    fn try_from(value: TensorExtrasRef<'a>) -> ::planus::Result<Self> {

        ::core::result::Result::Ok(Self {
            mutable_segment_index: ::core::convert::TryInto::try_into(value.mutable_segment_index()?)?,qualified_name: 
                                value.qualified_name()?.map(::core::convert::Into::into)
                            ,data_location: ::core::convert::TryInto::try_into(value.data_location()?)?,device_kind: ::core::convert::TryInto::try_into(value.device_kind()?)?,device_ordinal: ::core::convert::TryInto::try_into(value.device_ordinal()?)?,
        })
    }
}

impl<'a> ::planus::TableRead<'a> for TensorExtrasRef<'a> {
    #[inline]
    fn from_buffer(buffer: ::planus::SliceWithStartOffset<'a>, offset: usize) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
        ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(buffer, offset)?))
    }
}

impl<'a> ::planus::VectorReadInner<'a> for TensorExtrasRef<'a> {
    type Error = ::planus::Error;
    const STRIDE: usize = 4;

    unsafe fn from_buffer(buffer: ::planus::SliceWithStartOffset<'a>, offset: usize) -> ::planus::Result<Self> {
        ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| error_kind.with_error_location(
            "[TensorExtrasRef]",
            "get",
            buffer.offset_from_start,
        ))
    }
}

/// # Safety
/// The planus compiler generates implementations that initialize
/// the bytes in `write_values`.
unsafe impl ::planus::VectorWrite<::planus::Offset<TensorExtras>> for TensorExtras {
    type Value = ::planus::Offset<TensorExtras>;
    const STRIDE: usize = 4;
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
        ::planus::WriteAs::prepare(self, builder)
    }

    #[inline]
    unsafe fn write_values(
        values: &[::planus::Offset<TensorExtras>],
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

impl<'a> ::planus::ReadAsRoot<'a> for TensorExtrasRef<'a> {
    fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
        ::planus::TableRead::from_buffer(::planus::SliceWithStartOffset {
            buffer: slice,
            offset_from_start: 0,
        }, 0).map_err(|error_kind| error_kind.with_error_location(
            "[TensorExtrasRef]",
            "read_as_root",
            0,
        ))
    }
}

    
/// The table `TensorValue` in the namespace `pte`
/// 
/// Generated from these locations:
/// * Table `TensorValue` in the file `fbs/pte.fbs:42`
#[derive(Clone, Debug, PartialEq, PartialOrd,
Eq, Ord, Hash,
::serde::Serialize, ::serde::Deserialize
)]
pub struct TensorValue{
    
        /// The field `element_type` in the table `TensorValue`
        pub element_type: i8,
        /// The field `storage_offset` in the table `TensorValue`
        pub storage_offset: i32,
        /// The field `sizes` in the table `TensorValue`
        pub sizes: ::core::option::Option<::planus::alloc::vec::Vec<i32>>,
        /// The field `dim_order` in the table `TensorValue`
        pub dim_order: ::core::option::Option<::planus::alloc::vec::Vec<u8>>,
        /// The field `requires_grad` in the table `TensorValue`
        pub requires_grad: bool,
        /// The field `data_index` in the table `TensorValue`
        pub data_index: u32,
        /// The field `placement` in the table `TensorValue`
        pub placement: ::core::option::Option<::planus::alloc::boxed::Box<self::Placement>>,
        /// The field `layout` in the table `TensorValue`
        pub layout: i8,
        /// The field `dynamism` in the table `TensorValue`
        pub dynamism: i8,
        /// The field `extras` in the table `TensorValue`
        pub extras: ::core::option::Option<::planus::alloc::boxed::Box<self::TensorExtras>>,}


#[allow(clippy::derivable_impls)]
impl ::core::default::Default for TensorValue {
    fn default() -> Self {
        Self {
        element_type: 0,
        storage_offset: 0,
        sizes: ::core::default::Default::default(),
        dim_order: ::core::default::Default::default(),
        requires_grad: false,
        data_index: 0,
        placement: ::core::default::Default::default(),
        layout: 0,
        dynamism: 0,
        extras: ::core::default::Default::default(),
        
        }
    }
}


impl TensorValue {
    /// Creates a [TensorValueBuilder] for serializing an instance of this table.
    #[inline]
    pub fn builder() -> TensorValueBuilder<()> {
        TensorValueBuilder(())
    }

    #[allow(clippy::too_many_arguments)]
    pub fn create(
        builder: &mut ::planus::Builder,
        field_element_type: impl ::planus::WriteAsDefault<i8, i8>,
        field_storage_offset: impl ::planus::WriteAsDefault<i32, i32>,
        field_sizes: impl ::planus::WriteAsOptional<::planus::Offset<[i32]>>,
        field_dim_order: impl ::planus::WriteAsOptional<::planus::Offset<[u8]>>,
        field_requires_grad: impl ::planus::WriteAsDefault<bool, bool>,
        field_data_index: impl ::planus::WriteAsDefault<u32, u32>,
        field_placement: impl ::planus::WriteAsOptional<::planus::Offset<self::Placement>>,
        field_layout: impl ::planus::WriteAsDefault<i8, i8>,
        field_dynamism: impl ::planus::WriteAsDefault<i8, i8>,
        field_extras: impl ::planus::WriteAsOptional<::planus::Offset<self::TensorExtras>>,
        
    ) -> ::planus::Offset<Self> {let prepared_element_type = field_element_type.prepare(builder, &0);let prepared_storage_offset = field_storage_offset.prepare(builder, &0);let prepared_sizes = field_sizes.prepare(builder);let prepared_dim_order = field_dim_order.prepare(builder);let prepared_requires_grad = field_requires_grad.prepare(builder, &false);let prepared_data_index = field_data_index.prepare(builder, &0);let prepared_placement = field_placement.prepare(builder);let prepared_layout = field_layout.prepare(builder, &0);let prepared_dynamism = field_dynamism.prepare(builder, &0);let prepared_extras = field_extras.prepare(builder);

        let mut table_writer: ::planus::table_writer::TableWriter::<24> = ::core::default::Default::default();
        if prepared_storage_offset.is_some() {table_writer.write_entry::<i32>(1);}if prepared_sizes.is_some() {table_writer.write_entry::<::planus::Offset<[i32]>>(2);}if prepared_dim_order.is_some() {table_writer.write_entry::<::planus::Offset<[u8]>>(3);}if prepared_data_index.is_some() {table_writer.write_entry::<u32>(5);}if prepared_placement.is_some() {table_writer.write_entry::<::planus::Offset<self::Placement>>(6);}if prepared_extras.is_some() {table_writer.write_entry::<::planus::Offset<self::TensorExtras>>(9);}if prepared_element_type.is_some() {table_writer.write_entry::<i8>(0);}if prepared_requires_grad.is_some() {table_writer.write_entry::<bool>(4);}if prepared_layout.is_some() {table_writer.write_entry::<i8>(7);}if prepared_dynamism.is_some() {table_writer.write_entry::<i8>(8);}

        unsafe {
            table_writer.finish(builder, |object_writer| {if let ::core::option::Option::Some(prepared_storage_offset) = prepared_storage_offset {object_writer.write::<_, _, 4>(&prepared_storage_offset);}if let ::core::option::Option::Some(prepared_sizes) = prepared_sizes {object_writer.write::<_, _, 4>(&prepared_sizes);}if let ::core::option::Option::Some(prepared_dim_order) = prepared_dim_order {object_writer.write::<_, _, 4>(&prepared_dim_order);}if let ::core::option::Option::Some(prepared_data_index) = prepared_data_index {object_writer.write::<_, _, 4>(&prepared_data_index);}if let ::core::option::Option::Some(prepared_placement) = prepared_placement {object_writer.write::<_, _, 4>(&prepared_placement);}if let ::core::option::Option::Some(prepared_extras) = prepared_extras {object_writer.write::<_, _, 4>(&prepared_extras);}if let ::core::option::Option::Some(prepared_element_type) = prepared_element_type {object_writer.write::<_, _, 1>(&prepared_element_type);}if let ::core::option::Option::Some(prepared_requires_grad) = prepared_requires_grad {object_writer.write::<_, _, 1>(&prepared_requires_grad);}if let ::core::option::Option::Some(prepared_layout) = prepared_layout {object_writer.write::<_, _, 1>(&prepared_layout);}if let ::core::option::Option::Some(prepared_dynamism) = prepared_dynamism {object_writer.write::<_, _, 1>(&prepared_dynamism);}
                
            });
        }builder.current_offset()
    }
}

impl ::planus::WriteAs<::planus::Offset<TensorValue>> for TensorValue {
    type Prepared = ::planus::Offset<Self>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<TensorValue> {
        ::planus::WriteAsOffset::prepare(self, builder)
    }
}

impl ::planus::WriteAsOptional<::planus::Offset<TensorValue>> for TensorValue {
    type Prepared = ::planus::Offset<Self>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::core::option::Option<::planus::Offset<TensorValue>> {
        ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
    }
}

impl ::planus::WriteAsOffset<TensorValue> for TensorValue {
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<TensorValue> {
        TensorValue::create(
            builder,
        
            
            self.element_type,
            
        
            
            self.storage_offset,
            
        
            
            &self.sizes,
            
        
            
            &self.dim_order,
            
        
            
            self.requires_grad,
            
        
            
            self.data_index,
            
        
            
            &self.placement,
            
        
            
            self.layout,
            
        
            
            self.dynamism,
            
        
            
            &self.extras,
            
        
        )
    }
}

/// Builder for serializing an instance of the [TensorValue] type.
///
/// Can be created using the [TensorValue::builder] method.
#[derive(Debug)]
#[must_use]
pub struct TensorValueBuilder<State>(State);

impl<
    
> TensorValueBuilder
<
    (
    
    )
>
{
    /// Setter for the [`element_type` field](TensorValue#structfield.element_type).
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn element_type<T0>(self, value: T0) -> TensorValueBuilder<(
    
        T0,
    
    )>
    where T0: ::planus::WriteAsDefault<i8, i8>
    {
        TensorValueBuilder((
            
            value,
        ))
    }

    
    /// Sets the [`element_type` field](TensorValue#structfield.element_type) to the default value.
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn element_type_as_default(self) -> TensorValueBuilder<(
        
        ::planus::DefaultValue,
    )>
    {
        self.element_type(::planus::DefaultValue)
    }
    

    
}

impl<
    
        T0,
    
> TensorValueBuilder
<
    (
    
        T0,
    
    )
>
{
    /// Setter for the [`storage_offset` field](TensorValue#structfield.storage_offset).
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn storage_offset<T1>(self, value: T1) -> TensorValueBuilder<(
    
        T0,
    
        T1,
    
    )>
    where T1: ::planus::WriteAsDefault<i32, i32>
    {
        
        let (
            
                v0,
            
        ) = self.0;TensorValueBuilder((
            
                v0,
            
            value,
        ))
    }

    
    /// Sets the [`storage_offset` field](TensorValue#structfield.storage_offset) to the default value.
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn storage_offset_as_default(self) -> TensorValueBuilder<(
        
            T0,
        
        ::planus::DefaultValue,
    )>
    {
        self.storage_offset(::planus::DefaultValue)
    }
    

    
}

impl<
    
        T0,
    
        T1,
    
> TensorValueBuilder
<
    (
    
        T0,
    
        T1,
    
    )
>
{
    /// Setter for the [`sizes` field](TensorValue#structfield.sizes).
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn sizes<T2>(self, value: T2) -> TensorValueBuilder<(
    
        T0,
    
        T1,
    
        T2,
    
    )>
    where T2: ::planus::WriteAsOptional<::planus::Offset<[i32]>>
    {
        
        let (
            
                v0,
            
                v1,
            
        ) = self.0;TensorValueBuilder((
            
                v0,
            
                v1,
            
            value,
        ))
    }

    

    
    /// Sets the [`sizes` field](TensorValue#structfield.sizes) to null.
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn sizes_as_null(self) -> TensorValueBuilder<(
        
            T0,
        
            T1,
        
        (),
    )>
    {
        self.sizes(())
    }
    
}

impl<
    
        T0,
    
        T1,
    
        T2,
    
> TensorValueBuilder
<
    (
    
        T0,
    
        T1,
    
        T2,
    
    )
>
{
    /// Setter for the [`dim_order` field](TensorValue#structfield.dim_order).
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn dim_order<T3>(self, value: T3) -> TensorValueBuilder<(
    
        T0,
    
        T1,
    
        T2,
    
        T3,
    
    )>
    where T3: ::planus::WriteAsOptional<::planus::Offset<[u8]>>
    {
        
        let (
            
                v0,
            
                v1,
            
                v2,
            
        ) = self.0;TensorValueBuilder((
            
                v0,
            
                v1,
            
                v2,
            
            value,
        ))
    }

    

    
    /// Sets the [`dim_order` field](TensorValue#structfield.dim_order) to null.
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn dim_order_as_null(self) -> TensorValueBuilder<(
        
            T0,
        
            T1,
        
            T2,
        
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
    
        T3,
    
> TensorValueBuilder
<
    (
    
        T0,
    
        T1,
    
        T2,
    
        T3,
    
    )
>
{
    /// Setter for the [`requires_grad` field](TensorValue#structfield.requires_grad).
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn requires_grad<T4>(self, value: T4) -> TensorValueBuilder<(
    
        T0,
    
        T1,
    
        T2,
    
        T3,
    
        T4,
    
    )>
    where T4: ::planus::WriteAsDefault<bool, bool>
    {
        
        let (
            
                v0,
            
                v1,
            
                v2,
            
                v3,
            
        ) = self.0;TensorValueBuilder((
            
                v0,
            
                v1,
            
                v2,
            
                v3,
            
            value,
        ))
    }

    
    /// Sets the [`requires_grad` field](TensorValue#structfield.requires_grad) to the default value.
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn requires_grad_as_default(self) -> TensorValueBuilder<(
        
            T0,
        
            T1,
        
            T2,
        
            T3,
        
        ::planus::DefaultValue,
    )>
    {
        self.requires_grad(::planus::DefaultValue)
    }
    

    
}

impl<
    
        T0,
    
        T1,
    
        T2,
    
        T3,
    
        T4,
    
> TensorValueBuilder
<
    (
    
        T0,
    
        T1,
    
        T2,
    
        T3,
    
        T4,
    
    )
>
{
    /// Setter for the [`data_index` field](TensorValue#structfield.data_index).
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn data_index<T5>(self, value: T5) -> TensorValueBuilder<(
    
        T0,
    
        T1,
    
        T2,
    
        T3,
    
        T4,
    
        T5,
    
    )>
    where T5: ::planus::WriteAsDefault<u32, u32>
    {
        
        let (
            
                v0,
            
                v1,
            
                v2,
            
                v3,
            
                v4,
            
        ) = self.0;TensorValueBuilder((
            
                v0,
            
                v1,
            
                v2,
            
                v3,
            
                v4,
            
            value,
        ))
    }

    
    /// Sets the [`data_index` field](TensorValue#structfield.data_index) to the default value.
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn data_index_as_default(self) -> TensorValueBuilder<(
        
            T0,
        
            T1,
        
            T2,
        
            T3,
        
            T4,
        
        ::planus::DefaultValue,
    )>
    {
        self.data_index(::planus::DefaultValue)
    }
    

    
}

impl<
    
        T0,
    
        T1,
    
        T2,
    
        T3,
    
        T4,
    
        T5,
    
> TensorValueBuilder
<
    (
    
        T0,
    
        T1,
    
        T2,
    
        T3,
    
        T4,
    
        T5,
    
    )
>
{
    /// Setter for the [`placement` field](TensorValue#structfield.placement).
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn placement<T6>(self, value: T6) -> TensorValueBuilder<(
    
        T0,
    
        T1,
    
        T2,
    
        T3,
    
        T4,
    
        T5,
    
        T6,
    
    )>
    where T6: ::planus::WriteAsOptional<::planus::Offset<self::Placement>>
    {
        
        let (
            
                v0,
            
                v1,
            
                v2,
            
                v3,
            
                v4,
            
                v5,
            
        ) = self.0;TensorValueBuilder((
            
                v0,
            
                v1,
            
                v2,
            
                v3,
            
                v4,
            
                v5,
            
            value,
        ))
    }

    

    
    /// Sets the [`placement` field](TensorValue#structfield.placement) to null.
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn placement_as_null(self) -> TensorValueBuilder<(
        
            T0,
        
            T1,
        
            T2,
        
            T3,
        
            T4,
        
            T5,
        
        (),
    )>
    {
        self.placement(())
    }
    
}

impl<
    
        T0,
    
        T1,
    
        T2,
    
        T3,
    
        T4,
    
        T5,
    
        T6,
    
> TensorValueBuilder
<
    (
    
        T0,
    
        T1,
    
        T2,
    
        T3,
    
        T4,
    
        T5,
    
        T6,
    
    )
>
{
    /// Setter for the [`layout` field](TensorValue#structfield.layout).
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn layout<T7>(self, value: T7) -> TensorValueBuilder<(
    
        T0,
    
        T1,
    
        T2,
    
        T3,
    
        T4,
    
        T5,
    
        T6,
    
        T7,
    
    )>
    where T7: ::planus::WriteAsDefault<i8, i8>
    {
        
        let (
            
                v0,
            
                v1,
            
                v2,
            
                v3,
            
                v4,
            
                v5,
            
                v6,
            
        ) = self.0;TensorValueBuilder((
            
                v0,
            
                v1,
            
                v2,
            
                v3,
            
                v4,
            
                v5,
            
                v6,
            
            value,
        ))
    }

    
    /// Sets the [`layout` field](TensorValue#structfield.layout) to the default value.
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn layout_as_default(self) -> TensorValueBuilder<(
        
            T0,
        
            T1,
        
            T2,
        
            T3,
        
            T4,
        
            T5,
        
            T6,
        
        ::planus::DefaultValue,
    )>
    {
        self.layout(::planus::DefaultValue)
    }
    

    
}

impl<
    
        T0,
    
        T1,
    
        T2,
    
        T3,
    
        T4,
    
        T5,
    
        T6,
    
        T7,
    
> TensorValueBuilder
<
    (
    
        T0,
    
        T1,
    
        T2,
    
        T3,
    
        T4,
    
        T5,
    
        T6,
    
        T7,
    
    )
>
{
    /// Setter for the [`dynamism` field](TensorValue#structfield.dynamism).
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn dynamism<T8>(self, value: T8) -> TensorValueBuilder<(
    
        T0,
    
        T1,
    
        T2,
    
        T3,
    
        T4,
    
        T5,
    
        T6,
    
        T7,
    
        T8,
    
    )>
    where T8: ::planus::WriteAsDefault<i8, i8>
    {
        
        let (
            
                v0,
            
                v1,
            
                v2,
            
                v3,
            
                v4,
            
                v5,
            
                v6,
            
                v7,
            
        ) = self.0;TensorValueBuilder((
            
                v0,
            
                v1,
            
                v2,
            
                v3,
            
                v4,
            
                v5,
            
                v6,
            
                v7,
            
            value,
        ))
    }

    
    /// Sets the [`dynamism` field](TensorValue#structfield.dynamism) to the default value.
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn dynamism_as_default(self) -> TensorValueBuilder<(
        
            T0,
        
            T1,
        
            T2,
        
            T3,
        
            T4,
        
            T5,
        
            T6,
        
            T7,
        
        ::planus::DefaultValue,
    )>
    {
        self.dynamism(::planus::DefaultValue)
    }
    

    
}

impl<
    
        T0,
    
        T1,
    
        T2,
    
        T3,
    
        T4,
    
        T5,
    
        T6,
    
        T7,
    
        T8,
    
> TensorValueBuilder
<
    (
    
        T0,
    
        T1,
    
        T2,
    
        T3,
    
        T4,
    
        T5,
    
        T6,
    
        T7,
    
        T8,
    
    )
>
{
    /// Setter for the [`extras` field](TensorValue#structfield.extras).
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn extras<T9>(self, value: T9) -> TensorValueBuilder<(
    
        T0,
    
        T1,
    
        T2,
    
        T3,
    
        T4,
    
        T5,
    
        T6,
    
        T7,
    
        T8,
    
        T9,
    
    )>
    where T9: ::planus::WriteAsOptional<::planus::Offset<self::TensorExtras>>
    {
        
        let (
            
                v0,
            
                v1,
            
                v2,
            
                v3,
            
                v4,
            
                v5,
            
                v6,
            
                v7,
            
                v8,
            
        ) = self.0;TensorValueBuilder((
            
                v0,
            
                v1,
            
                v2,
            
                v3,
            
                v4,
            
                v5,
            
                v6,
            
                v7,
            
                v8,
            
            value,
        ))
    }

    

    
    /// Sets the [`extras` field](TensorValue#structfield.extras) to null.
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn extras_as_null(self) -> TensorValueBuilder<(
        
            T0,
        
            T1,
        
            T2,
        
            T3,
        
            T4,
        
            T5,
        
            T6,
        
            T7,
        
            T8,
        
        (),
    )>
    {
        self.extras(())
    }
    
}



impl<
    
        T0,
    
        T1,
    
        T2,
    
        T3,
    
        T4,
    
        T5,
    
        T6,
    
        T7,
    
        T8,
    
        T9,
    
> TensorValueBuilder<(
    
        T0,
    
        T1,
    
        T2,
    
        T3,
    
        T4,
    
        T5,
    
        T6,
    
        T7,
    
        T8,
    
        T9,
    
)> {
    /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [TensorValue].
    #[inline]
    pub fn finish(self, builder: &mut ::planus::Builder) -> ::planus::Offset<TensorValue>
        where Self: ::planus::WriteAsOffset<TensorValue>
    {
        ::planus::WriteAsOffset::prepare(&self, builder)
    }
}

impl<
    
        T0: ::planus::WriteAsDefault<i8, i8>,
    
        T1: ::planus::WriteAsDefault<i32, i32>,
    
        T2: ::planus::WriteAsOptional<::planus::Offset<[i32]>>,
    
        T3: ::planus::WriteAsOptional<::planus::Offset<[u8]>>,
    
        T4: ::planus::WriteAsDefault<bool, bool>,
    
        T5: ::planus::WriteAsDefault<u32, u32>,
    
        T6: ::planus::WriteAsOptional<::planus::Offset<self::Placement>>,
    
        T7: ::planus::WriteAsDefault<i8, i8>,
    
        T8: ::planus::WriteAsDefault<i8, i8>,
    
        T9: ::planus::WriteAsOptional<::planus::Offset<self::TensorExtras>>,
    
> ::planus::WriteAs<::planus::Offset<TensorValue>> for TensorValueBuilder<(
    
        T0,
    
        T1,
    
        T2,
    
        T3,
    
        T4,
    
        T5,
    
        T6,
    
        T7,
    
        T8,
    
        T9,
    
)> {
    type Prepared = ::planus::Offset<TensorValue>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<TensorValue> {
        ::planus::WriteAsOffset::prepare(self, builder)
    }
}

impl<
    
        T0: ::planus::WriteAsDefault<i8, i8>,
    
        T1: ::planus::WriteAsDefault<i32, i32>,
    
        T2: ::planus::WriteAsOptional<::planus::Offset<[i32]>>,
    
        T3: ::planus::WriteAsOptional<::planus::Offset<[u8]>>,
    
        T4: ::planus::WriteAsDefault<bool, bool>,
    
        T5: ::planus::WriteAsDefault<u32, u32>,
    
        T6: ::planus::WriteAsOptional<::planus::Offset<self::Placement>>,
    
        T7: ::planus::WriteAsDefault<i8, i8>,
    
        T8: ::planus::WriteAsDefault<i8, i8>,
    
        T9: ::planus::WriteAsOptional<::planus::Offset<self::TensorExtras>>,
    
> ::planus::WriteAsOptional<::planus::Offset<TensorValue>> for TensorValueBuilder<(
    
        T0,
    
        T1,
    
        T2,
    
        T3,
    
        T4,
    
        T5,
    
        T6,
    
        T7,
    
        T8,
    
        T9,
    
)> {
    type Prepared = ::planus::Offset<TensorValue>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::core::option::Option<::planus::Offset<TensorValue>> {
        ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
    }
}

impl<
    
        T0: ::planus::WriteAsDefault<i8, i8>,
    
        T1: ::planus::WriteAsDefault<i32, i32>,
    
        T2: ::planus::WriteAsOptional<::planus::Offset<[i32]>>,
    
        T3: ::planus::WriteAsOptional<::planus::Offset<[u8]>>,
    
        T4: ::planus::WriteAsDefault<bool, bool>,
    
        T5: ::planus::WriteAsDefault<u32, u32>,
    
        T6: ::planus::WriteAsOptional<::planus::Offset<self::Placement>>,
    
        T7: ::planus::WriteAsDefault<i8, i8>,
    
        T8: ::planus::WriteAsDefault<i8, i8>,
    
        T9: ::planus::WriteAsOptional<::planus::Offset<self::TensorExtras>>,
    
> ::planus::WriteAsOffset<TensorValue> for TensorValueBuilder<(
    
        T0,
    
        T1,
    
        T2,
    
        T3,
    
        T4,
    
        T5,
    
        T6,
    
        T7,
    
        T8,
    
        T9,
    
)> {
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<TensorValue> {
        
        let (
            
                v0,
            
                v1,
            
                v2,
            
                v3,
            
                v4,
            
                v5,
            
                v6,
            
                v7,
            
                v8,
            
                v9,
            
        ) = &self.0;TensorValue::create(
            builder,
            
                v0,
            
                v1,
            
                v2,
            
                v3,
            
                v4,
            
                v5,
            
                v6,
            
                v7,
            
                v8,
            
                v9,
            
        )
    }
}

/// Reference to a deserialized [TensorValue].
#[derive(Copy, Clone)]
pub struct TensorValueRef<'a>(
    #[allow(dead_code)]
    ::planus::table_reader::Table<'a>
);

impl<'a> TensorValueRef<'a> {
    
        /// Getter for the [`element_type` field](TensorValue#structfield.element_type).
        #[inline]
        pub fn element_type(&self) -> ::planus::Result<i8> {
             ::core::result::Result::Ok( 
            
              
              self.0.access(0, "TensorValue", "element_type")
              
            
            ?.unwrap_or(0))
            
        }
    
        /// Getter for the [`storage_offset` field](TensorValue#structfield.storage_offset).
        #[inline]
        pub fn storage_offset(&self) -> ::planus::Result<i32> {
             ::core::result::Result::Ok( 
            
              
              self.0.access(1, "TensorValue", "storage_offset")
              
            
            ?.unwrap_or(0))
            
        }
    
        /// Getter for the [`sizes` field](TensorValue#structfield.sizes).
        #[inline]
        pub fn sizes(&self) -> ::planus::Result<::core::option::Option<::planus::Vector<'a, i32>>> {
            
            
              
              self.0.access(2, "TensorValue", "sizes")
              
            
            
            
        }
    
        /// Getter for the [`dim_order` field](TensorValue#structfield.dim_order).
        #[inline]
        pub fn dim_order(&self) -> ::planus::Result<::core::option::Option<&'a [u8]>> {
            
            
              
              self.0.access(3, "TensorValue", "dim_order")
              
            
            
            
        }
    
        /// Getter for the [`requires_grad` field](TensorValue#structfield.requires_grad).
        #[inline]
        pub fn requires_grad(&self) -> ::planus::Result<bool> {
             ::core::result::Result::Ok( 
            
              
              self.0.access(4, "TensorValue", "requires_grad")
              
            
            ?.unwrap_or(false))
            
        }
    
        /// Getter for the [`data_index` field](TensorValue#structfield.data_index).
        #[inline]
        pub fn data_index(&self) -> ::planus::Result<u32> {
             ::core::result::Result::Ok( 
            
              
              self.0.access(5, "TensorValue", "data_index")
              
            
            ?.unwrap_or(0))
            
        }
    
        /// Getter for the [`placement` field](TensorValue#structfield.placement).
        #[inline]
        pub fn placement(&self) -> ::planus::Result<::core::option::Option<self::PlacementRef<'a>>> {
            
            
              
              self.0.access(6, "TensorValue", "placement")
              
            
            
            
        }
    
        /// Getter for the [`layout` field](TensorValue#structfield.layout).
        #[inline]
        pub fn layout(&self) -> ::planus::Result<i8> {
             ::core::result::Result::Ok( 
            
              
              self.0.access(7, "TensorValue", "layout")
              
            
            ?.unwrap_or(0))
            
        }
    
        /// Getter for the [`dynamism` field](TensorValue#structfield.dynamism).
        #[inline]
        pub fn dynamism(&self) -> ::planus::Result<i8> {
             ::core::result::Result::Ok( 
            
              
              self.0.access(8, "TensorValue", "dynamism")
              
            
            ?.unwrap_or(0))
            
        }
    
        /// Getter for the [`extras` field](TensorValue#structfield.extras).
        #[inline]
        pub fn extras(&self) -> ::planus::Result<::core::option::Option<self::TensorExtrasRef<'a>>> {
            
            
              
              self.0.access(9, "TensorValue", "extras")
              
            
            
            
        }
    
}

impl<'a> ::core::fmt::Debug for TensorValueRef<'a> {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        let mut f = f.debug_struct("TensorValueRef");
        f.field("element_type", &self.element_type());f.field("storage_offset", &self.storage_offset());if let ::core::option::Option::Some(field_sizes) = self.sizes().transpose() {
                f.field("sizes", &field_sizes);
            }if let ::core::option::Option::Some(field_dim_order) = self.dim_order().transpose() {
                f.field("dim_order", &field_dim_order);
            }f.field("requires_grad", &self.requires_grad());f.field("data_index", &self.data_index());if let ::core::option::Option::Some(field_placement) = self.placement().transpose() {
                f.field("placement", &field_placement);
            }f.field("layout", &self.layout());f.field("dynamism", &self.dynamism());if let ::core::option::Option::Some(field_extras) = self.extras().transpose() {
                f.field("extras", &field_extras);
            }
        f.finish()
    }
}

impl<'a> ::core::convert::TryFrom<TensorValueRef<'a>> for TensorValue {
    type Error = ::planus::Error;


    #[allow(unreachable_code)]
    fn try_from(value: TensorValueRef<'a>) -> ::planus::Result<Self> {

        ::core::result::Result::Ok(Self {
            element_type: ::core::convert::TryInto::try_into(value.element_type()?)?,storage_offset: ::core::convert::TryInto::try_into(value.storage_offset()?)?,sizes: 
                            if let ::core::option::Option::Some(sizes) = value.sizes()? {
                                ::core::option::Option::Some(sizes.to_vec()?)
                            } else {
                                ::core::option::Option::None
                            }
                        ,dim_order: value.dim_order()?.map(|v| v.to_vec()),requires_grad: ::core::convert::TryInto::try_into(value.requires_grad()?)?,data_index: ::core::convert::TryInto::try_into(value.data_index()?)?,placement: 
                                if let ::core::option::Option::Some(placement) = value.placement()? {
                                    ::core::option::Option::Some(::planus::alloc::boxed::Box::new(::core::convert::TryInto::try_into(placement)?))
                                } else {
                                    ::core::option::Option::None
                                }
                            ,layout: ::core::convert::TryInto::try_into(value.layout()?)?,dynamism: ::core::convert::TryInto::try_into(value.dynamism()?)?,extras: 
                                if let ::core::option::Option::Some(extras) = value.extras()? {
                                    ::core::option::Option::Some(::planus::alloc::boxed::Box::new(::core::convert::TryInto::try_into(extras)?))
                                } else {
                                    ::core::option::Option::None
                                }
                            ,
        })
    }
}

impl<'a> ::planus::TableRead<'a> for TensorValueRef<'a> {
    #[inline]
    fn from_buffer(buffer: ::planus::SliceWithStartOffset<'a>, offset: usize) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
        ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(buffer, offset)?))
    }
}

impl<'a> ::planus::VectorReadInner<'a> for TensorValueRef<'a> {
    type Error = ::planus::Error;
    const STRIDE: usize = 4;

    unsafe fn from_buffer(buffer: ::planus::SliceWithStartOffset<'a>, offset: usize) -> ::planus::Result<Self> {
        ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| error_kind.with_error_location(
            "[TensorValueRef]",
            "get",
            buffer.offset_from_start,
        ))
    }
}

/// # Safety
/// The planus compiler generates implementations that initialize
/// the bytes in `write_values`.
unsafe impl ::planus::VectorWrite<::planus::Offset<TensorValue>> for TensorValue {
    type Value = ::planus::Offset<TensorValue>;
    const STRIDE: usize = 4;
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
        ::planus::WriteAs::prepare(self, builder)
    }

    #[inline]
    unsafe fn write_values(
        values: &[::planus::Offset<TensorValue>],
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

impl<'a> ::planus::ReadAsRoot<'a> for TensorValueRef<'a> {
    fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
        ::planus::TableRead::from_buffer(::planus::SliceWithStartOffset {
            buffer: slice,
            offset_from_start: 0,
        }, 0).map_err(|error_kind| error_kind.with_error_location(
            "[TensorValueRef]",
            "read_as_root",
            0,
        ))
    }
}

    
/// The union `Value` in the namespace `pte`
/// 
/// Generated from these locations:
/// * Union `Value` in the file `fbs/pte.fbs:55`
#[derive(Clone, Debug, PartialEq, PartialOrd,

::serde::Serialize, ::serde::Deserialize)]
pub enum Value{
    
        /// The variant of type `NullValue` in the union `Value`
        NullValue(::planus::alloc::boxed::Box<self::NullValue>),
    
        /// The variant of type `IntValue` in the union `Value`
        IntValue(::planus::alloc::boxed::Box<self::IntValue>),
    
        /// The variant of type `BoolValue` in the union `Value`
        BoolValue(::planus::alloc::boxed::Box<self::BoolValue>),
    
        /// The variant of type `DoubleValue` in the union `Value`
        DoubleValue(::planus::alloc::boxed::Box<self::DoubleValue>),
    
        /// The variant of type `TensorValue` in the union `Value`
        TensorValue(::planus::alloc::boxed::Box<self::TensorValue>),
    
        /// The variant of type `StringValue` in the union `Value`
        StringValue(::planus::alloc::boxed::Box<self::StringValue>),
    
        /// The variant of type `IntListValue` in the union `Value`
        IntListValue(::planus::alloc::boxed::Box<self::IntListValue>),
    
        /// The variant of type `DoubleListValue` in the union `Value`
        DoubleListValue(::planus::alloc::boxed::Box<self::DoubleListValue>),
    
        /// The variant of type `BoolListValue` in the union `Value`
        BoolListValue(::planus::alloc::boxed::Box<self::BoolListValue>),
    
        /// The variant of type `TensorListValue` in the union `Value`
        TensorListValue(::planus::alloc::boxed::Box<self::TensorListValue>),
    
        /// The variant of type `OptionalTensorListValue` in the union `Value`
        OptionalTensorListValue(::planus::alloc::boxed::Box<self::OptionalTensorListValue>),
    
}


impl Value {
    /// Creates a [ValueBuilder] for serializing an instance of this table.
    #[inline]
    pub fn builder() -> ValueBuilder<::planus::Uninitialized> {
        ValueBuilder(::planus::Uninitialized)
    }

    #[inline]
    pub fn create_null_value(
      builder: &mut ::planus::Builder,
      value: impl ::planus::WriteAsOffset<self::NullValue>,
    ) -> ::planus::UnionOffset<Self> {
        ::planus::UnionOffset::new(1, value.prepare(builder).downcast())
    }

    #[inline]
    pub fn create_int_value(
      builder: &mut ::planus::Builder,
      value: impl ::planus::WriteAsOffset<self::IntValue>,
    ) -> ::planus::UnionOffset<Self> {
        ::planus::UnionOffset::new(2, value.prepare(builder).downcast())
    }

    #[inline]
    pub fn create_bool_value(
      builder: &mut ::planus::Builder,
      value: impl ::planus::WriteAsOffset<self::BoolValue>,
    ) -> ::planus::UnionOffset<Self> {
        ::planus::UnionOffset::new(3, value.prepare(builder).downcast())
    }

    #[inline]
    pub fn create_double_value(
      builder: &mut ::planus::Builder,
      value: impl ::planus::WriteAsOffset<self::DoubleValue>,
    ) -> ::planus::UnionOffset<Self> {
        ::planus::UnionOffset::new(4, value.prepare(builder).downcast())
    }

    #[inline]
    pub fn create_tensor_value(
      builder: &mut ::planus::Builder,
      value: impl ::planus::WriteAsOffset<self::TensorValue>,
    ) -> ::planus::UnionOffset<Self> {
        ::planus::UnionOffset::new(5, value.prepare(builder).downcast())
    }

    #[inline]
    pub fn create_string_value(
      builder: &mut ::planus::Builder,
      value: impl ::planus::WriteAsOffset<self::StringValue>,
    ) -> ::planus::UnionOffset<Self> {
        ::planus::UnionOffset::new(6, value.prepare(builder).downcast())
    }

    #[inline]
    pub fn create_int_list_value(
      builder: &mut ::planus::Builder,
      value: impl ::planus::WriteAsOffset<self::IntListValue>,
    ) -> ::planus::UnionOffset<Self> {
        ::planus::UnionOffset::new(7, value.prepare(builder).downcast())
    }

    #[inline]
    pub fn create_double_list_value(
      builder: &mut ::planus::Builder,
      value: impl ::planus::WriteAsOffset<self::DoubleListValue>,
    ) -> ::planus::UnionOffset<Self> {
        ::planus::UnionOffset::new(8, value.prepare(builder).downcast())
    }

    #[inline]
    pub fn create_bool_list_value(
      builder: &mut ::planus::Builder,
      value: impl ::planus::WriteAsOffset<self::BoolListValue>,
    ) -> ::planus::UnionOffset<Self> {
        ::planus::UnionOffset::new(9, value.prepare(builder).downcast())
    }

    #[inline]
    pub fn create_tensor_list_value(
      builder: &mut ::planus::Builder,
      value: impl ::planus::WriteAsOffset<self::TensorListValue>,
    ) -> ::planus::UnionOffset<Self> {
        ::planus::UnionOffset::new(10, value.prepare(builder).downcast())
    }

    #[inline]
    pub fn create_optional_tensor_list_value(
      builder: &mut ::planus::Builder,
      value: impl ::planus::WriteAsOffset<self::OptionalTensorListValue>,
    ) -> ::planus::UnionOffset<Self> {
        ::planus::UnionOffset::new(11, value.prepare(builder).downcast())
    }

    
}



impl ::planus::WriteAsUnion<Value> for Value {
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::UnionOffset<Self> {
        match self {
            Self::NullValue(value) => Self::create_null_value(builder, value),
            Self::IntValue(value) => Self::create_int_value(builder, value),
            Self::BoolValue(value) => Self::create_bool_value(builder, value),
            Self::DoubleValue(value) => Self::create_double_value(builder, value),
            Self::TensorValue(value) => Self::create_tensor_value(builder, value),
            Self::StringValue(value) => Self::create_string_value(builder, value),
            Self::IntListValue(value) => Self::create_int_list_value(builder, value),
            Self::DoubleListValue(value) => Self::create_double_list_value(builder, value),
            Self::BoolListValue(value) => Self::create_bool_list_value(builder, value),
            Self::TensorListValue(value) => Self::create_tensor_list_value(builder, value),
            Self::OptionalTensorListValue(value) => Self::create_optional_tensor_list_value(builder, value),
            
        }
    }
}


impl ::planus::WriteAsOptionalUnion<Value> for Value {
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::core::option::Option<::planus::UnionOffset<Self>> {
        ::core::option::Option::Some(::planus::WriteAsUnion::prepare(self, builder))
    }
}

/// Builder for serializing an instance of the [Value] type.
///
/// Can be created using the [Value::builder] method.
#[derive(Debug)]
#[must_use]
pub struct ValueBuilder<T>(T);

impl ValueBuilder<::planus::Uninitialized> {
    /// Creates an instance of the [`NullValue` variant](Value#variant.NullValue).
    #[inline]
    pub fn null_value<T>(
        self,
        value: T,
    ) -> ValueBuilder<::planus::Initialized<1, T>>
        where T: ::planus::WriteAsOffset<self::NullValue> {
        ValueBuilder(::planus::Initialized(value))
    }

    /// Creates an instance of the [`IntValue` variant](Value#variant.IntValue).
    #[inline]
    pub fn int_value<T>(
        self,
        value: T,
    ) -> ValueBuilder<::planus::Initialized<2, T>>
        where T: ::planus::WriteAsOffset<self::IntValue> {
        ValueBuilder(::planus::Initialized(value))
    }

    /// Creates an instance of the [`BoolValue` variant](Value#variant.BoolValue).
    #[inline]
    pub fn bool_value<T>(
        self,
        value: T,
    ) -> ValueBuilder<::planus::Initialized<3, T>>
        where T: ::planus::WriteAsOffset<self::BoolValue> {
        ValueBuilder(::planus::Initialized(value))
    }

    /// Creates an instance of the [`DoubleValue` variant](Value#variant.DoubleValue).
    #[inline]
    pub fn double_value<T>(
        self,
        value: T,
    ) -> ValueBuilder<::planus::Initialized<4, T>>
        where T: ::planus::WriteAsOffset<self::DoubleValue> {
        ValueBuilder(::planus::Initialized(value))
    }

    /// Creates an instance of the [`TensorValue` variant](Value#variant.TensorValue).
    #[inline]
    pub fn tensor_value<T>(
        self,
        value: T,
    ) -> ValueBuilder<::planus::Initialized<5, T>>
        where T: ::planus::WriteAsOffset<self::TensorValue> {
        ValueBuilder(::planus::Initialized(value))
    }

    /// Creates an instance of the [`StringValue` variant](Value#variant.StringValue).
    #[inline]
    pub fn string_value<T>(
        self,
        value: T,
    ) -> ValueBuilder<::planus::Initialized<6, T>>
        where T: ::planus::WriteAsOffset<self::StringValue> {
        ValueBuilder(::planus::Initialized(value))
    }

    /// Creates an instance of the [`IntListValue` variant](Value#variant.IntListValue).
    #[inline]
    pub fn int_list_value<T>(
        self,
        value: T,
    ) -> ValueBuilder<::planus::Initialized<7, T>>
        where T: ::planus::WriteAsOffset<self::IntListValue> {
        ValueBuilder(::planus::Initialized(value))
    }

    /// Creates an instance of the [`DoubleListValue` variant](Value#variant.DoubleListValue).
    #[inline]
    pub fn double_list_value<T>(
        self,
        value: T,
    ) -> ValueBuilder<::planus::Initialized<8, T>>
        where T: ::planus::WriteAsOffset<self::DoubleListValue> {
        ValueBuilder(::planus::Initialized(value))
    }

    /// Creates an instance of the [`BoolListValue` variant](Value#variant.BoolListValue).
    #[inline]
    pub fn bool_list_value<T>(
        self,
        value: T,
    ) -> ValueBuilder<::planus::Initialized<9, T>>
        where T: ::planus::WriteAsOffset<self::BoolListValue> {
        ValueBuilder(::planus::Initialized(value))
    }

    /// Creates an instance of the [`TensorListValue` variant](Value#variant.TensorListValue).
    #[inline]
    pub fn tensor_list_value<T>(
        self,
        value: T,
    ) -> ValueBuilder<::planus::Initialized<10, T>>
        where T: ::planus::WriteAsOffset<self::TensorListValue> {
        ValueBuilder(::planus::Initialized(value))
    }

    /// Creates an instance of the [`OptionalTensorListValue` variant](Value#variant.OptionalTensorListValue).
    #[inline]
    pub fn optional_tensor_list_value<T>(
        self,
        value: T,
    ) -> ValueBuilder<::planus::Initialized<11, T>>
        where T: ::planus::WriteAsOffset<self::OptionalTensorListValue> {
        ValueBuilder(::planus::Initialized(value))
    }

    
}

impl<const N: u8, T> ValueBuilder<::planus::Initialized<N, T>> {
    /// Finish writing the builder to get an [UnionOffset](::planus::UnionOffset) to a serialized [Value].
    #[inline]
    pub fn finish(self, builder: &mut ::planus::Builder) -> ::planus::UnionOffset<Value>
        where Self: ::planus::WriteAsUnion<Value>
    {
        ::planus::WriteAsUnion::prepare(&self, builder)
    }
}

impl<T> ::planus::WriteAsUnion<Value> for ValueBuilder<::planus::Initialized<1, T>>
    where T: ::planus::WriteAsOffset<self::NullValue>
{
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::UnionOffset<Value> {
        ::planus::UnionOffset::new(1, (self.0).0.prepare(builder).downcast())
    }
}

impl<T> ::planus::WriteAsOptionalUnion<Value> for ValueBuilder<::planus::Initialized<1, T>>
    where T: ::planus::WriteAsOffset<self::NullValue>
{
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::core::option::Option<::planus::UnionOffset<Value>> {
        ::core::option::Option::Some(::planus::WriteAsUnion::prepare(self, builder))
    }
}
impl<T> ::planus::WriteAsUnion<Value> for ValueBuilder<::planus::Initialized<2, T>>
    where T: ::planus::WriteAsOffset<self::IntValue>
{
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::UnionOffset<Value> {
        ::planus::UnionOffset::new(2, (self.0).0.prepare(builder).downcast())
    }
}

impl<T> ::planus::WriteAsOptionalUnion<Value> for ValueBuilder<::planus::Initialized<2, T>>
    where T: ::planus::WriteAsOffset<self::IntValue>
{
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::core::option::Option<::planus::UnionOffset<Value>> {
        ::core::option::Option::Some(::planus::WriteAsUnion::prepare(self, builder))
    }
}
impl<T> ::planus::WriteAsUnion<Value> for ValueBuilder<::planus::Initialized<3, T>>
    where T: ::planus::WriteAsOffset<self::BoolValue>
{
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::UnionOffset<Value> {
        ::planus::UnionOffset::new(3, (self.0).0.prepare(builder).downcast())
    }
}

impl<T> ::planus::WriteAsOptionalUnion<Value> for ValueBuilder<::planus::Initialized<3, T>>
    where T: ::planus::WriteAsOffset<self::BoolValue>
{
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::core::option::Option<::planus::UnionOffset<Value>> {
        ::core::option::Option::Some(::planus::WriteAsUnion::prepare(self, builder))
    }
}
impl<T> ::planus::WriteAsUnion<Value> for ValueBuilder<::planus::Initialized<4, T>>
    where T: ::planus::WriteAsOffset<self::DoubleValue>
{
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::UnionOffset<Value> {
        ::planus::UnionOffset::new(4, (self.0).0.prepare(builder).downcast())
    }
}

impl<T> ::planus::WriteAsOptionalUnion<Value> for ValueBuilder<::planus::Initialized<4, T>>
    where T: ::planus::WriteAsOffset<self::DoubleValue>
{
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::core::option::Option<::planus::UnionOffset<Value>> {
        ::core::option::Option::Some(::planus::WriteAsUnion::prepare(self, builder))
    }
}
impl<T> ::planus::WriteAsUnion<Value> for ValueBuilder<::planus::Initialized<5, T>>
    where T: ::planus::WriteAsOffset<self::TensorValue>
{
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::UnionOffset<Value> {
        ::planus::UnionOffset::new(5, (self.0).0.prepare(builder).downcast())
    }
}

impl<T> ::planus::WriteAsOptionalUnion<Value> for ValueBuilder<::planus::Initialized<5, T>>
    where T: ::planus::WriteAsOffset<self::TensorValue>
{
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::core::option::Option<::planus::UnionOffset<Value>> {
        ::core::option::Option::Some(::planus::WriteAsUnion::prepare(self, builder))
    }
}
impl<T> ::planus::WriteAsUnion<Value> for ValueBuilder<::planus::Initialized<6, T>>
    where T: ::planus::WriteAsOffset<self::StringValue>
{
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::UnionOffset<Value> {
        ::planus::UnionOffset::new(6, (self.0).0.prepare(builder).downcast())
    }
}

impl<T> ::planus::WriteAsOptionalUnion<Value> for ValueBuilder<::planus::Initialized<6, T>>
    where T: ::planus::WriteAsOffset<self::StringValue>
{
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::core::option::Option<::planus::UnionOffset<Value>> {
        ::core::option::Option::Some(::planus::WriteAsUnion::prepare(self, builder))
    }
}
impl<T> ::planus::WriteAsUnion<Value> for ValueBuilder<::planus::Initialized<7, T>>
    where T: ::planus::WriteAsOffset<self::IntListValue>
{
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::UnionOffset<Value> {
        ::planus::UnionOffset::new(7, (self.0).0.prepare(builder).downcast())
    }
}

impl<T> ::planus::WriteAsOptionalUnion<Value> for ValueBuilder<::planus::Initialized<7, T>>
    where T: ::planus::WriteAsOffset<self::IntListValue>
{
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::core::option::Option<::planus::UnionOffset<Value>> {
        ::core::option::Option::Some(::planus::WriteAsUnion::prepare(self, builder))
    }
}
impl<T> ::planus::WriteAsUnion<Value> for ValueBuilder<::planus::Initialized<8, T>>
    where T: ::planus::WriteAsOffset<self::DoubleListValue>
{
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::UnionOffset<Value> {
        ::planus::UnionOffset::new(8, (self.0).0.prepare(builder).downcast())
    }
}

impl<T> ::planus::WriteAsOptionalUnion<Value> for ValueBuilder<::planus::Initialized<8, T>>
    where T: ::planus::WriteAsOffset<self::DoubleListValue>
{
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::core::option::Option<::planus::UnionOffset<Value>> {
        ::core::option::Option::Some(::planus::WriteAsUnion::prepare(self, builder))
    }
}
impl<T> ::planus::WriteAsUnion<Value> for ValueBuilder<::planus::Initialized<9, T>>
    where T: ::planus::WriteAsOffset<self::BoolListValue>
{
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::UnionOffset<Value> {
        ::planus::UnionOffset::new(9, (self.0).0.prepare(builder).downcast())
    }
}

impl<T> ::planus::WriteAsOptionalUnion<Value> for ValueBuilder<::planus::Initialized<9, T>>
    where T: ::planus::WriteAsOffset<self::BoolListValue>
{
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::core::option::Option<::planus::UnionOffset<Value>> {
        ::core::option::Option::Some(::planus::WriteAsUnion::prepare(self, builder))
    }
}
impl<T> ::planus::WriteAsUnion<Value> for ValueBuilder<::planus::Initialized<10, T>>
    where T: ::planus::WriteAsOffset<self::TensorListValue>
{
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::UnionOffset<Value> {
        ::planus::UnionOffset::new(10, (self.0).0.prepare(builder).downcast())
    }
}

impl<T> ::planus::WriteAsOptionalUnion<Value> for ValueBuilder<::planus::Initialized<10, T>>
    where T: ::planus::WriteAsOffset<self::TensorListValue>
{
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::core::option::Option<::planus::UnionOffset<Value>> {
        ::core::option::Option::Some(::planus::WriteAsUnion::prepare(self, builder))
    }
}
impl<T> ::planus::WriteAsUnion<Value> for ValueBuilder<::planus::Initialized<11, T>>
    where T: ::planus::WriteAsOffset<self::OptionalTensorListValue>
{
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::UnionOffset<Value> {
        ::planus::UnionOffset::new(11, (self.0).0.prepare(builder).downcast())
    }
}

impl<T> ::planus::WriteAsOptionalUnion<Value> for ValueBuilder<::planus::Initialized<11, T>>
    where T: ::planus::WriteAsOffset<self::OptionalTensorListValue>
{
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::core::option::Option<::planus::UnionOffset<Value>> {
        ::core::option::Option::Some(::planus::WriteAsUnion::prepare(self, builder))
    }
}


/// Reference to a deserialized [Value].
#[derive(Copy, Clone, Debug)]
pub enum ValueRef<'a>{
    NullValue(self::NullValueRef<'a>),
    IntValue(self::IntValueRef<'a>),
    BoolValue(self::BoolValueRef<'a>),
    DoubleValue(self::DoubleValueRef<'a>),
    TensorValue(self::TensorValueRef<'a>),
    StringValue(self::StringValueRef<'a>),
    IntListValue(self::IntListValueRef<'a>),
    DoubleListValue(self::DoubleListValueRef<'a>),
    BoolListValue(self::BoolListValueRef<'a>),
    TensorListValue(self::TensorListValueRef<'a>),
    OptionalTensorListValue(self::OptionalTensorListValueRef<'a>),
    
}


impl<'a> ::core::convert::TryFrom<ValueRef<'a>> for Value {
    type Error = ::planus::Error;

    fn try_from(value: ValueRef<'a>) -> ::planus::Result<Self> {
        ::core::result::Result::Ok(match value {
            
                ValueRef::NullValue(value) => Self::NullValue(::planus::alloc::boxed::Box::new(::core::convert::TryFrom::try_from(value)?)),
                
            
                ValueRef::IntValue(value) => Self::IntValue(::planus::alloc::boxed::Box::new(::core::convert::TryFrom::try_from(value)?)),
                
            
                ValueRef::BoolValue(value) => Self::BoolValue(::planus::alloc::boxed::Box::new(::core::convert::TryFrom::try_from(value)?)),
                
            
                ValueRef::DoubleValue(value) => Self::DoubleValue(::planus::alloc::boxed::Box::new(::core::convert::TryFrom::try_from(value)?)),
                
            
                ValueRef::TensorValue(value) => Self::TensorValue(::planus::alloc::boxed::Box::new(::core::convert::TryFrom::try_from(value)?)),
                
            
                ValueRef::StringValue(value) => Self::StringValue(::planus::alloc::boxed::Box::new(::core::convert::TryFrom::try_from(value)?)),
                
            
                ValueRef::IntListValue(value) => Self::IntListValue(::planus::alloc::boxed::Box::new(::core::convert::TryFrom::try_from(value)?)),
                
            
                ValueRef::DoubleListValue(value) => Self::DoubleListValue(::planus::alloc::boxed::Box::new(::core::convert::TryFrom::try_from(value)?)),
                
            
                ValueRef::BoolListValue(value) => Self::BoolListValue(::planus::alloc::boxed::Box::new(::core::convert::TryFrom::try_from(value)?)),
                
            
                ValueRef::TensorListValue(value) => Self::TensorListValue(::planus::alloc::boxed::Box::new(::core::convert::TryFrom::try_from(value)?)),
                
            
                ValueRef::OptionalTensorListValue(value) => Self::OptionalTensorListValue(::planus::alloc::boxed::Box::new(::core::convert::TryFrom::try_from(value)?)),
                
            
        })
    }
}



impl<'a> ::planus::TableReadUnion<'a> for ValueRef<'a> {
    fn from_buffer(buffer: ::planus::SliceWithStartOffset<'a>, tag: u8, field_offset: usize) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
        match tag {
            1 => ::core::result::Result::Ok(Self::NullValue(::planus::TableRead::from_buffer(buffer, field_offset)?)),2 => ::core::result::Result::Ok(Self::IntValue(::planus::TableRead::from_buffer(buffer, field_offset)?)),3 => ::core::result::Result::Ok(Self::BoolValue(::planus::TableRead::from_buffer(buffer, field_offset)?)),4 => ::core::result::Result::Ok(Self::DoubleValue(::planus::TableRead::from_buffer(buffer, field_offset)?)),5 => ::core::result::Result::Ok(Self::TensorValue(::planus::TableRead::from_buffer(buffer, field_offset)?)),6 => ::core::result::Result::Ok(Self::StringValue(::planus::TableRead::from_buffer(buffer, field_offset)?)),7 => ::core::result::Result::Ok(Self::IntListValue(::planus::TableRead::from_buffer(buffer, field_offset)?)),8 => ::core::result::Result::Ok(Self::DoubleListValue(::planus::TableRead::from_buffer(buffer, field_offset)?)),9 => ::core::result::Result::Ok(Self::BoolListValue(::planus::TableRead::from_buffer(buffer, field_offset)?)),10 => ::core::result::Result::Ok(Self::TensorListValue(::planus::TableRead::from_buffer(buffer, field_offset)?)),11 => ::core::result::Result::Ok(Self::OptionalTensorListValue(::planus::TableRead::from_buffer(buffer, field_offset)?)),_ => ::core::result::Result::Err(::planus::errors::ErrorKind::UnknownUnionTag { tag }),
        }
    }
}



impl<'a> ::planus::VectorReadUnion<'a> for ValueRef<'a> {
    const VECTOR_NAME: &'static str = "[ValueRef]";
}


    
/// The table `ValueEntry` in the namespace `pte`
/// 
/// Generated from these locations:
/// * Table `ValueEntry` in the file `fbs/pte.fbs:69`
#[derive(Clone, Debug, PartialEq, PartialOrd,

::serde::Serialize, ::serde::Deserialize
)]
pub struct ValueEntry{
    
        /// The field `value` in the table `ValueEntry`
        pub value: ::core::option::Option<self::Value>,}


#[allow(clippy::derivable_impls)]
impl ::core::default::Default for ValueEntry {
    fn default() -> Self {
        Self {
        value: ::core::default::Default::default(),
        
        }
    }
}


impl ValueEntry {
    /// Creates a [ValueEntryBuilder] for serializing an instance of this table.
    #[inline]
    pub fn builder() -> ValueEntryBuilder<()> {
        ValueEntryBuilder(())
    }

    #[allow(clippy::too_many_arguments)]
    pub fn create(
        builder: &mut ::planus::Builder,
        field_value: impl ::planus::WriteAsOptionalUnion<self::Value>,
        
    ) -> ::planus::Offset<Self> {let prepared_value = field_value.prepare(builder);

        let mut table_writer: ::planus::table_writer::TableWriter::<8> = ::core::default::Default::default();
        if prepared_value.is_some() {table_writer.write_entry::<::planus::Offset<self::Value>>(1);}if prepared_value.is_some() {table_writer.write_entry::<u8>(0);}

        unsafe {
            table_writer.finish(builder, |object_writer| {if let ::core::option::Option::Some(prepared_value) = prepared_value {object_writer.write::<_, _, 4>(&prepared_value.offset());}if let ::core::option::Option::Some(prepared_value) = prepared_value {object_writer.write::<_, _, 1>(&prepared_value.tag());}
                
            });
        }builder.current_offset()
    }
}

impl ::planus::WriteAs<::planus::Offset<ValueEntry>> for ValueEntry {
    type Prepared = ::planus::Offset<Self>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<ValueEntry> {
        ::planus::WriteAsOffset::prepare(self, builder)
    }
}

impl ::planus::WriteAsOptional<::planus::Offset<ValueEntry>> for ValueEntry {
    type Prepared = ::planus::Offset<Self>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::core::option::Option<::planus::Offset<ValueEntry>> {
        ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
    }
}

impl ::planus::WriteAsOffset<ValueEntry> for ValueEntry {
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<ValueEntry> {
        ValueEntry::create(
            builder,
        
            
            &self.value,
            
        
        )
    }
}

/// Builder for serializing an instance of the [ValueEntry] type.
///
/// Can be created using the [ValueEntry::builder] method.
#[derive(Debug)]
#[must_use]
pub struct ValueEntryBuilder<State>(State);

impl<
    
> ValueEntryBuilder
<
    (
    
    )
>
{
    /// Setter for the [`value` field](ValueEntry#structfield.value).
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn value<T0>(self, value: T0) -> ValueEntryBuilder<(
    
        T0,
    
    )>
    where T0: ::planus::WriteAsOptionalUnion<self::Value>
    {
        ValueEntryBuilder((
            
            value,
        ))
    }

    

    
    /// Sets the [`value` field](ValueEntry#structfield.value) to null.
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn value_as_null(self) -> ValueEntryBuilder<(
        
        (),
    )>
    {
        self.value(())
    }
    
}



impl<
    
        T0,
    
> ValueEntryBuilder<(
    
        T0,
    
)> {
    /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [ValueEntry].
    #[inline]
    pub fn finish(self, builder: &mut ::planus::Builder) -> ::planus::Offset<ValueEntry>
        where Self: ::planus::WriteAsOffset<ValueEntry>
    {
        ::planus::WriteAsOffset::prepare(&self, builder)
    }
}

impl<
    
        T0: ::planus::WriteAsOptionalUnion<self::Value>,
    
> ::planus::WriteAs<::planus::Offset<ValueEntry>> for ValueEntryBuilder<(
    
        T0,
    
)> {
    type Prepared = ::planus::Offset<ValueEntry>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<ValueEntry> {
        ::planus::WriteAsOffset::prepare(self, builder)
    }
}

impl<
    
        T0: ::planus::WriteAsOptionalUnion<self::Value>,
    
> ::planus::WriteAsOptional<::planus::Offset<ValueEntry>> for ValueEntryBuilder<(
    
        T0,
    
)> {
    type Prepared = ::planus::Offset<ValueEntry>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::core::option::Option<::planus::Offset<ValueEntry>> {
        ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
    }
}

impl<
    
        T0: ::planus::WriteAsOptionalUnion<self::Value>,
    
> ::planus::WriteAsOffset<ValueEntry> for ValueEntryBuilder<(
    
        T0,
    
)> {
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<ValueEntry> {
        
        let (
            
                v0,
            
        ) = &self.0;ValueEntry::create(
            builder,
            
                v0,
            
        )
    }
}

/// Reference to a deserialized [ValueEntry].
#[derive(Copy, Clone)]
pub struct ValueEntryRef<'a>(
    #[allow(dead_code)]
    ::planus::table_reader::Table<'a>
);

impl<'a> ValueEntryRef<'a> {
    
        /// Getter for the [`value` field](ValueEntry#structfield.value).
        #[inline]
        pub fn value(&self) -> ::planus::Result<::core::option::Option<self::ValueRef<'a>>> {
            
            
              
              self.0.access_union(0, "ValueEntry", "value")
              
            
            
            
        }
    
}

impl<'a> ::core::fmt::Debug for ValueEntryRef<'a> {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        let mut f = f.debug_struct("ValueEntryRef");
        if let ::core::option::Option::Some(field_value) = self.value().transpose() {
                f.field("value", &field_value);
            }
        f.finish()
    }
}

impl<'a> ::core::convert::TryFrom<ValueEntryRef<'a>> for ValueEntry {
    type Error = ::planus::Error;


    #[allow(unreachable_code)]
    fn try_from(value: ValueEntryRef<'a>) -> ::planus::Result<Self> {

        ::core::result::Result::Ok(Self {
            value: 
                    if let ::core::option::Option::Some(value) = value.value()? {
                        ::core::option::Option::Some(::core::convert::TryInto::try_into(value)?)
                    } else {
                        ::core::option::Option::None
                    }
                ,
        })
    }
}

impl<'a> ::planus::TableRead<'a> for ValueEntryRef<'a> {
    #[inline]
    fn from_buffer(buffer: ::planus::SliceWithStartOffset<'a>, offset: usize) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
        ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(buffer, offset)?))
    }
}

impl<'a> ::planus::VectorReadInner<'a> for ValueEntryRef<'a> {
    type Error = ::planus::Error;
    const STRIDE: usize = 4;

    unsafe fn from_buffer(buffer: ::planus::SliceWithStartOffset<'a>, offset: usize) -> ::planus::Result<Self> {
        ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| error_kind.with_error_location(
            "[ValueEntryRef]",
            "get",
            buffer.offset_from_start,
        ))
    }
}

/// # Safety
/// The planus compiler generates implementations that initialize
/// the bytes in `write_values`.
unsafe impl ::planus::VectorWrite<::planus::Offset<ValueEntry>> for ValueEntry {
    type Value = ::planus::Offset<ValueEntry>;
    const STRIDE: usize = 4;
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
        ::planus::WriteAs::prepare(self, builder)
    }

    #[inline]
    unsafe fn write_values(
        values: &[::planus::Offset<ValueEntry>],
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

impl<'a> ::planus::ReadAsRoot<'a> for ValueEntryRef<'a> {
    fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
        ::planus::TableRead::from_buffer(::planus::SliceWithStartOffset {
            buffer: slice,
            offset_from_start: 0,
        }, 0).map_err(|error_kind| error_kind.with_error_location(
            "[ValueEntryRef]",
            "read_as_root",
            0,
        ))
    }
}

    
/// The table `OperatorName` in the namespace `pte`
/// 
/// Generated from these locations:
/// * Table `OperatorName` in the file `fbs/pte.fbs:71`
#[derive(Clone, Debug, PartialEq, PartialOrd,
Eq, Ord, Hash,
::serde::Serialize, ::serde::Deserialize
)]
pub struct OperatorName{
    
        /// The field `name` in the table `OperatorName`
        pub name: ::core::option::Option<::planus::alloc::string::String>,
        /// The field `overload` in the table `OperatorName`
        pub overload: ::core::option::Option<::planus::alloc::string::String>,}


#[allow(clippy::derivable_impls)]
impl ::core::default::Default for OperatorName {
    fn default() -> Self {
        Self {
        name: ::core::default::Default::default(),
        overload: ::core::default::Default::default(),
        
        }
    }
}


impl OperatorName {
    /// Creates a [OperatorNameBuilder] for serializing an instance of this table.
    #[inline]
    pub fn builder() -> OperatorNameBuilder<()> {
        OperatorNameBuilder(())
    }

    #[allow(clippy::too_many_arguments)]
    pub fn create(
        builder: &mut ::planus::Builder,
        field_name: impl ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
        field_overload: impl ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
        
    ) -> ::planus::Offset<Self> {let prepared_name = field_name.prepare(builder);let prepared_overload = field_overload.prepare(builder);

        let mut table_writer: ::planus::table_writer::TableWriter::<8> = ::core::default::Default::default();
        if prepared_name.is_some() {table_writer.write_entry::<::planus::Offset<str>>(0);}if prepared_overload.is_some() {table_writer.write_entry::<::planus::Offset<str>>(1);}

        unsafe {
            table_writer.finish(builder, |object_writer| {if let ::core::option::Option::Some(prepared_name) = prepared_name {object_writer.write::<_, _, 4>(&prepared_name);}if let ::core::option::Option::Some(prepared_overload) = prepared_overload {object_writer.write::<_, _, 4>(&prepared_overload);}
                
            });
        }builder.current_offset()
    }
}

impl ::planus::WriteAs<::planus::Offset<OperatorName>> for OperatorName {
    type Prepared = ::planus::Offset<Self>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<OperatorName> {
        ::planus::WriteAsOffset::prepare(self, builder)
    }
}

impl ::planus::WriteAsOptional<::planus::Offset<OperatorName>> for OperatorName {
    type Prepared = ::planus::Offset<Self>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::core::option::Option<::planus::Offset<OperatorName>> {
        ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
    }
}

impl ::planus::WriteAsOffset<OperatorName> for OperatorName {
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<OperatorName> {
        OperatorName::create(
            builder,
        
            
            &self.name,
            
        
            
            &self.overload,
            
        
        )
    }
}

/// Builder for serializing an instance of the [OperatorName] type.
///
/// Can be created using the [OperatorName::builder] method.
#[derive(Debug)]
#[must_use]
pub struct OperatorNameBuilder<State>(State);

impl<
    
> OperatorNameBuilder
<
    (
    
    )
>
{
    /// Setter for the [`name` field](OperatorName#structfield.name).
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn name<T0>(self, value: T0) -> OperatorNameBuilder<(
    
        T0,
    
    )>
    where T0: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>
    {
        OperatorNameBuilder((
            
            value,
        ))
    }

    

    
    /// Sets the [`name` field](OperatorName#structfield.name) to null.
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn name_as_null(self) -> OperatorNameBuilder<(
        
        (),
    )>
    {
        self.name(())
    }
    
}

impl<
    
        T0,
    
> OperatorNameBuilder
<
    (
    
        T0,
    
    )
>
{
    /// Setter for the [`overload` field](OperatorName#structfield.overload).
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn overload<T1>(self, value: T1) -> OperatorNameBuilder<(
    
        T0,
    
        T1,
    
    )>
    where T1: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>
    {
        
        let (
            
                v0,
            
        ) = self.0;OperatorNameBuilder((
            
                v0,
            
            value,
        ))
    }

    

    
    /// Sets the [`overload` field](OperatorName#structfield.overload) to null.
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn overload_as_null(self) -> OperatorNameBuilder<(
        
            T0,
        
        (),
    )>
    {
        self.overload(())
    }
    
}



impl<
    
        T0,
    
        T1,
    
> OperatorNameBuilder<(
    
        T0,
    
        T1,
    
)> {
    /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [OperatorName].
    #[inline]
    pub fn finish(self, builder: &mut ::planus::Builder) -> ::planus::Offset<OperatorName>
        where Self: ::planus::WriteAsOffset<OperatorName>
    {
        ::planus::WriteAsOffset::prepare(&self, builder)
    }
}

impl<
    
        T0: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
    
        T1: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
    
> ::planus::WriteAs<::planus::Offset<OperatorName>> for OperatorNameBuilder<(
    
        T0,
    
        T1,
    
)> {
    type Prepared = ::planus::Offset<OperatorName>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<OperatorName> {
        ::planus::WriteAsOffset::prepare(self, builder)
    }
}

impl<
    
        T0: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
    
        T1: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
    
> ::planus::WriteAsOptional<::planus::Offset<OperatorName>> for OperatorNameBuilder<(
    
        T0,
    
        T1,
    
)> {
    type Prepared = ::planus::Offset<OperatorName>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::core::option::Option<::planus::Offset<OperatorName>> {
        ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
    }
}

impl<
    
        T0: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
    
        T1: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
    
> ::planus::WriteAsOffset<OperatorName> for OperatorNameBuilder<(
    
        T0,
    
        T1,
    
)> {
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<OperatorName> {
        
        let (
            
                v0,
            
                v1,
            
        ) = &self.0;OperatorName::create(
            builder,
            
                v0,
            
                v1,
            
        )
    }
}

/// Reference to a deserialized [OperatorName].
#[derive(Copy, Clone)]
pub struct OperatorNameRef<'a>(
    #[allow(dead_code)]
    ::planus::table_reader::Table<'a>
);

impl<'a> OperatorNameRef<'a> {
    
        /// Getter for the [`name` field](OperatorName#structfield.name).
        #[inline]
        pub fn name(&self) -> ::planus::Result<::core::option::Option<&'a ::core::primitive::str>> {
            
            
              
              self.0.access(0, "OperatorName", "name")
              
            
            
            
        }
    
        /// Getter for the [`overload` field](OperatorName#structfield.overload).
        #[inline]
        pub fn overload(&self) -> ::planus::Result<::core::option::Option<&'a ::core::primitive::str>> {
            
            
              
              self.0.access(1, "OperatorName", "overload")
              
            
            
            
        }
    
}

impl<'a> ::core::fmt::Debug for OperatorNameRef<'a> {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        let mut f = f.debug_struct("OperatorNameRef");
        if let ::core::option::Option::Some(field_name) = self.name().transpose() {
                f.field("name", &field_name);
            }if let ::core::option::Option::Some(field_overload) = self.overload().transpose() {
                f.field("overload", &field_overload);
            }
        f.finish()
    }
}

impl<'a> ::core::convert::TryFrom<OperatorNameRef<'a>> for OperatorName {
    type Error = ::planus::Error;


    #[allow(unreachable_code)]
    fn try_from(value: OperatorNameRef<'a>) -> ::planus::Result<Self> {

        ::core::result::Result::Ok(Self {
            name: 
                                value.name()?.map(::core::convert::Into::into)
                            ,overload: 
                                value.overload()?.map(::core::convert::Into::into)
                            ,
        })
    }
}

impl<'a> ::planus::TableRead<'a> for OperatorNameRef<'a> {
    #[inline]
    fn from_buffer(buffer: ::planus::SliceWithStartOffset<'a>, offset: usize) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
        ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(buffer, offset)?))
    }
}

impl<'a> ::planus::VectorReadInner<'a> for OperatorNameRef<'a> {
    type Error = ::planus::Error;
    const STRIDE: usize = 4;

    unsafe fn from_buffer(buffer: ::planus::SliceWithStartOffset<'a>, offset: usize) -> ::planus::Result<Self> {
        ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| error_kind.with_error_location(
            "[OperatorNameRef]",
            "get",
            buffer.offset_from_start,
        ))
    }
}

/// # Safety
/// The planus compiler generates implementations that initialize
/// the bytes in `write_values`.
unsafe impl ::planus::VectorWrite<::planus::Offset<OperatorName>> for OperatorName {
    type Value = ::planus::Offset<OperatorName>;
    const STRIDE: usize = 4;
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
        ::planus::WriteAs::prepare(self, builder)
    }

    #[inline]
    unsafe fn write_values(
        values: &[::planus::Offset<OperatorName>],
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

impl<'a> ::planus::ReadAsRoot<'a> for OperatorNameRef<'a> {
    fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
        ::planus::TableRead::from_buffer(::planus::SliceWithStartOffset {
            buffer: slice,
            offset_from_start: 0,
        }, 0).map_err(|error_kind| error_kind.with_error_location(
            "[OperatorNameRef]",
            "read_as_root",
            0,
        ))
    }
}

    
/// The table `KernelCall` in the namespace `pte`
/// 
/// Generated from these locations:
/// * Table `KernelCall` in the file `fbs/pte.fbs:76`
#[derive(Clone, Debug, PartialEq, PartialOrd,
Eq, Ord, Hash,
::serde::Serialize, ::serde::Deserialize
)]
pub struct KernelCall{
    
        /// The field `operator_index` in the table `KernelCall`
        pub operator_index: i32,
        /// The field `args` in the table `KernelCall`
        pub args: ::core::option::Option<::planus::alloc::vec::Vec<i32>>,}


#[allow(clippy::derivable_impls)]
impl ::core::default::Default for KernelCall {
    fn default() -> Self {
        Self {
        operator_index: 0,
        args: ::core::default::Default::default(),
        
        }
    }
}


impl KernelCall {
    /// Creates a [KernelCallBuilder] for serializing an instance of this table.
    #[inline]
    pub fn builder() -> KernelCallBuilder<()> {
        KernelCallBuilder(())
    }

    #[allow(clippy::too_many_arguments)]
    pub fn create(
        builder: &mut ::planus::Builder,
        field_operator_index: impl ::planus::WriteAsDefault<i32, i32>,
        field_args: impl ::planus::WriteAsOptional<::planus::Offset<[i32]>>,
        
    ) -> ::planus::Offset<Self> {let prepared_operator_index = field_operator_index.prepare(builder, &0);let prepared_args = field_args.prepare(builder);

        let mut table_writer: ::planus::table_writer::TableWriter::<8> = ::core::default::Default::default();
        if prepared_operator_index.is_some() {table_writer.write_entry::<i32>(0);}if prepared_args.is_some() {table_writer.write_entry::<::planus::Offset<[i32]>>(1);}

        unsafe {
            table_writer.finish(builder, |object_writer| {if let ::core::option::Option::Some(prepared_operator_index) = prepared_operator_index {object_writer.write::<_, _, 4>(&prepared_operator_index);}if let ::core::option::Option::Some(prepared_args) = prepared_args {object_writer.write::<_, _, 4>(&prepared_args);}
                
            });
        }builder.current_offset()
    }
}

impl ::planus::WriteAs<::planus::Offset<KernelCall>> for KernelCall {
    type Prepared = ::planus::Offset<Self>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<KernelCall> {
        ::planus::WriteAsOffset::prepare(self, builder)
    }
}

impl ::planus::WriteAsOptional<::planus::Offset<KernelCall>> for KernelCall {
    type Prepared = ::planus::Offset<Self>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::core::option::Option<::planus::Offset<KernelCall>> {
        ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
    }
}

impl ::planus::WriteAsOffset<KernelCall> for KernelCall {
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<KernelCall> {
        KernelCall::create(
            builder,
        
            
            self.operator_index,
            
        
            
            &self.args,
            
        
        )
    }
}

/// Builder for serializing an instance of the [KernelCall] type.
///
/// Can be created using the [KernelCall::builder] method.
#[derive(Debug)]
#[must_use]
pub struct KernelCallBuilder<State>(State);

impl<
    
> KernelCallBuilder
<
    (
    
    )
>
{
    /// Setter for the [`operator_index` field](KernelCall#structfield.operator_index).
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn operator_index<T0>(self, value: T0) -> KernelCallBuilder<(
    
        T0,
    
    )>
    where T0: ::planus::WriteAsDefault<i32, i32>
    {
        KernelCallBuilder((
            
            value,
        ))
    }

    
    /// Sets the [`operator_index` field](KernelCall#structfield.operator_index) to the default value.
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn operator_index_as_default(self) -> KernelCallBuilder<(
        
        ::planus::DefaultValue,
    )>
    {
        self.operator_index(::planus::DefaultValue)
    }
    

    
}

impl<
    
        T0,
    
> KernelCallBuilder
<
    (
    
        T0,
    
    )
>
{
    /// Setter for the [`args` field](KernelCall#structfield.args).
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn args<T1>(self, value: T1) -> KernelCallBuilder<(
    
        T0,
    
        T1,
    
    )>
    where T1: ::planus::WriteAsOptional<::planus::Offset<[i32]>>
    {
        
        let (
            
                v0,
            
        ) = self.0;KernelCallBuilder((
            
                v0,
            
            value,
        ))
    }

    

    
    /// Sets the [`args` field](KernelCall#structfield.args) to null.
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn args_as_null(self) -> KernelCallBuilder<(
        
            T0,
        
        (),
    )>
    {
        self.args(())
    }
    
}



impl<
    
        T0,
    
        T1,
    
> KernelCallBuilder<(
    
        T0,
    
        T1,
    
)> {
    /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [KernelCall].
    #[inline]
    pub fn finish(self, builder: &mut ::planus::Builder) -> ::planus::Offset<KernelCall>
        where Self: ::planus::WriteAsOffset<KernelCall>
    {
        ::planus::WriteAsOffset::prepare(&self, builder)
    }
}

impl<
    
        T0: ::planus::WriteAsDefault<i32, i32>,
    
        T1: ::planus::WriteAsOptional<::planus::Offset<[i32]>>,
    
> ::planus::WriteAs<::planus::Offset<KernelCall>> for KernelCallBuilder<(
    
        T0,
    
        T1,
    
)> {
    type Prepared = ::planus::Offset<KernelCall>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<KernelCall> {
        ::planus::WriteAsOffset::prepare(self, builder)
    }
}

impl<
    
        T0: ::planus::WriteAsDefault<i32, i32>,
    
        T1: ::planus::WriteAsOptional<::planus::Offset<[i32]>>,
    
> ::planus::WriteAsOptional<::planus::Offset<KernelCall>> for KernelCallBuilder<(
    
        T0,
    
        T1,
    
)> {
    type Prepared = ::planus::Offset<KernelCall>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::core::option::Option<::planus::Offset<KernelCall>> {
        ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
    }
}

impl<
    
        T0: ::planus::WriteAsDefault<i32, i32>,
    
        T1: ::planus::WriteAsOptional<::planus::Offset<[i32]>>,
    
> ::planus::WriteAsOffset<KernelCall> for KernelCallBuilder<(
    
        T0,
    
        T1,
    
)> {
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<KernelCall> {
        
        let (
            
                v0,
            
                v1,
            
        ) = &self.0;KernelCall::create(
            builder,
            
                v0,
            
                v1,
            
        )
    }
}

/// Reference to a deserialized [KernelCall].
#[derive(Copy, Clone)]
pub struct KernelCallRef<'a>(
    #[allow(dead_code)]
    ::planus::table_reader::Table<'a>
);

impl<'a> KernelCallRef<'a> {
    
        /// Getter for the [`operator_index` field](KernelCall#structfield.operator_index).
        #[inline]
        pub fn operator_index(&self) -> ::planus::Result<i32> {
             ::core::result::Result::Ok( 
            
              
              self.0.access(0, "KernelCall", "operator_index")
              
            
            ?.unwrap_or(0))
            
        }
    
        /// Getter for the [`args` field](KernelCall#structfield.args).
        #[inline]
        pub fn args(&self) -> ::planus::Result<::core::option::Option<::planus::Vector<'a, i32>>> {
            
            
              
              self.0.access(1, "KernelCall", "args")
              
            
            
            
        }
    
}

impl<'a> ::core::fmt::Debug for KernelCallRef<'a> {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        let mut f = f.debug_struct("KernelCallRef");
        f.field("operator_index", &self.operator_index());if let ::core::option::Option::Some(field_args) = self.args().transpose() {
                f.field("args", &field_args);
            }
        f.finish()
    }
}

impl<'a> ::core::convert::TryFrom<KernelCallRef<'a>> for KernelCall {
    type Error = ::planus::Error;


    #[allow(unreachable_code)]
    fn try_from(value: KernelCallRef<'a>) -> ::planus::Result<Self> {

        ::core::result::Result::Ok(Self {
            operator_index: ::core::convert::TryInto::try_into(value.operator_index()?)?,args: 
                            if let ::core::option::Option::Some(args) = value.args()? {
                                ::core::option::Option::Some(args.to_vec()?)
                            } else {
                                ::core::option::Option::None
                            }
                        ,
        })
    }
}

impl<'a> ::planus::TableRead<'a> for KernelCallRef<'a> {
    #[inline]
    fn from_buffer(buffer: ::planus::SliceWithStartOffset<'a>, offset: usize) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
        ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(buffer, offset)?))
    }
}

impl<'a> ::planus::VectorReadInner<'a> for KernelCallRef<'a> {
    type Error = ::planus::Error;
    const STRIDE: usize = 4;

    unsafe fn from_buffer(buffer: ::planus::SliceWithStartOffset<'a>, offset: usize) -> ::planus::Result<Self> {
        ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| error_kind.with_error_location(
            "[KernelCallRef]",
            "get",
            buffer.offset_from_start,
        ))
    }
}

/// # Safety
/// The planus compiler generates implementations that initialize
/// the bytes in `write_values`.
unsafe impl ::planus::VectorWrite<::planus::Offset<KernelCall>> for KernelCall {
    type Value = ::planus::Offset<KernelCall>;
    const STRIDE: usize = 4;
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
        ::planus::WriteAs::prepare(self, builder)
    }

    #[inline]
    unsafe fn write_values(
        values: &[::planus::Offset<KernelCall>],
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

impl<'a> ::planus::ReadAsRoot<'a> for KernelCallRef<'a> {
    fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
        ::planus::TableRead::from_buffer(::planus::SliceWithStartOffset {
            buffer: slice,
            offset_from_start: 0,
        }, 0).map_err(|error_kind| error_kind.with_error_location(
            "[KernelCallRef]",
            "read_as_root",
            0,
        ))
    }
}

    
/// The table `DelegateCall` in the namespace `pte`
/// 
/// Generated from these locations:
/// * Table `DelegateCall` in the file `fbs/pte.fbs:77`
#[derive(Clone, Debug, PartialEq, PartialOrd,
Eq, Ord, Hash,
::serde::Serialize, ::serde::Deserialize
)]
pub struct DelegateCall{
    
        /// The field `delegate_index` in the table `DelegateCall`
        pub delegate_index: i32,
        /// The field `args` in the table `DelegateCall`
        pub args: ::core::option::Option<::planus::alloc::vec::Vec<i32>>,}


#[allow(clippy::derivable_impls)]
impl ::core::default::Default for DelegateCall {
    fn default() -> Self {
        Self {
        delegate_index: 0,
        args: ::core::default::Default::default(),
        
        }
    }
}


impl DelegateCall {
    /// Creates a [DelegateCallBuilder] for serializing an instance of this table.
    #[inline]
    pub fn builder() -> DelegateCallBuilder<()> {
        DelegateCallBuilder(())
    }

    #[allow(clippy::too_many_arguments)]
    pub fn create(
        builder: &mut ::planus::Builder,
        field_delegate_index: impl ::planus::WriteAsDefault<i32, i32>,
        field_args: impl ::planus::WriteAsOptional<::planus::Offset<[i32]>>,
        
    ) -> ::planus::Offset<Self> {let prepared_delegate_index = field_delegate_index.prepare(builder, &0);let prepared_args = field_args.prepare(builder);

        let mut table_writer: ::planus::table_writer::TableWriter::<8> = ::core::default::Default::default();
        if prepared_delegate_index.is_some() {table_writer.write_entry::<i32>(0);}if prepared_args.is_some() {table_writer.write_entry::<::planus::Offset<[i32]>>(1);}

        unsafe {
            table_writer.finish(builder, |object_writer| {if let ::core::option::Option::Some(prepared_delegate_index) = prepared_delegate_index {object_writer.write::<_, _, 4>(&prepared_delegate_index);}if let ::core::option::Option::Some(prepared_args) = prepared_args {object_writer.write::<_, _, 4>(&prepared_args);}
                
            });
        }builder.current_offset()
    }
}

impl ::planus::WriteAs<::planus::Offset<DelegateCall>> for DelegateCall {
    type Prepared = ::planus::Offset<Self>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<DelegateCall> {
        ::planus::WriteAsOffset::prepare(self, builder)
    }
}

impl ::planus::WriteAsOptional<::planus::Offset<DelegateCall>> for DelegateCall {
    type Prepared = ::planus::Offset<Self>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::core::option::Option<::planus::Offset<DelegateCall>> {
        ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
    }
}

impl ::planus::WriteAsOffset<DelegateCall> for DelegateCall {
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<DelegateCall> {
        DelegateCall::create(
            builder,
        
            
            self.delegate_index,
            
        
            
            &self.args,
            
        
        )
    }
}

/// Builder for serializing an instance of the [DelegateCall] type.
///
/// Can be created using the [DelegateCall::builder] method.
#[derive(Debug)]
#[must_use]
pub struct DelegateCallBuilder<State>(State);

impl<
    
> DelegateCallBuilder
<
    (
    
    )
>
{
    /// Setter for the [`delegate_index` field](DelegateCall#structfield.delegate_index).
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn delegate_index<T0>(self, value: T0) -> DelegateCallBuilder<(
    
        T0,
    
    )>
    where T0: ::planus::WriteAsDefault<i32, i32>
    {
        DelegateCallBuilder((
            
            value,
        ))
    }

    
    /// Sets the [`delegate_index` field](DelegateCall#structfield.delegate_index) to the default value.
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn delegate_index_as_default(self) -> DelegateCallBuilder<(
        
        ::planus::DefaultValue,
    )>
    {
        self.delegate_index(::planus::DefaultValue)
    }
    

    
}

impl<
    
        T0,
    
> DelegateCallBuilder
<
    (
    
        T0,
    
    )
>
{
    /// Setter for the [`args` field](DelegateCall#structfield.args).
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn args<T1>(self, value: T1) -> DelegateCallBuilder<(
    
        T0,
    
        T1,
    
    )>
    where T1: ::planus::WriteAsOptional<::planus::Offset<[i32]>>
    {
        
        let (
            
                v0,
            
        ) = self.0;DelegateCallBuilder((
            
                v0,
            
            value,
        ))
    }

    

    
    /// Sets the [`args` field](DelegateCall#structfield.args) to null.
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn args_as_null(self) -> DelegateCallBuilder<(
        
            T0,
        
        (),
    )>
    {
        self.args(())
    }
    
}



impl<
    
        T0,
    
        T1,
    
> DelegateCallBuilder<(
    
        T0,
    
        T1,
    
)> {
    /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [DelegateCall].
    #[inline]
    pub fn finish(self, builder: &mut ::planus::Builder) -> ::planus::Offset<DelegateCall>
        where Self: ::planus::WriteAsOffset<DelegateCall>
    {
        ::planus::WriteAsOffset::prepare(&self, builder)
    }
}

impl<
    
        T0: ::planus::WriteAsDefault<i32, i32>,
    
        T1: ::planus::WriteAsOptional<::planus::Offset<[i32]>>,
    
> ::planus::WriteAs<::planus::Offset<DelegateCall>> for DelegateCallBuilder<(
    
        T0,
    
        T1,
    
)> {
    type Prepared = ::planus::Offset<DelegateCall>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<DelegateCall> {
        ::planus::WriteAsOffset::prepare(self, builder)
    }
}

impl<
    
        T0: ::planus::WriteAsDefault<i32, i32>,
    
        T1: ::planus::WriteAsOptional<::planus::Offset<[i32]>>,
    
> ::planus::WriteAsOptional<::planus::Offset<DelegateCall>> for DelegateCallBuilder<(
    
        T0,
    
        T1,
    
)> {
    type Prepared = ::planus::Offset<DelegateCall>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::core::option::Option<::planus::Offset<DelegateCall>> {
        ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
    }
}

impl<
    
        T0: ::planus::WriteAsDefault<i32, i32>,
    
        T1: ::planus::WriteAsOptional<::planus::Offset<[i32]>>,
    
> ::planus::WriteAsOffset<DelegateCall> for DelegateCallBuilder<(
    
        T0,
    
        T1,
    
)> {
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<DelegateCall> {
        
        let (
            
                v0,
            
                v1,
            
        ) = &self.0;DelegateCall::create(
            builder,
            
                v0,
            
                v1,
            
        )
    }
}

/// Reference to a deserialized [DelegateCall].
#[derive(Copy, Clone)]
pub struct DelegateCallRef<'a>(
    #[allow(dead_code)]
    ::planus::table_reader::Table<'a>
);

impl<'a> DelegateCallRef<'a> {
    
        /// Getter for the [`delegate_index` field](DelegateCall#structfield.delegate_index).
        #[inline]
        pub fn delegate_index(&self) -> ::planus::Result<i32> {
             ::core::result::Result::Ok( 
            
              
              self.0.access(0, "DelegateCall", "delegate_index")
              
            
            ?.unwrap_or(0))
            
        }
    
        /// Getter for the [`args` field](DelegateCall#structfield.args).
        #[inline]
        pub fn args(&self) -> ::planus::Result<::core::option::Option<::planus::Vector<'a, i32>>> {
            
            
              
              self.0.access(1, "DelegateCall", "args")
              
            
            
            
        }
    
}

impl<'a> ::core::fmt::Debug for DelegateCallRef<'a> {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        let mut f = f.debug_struct("DelegateCallRef");
        f.field("delegate_index", &self.delegate_index());if let ::core::option::Option::Some(field_args) = self.args().transpose() {
                f.field("args", &field_args);
            }
        f.finish()
    }
}

impl<'a> ::core::convert::TryFrom<DelegateCallRef<'a>> for DelegateCall {
    type Error = ::planus::Error;


    #[allow(unreachable_code)]
    fn try_from(value: DelegateCallRef<'a>) -> ::planus::Result<Self> {

        ::core::result::Result::Ok(Self {
            delegate_index: ::core::convert::TryInto::try_into(value.delegate_index()?)?,args: 
                            if let ::core::option::Option::Some(args) = value.args()? {
                                ::core::option::Option::Some(args.to_vec()?)
                            } else {
                                ::core::option::Option::None
                            }
                        ,
        })
    }
}

impl<'a> ::planus::TableRead<'a> for DelegateCallRef<'a> {
    #[inline]
    fn from_buffer(buffer: ::planus::SliceWithStartOffset<'a>, offset: usize) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
        ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(buffer, offset)?))
    }
}

impl<'a> ::planus::VectorReadInner<'a> for DelegateCallRef<'a> {
    type Error = ::planus::Error;
    const STRIDE: usize = 4;

    unsafe fn from_buffer(buffer: ::planus::SliceWithStartOffset<'a>, offset: usize) -> ::planus::Result<Self> {
        ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| error_kind.with_error_location(
            "[DelegateCallRef]",
            "get",
            buffer.offset_from_start,
        ))
    }
}

/// # Safety
/// The planus compiler generates implementations that initialize
/// the bytes in `write_values`.
unsafe impl ::planus::VectorWrite<::planus::Offset<DelegateCall>> for DelegateCall {
    type Value = ::planus::Offset<DelegateCall>;
    const STRIDE: usize = 4;
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
        ::planus::WriteAs::prepare(self, builder)
    }

    #[inline]
    unsafe fn write_values(
        values: &[::planus::Offset<DelegateCall>],
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

impl<'a> ::planus::ReadAsRoot<'a> for DelegateCallRef<'a> {
    fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
        ::planus::TableRead::from_buffer(::planus::SliceWithStartOffset {
            buffer: slice,
            offset_from_start: 0,
        }, 0).map_err(|error_kind| error_kind.with_error_location(
            "[DelegateCallRef]",
            "read_as_root",
            0,
        ))
    }
}

    
/// The table `MoveCall` in the namespace `pte`
/// 
/// Generated from these locations:
/// * Table `MoveCall` in the file `fbs/pte.fbs:78`
#[derive(Clone, Debug, PartialEq, PartialOrd,
Eq, Ord, Hash,
::serde::Serialize, ::serde::Deserialize
)]
pub struct MoveCall{
    
        /// The field `from_value` in the table `MoveCall`
        pub from_value: i32,
        /// The field `to_value` in the table `MoveCall`
        pub to_value: i32,}


#[allow(clippy::derivable_impls)]
impl ::core::default::Default for MoveCall {
    fn default() -> Self {
        Self {
        from_value: 0,
        to_value: 0,
        
        }
    }
}


impl MoveCall {
    /// Creates a [MoveCallBuilder] for serializing an instance of this table.
    #[inline]
    pub fn builder() -> MoveCallBuilder<()> {
        MoveCallBuilder(())
    }

    #[allow(clippy::too_many_arguments)]
    pub fn create(
        builder: &mut ::planus::Builder,
        field_from_value: impl ::planus::WriteAsDefault<i32, i32>,
        field_to_value: impl ::planus::WriteAsDefault<i32, i32>,
        
    ) -> ::planus::Offset<Self> {let prepared_from_value = field_from_value.prepare(builder, &0);let prepared_to_value = field_to_value.prepare(builder, &0);

        let mut table_writer: ::planus::table_writer::TableWriter::<8> = ::core::default::Default::default();
        if prepared_from_value.is_some() {table_writer.write_entry::<i32>(0);}if prepared_to_value.is_some() {table_writer.write_entry::<i32>(1);}

        unsafe {
            table_writer.finish(builder, |object_writer| {if let ::core::option::Option::Some(prepared_from_value) = prepared_from_value {object_writer.write::<_, _, 4>(&prepared_from_value);}if let ::core::option::Option::Some(prepared_to_value) = prepared_to_value {object_writer.write::<_, _, 4>(&prepared_to_value);}
                
            });
        }builder.current_offset()
    }
}

impl ::planus::WriteAs<::planus::Offset<MoveCall>> for MoveCall {
    type Prepared = ::planus::Offset<Self>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<MoveCall> {
        ::planus::WriteAsOffset::prepare(self, builder)
    }
}

impl ::planus::WriteAsOptional<::planus::Offset<MoveCall>> for MoveCall {
    type Prepared = ::planus::Offset<Self>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::core::option::Option<::planus::Offset<MoveCall>> {
        ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
    }
}

impl ::planus::WriteAsOffset<MoveCall> for MoveCall {
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<MoveCall> {
        MoveCall::create(
            builder,
        
            
            self.from_value,
            
        
            
            self.to_value,
            
        
        )
    }
}

/// Builder for serializing an instance of the [MoveCall] type.
///
/// Can be created using the [MoveCall::builder] method.
#[derive(Debug)]
#[must_use]
pub struct MoveCallBuilder<State>(State);

impl<
    
> MoveCallBuilder
<
    (
    
    )
>
{
    /// Setter for the [`from_value` field](MoveCall#structfield.from_value).
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn from_value<T0>(self, value: T0) -> MoveCallBuilder<(
    
        T0,
    
    )>
    where T0: ::planus::WriteAsDefault<i32, i32>
    {
        MoveCallBuilder((
            
            value,
        ))
    }

    
    /// Sets the [`from_value` field](MoveCall#structfield.from_value) to the default value.
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn from_value_as_default(self) -> MoveCallBuilder<(
        
        ::planus::DefaultValue,
    )>
    {
        self.from_value(::planus::DefaultValue)
    }
    

    
}

impl<
    
        T0,
    
> MoveCallBuilder
<
    (
    
        T0,
    
    )
>
{
    /// Setter for the [`to_value` field](MoveCall#structfield.to_value).
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn to_value<T1>(self, value: T1) -> MoveCallBuilder<(
    
        T0,
    
        T1,
    
    )>
    where T1: ::planus::WriteAsDefault<i32, i32>
    {
        
        let (
            
                v0,
            
        ) = self.0;MoveCallBuilder((
            
                v0,
            
            value,
        ))
    }

    
    /// Sets the [`to_value` field](MoveCall#structfield.to_value) to the default value.
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn to_value_as_default(self) -> MoveCallBuilder<(
        
            T0,
        
        ::planus::DefaultValue,
    )>
    {
        self.to_value(::planus::DefaultValue)
    }
    

    
}



impl<
    
        T0,
    
        T1,
    
> MoveCallBuilder<(
    
        T0,
    
        T1,
    
)> {
    /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [MoveCall].
    #[inline]
    pub fn finish(self, builder: &mut ::planus::Builder) -> ::planus::Offset<MoveCall>
        where Self: ::planus::WriteAsOffset<MoveCall>
    {
        ::planus::WriteAsOffset::prepare(&self, builder)
    }
}

impl<
    
        T0: ::planus::WriteAsDefault<i32, i32>,
    
        T1: ::planus::WriteAsDefault<i32, i32>,
    
> ::planus::WriteAs<::planus::Offset<MoveCall>> for MoveCallBuilder<(
    
        T0,
    
        T1,
    
)> {
    type Prepared = ::planus::Offset<MoveCall>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<MoveCall> {
        ::planus::WriteAsOffset::prepare(self, builder)
    }
}

impl<
    
        T0: ::planus::WriteAsDefault<i32, i32>,
    
        T1: ::planus::WriteAsDefault<i32, i32>,
    
> ::planus::WriteAsOptional<::planus::Offset<MoveCall>> for MoveCallBuilder<(
    
        T0,
    
        T1,
    
)> {
    type Prepared = ::planus::Offset<MoveCall>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::core::option::Option<::planus::Offset<MoveCall>> {
        ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
    }
}

impl<
    
        T0: ::planus::WriteAsDefault<i32, i32>,
    
        T1: ::planus::WriteAsDefault<i32, i32>,
    
> ::planus::WriteAsOffset<MoveCall> for MoveCallBuilder<(
    
        T0,
    
        T1,
    
)> {
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<MoveCall> {
        
        let (
            
                v0,
            
                v1,
            
        ) = &self.0;MoveCall::create(
            builder,
            
                v0,
            
                v1,
            
        )
    }
}

/// Reference to a deserialized [MoveCall].
#[derive(Copy, Clone)]
pub struct MoveCallRef<'a>(
    #[allow(dead_code)]
    ::planus::table_reader::Table<'a>
);

impl<'a> MoveCallRef<'a> {
    
        /// Getter for the [`from_value` field](MoveCall#structfield.from_value).
        #[inline]
        pub fn from_value(&self) -> ::planus::Result<i32> {
             ::core::result::Result::Ok( 
            
              
              self.0.access(0, "MoveCall", "from_value")
              
            
            ?.unwrap_or(0))
            
        }
    
        /// Getter for the [`to_value` field](MoveCall#structfield.to_value).
        #[inline]
        pub fn to_value(&self) -> ::planus::Result<i32> {
             ::core::result::Result::Ok( 
            
              
              self.0.access(1, "MoveCall", "to_value")
              
            
            ?.unwrap_or(0))
            
        }
    
}

impl<'a> ::core::fmt::Debug for MoveCallRef<'a> {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        let mut f = f.debug_struct("MoveCallRef");
        f.field("from_value", &self.from_value());f.field("to_value", &self.to_value());
        f.finish()
    }
}

impl<'a> ::core::convert::TryFrom<MoveCallRef<'a>> for MoveCall {
    type Error = ::planus::Error;


    #[allow(unreachable_code)]
    fn try_from(value: MoveCallRef<'a>) -> ::planus::Result<Self> {

        ::core::result::Result::Ok(Self {
            from_value: ::core::convert::TryInto::try_into(value.from_value()?)?,to_value: ::core::convert::TryInto::try_into(value.to_value()?)?,
        })
    }
}

impl<'a> ::planus::TableRead<'a> for MoveCallRef<'a> {
    #[inline]
    fn from_buffer(buffer: ::planus::SliceWithStartOffset<'a>, offset: usize) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
        ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(buffer, offset)?))
    }
}

impl<'a> ::planus::VectorReadInner<'a> for MoveCallRef<'a> {
    type Error = ::planus::Error;
    const STRIDE: usize = 4;

    unsafe fn from_buffer(buffer: ::planus::SliceWithStartOffset<'a>, offset: usize) -> ::planus::Result<Self> {
        ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| error_kind.with_error_location(
            "[MoveCallRef]",
            "get",
            buffer.offset_from_start,
        ))
    }
}

/// # Safety
/// The planus compiler generates implementations that initialize
/// the bytes in `write_values`.
unsafe impl ::planus::VectorWrite<::planus::Offset<MoveCall>> for MoveCall {
    type Value = ::planus::Offset<MoveCall>;
    const STRIDE: usize = 4;
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
        ::planus::WriteAs::prepare(self, builder)
    }

    #[inline]
    unsafe fn write_values(
        values: &[::planus::Offset<MoveCall>],
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

impl<'a> ::planus::ReadAsRoot<'a> for MoveCallRef<'a> {
    fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
        ::planus::TableRead::from_buffer(::planus::SliceWithStartOffset {
            buffer: slice,
            offset_from_start: 0,
        }, 0).map_err(|error_kind| error_kind.with_error_location(
            "[MoveCallRef]",
            "read_as_root",
            0,
        ))
    }
}

    
/// The table `JumpFalseCall` in the namespace `pte`
/// 
/// Generated from these locations:
/// * Table `JumpFalseCall` in the file `fbs/pte.fbs:79`
#[derive(Clone, Debug, PartialEq, PartialOrd,
Eq, Ord, Hash,
::serde::Serialize, ::serde::Deserialize
)]
pub struct JumpFalseCall{
    
        /// The field `condition_value` in the table `JumpFalseCall`
        pub condition_value: i32,
        /// The field `destination` in the table `JumpFalseCall`
        pub destination: i32,}


#[allow(clippy::derivable_impls)]
impl ::core::default::Default for JumpFalseCall {
    fn default() -> Self {
        Self {
        condition_value: 0,
        destination: 0,
        
        }
    }
}


impl JumpFalseCall {
    /// Creates a [JumpFalseCallBuilder] for serializing an instance of this table.
    #[inline]
    pub fn builder() -> JumpFalseCallBuilder<()> {
        JumpFalseCallBuilder(())
    }

    #[allow(clippy::too_many_arguments)]
    pub fn create(
        builder: &mut ::planus::Builder,
        field_condition_value: impl ::planus::WriteAsDefault<i32, i32>,
        field_destination: impl ::planus::WriteAsDefault<i32, i32>,
        
    ) -> ::planus::Offset<Self> {let prepared_condition_value = field_condition_value.prepare(builder, &0);let prepared_destination = field_destination.prepare(builder, &0);

        let mut table_writer: ::planus::table_writer::TableWriter::<8> = ::core::default::Default::default();
        if prepared_condition_value.is_some() {table_writer.write_entry::<i32>(0);}if prepared_destination.is_some() {table_writer.write_entry::<i32>(1);}

        unsafe {
            table_writer.finish(builder, |object_writer| {if let ::core::option::Option::Some(prepared_condition_value) = prepared_condition_value {object_writer.write::<_, _, 4>(&prepared_condition_value);}if let ::core::option::Option::Some(prepared_destination) = prepared_destination {object_writer.write::<_, _, 4>(&prepared_destination);}
                
            });
        }builder.current_offset()
    }
}

impl ::planus::WriteAs<::planus::Offset<JumpFalseCall>> for JumpFalseCall {
    type Prepared = ::planus::Offset<Self>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<JumpFalseCall> {
        ::planus::WriteAsOffset::prepare(self, builder)
    }
}

impl ::planus::WriteAsOptional<::planus::Offset<JumpFalseCall>> for JumpFalseCall {
    type Prepared = ::planus::Offset<Self>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::core::option::Option<::planus::Offset<JumpFalseCall>> {
        ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
    }
}

impl ::planus::WriteAsOffset<JumpFalseCall> for JumpFalseCall {
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<JumpFalseCall> {
        JumpFalseCall::create(
            builder,
        
            
            self.condition_value,
            
        
            
            self.destination,
            
        
        )
    }
}

/// Builder for serializing an instance of the [JumpFalseCall] type.
///
/// Can be created using the [JumpFalseCall::builder] method.
#[derive(Debug)]
#[must_use]
pub struct JumpFalseCallBuilder<State>(State);

impl<
    
> JumpFalseCallBuilder
<
    (
    
    )
>
{
    /// Setter for the [`condition_value` field](JumpFalseCall#structfield.condition_value).
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn condition_value<T0>(self, value: T0) -> JumpFalseCallBuilder<(
    
        T0,
    
    )>
    where T0: ::planus::WriteAsDefault<i32, i32>
    {
        JumpFalseCallBuilder((
            
            value,
        ))
    }

    
    /// Sets the [`condition_value` field](JumpFalseCall#structfield.condition_value) to the default value.
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn condition_value_as_default(self) -> JumpFalseCallBuilder<(
        
        ::planus::DefaultValue,
    )>
    {
        self.condition_value(::planus::DefaultValue)
    }
    

    
}

impl<
    
        T0,
    
> JumpFalseCallBuilder
<
    (
    
        T0,
    
    )
>
{
    /// Setter for the [`destination` field](JumpFalseCall#structfield.destination).
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn destination<T1>(self, value: T1) -> JumpFalseCallBuilder<(
    
        T0,
    
        T1,
    
    )>
    where T1: ::planus::WriteAsDefault<i32, i32>
    {
        
        let (
            
                v0,
            
        ) = self.0;JumpFalseCallBuilder((
            
                v0,
            
            value,
        ))
    }

    
    /// Sets the [`destination` field](JumpFalseCall#structfield.destination) to the default value.
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn destination_as_default(self) -> JumpFalseCallBuilder<(
        
            T0,
        
        ::planus::DefaultValue,
    )>
    {
        self.destination(::planus::DefaultValue)
    }
    

    
}



impl<
    
        T0,
    
        T1,
    
> JumpFalseCallBuilder<(
    
        T0,
    
        T1,
    
)> {
    /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [JumpFalseCall].
    #[inline]
    pub fn finish(self, builder: &mut ::planus::Builder) -> ::planus::Offset<JumpFalseCall>
        where Self: ::planus::WriteAsOffset<JumpFalseCall>
    {
        ::planus::WriteAsOffset::prepare(&self, builder)
    }
}

impl<
    
        T0: ::planus::WriteAsDefault<i32, i32>,
    
        T1: ::planus::WriteAsDefault<i32, i32>,
    
> ::planus::WriteAs<::planus::Offset<JumpFalseCall>> for JumpFalseCallBuilder<(
    
        T0,
    
        T1,
    
)> {
    type Prepared = ::planus::Offset<JumpFalseCall>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<JumpFalseCall> {
        ::planus::WriteAsOffset::prepare(self, builder)
    }
}

impl<
    
        T0: ::planus::WriteAsDefault<i32, i32>,
    
        T1: ::planus::WriteAsDefault<i32, i32>,
    
> ::planus::WriteAsOptional<::planus::Offset<JumpFalseCall>> for JumpFalseCallBuilder<(
    
        T0,
    
        T1,
    
)> {
    type Prepared = ::planus::Offset<JumpFalseCall>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::core::option::Option<::planus::Offset<JumpFalseCall>> {
        ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
    }
}

impl<
    
        T0: ::planus::WriteAsDefault<i32, i32>,
    
        T1: ::planus::WriteAsDefault<i32, i32>,
    
> ::planus::WriteAsOffset<JumpFalseCall> for JumpFalseCallBuilder<(
    
        T0,
    
        T1,
    
)> {
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<JumpFalseCall> {
        
        let (
            
                v0,
            
                v1,
            
        ) = &self.0;JumpFalseCall::create(
            builder,
            
                v0,
            
                v1,
            
        )
    }
}

/// Reference to a deserialized [JumpFalseCall].
#[derive(Copy, Clone)]
pub struct JumpFalseCallRef<'a>(
    #[allow(dead_code)]
    ::planus::table_reader::Table<'a>
);

impl<'a> JumpFalseCallRef<'a> {
    
        /// Getter for the [`condition_value` field](JumpFalseCall#structfield.condition_value).
        #[inline]
        pub fn condition_value(&self) -> ::planus::Result<i32> {
             ::core::result::Result::Ok( 
            
              
              self.0.access(0, "JumpFalseCall", "condition_value")
              
            
            ?.unwrap_or(0))
            
        }
    
        /// Getter for the [`destination` field](JumpFalseCall#structfield.destination).
        #[inline]
        pub fn destination(&self) -> ::planus::Result<i32> {
             ::core::result::Result::Ok( 
            
              
              self.0.access(1, "JumpFalseCall", "destination")
              
            
            ?.unwrap_or(0))
            
        }
    
}

impl<'a> ::core::fmt::Debug for JumpFalseCallRef<'a> {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        let mut f = f.debug_struct("JumpFalseCallRef");
        f.field("condition_value", &self.condition_value());f.field("destination", &self.destination());
        f.finish()
    }
}

impl<'a> ::core::convert::TryFrom<JumpFalseCallRef<'a>> for JumpFalseCall {
    type Error = ::planus::Error;


    #[allow(unreachable_code)]
    fn try_from(value: JumpFalseCallRef<'a>) -> ::planus::Result<Self> {

        ::core::result::Result::Ok(Self {
            condition_value: ::core::convert::TryInto::try_into(value.condition_value()?)?,destination: ::core::convert::TryInto::try_into(value.destination()?)?,
        })
    }
}

impl<'a> ::planus::TableRead<'a> for JumpFalseCallRef<'a> {
    #[inline]
    fn from_buffer(buffer: ::planus::SliceWithStartOffset<'a>, offset: usize) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
        ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(buffer, offset)?))
    }
}

impl<'a> ::planus::VectorReadInner<'a> for JumpFalseCallRef<'a> {
    type Error = ::planus::Error;
    const STRIDE: usize = 4;

    unsafe fn from_buffer(buffer: ::planus::SliceWithStartOffset<'a>, offset: usize) -> ::planus::Result<Self> {
        ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| error_kind.with_error_location(
            "[JumpFalseCallRef]",
            "get",
            buffer.offset_from_start,
        ))
    }
}

/// # Safety
/// The planus compiler generates implementations that initialize
/// the bytes in `write_values`.
unsafe impl ::planus::VectorWrite<::planus::Offset<JumpFalseCall>> for JumpFalseCall {
    type Value = ::planus::Offset<JumpFalseCall>;
    const STRIDE: usize = 4;
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
        ::planus::WriteAs::prepare(self, builder)
    }

    #[inline]
    unsafe fn write_values(
        values: &[::planus::Offset<JumpFalseCall>],
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

impl<'a> ::planus::ReadAsRoot<'a> for JumpFalseCallRef<'a> {
    fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
        ::planus::TableRead::from_buffer(::planus::SliceWithStartOffset {
            buffer: slice,
            offset_from_start: 0,
        }, 0).map_err(|error_kind| error_kind.with_error_location(
            "[JumpFalseCallRef]",
            "read_as_root",
            0,
        ))
    }
}

    
/// The table `FreeCall` in the namespace `pte`
/// 
/// Generated from these locations:
/// * Table `FreeCall` in the file `fbs/pte.fbs:80`
#[derive(Clone, Debug, PartialEq, PartialOrd,
Eq, Ord, Hash,
::serde::Serialize, ::serde::Deserialize
)]
pub struct FreeCall{
    
        /// The field `value` in the table `FreeCall`
        pub value: i32,}


#[allow(clippy::derivable_impls)]
impl ::core::default::Default for FreeCall {
    fn default() -> Self {
        Self {
        value: 0,
        
        }
    }
}


impl FreeCall {
    /// Creates a [FreeCallBuilder] for serializing an instance of this table.
    #[inline]
    pub fn builder() -> FreeCallBuilder<()> {
        FreeCallBuilder(())
    }

    #[allow(clippy::too_many_arguments)]
    pub fn create(
        builder: &mut ::planus::Builder,
        field_value: impl ::planus::WriteAsDefault<i32, i32>,
        
    ) -> ::planus::Offset<Self> {let prepared_value = field_value.prepare(builder, &0);

        let mut table_writer: ::planus::table_writer::TableWriter::<6> = ::core::default::Default::default();
        if prepared_value.is_some() {table_writer.write_entry::<i32>(0);}

        unsafe {
            table_writer.finish(builder, |object_writer| {if let ::core::option::Option::Some(prepared_value) = prepared_value {object_writer.write::<_, _, 4>(&prepared_value);}
                
            });
        }builder.current_offset()
    }
}

impl ::planus::WriteAs<::planus::Offset<FreeCall>> for FreeCall {
    type Prepared = ::planus::Offset<Self>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<FreeCall> {
        ::planus::WriteAsOffset::prepare(self, builder)
    }
}

impl ::planus::WriteAsOptional<::planus::Offset<FreeCall>> for FreeCall {
    type Prepared = ::planus::Offset<Self>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::core::option::Option<::planus::Offset<FreeCall>> {
        ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
    }
}

impl ::planus::WriteAsOffset<FreeCall> for FreeCall {
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<FreeCall> {
        FreeCall::create(
            builder,
        
            
            self.value,
            
        
        )
    }
}

/// Builder for serializing an instance of the [FreeCall] type.
///
/// Can be created using the [FreeCall::builder] method.
#[derive(Debug)]
#[must_use]
pub struct FreeCallBuilder<State>(State);

impl<
    
> FreeCallBuilder
<
    (
    
    )
>
{
    /// Setter for the [`value` field](FreeCall#structfield.value).
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn value<T0>(self, value: T0) -> FreeCallBuilder<(
    
        T0,
    
    )>
    where T0: ::planus::WriteAsDefault<i32, i32>
    {
        FreeCallBuilder((
            
            value,
        ))
    }

    
    /// Sets the [`value` field](FreeCall#structfield.value) to the default value.
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn value_as_default(self) -> FreeCallBuilder<(
        
        ::planus::DefaultValue,
    )>
    {
        self.value(::planus::DefaultValue)
    }
    

    
}



impl<
    
        T0,
    
> FreeCallBuilder<(
    
        T0,
    
)> {
    /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [FreeCall].
    #[inline]
    pub fn finish(self, builder: &mut ::planus::Builder) -> ::planus::Offset<FreeCall>
        where Self: ::planus::WriteAsOffset<FreeCall>
    {
        ::planus::WriteAsOffset::prepare(&self, builder)
    }
}

impl<
    
        T0: ::planus::WriteAsDefault<i32, i32>,
    
> ::planus::WriteAs<::planus::Offset<FreeCall>> for FreeCallBuilder<(
    
        T0,
    
)> {
    type Prepared = ::planus::Offset<FreeCall>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<FreeCall> {
        ::planus::WriteAsOffset::prepare(self, builder)
    }
}

impl<
    
        T0: ::planus::WriteAsDefault<i32, i32>,
    
> ::planus::WriteAsOptional<::planus::Offset<FreeCall>> for FreeCallBuilder<(
    
        T0,
    
)> {
    type Prepared = ::planus::Offset<FreeCall>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::core::option::Option<::planus::Offset<FreeCall>> {
        ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
    }
}

impl<
    
        T0: ::planus::WriteAsDefault<i32, i32>,
    
> ::planus::WriteAsOffset<FreeCall> for FreeCallBuilder<(
    
        T0,
    
)> {
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<FreeCall> {
        
        let (
            
                v0,
            
        ) = &self.0;FreeCall::create(
            builder,
            
                v0,
            
        )
    }
}

/// Reference to a deserialized [FreeCall].
#[derive(Copy, Clone)]
pub struct FreeCallRef<'a>(
    #[allow(dead_code)]
    ::planus::table_reader::Table<'a>
);

impl<'a> FreeCallRef<'a> {
    
        /// Getter for the [`value` field](FreeCall#structfield.value).
        #[inline]
        pub fn value(&self) -> ::planus::Result<i32> {
             ::core::result::Result::Ok( 
            
              
              self.0.access(0, "FreeCall", "value")
              
            
            ?.unwrap_or(0))
            
        }
    
}

impl<'a> ::core::fmt::Debug for FreeCallRef<'a> {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        let mut f = f.debug_struct("FreeCallRef");
        f.field("value", &self.value());
        f.finish()
    }
}

impl<'a> ::core::convert::TryFrom<FreeCallRef<'a>> for FreeCall {
    type Error = ::planus::Error;


    #[allow(unreachable_code)]
    fn try_from(value: FreeCallRef<'a>) -> ::planus::Result<Self> {

        ::core::result::Result::Ok(Self {
            value: ::core::convert::TryInto::try_into(value.value()?)?,
        })
    }
}

impl<'a> ::planus::TableRead<'a> for FreeCallRef<'a> {
    #[inline]
    fn from_buffer(buffer: ::planus::SliceWithStartOffset<'a>, offset: usize) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
        ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(buffer, offset)?))
    }
}

impl<'a> ::planus::VectorReadInner<'a> for FreeCallRef<'a> {
    type Error = ::planus::Error;
    const STRIDE: usize = 4;

    unsafe fn from_buffer(buffer: ::planus::SliceWithStartOffset<'a>, offset: usize) -> ::planus::Result<Self> {
        ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| error_kind.with_error_location(
            "[FreeCallRef]",
            "get",
            buffer.offset_from_start,
        ))
    }
}

/// # Safety
/// The planus compiler generates implementations that initialize
/// the bytes in `write_values`.
unsafe impl ::planus::VectorWrite<::planus::Offset<FreeCall>> for FreeCall {
    type Value = ::planus::Offset<FreeCall>;
    const STRIDE: usize = 4;
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
        ::planus::WriteAs::prepare(self, builder)
    }

    #[inline]
    unsafe fn write_values(
        values: &[::planus::Offset<FreeCall>],
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

impl<'a> ::planus::ReadAsRoot<'a> for FreeCallRef<'a> {
    fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
        ::planus::TableRead::from_buffer(::planus::SliceWithStartOffset {
            buffer: slice,
            offset_from_start: 0,
        }, 0).map_err(|error_kind| error_kind.with_error_location(
            "[FreeCallRef]",
            "read_as_root",
            0,
        ))
    }
}

    
/// The union `InstructionKind` in the namespace `pte`
/// 
/// Generated from these locations:
/// * Union `InstructionKind` in the file `fbs/pte.fbs:82`
#[derive(Clone, Debug, PartialEq, PartialOrd,
Eq, Ord, Hash,
::serde::Serialize, ::serde::Deserialize)]
pub enum InstructionKind{
    
        /// The variant of type `KernelCall` in the union `InstructionKind`
        KernelCall(::planus::alloc::boxed::Box<self::KernelCall>),
    
        /// The variant of type `DelegateCall` in the union `InstructionKind`
        DelegateCall(::planus::alloc::boxed::Box<self::DelegateCall>),
    
        /// The variant of type `MoveCall` in the union `InstructionKind`
        MoveCall(::planus::alloc::boxed::Box<self::MoveCall>),
    
        /// The variant of type `JumpFalseCall` in the union `InstructionKind`
        JumpFalseCall(::planus::alloc::boxed::Box<self::JumpFalseCall>),
    
        /// The variant of type `FreeCall` in the union `InstructionKind`
        FreeCall(::planus::alloc::boxed::Box<self::FreeCall>),
    
}


impl InstructionKind {
    /// Creates a [InstructionKindBuilder] for serializing an instance of this table.
    #[inline]
    pub fn builder() -> InstructionKindBuilder<::planus::Uninitialized> {
        InstructionKindBuilder(::planus::Uninitialized)
    }

    #[inline]
    pub fn create_kernel_call(
      builder: &mut ::planus::Builder,
      value: impl ::planus::WriteAsOffset<self::KernelCall>,
    ) -> ::planus::UnionOffset<Self> {
        ::planus::UnionOffset::new(1, value.prepare(builder).downcast())
    }

    #[inline]
    pub fn create_delegate_call(
      builder: &mut ::planus::Builder,
      value: impl ::planus::WriteAsOffset<self::DelegateCall>,
    ) -> ::planus::UnionOffset<Self> {
        ::planus::UnionOffset::new(2, value.prepare(builder).downcast())
    }

    #[inline]
    pub fn create_move_call(
      builder: &mut ::planus::Builder,
      value: impl ::planus::WriteAsOffset<self::MoveCall>,
    ) -> ::planus::UnionOffset<Self> {
        ::planus::UnionOffset::new(3, value.prepare(builder).downcast())
    }

    #[inline]
    pub fn create_jump_false_call(
      builder: &mut ::planus::Builder,
      value: impl ::planus::WriteAsOffset<self::JumpFalseCall>,
    ) -> ::planus::UnionOffset<Self> {
        ::planus::UnionOffset::new(4, value.prepare(builder).downcast())
    }

    #[inline]
    pub fn create_free_call(
      builder: &mut ::planus::Builder,
      value: impl ::planus::WriteAsOffset<self::FreeCall>,
    ) -> ::planus::UnionOffset<Self> {
        ::planus::UnionOffset::new(5, value.prepare(builder).downcast())
    }

    
}



impl ::planus::WriteAsUnion<InstructionKind> for InstructionKind {
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::UnionOffset<Self> {
        match self {
            Self::KernelCall(value) => Self::create_kernel_call(builder, value),
            Self::DelegateCall(value) => Self::create_delegate_call(builder, value),
            Self::MoveCall(value) => Self::create_move_call(builder, value),
            Self::JumpFalseCall(value) => Self::create_jump_false_call(builder, value),
            Self::FreeCall(value) => Self::create_free_call(builder, value),
            
        }
    }
}


impl ::planus::WriteAsOptionalUnion<InstructionKind> for InstructionKind {
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::core::option::Option<::planus::UnionOffset<Self>> {
        ::core::option::Option::Some(::planus::WriteAsUnion::prepare(self, builder))
    }
}

/// Builder for serializing an instance of the [InstructionKind] type.
///
/// Can be created using the [InstructionKind::builder] method.
#[derive(Debug)]
#[must_use]
pub struct InstructionKindBuilder<T>(T);

impl InstructionKindBuilder<::planus::Uninitialized> {
    /// Creates an instance of the [`KernelCall` variant](InstructionKind#variant.KernelCall).
    #[inline]
    pub fn kernel_call<T>(
        self,
        value: T,
    ) -> InstructionKindBuilder<::planus::Initialized<1, T>>
        where T: ::planus::WriteAsOffset<self::KernelCall> {
        InstructionKindBuilder(::planus::Initialized(value))
    }

    /// Creates an instance of the [`DelegateCall` variant](InstructionKind#variant.DelegateCall).
    #[inline]
    pub fn delegate_call<T>(
        self,
        value: T,
    ) -> InstructionKindBuilder<::planus::Initialized<2, T>>
        where T: ::planus::WriteAsOffset<self::DelegateCall> {
        InstructionKindBuilder(::planus::Initialized(value))
    }

    /// Creates an instance of the [`MoveCall` variant](InstructionKind#variant.MoveCall).
    #[inline]
    pub fn move_call<T>(
        self,
        value: T,
    ) -> InstructionKindBuilder<::planus::Initialized<3, T>>
        where T: ::planus::WriteAsOffset<self::MoveCall> {
        InstructionKindBuilder(::planus::Initialized(value))
    }

    /// Creates an instance of the [`JumpFalseCall` variant](InstructionKind#variant.JumpFalseCall).
    #[inline]
    pub fn jump_false_call<T>(
        self,
        value: T,
    ) -> InstructionKindBuilder<::planus::Initialized<4, T>>
        where T: ::planus::WriteAsOffset<self::JumpFalseCall> {
        InstructionKindBuilder(::planus::Initialized(value))
    }

    /// Creates an instance of the [`FreeCall` variant](InstructionKind#variant.FreeCall).
    #[inline]
    pub fn free_call<T>(
        self,
        value: T,
    ) -> InstructionKindBuilder<::planus::Initialized<5, T>>
        where T: ::planus::WriteAsOffset<self::FreeCall> {
        InstructionKindBuilder(::planus::Initialized(value))
    }

    
}

impl<const N: u8, T> InstructionKindBuilder<::planus::Initialized<N, T>> {
    /// Finish writing the builder to get an [UnionOffset](::planus::UnionOffset) to a serialized [InstructionKind].
    #[inline]
    pub fn finish(self, builder: &mut ::planus::Builder) -> ::planus::UnionOffset<InstructionKind>
        where Self: ::planus::WriteAsUnion<InstructionKind>
    {
        ::planus::WriteAsUnion::prepare(&self, builder)
    }
}

impl<T> ::planus::WriteAsUnion<InstructionKind> for InstructionKindBuilder<::planus::Initialized<1, T>>
    where T: ::planus::WriteAsOffset<self::KernelCall>
{
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::UnionOffset<InstructionKind> {
        ::planus::UnionOffset::new(1, (self.0).0.prepare(builder).downcast())
    }
}

impl<T> ::planus::WriteAsOptionalUnion<InstructionKind> for InstructionKindBuilder<::planus::Initialized<1, T>>
    where T: ::planus::WriteAsOffset<self::KernelCall>
{
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::core::option::Option<::planus::UnionOffset<InstructionKind>> {
        ::core::option::Option::Some(::planus::WriteAsUnion::prepare(self, builder))
    }
}
impl<T> ::planus::WriteAsUnion<InstructionKind> for InstructionKindBuilder<::planus::Initialized<2, T>>
    where T: ::planus::WriteAsOffset<self::DelegateCall>
{
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::UnionOffset<InstructionKind> {
        ::planus::UnionOffset::new(2, (self.0).0.prepare(builder).downcast())
    }
}

impl<T> ::planus::WriteAsOptionalUnion<InstructionKind> for InstructionKindBuilder<::planus::Initialized<2, T>>
    where T: ::planus::WriteAsOffset<self::DelegateCall>
{
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::core::option::Option<::planus::UnionOffset<InstructionKind>> {
        ::core::option::Option::Some(::planus::WriteAsUnion::prepare(self, builder))
    }
}
impl<T> ::planus::WriteAsUnion<InstructionKind> for InstructionKindBuilder<::planus::Initialized<3, T>>
    where T: ::planus::WriteAsOffset<self::MoveCall>
{
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::UnionOffset<InstructionKind> {
        ::planus::UnionOffset::new(3, (self.0).0.prepare(builder).downcast())
    }
}

impl<T> ::planus::WriteAsOptionalUnion<InstructionKind> for InstructionKindBuilder<::planus::Initialized<3, T>>
    where T: ::planus::WriteAsOffset<self::MoveCall>
{
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::core::option::Option<::planus::UnionOffset<InstructionKind>> {
        ::core::option::Option::Some(::planus::WriteAsUnion::prepare(self, builder))
    }
}
impl<T> ::planus::WriteAsUnion<InstructionKind> for InstructionKindBuilder<::planus::Initialized<4, T>>
    where T: ::planus::WriteAsOffset<self::JumpFalseCall>
{
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::UnionOffset<InstructionKind> {
        ::planus::UnionOffset::new(4, (self.0).0.prepare(builder).downcast())
    }
}

impl<T> ::planus::WriteAsOptionalUnion<InstructionKind> for InstructionKindBuilder<::planus::Initialized<4, T>>
    where T: ::planus::WriteAsOffset<self::JumpFalseCall>
{
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::core::option::Option<::planus::UnionOffset<InstructionKind>> {
        ::core::option::Option::Some(::planus::WriteAsUnion::prepare(self, builder))
    }
}
impl<T> ::planus::WriteAsUnion<InstructionKind> for InstructionKindBuilder<::planus::Initialized<5, T>>
    where T: ::planus::WriteAsOffset<self::FreeCall>
{
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::UnionOffset<InstructionKind> {
        ::planus::UnionOffset::new(5, (self.0).0.prepare(builder).downcast())
    }
}

impl<T> ::planus::WriteAsOptionalUnion<InstructionKind> for InstructionKindBuilder<::planus::Initialized<5, T>>
    where T: ::planus::WriteAsOffset<self::FreeCall>
{
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::core::option::Option<::planus::UnionOffset<InstructionKind>> {
        ::core::option::Option::Some(::planus::WriteAsUnion::prepare(self, builder))
    }
}


/// Reference to a deserialized [InstructionKind].
#[derive(Copy, Clone, Debug)]
pub enum InstructionKindRef<'a>{
    KernelCall(self::KernelCallRef<'a>),
    DelegateCall(self::DelegateCallRef<'a>),
    MoveCall(self::MoveCallRef<'a>),
    JumpFalseCall(self::JumpFalseCallRef<'a>),
    FreeCall(self::FreeCallRef<'a>),
    
}


impl<'a> ::core::convert::TryFrom<InstructionKindRef<'a>> for InstructionKind {
    type Error = ::planus::Error;

    fn try_from(value: InstructionKindRef<'a>) -> ::planus::Result<Self> {
        ::core::result::Result::Ok(match value {
            
                InstructionKindRef::KernelCall(value) => Self::KernelCall(::planus::alloc::boxed::Box::new(::core::convert::TryFrom::try_from(value)?)),
                
            
                InstructionKindRef::DelegateCall(value) => Self::DelegateCall(::planus::alloc::boxed::Box::new(::core::convert::TryFrom::try_from(value)?)),
                
            
                InstructionKindRef::MoveCall(value) => Self::MoveCall(::planus::alloc::boxed::Box::new(::core::convert::TryFrom::try_from(value)?)),
                
            
                InstructionKindRef::JumpFalseCall(value) => Self::JumpFalseCall(::planus::alloc::boxed::Box::new(::core::convert::TryFrom::try_from(value)?)),
                
            
                InstructionKindRef::FreeCall(value) => Self::FreeCall(::planus::alloc::boxed::Box::new(::core::convert::TryFrom::try_from(value)?)),
                
            
        })
    }
}



impl<'a> ::planus::TableReadUnion<'a> for InstructionKindRef<'a> {
    fn from_buffer(buffer: ::planus::SliceWithStartOffset<'a>, tag: u8, field_offset: usize) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
        match tag {
            1 => ::core::result::Result::Ok(Self::KernelCall(::planus::TableRead::from_buffer(buffer, field_offset)?)),2 => ::core::result::Result::Ok(Self::DelegateCall(::planus::TableRead::from_buffer(buffer, field_offset)?)),3 => ::core::result::Result::Ok(Self::MoveCall(::planus::TableRead::from_buffer(buffer, field_offset)?)),4 => ::core::result::Result::Ok(Self::JumpFalseCall(::planus::TableRead::from_buffer(buffer, field_offset)?)),5 => ::core::result::Result::Ok(Self::FreeCall(::planus::TableRead::from_buffer(buffer, field_offset)?)),_ => ::core::result::Result::Err(::planus::errors::ErrorKind::UnknownUnionTag { tag }),
        }
    }
}



impl<'a> ::planus::VectorReadUnion<'a> for InstructionKindRef<'a> {
    const VECTOR_NAME: &'static str = "[InstructionKindRef]";
}


    
/// The table `Instruction` in the namespace `pte`
/// 
/// Generated from these locations:
/// * Table `Instruction` in the file `fbs/pte.fbs:90`
#[derive(Clone, Debug, PartialEq, PartialOrd,
Eq, Ord, Hash,
::serde::Serialize, ::serde::Deserialize
)]
pub struct Instruction{
    
        /// The field `kind` in the table `Instruction`
        pub kind: ::core::option::Option<self::InstructionKind>,}


#[allow(clippy::derivable_impls)]
impl ::core::default::Default for Instruction {
    fn default() -> Self {
        Self {
        kind: ::core::default::Default::default(),
        
        }
    }
}


impl Instruction {
    /// Creates a [InstructionBuilder] for serializing an instance of this table.
    #[inline]
    pub fn builder() -> InstructionBuilder<()> {
        InstructionBuilder(())
    }

    #[allow(clippy::too_many_arguments)]
    pub fn create(
        builder: &mut ::planus::Builder,
        field_kind: impl ::planus::WriteAsOptionalUnion<self::InstructionKind>,
        
    ) -> ::planus::Offset<Self> {let prepared_kind = field_kind.prepare(builder);

        let mut table_writer: ::planus::table_writer::TableWriter::<8> = ::core::default::Default::default();
        if prepared_kind.is_some() {table_writer.write_entry::<::planus::Offset<self::InstructionKind>>(1);}if prepared_kind.is_some() {table_writer.write_entry::<u8>(0);}

        unsafe {
            table_writer.finish(builder, |object_writer| {if let ::core::option::Option::Some(prepared_kind) = prepared_kind {object_writer.write::<_, _, 4>(&prepared_kind.offset());}if let ::core::option::Option::Some(prepared_kind) = prepared_kind {object_writer.write::<_, _, 1>(&prepared_kind.tag());}
                
            });
        }builder.current_offset()
    }
}

impl ::planus::WriteAs<::planus::Offset<Instruction>> for Instruction {
    type Prepared = ::planus::Offset<Self>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<Instruction> {
        ::planus::WriteAsOffset::prepare(self, builder)
    }
}

impl ::planus::WriteAsOptional<::planus::Offset<Instruction>> for Instruction {
    type Prepared = ::planus::Offset<Self>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::core::option::Option<::planus::Offset<Instruction>> {
        ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
    }
}

impl ::planus::WriteAsOffset<Instruction> for Instruction {
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<Instruction> {
        Instruction::create(
            builder,
        
            
            &self.kind,
            
        
        )
    }
}

/// Builder for serializing an instance of the [Instruction] type.
///
/// Can be created using the [Instruction::builder] method.
#[derive(Debug)]
#[must_use]
pub struct InstructionBuilder<State>(State);

impl<
    
> InstructionBuilder
<
    (
    
    )
>
{
    /// Setter for the [`kind` field](Instruction#structfield.kind).
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn kind<T0>(self, value: T0) -> InstructionBuilder<(
    
        T0,
    
    )>
    where T0: ::planus::WriteAsOptionalUnion<self::InstructionKind>
    {
        InstructionBuilder((
            
            value,
        ))
    }

    

    
    /// Sets the [`kind` field](Instruction#structfield.kind) to null.
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn kind_as_null(self) -> InstructionBuilder<(
        
        (),
    )>
    {
        self.kind(())
    }
    
}



impl<
    
        T0,
    
> InstructionBuilder<(
    
        T0,
    
)> {
    /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [Instruction].
    #[inline]
    pub fn finish(self, builder: &mut ::planus::Builder) -> ::planus::Offset<Instruction>
        where Self: ::planus::WriteAsOffset<Instruction>
    {
        ::planus::WriteAsOffset::prepare(&self, builder)
    }
}

impl<
    
        T0: ::planus::WriteAsOptionalUnion<self::InstructionKind>,
    
> ::planus::WriteAs<::planus::Offset<Instruction>> for InstructionBuilder<(
    
        T0,
    
)> {
    type Prepared = ::planus::Offset<Instruction>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<Instruction> {
        ::planus::WriteAsOffset::prepare(self, builder)
    }
}

impl<
    
        T0: ::planus::WriteAsOptionalUnion<self::InstructionKind>,
    
> ::planus::WriteAsOptional<::planus::Offset<Instruction>> for InstructionBuilder<(
    
        T0,
    
)> {
    type Prepared = ::planus::Offset<Instruction>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::core::option::Option<::planus::Offset<Instruction>> {
        ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
    }
}

impl<
    
        T0: ::planus::WriteAsOptionalUnion<self::InstructionKind>,
    
> ::planus::WriteAsOffset<Instruction> for InstructionBuilder<(
    
        T0,
    
)> {
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<Instruction> {
        
        let (
            
                v0,
            
        ) = &self.0;Instruction::create(
            builder,
            
                v0,
            
        )
    }
}

/// Reference to a deserialized [Instruction].
#[derive(Copy, Clone)]
pub struct InstructionRef<'a>(
    #[allow(dead_code)]
    ::planus::table_reader::Table<'a>
);

impl<'a> InstructionRef<'a> {
    
        /// Getter for the [`kind` field](Instruction#structfield.kind).
        #[inline]
        pub fn kind(&self) -> ::planus::Result<::core::option::Option<self::InstructionKindRef<'a>>> {
            
            
              
              self.0.access_union(0, "Instruction", "kind")
              
            
            
            
        }
    
}

impl<'a> ::core::fmt::Debug for InstructionRef<'a> {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        let mut f = f.debug_struct("InstructionRef");
        if let ::core::option::Option::Some(field_kind) = self.kind().transpose() {
                f.field("kind", &field_kind);
            }
        f.finish()
    }
}

impl<'a> ::core::convert::TryFrom<InstructionRef<'a>> for Instruction {
    type Error = ::planus::Error;


    #[allow(unreachable_code)]
    fn try_from(value: InstructionRef<'a>) -> ::planus::Result<Self> {

        ::core::result::Result::Ok(Self {
            kind: 
                    if let ::core::option::Option::Some(kind) = value.kind()? {
                        ::core::option::Option::Some(::core::convert::TryInto::try_into(kind)?)
                    } else {
                        ::core::option::Option::None
                    }
                ,
        })
    }
}

impl<'a> ::planus::TableRead<'a> for InstructionRef<'a> {
    #[inline]
    fn from_buffer(buffer: ::planus::SliceWithStartOffset<'a>, offset: usize) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
        ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(buffer, offset)?))
    }
}

impl<'a> ::planus::VectorReadInner<'a> for InstructionRef<'a> {
    type Error = ::planus::Error;
    const STRIDE: usize = 4;

    unsafe fn from_buffer(buffer: ::planus::SliceWithStartOffset<'a>, offset: usize) -> ::planus::Result<Self> {
        ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| error_kind.with_error_location(
            "[InstructionRef]",
            "get",
            buffer.offset_from_start,
        ))
    }
}

/// # Safety
/// The planus compiler generates implementations that initialize
/// the bytes in `write_values`.
unsafe impl ::planus::VectorWrite<::planus::Offset<Instruction>> for Instruction {
    type Value = ::planus::Offset<Instruction>;
    const STRIDE: usize = 4;
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
        ::planus::WriteAs::prepare(self, builder)
    }

    #[inline]
    unsafe fn write_values(
        values: &[::planus::Offset<Instruction>],
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

impl<'a> ::planus::ReadAsRoot<'a> for InstructionRef<'a> {
    fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
        ::planus::TableRead::from_buffer(::planus::SliceWithStartOffset {
            buffer: slice,
            offset_from_start: 0,
        }, 0).map_err(|error_kind| error_kind.with_error_location(
            "[InstructionRef]",
            "read_as_root",
            0,
        ))
    }
}

    
/// The table `SourceFrame` in the namespace `pte`
/// 
/// Generated from these locations:
/// * Table `SourceFrame` in the file `fbs/pte.fbs:92`
#[derive(Clone, Debug, PartialEq, PartialOrd,
Eq, Ord, Hash,
::serde::Serialize, ::serde::Deserialize
)]
pub struct SourceFrame{
    
        /// The field `file` in the table `SourceFrame`
        pub file: ::core::option::Option<::planus::alloc::string::String>,
        /// The field `line` in the table `SourceFrame`
        pub line: i32,
        /// The field `function` in the table `SourceFrame`
        pub function: ::core::option::Option<::planus::alloc::string::String>,
        /// The field `code` in the table `SourceFrame`
        pub code: ::core::option::Option<::planus::alloc::string::String>,}


#[allow(clippy::derivable_impls)]
impl ::core::default::Default for SourceFrame {
    fn default() -> Self {
        Self {
        file: ::core::default::Default::default(),
        line: 0,
        function: ::core::default::Default::default(),
        code: ::core::default::Default::default(),
        
        }
    }
}


impl SourceFrame {
    /// Creates a [SourceFrameBuilder] for serializing an instance of this table.
    #[inline]
    pub fn builder() -> SourceFrameBuilder<()> {
        SourceFrameBuilder(())
    }

    #[allow(clippy::too_many_arguments)]
    pub fn create(
        builder: &mut ::planus::Builder,
        field_file: impl ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
        field_line: impl ::planus::WriteAsDefault<i32, i32>,
        field_function: impl ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
        field_code: impl ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
        
    ) -> ::planus::Offset<Self> {let prepared_file = field_file.prepare(builder);let prepared_line = field_line.prepare(builder, &0);let prepared_function = field_function.prepare(builder);let prepared_code = field_code.prepare(builder);

        let mut table_writer: ::planus::table_writer::TableWriter::<12> = ::core::default::Default::default();
        if prepared_file.is_some() {table_writer.write_entry::<::planus::Offset<str>>(0);}if prepared_line.is_some() {table_writer.write_entry::<i32>(1);}if prepared_function.is_some() {table_writer.write_entry::<::planus::Offset<str>>(2);}if prepared_code.is_some() {table_writer.write_entry::<::planus::Offset<str>>(3);}

        unsafe {
            table_writer.finish(builder, |object_writer| {if let ::core::option::Option::Some(prepared_file) = prepared_file {object_writer.write::<_, _, 4>(&prepared_file);}if let ::core::option::Option::Some(prepared_line) = prepared_line {object_writer.write::<_, _, 4>(&prepared_line);}if let ::core::option::Option::Some(prepared_function) = prepared_function {object_writer.write::<_, _, 4>(&prepared_function);}if let ::core::option::Option::Some(prepared_code) = prepared_code {object_writer.write::<_, _, 4>(&prepared_code);}
                
            });
        }builder.current_offset()
    }
}

impl ::planus::WriteAs<::planus::Offset<SourceFrame>> for SourceFrame {
    type Prepared = ::planus::Offset<Self>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<SourceFrame> {
        ::planus::WriteAsOffset::prepare(self, builder)
    }
}

impl ::planus::WriteAsOptional<::planus::Offset<SourceFrame>> for SourceFrame {
    type Prepared = ::planus::Offset<Self>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::core::option::Option<::planus::Offset<SourceFrame>> {
        ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
    }
}

impl ::planus::WriteAsOffset<SourceFrame> for SourceFrame {
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<SourceFrame> {
        SourceFrame::create(
            builder,
        
            
            &self.file,
            
        
            
            self.line,
            
        
            
            &self.function,
            
        
            
            &self.code,
            
        
        )
    }
}

/// Builder for serializing an instance of the [SourceFrame] type.
///
/// Can be created using the [SourceFrame::builder] method.
#[derive(Debug)]
#[must_use]
pub struct SourceFrameBuilder<State>(State);

impl<
    
> SourceFrameBuilder
<
    (
    
    )
>
{
    /// Setter for the [`file` field](SourceFrame#structfield.file).
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn file<T0>(self, value: T0) -> SourceFrameBuilder<(
    
        T0,
    
    )>
    where T0: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>
    {
        SourceFrameBuilder((
            
            value,
        ))
    }

    

    
    /// Sets the [`file` field](SourceFrame#structfield.file) to null.
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn file_as_null(self) -> SourceFrameBuilder<(
        
        (),
    )>
    {
        self.file(())
    }
    
}

impl<
    
        T0,
    
> SourceFrameBuilder
<
    (
    
        T0,
    
    )
>
{
    /// Setter for the [`line` field](SourceFrame#structfield.line).
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn line<T1>(self, value: T1) -> SourceFrameBuilder<(
    
        T0,
    
        T1,
    
    )>
    where T1: ::planus::WriteAsDefault<i32, i32>
    {
        
        let (
            
                v0,
            
        ) = self.0;SourceFrameBuilder((
            
                v0,
            
            value,
        ))
    }

    
    /// Sets the [`line` field](SourceFrame#structfield.line) to the default value.
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn line_as_default(self) -> SourceFrameBuilder<(
        
            T0,
        
        ::planus::DefaultValue,
    )>
    {
        self.line(::planus::DefaultValue)
    }
    

    
}

impl<
    
        T0,
    
        T1,
    
> SourceFrameBuilder
<
    (
    
        T0,
    
        T1,
    
    )
>
{
    /// Setter for the [`function` field](SourceFrame#structfield.function).
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn function<T2>(self, value: T2) -> SourceFrameBuilder<(
    
        T0,
    
        T1,
    
        T2,
    
    )>
    where T2: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>
    {
        
        let (
            
                v0,
            
                v1,
            
        ) = self.0;SourceFrameBuilder((
            
                v0,
            
                v1,
            
            value,
        ))
    }

    

    
    /// Sets the [`function` field](SourceFrame#structfield.function) to null.
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn function_as_null(self) -> SourceFrameBuilder<(
        
            T0,
        
            T1,
        
        (),
    )>
    {
        self.function(())
    }
    
}

impl<
    
        T0,
    
        T1,
    
        T2,
    
> SourceFrameBuilder
<
    (
    
        T0,
    
        T1,
    
        T2,
    
    )
>
{
    /// Setter for the [`code` field](SourceFrame#structfield.code).
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn code<T3>(self, value: T3) -> SourceFrameBuilder<(
    
        T0,
    
        T1,
    
        T2,
    
        T3,
    
    )>
    where T3: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>
    {
        
        let (
            
                v0,
            
                v1,
            
                v2,
            
        ) = self.0;SourceFrameBuilder((
            
                v0,
            
                v1,
            
                v2,
            
            value,
        ))
    }

    

    
    /// Sets the [`code` field](SourceFrame#structfield.code) to null.
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn code_as_null(self) -> SourceFrameBuilder<(
        
            T0,
        
            T1,
        
            T2,
        
        (),
    )>
    {
        self.code(())
    }
    
}



impl<
    
        T0,
    
        T1,
    
        T2,
    
        T3,
    
> SourceFrameBuilder<(
    
        T0,
    
        T1,
    
        T2,
    
        T3,
    
)> {
    /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [SourceFrame].
    #[inline]
    pub fn finish(self, builder: &mut ::planus::Builder) -> ::planus::Offset<SourceFrame>
        where Self: ::planus::WriteAsOffset<SourceFrame>
    {
        ::planus::WriteAsOffset::prepare(&self, builder)
    }
}

impl<
    
        T0: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
    
        T1: ::planus::WriteAsDefault<i32, i32>,
    
        T2: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
    
        T3: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
    
> ::planus::WriteAs<::planus::Offset<SourceFrame>> for SourceFrameBuilder<(
    
        T0,
    
        T1,
    
        T2,
    
        T3,
    
)> {
    type Prepared = ::planus::Offset<SourceFrame>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<SourceFrame> {
        ::planus::WriteAsOffset::prepare(self, builder)
    }
}

impl<
    
        T0: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
    
        T1: ::planus::WriteAsDefault<i32, i32>,
    
        T2: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
    
        T3: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
    
> ::planus::WriteAsOptional<::planus::Offset<SourceFrame>> for SourceFrameBuilder<(
    
        T0,
    
        T1,
    
        T2,
    
        T3,
    
)> {
    type Prepared = ::planus::Offset<SourceFrame>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::core::option::Option<::planus::Offset<SourceFrame>> {
        ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
    }
}

impl<
    
        T0: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
    
        T1: ::planus::WriteAsDefault<i32, i32>,
    
        T2: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
    
        T3: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
    
> ::planus::WriteAsOffset<SourceFrame> for SourceFrameBuilder<(
    
        T0,
    
        T1,
    
        T2,
    
        T3,
    
)> {
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<SourceFrame> {
        
        let (
            
                v0,
            
                v1,
            
                v2,
            
                v3,
            
        ) = &self.0;SourceFrame::create(
            builder,
            
                v0,
            
                v1,
            
                v2,
            
                v3,
            
        )
    }
}

/// Reference to a deserialized [SourceFrame].
#[derive(Copy, Clone)]
pub struct SourceFrameRef<'a>(
    #[allow(dead_code)]
    ::planus::table_reader::Table<'a>
);

impl<'a> SourceFrameRef<'a> {
    
        /// Getter for the [`file` field](SourceFrame#structfield.file).
        #[inline]
        pub fn file(&self) -> ::planus::Result<::core::option::Option<&'a ::core::primitive::str>> {
            
            
              
              self.0.access(0, "SourceFrame", "file")
              
            
            
            
        }
    
        /// Getter for the [`line` field](SourceFrame#structfield.line).
        #[inline]
        pub fn line(&self) -> ::planus::Result<i32> {
             ::core::result::Result::Ok( 
            
              
              self.0.access(1, "SourceFrame", "line")
              
            
            ?.unwrap_or(0))
            
        }
    
        /// Getter for the [`function` field](SourceFrame#structfield.function).
        #[inline]
        pub fn function(&self) -> ::planus::Result<::core::option::Option<&'a ::core::primitive::str>> {
            
            
              
              self.0.access(2, "SourceFrame", "function")
              
            
            
            
        }
    
        /// Getter for the [`code` field](SourceFrame#structfield.code).
        #[inline]
        pub fn code(&self) -> ::planus::Result<::core::option::Option<&'a ::core::primitive::str>> {
            
            
              
              self.0.access(3, "SourceFrame", "code")
              
            
            
            
        }
    
}

impl<'a> ::core::fmt::Debug for SourceFrameRef<'a> {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        let mut f = f.debug_struct("SourceFrameRef");
        if let ::core::option::Option::Some(field_file) = self.file().transpose() {
                f.field("file", &field_file);
            }f.field("line", &self.line());if let ::core::option::Option::Some(field_function) = self.function().transpose() {
                f.field("function", &field_function);
            }if let ::core::option::Option::Some(field_code) = self.code().transpose() {
                f.field("code", &field_code);
            }
        f.finish()
    }
}

impl<'a> ::core::convert::TryFrom<SourceFrameRef<'a>> for SourceFrame {
    type Error = ::planus::Error;


    #[allow(unreachable_code)]
    fn try_from(value: SourceFrameRef<'a>) -> ::planus::Result<Self> {

        ::core::result::Result::Ok(Self {
            file: 
                                value.file()?.map(::core::convert::Into::into)
                            ,line: ::core::convert::TryInto::try_into(value.line()?)?,function: 
                                value.function()?.map(::core::convert::Into::into)
                            ,code: 
                                value.code()?.map(::core::convert::Into::into)
                            ,
        })
    }
}

impl<'a> ::planus::TableRead<'a> for SourceFrameRef<'a> {
    #[inline]
    fn from_buffer(buffer: ::planus::SliceWithStartOffset<'a>, offset: usize) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
        ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(buffer, offset)?))
    }
}

impl<'a> ::planus::VectorReadInner<'a> for SourceFrameRef<'a> {
    type Error = ::planus::Error;
    const STRIDE: usize = 4;

    unsafe fn from_buffer(buffer: ::planus::SliceWithStartOffset<'a>, offset: usize) -> ::planus::Result<Self> {
        ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| error_kind.with_error_location(
            "[SourceFrameRef]",
            "get",
            buffer.offset_from_start,
        ))
    }
}

/// # Safety
/// The planus compiler generates implementations that initialize
/// the bytes in `write_values`.
unsafe impl ::planus::VectorWrite<::planus::Offset<SourceFrame>> for SourceFrame {
    type Value = ::planus::Offset<SourceFrame>;
    const STRIDE: usize = 4;
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
        ::planus::WriteAs::prepare(self, builder)
    }

    #[inline]
    unsafe fn write_values(
        values: &[::planus::Offset<SourceFrame>],
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

impl<'a> ::planus::ReadAsRoot<'a> for SourceFrameRef<'a> {
    fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
        ::planus::TableRead::from_buffer(::planus::SliceWithStartOffset {
            buffer: slice,
            offset_from_start: 0,
        }, 0).map_err(|error_kind| error_kind.with_error_location(
            "[SourceFrameRef]",
            "read_as_root",
            0,
        ))
    }
}

    
/// The table `SourceFrames` in the namespace `pte`
/// 
/// Generated from these locations:
/// * Table `SourceFrames` in the file `fbs/pte.fbs:99`
#[derive(Clone, Debug, PartialEq, PartialOrd,
Eq, Ord, Hash,
::serde::Serialize, ::serde::Deserialize
)]
pub struct SourceFrames{
    
        /// The field `frames` in the table `SourceFrames`
        pub frames: ::core::option::Option<::planus::alloc::vec::Vec<self::SourceFrame>>,}


#[allow(clippy::derivable_impls)]
impl ::core::default::Default for SourceFrames {
    fn default() -> Self {
        Self {
        frames: ::core::default::Default::default(),
        
        }
    }
}


impl SourceFrames {
    /// Creates a [SourceFramesBuilder] for serializing an instance of this table.
    #[inline]
    pub fn builder() -> SourceFramesBuilder<()> {
        SourceFramesBuilder(())
    }

    #[allow(clippy::too_many_arguments)]
    pub fn create(
        builder: &mut ::planus::Builder,
        field_frames: impl ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<self::SourceFrame>]>>,
        
    ) -> ::planus::Offset<Self> {let prepared_frames = field_frames.prepare(builder);

        let mut table_writer: ::planus::table_writer::TableWriter::<6> = ::core::default::Default::default();
        if prepared_frames.is_some() {table_writer.write_entry::<::planus::Offset<[::planus::Offset<self::SourceFrame>]>>(0);}

        unsafe {
            table_writer.finish(builder, |object_writer| {if let ::core::option::Option::Some(prepared_frames) = prepared_frames {object_writer.write::<_, _, 4>(&prepared_frames);}
                
            });
        }builder.current_offset()
    }
}

impl ::planus::WriteAs<::planus::Offset<SourceFrames>> for SourceFrames {
    type Prepared = ::planus::Offset<Self>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<SourceFrames> {
        ::planus::WriteAsOffset::prepare(self, builder)
    }
}

impl ::planus::WriteAsOptional<::planus::Offset<SourceFrames>> for SourceFrames {
    type Prepared = ::planus::Offset<Self>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::core::option::Option<::planus::Offset<SourceFrames>> {
        ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
    }
}

impl ::planus::WriteAsOffset<SourceFrames> for SourceFrames {
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<SourceFrames> {
        SourceFrames::create(
            builder,
        
            
            &self.frames,
            
        
        )
    }
}

/// Builder for serializing an instance of the [SourceFrames] type.
///
/// Can be created using the [SourceFrames::builder] method.
#[derive(Debug)]
#[must_use]
pub struct SourceFramesBuilder<State>(State);

impl<
    
> SourceFramesBuilder
<
    (
    
    )
>
{
    /// Setter for the [`frames` field](SourceFrames#structfield.frames).
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn frames<T0>(self, value: T0) -> SourceFramesBuilder<(
    
        T0,
    
    )>
    where T0: ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<self::SourceFrame>]>>
    {
        SourceFramesBuilder((
            
            value,
        ))
    }

    

    
    /// Sets the [`frames` field](SourceFrames#structfield.frames) to null.
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn frames_as_null(self) -> SourceFramesBuilder<(
        
        (),
    )>
    {
        self.frames(())
    }
    
}



impl<
    
        T0,
    
> SourceFramesBuilder<(
    
        T0,
    
)> {
    /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [SourceFrames].
    #[inline]
    pub fn finish(self, builder: &mut ::planus::Builder) -> ::planus::Offset<SourceFrames>
        where Self: ::planus::WriteAsOffset<SourceFrames>
    {
        ::planus::WriteAsOffset::prepare(&self, builder)
    }
}

impl<
    
        T0: ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<self::SourceFrame>]>>,
    
> ::planus::WriteAs<::planus::Offset<SourceFrames>> for SourceFramesBuilder<(
    
        T0,
    
)> {
    type Prepared = ::planus::Offset<SourceFrames>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<SourceFrames> {
        ::planus::WriteAsOffset::prepare(self, builder)
    }
}

impl<
    
        T0: ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<self::SourceFrame>]>>,
    
> ::planus::WriteAsOptional<::planus::Offset<SourceFrames>> for SourceFramesBuilder<(
    
        T0,
    
)> {
    type Prepared = ::planus::Offset<SourceFrames>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::core::option::Option<::planus::Offset<SourceFrames>> {
        ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
    }
}

impl<
    
        T0: ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<self::SourceFrame>]>>,
    
> ::planus::WriteAsOffset<SourceFrames> for SourceFramesBuilder<(
    
        T0,
    
)> {
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<SourceFrames> {
        
        let (
            
                v0,
            
        ) = &self.0;SourceFrames::create(
            builder,
            
                v0,
            
        )
    }
}

/// Reference to a deserialized [SourceFrames].
#[derive(Copy, Clone)]
pub struct SourceFramesRef<'a>(
    #[allow(dead_code)]
    ::planus::table_reader::Table<'a>
);

impl<'a> SourceFramesRef<'a> {
    
        /// Getter for the [`frames` field](SourceFrames#structfield.frames).
        #[inline]
        pub fn frames(&self) -> ::planus::Result<::core::option::Option<::planus::Vector<'a, ::planus::Result<self::SourceFrameRef<'a>>>>> {
            
            
              
              self.0.access(0, "SourceFrames", "frames")
              
            
            
            
        }
    
}

impl<'a> ::core::fmt::Debug for SourceFramesRef<'a> {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        let mut f = f.debug_struct("SourceFramesRef");
        if let ::core::option::Option::Some(field_frames) = self.frames().transpose() {
                f.field("frames", &field_frames);
            }
        f.finish()
    }
}

impl<'a> ::core::convert::TryFrom<SourceFramesRef<'a>> for SourceFrames {
    type Error = ::planus::Error;


    #[allow(unreachable_code)]
    fn try_from(value: SourceFramesRef<'a>) -> ::planus::Result<Self> {

        ::core::result::Result::Ok(Self {
            frames: 
                            if let ::core::option::Option::Some(frames) = value.frames()? {
                                ::core::option::Option::Some(frames.to_vec_result()?)
                            } else {
                                ::core::option::Option::None
                            }
                        ,
        })
    }
}

impl<'a> ::planus::TableRead<'a> for SourceFramesRef<'a> {
    #[inline]
    fn from_buffer(buffer: ::planus::SliceWithStartOffset<'a>, offset: usize) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
        ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(buffer, offset)?))
    }
}

impl<'a> ::planus::VectorReadInner<'a> for SourceFramesRef<'a> {
    type Error = ::planus::Error;
    const STRIDE: usize = 4;

    unsafe fn from_buffer(buffer: ::planus::SliceWithStartOffset<'a>, offset: usize) -> ::planus::Result<Self> {
        ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| error_kind.with_error_location(
            "[SourceFramesRef]",
            "get",
            buffer.offset_from_start,
        ))
    }
}

/// # Safety
/// The planus compiler generates implementations that initialize
/// the bytes in `write_values`.
unsafe impl ::planus::VectorWrite<::planus::Offset<SourceFrames>> for SourceFrames {
    type Value = ::planus::Offset<SourceFrames>;
    const STRIDE: usize = 4;
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
        ::planus::WriteAs::prepare(self, builder)
    }

    #[inline]
    unsafe fn write_values(
        values: &[::planus::Offset<SourceFrames>],
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

impl<'a> ::planus::ReadAsRoot<'a> for SourceFramesRef<'a> {
    fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
        ::planus::TableRead::from_buffer(::planus::SliceWithStartOffset {
            buffer: slice,
            offset_from_start: 0,
        }, 0).map_err(|error_kind| error_kind.with_error_location(
            "[SourceFramesRef]",
            "read_as_root",
            0,
        ))
    }
}

    
/// The table `Chain` in the namespace `pte`
/// 
/// Generated from these locations:
/// * Table `Chain` in the file `fbs/pte.fbs:101`
#[derive(Clone, Debug, PartialEq, PartialOrd,
Eq, Ord, Hash,
::serde::Serialize, ::serde::Deserialize
)]
pub struct Chain{
    
        /// The field `unused_inputs` in the table `Chain`
        pub unused_inputs: ::core::option::Option<::planus::alloc::vec::Vec<i32>>,
        /// The field `unused_outputs` in the table `Chain`
        pub unused_outputs: ::core::option::Option<::planus::alloc::vec::Vec<i32>>,
        /// The field `instructions` in the table `Chain`
        pub instructions: ::core::option::Option<::planus::alloc::vec::Vec<self::Instruction>>,
        /// The field `stack_traces` in the table `Chain`
        pub stack_traces: ::core::option::Option<::planus::alloc::vec::Vec<self::SourceFrames>>,}


#[allow(clippy::derivable_impls)]
impl ::core::default::Default for Chain {
    fn default() -> Self {
        Self {
        unused_inputs: ::core::default::Default::default(),
        unused_outputs: ::core::default::Default::default(),
        instructions: ::core::default::Default::default(),
        stack_traces: ::core::default::Default::default(),
        
        }
    }
}


impl Chain {
    /// Creates a [ChainBuilder] for serializing an instance of this table.
    #[inline]
    pub fn builder() -> ChainBuilder<()> {
        ChainBuilder(())
    }

    #[allow(clippy::too_many_arguments)]
    pub fn create(
        builder: &mut ::planus::Builder,
        field_unused_inputs: impl ::planus::WriteAsOptional<::planus::Offset<[i32]>>,
        field_unused_outputs: impl ::planus::WriteAsOptional<::planus::Offset<[i32]>>,
        field_instructions: impl ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<self::Instruction>]>>,
        field_stack_traces: impl ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<self::SourceFrames>]>>,
        
    ) -> ::planus::Offset<Self> {let prepared_unused_inputs = field_unused_inputs.prepare(builder);let prepared_unused_outputs = field_unused_outputs.prepare(builder);let prepared_instructions = field_instructions.prepare(builder);let prepared_stack_traces = field_stack_traces.prepare(builder);

        let mut table_writer: ::planus::table_writer::TableWriter::<12> = ::core::default::Default::default();
        if prepared_unused_inputs.is_some() {table_writer.write_entry::<::planus::Offset<[i32]>>(0);}if prepared_unused_outputs.is_some() {table_writer.write_entry::<::planus::Offset<[i32]>>(1);}if prepared_instructions.is_some() {table_writer.write_entry::<::planus::Offset<[::planus::Offset<self::Instruction>]>>(2);}if prepared_stack_traces.is_some() {table_writer.write_entry::<::planus::Offset<[::planus::Offset<self::SourceFrames>]>>(3);}

        unsafe {
            table_writer.finish(builder, |object_writer| {if let ::core::option::Option::Some(prepared_unused_inputs) = prepared_unused_inputs {object_writer.write::<_, _, 4>(&prepared_unused_inputs);}if let ::core::option::Option::Some(prepared_unused_outputs) = prepared_unused_outputs {object_writer.write::<_, _, 4>(&prepared_unused_outputs);}if let ::core::option::Option::Some(prepared_instructions) = prepared_instructions {object_writer.write::<_, _, 4>(&prepared_instructions);}if let ::core::option::Option::Some(prepared_stack_traces) = prepared_stack_traces {object_writer.write::<_, _, 4>(&prepared_stack_traces);}
                
            });
        }builder.current_offset()
    }
}

impl ::planus::WriteAs<::planus::Offset<Chain>> for Chain {
    type Prepared = ::planus::Offset<Self>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<Chain> {
        ::planus::WriteAsOffset::prepare(self, builder)
    }
}

impl ::planus::WriteAsOptional<::planus::Offset<Chain>> for Chain {
    type Prepared = ::planus::Offset<Self>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::core::option::Option<::planus::Offset<Chain>> {
        ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
    }
}

impl ::planus::WriteAsOffset<Chain> for Chain {
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<Chain> {
        Chain::create(
            builder,
        
            
            &self.unused_inputs,
            
        
            
            &self.unused_outputs,
            
        
            
            &self.instructions,
            
        
            
            &self.stack_traces,
            
        
        )
    }
}

/// Builder for serializing an instance of the [Chain] type.
///
/// Can be created using the [Chain::builder] method.
#[derive(Debug)]
#[must_use]
pub struct ChainBuilder<State>(State);

impl<
    
> ChainBuilder
<
    (
    
    )
>
{
    /// Setter for the [`unused_inputs` field](Chain#structfield.unused_inputs).
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn unused_inputs<T0>(self, value: T0) -> ChainBuilder<(
    
        T0,
    
    )>
    where T0: ::planus::WriteAsOptional<::planus::Offset<[i32]>>
    {
        ChainBuilder((
            
            value,
        ))
    }

    

    
    /// Sets the [`unused_inputs` field](Chain#structfield.unused_inputs) to null.
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn unused_inputs_as_null(self) -> ChainBuilder<(
        
        (),
    )>
    {
        self.unused_inputs(())
    }
    
}

impl<
    
        T0,
    
> ChainBuilder
<
    (
    
        T0,
    
    )
>
{
    /// Setter for the [`unused_outputs` field](Chain#structfield.unused_outputs).
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn unused_outputs<T1>(self, value: T1) -> ChainBuilder<(
    
        T0,
    
        T1,
    
    )>
    where T1: ::planus::WriteAsOptional<::planus::Offset<[i32]>>
    {
        
        let (
            
                v0,
            
        ) = self.0;ChainBuilder((
            
                v0,
            
            value,
        ))
    }

    

    
    /// Sets the [`unused_outputs` field](Chain#structfield.unused_outputs) to null.
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn unused_outputs_as_null(self) -> ChainBuilder<(
        
            T0,
        
        (),
    )>
    {
        self.unused_outputs(())
    }
    
}

impl<
    
        T0,
    
        T1,
    
> ChainBuilder
<
    (
    
        T0,
    
        T1,
    
    )
>
{
    /// Setter for the [`instructions` field](Chain#structfield.instructions).
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn instructions<T2>(self, value: T2) -> ChainBuilder<(
    
        T0,
    
        T1,
    
        T2,
    
    )>
    where T2: ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<self::Instruction>]>>
    {
        
        let (
            
                v0,
            
                v1,
            
        ) = self.0;ChainBuilder((
            
                v0,
            
                v1,
            
            value,
        ))
    }

    

    
    /// Sets the [`instructions` field](Chain#structfield.instructions) to null.
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn instructions_as_null(self) -> ChainBuilder<(
        
            T0,
        
            T1,
        
        (),
    )>
    {
        self.instructions(())
    }
    
}

impl<
    
        T0,
    
        T1,
    
        T2,
    
> ChainBuilder
<
    (
    
        T0,
    
        T1,
    
        T2,
    
    )
>
{
    /// Setter for the [`stack_traces` field](Chain#structfield.stack_traces).
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn stack_traces<T3>(self, value: T3) -> ChainBuilder<(
    
        T0,
    
        T1,
    
        T2,
    
        T3,
    
    )>
    where T3: ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<self::SourceFrames>]>>
    {
        
        let (
            
                v0,
            
                v1,
            
                v2,
            
        ) = self.0;ChainBuilder((
            
                v0,
            
                v1,
            
                v2,
            
            value,
        ))
    }

    

    
    /// Sets the [`stack_traces` field](Chain#structfield.stack_traces) to null.
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn stack_traces_as_null(self) -> ChainBuilder<(
        
            T0,
        
            T1,
        
            T2,
        
        (),
    )>
    {
        self.stack_traces(())
    }
    
}



impl<
    
        T0,
    
        T1,
    
        T2,
    
        T3,
    
> ChainBuilder<(
    
        T0,
    
        T1,
    
        T2,
    
        T3,
    
)> {
    /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [Chain].
    #[inline]
    pub fn finish(self, builder: &mut ::planus::Builder) -> ::planus::Offset<Chain>
        where Self: ::planus::WriteAsOffset<Chain>
    {
        ::planus::WriteAsOffset::prepare(&self, builder)
    }
}

impl<
    
        T0: ::planus::WriteAsOptional<::planus::Offset<[i32]>>,
    
        T1: ::planus::WriteAsOptional<::planus::Offset<[i32]>>,
    
        T2: ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<self::Instruction>]>>,
    
        T3: ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<self::SourceFrames>]>>,
    
> ::planus::WriteAs<::planus::Offset<Chain>> for ChainBuilder<(
    
        T0,
    
        T1,
    
        T2,
    
        T3,
    
)> {
    type Prepared = ::planus::Offset<Chain>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<Chain> {
        ::planus::WriteAsOffset::prepare(self, builder)
    }
}

impl<
    
        T0: ::planus::WriteAsOptional<::planus::Offset<[i32]>>,
    
        T1: ::planus::WriteAsOptional<::planus::Offset<[i32]>>,
    
        T2: ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<self::Instruction>]>>,
    
        T3: ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<self::SourceFrames>]>>,
    
> ::planus::WriteAsOptional<::planus::Offset<Chain>> for ChainBuilder<(
    
        T0,
    
        T1,
    
        T2,
    
        T3,
    
)> {
    type Prepared = ::planus::Offset<Chain>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::core::option::Option<::planus::Offset<Chain>> {
        ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
    }
}

impl<
    
        T0: ::planus::WriteAsOptional<::planus::Offset<[i32]>>,
    
        T1: ::planus::WriteAsOptional<::planus::Offset<[i32]>>,
    
        T2: ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<self::Instruction>]>>,
    
        T3: ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<self::SourceFrames>]>>,
    
> ::planus::WriteAsOffset<Chain> for ChainBuilder<(
    
        T0,
    
        T1,
    
        T2,
    
        T3,
    
)> {
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<Chain> {
        
        let (
            
                v0,
            
                v1,
            
                v2,
            
                v3,
            
        ) = &self.0;Chain::create(
            builder,
            
                v0,
            
                v1,
            
                v2,
            
                v3,
            
        )
    }
}

/// Reference to a deserialized [Chain].
#[derive(Copy, Clone)]
pub struct ChainRef<'a>(
    #[allow(dead_code)]
    ::planus::table_reader::Table<'a>
);

impl<'a> ChainRef<'a> {
    
        /// Getter for the [`unused_inputs` field](Chain#structfield.unused_inputs).
        #[inline]
        pub fn unused_inputs(&self) -> ::planus::Result<::core::option::Option<::planus::Vector<'a, i32>>> {
            
            
              
              self.0.access(0, "Chain", "unused_inputs")
              
            
            
            
        }
    
        /// Getter for the [`unused_outputs` field](Chain#structfield.unused_outputs).
        #[inline]
        pub fn unused_outputs(&self) -> ::planus::Result<::core::option::Option<::planus::Vector<'a, i32>>> {
            
            
              
              self.0.access(1, "Chain", "unused_outputs")
              
            
            
            
        }
    
        /// Getter for the [`instructions` field](Chain#structfield.instructions).
        #[inline]
        pub fn instructions(&self) -> ::planus::Result<::core::option::Option<::planus::Vector<'a, ::planus::Result<self::InstructionRef<'a>>>>> {
            
            
              
              self.0.access(2, "Chain", "instructions")
              
            
            
            
        }
    
        /// Getter for the [`stack_traces` field](Chain#structfield.stack_traces).
        #[inline]
        pub fn stack_traces(&self) -> ::planus::Result<::core::option::Option<::planus::Vector<'a, ::planus::Result<self::SourceFramesRef<'a>>>>> {
            
            
              
              self.0.access(3, "Chain", "stack_traces")
              
            
            
            
        }
    
}

impl<'a> ::core::fmt::Debug for ChainRef<'a> {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        let mut f = f.debug_struct("ChainRef");
        if let ::core::option::Option::Some(field_unused_inputs) = self.unused_inputs().transpose() {
                f.field("unused_inputs", &field_unused_inputs);
            }if let ::core::option::Option::Some(field_unused_outputs) = self.unused_outputs().transpose() {
                f.field("unused_outputs", &field_unused_outputs);
            }if let ::core::option::Option::Some(field_instructions) = self.instructions().transpose() {
                f.field("instructions", &field_instructions);
            }if let ::core::option::Option::Some(field_stack_traces) = self.stack_traces().transpose() {
                f.field("stack_traces", &field_stack_traces);
            }
        f.finish()
    }
}

impl<'a> ::core::convert::TryFrom<ChainRef<'a>> for Chain {
    type Error = ::planus::Error;


    #[allow(unreachable_code)]
    fn try_from(value: ChainRef<'a>) -> ::planus::Result<Self> {

        ::core::result::Result::Ok(Self {
            unused_inputs: 
                            if let ::core::option::Option::Some(unused_inputs) = value.unused_inputs()? {
                                ::core::option::Option::Some(unused_inputs.to_vec()?)
                            } else {
                                ::core::option::Option::None
                            }
                        ,unused_outputs: 
                            if let ::core::option::Option::Some(unused_outputs) = value.unused_outputs()? {
                                ::core::option::Option::Some(unused_outputs.to_vec()?)
                            } else {
                                ::core::option::Option::None
                            }
                        ,instructions: 
                            if let ::core::option::Option::Some(instructions) = value.instructions()? {
                                ::core::option::Option::Some(instructions.to_vec_result()?)
                            } else {
                                ::core::option::Option::None
                            }
                        ,stack_traces: 
                            if let ::core::option::Option::Some(stack_traces) = value.stack_traces()? {
                                ::core::option::Option::Some(stack_traces.to_vec_result()?)
                            } else {
                                ::core::option::Option::None
                            }
                        ,
        })
    }
}

impl<'a> ::planus::TableRead<'a> for ChainRef<'a> {
    #[inline]
    fn from_buffer(buffer: ::planus::SliceWithStartOffset<'a>, offset: usize) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
        ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(buffer, offset)?))
    }
}

impl<'a> ::planus::VectorReadInner<'a> for ChainRef<'a> {
    type Error = ::planus::Error;
    const STRIDE: usize = 4;

    unsafe fn from_buffer(buffer: ::planus::SliceWithStartOffset<'a>, offset: usize) -> ::planus::Result<Self> {
        ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| error_kind.with_error_location(
            "[ChainRef]",
            "get",
            buffer.offset_from_start,
        ))
    }
}

/// # Safety
/// The planus compiler generates implementations that initialize
/// the bytes in `write_values`.
unsafe impl ::planus::VectorWrite<::planus::Offset<Chain>> for Chain {
    type Value = ::planus::Offset<Chain>;
    const STRIDE: usize = 4;
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
        ::planus::WriteAs::prepare(self, builder)
    }

    #[inline]
    unsafe fn write_values(
        values: &[::planus::Offset<Chain>],
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

impl<'a> ::planus::ReadAsRoot<'a> for ChainRef<'a> {
    fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
        ::planus::TableRead::from_buffer(::planus::SliceWithStartOffset {
            buffer: slice,
            offset_from_start: 0,
        }, 0).map_err(|error_kind| error_kind.with_error_location(
            "[ChainRef]",
            "read_as_root",
            0,
        ))
    }
}

    
/// The table `BlobReference` in the namespace `pte`
/// 
/// Generated from these locations:
/// * Table `BlobReference` in the file `fbs/pte.fbs:108`
#[derive(Clone, Debug, PartialEq, PartialOrd,
Eq, Ord, Hash,
::serde::Serialize, ::serde::Deserialize
)]
pub struct BlobReference{
    
        /// The field `location` in the table `BlobReference`
        pub location: i8,
        /// The field `index` in the table `BlobReference`
        pub index: u32,}


#[allow(clippy::derivable_impls)]
impl ::core::default::Default for BlobReference {
    fn default() -> Self {
        Self {
        location: 0,
        index: 0,
        
        }
    }
}


impl BlobReference {
    /// Creates a [BlobReferenceBuilder] for serializing an instance of this table.
    #[inline]
    pub fn builder() -> BlobReferenceBuilder<()> {
        BlobReferenceBuilder(())
    }

    #[allow(clippy::too_many_arguments)]
    pub fn create(
        builder: &mut ::planus::Builder,
        field_location: impl ::planus::WriteAsDefault<i8, i8>,
        field_index: impl ::planus::WriteAsDefault<u32, u32>,
        
    ) -> ::planus::Offset<Self> {let prepared_location = field_location.prepare(builder, &0);let prepared_index = field_index.prepare(builder, &0);

        let mut table_writer: ::planus::table_writer::TableWriter::<8> = ::core::default::Default::default();
        if prepared_index.is_some() {table_writer.write_entry::<u32>(1);}if prepared_location.is_some() {table_writer.write_entry::<i8>(0);}

        unsafe {
            table_writer.finish(builder, |object_writer| {if let ::core::option::Option::Some(prepared_index) = prepared_index {object_writer.write::<_, _, 4>(&prepared_index);}if let ::core::option::Option::Some(prepared_location) = prepared_location {object_writer.write::<_, _, 1>(&prepared_location);}
                
            });
        }builder.current_offset()
    }
}

impl ::planus::WriteAs<::planus::Offset<BlobReference>> for BlobReference {
    type Prepared = ::planus::Offset<Self>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<BlobReference> {
        ::planus::WriteAsOffset::prepare(self, builder)
    }
}

impl ::planus::WriteAsOptional<::planus::Offset<BlobReference>> for BlobReference {
    type Prepared = ::planus::Offset<Self>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::core::option::Option<::planus::Offset<BlobReference>> {
        ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
    }
}

impl ::planus::WriteAsOffset<BlobReference> for BlobReference {
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<BlobReference> {
        BlobReference::create(
            builder,
        
            
            self.location,
            
        
            
            self.index,
            
        
        )
    }
}

/// Builder for serializing an instance of the [BlobReference] type.
///
/// Can be created using the [BlobReference::builder] method.
#[derive(Debug)]
#[must_use]
pub struct BlobReferenceBuilder<State>(State);

impl<
    
> BlobReferenceBuilder
<
    (
    
    )
>
{
    /// Setter for the [`location` field](BlobReference#structfield.location).
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn location<T0>(self, value: T0) -> BlobReferenceBuilder<(
    
        T0,
    
    )>
    where T0: ::planus::WriteAsDefault<i8, i8>
    {
        BlobReferenceBuilder((
            
            value,
        ))
    }

    
    /// Sets the [`location` field](BlobReference#structfield.location) to the default value.
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn location_as_default(self) -> BlobReferenceBuilder<(
        
        ::planus::DefaultValue,
    )>
    {
        self.location(::planus::DefaultValue)
    }
    

    
}

impl<
    
        T0,
    
> BlobReferenceBuilder
<
    (
    
        T0,
    
    )
>
{
    /// Setter for the [`index` field](BlobReference#structfield.index).
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn index<T1>(self, value: T1) -> BlobReferenceBuilder<(
    
        T0,
    
        T1,
    
    )>
    where T1: ::planus::WriteAsDefault<u32, u32>
    {
        
        let (
            
                v0,
            
        ) = self.0;BlobReferenceBuilder((
            
                v0,
            
            value,
        ))
    }

    
    /// Sets the [`index` field](BlobReference#structfield.index) to the default value.
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn index_as_default(self) -> BlobReferenceBuilder<(
        
            T0,
        
        ::planus::DefaultValue,
    )>
    {
        self.index(::planus::DefaultValue)
    }
    

    
}



impl<
    
        T0,
    
        T1,
    
> BlobReferenceBuilder<(
    
        T0,
    
        T1,
    
)> {
    /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [BlobReference].
    #[inline]
    pub fn finish(self, builder: &mut ::planus::Builder) -> ::planus::Offset<BlobReference>
        where Self: ::planus::WriteAsOffset<BlobReference>
    {
        ::planus::WriteAsOffset::prepare(&self, builder)
    }
}

impl<
    
        T0: ::planus::WriteAsDefault<i8, i8>,
    
        T1: ::planus::WriteAsDefault<u32, u32>,
    
> ::planus::WriteAs<::planus::Offset<BlobReference>> for BlobReferenceBuilder<(
    
        T0,
    
        T1,
    
)> {
    type Prepared = ::planus::Offset<BlobReference>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<BlobReference> {
        ::planus::WriteAsOffset::prepare(self, builder)
    }
}

impl<
    
        T0: ::planus::WriteAsDefault<i8, i8>,
    
        T1: ::planus::WriteAsDefault<u32, u32>,
    
> ::planus::WriteAsOptional<::planus::Offset<BlobReference>> for BlobReferenceBuilder<(
    
        T0,
    
        T1,
    
)> {
    type Prepared = ::planus::Offset<BlobReference>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::core::option::Option<::planus::Offset<BlobReference>> {
        ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
    }
}

impl<
    
        T0: ::planus::WriteAsDefault<i8, i8>,
    
        T1: ::planus::WriteAsDefault<u32, u32>,
    
> ::planus::WriteAsOffset<BlobReference> for BlobReferenceBuilder<(
    
        T0,
    
        T1,
    
)> {
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<BlobReference> {
        
        let (
            
                v0,
            
                v1,
            
        ) = &self.0;BlobReference::create(
            builder,
            
                v0,
            
                v1,
            
        )
    }
}

/// Reference to a deserialized [BlobReference].
#[derive(Copy, Clone)]
pub struct BlobReferenceRef<'a>(
    #[allow(dead_code)]
    ::planus::table_reader::Table<'a>
);

impl<'a> BlobReferenceRef<'a> {
    
        /// Getter for the [`location` field](BlobReference#structfield.location).
        #[inline]
        pub fn location(&self) -> ::planus::Result<i8> {
             ::core::result::Result::Ok( 
            
              
              self.0.access(0, "BlobReference", "location")
              
            
            ?.unwrap_or(0))
            
        }
    
        /// Getter for the [`index` field](BlobReference#structfield.index).
        #[inline]
        pub fn index(&self) -> ::planus::Result<u32> {
             ::core::result::Result::Ok( 
            
              
              self.0.access(1, "BlobReference", "index")
              
            
            ?.unwrap_or(0))
            
        }
    
}

impl<'a> ::core::fmt::Debug for BlobReferenceRef<'a> {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        let mut f = f.debug_struct("BlobReferenceRef");
        f.field("location", &self.location());f.field("index", &self.index());
        f.finish()
    }
}

impl<'a> ::core::convert::TryFrom<BlobReferenceRef<'a>> for BlobReference {
    type Error = ::planus::Error;


    #[allow(unreachable_code)]
    fn try_from(value: BlobReferenceRef<'a>) -> ::planus::Result<Self> {

        ::core::result::Result::Ok(Self {
            location: ::core::convert::TryInto::try_into(value.location()?)?,index: ::core::convert::TryInto::try_into(value.index()?)?,
        })
    }
}

impl<'a> ::planus::TableRead<'a> for BlobReferenceRef<'a> {
    #[inline]
    fn from_buffer(buffer: ::planus::SliceWithStartOffset<'a>, offset: usize) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
        ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(buffer, offset)?))
    }
}

impl<'a> ::planus::VectorReadInner<'a> for BlobReferenceRef<'a> {
    type Error = ::planus::Error;
    const STRIDE: usize = 4;

    unsafe fn from_buffer(buffer: ::planus::SliceWithStartOffset<'a>, offset: usize) -> ::planus::Result<Self> {
        ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| error_kind.with_error_location(
            "[BlobReferenceRef]",
            "get",
            buffer.offset_from_start,
        ))
    }
}

/// # Safety
/// The planus compiler generates implementations that initialize
/// the bytes in `write_values`.
unsafe impl ::planus::VectorWrite<::planus::Offset<BlobReference>> for BlobReference {
    type Value = ::planus::Offset<BlobReference>;
    const STRIDE: usize = 4;
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
        ::planus::WriteAs::prepare(self, builder)
    }

    #[inline]
    unsafe fn write_values(
        values: &[::planus::Offset<BlobReference>],
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

impl<'a> ::planus::ReadAsRoot<'a> for BlobReferenceRef<'a> {
    fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
        ::planus::TableRead::from_buffer(::planus::SliceWithStartOffset {
            buffer: slice,
            offset_from_start: 0,
        }, 0).map_err(|error_kind| error_kind.with_error_location(
            "[BlobReferenceRef]",
            "read_as_root",
            0,
        ))
    }
}

    
/// The table `CompileSpec` in the namespace `pte`
/// 
/// Generated from these locations:
/// * Table `CompileSpec` in the file `fbs/pte.fbs:113`
#[derive(Clone, Debug, PartialEq, PartialOrd,
Eq, Ord, Hash,
::serde::Serialize, ::serde::Deserialize
)]
pub struct CompileSpec{
    
        /// The field `key` in the table `CompileSpec`
        pub key: ::core::option::Option<::planus::alloc::string::String>,
        /// The field `value` in the table `CompileSpec`
        pub value: ::core::option::Option<::planus::alloc::vec::Vec<u8>>,}


#[allow(clippy::derivable_impls)]
impl ::core::default::Default for CompileSpec {
    fn default() -> Self {
        Self {
        key: ::core::default::Default::default(),
        value: ::core::default::Default::default(),
        
        }
    }
}


impl CompileSpec {
    /// Creates a [CompileSpecBuilder] for serializing an instance of this table.
    #[inline]
    pub fn builder() -> CompileSpecBuilder<()> {
        CompileSpecBuilder(())
    }

    #[allow(clippy::too_many_arguments)]
    pub fn create(
        builder: &mut ::planus::Builder,
        field_key: impl ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
        field_value: impl ::planus::WriteAsOptional<::planus::Offset<[u8]>>,
        
    ) -> ::planus::Offset<Self> {let prepared_key = field_key.prepare(builder);let prepared_value = field_value.prepare(builder);

        let mut table_writer: ::planus::table_writer::TableWriter::<8> = ::core::default::Default::default();
        if prepared_key.is_some() {table_writer.write_entry::<::planus::Offset<str>>(0);}if prepared_value.is_some() {table_writer.write_entry::<::planus::Offset<[u8]>>(1);}

        unsafe {
            table_writer.finish(builder, |object_writer| {if let ::core::option::Option::Some(prepared_key) = prepared_key {object_writer.write::<_, _, 4>(&prepared_key);}if let ::core::option::Option::Some(prepared_value) = prepared_value {object_writer.write::<_, _, 4>(&prepared_value);}
                
            });
        }builder.current_offset()
    }
}

impl ::planus::WriteAs<::planus::Offset<CompileSpec>> for CompileSpec {
    type Prepared = ::planus::Offset<Self>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<CompileSpec> {
        ::planus::WriteAsOffset::prepare(self, builder)
    }
}

impl ::planus::WriteAsOptional<::planus::Offset<CompileSpec>> for CompileSpec {
    type Prepared = ::planus::Offset<Self>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::core::option::Option<::planus::Offset<CompileSpec>> {
        ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
    }
}

impl ::planus::WriteAsOffset<CompileSpec> for CompileSpec {
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<CompileSpec> {
        CompileSpec::create(
            builder,
        
            
            &self.key,
            
        
            
            &self.value,
            
        
        )
    }
}

/// Builder for serializing an instance of the [CompileSpec] type.
///
/// Can be created using the [CompileSpec::builder] method.
#[derive(Debug)]
#[must_use]
pub struct CompileSpecBuilder<State>(State);

impl<
    
> CompileSpecBuilder
<
    (
    
    )
>
{
    /// Setter for the [`key` field](CompileSpec#structfield.key).
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn key<T0>(self, value: T0) -> CompileSpecBuilder<(
    
        T0,
    
    )>
    where T0: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>
    {
        CompileSpecBuilder((
            
            value,
        ))
    }

    

    
    /// Sets the [`key` field](CompileSpec#structfield.key) to null.
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn key_as_null(self) -> CompileSpecBuilder<(
        
        (),
    )>
    {
        self.key(())
    }
    
}

impl<
    
        T0,
    
> CompileSpecBuilder
<
    (
    
        T0,
    
    )
>
{
    /// Setter for the [`value` field](CompileSpec#structfield.value).
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn value<T1>(self, value: T1) -> CompileSpecBuilder<(
    
        T0,
    
        T1,
    
    )>
    where T1: ::planus::WriteAsOptional<::planus::Offset<[u8]>>
    {
        
        let (
            
                v0,
            
        ) = self.0;CompileSpecBuilder((
            
                v0,
            
            value,
        ))
    }

    

    
    /// Sets the [`value` field](CompileSpec#structfield.value) to null.
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn value_as_null(self) -> CompileSpecBuilder<(
        
            T0,
        
        (),
    )>
    {
        self.value(())
    }
    
}



impl<
    
        T0,
    
        T1,
    
> CompileSpecBuilder<(
    
        T0,
    
        T1,
    
)> {
    /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [CompileSpec].
    #[inline]
    pub fn finish(self, builder: &mut ::planus::Builder) -> ::planus::Offset<CompileSpec>
        where Self: ::planus::WriteAsOffset<CompileSpec>
    {
        ::planus::WriteAsOffset::prepare(&self, builder)
    }
}

impl<
    
        T0: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
    
        T1: ::planus::WriteAsOptional<::planus::Offset<[u8]>>,
    
> ::planus::WriteAs<::planus::Offset<CompileSpec>> for CompileSpecBuilder<(
    
        T0,
    
        T1,
    
)> {
    type Prepared = ::planus::Offset<CompileSpec>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<CompileSpec> {
        ::planus::WriteAsOffset::prepare(self, builder)
    }
}

impl<
    
        T0: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
    
        T1: ::planus::WriteAsOptional<::planus::Offset<[u8]>>,
    
> ::planus::WriteAsOptional<::planus::Offset<CompileSpec>> for CompileSpecBuilder<(
    
        T0,
    
        T1,
    
)> {
    type Prepared = ::planus::Offset<CompileSpec>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::core::option::Option<::planus::Offset<CompileSpec>> {
        ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
    }
}

impl<
    
        T0: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
    
        T1: ::planus::WriteAsOptional<::planus::Offset<[u8]>>,
    
> ::planus::WriteAsOffset<CompileSpec> for CompileSpecBuilder<(
    
        T0,
    
        T1,
    
)> {
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<CompileSpec> {
        
        let (
            
                v0,
            
                v1,
            
        ) = &self.0;CompileSpec::create(
            builder,
            
                v0,
            
                v1,
            
        )
    }
}

/// Reference to a deserialized [CompileSpec].
#[derive(Copy, Clone)]
pub struct CompileSpecRef<'a>(
    #[allow(dead_code)]
    ::planus::table_reader::Table<'a>
);

impl<'a> CompileSpecRef<'a> {
    
        /// Getter for the [`key` field](CompileSpec#structfield.key).
        #[inline]
        pub fn key(&self) -> ::planus::Result<::core::option::Option<&'a ::core::primitive::str>> {
            
            
              
              self.0.access(0, "CompileSpec", "key")
              
            
            
            
        }
    
        /// Getter for the [`value` field](CompileSpec#structfield.value).
        #[inline]
        pub fn value(&self) -> ::planus::Result<::core::option::Option<&'a [u8]>> {
            
            
              
              self.0.access(1, "CompileSpec", "value")
              
            
            
            
        }
    
}

impl<'a> ::core::fmt::Debug for CompileSpecRef<'a> {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        let mut f = f.debug_struct("CompileSpecRef");
        if let ::core::option::Option::Some(field_key) = self.key().transpose() {
                f.field("key", &field_key);
            }if let ::core::option::Option::Some(field_value) = self.value().transpose() {
                f.field("value", &field_value);
            }
        f.finish()
    }
}

impl<'a> ::core::convert::TryFrom<CompileSpecRef<'a>> for CompileSpec {
    type Error = ::planus::Error;


    #[allow(unreachable_code)]
    fn try_from(value: CompileSpecRef<'a>) -> ::planus::Result<Self> {

        ::core::result::Result::Ok(Self {
            key: 
                                value.key()?.map(::core::convert::Into::into)
                            ,value: value.value()?.map(|v| v.to_vec()),
        })
    }
}

impl<'a> ::planus::TableRead<'a> for CompileSpecRef<'a> {
    #[inline]
    fn from_buffer(buffer: ::planus::SliceWithStartOffset<'a>, offset: usize) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
        ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(buffer, offset)?))
    }
}

impl<'a> ::planus::VectorReadInner<'a> for CompileSpecRef<'a> {
    type Error = ::planus::Error;
    const STRIDE: usize = 4;

    unsafe fn from_buffer(buffer: ::planus::SliceWithStartOffset<'a>, offset: usize) -> ::planus::Result<Self> {
        ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| error_kind.with_error_location(
            "[CompileSpecRef]",
            "get",
            buffer.offset_from_start,
        ))
    }
}

/// # Safety
/// The planus compiler generates implementations that initialize
/// the bytes in `write_values`.
unsafe impl ::planus::VectorWrite<::planus::Offset<CompileSpec>> for CompileSpec {
    type Value = ::planus::Offset<CompileSpec>;
    const STRIDE: usize = 4;
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
        ::planus::WriteAs::prepare(self, builder)
    }

    #[inline]
    unsafe fn write_values(
        values: &[::planus::Offset<CompileSpec>],
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

impl<'a> ::planus::ReadAsRoot<'a> for CompileSpecRef<'a> {
    fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
        ::planus::TableRead::from_buffer(::planus::SliceWithStartOffset {
            buffer: slice,
            offset_from_start: 0,
        }, 0).map_err(|error_kind| error_kind.with_error_location(
            "[CompileSpecRef]",
            "read_as_root",
            0,
        ))
    }
}

    
/// The table `Delegate` in the namespace `pte`
/// 
/// Generated from these locations:
/// * Table `Delegate` in the file `fbs/pte.fbs:118`
#[derive(Clone, Debug, PartialEq, PartialOrd,
Eq, Ord, Hash,
::serde::Serialize, ::serde::Deserialize
)]
pub struct Delegate{
    
        /// The field `backend_id` in the table `Delegate`
        pub backend_id: ::core::option::Option<::planus::alloc::string::String>,
        /// The field `blob` in the table `Delegate`
        pub blob: ::core::option::Option<::planus::alloc::boxed::Box<self::BlobReference>>,
        /// The field `compile_specs` in the table `Delegate`
        pub compile_specs: ::core::option::Option<::planus::alloc::vec::Vec<self::CompileSpec>>,}


#[allow(clippy::derivable_impls)]
impl ::core::default::Default for Delegate {
    fn default() -> Self {
        Self {
        backend_id: ::core::default::Default::default(),
        blob: ::core::default::Default::default(),
        compile_specs: ::core::default::Default::default(),
        
        }
    }
}


impl Delegate {
    /// Creates a [DelegateBuilder] for serializing an instance of this table.
    #[inline]
    pub fn builder() -> DelegateBuilder<()> {
        DelegateBuilder(())
    }

    #[allow(clippy::too_many_arguments)]
    pub fn create(
        builder: &mut ::planus::Builder,
        field_backend_id: impl ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
        field_blob: impl ::planus::WriteAsOptional<::planus::Offset<self::BlobReference>>,
        field_compile_specs: impl ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<self::CompileSpec>]>>,
        
    ) -> ::planus::Offset<Self> {let prepared_backend_id = field_backend_id.prepare(builder);let prepared_blob = field_blob.prepare(builder);let prepared_compile_specs = field_compile_specs.prepare(builder);

        let mut table_writer: ::planus::table_writer::TableWriter::<10> = ::core::default::Default::default();
        if prepared_backend_id.is_some() {table_writer.write_entry::<::planus::Offset<str>>(0);}if prepared_blob.is_some() {table_writer.write_entry::<::planus::Offset<self::BlobReference>>(1);}if prepared_compile_specs.is_some() {table_writer.write_entry::<::planus::Offset<[::planus::Offset<self::CompileSpec>]>>(2);}

        unsafe {
            table_writer.finish(builder, |object_writer| {if let ::core::option::Option::Some(prepared_backend_id) = prepared_backend_id {object_writer.write::<_, _, 4>(&prepared_backend_id);}if let ::core::option::Option::Some(prepared_blob) = prepared_blob {object_writer.write::<_, _, 4>(&prepared_blob);}if let ::core::option::Option::Some(prepared_compile_specs) = prepared_compile_specs {object_writer.write::<_, _, 4>(&prepared_compile_specs);}
                
            });
        }builder.current_offset()
    }
}

impl ::planus::WriteAs<::planus::Offset<Delegate>> for Delegate {
    type Prepared = ::planus::Offset<Self>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<Delegate> {
        ::planus::WriteAsOffset::prepare(self, builder)
    }
}

impl ::planus::WriteAsOptional<::planus::Offset<Delegate>> for Delegate {
    type Prepared = ::planus::Offset<Self>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::core::option::Option<::planus::Offset<Delegate>> {
        ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
    }
}

impl ::planus::WriteAsOffset<Delegate> for Delegate {
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<Delegate> {
        Delegate::create(
            builder,
        
            
            &self.backend_id,
            
        
            
            &self.blob,
            
        
            
            &self.compile_specs,
            
        
        )
    }
}

/// Builder for serializing an instance of the [Delegate] type.
///
/// Can be created using the [Delegate::builder] method.
#[derive(Debug)]
#[must_use]
pub struct DelegateBuilder<State>(State);

impl<
    
> DelegateBuilder
<
    (
    
    )
>
{
    /// Setter for the [`backend_id` field](Delegate#structfield.backend_id).
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn backend_id<T0>(self, value: T0) -> DelegateBuilder<(
    
        T0,
    
    )>
    where T0: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>
    {
        DelegateBuilder((
            
            value,
        ))
    }

    

    
    /// Sets the [`backend_id` field](Delegate#structfield.backend_id) to null.
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn backend_id_as_null(self) -> DelegateBuilder<(
        
        (),
    )>
    {
        self.backend_id(())
    }
    
}

impl<
    
        T0,
    
> DelegateBuilder
<
    (
    
        T0,
    
    )
>
{
    /// Setter for the [`blob` field](Delegate#structfield.blob).
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn blob<T1>(self, value: T1) -> DelegateBuilder<(
    
        T0,
    
        T1,
    
    )>
    where T1: ::planus::WriteAsOptional<::planus::Offset<self::BlobReference>>
    {
        
        let (
            
                v0,
            
        ) = self.0;DelegateBuilder((
            
                v0,
            
            value,
        ))
    }

    

    
    /// Sets the [`blob` field](Delegate#structfield.blob) to null.
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn blob_as_null(self) -> DelegateBuilder<(
        
            T0,
        
        (),
    )>
    {
        self.blob(())
    }
    
}

impl<
    
        T0,
    
        T1,
    
> DelegateBuilder
<
    (
    
        T0,
    
        T1,
    
    )
>
{
    /// Setter for the [`compile_specs` field](Delegate#structfield.compile_specs).
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn compile_specs<T2>(self, value: T2) -> DelegateBuilder<(
    
        T0,
    
        T1,
    
        T2,
    
    )>
    where T2: ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<self::CompileSpec>]>>
    {
        
        let (
            
                v0,
            
                v1,
            
        ) = self.0;DelegateBuilder((
            
                v0,
            
                v1,
            
            value,
        ))
    }

    

    
    /// Sets the [`compile_specs` field](Delegate#structfield.compile_specs) to null.
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn compile_specs_as_null(self) -> DelegateBuilder<(
        
            T0,
        
            T1,
        
        (),
    )>
    {
        self.compile_specs(())
    }
    
}



impl<
    
        T0,
    
        T1,
    
        T2,
    
> DelegateBuilder<(
    
        T0,
    
        T1,
    
        T2,
    
)> {
    /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [Delegate].
    #[inline]
    pub fn finish(self, builder: &mut ::planus::Builder) -> ::planus::Offset<Delegate>
        where Self: ::planus::WriteAsOffset<Delegate>
    {
        ::planus::WriteAsOffset::prepare(&self, builder)
    }
}

impl<
    
        T0: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
    
        T1: ::planus::WriteAsOptional<::planus::Offset<self::BlobReference>>,
    
        T2: ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<self::CompileSpec>]>>,
    
> ::planus::WriteAs<::planus::Offset<Delegate>> for DelegateBuilder<(
    
        T0,
    
        T1,
    
        T2,
    
)> {
    type Prepared = ::planus::Offset<Delegate>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<Delegate> {
        ::planus::WriteAsOffset::prepare(self, builder)
    }
}

impl<
    
        T0: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
    
        T1: ::planus::WriteAsOptional<::planus::Offset<self::BlobReference>>,
    
        T2: ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<self::CompileSpec>]>>,
    
> ::planus::WriteAsOptional<::planus::Offset<Delegate>> for DelegateBuilder<(
    
        T0,
    
        T1,
    
        T2,
    
)> {
    type Prepared = ::planus::Offset<Delegate>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::core::option::Option<::planus::Offset<Delegate>> {
        ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
    }
}

impl<
    
        T0: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
    
        T1: ::planus::WriteAsOptional<::planus::Offset<self::BlobReference>>,
    
        T2: ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<self::CompileSpec>]>>,
    
> ::planus::WriteAsOffset<Delegate> for DelegateBuilder<(
    
        T0,
    
        T1,
    
        T2,
    
)> {
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<Delegate> {
        
        let (
            
                v0,
            
                v1,
            
                v2,
            
        ) = &self.0;Delegate::create(
            builder,
            
                v0,
            
                v1,
            
                v2,
            
        )
    }
}

/// Reference to a deserialized [Delegate].
#[derive(Copy, Clone)]
pub struct DelegateRef<'a>(
    #[allow(dead_code)]
    ::planus::table_reader::Table<'a>
);

impl<'a> DelegateRef<'a> {
    
        /// Getter for the [`backend_id` field](Delegate#structfield.backend_id).
        #[inline]
        pub fn backend_id(&self) -> ::planus::Result<::core::option::Option<&'a ::core::primitive::str>> {
            
            
              
              self.0.access(0, "Delegate", "backend_id")
              
            
            
            
        }
    
        /// Getter for the [`blob` field](Delegate#structfield.blob).
        #[inline]
        pub fn blob(&self) -> ::planus::Result<::core::option::Option<self::BlobReferenceRef<'a>>> {
            
            
              
              self.0.access(1, "Delegate", "blob")
              
            
            
            
        }
    
        /// Getter for the [`compile_specs` field](Delegate#structfield.compile_specs).
        #[inline]
        pub fn compile_specs(&self) -> ::planus::Result<::core::option::Option<::planus::Vector<'a, ::planus::Result<self::CompileSpecRef<'a>>>>> {
            
            
              
              self.0.access(2, "Delegate", "compile_specs")
              
            
            
            
        }
    
}

impl<'a> ::core::fmt::Debug for DelegateRef<'a> {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        let mut f = f.debug_struct("DelegateRef");
        if let ::core::option::Option::Some(field_backend_id) = self.backend_id().transpose() {
                f.field("backend_id", &field_backend_id);
            }if let ::core::option::Option::Some(field_blob) = self.blob().transpose() {
                f.field("blob", &field_blob);
            }if let ::core::option::Option::Some(field_compile_specs) = self.compile_specs().transpose() {
                f.field("compile_specs", &field_compile_specs);
            }
        f.finish()
    }
}

impl<'a> ::core::convert::TryFrom<DelegateRef<'a>> for Delegate {
    type Error = ::planus::Error;


    #[allow(unreachable_code)]
    fn try_from(value: DelegateRef<'a>) -> ::planus::Result<Self> {

        ::core::result::Result::Ok(Self {
            backend_id: 
                                value.backend_id()?.map(::core::convert::Into::into)
                            ,blob: 
                                if let ::core::option::Option::Some(blob) = value.blob()? {
                                    ::core::option::Option::Some(::planus::alloc::boxed::Box::new(::core::convert::TryInto::try_into(blob)?))
                                } else {
                                    ::core::option::Option::None
                                }
                            ,compile_specs: 
                            if let ::core::option::Option::Some(compile_specs) = value.compile_specs()? {
                                ::core::option::Option::Some(compile_specs.to_vec_result()?)
                            } else {
                                ::core::option::Option::None
                            }
                        ,
        })
    }
}

impl<'a> ::planus::TableRead<'a> for DelegateRef<'a> {
    #[inline]
    fn from_buffer(buffer: ::planus::SliceWithStartOffset<'a>, offset: usize) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
        ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(buffer, offset)?))
    }
}

impl<'a> ::planus::VectorReadInner<'a> for DelegateRef<'a> {
    type Error = ::planus::Error;
    const STRIDE: usize = 4;

    unsafe fn from_buffer(buffer: ::planus::SliceWithStartOffset<'a>, offset: usize) -> ::planus::Result<Self> {
        ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| error_kind.with_error_location(
            "[DelegateRef]",
            "get",
            buffer.offset_from_start,
        ))
    }
}

/// # Safety
/// The planus compiler generates implementations that initialize
/// the bytes in `write_values`.
unsafe impl ::planus::VectorWrite<::planus::Offset<Delegate>> for Delegate {
    type Value = ::planus::Offset<Delegate>;
    const STRIDE: usize = 4;
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
        ::planus::WriteAs::prepare(self, builder)
    }

    #[inline]
    unsafe fn write_values(
        values: &[::planus::Offset<Delegate>],
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

impl<'a> ::planus::ReadAsRoot<'a> for DelegateRef<'a> {
    fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
        ::planus::TableRead::from_buffer(::planus::SliceWithStartOffset {
            buffer: slice,
            offset_from_start: 0,
        }, 0).map_err(|error_kind| error_kind.with_error_location(
            "[DelegateRef]",
            "read_as_root",
            0,
        ))
    }
}

    
/// The table `ContainerSpec` in the namespace `pte`
/// 
/// Generated from these locations:
/// * Table `ContainerSpec` in the file `fbs/pte.fbs:124`
#[derive(Clone, Debug, PartialEq, PartialOrd,
Eq, Ord, Hash,
::serde::Serialize, ::serde::Deserialize
)]
pub struct ContainerSpec{
    
        /// The field `inputs_spec` in the table `ContainerSpec`
        pub inputs_spec: ::core::option::Option<::planus::alloc::string::String>,
        /// The field `outputs_spec` in the table `ContainerSpec`
        pub outputs_spec: ::core::option::Option<::planus::alloc::string::String>,}


#[allow(clippy::derivable_impls)]
impl ::core::default::Default for ContainerSpec {
    fn default() -> Self {
        Self {
        inputs_spec: ::core::default::Default::default(),
        outputs_spec: ::core::default::Default::default(),
        
        }
    }
}


impl ContainerSpec {
    /// Creates a [ContainerSpecBuilder] for serializing an instance of this table.
    #[inline]
    pub fn builder() -> ContainerSpecBuilder<()> {
        ContainerSpecBuilder(())
    }

    #[allow(clippy::too_many_arguments)]
    pub fn create(
        builder: &mut ::planus::Builder,
        field_inputs_spec: impl ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
        field_outputs_spec: impl ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
        
    ) -> ::planus::Offset<Self> {let prepared_inputs_spec = field_inputs_spec.prepare(builder);let prepared_outputs_spec = field_outputs_spec.prepare(builder);

        let mut table_writer: ::planus::table_writer::TableWriter::<8> = ::core::default::Default::default();
        if prepared_inputs_spec.is_some() {table_writer.write_entry::<::planus::Offset<str>>(0);}if prepared_outputs_spec.is_some() {table_writer.write_entry::<::planus::Offset<str>>(1);}

        unsafe {
            table_writer.finish(builder, |object_writer| {if let ::core::option::Option::Some(prepared_inputs_spec) = prepared_inputs_spec {object_writer.write::<_, _, 4>(&prepared_inputs_spec);}if let ::core::option::Option::Some(prepared_outputs_spec) = prepared_outputs_spec {object_writer.write::<_, _, 4>(&prepared_outputs_spec);}
                
            });
        }builder.current_offset()
    }
}

impl ::planus::WriteAs<::planus::Offset<ContainerSpec>> for ContainerSpec {
    type Prepared = ::planus::Offset<Self>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<ContainerSpec> {
        ::planus::WriteAsOffset::prepare(self, builder)
    }
}

impl ::planus::WriteAsOptional<::planus::Offset<ContainerSpec>> for ContainerSpec {
    type Prepared = ::planus::Offset<Self>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::core::option::Option<::planus::Offset<ContainerSpec>> {
        ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
    }
}

impl ::planus::WriteAsOffset<ContainerSpec> for ContainerSpec {
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<ContainerSpec> {
        ContainerSpec::create(
            builder,
        
            
            &self.inputs_spec,
            
        
            
            &self.outputs_spec,
            
        
        )
    }
}

/// Builder for serializing an instance of the [ContainerSpec] type.
///
/// Can be created using the [ContainerSpec::builder] method.
#[derive(Debug)]
#[must_use]
pub struct ContainerSpecBuilder<State>(State);

impl<
    
> ContainerSpecBuilder
<
    (
    
    )
>
{
    /// Setter for the [`inputs_spec` field](ContainerSpec#structfield.inputs_spec).
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn inputs_spec<T0>(self, value: T0) -> ContainerSpecBuilder<(
    
        T0,
    
    )>
    where T0: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>
    {
        ContainerSpecBuilder((
            
            value,
        ))
    }

    

    
    /// Sets the [`inputs_spec` field](ContainerSpec#structfield.inputs_spec) to null.
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn inputs_spec_as_null(self) -> ContainerSpecBuilder<(
        
        (),
    )>
    {
        self.inputs_spec(())
    }
    
}

impl<
    
        T0,
    
> ContainerSpecBuilder
<
    (
    
        T0,
    
    )
>
{
    /// Setter for the [`outputs_spec` field](ContainerSpec#structfield.outputs_spec).
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn outputs_spec<T1>(self, value: T1) -> ContainerSpecBuilder<(
    
        T0,
    
        T1,
    
    )>
    where T1: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>
    {
        
        let (
            
                v0,
            
        ) = self.0;ContainerSpecBuilder((
            
                v0,
            
            value,
        ))
    }

    

    
    /// Sets the [`outputs_spec` field](ContainerSpec#structfield.outputs_spec) to null.
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn outputs_spec_as_null(self) -> ContainerSpecBuilder<(
        
            T0,
        
        (),
    )>
    {
        self.outputs_spec(())
    }
    
}



impl<
    
        T0,
    
        T1,
    
> ContainerSpecBuilder<(
    
        T0,
    
        T1,
    
)> {
    /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [ContainerSpec].
    #[inline]
    pub fn finish(self, builder: &mut ::planus::Builder) -> ::planus::Offset<ContainerSpec>
        where Self: ::planus::WriteAsOffset<ContainerSpec>
    {
        ::planus::WriteAsOffset::prepare(&self, builder)
    }
}

impl<
    
        T0: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
    
        T1: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
    
> ::planus::WriteAs<::planus::Offset<ContainerSpec>> for ContainerSpecBuilder<(
    
        T0,
    
        T1,
    
)> {
    type Prepared = ::planus::Offset<ContainerSpec>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<ContainerSpec> {
        ::planus::WriteAsOffset::prepare(self, builder)
    }
}

impl<
    
        T0: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
    
        T1: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
    
> ::planus::WriteAsOptional<::planus::Offset<ContainerSpec>> for ContainerSpecBuilder<(
    
        T0,
    
        T1,
    
)> {
    type Prepared = ::planus::Offset<ContainerSpec>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::core::option::Option<::planus::Offset<ContainerSpec>> {
        ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
    }
}

impl<
    
        T0: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
    
        T1: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
    
> ::planus::WriteAsOffset<ContainerSpec> for ContainerSpecBuilder<(
    
        T0,
    
        T1,
    
)> {
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<ContainerSpec> {
        
        let (
            
                v0,
            
                v1,
            
        ) = &self.0;ContainerSpec::create(
            builder,
            
                v0,
            
                v1,
            
        )
    }
}

/// Reference to a deserialized [ContainerSpec].
#[derive(Copy, Clone)]
pub struct ContainerSpecRef<'a>(
    #[allow(dead_code)]
    ::planus::table_reader::Table<'a>
);

impl<'a> ContainerSpecRef<'a> {
    
        /// Getter for the [`inputs_spec` field](ContainerSpec#structfield.inputs_spec).
        #[inline]
        pub fn inputs_spec(&self) -> ::planus::Result<::core::option::Option<&'a ::core::primitive::str>> {
            
            
              
              self.0.access(0, "ContainerSpec", "inputs_spec")
              
            
            
            
        }
    
        /// Getter for the [`outputs_spec` field](ContainerSpec#structfield.outputs_spec).
        #[inline]
        pub fn outputs_spec(&self) -> ::planus::Result<::core::option::Option<&'a ::core::primitive::str>> {
            
            
              
              self.0.access(1, "ContainerSpec", "outputs_spec")
              
            
            
            
        }
    
}

impl<'a> ::core::fmt::Debug for ContainerSpecRef<'a> {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        let mut f = f.debug_struct("ContainerSpecRef");
        if let ::core::option::Option::Some(field_inputs_spec) = self.inputs_spec().transpose() {
                f.field("inputs_spec", &field_inputs_spec);
            }if let ::core::option::Option::Some(field_outputs_spec) = self.outputs_spec().transpose() {
                f.field("outputs_spec", &field_outputs_spec);
            }
        f.finish()
    }
}

impl<'a> ::core::convert::TryFrom<ContainerSpecRef<'a>> for ContainerSpec {
    type Error = ::planus::Error;


    #[allow(unreachable_code)]
    fn try_from(value: ContainerSpecRef<'a>) -> ::planus::Result<Self> {

        ::core::result::Result::Ok(Self {
            inputs_spec: 
                                value.inputs_spec()?.map(::core::convert::Into::into)
                            ,outputs_spec: 
                                value.outputs_spec()?.map(::core::convert::Into::into)
                            ,
        })
    }
}

impl<'a> ::planus::TableRead<'a> for ContainerSpecRef<'a> {
    #[inline]
    fn from_buffer(buffer: ::planus::SliceWithStartOffset<'a>, offset: usize) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
        ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(buffer, offset)?))
    }
}

impl<'a> ::planus::VectorReadInner<'a> for ContainerSpecRef<'a> {
    type Error = ::planus::Error;
    const STRIDE: usize = 4;

    unsafe fn from_buffer(buffer: ::planus::SliceWithStartOffset<'a>, offset: usize) -> ::planus::Result<Self> {
        ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| error_kind.with_error_location(
            "[ContainerSpecRef]",
            "get",
            buffer.offset_from_start,
        ))
    }
}

/// # Safety
/// The planus compiler generates implementations that initialize
/// the bytes in `write_values`.
unsafe impl ::planus::VectorWrite<::planus::Offset<ContainerSpec>> for ContainerSpec {
    type Value = ::planus::Offset<ContainerSpec>;
    const STRIDE: usize = 4;
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
        ::planus::WriteAs::prepare(self, builder)
    }

    #[inline]
    unsafe fn write_values(
        values: &[::planus::Offset<ContainerSpec>],
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

impl<'a> ::planus::ReadAsRoot<'a> for ContainerSpecRef<'a> {
    fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
        ::planus::TableRead::from_buffer(::planus::SliceWithStartOffset {
            buffer: slice,
            offset_from_start: 0,
        }, 0).map_err(|error_kind| error_kind.with_error_location(
            "[ContainerSpecRef]",
            "read_as_root",
            0,
        ))
    }
}

    
/// The table `ArenaDevice` in the namespace `pte`
/// 
/// Generated from these locations:
/// * Table `ArenaDevice` in the file `fbs/pte.fbs:129`
#[derive(Clone, Debug, PartialEq, PartialOrd,
Eq, Ord, Hash,
::serde::Serialize, ::serde::Deserialize
)]
pub struct ArenaDevice{
    
        /// The field `arena_index` in the table `ArenaDevice`
        pub arena_index: i32,
        /// The field `device_kind` in the table `ArenaDevice`
        pub device_kind: i8,
        /// The field `device_ordinal` in the table `ArenaDevice`
        pub device_ordinal: i8,}


#[allow(clippy::derivable_impls)]
impl ::core::default::Default for ArenaDevice {
    fn default() -> Self {
        Self {
        arena_index: 0,
        device_kind: 0,
        device_ordinal: 0,
        
        }
    }
}


impl ArenaDevice {
    /// Creates a [ArenaDeviceBuilder] for serializing an instance of this table.
    #[inline]
    pub fn builder() -> ArenaDeviceBuilder<()> {
        ArenaDeviceBuilder(())
    }

    #[allow(clippy::too_many_arguments)]
    pub fn create(
        builder: &mut ::planus::Builder,
        field_arena_index: impl ::planus::WriteAsDefault<i32, i32>,
        field_device_kind: impl ::planus::WriteAsDefault<i8, i8>,
        field_device_ordinal: impl ::planus::WriteAsDefault<i8, i8>,
        
    ) -> ::planus::Offset<Self> {let prepared_arena_index = field_arena_index.prepare(builder, &0);let prepared_device_kind = field_device_kind.prepare(builder, &0);let prepared_device_ordinal = field_device_ordinal.prepare(builder, &0);

        let mut table_writer: ::planus::table_writer::TableWriter::<10> = ::core::default::Default::default();
        if prepared_arena_index.is_some() {table_writer.write_entry::<i32>(0);}if prepared_device_kind.is_some() {table_writer.write_entry::<i8>(1);}if prepared_device_ordinal.is_some() {table_writer.write_entry::<i8>(2);}

        unsafe {
            table_writer.finish(builder, |object_writer| {if let ::core::option::Option::Some(prepared_arena_index) = prepared_arena_index {object_writer.write::<_, _, 4>(&prepared_arena_index);}if let ::core::option::Option::Some(prepared_device_kind) = prepared_device_kind {object_writer.write::<_, _, 1>(&prepared_device_kind);}if let ::core::option::Option::Some(prepared_device_ordinal) = prepared_device_ordinal {object_writer.write::<_, _, 1>(&prepared_device_ordinal);}
                
            });
        }builder.current_offset()
    }
}

impl ::planus::WriteAs<::planus::Offset<ArenaDevice>> for ArenaDevice {
    type Prepared = ::planus::Offset<Self>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<ArenaDevice> {
        ::planus::WriteAsOffset::prepare(self, builder)
    }
}

impl ::planus::WriteAsOptional<::planus::Offset<ArenaDevice>> for ArenaDevice {
    type Prepared = ::planus::Offset<Self>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::core::option::Option<::planus::Offset<ArenaDevice>> {
        ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
    }
}

impl ::planus::WriteAsOffset<ArenaDevice> for ArenaDevice {
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<ArenaDevice> {
        ArenaDevice::create(
            builder,
        
            
            self.arena_index,
            
        
            
            self.device_kind,
            
        
            
            self.device_ordinal,
            
        
        )
    }
}

/// Builder for serializing an instance of the [ArenaDevice] type.
///
/// Can be created using the [ArenaDevice::builder] method.
#[derive(Debug)]
#[must_use]
pub struct ArenaDeviceBuilder<State>(State);

impl<
    
> ArenaDeviceBuilder
<
    (
    
    )
>
{
    /// Setter for the [`arena_index` field](ArenaDevice#structfield.arena_index).
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn arena_index<T0>(self, value: T0) -> ArenaDeviceBuilder<(
    
        T0,
    
    )>
    where T0: ::planus::WriteAsDefault<i32, i32>
    {
        ArenaDeviceBuilder((
            
            value,
        ))
    }

    
    /// Sets the [`arena_index` field](ArenaDevice#structfield.arena_index) to the default value.
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn arena_index_as_default(self) -> ArenaDeviceBuilder<(
        
        ::planus::DefaultValue,
    )>
    {
        self.arena_index(::planus::DefaultValue)
    }
    

    
}

impl<
    
        T0,
    
> ArenaDeviceBuilder
<
    (
    
        T0,
    
    )
>
{
    /// Setter for the [`device_kind` field](ArenaDevice#structfield.device_kind).
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn device_kind<T1>(self, value: T1) -> ArenaDeviceBuilder<(
    
        T0,
    
        T1,
    
    )>
    where T1: ::planus::WriteAsDefault<i8, i8>
    {
        
        let (
            
                v0,
            
        ) = self.0;ArenaDeviceBuilder((
            
                v0,
            
            value,
        ))
    }

    
    /// Sets the [`device_kind` field](ArenaDevice#structfield.device_kind) to the default value.
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn device_kind_as_default(self) -> ArenaDeviceBuilder<(
        
            T0,
        
        ::planus::DefaultValue,
    )>
    {
        self.device_kind(::planus::DefaultValue)
    }
    

    
}

impl<
    
        T0,
    
        T1,
    
> ArenaDeviceBuilder
<
    (
    
        T0,
    
        T1,
    
    )
>
{
    /// Setter for the [`device_ordinal` field](ArenaDevice#structfield.device_ordinal).
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn device_ordinal<T2>(self, value: T2) -> ArenaDeviceBuilder<(
    
        T0,
    
        T1,
    
        T2,
    
    )>
    where T2: ::planus::WriteAsDefault<i8, i8>
    {
        
        let (
            
                v0,
            
                v1,
            
        ) = self.0;ArenaDeviceBuilder((
            
                v0,
            
                v1,
            
            value,
        ))
    }

    
    /// Sets the [`device_ordinal` field](ArenaDevice#structfield.device_ordinal) to the default value.
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn device_ordinal_as_default(self) -> ArenaDeviceBuilder<(
        
            T0,
        
            T1,
        
        ::planus::DefaultValue,
    )>
    {
        self.device_ordinal(::planus::DefaultValue)
    }
    

    
}



impl<
    
        T0,
    
        T1,
    
        T2,
    
> ArenaDeviceBuilder<(
    
        T0,
    
        T1,
    
        T2,
    
)> {
    /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [ArenaDevice].
    #[inline]
    pub fn finish(self, builder: &mut ::planus::Builder) -> ::planus::Offset<ArenaDevice>
        where Self: ::planus::WriteAsOffset<ArenaDevice>
    {
        ::planus::WriteAsOffset::prepare(&self, builder)
    }
}

impl<
    
        T0: ::planus::WriteAsDefault<i32, i32>,
    
        T1: ::planus::WriteAsDefault<i8, i8>,
    
        T2: ::planus::WriteAsDefault<i8, i8>,
    
> ::planus::WriteAs<::planus::Offset<ArenaDevice>> for ArenaDeviceBuilder<(
    
        T0,
    
        T1,
    
        T2,
    
)> {
    type Prepared = ::planus::Offset<ArenaDevice>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<ArenaDevice> {
        ::planus::WriteAsOffset::prepare(self, builder)
    }
}

impl<
    
        T0: ::planus::WriteAsDefault<i32, i32>,
    
        T1: ::planus::WriteAsDefault<i8, i8>,
    
        T2: ::planus::WriteAsDefault<i8, i8>,
    
> ::planus::WriteAsOptional<::planus::Offset<ArenaDevice>> for ArenaDeviceBuilder<(
    
        T0,
    
        T1,
    
        T2,
    
)> {
    type Prepared = ::planus::Offset<ArenaDevice>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::core::option::Option<::planus::Offset<ArenaDevice>> {
        ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
    }
}

impl<
    
        T0: ::planus::WriteAsDefault<i32, i32>,
    
        T1: ::planus::WriteAsDefault<i8, i8>,
    
        T2: ::planus::WriteAsDefault<i8, i8>,
    
> ::planus::WriteAsOffset<ArenaDevice> for ArenaDeviceBuilder<(
    
        T0,
    
        T1,
    
        T2,
    
)> {
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<ArenaDevice> {
        
        let (
            
                v0,
            
                v1,
            
                v2,
            
        ) = &self.0;ArenaDevice::create(
            builder,
            
                v0,
            
                v1,
            
                v2,
            
        )
    }
}

/// Reference to a deserialized [ArenaDevice].
#[derive(Copy, Clone)]
pub struct ArenaDeviceRef<'a>(
    #[allow(dead_code)]
    ::planus::table_reader::Table<'a>
);

impl<'a> ArenaDeviceRef<'a> {
    
        /// Getter for the [`arena_index` field](ArenaDevice#structfield.arena_index).
        #[inline]
        pub fn arena_index(&self) -> ::planus::Result<i32> {
             ::core::result::Result::Ok( 
            
              
              self.0.access(0, "ArenaDevice", "arena_index")
              
            
            ?.unwrap_or(0))
            
        }
    
        /// Getter for the [`device_kind` field](ArenaDevice#structfield.device_kind).
        #[inline]
        pub fn device_kind(&self) -> ::planus::Result<i8> {
             ::core::result::Result::Ok( 
            
              
              self.0.access(1, "ArenaDevice", "device_kind")
              
            
            ?.unwrap_or(0))
            
        }
    
        /// Getter for the [`device_ordinal` field](ArenaDevice#structfield.device_ordinal).
        #[inline]
        pub fn device_ordinal(&self) -> ::planus::Result<i8> {
             ::core::result::Result::Ok( 
            
              
              self.0.access(2, "ArenaDevice", "device_ordinal")
              
            
            ?.unwrap_or(0))
            
        }
    
}

impl<'a> ::core::fmt::Debug for ArenaDeviceRef<'a> {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        let mut f = f.debug_struct("ArenaDeviceRef");
        f.field("arena_index", &self.arena_index());f.field("device_kind", &self.device_kind());f.field("device_ordinal", &self.device_ordinal());
        f.finish()
    }
}

impl<'a> ::core::convert::TryFrom<ArenaDeviceRef<'a>> for ArenaDevice {
    type Error = ::planus::Error;


    #[allow(unreachable_code)]
    fn try_from(value: ArenaDeviceRef<'a>) -> ::planus::Result<Self> {

        ::core::result::Result::Ok(Self {
            arena_index: ::core::convert::TryInto::try_into(value.arena_index()?)?,device_kind: ::core::convert::TryInto::try_into(value.device_kind()?)?,device_ordinal: ::core::convert::TryInto::try_into(value.device_ordinal()?)?,
        })
    }
}

impl<'a> ::planus::TableRead<'a> for ArenaDeviceRef<'a> {
    #[inline]
    fn from_buffer(buffer: ::planus::SliceWithStartOffset<'a>, offset: usize) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
        ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(buffer, offset)?))
    }
}

impl<'a> ::planus::VectorReadInner<'a> for ArenaDeviceRef<'a> {
    type Error = ::planus::Error;
    const STRIDE: usize = 4;

    unsafe fn from_buffer(buffer: ::planus::SliceWithStartOffset<'a>, offset: usize) -> ::planus::Result<Self> {
        ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| error_kind.with_error_location(
            "[ArenaDeviceRef]",
            "get",
            buffer.offset_from_start,
        ))
    }
}

/// # Safety
/// The planus compiler generates implementations that initialize
/// the bytes in `write_values`.
unsafe impl ::planus::VectorWrite<::planus::Offset<ArenaDevice>> for ArenaDevice {
    type Value = ::planus::Offset<ArenaDevice>;
    const STRIDE: usize = 4;
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
        ::planus::WriteAs::prepare(self, builder)
    }

    #[inline]
    unsafe fn write_values(
        values: &[::planus::Offset<ArenaDevice>],
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

impl<'a> ::planus::ReadAsRoot<'a> for ArenaDeviceRef<'a> {
    fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
        ::planus::TableRead::from_buffer(::planus::SliceWithStartOffset {
            buffer: slice,
            offset_from_start: 0,
        }, 0).map_err(|error_kind| error_kind.with_error_location(
            "[ArenaDeviceRef]",
            "read_as_root",
            0,
        ))
    }
}

    
/// The table `Method` in the namespace `pte`
/// 
/// Generated from these locations:
/// * Table `Method` in the file `fbs/pte.fbs:135`
#[derive(Clone, Debug, PartialEq, PartialOrd,

::serde::Serialize, ::serde::Deserialize
)]
pub struct Method{
    
        /// The field `name` in the table `Method`
        pub name: ::core::option::Option<::planus::alloc::string::String>,
        /// The field `container_spec` in the table `Method`
        pub container_spec: ::core::option::Option<::planus::alloc::boxed::Box<self::ContainerSpec>>,
        /// The field `values` in the table `Method`
        pub values: ::core::option::Option<::planus::alloc::vec::Vec<self::ValueEntry>>,
        /// The field `inputs` in the table `Method`
        pub inputs: ::core::option::Option<::planus::alloc::vec::Vec<i32>>,
        /// The field `outputs` in the table `Method`
        pub outputs: ::core::option::Option<::planus::alloc::vec::Vec<i32>>,
        /// The field `chains` in the table `Method`
        pub chains: ::core::option::Option<::planus::alloc::vec::Vec<self::Chain>>,
        /// The field `operators` in the table `Method`
        pub operators: ::core::option::Option<::planus::alloc::vec::Vec<self::OperatorName>>,
        /// The field `delegates` in the table `Method`
        pub delegates: ::core::option::Option<::planus::alloc::vec::Vec<self::Delegate>>,
        /// The field `arena_sizes` in the table `Method`
        pub arena_sizes: ::core::option::Option<::planus::alloc::vec::Vec<i64>>,
        /// The field `arena_devices` in the table `Method`
        pub arena_devices: ::core::option::Option<::planus::alloc::vec::Vec<self::ArenaDevice>>,}


#[allow(clippy::derivable_impls)]
impl ::core::default::Default for Method {
    fn default() -> Self {
        Self {
        name: ::core::default::Default::default(),
        container_spec: ::core::default::Default::default(),
        values: ::core::default::Default::default(),
        inputs: ::core::default::Default::default(),
        outputs: ::core::default::Default::default(),
        chains: ::core::default::Default::default(),
        operators: ::core::default::Default::default(),
        delegates: ::core::default::Default::default(),
        arena_sizes: ::core::default::Default::default(),
        arena_devices: ::core::default::Default::default(),
        
        }
    }
}


impl Method {
    /// Creates a [MethodBuilder] for serializing an instance of this table.
    #[inline]
    pub fn builder() -> MethodBuilder<()> {
        MethodBuilder(())
    }

    #[allow(clippy::too_many_arguments)]
    pub fn create(
        builder: &mut ::planus::Builder,
        field_name: impl ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
        field_container_spec: impl ::planus::WriteAsOptional<::planus::Offset<self::ContainerSpec>>,
        field_values: impl ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<self::ValueEntry>]>>,
        field_inputs: impl ::planus::WriteAsOptional<::planus::Offset<[i32]>>,
        field_outputs: impl ::planus::WriteAsOptional<::planus::Offset<[i32]>>,
        field_chains: impl ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<self::Chain>]>>,
        field_operators: impl ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<self::OperatorName>]>>,
        field_delegates: impl ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<self::Delegate>]>>,
        field_arena_sizes: impl ::planus::WriteAsOptional<::planus::Offset<[i64]>>,
        field_arena_devices: impl ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<self::ArenaDevice>]>>,
        
    ) -> ::planus::Offset<Self> {let prepared_name = field_name.prepare(builder);let prepared_container_spec = field_container_spec.prepare(builder);let prepared_values = field_values.prepare(builder);let prepared_inputs = field_inputs.prepare(builder);let prepared_outputs = field_outputs.prepare(builder);let prepared_chains = field_chains.prepare(builder);let prepared_operators = field_operators.prepare(builder);let prepared_delegates = field_delegates.prepare(builder);let prepared_arena_sizes = field_arena_sizes.prepare(builder);let prepared_arena_devices = field_arena_devices.prepare(builder);

        let mut table_writer: ::planus::table_writer::TableWriter::<24> = ::core::default::Default::default();
        if prepared_name.is_some() {table_writer.write_entry::<::planus::Offset<str>>(0);}if prepared_container_spec.is_some() {table_writer.write_entry::<::planus::Offset<self::ContainerSpec>>(1);}if prepared_values.is_some() {table_writer.write_entry::<::planus::Offset<[::planus::Offset<self::ValueEntry>]>>(2);}if prepared_inputs.is_some() {table_writer.write_entry::<::planus::Offset<[i32]>>(3);}if prepared_outputs.is_some() {table_writer.write_entry::<::planus::Offset<[i32]>>(4);}if prepared_chains.is_some() {table_writer.write_entry::<::planus::Offset<[::planus::Offset<self::Chain>]>>(5);}if prepared_operators.is_some() {table_writer.write_entry::<::planus::Offset<[::planus::Offset<self::OperatorName>]>>(6);}if prepared_delegates.is_some() {table_writer.write_entry::<::planus::Offset<[::planus::Offset<self::Delegate>]>>(7);}if prepared_arena_sizes.is_some() {table_writer.write_entry::<::planus::Offset<[i64]>>(8);}if prepared_arena_devices.is_some() {table_writer.write_entry::<::planus::Offset<[::planus::Offset<self::ArenaDevice>]>>(9);}

        unsafe {
            table_writer.finish(builder, |object_writer| {if let ::core::option::Option::Some(prepared_name) = prepared_name {object_writer.write::<_, _, 4>(&prepared_name);}if let ::core::option::Option::Some(prepared_container_spec) = prepared_container_spec {object_writer.write::<_, _, 4>(&prepared_container_spec);}if let ::core::option::Option::Some(prepared_values) = prepared_values {object_writer.write::<_, _, 4>(&prepared_values);}if let ::core::option::Option::Some(prepared_inputs) = prepared_inputs {object_writer.write::<_, _, 4>(&prepared_inputs);}if let ::core::option::Option::Some(prepared_outputs) = prepared_outputs {object_writer.write::<_, _, 4>(&prepared_outputs);}if let ::core::option::Option::Some(prepared_chains) = prepared_chains {object_writer.write::<_, _, 4>(&prepared_chains);}if let ::core::option::Option::Some(prepared_operators) = prepared_operators {object_writer.write::<_, _, 4>(&prepared_operators);}if let ::core::option::Option::Some(prepared_delegates) = prepared_delegates {object_writer.write::<_, _, 4>(&prepared_delegates);}if let ::core::option::Option::Some(prepared_arena_sizes) = prepared_arena_sizes {object_writer.write::<_, _, 4>(&prepared_arena_sizes);}if let ::core::option::Option::Some(prepared_arena_devices) = prepared_arena_devices {object_writer.write::<_, _, 4>(&prepared_arena_devices);}
                
            });
        }builder.current_offset()
    }
}

impl ::planus::WriteAs<::planus::Offset<Method>> for Method {
    type Prepared = ::planus::Offset<Self>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<Method> {
        ::planus::WriteAsOffset::prepare(self, builder)
    }
}

impl ::planus::WriteAsOptional<::planus::Offset<Method>> for Method {
    type Prepared = ::planus::Offset<Self>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::core::option::Option<::planus::Offset<Method>> {
        ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
    }
}

impl ::planus::WriteAsOffset<Method> for Method {
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<Method> {
        Method::create(
            builder,
        
            
            &self.name,
            
        
            
            &self.container_spec,
            
        
            
            &self.values,
            
        
            
            &self.inputs,
            
        
            
            &self.outputs,
            
        
            
            &self.chains,
            
        
            
            &self.operators,
            
        
            
            &self.delegates,
            
        
            
            &self.arena_sizes,
            
        
            
            &self.arena_devices,
            
        
        )
    }
}

/// Builder for serializing an instance of the [Method] type.
///
/// Can be created using the [Method::builder] method.
#[derive(Debug)]
#[must_use]
pub struct MethodBuilder<State>(State);

impl<
    
> MethodBuilder
<
    (
    
    )
>
{
    /// Setter for the [`name` field](Method#structfield.name).
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn name<T0>(self, value: T0) -> MethodBuilder<(
    
        T0,
    
    )>
    where T0: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>
    {
        MethodBuilder((
            
            value,
        ))
    }

    

    
    /// Sets the [`name` field](Method#structfield.name) to null.
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn name_as_null(self) -> MethodBuilder<(
        
        (),
    )>
    {
        self.name(())
    }
    
}

impl<
    
        T0,
    
> MethodBuilder
<
    (
    
        T0,
    
    )
>
{
    /// Setter for the [`container_spec` field](Method#structfield.container_spec).
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn container_spec<T1>(self, value: T1) -> MethodBuilder<(
    
        T0,
    
        T1,
    
    )>
    where T1: ::planus::WriteAsOptional<::planus::Offset<self::ContainerSpec>>
    {
        
        let (
            
                v0,
            
        ) = self.0;MethodBuilder((
            
                v0,
            
            value,
        ))
    }

    

    
    /// Sets the [`container_spec` field](Method#structfield.container_spec) to null.
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn container_spec_as_null(self) -> MethodBuilder<(
        
            T0,
        
        (),
    )>
    {
        self.container_spec(())
    }
    
}

impl<
    
        T0,
    
        T1,
    
> MethodBuilder
<
    (
    
        T0,
    
        T1,
    
    )
>
{
    /// Setter for the [`values` field](Method#structfield.values).
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn values<T2>(self, value: T2) -> MethodBuilder<(
    
        T0,
    
        T1,
    
        T2,
    
    )>
    where T2: ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<self::ValueEntry>]>>
    {
        
        let (
            
                v0,
            
                v1,
            
        ) = self.0;MethodBuilder((
            
                v0,
            
                v1,
            
            value,
        ))
    }

    

    
    /// Sets the [`values` field](Method#structfield.values) to null.
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn values_as_null(self) -> MethodBuilder<(
        
            T0,
        
            T1,
        
        (),
    )>
    {
        self.values(())
    }
    
}

impl<
    
        T0,
    
        T1,
    
        T2,
    
> MethodBuilder
<
    (
    
        T0,
    
        T1,
    
        T2,
    
    )
>
{
    /// Setter for the [`inputs` field](Method#structfield.inputs).
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn inputs<T3>(self, value: T3) -> MethodBuilder<(
    
        T0,
    
        T1,
    
        T2,
    
        T3,
    
    )>
    where T3: ::planus::WriteAsOptional<::planus::Offset<[i32]>>
    {
        
        let (
            
                v0,
            
                v1,
            
                v2,
            
        ) = self.0;MethodBuilder((
            
                v0,
            
                v1,
            
                v2,
            
            value,
        ))
    }

    

    
    /// Sets the [`inputs` field](Method#structfield.inputs) to null.
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn inputs_as_null(self) -> MethodBuilder<(
        
            T0,
        
            T1,
        
            T2,
        
        (),
    )>
    {
        self.inputs(())
    }
    
}

impl<
    
        T0,
    
        T1,
    
        T2,
    
        T3,
    
> MethodBuilder
<
    (
    
        T0,
    
        T1,
    
        T2,
    
        T3,
    
    )
>
{
    /// Setter for the [`outputs` field](Method#structfield.outputs).
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn outputs<T4>(self, value: T4) -> MethodBuilder<(
    
        T0,
    
        T1,
    
        T2,
    
        T3,
    
        T4,
    
    )>
    where T4: ::planus::WriteAsOptional<::planus::Offset<[i32]>>
    {
        
        let (
            
                v0,
            
                v1,
            
                v2,
            
                v3,
            
        ) = self.0;MethodBuilder((
            
                v0,
            
                v1,
            
                v2,
            
                v3,
            
            value,
        ))
    }

    

    
    /// Sets the [`outputs` field](Method#structfield.outputs) to null.
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn outputs_as_null(self) -> MethodBuilder<(
        
            T0,
        
            T1,
        
            T2,
        
            T3,
        
        (),
    )>
    {
        self.outputs(())
    }
    
}

impl<
    
        T0,
    
        T1,
    
        T2,
    
        T3,
    
        T4,
    
> MethodBuilder
<
    (
    
        T0,
    
        T1,
    
        T2,
    
        T3,
    
        T4,
    
    )
>
{
    /// Setter for the [`chains` field](Method#structfield.chains).
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn chains<T5>(self, value: T5) -> MethodBuilder<(
    
        T0,
    
        T1,
    
        T2,
    
        T3,
    
        T4,
    
        T5,
    
    )>
    where T5: ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<self::Chain>]>>
    {
        
        let (
            
                v0,
            
                v1,
            
                v2,
            
                v3,
            
                v4,
            
        ) = self.0;MethodBuilder((
            
                v0,
            
                v1,
            
                v2,
            
                v3,
            
                v4,
            
            value,
        ))
    }

    

    
    /// Sets the [`chains` field](Method#structfield.chains) to null.
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn chains_as_null(self) -> MethodBuilder<(
        
            T0,
        
            T1,
        
            T2,
        
            T3,
        
            T4,
        
        (),
    )>
    {
        self.chains(())
    }
    
}

impl<
    
        T0,
    
        T1,
    
        T2,
    
        T3,
    
        T4,
    
        T5,
    
> MethodBuilder
<
    (
    
        T0,
    
        T1,
    
        T2,
    
        T3,
    
        T4,
    
        T5,
    
    )
>
{
    /// Setter for the [`operators` field](Method#structfield.operators).
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn operators<T6>(self, value: T6) -> MethodBuilder<(
    
        T0,
    
        T1,
    
        T2,
    
        T3,
    
        T4,
    
        T5,
    
        T6,
    
    )>
    where T6: ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<self::OperatorName>]>>
    {
        
        let (
            
                v0,
            
                v1,
            
                v2,
            
                v3,
            
                v4,
            
                v5,
            
        ) = self.0;MethodBuilder((
            
                v0,
            
                v1,
            
                v2,
            
                v3,
            
                v4,
            
                v5,
            
            value,
        ))
    }

    

    
    /// Sets the [`operators` field](Method#structfield.operators) to null.
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn operators_as_null(self) -> MethodBuilder<(
        
            T0,
        
            T1,
        
            T2,
        
            T3,
        
            T4,
        
            T5,
        
        (),
    )>
    {
        self.operators(())
    }
    
}

impl<
    
        T0,
    
        T1,
    
        T2,
    
        T3,
    
        T4,
    
        T5,
    
        T6,
    
> MethodBuilder
<
    (
    
        T0,
    
        T1,
    
        T2,
    
        T3,
    
        T4,
    
        T5,
    
        T6,
    
    )
>
{
    /// Setter for the [`delegates` field](Method#structfield.delegates).
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn delegates<T7>(self, value: T7) -> MethodBuilder<(
    
        T0,
    
        T1,
    
        T2,
    
        T3,
    
        T4,
    
        T5,
    
        T6,
    
        T7,
    
    )>
    where T7: ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<self::Delegate>]>>
    {
        
        let (
            
                v0,
            
                v1,
            
                v2,
            
                v3,
            
                v4,
            
                v5,
            
                v6,
            
        ) = self.0;MethodBuilder((
            
                v0,
            
                v1,
            
                v2,
            
                v3,
            
                v4,
            
                v5,
            
                v6,
            
            value,
        ))
    }

    

    
    /// Sets the [`delegates` field](Method#structfield.delegates) to null.
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn delegates_as_null(self) -> MethodBuilder<(
        
            T0,
        
            T1,
        
            T2,
        
            T3,
        
            T4,
        
            T5,
        
            T6,
        
        (),
    )>
    {
        self.delegates(())
    }
    
}

impl<
    
        T0,
    
        T1,
    
        T2,
    
        T3,
    
        T4,
    
        T5,
    
        T6,
    
        T7,
    
> MethodBuilder
<
    (
    
        T0,
    
        T1,
    
        T2,
    
        T3,
    
        T4,
    
        T5,
    
        T6,
    
        T7,
    
    )
>
{
    /// Setter for the [`arena_sizes` field](Method#structfield.arena_sizes).
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn arena_sizes<T8>(self, value: T8) -> MethodBuilder<(
    
        T0,
    
        T1,
    
        T2,
    
        T3,
    
        T4,
    
        T5,
    
        T6,
    
        T7,
    
        T8,
    
    )>
    where T8: ::planus::WriteAsOptional<::planus::Offset<[i64]>>
    {
        
        let (
            
                v0,
            
                v1,
            
                v2,
            
                v3,
            
                v4,
            
                v5,
            
                v6,
            
                v7,
            
        ) = self.0;MethodBuilder((
            
                v0,
            
                v1,
            
                v2,
            
                v3,
            
                v4,
            
                v5,
            
                v6,
            
                v7,
            
            value,
        ))
    }

    

    
    /// Sets the [`arena_sizes` field](Method#structfield.arena_sizes) to null.
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn arena_sizes_as_null(self) -> MethodBuilder<(
        
            T0,
        
            T1,
        
            T2,
        
            T3,
        
            T4,
        
            T5,
        
            T6,
        
            T7,
        
        (),
    )>
    {
        self.arena_sizes(())
    }
    
}

impl<
    
        T0,
    
        T1,
    
        T2,
    
        T3,
    
        T4,
    
        T5,
    
        T6,
    
        T7,
    
        T8,
    
> MethodBuilder
<
    (
    
        T0,
    
        T1,
    
        T2,
    
        T3,
    
        T4,
    
        T5,
    
        T6,
    
        T7,
    
        T8,
    
    )
>
{
    /// Setter for the [`arena_devices` field](Method#structfield.arena_devices).
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn arena_devices<T9>(self, value: T9) -> MethodBuilder<(
    
        T0,
    
        T1,
    
        T2,
    
        T3,
    
        T4,
    
        T5,
    
        T6,
    
        T7,
    
        T8,
    
        T9,
    
    )>
    where T9: ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<self::ArenaDevice>]>>
    {
        
        let (
            
                v0,
            
                v1,
            
                v2,
            
                v3,
            
                v4,
            
                v5,
            
                v6,
            
                v7,
            
                v8,
            
        ) = self.0;MethodBuilder((
            
                v0,
            
                v1,
            
                v2,
            
                v3,
            
                v4,
            
                v5,
            
                v6,
            
                v7,
            
                v8,
            
            value,
        ))
    }

    

    
    /// Sets the [`arena_devices` field](Method#structfield.arena_devices) to null.
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn arena_devices_as_null(self) -> MethodBuilder<(
        
            T0,
        
            T1,
        
            T2,
        
            T3,
        
            T4,
        
            T5,
        
            T6,
        
            T7,
        
            T8,
        
        (),
    )>
    {
        self.arena_devices(())
    }
    
}



impl<
    
        T0,
    
        T1,
    
        T2,
    
        T3,
    
        T4,
    
        T5,
    
        T6,
    
        T7,
    
        T8,
    
        T9,
    
> MethodBuilder<(
    
        T0,
    
        T1,
    
        T2,
    
        T3,
    
        T4,
    
        T5,
    
        T6,
    
        T7,
    
        T8,
    
        T9,
    
)> {
    /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [Method].
    #[inline]
    pub fn finish(self, builder: &mut ::planus::Builder) -> ::planus::Offset<Method>
        where Self: ::planus::WriteAsOffset<Method>
    {
        ::planus::WriteAsOffset::prepare(&self, builder)
    }
}

impl<
    
        T0: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
    
        T1: ::planus::WriteAsOptional<::planus::Offset<self::ContainerSpec>>,
    
        T2: ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<self::ValueEntry>]>>,
    
        T3: ::planus::WriteAsOptional<::planus::Offset<[i32]>>,
    
        T4: ::planus::WriteAsOptional<::planus::Offset<[i32]>>,
    
        T5: ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<self::Chain>]>>,
    
        T6: ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<self::OperatorName>]>>,
    
        T7: ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<self::Delegate>]>>,
    
        T8: ::planus::WriteAsOptional<::planus::Offset<[i64]>>,
    
        T9: ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<self::ArenaDevice>]>>,
    
> ::planus::WriteAs<::planus::Offset<Method>> for MethodBuilder<(
    
        T0,
    
        T1,
    
        T2,
    
        T3,
    
        T4,
    
        T5,
    
        T6,
    
        T7,
    
        T8,
    
        T9,
    
)> {
    type Prepared = ::planus::Offset<Method>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<Method> {
        ::planus::WriteAsOffset::prepare(self, builder)
    }
}

impl<
    
        T0: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
    
        T1: ::planus::WriteAsOptional<::planus::Offset<self::ContainerSpec>>,
    
        T2: ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<self::ValueEntry>]>>,
    
        T3: ::planus::WriteAsOptional<::planus::Offset<[i32]>>,
    
        T4: ::planus::WriteAsOptional<::planus::Offset<[i32]>>,
    
        T5: ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<self::Chain>]>>,
    
        T6: ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<self::OperatorName>]>>,
    
        T7: ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<self::Delegate>]>>,
    
        T8: ::planus::WriteAsOptional<::planus::Offset<[i64]>>,
    
        T9: ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<self::ArenaDevice>]>>,
    
> ::planus::WriteAsOptional<::planus::Offset<Method>> for MethodBuilder<(
    
        T0,
    
        T1,
    
        T2,
    
        T3,
    
        T4,
    
        T5,
    
        T6,
    
        T7,
    
        T8,
    
        T9,
    
)> {
    type Prepared = ::planus::Offset<Method>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::core::option::Option<::planus::Offset<Method>> {
        ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
    }
}

impl<
    
        T0: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
    
        T1: ::planus::WriteAsOptional<::planus::Offset<self::ContainerSpec>>,
    
        T2: ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<self::ValueEntry>]>>,
    
        T3: ::planus::WriteAsOptional<::planus::Offset<[i32]>>,
    
        T4: ::planus::WriteAsOptional<::planus::Offset<[i32]>>,
    
        T5: ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<self::Chain>]>>,
    
        T6: ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<self::OperatorName>]>>,
    
        T7: ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<self::Delegate>]>>,
    
        T8: ::planus::WriteAsOptional<::planus::Offset<[i64]>>,
    
        T9: ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<self::ArenaDevice>]>>,
    
> ::planus::WriteAsOffset<Method> for MethodBuilder<(
    
        T0,
    
        T1,
    
        T2,
    
        T3,
    
        T4,
    
        T5,
    
        T6,
    
        T7,
    
        T8,
    
        T9,
    
)> {
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<Method> {
        
        let (
            
                v0,
            
                v1,
            
                v2,
            
                v3,
            
                v4,
            
                v5,
            
                v6,
            
                v7,
            
                v8,
            
                v9,
            
        ) = &self.0;Method::create(
            builder,
            
                v0,
            
                v1,
            
                v2,
            
                v3,
            
                v4,
            
                v5,
            
                v6,
            
                v7,
            
                v8,
            
                v9,
            
        )
    }
}

/// Reference to a deserialized [Method].
#[derive(Copy, Clone)]
pub struct MethodRef<'a>(
    #[allow(dead_code)]
    ::planus::table_reader::Table<'a>
);

impl<'a> MethodRef<'a> {
    
        /// Getter for the [`name` field](Method#structfield.name).
        #[inline]
        pub fn name(&self) -> ::planus::Result<::core::option::Option<&'a ::core::primitive::str>> {
            
            
              
              self.0.access(0, "Method", "name")
              
            
            
            
        }
    
        /// Getter for the [`container_spec` field](Method#structfield.container_spec).
        #[inline]
        pub fn container_spec(&self) -> ::planus::Result<::core::option::Option<self::ContainerSpecRef<'a>>> {
            
            
              
              self.0.access(1, "Method", "container_spec")
              
            
            
            
        }
    
        /// Getter for the [`values` field](Method#structfield.values).
        #[inline]
        pub fn values(&self) -> ::planus::Result<::core::option::Option<::planus::Vector<'a, ::planus::Result<self::ValueEntryRef<'a>>>>> {
            
            
              
              self.0.access(2, "Method", "values")
              
            
            
            
        }
    
        /// Getter for the [`inputs` field](Method#structfield.inputs).
        #[inline]
        pub fn inputs(&self) -> ::planus::Result<::core::option::Option<::planus::Vector<'a, i32>>> {
            
            
              
              self.0.access(3, "Method", "inputs")
              
            
            
            
        }
    
        /// Getter for the [`outputs` field](Method#structfield.outputs).
        #[inline]
        pub fn outputs(&self) -> ::planus::Result<::core::option::Option<::planus::Vector<'a, i32>>> {
            
            
              
              self.0.access(4, "Method", "outputs")
              
            
            
            
        }
    
        /// Getter for the [`chains` field](Method#structfield.chains).
        #[inline]
        pub fn chains(&self) -> ::planus::Result<::core::option::Option<::planus::Vector<'a, ::planus::Result<self::ChainRef<'a>>>>> {
            
            
              
              self.0.access(5, "Method", "chains")
              
            
            
            
        }
    
        /// Getter for the [`operators` field](Method#structfield.operators).
        #[inline]
        pub fn operators(&self) -> ::planus::Result<::core::option::Option<::planus::Vector<'a, ::planus::Result<self::OperatorNameRef<'a>>>>> {
            
            
              
              self.0.access(6, "Method", "operators")
              
            
            
            
        }
    
        /// Getter for the [`delegates` field](Method#structfield.delegates).
        #[inline]
        pub fn delegates(&self) -> ::planus::Result<::core::option::Option<::planus::Vector<'a, ::planus::Result<self::DelegateRef<'a>>>>> {
            
            
              
              self.0.access(7, "Method", "delegates")
              
            
            
            
        }
    
        /// Getter for the [`arena_sizes` field](Method#structfield.arena_sizes).
        #[inline]
        pub fn arena_sizes(&self) -> ::planus::Result<::core::option::Option<::planus::Vector<'a, i64>>> {
            
            
              
              self.0.access(8, "Method", "arena_sizes")
              
            
            
            
        }
    
        /// Getter for the [`arena_devices` field](Method#structfield.arena_devices).
        #[inline]
        pub fn arena_devices(&self) -> ::planus::Result<::core::option::Option<::planus::Vector<'a, ::planus::Result<self::ArenaDeviceRef<'a>>>>> {
            
            
              
              self.0.access(9, "Method", "arena_devices")
              
            
            
            
        }
    
}

impl<'a> ::core::fmt::Debug for MethodRef<'a> {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        let mut f = f.debug_struct("MethodRef");
        if let ::core::option::Option::Some(field_name) = self.name().transpose() {
                f.field("name", &field_name);
            }if let ::core::option::Option::Some(field_container_spec) = self.container_spec().transpose() {
                f.field("container_spec", &field_container_spec);
            }if let ::core::option::Option::Some(field_values) = self.values().transpose() {
                f.field("values", &field_values);
            }if let ::core::option::Option::Some(field_inputs) = self.inputs().transpose() {
                f.field("inputs", &field_inputs);
            }if let ::core::option::Option::Some(field_outputs) = self.outputs().transpose() {
                f.field("outputs", &field_outputs);
            }if let ::core::option::Option::Some(field_chains) = self.chains().transpose() {
                f.field("chains", &field_chains);
            }if let ::core::option::Option::Some(field_operators) = self.operators().transpose() {
                f.field("operators", &field_operators);
            }if let ::core::option::Option::Some(field_delegates) = self.delegates().transpose() {
                f.field("delegates", &field_delegates);
            }if let ::core::option::Option::Some(field_arena_sizes) = self.arena_sizes().transpose() {
                f.field("arena_sizes", &field_arena_sizes);
            }if let ::core::option::Option::Some(field_arena_devices) = self.arena_devices().transpose() {
                f.field("arena_devices", &field_arena_devices);
            }
        f.finish()
    }
}

impl<'a> ::core::convert::TryFrom<MethodRef<'a>> for Method {
    type Error = ::planus::Error;


    #[allow(unreachable_code)]
    fn try_from(value: MethodRef<'a>) -> ::planus::Result<Self> {

        ::core::result::Result::Ok(Self {
            name: 
                                value.name()?.map(::core::convert::Into::into)
                            ,container_spec: 
                                if let ::core::option::Option::Some(container_spec) = value.container_spec()? {
                                    ::core::option::Option::Some(::planus::alloc::boxed::Box::new(::core::convert::TryInto::try_into(container_spec)?))
                                } else {
                                    ::core::option::Option::None
                                }
                            ,values: 
                            if let ::core::option::Option::Some(values) = value.values()? {
                                ::core::option::Option::Some(values.to_vec_result()?)
                            } else {
                                ::core::option::Option::None
                            }
                        ,inputs: 
                            if let ::core::option::Option::Some(inputs) = value.inputs()? {
                                ::core::option::Option::Some(inputs.to_vec()?)
                            } else {
                                ::core::option::Option::None
                            }
                        ,outputs: 
                            if let ::core::option::Option::Some(outputs) = value.outputs()? {
                                ::core::option::Option::Some(outputs.to_vec()?)
                            } else {
                                ::core::option::Option::None
                            }
                        ,chains: 
                            if let ::core::option::Option::Some(chains) = value.chains()? {
                                ::core::option::Option::Some(chains.to_vec_result()?)
                            } else {
                                ::core::option::Option::None
                            }
                        ,operators: 
                            if let ::core::option::Option::Some(operators) = value.operators()? {
                                ::core::option::Option::Some(operators.to_vec_result()?)
                            } else {
                                ::core::option::Option::None
                            }
                        ,delegates: 
                            if let ::core::option::Option::Some(delegates) = value.delegates()? {
                                ::core::option::Option::Some(delegates.to_vec_result()?)
                            } else {
                                ::core::option::Option::None
                            }
                        ,arena_sizes: 
                            if let ::core::option::Option::Some(arena_sizes) = value.arena_sizes()? {
                                ::core::option::Option::Some(arena_sizes.to_vec()?)
                            } else {
                                ::core::option::Option::None
                            }
                        ,arena_devices: 
                            if let ::core::option::Option::Some(arena_devices) = value.arena_devices()? {
                                ::core::option::Option::Some(arena_devices.to_vec_result()?)
                            } else {
                                ::core::option::Option::None
                            }
                        ,
        })
    }
}

impl<'a> ::planus::TableRead<'a> for MethodRef<'a> {
    #[inline]
    fn from_buffer(buffer: ::planus::SliceWithStartOffset<'a>, offset: usize) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
        ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(buffer, offset)?))
    }
}

impl<'a> ::planus::VectorReadInner<'a> for MethodRef<'a> {
    type Error = ::planus::Error;
    const STRIDE: usize = 4;

    unsafe fn from_buffer(buffer: ::planus::SliceWithStartOffset<'a>, offset: usize) -> ::planus::Result<Self> {
        ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| error_kind.with_error_location(
            "[MethodRef]",
            "get",
            buffer.offset_from_start,
        ))
    }
}

/// # Safety
/// The planus compiler generates implementations that initialize
/// the bytes in `write_values`.
unsafe impl ::planus::VectorWrite<::planus::Offset<Method>> for Method {
    type Value = ::planus::Offset<Method>;
    const STRIDE: usize = 4;
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
        ::planus::WriteAs::prepare(self, builder)
    }

    #[inline]
    unsafe fn write_values(
        values: &[::planus::Offset<Method>],
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

impl<'a> ::planus::ReadAsRoot<'a> for MethodRef<'a> {
    fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
        ::planus::TableRead::from_buffer(::planus::SliceWithStartOffset {
            buffer: slice,
            offset_from_start: 0,
        }, 0).map_err(|error_kind| error_kind.with_error_location(
            "[MethodRef]",
            "read_as_root",
            0,
        ))
    }
}

    
/// The table `InlineBytes` in the namespace `pte`
/// 
/// Generated from these locations:
/// * Table `InlineBytes` in the file `fbs/pte.fbs:148`
#[derive(Clone, Debug, PartialEq, PartialOrd,
Eq, Ord, Hash,
::serde::Serialize, ::serde::Deserialize
)]
pub struct InlineBytes{
    
        /// The field `bytes` in the table `InlineBytes`
        pub bytes: ::core::option::Option<::planus::alloc::vec::Vec<u8>>,}


#[allow(clippy::derivable_impls)]
impl ::core::default::Default for InlineBytes {
    fn default() -> Self {
        Self {
        bytes: ::core::default::Default::default(),
        
        }
    }
}


impl InlineBytes {
    /// Creates a [InlineBytesBuilder] for serializing an instance of this table.
    #[inline]
    pub fn builder() -> InlineBytesBuilder<()> {
        InlineBytesBuilder(())
    }

    #[allow(clippy::too_many_arguments)]
    pub fn create(
        builder: &mut ::planus::Builder,
        field_bytes: impl ::planus::WriteAsOptional<::planus::Offset<[u8]>>,
        
    ) -> ::planus::Offset<Self> {let prepared_bytes = field_bytes.prepare(builder);

        let mut table_writer: ::planus::table_writer::TableWriter::<6> = ::core::default::Default::default();
        if prepared_bytes.is_some() {table_writer.write_entry::<::planus::Offset<[u8]>>(0);}

        unsafe {
            table_writer.finish(builder, |object_writer| {if let ::core::option::Option::Some(prepared_bytes) = prepared_bytes {object_writer.write::<_, _, 4>(&prepared_bytes);}
                
            });
        }builder.current_offset()
    }
}

impl ::planus::WriteAs<::planus::Offset<InlineBytes>> for InlineBytes {
    type Prepared = ::planus::Offset<Self>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<InlineBytes> {
        ::planus::WriteAsOffset::prepare(self, builder)
    }
}

impl ::planus::WriteAsOptional<::planus::Offset<InlineBytes>> for InlineBytes {
    type Prepared = ::planus::Offset<Self>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::core::option::Option<::planus::Offset<InlineBytes>> {
        ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
    }
}

impl ::planus::WriteAsOffset<InlineBytes> for InlineBytes {
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<InlineBytes> {
        InlineBytes::create(
            builder,
        
            
            &self.bytes,
            
        
        )
    }
}

/// Builder for serializing an instance of the [InlineBytes] type.
///
/// Can be created using the [InlineBytes::builder] method.
#[derive(Debug)]
#[must_use]
pub struct InlineBytesBuilder<State>(State);

impl<
    
> InlineBytesBuilder
<
    (
    
    )
>
{
    /// Setter for the [`bytes` field](InlineBytes#structfield.bytes).
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn bytes<T0>(self, value: T0) -> InlineBytesBuilder<(
    
        T0,
    
    )>
    where T0: ::planus::WriteAsOptional<::planus::Offset<[u8]>>
    {
        InlineBytesBuilder((
            
            value,
        ))
    }

    

    
    /// Sets the [`bytes` field](InlineBytes#structfield.bytes) to null.
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn bytes_as_null(self) -> InlineBytesBuilder<(
        
        (),
    )>
    {
        self.bytes(())
    }
    
}



impl<
    
        T0,
    
> InlineBytesBuilder<(
    
        T0,
    
)> {
    /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [InlineBytes].
    #[inline]
    pub fn finish(self, builder: &mut ::planus::Builder) -> ::planus::Offset<InlineBytes>
        where Self: ::planus::WriteAsOffset<InlineBytes>
    {
        ::planus::WriteAsOffset::prepare(&self, builder)
    }
}

impl<
    
        T0: ::planus::WriteAsOptional<::planus::Offset<[u8]>>,
    
> ::planus::WriteAs<::planus::Offset<InlineBytes>> for InlineBytesBuilder<(
    
        T0,
    
)> {
    type Prepared = ::planus::Offset<InlineBytes>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<InlineBytes> {
        ::planus::WriteAsOffset::prepare(self, builder)
    }
}

impl<
    
        T0: ::planus::WriteAsOptional<::planus::Offset<[u8]>>,
    
> ::planus::WriteAsOptional<::planus::Offset<InlineBytes>> for InlineBytesBuilder<(
    
        T0,
    
)> {
    type Prepared = ::planus::Offset<InlineBytes>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::core::option::Option<::planus::Offset<InlineBytes>> {
        ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
    }
}

impl<
    
        T0: ::planus::WriteAsOptional<::planus::Offset<[u8]>>,
    
> ::planus::WriteAsOffset<InlineBytes> for InlineBytesBuilder<(
    
        T0,
    
)> {
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<InlineBytes> {
        
        let (
            
                v0,
            
        ) = &self.0;InlineBytes::create(
            builder,
            
                v0,
            
        )
    }
}

/// Reference to a deserialized [InlineBytes].
#[derive(Copy, Clone)]
pub struct InlineBytesRef<'a>(
    #[allow(dead_code)]
    ::planus::table_reader::Table<'a>
);

impl<'a> InlineBytesRef<'a> {
    
        /// Getter for the [`bytes` field](InlineBytes#structfield.bytes).
        #[inline]
        pub fn bytes(&self) -> ::planus::Result<::core::option::Option<&'a [u8]>> {
            
            
              
              self.0.access(0, "InlineBytes", "bytes")
              
            
            
            
        }
    
}

impl<'a> ::core::fmt::Debug for InlineBytesRef<'a> {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        let mut f = f.debug_struct("InlineBytesRef");
        if let ::core::option::Option::Some(field_bytes) = self.bytes().transpose() {
                f.field("bytes", &field_bytes);
            }
        f.finish()
    }
}

impl<'a> ::core::convert::TryFrom<InlineBytesRef<'a>> for InlineBytes {
    type Error = ::planus::Error;


    #[allow(unreachable_code)]
    fn try_from(value: InlineBytesRef<'a>) -> ::planus::Result<Self> {

        ::core::result::Result::Ok(Self {
            bytes: value.bytes()?.map(|v| v.to_vec()),
        })
    }
}

impl<'a> ::planus::TableRead<'a> for InlineBytesRef<'a> {
    #[inline]
    fn from_buffer(buffer: ::planus::SliceWithStartOffset<'a>, offset: usize) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
        ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(buffer, offset)?))
    }
}

impl<'a> ::planus::VectorReadInner<'a> for InlineBytesRef<'a> {
    type Error = ::planus::Error;
    const STRIDE: usize = 4;

    unsafe fn from_buffer(buffer: ::planus::SliceWithStartOffset<'a>, offset: usize) -> ::planus::Result<Self> {
        ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| error_kind.with_error_location(
            "[InlineBytesRef]",
            "get",
            buffer.offset_from_start,
        ))
    }
}

/// # Safety
/// The planus compiler generates implementations that initialize
/// the bytes in `write_values`.
unsafe impl ::planus::VectorWrite<::planus::Offset<InlineBytes>> for InlineBytes {
    type Value = ::planus::Offset<InlineBytes>;
    const STRIDE: usize = 4;
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
        ::planus::WriteAs::prepare(self, builder)
    }

    #[inline]
    unsafe fn write_values(
        values: &[::planus::Offset<InlineBytes>],
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

impl<'a> ::planus::ReadAsRoot<'a> for InlineBytesRef<'a> {
    fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
        ::planus::TableRead::from_buffer(::planus::SliceWithStartOffset {
            buffer: slice,
            offset_from_start: 0,
        }, 0).map_err(|error_kind| error_kind.with_error_location(
            "[InlineBytesRef]",
            "read_as_root",
            0,
        ))
    }
}

    
/// The table `Segment` in the namespace `pte`
/// 
/// Generated from these locations:
/// * Table `Segment` in the file `fbs/pte.fbs:150`
#[derive(Clone, Debug, PartialEq, PartialOrd,
Eq, Ord, Hash,
::serde::Serialize, ::serde::Deserialize
)]
pub struct Segment{
    
        /// The field `offset` in the table `Segment`
        pub offset: u64,
        /// The field `size` in the table `Segment`
        pub size: u64,}


#[allow(clippy::derivable_impls)]
impl ::core::default::Default for Segment {
    fn default() -> Self {
        Self {
        offset: 0,
        size: 0,
        
        }
    }
}


impl Segment {
    /// Creates a [SegmentBuilder] for serializing an instance of this table.
    #[inline]
    pub fn builder() -> SegmentBuilder<()> {
        SegmentBuilder(())
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

impl ::planus::WriteAs<::planus::Offset<Segment>> for Segment {
    type Prepared = ::planus::Offset<Self>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<Segment> {
        ::planus::WriteAsOffset::prepare(self, builder)
    }
}

impl ::planus::WriteAsOptional<::planus::Offset<Segment>> for Segment {
    type Prepared = ::planus::Offset<Self>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::core::option::Option<::planus::Offset<Segment>> {
        ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
    }
}

impl ::planus::WriteAsOffset<Segment> for Segment {
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<Segment> {
        Segment::create(
            builder,
        
            
            self.offset,
            
        
            
            self.size,
            
        
        )
    }
}

/// Builder for serializing an instance of the [Segment] type.
///
/// Can be created using the [Segment::builder] method.
#[derive(Debug)]
#[must_use]
pub struct SegmentBuilder<State>(State);

impl<
    
> SegmentBuilder
<
    (
    
    )
>
{
    /// Setter for the [`offset` field](Segment#structfield.offset).
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn offset<T0>(self, value: T0) -> SegmentBuilder<(
    
        T0,
    
    )>
    where T0: ::planus::WriteAsDefault<u64, u64>
    {
        SegmentBuilder((
            
            value,
        ))
    }

    
    /// Sets the [`offset` field](Segment#structfield.offset) to the default value.
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn offset_as_default(self) -> SegmentBuilder<(
        
        ::planus::DefaultValue,
    )>
    {
        self.offset(::planus::DefaultValue)
    }
    

    
}

impl<
    
        T0,
    
> SegmentBuilder
<
    (
    
        T0,
    
    )
>
{
    /// Setter for the [`size` field](Segment#structfield.size).
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn size<T1>(self, value: T1) -> SegmentBuilder<(
    
        T0,
    
        T1,
    
    )>
    where T1: ::planus::WriteAsDefault<u64, u64>
    {
        
        let (
            
                v0,
            
        ) = self.0;SegmentBuilder((
            
                v0,
            
            value,
        ))
    }

    
    /// Sets the [`size` field](Segment#structfield.size) to the default value.
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn size_as_default(self) -> SegmentBuilder<(
        
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
    
> SegmentBuilder<(
    
        T0,
    
        T1,
    
)> {
    /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [Segment].
    #[inline]
    pub fn finish(self, builder: &mut ::planus::Builder) -> ::planus::Offset<Segment>
        where Self: ::planus::WriteAsOffset<Segment>
    {
        ::planus::WriteAsOffset::prepare(&self, builder)
    }
}

impl<
    
        T0: ::planus::WriteAsDefault<u64, u64>,
    
        T1: ::planus::WriteAsDefault<u64, u64>,
    
> ::planus::WriteAs<::planus::Offset<Segment>> for SegmentBuilder<(
    
        T0,
    
        T1,
    
)> {
    type Prepared = ::planus::Offset<Segment>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<Segment> {
        ::planus::WriteAsOffset::prepare(self, builder)
    }
}

impl<
    
        T0: ::planus::WriteAsDefault<u64, u64>,
    
        T1: ::planus::WriteAsDefault<u64, u64>,
    
> ::planus::WriteAsOptional<::planus::Offset<Segment>> for SegmentBuilder<(
    
        T0,
    
        T1,
    
)> {
    type Prepared = ::planus::Offset<Segment>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::core::option::Option<::planus::Offset<Segment>> {
        ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
    }
}

impl<
    
        T0: ::planus::WriteAsDefault<u64, u64>,
    
        T1: ::planus::WriteAsDefault<u64, u64>,
    
> ::planus::WriteAsOffset<Segment> for SegmentBuilder<(
    
        T0,
    
        T1,
    
)> {
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<Segment> {
        
        let (
            
                v0,
            
                v1,
            
        ) = &self.0;Segment::create(
            builder,
            
                v0,
            
                v1,
            
        )
    }
}

/// Reference to a deserialized [Segment].
#[derive(Copy, Clone)]
pub struct SegmentRef<'a>(
    #[allow(dead_code)]
    ::planus::table_reader::Table<'a>
);

impl<'a> SegmentRef<'a> {
    
        /// Getter for the [`offset` field](Segment#structfield.offset).
        #[inline]
        pub fn offset(&self) -> ::planus::Result<u64> {
             ::core::result::Result::Ok( 
            
              
              self.0.access(0, "Segment", "offset")
              
            
            ?.unwrap_or(0))
            
        }
    
        /// Getter for the [`size` field](Segment#structfield.size).
        #[inline]
        pub fn size(&self) -> ::planus::Result<u64> {
             ::core::result::Result::Ok( 
            
              
              self.0.access(1, "Segment", "size")
              
            
            ?.unwrap_or(0))
            
        }
    
}

impl<'a> ::core::fmt::Debug for SegmentRef<'a> {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        let mut f = f.debug_struct("SegmentRef");
        f.field("offset", &self.offset());f.field("size", &self.size());
        f.finish()
    }
}

impl<'a> ::core::convert::TryFrom<SegmentRef<'a>> for Segment {
    type Error = ::planus::Error;


    #[allow(unreachable_code)]
    fn try_from(value: SegmentRef<'a>) -> ::planus::Result<Self> {

        ::core::result::Result::Ok(Self {
            offset: ::core::convert::TryInto::try_into(value.offset()?)?,size: ::core::convert::TryInto::try_into(value.size()?)?,
        })
    }
}

impl<'a> ::planus::TableRead<'a> for SegmentRef<'a> {
    #[inline]
    fn from_buffer(buffer: ::planus::SliceWithStartOffset<'a>, offset: usize) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
        ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(buffer, offset)?))
    }
}

impl<'a> ::planus::VectorReadInner<'a> for SegmentRef<'a> {
    type Error = ::planus::Error;
    const STRIDE: usize = 4;

    unsafe fn from_buffer(buffer: ::planus::SliceWithStartOffset<'a>, offset: usize) -> ::planus::Result<Self> {
        ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| error_kind.with_error_location(
            "[SegmentRef]",
            "get",
            buffer.offset_from_start,
        ))
    }
}

/// # Safety
/// The planus compiler generates implementations that initialize
/// the bytes in `write_values`.
unsafe impl ::planus::VectorWrite<::planus::Offset<Segment>> for Segment {
    type Value = ::planus::Offset<Segment>;
    const STRIDE: usize = 4;
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
        ::planus::WriteAs::prepare(self, builder)
    }

    #[inline]
    unsafe fn write_values(
        values: &[::planus::Offset<Segment>],
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

impl<'a> ::planus::ReadAsRoot<'a> for SegmentRef<'a> {
    fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
        ::planus::TableRead::from_buffer(::planus::SliceWithStartOffset {
            buffer: slice,
            offset_from_start: 0,
        }, 0).map_err(|error_kind| error_kind.with_error_location(
            "[SegmentRef]",
            "read_as_root",
            0,
        ))
    }
}

    
/// The table `SubSegments` in the namespace `pte`
/// 
/// Generated from these locations:
/// * Table `SubSegments` in the file `fbs/pte.fbs:155`
#[derive(Clone, Debug, PartialEq, PartialOrd,
Eq, Ord, Hash,
::serde::Serialize, ::serde::Deserialize
)]
pub struct SubSegments{
    
        /// The field `segment_index` in the table `SubSegments`
        pub segment_index: u32,
        /// The field `offsets` in the table `SubSegments`
        pub offsets: ::core::option::Option<::planus::alloc::vec::Vec<u64>>,}


#[allow(clippy::derivable_impls)]
impl ::core::default::Default for SubSegments {
    fn default() -> Self {
        Self {
        segment_index: 0,
        offsets: ::core::default::Default::default(),
        
        }
    }
}


impl SubSegments {
    /// Creates a [SubSegmentsBuilder] for serializing an instance of this table.
    #[inline]
    pub fn builder() -> SubSegmentsBuilder<()> {
        SubSegmentsBuilder(())
    }

    #[allow(clippy::too_many_arguments)]
    pub fn create(
        builder: &mut ::planus::Builder,
        field_segment_index: impl ::planus::WriteAsDefault<u32, u32>,
        field_offsets: impl ::planus::WriteAsOptional<::planus::Offset<[u64]>>,
        
    ) -> ::planus::Offset<Self> {let prepared_segment_index = field_segment_index.prepare(builder, &0);let prepared_offsets = field_offsets.prepare(builder);

        let mut table_writer: ::planus::table_writer::TableWriter::<8> = ::core::default::Default::default();
        if prepared_segment_index.is_some() {table_writer.write_entry::<u32>(0);}if prepared_offsets.is_some() {table_writer.write_entry::<::planus::Offset<[u64]>>(1);}

        unsafe {
            table_writer.finish(builder, |object_writer| {if let ::core::option::Option::Some(prepared_segment_index) = prepared_segment_index {object_writer.write::<_, _, 4>(&prepared_segment_index);}if let ::core::option::Option::Some(prepared_offsets) = prepared_offsets {object_writer.write::<_, _, 4>(&prepared_offsets);}
                
            });
        }builder.current_offset()
    }
}

impl ::planus::WriteAs<::planus::Offset<SubSegments>> for SubSegments {
    type Prepared = ::planus::Offset<Self>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<SubSegments> {
        ::planus::WriteAsOffset::prepare(self, builder)
    }
}

impl ::planus::WriteAsOptional<::planus::Offset<SubSegments>> for SubSegments {
    type Prepared = ::planus::Offset<Self>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::core::option::Option<::planus::Offset<SubSegments>> {
        ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
    }
}

impl ::planus::WriteAsOffset<SubSegments> for SubSegments {
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<SubSegments> {
        SubSegments::create(
            builder,
        
            
            self.segment_index,
            
        
            
            &self.offsets,
            
        
        )
    }
}

/// Builder for serializing an instance of the [SubSegments] type.
///
/// Can be created using the [SubSegments::builder] method.
#[derive(Debug)]
#[must_use]
pub struct SubSegmentsBuilder<State>(State);

impl<
    
> SubSegmentsBuilder
<
    (
    
    )
>
{
    /// Setter for the [`segment_index` field](SubSegments#structfield.segment_index).
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn segment_index<T0>(self, value: T0) -> SubSegmentsBuilder<(
    
        T0,
    
    )>
    where T0: ::planus::WriteAsDefault<u32, u32>
    {
        SubSegmentsBuilder((
            
            value,
        ))
    }

    
    /// Sets the [`segment_index` field](SubSegments#structfield.segment_index) to the default value.
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn segment_index_as_default(self) -> SubSegmentsBuilder<(
        
        ::planus::DefaultValue,
    )>
    {
        self.segment_index(::planus::DefaultValue)
    }
    

    
}

impl<
    
        T0,
    
> SubSegmentsBuilder
<
    (
    
        T0,
    
    )
>
{
    /// Setter for the [`offsets` field](SubSegments#structfield.offsets).
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn offsets<T1>(self, value: T1) -> SubSegmentsBuilder<(
    
        T0,
    
        T1,
    
    )>
    where T1: ::planus::WriteAsOptional<::planus::Offset<[u64]>>
    {
        
        let (
            
                v0,
            
        ) = self.0;SubSegmentsBuilder((
            
                v0,
            
            value,
        ))
    }

    

    
    /// Sets the [`offsets` field](SubSegments#structfield.offsets) to null.
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn offsets_as_null(self) -> SubSegmentsBuilder<(
        
            T0,
        
        (),
    )>
    {
        self.offsets(())
    }
    
}



impl<
    
        T0,
    
        T1,
    
> SubSegmentsBuilder<(
    
        T0,
    
        T1,
    
)> {
    /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [SubSegments].
    #[inline]
    pub fn finish(self, builder: &mut ::planus::Builder) -> ::planus::Offset<SubSegments>
        where Self: ::planus::WriteAsOffset<SubSegments>
    {
        ::planus::WriteAsOffset::prepare(&self, builder)
    }
}

impl<
    
        T0: ::planus::WriteAsDefault<u32, u32>,
    
        T1: ::planus::WriteAsOptional<::planus::Offset<[u64]>>,
    
> ::planus::WriteAs<::planus::Offset<SubSegments>> for SubSegmentsBuilder<(
    
        T0,
    
        T1,
    
)> {
    type Prepared = ::planus::Offset<SubSegments>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<SubSegments> {
        ::planus::WriteAsOffset::prepare(self, builder)
    }
}

impl<
    
        T0: ::planus::WriteAsDefault<u32, u32>,
    
        T1: ::planus::WriteAsOptional<::planus::Offset<[u64]>>,
    
> ::planus::WriteAsOptional<::planus::Offset<SubSegments>> for SubSegmentsBuilder<(
    
        T0,
    
        T1,
    
)> {
    type Prepared = ::planus::Offset<SubSegments>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::core::option::Option<::planus::Offset<SubSegments>> {
        ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
    }
}

impl<
    
        T0: ::planus::WriteAsDefault<u32, u32>,
    
        T1: ::planus::WriteAsOptional<::planus::Offset<[u64]>>,
    
> ::planus::WriteAsOffset<SubSegments> for SubSegmentsBuilder<(
    
        T0,
    
        T1,
    
)> {
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<SubSegments> {
        
        let (
            
                v0,
            
                v1,
            
        ) = &self.0;SubSegments::create(
            builder,
            
                v0,
            
                v1,
            
        )
    }
}

/// Reference to a deserialized [SubSegments].
#[derive(Copy, Clone)]
pub struct SubSegmentsRef<'a>(
    #[allow(dead_code)]
    ::planus::table_reader::Table<'a>
);

impl<'a> SubSegmentsRef<'a> {
    
        /// Getter for the [`segment_index` field](SubSegments#structfield.segment_index).
        #[inline]
        pub fn segment_index(&self) -> ::planus::Result<u32> {
             ::core::result::Result::Ok( 
            
              
              self.0.access(0, "SubSegments", "segment_index")
              
            
            ?.unwrap_or(0))
            
        }
    
        /// Getter for the [`offsets` field](SubSegments#structfield.offsets).
        #[inline]
        pub fn offsets(&self) -> ::planus::Result<::core::option::Option<::planus::Vector<'a, u64>>> {
            
            
              
              self.0.access(1, "SubSegments", "offsets")
              
            
            
            
        }
    
}

impl<'a> ::core::fmt::Debug for SubSegmentsRef<'a> {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        let mut f = f.debug_struct("SubSegmentsRef");
        f.field("segment_index", &self.segment_index());if let ::core::option::Option::Some(field_offsets) = self.offsets().transpose() {
                f.field("offsets", &field_offsets);
            }
        f.finish()
    }
}

impl<'a> ::core::convert::TryFrom<SubSegmentsRef<'a>> for SubSegments {
    type Error = ::planus::Error;


    #[allow(unreachable_code)]
    fn try_from(value: SubSegmentsRef<'a>) -> ::planus::Result<Self> {

        ::core::result::Result::Ok(Self {
            segment_index: ::core::convert::TryInto::try_into(value.segment_index()?)?,offsets: 
                            if let ::core::option::Option::Some(offsets) = value.offsets()? {
                                ::core::option::Option::Some(offsets.to_vec()?)
                            } else {
                                ::core::option::Option::None
                            }
                        ,
        })
    }
}

impl<'a> ::planus::TableRead<'a> for SubSegmentsRef<'a> {
    #[inline]
    fn from_buffer(buffer: ::planus::SliceWithStartOffset<'a>, offset: usize) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
        ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(buffer, offset)?))
    }
}

impl<'a> ::planus::VectorReadInner<'a> for SubSegmentsRef<'a> {
    type Error = ::planus::Error;
    const STRIDE: usize = 4;

    unsafe fn from_buffer(buffer: ::planus::SliceWithStartOffset<'a>, offset: usize) -> ::planus::Result<Self> {
        ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| error_kind.with_error_location(
            "[SubSegmentsRef]",
            "get",
            buffer.offset_from_start,
        ))
    }
}

/// # Safety
/// The planus compiler generates implementations that initialize
/// the bytes in `write_values`.
unsafe impl ::planus::VectorWrite<::planus::Offset<SubSegments>> for SubSegments {
    type Value = ::planus::Offset<SubSegments>;
    const STRIDE: usize = 4;
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
        ::planus::WriteAs::prepare(self, builder)
    }

    #[inline]
    unsafe fn write_values(
        values: &[::planus::Offset<SubSegments>],
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

impl<'a> ::planus::ReadAsRoot<'a> for SubSegmentsRef<'a> {
    fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
        ::planus::TableRead::from_buffer(::planus::SliceWithStartOffset {
            buffer: slice,
            offset_from_start: 0,
        }, 0).map_err(|error_kind| error_kind.with_error_location(
            "[SubSegmentsRef]",
            "read_as_root",
            0,
        ))
    }
}

    
/// The table `NamedBlob` in the namespace `pte`
/// 
/// Generated from these locations:
/// * Table `NamedBlob` in the file `fbs/pte.fbs:160`
#[derive(Clone, Debug, PartialEq, PartialOrd,
Eq, Ord, Hash,
::serde::Serialize, ::serde::Deserialize
)]
pub struct NamedBlob{
    
        /// The field `key` in the table `NamedBlob`
        pub key: ::core::option::Option<::planus::alloc::string::String>,
        /// The field `segment_index` in the table `NamedBlob`
        pub segment_index: u32,}


#[allow(clippy::derivable_impls)]
impl ::core::default::Default for NamedBlob {
    fn default() -> Self {
        Self {
        key: ::core::default::Default::default(),
        segment_index: 0,
        
        }
    }
}


impl NamedBlob {
    /// Creates a [NamedBlobBuilder] for serializing an instance of this table.
    #[inline]
    pub fn builder() -> NamedBlobBuilder<()> {
        NamedBlobBuilder(())
    }

    #[allow(clippy::too_many_arguments)]
    pub fn create(
        builder: &mut ::planus::Builder,
        field_key: impl ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
        field_segment_index: impl ::planus::WriteAsDefault<u32, u32>,
        
    ) -> ::planus::Offset<Self> {let prepared_key = field_key.prepare(builder);let prepared_segment_index = field_segment_index.prepare(builder, &0);

        let mut table_writer: ::planus::table_writer::TableWriter::<8> = ::core::default::Default::default();
        if prepared_key.is_some() {table_writer.write_entry::<::planus::Offset<str>>(0);}if prepared_segment_index.is_some() {table_writer.write_entry::<u32>(1);}

        unsafe {
            table_writer.finish(builder, |object_writer| {if let ::core::option::Option::Some(prepared_key) = prepared_key {object_writer.write::<_, _, 4>(&prepared_key);}if let ::core::option::Option::Some(prepared_segment_index) = prepared_segment_index {object_writer.write::<_, _, 4>(&prepared_segment_index);}
                
            });
        }builder.current_offset()
    }
}

impl ::planus::WriteAs<::planus::Offset<NamedBlob>> for NamedBlob {
    type Prepared = ::planus::Offset<Self>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<NamedBlob> {
        ::planus::WriteAsOffset::prepare(self, builder)
    }
}

impl ::planus::WriteAsOptional<::planus::Offset<NamedBlob>> for NamedBlob {
    type Prepared = ::planus::Offset<Self>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::core::option::Option<::planus::Offset<NamedBlob>> {
        ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
    }
}

impl ::planus::WriteAsOffset<NamedBlob> for NamedBlob {
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<NamedBlob> {
        NamedBlob::create(
            builder,
        
            
            &self.key,
            
        
            
            self.segment_index,
            
        
        )
    }
}

/// Builder for serializing an instance of the [NamedBlob] type.
///
/// Can be created using the [NamedBlob::builder] method.
#[derive(Debug)]
#[must_use]
pub struct NamedBlobBuilder<State>(State);

impl<
    
> NamedBlobBuilder
<
    (
    
    )
>
{
    /// Setter for the [`key` field](NamedBlob#structfield.key).
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn key<T0>(self, value: T0) -> NamedBlobBuilder<(
    
        T0,
    
    )>
    where T0: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>
    {
        NamedBlobBuilder((
            
            value,
        ))
    }

    

    
    /// Sets the [`key` field](NamedBlob#structfield.key) to null.
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn key_as_null(self) -> NamedBlobBuilder<(
        
        (),
    )>
    {
        self.key(())
    }
    
}

impl<
    
        T0,
    
> NamedBlobBuilder
<
    (
    
        T0,
    
    )
>
{
    /// Setter for the [`segment_index` field](NamedBlob#structfield.segment_index).
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn segment_index<T1>(self, value: T1) -> NamedBlobBuilder<(
    
        T0,
    
        T1,
    
    )>
    where T1: ::planus::WriteAsDefault<u32, u32>
    {
        
        let (
            
                v0,
            
        ) = self.0;NamedBlobBuilder((
            
                v0,
            
            value,
        ))
    }

    
    /// Sets the [`segment_index` field](NamedBlob#structfield.segment_index) to the default value.
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn segment_index_as_default(self) -> NamedBlobBuilder<(
        
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
    
> NamedBlobBuilder<(
    
        T0,
    
        T1,
    
)> {
    /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [NamedBlob].
    #[inline]
    pub fn finish(self, builder: &mut ::planus::Builder) -> ::planus::Offset<NamedBlob>
        where Self: ::planus::WriteAsOffset<NamedBlob>
    {
        ::planus::WriteAsOffset::prepare(&self, builder)
    }
}

impl<
    
        T0: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
    
        T1: ::planus::WriteAsDefault<u32, u32>,
    
> ::planus::WriteAs<::planus::Offset<NamedBlob>> for NamedBlobBuilder<(
    
        T0,
    
        T1,
    
)> {
    type Prepared = ::planus::Offset<NamedBlob>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<NamedBlob> {
        ::planus::WriteAsOffset::prepare(self, builder)
    }
}

impl<
    
        T0: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
    
        T1: ::planus::WriteAsDefault<u32, u32>,
    
> ::planus::WriteAsOptional<::planus::Offset<NamedBlob>> for NamedBlobBuilder<(
    
        T0,
    
        T1,
    
)> {
    type Prepared = ::planus::Offset<NamedBlob>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::core::option::Option<::planus::Offset<NamedBlob>> {
        ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
    }
}

impl<
    
        T0: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
    
        T1: ::planus::WriteAsDefault<u32, u32>,
    
> ::planus::WriteAsOffset<NamedBlob> for NamedBlobBuilder<(
    
        T0,
    
        T1,
    
)> {
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<NamedBlob> {
        
        let (
            
                v0,
            
                v1,
            
        ) = &self.0;NamedBlob::create(
            builder,
            
                v0,
            
                v1,
            
        )
    }
}

/// Reference to a deserialized [NamedBlob].
#[derive(Copy, Clone)]
pub struct NamedBlobRef<'a>(
    #[allow(dead_code)]
    ::planus::table_reader::Table<'a>
);

impl<'a> NamedBlobRef<'a> {
    
        /// Getter for the [`key` field](NamedBlob#structfield.key).
        #[inline]
        pub fn key(&self) -> ::planus::Result<::core::option::Option<&'a ::core::primitive::str>> {
            
            
              
              self.0.access(0, "NamedBlob", "key")
              
            
            
            
        }
    
        /// Getter for the [`segment_index` field](NamedBlob#structfield.segment_index).
        #[inline]
        pub fn segment_index(&self) -> ::planus::Result<u32> {
             ::core::result::Result::Ok( 
            
              
              self.0.access(1, "NamedBlob", "segment_index")
              
            
            ?.unwrap_or(0))
            
        }
    
}

impl<'a> ::core::fmt::Debug for NamedBlobRef<'a> {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        let mut f = f.debug_struct("NamedBlobRef");
        if let ::core::option::Option::Some(field_key) = self.key().transpose() {
                f.field("key", &field_key);
            }f.field("segment_index", &self.segment_index());
        f.finish()
    }
}

impl<'a> ::core::convert::TryFrom<NamedBlobRef<'a>> for NamedBlob {
    type Error = ::planus::Error;


    #[allow(unreachable_code)]
    fn try_from(value: NamedBlobRef<'a>) -> ::planus::Result<Self> {

        ::core::result::Result::Ok(Self {
            key: 
                                value.key()?.map(::core::convert::Into::into)
                            ,segment_index: ::core::convert::TryInto::try_into(value.segment_index()?)?,
        })
    }
}

impl<'a> ::planus::TableRead<'a> for NamedBlobRef<'a> {
    #[inline]
    fn from_buffer(buffer: ::planus::SliceWithStartOffset<'a>, offset: usize) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
        ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(buffer, offset)?))
    }
}

impl<'a> ::planus::VectorReadInner<'a> for NamedBlobRef<'a> {
    type Error = ::planus::Error;
    const STRIDE: usize = 4;

    unsafe fn from_buffer(buffer: ::planus::SliceWithStartOffset<'a>, offset: usize) -> ::planus::Result<Self> {
        ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| error_kind.with_error_location(
            "[NamedBlobRef]",
            "get",
            buffer.offset_from_start,
        ))
    }
}

/// # Safety
/// The planus compiler generates implementations that initialize
/// the bytes in `write_values`.
unsafe impl ::planus::VectorWrite<::planus::Offset<NamedBlob>> for NamedBlob {
    type Value = ::planus::Offset<NamedBlob>;
    const STRIDE: usize = 4;
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
        ::planus::WriteAs::prepare(self, builder)
    }

    #[inline]
    unsafe fn write_values(
        values: &[::planus::Offset<NamedBlob>],
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

impl<'a> ::planus::ReadAsRoot<'a> for NamedBlobRef<'a> {
    fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
        ::planus::TableRead::from_buffer(::planus::SliceWithStartOffset {
            buffer: slice,
            offset_from_start: 0,
        }, 0).map_err(|error_kind| error_kind.with_error_location(
            "[NamedBlobRef]",
            "read_as_root",
            0,
        ))
    }
}

    
/// The table `Program` in the namespace `pte`
/// 
/// Generated from these locations:
/// * Table `Program` in the file `fbs/pte.fbs:165`
#[derive(Clone, Debug, PartialEq, PartialOrd,

::serde::Serialize, ::serde::Deserialize
)]
pub struct Program{
    
        /// The field `version` in the table `Program`
        pub version: u32,
        /// The field `methods` in the table `Program`
        pub methods: ::core::option::Option<::planus::alloc::vec::Vec<self::Method>>,
        /// The field `inline_constants` in the table `Program`
        pub inline_constants: ::core::option::Option<::planus::alloc::vec::Vec<self::InlineBytes>>,
        /// The field `inline_delegate_blobs` in the table `Program`
        pub inline_delegate_blobs: ::core::option::Option<::planus::alloc::vec::Vec<self::InlineBytes>>,
        /// The field `segments` in the table `Program`
        pub segments: ::core::option::Option<::planus::alloc::vec::Vec<self::Segment>>,
        /// The field `constant_segment` in the table `Program`
        pub constant_segment: ::core::option::Option<::planus::alloc::boxed::Box<self::SubSegments>>,
        /// The field `mutable_segments` in the table `Program`
        pub mutable_segments: ::core::option::Option<::planus::alloc::vec::Vec<self::SubSegments>>,
        /// The field `named_data` in the table `Program`
        pub named_data: ::core::option::Option<::planus::alloc::vec::Vec<self::NamedBlob>>,}


#[allow(clippy::derivable_impls)]
impl ::core::default::Default for Program {
    fn default() -> Self {
        Self {
        version: 0,
        methods: ::core::default::Default::default(),
        inline_constants: ::core::default::Default::default(),
        inline_delegate_blobs: ::core::default::Default::default(),
        segments: ::core::default::Default::default(),
        constant_segment: ::core::default::Default::default(),
        mutable_segments: ::core::default::Default::default(),
        named_data: ::core::default::Default::default(),
        
        }
    }
}


impl Program {
    /// Creates a [ProgramBuilder] for serializing an instance of this table.
    #[inline]
    pub fn builder() -> ProgramBuilder<()> {
        ProgramBuilder(())
    }

    #[allow(clippy::too_many_arguments)]
    pub fn create(
        builder: &mut ::planus::Builder,
        field_version: impl ::planus::WriteAsDefault<u32, u32>,
        field_methods: impl ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<self::Method>]>>,
        field_inline_constants: impl ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<self::InlineBytes>]>>,
        field_inline_delegate_blobs: impl ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<self::InlineBytes>]>>,
        field_segments: impl ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<self::Segment>]>>,
        field_constant_segment: impl ::planus::WriteAsOptional<::planus::Offset<self::SubSegments>>,
        field_mutable_segments: impl ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<self::SubSegments>]>>,
        field_named_data: impl ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<self::NamedBlob>]>>,
        
    ) -> ::planus::Offset<Self> {let prepared_version = field_version.prepare(builder, &0);let prepared_methods = field_methods.prepare(builder);let prepared_inline_constants = field_inline_constants.prepare(builder);let prepared_inline_delegate_blobs = field_inline_delegate_blobs.prepare(builder);let prepared_segments = field_segments.prepare(builder);let prepared_constant_segment = field_constant_segment.prepare(builder);let prepared_mutable_segments = field_mutable_segments.prepare(builder);let prepared_named_data = field_named_data.prepare(builder);

        let mut table_writer: ::planus::table_writer::TableWriter::<20> = ::core::default::Default::default();
        if prepared_version.is_some() {table_writer.write_entry::<u32>(0);}if prepared_methods.is_some() {table_writer.write_entry::<::planus::Offset<[::planus::Offset<self::Method>]>>(1);}if prepared_inline_constants.is_some() {table_writer.write_entry::<::planus::Offset<[::planus::Offset<self::InlineBytes>]>>(2);}if prepared_inline_delegate_blobs.is_some() {table_writer.write_entry::<::planus::Offset<[::planus::Offset<self::InlineBytes>]>>(3);}if prepared_segments.is_some() {table_writer.write_entry::<::planus::Offset<[::planus::Offset<self::Segment>]>>(4);}if prepared_constant_segment.is_some() {table_writer.write_entry::<::planus::Offset<self::SubSegments>>(5);}if prepared_mutable_segments.is_some() {table_writer.write_entry::<::planus::Offset<[::planus::Offset<self::SubSegments>]>>(6);}if prepared_named_data.is_some() {table_writer.write_entry::<::planus::Offset<[::planus::Offset<self::NamedBlob>]>>(7);}

        unsafe {
            table_writer.finish(builder, |object_writer| {if let ::core::option::Option::Some(prepared_version) = prepared_version {object_writer.write::<_, _, 4>(&prepared_version);}if let ::core::option::Option::Some(prepared_methods) = prepared_methods {object_writer.write::<_, _, 4>(&prepared_methods);}if let ::core::option::Option::Some(prepared_inline_constants) = prepared_inline_constants {object_writer.write::<_, _, 4>(&prepared_inline_constants);}if let ::core::option::Option::Some(prepared_inline_delegate_blobs) = prepared_inline_delegate_blobs {object_writer.write::<_, _, 4>(&prepared_inline_delegate_blobs);}if let ::core::option::Option::Some(prepared_segments) = prepared_segments {object_writer.write::<_, _, 4>(&prepared_segments);}if let ::core::option::Option::Some(prepared_constant_segment) = prepared_constant_segment {object_writer.write::<_, _, 4>(&prepared_constant_segment);}if let ::core::option::Option::Some(prepared_mutable_segments) = prepared_mutable_segments {object_writer.write::<_, _, 4>(&prepared_mutable_segments);}if let ::core::option::Option::Some(prepared_named_data) = prepared_named_data {object_writer.write::<_, _, 4>(&prepared_named_data);}
                
            });
        }builder.current_offset()
    }
}

impl ::planus::WriteAs<::planus::Offset<Program>> for Program {
    type Prepared = ::planus::Offset<Self>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<Program> {
        ::planus::WriteAsOffset::prepare(self, builder)
    }
}

impl ::planus::WriteAsOptional<::planus::Offset<Program>> for Program {
    type Prepared = ::planus::Offset<Self>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::core::option::Option<::planus::Offset<Program>> {
        ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
    }
}

impl ::planus::WriteAsOffset<Program> for Program {
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<Program> {
        Program::create(
            builder,
        
            
            self.version,
            
        
            
            &self.methods,
            
        
            
            &self.inline_constants,
            
        
            
            &self.inline_delegate_blobs,
            
        
            
            &self.segments,
            
        
            
            &self.constant_segment,
            
        
            
            &self.mutable_segments,
            
        
            
            &self.named_data,
            
        
        )
    }
}

/// Builder for serializing an instance of the [Program] type.
///
/// Can be created using the [Program::builder] method.
#[derive(Debug)]
#[must_use]
pub struct ProgramBuilder<State>(State);

impl<
    
> ProgramBuilder
<
    (
    
    )
>
{
    /// Setter for the [`version` field](Program#structfield.version).
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn version<T0>(self, value: T0) -> ProgramBuilder<(
    
        T0,
    
    )>
    where T0: ::planus::WriteAsDefault<u32, u32>
    {
        ProgramBuilder((
            
            value,
        ))
    }

    
    /// Sets the [`version` field](Program#structfield.version) to the default value.
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn version_as_default(self) -> ProgramBuilder<(
        
        ::planus::DefaultValue,
    )>
    {
        self.version(::planus::DefaultValue)
    }
    

    
}

impl<
    
        T0,
    
> ProgramBuilder
<
    (
    
        T0,
    
    )
>
{
    /// Setter for the [`methods` field](Program#structfield.methods).
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn methods<T1>(self, value: T1) -> ProgramBuilder<(
    
        T0,
    
        T1,
    
    )>
    where T1: ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<self::Method>]>>
    {
        
        let (
            
                v0,
            
        ) = self.0;ProgramBuilder((
            
                v0,
            
            value,
        ))
    }

    

    
    /// Sets the [`methods` field](Program#structfield.methods) to null.
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn methods_as_null(self) -> ProgramBuilder<(
        
            T0,
        
        (),
    )>
    {
        self.methods(())
    }
    
}

impl<
    
        T0,
    
        T1,
    
> ProgramBuilder
<
    (
    
        T0,
    
        T1,
    
    )
>
{
    /// Setter for the [`inline_constants` field](Program#structfield.inline_constants).
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn inline_constants<T2>(self, value: T2) -> ProgramBuilder<(
    
        T0,
    
        T1,
    
        T2,
    
    )>
    where T2: ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<self::InlineBytes>]>>
    {
        
        let (
            
                v0,
            
                v1,
            
        ) = self.0;ProgramBuilder((
            
                v0,
            
                v1,
            
            value,
        ))
    }

    

    
    /// Sets the [`inline_constants` field](Program#structfield.inline_constants) to null.
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn inline_constants_as_null(self) -> ProgramBuilder<(
        
            T0,
        
            T1,
        
        (),
    )>
    {
        self.inline_constants(())
    }
    
}

impl<
    
        T0,
    
        T1,
    
        T2,
    
> ProgramBuilder
<
    (
    
        T0,
    
        T1,
    
        T2,
    
    )
>
{
    /// Setter for the [`inline_delegate_blobs` field](Program#structfield.inline_delegate_blobs).
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn inline_delegate_blobs<T3>(self, value: T3) -> ProgramBuilder<(
    
        T0,
    
        T1,
    
        T2,
    
        T3,
    
    )>
    where T3: ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<self::InlineBytes>]>>
    {
        
        let (
            
                v0,
            
                v1,
            
                v2,
            
        ) = self.0;ProgramBuilder((
            
                v0,
            
                v1,
            
                v2,
            
            value,
        ))
    }

    

    
    /// Sets the [`inline_delegate_blobs` field](Program#structfield.inline_delegate_blobs) to null.
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn inline_delegate_blobs_as_null(self) -> ProgramBuilder<(
        
            T0,
        
            T1,
        
            T2,
        
        (),
    )>
    {
        self.inline_delegate_blobs(())
    }
    
}

impl<
    
        T0,
    
        T1,
    
        T2,
    
        T3,
    
> ProgramBuilder
<
    (
    
        T0,
    
        T1,
    
        T2,
    
        T3,
    
    )
>
{
    /// Setter for the [`segments` field](Program#structfield.segments).
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn segments<T4>(self, value: T4) -> ProgramBuilder<(
    
        T0,
    
        T1,
    
        T2,
    
        T3,
    
        T4,
    
    )>
    where T4: ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<self::Segment>]>>
    {
        
        let (
            
                v0,
            
                v1,
            
                v2,
            
                v3,
            
        ) = self.0;ProgramBuilder((
            
                v0,
            
                v1,
            
                v2,
            
                v3,
            
            value,
        ))
    }

    

    
    /// Sets the [`segments` field](Program#structfield.segments) to null.
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn segments_as_null(self) -> ProgramBuilder<(
        
            T0,
        
            T1,
        
            T2,
        
            T3,
        
        (),
    )>
    {
        self.segments(())
    }
    
}

impl<
    
        T0,
    
        T1,
    
        T2,
    
        T3,
    
        T4,
    
> ProgramBuilder
<
    (
    
        T0,
    
        T1,
    
        T2,
    
        T3,
    
        T4,
    
    )
>
{
    /// Setter for the [`constant_segment` field](Program#structfield.constant_segment).
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn constant_segment<T5>(self, value: T5) -> ProgramBuilder<(
    
        T0,
    
        T1,
    
        T2,
    
        T3,
    
        T4,
    
        T5,
    
    )>
    where T5: ::planus::WriteAsOptional<::planus::Offset<self::SubSegments>>
    {
        
        let (
            
                v0,
            
                v1,
            
                v2,
            
                v3,
            
                v4,
            
        ) = self.0;ProgramBuilder((
            
                v0,
            
                v1,
            
                v2,
            
                v3,
            
                v4,
            
            value,
        ))
    }

    

    
    /// Sets the [`constant_segment` field](Program#structfield.constant_segment) to null.
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn constant_segment_as_null(self) -> ProgramBuilder<(
        
            T0,
        
            T1,
        
            T2,
        
            T3,
        
            T4,
        
        (),
    )>
    {
        self.constant_segment(())
    }
    
}

impl<
    
        T0,
    
        T1,
    
        T2,
    
        T3,
    
        T4,
    
        T5,
    
> ProgramBuilder
<
    (
    
        T0,
    
        T1,
    
        T2,
    
        T3,
    
        T4,
    
        T5,
    
    )
>
{
    /// Setter for the [`mutable_segments` field](Program#structfield.mutable_segments).
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn mutable_segments<T6>(self, value: T6) -> ProgramBuilder<(
    
        T0,
    
        T1,
    
        T2,
    
        T3,
    
        T4,
    
        T5,
    
        T6,
    
    )>
    where T6: ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<self::SubSegments>]>>
    {
        
        let (
            
                v0,
            
                v1,
            
                v2,
            
                v3,
            
                v4,
            
                v5,
            
        ) = self.0;ProgramBuilder((
            
                v0,
            
                v1,
            
                v2,
            
                v3,
            
                v4,
            
                v5,
            
            value,
        ))
    }

    

    
    /// Sets the [`mutable_segments` field](Program#structfield.mutable_segments) to null.
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn mutable_segments_as_null(self) -> ProgramBuilder<(
        
            T0,
        
            T1,
        
            T2,
        
            T3,
        
            T4,
        
            T5,
        
        (),
    )>
    {
        self.mutable_segments(())
    }
    
}

impl<
    
        T0,
    
        T1,
    
        T2,
    
        T3,
    
        T4,
    
        T5,
    
        T6,
    
> ProgramBuilder
<
    (
    
        T0,
    
        T1,
    
        T2,
    
        T3,
    
        T4,
    
        T5,
    
        T6,
    
    )
>
{
    /// Setter for the [`named_data` field](Program#structfield.named_data).
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn named_data<T7>(self, value: T7) -> ProgramBuilder<(
    
        T0,
    
        T1,
    
        T2,
    
        T3,
    
        T4,
    
        T5,
    
        T6,
    
        T7,
    
    )>
    where T7: ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<self::NamedBlob>]>>
    {
        
        let (
            
                v0,
            
                v1,
            
                v2,
            
                v3,
            
                v4,
            
                v5,
            
                v6,
            
        ) = self.0;ProgramBuilder((
            
                v0,
            
                v1,
            
                v2,
            
                v3,
            
                v4,
            
                v5,
            
                v6,
            
            value,
        ))
    }

    

    
    /// Sets the [`named_data` field](Program#structfield.named_data) to null.
    #[inline]
    #[allow(clippy::type_complexity)]
    pub fn named_data_as_null(self) -> ProgramBuilder<(
        
            T0,
        
            T1,
        
            T2,
        
            T3,
        
            T4,
        
            T5,
        
            T6,
        
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
    
        T3,
    
        T4,
    
        T5,
    
        T6,
    
        T7,
    
> ProgramBuilder<(
    
        T0,
    
        T1,
    
        T2,
    
        T3,
    
        T4,
    
        T5,
    
        T6,
    
        T7,
    
)> {
    /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [Program].
    #[inline]
    pub fn finish(self, builder: &mut ::planus::Builder) -> ::planus::Offset<Program>
        where Self: ::planus::WriteAsOffset<Program>
    {
        ::planus::WriteAsOffset::prepare(&self, builder)
    }
}

impl<
    
        T0: ::planus::WriteAsDefault<u32, u32>,
    
        T1: ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<self::Method>]>>,
    
        T2: ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<self::InlineBytes>]>>,
    
        T3: ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<self::InlineBytes>]>>,
    
        T4: ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<self::Segment>]>>,
    
        T5: ::planus::WriteAsOptional<::planus::Offset<self::SubSegments>>,
    
        T6: ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<self::SubSegments>]>>,
    
        T7: ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<self::NamedBlob>]>>,
    
> ::planus::WriteAs<::planus::Offset<Program>> for ProgramBuilder<(
    
        T0,
    
        T1,
    
        T2,
    
        T3,
    
        T4,
    
        T5,
    
        T6,
    
        T7,
    
)> {
    type Prepared = ::planus::Offset<Program>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<Program> {
        ::planus::WriteAsOffset::prepare(self, builder)
    }
}

impl<
    
        T0: ::planus::WriteAsDefault<u32, u32>,
    
        T1: ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<self::Method>]>>,
    
        T2: ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<self::InlineBytes>]>>,
    
        T3: ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<self::InlineBytes>]>>,
    
        T4: ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<self::Segment>]>>,
    
        T5: ::planus::WriteAsOptional<::planus::Offset<self::SubSegments>>,
    
        T6: ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<self::SubSegments>]>>,
    
        T7: ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<self::NamedBlob>]>>,
    
> ::planus::WriteAsOptional<::planus::Offset<Program>> for ProgramBuilder<(
    
        T0,
    
        T1,
    
        T2,
    
        T3,
    
        T4,
    
        T5,
    
        T6,
    
        T7,
    
)> {
    type Prepared = ::planus::Offset<Program>;

    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::core::option::Option<::planus::Offset<Program>> {
        ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
    }
}

impl<
    
        T0: ::planus::WriteAsDefault<u32, u32>,
    
        T1: ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<self::Method>]>>,
    
        T2: ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<self::InlineBytes>]>>,
    
        T3: ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<self::InlineBytes>]>>,
    
        T4: ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<self::Segment>]>>,
    
        T5: ::planus::WriteAsOptional<::planus::Offset<self::SubSegments>>,
    
        T6: ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<self::SubSegments>]>>,
    
        T7: ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<self::NamedBlob>]>>,
    
> ::planus::WriteAsOffset<Program> for ProgramBuilder<(
    
        T0,
    
        T1,
    
        T2,
    
        T3,
    
        T4,
    
        T5,
    
        T6,
    
        T7,
    
)> {
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<Program> {
        
        let (
            
                v0,
            
                v1,
            
                v2,
            
                v3,
            
                v4,
            
                v5,
            
                v6,
            
                v7,
            
        ) = &self.0;Program::create(
            builder,
            
                v0,
            
                v1,
            
                v2,
            
                v3,
            
                v4,
            
                v5,
            
                v6,
            
                v7,
            
        )
    }
}

/// Reference to a deserialized [Program].
#[derive(Copy, Clone)]
pub struct ProgramRef<'a>(
    #[allow(dead_code)]
    ::planus::table_reader::Table<'a>
);

impl<'a> ProgramRef<'a> {
    
        /// Getter for the [`version` field](Program#structfield.version).
        #[inline]
        pub fn version(&self) -> ::planus::Result<u32> {
             ::core::result::Result::Ok( 
            
              
              self.0.access(0, "Program", "version")
              
            
            ?.unwrap_or(0))
            
        }
    
        /// Getter for the [`methods` field](Program#structfield.methods).
        #[inline]
        pub fn methods(&self) -> ::planus::Result<::core::option::Option<::planus::Vector<'a, ::planus::Result<self::MethodRef<'a>>>>> {
            
            
              
              self.0.access(1, "Program", "methods")
              
            
            
            
        }
    
        /// Getter for the [`inline_constants` field](Program#structfield.inline_constants).
        #[inline]
        pub fn inline_constants(&self) -> ::planus::Result<::core::option::Option<::planus::Vector<'a, ::planus::Result<self::InlineBytesRef<'a>>>>> {
            
            
              
              self.0.access(2, "Program", "inline_constants")
              
            
            
            
        }
    
        /// Getter for the [`inline_delegate_blobs` field](Program#structfield.inline_delegate_blobs).
        #[inline]
        pub fn inline_delegate_blobs(&self) -> ::planus::Result<::core::option::Option<::planus::Vector<'a, ::planus::Result<self::InlineBytesRef<'a>>>>> {
            
            
              
              self.0.access(3, "Program", "inline_delegate_blobs")
              
            
            
            
        }
    
        /// Getter for the [`segments` field](Program#structfield.segments).
        #[inline]
        pub fn segments(&self) -> ::planus::Result<::core::option::Option<::planus::Vector<'a, ::planus::Result<self::SegmentRef<'a>>>>> {
            
            
              
              self.0.access(4, "Program", "segments")
              
            
            
            
        }
    
        /// Getter for the [`constant_segment` field](Program#structfield.constant_segment).
        #[inline]
        pub fn constant_segment(&self) -> ::planus::Result<::core::option::Option<self::SubSegmentsRef<'a>>> {
            
            
              
              self.0.access(5, "Program", "constant_segment")
              
            
            
            
        }
    
        /// Getter for the [`mutable_segments` field](Program#structfield.mutable_segments).
        #[inline]
        pub fn mutable_segments(&self) -> ::planus::Result<::core::option::Option<::planus::Vector<'a, ::planus::Result<self::SubSegmentsRef<'a>>>>> {
            
            
              
              self.0.access(6, "Program", "mutable_segments")
              
            
            
            
        }
    
        /// Getter for the [`named_data` field](Program#structfield.named_data).
        #[inline]
        pub fn named_data(&self) -> ::planus::Result<::core::option::Option<::planus::Vector<'a, ::planus::Result<self::NamedBlobRef<'a>>>>> {
            
            
              
              self.0.access(7, "Program", "named_data")
              
            
            
            
        }
    
}

impl<'a> ::core::fmt::Debug for ProgramRef<'a> {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        let mut f = f.debug_struct("ProgramRef");
        f.field("version", &self.version());if let ::core::option::Option::Some(field_methods) = self.methods().transpose() {
                f.field("methods", &field_methods);
            }if let ::core::option::Option::Some(field_inline_constants) = self.inline_constants().transpose() {
                f.field("inline_constants", &field_inline_constants);
            }if let ::core::option::Option::Some(field_inline_delegate_blobs) = self.inline_delegate_blobs().transpose() {
                f.field("inline_delegate_blobs", &field_inline_delegate_blobs);
            }if let ::core::option::Option::Some(field_segments) = self.segments().transpose() {
                f.field("segments", &field_segments);
            }if let ::core::option::Option::Some(field_constant_segment) = self.constant_segment().transpose() {
                f.field("constant_segment", &field_constant_segment);
            }if let ::core::option::Option::Some(field_mutable_segments) = self.mutable_segments().transpose() {
                f.field("mutable_segments", &field_mutable_segments);
            }if let ::core::option::Option::Some(field_named_data) = self.named_data().transpose() {
                f.field("named_data", &field_named_data);
            }
        f.finish()
    }
}

impl<'a> ::core::convert::TryFrom<ProgramRef<'a>> for Program {
    type Error = ::planus::Error;


    #[allow(unreachable_code)]
    fn try_from(value: ProgramRef<'a>) -> ::planus::Result<Self> {

        ::core::result::Result::Ok(Self {
            version: ::core::convert::TryInto::try_into(value.version()?)?,methods: 
                            if let ::core::option::Option::Some(methods) = value.methods()? {
                                ::core::option::Option::Some(methods.to_vec_result()?)
                            } else {
                                ::core::option::Option::None
                            }
                        ,inline_constants: 
                            if let ::core::option::Option::Some(inline_constants) = value.inline_constants()? {
                                ::core::option::Option::Some(inline_constants.to_vec_result()?)
                            } else {
                                ::core::option::Option::None
                            }
                        ,inline_delegate_blobs: 
                            if let ::core::option::Option::Some(inline_delegate_blobs) = value.inline_delegate_blobs()? {
                                ::core::option::Option::Some(inline_delegate_blobs.to_vec_result()?)
                            } else {
                                ::core::option::Option::None
                            }
                        ,segments: 
                            if let ::core::option::Option::Some(segments) = value.segments()? {
                                ::core::option::Option::Some(segments.to_vec_result()?)
                            } else {
                                ::core::option::Option::None
                            }
                        ,constant_segment: 
                                if let ::core::option::Option::Some(constant_segment) = value.constant_segment()? {
                                    ::core::option::Option::Some(::planus::alloc::boxed::Box::new(::core::convert::TryInto::try_into(constant_segment)?))
                                } else {
                                    ::core::option::Option::None
                                }
                            ,mutable_segments: 
                            if let ::core::option::Option::Some(mutable_segments) = value.mutable_segments()? {
                                ::core::option::Option::Some(mutable_segments.to_vec_result()?)
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

impl<'a> ::planus::TableRead<'a> for ProgramRef<'a> {
    #[inline]
    fn from_buffer(buffer: ::planus::SliceWithStartOffset<'a>, offset: usize) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
        ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(buffer, offset)?))
    }
}

impl<'a> ::planus::VectorReadInner<'a> for ProgramRef<'a> {
    type Error = ::planus::Error;
    const STRIDE: usize = 4;

    unsafe fn from_buffer(buffer: ::planus::SliceWithStartOffset<'a>, offset: usize) -> ::planus::Result<Self> {
        ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| error_kind.with_error_location(
            "[ProgramRef]",
            "get",
            buffer.offset_from_start,
        ))
    }
}

/// # Safety
/// The planus compiler generates implementations that initialize
/// the bytes in `write_values`.
unsafe impl ::planus::VectorWrite<::planus::Offset<Program>> for Program {
    type Value = ::planus::Offset<Program>;
    const STRIDE: usize = 4;
    #[inline]
    fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
        ::planus::WriteAs::prepare(self, builder)
    }

    #[inline]
    unsafe fn write_values(
        values: &[::planus::Offset<Program>],
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

impl<'a> ::planus::ReadAsRoot<'a> for ProgramRef<'a> {
    fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
        ::planus::TableRead::from_buffer(::planus::SliceWithStartOffset {
            buffer: slice,
            offset_from_start: 0,
        }, 0).map_err(|error_kind| error_kind.with_error_location(
            "[ProgramRef]",
            "read_as_root",
            0,
        ))
    }
}

    }}