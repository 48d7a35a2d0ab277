//! The node kinds of the XNNPACK graph, in the union's tag order.

macro_rules! kinds {
    ($($name:ident),* $(,)?) => {
        /// A node kind; the union tag is its position plus one.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum NodeKind {
            $(
                #[doc = concat!("`XNN", stringify!($name), "`.")]
                $name,
            )*
        }

        const ALL: &[NodeKind] = &[$(NodeKind::$name),*];

        impl NodeKind {
            /// The kind's schema name without the `XNN` prefix.
            pub fn name(self) -> &'static str {
                match self {
                    $(NodeKind::$name => stringify!($name),)*
                }
            }
        }
    };
}

kinds!(
    Add,
    FullyConnected,
    Softmax,
    Sigmoid,
    StaticTranspose,
    Clamp,
    Conv2d,
    Div,
    StaticResizeBilinear2D,
    StaticConstantPad,
    AvgPooling2d,
    Minimum,
    DepthwiseConv2d,
    MaxPooling2d,
    Multiply,
    Subtract,
    Floor,
    Convert,
    GlobalAvgPooling2d,
    StaticReshape,
    ArgMaxPooling2d,
    SquareRoot,
    Ceiling,
    Hardswish,
    LeakyReLU,
    Maximum,
    Negate,
    Square,
    ELU,
    Abs,
    PReLU,
    Concatenate2,
    Concatenate3,
    Concatenate4,
    StaticSlice,
    ScaledDotProductAttention,
    BatchMatrixMultiply,
    Concatenate5,
    ConvTranspose2d,
    ReciprocalSquareRoot,
    Log,
    Gelu,
    Tanh,
    Exp,
    Sin,
    Copy,
    Cos,
);

impl NodeKind {
    /// The kind with union tag `tag` (1-based), if the schema has one.
    pub fn from_tag(tag: u8) -> Option<NodeKind> {
        ALL.get((tag as usize).checked_sub(1)?).copied()
    }

    /// Every kind, in tag order.
    pub fn all() -> &'static [NodeKind] {
        ALL
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_follow_the_schema_order() {
        assert_eq!(NodeKind::all().len(), 47);
        assert_eq!(NodeKind::from_tag(0), None);
        assert_eq!(NodeKind::from_tag(1), Some(NodeKind::Add));
        assert_eq!(NodeKind::from_tag(31), Some(NodeKind::PReLU));
        assert_eq!(NodeKind::from_tag(47), Some(NodeKind::Cos));
        assert_eq!(NodeKind::from_tag(48), None);
    }
}
