//! What the layout asks of a font: the two weights it sets text in and the width of a line
//! of text. `fit` and `layout` measure through it, `fonts` answers it with the embedded
//! faces, and the tests with a fixed-width stand-in, so the arithmetic needs no font.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weight {
    Regular,
    Bold,
}

/// Width of a single line of text, in points.
pub trait Measure {
    fn width(&self, text: &str, weight: Weight, size: f32) -> f32;
}
