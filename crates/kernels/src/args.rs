//! The arguments of one kernel call, as the runtime hands them over.
//!
//! ExecuTorch passes every schema argument in order, then one extra slot for the return
//! value. The runtime turns the return slot into the call's outputs ([`KernelCall::outs`]);
//! argument positions that name an output (the `out` argument of out-variant operators,
//! `self` of in-place ones) appear as [`Arg::Out`] and are written through `outs`.

use pterun_core::ScalarType;

use crate::error::{Error, Result};
use crate::tensor::{TensorMut, TensorRef};

/// A Python scalar: int, float or bool.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Scalar {
    /// An integer.
    Int(i64),
    /// A float.
    Double(f64),
    /// A boolean.
    Bool(bool),
}

impl Scalar {
    /// The value as f64.
    pub fn to_f64(self) -> f64 {
        match self {
            Scalar::Int(v) => v as f64,
            Scalar::Double(v) => v,
            Scalar::Bool(v) => v as u8 as f64,
        }
    }

    /// The value as i64 (floats truncate).
    pub fn to_i64(self) -> i64 {
        match self {
            Scalar::Int(v) => v,
            Scalar::Double(v) => v as i64,
            Scalar::Bool(v) => v as i64,
        }
    }

    /// The element type a 0-dim tensor holding this scalar would have.
    pub fn dtype(self) -> ScalarType {
        match self {
            Scalar::Int(_) => ScalarType::Long,
            Scalar::Double(_) => ScalarType::Float,
            Scalar::Bool(_) => ScalarType::Bool,
        }
    }
}

/// One argument.
#[derive(Debug)]
pub enum Arg<'a> {
    /// No value (`None` for optional arguments).
    None,
    /// An integer.
    Int(i64),
    /// A float.
    Double(f64),
    /// A boolean.
    Bool(bool),
    /// A string (for example gelu's `approximate`).
    Str(&'a str),
    /// A list of integers (already unboxed).
    IntList(Vec<i64>),
    /// A list of floats.
    DoubleList(Vec<f64>),
    /// A list of booleans.
    BoolList(Vec<bool>),
    /// An input tensor.
    Tensor(TensorRef<'a>),
    /// A list of input tensors.
    TensorList(Vec<TensorRef<'a>>),
    /// A list of optional input tensors.
    OptionalTensorList(Vec<Option<TensorRef<'a>>>),
    /// This position is output `outs[i]`.
    Out(usize),
    /// This position is a list of outputs.
    OutList(Vec<usize>),
}

impl Arg<'_> {
    /// The kind's name for error messages.
    pub fn kind_name(&self) -> &'static str {
        match self {
            Arg::None => "none",
            Arg::Int(_) => "int",
            Arg::Double(_) => "double",
            Arg::Bool(_) => "bool",
            Arg::Str(_) => "string",
            Arg::IntList(_) => "int list",
            Arg::DoubleList(_) => "double list",
            Arg::BoolList(_) => "bool list",
            Arg::Tensor(_) => "tensor",
            Arg::TensorList(_) => "tensor list",
            Arg::OptionalTensorList(_) => "optional tensor list",
            Arg::Out(_) => "output tensor",
            Arg::OutList(_) => "output tensor list",
        }
    }
}

/// Everything a kernel receives.
#[derive(Debug)]
pub struct KernelCall<'a> {
    /// The operator name (`aten::add.out`), for error messages.
    pub op: &'static str,
    /// Arguments in schema order, without the return slot.
    pub args: Vec<Arg<'a>>,
    /// Output tensors, from the return slot.
    pub outs: Vec<TensorMut<'a>>,
    /// For operators that return a scalar (prim ops): the value to store.
    pub scalar_out: Option<Scalar>,
}

impl<'a> KernelCall<'a> {
    fn arg(&self, i: usize) -> Result<&Arg<'a>> {
        self.args.get(i).ok_or(Error::ArgumentCount {
            op: self.op,
            expected: i + 1,
            found: self.args.len(),
        })
    }

    /// The arguments for reading, after checking position `i` exists (so that a missing
    /// argument is a count error, not a kind error).
    fn at(&self, i: usize) -> Result<Inputs<'_, 'a>> {
        self.arg(i)?;
        Ok(Inputs { call_op: self.op, args: &self.args })
    }

    /// Checks the argument count (schema arguments, without the return slot).
    pub fn expect_args(&self, count: usize) -> Result<()> {
        if self.args.len() == count {
            Ok(())
        } else {
            Err(Error::ArgumentCount { op: self.op, expected: count, found: self.args.len() })
        }
    }

    /// Argument `i` as an input tensor. An output position reads the output's current
    /// contents.
    pub fn tensor(&self, i: usize) -> Result<TensorRef<'_>> {
        match self.arg(i)? {
            Arg::Out(k) => {
                self.outs.get(*k).map(|o| o.as_ref()).ok_or(self.at(i)?.kind_error(i, "tensor"))
            }
            _ => self.at(i)?.tensor(i),
        }
    }

    /// Argument `i` as an optional input tensor.
    pub fn opt_tensor(&self, i: usize) -> Result<Option<TensorRef<'_>>> {
        match self.arg(i)? {
            Arg::None => Ok(None),
            _ => self.tensor(i).map(Some),
        }
    }

    /// Argument `i` as a list of input tensors.
    pub fn tensor_list(&self, i: usize) -> Result<&[TensorRef<'a>]> {
        self.at(i)?.tensor_list(i)
    }

    /// Argument `i` as a list of optional input tensors.
    pub fn opt_tensor_list(&self, i: usize) -> Result<&[Option<TensorRef<'a>>]> {
        self.at(i)?.opt_tensor_list(i)
    }

    /// Argument `i` as an integer.
    pub fn int(&self, i: usize) -> Result<i64> {
        self.at(i)?.int(i)
    }

    /// Argument `i` as an optional integer.
    pub fn opt_int(&self, i: usize) -> Result<Option<i64>> {
        self.at(i)?.opt_int(i)
    }

    /// Argument `i` as a float (ints are converted).
    pub fn double(&self, i: usize) -> Result<f64> {
        self.at(i)?.double(i)
    }

    /// Argument `i` as a boolean.
    pub fn bool(&self, i: usize) -> Result<bool> {
        self.at(i)?.bool(i)
    }

    /// Argument `i` as a scalar.
    pub fn scalar(&self, i: usize) -> Result<Scalar> {
        self.at(i)?.scalar(i)
    }

    /// Argument `i` as an optional scalar.
    pub fn opt_scalar(&self, i: usize) -> Result<Option<Scalar>> {
        self.at(i)?.opt_scalar(i)
    }

    /// Argument `i` as a string.
    pub fn str(&self, i: usize) -> Result<&'a str> {
        self.at(i)?.str(i)
    }

    /// Argument `i` as a list of integers.
    pub fn int_list(&self, i: usize) -> Result<&[i64]> {
        self.at(i)?.int_list(i)
    }

    /// Argument `i` as an optional list of integers.
    pub fn opt_int_list(&self, i: usize) -> Result<Option<&[i64]>> {
        self.at(i)?.opt_int_list(i)
    }

    /// Argument `i` as an optional list of floats.
    pub fn opt_double_list(&self, i: usize) -> Result<Option<&[f64]>> {
        self.at(i)?.opt_double_list(i)
    }

    /// Argument `i` as an optional scalar type (encoded as an int).
    pub fn opt_dtype(&self, i: usize) -> Result<Option<ScalarType>> {
        self.at(i)?.opt_dtype(i)
    }

    /// Output `k`.
    pub fn out(&mut self, k: usize) -> Result<&mut TensorMut<'a>> {
        let (op, found) = (self.op, self.outs.len());
        self.outs.get_mut(k).ok_or(Error::ArgumentCount { op, expected: k + 1, found })
    }

    /// The only output, after checking there is exactly one.
    pub fn single_out(&mut self) -> Result<&mut TensorMut<'a>> {
        if self.outs.len() != 1 {
            return Err(Error::ArgumentCount { op: self.op, expected: 1, found: self.outs.len() });
        }
        self.out(0)
    }

    /// Checks the argument count against `signature` and splits borrows like
    /// [`KernelCall::split`]: typed read access to the arguments by their schema names, and
    /// the outputs.
    pub fn bind(&mut self, signature: Signature) -> Result<(Bound<'_, 'a>, &mut [TensorMut<'a>])> {
        self.expect_args(signature.len())?;
        Ok((Bound { op: self.op, signature, args: &self.args }, &mut self.outs))
    }

    /// Splits borrows: the input arguments and the outputs, for kernels that read inputs
    /// while writing outputs.
    pub fn split(&mut self) -> (Inputs<'_, 'a>, &mut [TensorMut<'a>]) {
        (Inputs { call_op: self.op, args: &self.args }, &mut self.outs)
    }
}

/// A kernel's schema arguments by name, in schema order, without the return slot: for
/// `aten::where.self_out(Tensor condition, Tensor self, Tensor other, *, Tensor(a!) out)`,
/// `&["condition", "self", "other", "out"]`.
pub type Signature = &'static [&'static str];

/// A call's arguments read by name ([`KernelCall::bind`]). Errors name the argument's
/// position, as the positional accessors do.
#[derive(Clone, Copy)]
pub struct Bound<'c, 'a> {
    op: &'static str,
    signature: Signature,
    args: &'c [Arg<'a>],
}

/// [`Bound`]'s accessors: each reads the [`Inputs`] accessor of the same name at the
/// argument's position.
macro_rules! by_name {
    ($($(#[$doc:meta])* $name:ident -> $ty:ty;)*) => {
        $(
            $(#[$doc])*
            pub fn $name(&self, name: &str) -> Result<$ty> {
                self.inputs().$name(self.position(name)?)
            }
        )*
    };
}

impl<'c, 'a> Bound<'c, 'a> {
    /// The position of argument `name`; a name the signature lacks is this crate's error,
    /// reported rather than panicking.
    fn position(&self, name: &str) -> Result<usize> {
        self.signature.iter().position(|n| *n == name).ok_or_else(|| Error::InvalidArgument {
            op: self.op,
            detail: format!("the kernel reads an argument {name:?} its signature lacks"),
        })
    }

    fn inputs(&self) -> Inputs<'c, 'a> {
        Inputs { call_op: self.op, args: self.args }
    }

    /// All arguments, in schema order.
    pub fn args(&self) -> &'c [Arg<'a>] {
        self.args
    }

    by_name! {
        /// Argument `name` as an input tensor (not an output position).
        tensor -> TensorRef<'a>;
        /// Argument `name` as an optional input tensor.
        opt_tensor -> Option<TensorRef<'a>>;
        /// Argument `name` as a list of input tensors.
        tensor_list -> &'c [TensorRef<'a>];
        /// Argument `name` as a list of optional input tensors.
        opt_tensor_list -> &'c [Option<TensorRef<'a>>];
        /// Argument `name` as an integer.
        int -> i64;
        /// Argument `name` as an optional integer.
        opt_int -> Option<i64>;
        /// Argument `name` as a float (ints are converted).
        double -> f64;
        /// Argument `name` as a boolean.
        bool -> bool;
        /// Argument `name` as a scalar.
        scalar -> Scalar;
        /// Argument `name` as an optional scalar.
        opt_scalar -> Option<Scalar>;
        /// Argument `name` as a string.
        str -> &'a str;
        /// Argument `name` as an optional string.
        opt_str -> Option<&'a str>;
        /// Argument `name` as a list of integers.
        int_list -> &'c [i64];
        /// Argument `name` as an optional list of integers.
        opt_int_list -> Option<&'c [i64]>;
        /// Argument `name` as an optional list of floats.
        opt_double_list -> Option<&'c [f64]>;
        /// Argument `name` as an optional scalar type (encoded as an int).
        opt_dtype -> Option<ScalarType>;
    }

    /// Argument `name` as a scalar type.
    pub fn dtype(&self, name: &str) -> Result<ScalarType> {
        let i = self.position(name)?;
        self.opt_dtype(name)?.ok_or_else(|| self.inputs().kind_error(i, "scalar type"))
    }

    /// Which output argument `name` is (its index in the call's outputs).
    pub fn out_index(&self, name: &str) -> Result<usize> {
        let i = self.position(name)?;
        match self.args.get(i) {
            Some(Arg::Out(k)) => Ok(*k),
            _ => Err(self.inputs().kind_error(i, "output tensor")),
        }
    }
}

/// Read access to the input arguments while outputs are borrowed mutably.
pub struct Inputs<'c, 'a> {
    call_op: &'static str,
    args: &'c [Arg<'a>],
}

impl<'c, 'a> Inputs<'c, 'a> {
    fn kind_error(&self, i: usize, expected: &'static str) -> Error {
        Error::ArgumentKind {
            op: self.call_op,
            index: i,
            expected,
            found: self.args.get(i).map_or("nothing", Arg::kind_name),
        }
    }

    /// Argument `i` as an input tensor (not an output position).
    pub fn tensor(&self, i: usize) -> Result<TensorRef<'a>> {
        match self.args.get(i) {
            Some(Arg::Tensor(t)) => Ok(*t),
            _ => Err(self.kind_error(i, "tensor")),
        }
    }

    /// Argument `i` as an optional input tensor.
    pub fn opt_tensor(&self, i: usize) -> Result<Option<TensorRef<'a>>> {
        match self.args.get(i) {
            Some(Arg::None) => Ok(None),
            _ => self.tensor(i).map(Some),
        }
    }

    /// Argument `i` as a list of input tensors.
    pub fn tensor_list(&self, i: usize) -> Result<&'c [TensorRef<'a>]> {
        match self.args.get(i) {
            Some(Arg::TensorList(list)) => Ok(list),
            _ => Err(self.kind_error(i, "tensor list")),
        }
    }

    /// Argument `i` as a list of optional input tensors.
    pub fn opt_tensor_list(&self, i: usize) -> Result<&'c [Option<TensorRef<'a>>]> {
        match self.args.get(i) {
            Some(Arg::OptionalTensorList(list)) => Ok(list),
            _ => Err(self.kind_error(i, "optional tensor list")),
        }
    }

    /// Argument `i` as an integer.
    pub fn int(&self, i: usize) -> Result<i64> {
        match self.args.get(i) {
            Some(Arg::Int(v)) => Ok(*v),
            _ => Err(self.kind_error(i, "int")),
        }
    }

    /// Argument `i` as an optional integer.
    pub fn opt_int(&self, i: usize) -> Result<Option<i64>> {
        match self.args.get(i) {
            Some(Arg::None) => Ok(None),
            _ => self.int(i).map(Some),
        }
    }

    /// Argument `i` as a float (ints are converted).
    pub fn double(&self, i: usize) -> Result<f64> {
        match self.args.get(i) {
            Some(Arg::Double(v)) => Ok(*v),
            Some(Arg::Int(v)) => Ok(*v as f64),
            _ => Err(self.kind_error(i, "float")),
        }
    }

    /// Argument `i` as a boolean.
    pub fn bool(&self, i: usize) -> Result<bool> {
        match self.args.get(i) {
            Some(Arg::Bool(v)) => Ok(*v),
            _ => Err(self.kind_error(i, "bool")),
        }
    }

    /// Argument `i` as a scalar.
    pub fn scalar(&self, i: usize) -> Result<Scalar> {
        match self.args.get(i) {
            Some(Arg::Int(v)) => Ok(Scalar::Int(*v)),
            Some(Arg::Double(v)) => Ok(Scalar::Double(*v)),
            Some(Arg::Bool(v)) => Ok(Scalar::Bool(*v)),
            _ => Err(self.kind_error(i, "scalar")),
        }
    }

    /// Argument `i` as an optional scalar.
    pub fn opt_scalar(&self, i: usize) -> Result<Option<Scalar>> {
        match self.args.get(i) {
            Some(Arg::None) => Ok(None),
            _ => self.scalar(i).map(Some),
        }
    }

    /// Argument `i` as a string.
    pub fn str(&self, i: usize) -> Result<&'a str> {
        match self.args.get(i) {
            Some(Arg::Str(s)) => Ok(s),
            _ => Err(self.kind_error(i, "string")),
        }
    }

    /// Argument `i` as an optional string.
    pub fn opt_str(&self, i: usize) -> Result<Option<&'a str>> {
        match self.args.get(i) {
            Some(Arg::None) => Ok(None),
            _ => self.str(i).map(Some),
        }
    }

    /// Argument `i` as a list of integers.
    pub fn int_list(&self, i: usize) -> Result<&'c [i64]> {
        match self.args.get(i) {
            Some(Arg::IntList(v)) => Ok(v),
            _ => Err(self.kind_error(i, "int list")),
        }
    }

    /// Argument `i` as an optional list of integers.
    pub fn opt_int_list(&self, i: usize) -> Result<Option<&'c [i64]>> {
        match self.args.get(i) {
            Some(Arg::None) => Ok(None),
            _ => self.int_list(i).map(Some),
        }
    }

    /// Argument `i` as an optional list of floats.
    pub fn opt_double_list(&self, i: usize) -> Result<Option<&'c [f64]>> {
        match self.args.get(i) {
            Some(Arg::None) => Ok(None),
            Some(Arg::DoubleList(v)) => Ok(Some(v)),
            _ => Err(self.kind_error(i, "float list")),
        }
    }

    /// Argument `i` as an optional scalar type (encoded as an int).
    pub fn opt_dtype(&self, i: usize) -> Result<Option<ScalarType>> {
        match self.opt_int(i)? {
            None => Ok(None),
            Some(code) => {
                i8::try_from(code).ok().and_then(|c| ScalarType::try_from(c).ok()).map(Some).ok_or(
                    Error::InvalidArgument {
                        op: self.call_op,
                        detail: format!("unknown dtype {code}"),
                    },
                )
            }
        }
    }

    /// All arguments.
    pub fn args(&self) -> &'c [Arg<'a>] {
        self.args
    }
}

#[cfg(test)]
mod tests {
    use pterun_core::ScalarType;

    use super::*;

    const SIG: Signature = &["self", "other", "out"];

    fn call<'a>(args: Vec<Arg<'a>>) -> KernelCall<'a> {
        KernelCall { op: "x::y.out", args, outs: Vec::new(), scalar_out: None }
    }

    #[test]
    fn bound_arguments_are_read_by_schema_name() {
        let data = [0u8; 4];
        let t = TensorRef { dtype: ScalarType::Float, sizes: &[1], data: &data };
        let mut c = call(vec![Arg::Tensor(t), Arg::Int(3), Arg::Out(0)]);
        let (args, outs) = c.bind(SIG).expect("three arguments");
        assert!(outs.is_empty());
        assert_eq!(args.tensor("self").expect("a tensor").sizes, [1]);
        assert_eq!(args.scalar("other").expect("a scalar"), Scalar::Int(3));
        // The wrong kind names the position, as the positional accessors do.
        assert!(matches!(
            args.tensor("other"),
            Err(Error::ArgumentKind { index: 1, expected: "tensor", found: "int", .. })
        ));
        // A name the signature lacks is an error, not a panic.
        assert!(matches!(args.tensor("input"), Err(Error::InvalidArgument { .. })));
    }

    #[test]
    fn every_kind_reads_by_name() {
        const DIMS: Signature = &["dims", "keepdim", "dtype", "alpha", "mode"];
        let mut c = call(vec![
            Arg::IntList(vec![0, -1]),
            Arg::Bool(true),
            Arg::None,
            Arg::Int(2),
            Arg::Str("floor"),
        ]);
        let (args, _) = c.bind(DIMS).expect("five arguments");
        assert_eq!(args.int_list("dims").expect("an int list"), [0, -1]);
        assert_eq!(args.opt_int_list("dims").expect("an int list"), Some(&[0, -1][..]));
        assert!(args.bool("keepdim").expect("a bool"));
        assert_eq!(args.opt_dtype("dtype").expect("no dtype"), None);
        assert_eq!(args.opt_tensor("dtype").expect("no tensor").map(|t| t.dtype), None);
        assert_eq!(args.double("alpha").expect("an int as float"), 2.0);
        assert_eq!(args.opt_int("alpha").expect("an int"), Some(2));
        assert_eq!(args.str("mode").expect("a string"), "floor");
        assert!(matches!(
            args.int("keepdim"),
            Err(Error::ArgumentKind { index: 1, expected: "int", found: "bool", .. })
        ));
    }

    #[test]
    fn binding_checks_the_argument_count() {
        let mut c = call(vec![Arg::Int(1)]);
        assert!(matches!(
            c.bind(SIG).map(|_| ()),
            Err(Error::ArgumentCount { expected: 3, found: 1, .. })
        ));
    }
}
