//! The PDF's two faces, DejaVu Sans Condensed regular and bold, embedded in the binary
//! (assets/fonts, with their license): a condensed face fits more monthly columns on a page,
//! and an embedded Unicode font is what lets every viewer show, and `pdftotext` extract,
//! "ç", "ã", "—" and the rest. krilla embeds only the glyphs a document uses.
//!
//! Text is turned into glyphs here, one per character with the font's own advance width,
//! and measured from those same glyphs, so a width the layout computes is exactly the
//! width drawn. There is no kerning or shaping: table cells are short, Latin and
//! left-to-right.

use super::measure::{Measure, Weight};
use krilla::Data;
use krilla::text::{Font, GlyphId, KrillaGlyph};
use skrifa::charmap::Charmap;
use skrifa::instance::{LocationRef, Size};
use skrifa::metrics::GlyphMetrics;
use skrifa::{FontRef, MetadataProvider};
use std::sync::Arc;

static REGULAR: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/assets/fonts/DejaVuSansCondensed.ttf"
));
static BOLD: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/assets/fonts/DejaVuSansCondensed-Bold.ttf"
));

pub struct Faces {
    regular: Face,
    bold: Face,
}

impl Faces {
    /// `None` only if an embedded font file is unreadable, which no input can cause.
    pub fn load() -> Option<Faces> {
        Some(Faces {
            regular: Face::load(REGULAR)?,
            bold: Face::load(BOLD)?,
        })
    }

    pub fn face(&self, weight: Weight) -> &Face {
        match weight {
            Weight::Regular => &self.regular,
            Weight::Bold => &self.bold,
        }
    }
}

impl Measure for Faces {
    fn width(&self, text: &str, weight: Weight, size: f32) -> f32 {
        self.face(weight).width(text, size)
    }
}

pub struct Face {
    font: Font,
    charmap: Charmap<'static>,
    metrics: GlyphMetrics<'static>,
    units_per_em: f32,
}

impl Face {
    fn load(bytes: &'static [u8]) -> Option<Face> {
        let shared: Arc<dyn AsRef<[u8]> + Send + Sync> = Arc::new(bytes);
        let font = Font::new(Data::from(shared), 0)?;
        let reader = FontRef::new(bytes).ok()?;
        Some(Face {
            charmap: reader.charmap(),
            metrics: reader.glyph_metrics(Size::unscaled(), LocationRef::default()),
            units_per_em: font.units_per_em(),
            font,
        })
    }

    pub fn font(&self) -> Font {
        self.font.clone()
    }

    /// One glyph per character, each tied to its bytes in `text` so that the PDF maps it
    /// back to that character. A character the font lacks becomes its "missing" glyph (a
    /// box on the page) and is still extracted as itself.
    pub fn glyphs(&self, text: &str) -> Vec<KrillaGlyph> {
        text.char_indices()
            .map(|(at, character)| {
                let (glyph, advance) = self.glyph(character);
                let bytes = at..at + character.len_utf8();
                KrillaGlyph::new(
                    GlyphId::new(glyph.to_u32()),
                    advance,
                    0.0,
                    0.0,
                    0.0,
                    bytes,
                    None,
                )
            })
            .collect()
    }

    pub fn width(&self, text: &str, size: f32) -> f32 {
        text.chars()
            .map(|character| self.glyph(character).1 * size)
            .sum()
    }

    /// The glyph and its advance in ems (the unit krilla wants).
    fn glyph(&self, character: char) -> (skrifa::GlyphId, f32) {
        let glyph = self.charmap.map(character).unwrap_or_default();
        let advance = self.metrics.advance_width(glyph).unwrap_or(0.0) / self.units_per_em;
        (glyph, advance)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_come_from_the_font_and_bold_is_wider() {
        let faces = Faces::load().unwrap();
        let regular = faces.width("Receita Líquida", Weight::Regular, 10.0);
        let bold = faces.width("Receita Líquida", Weight::Bold, 10.0);
        assert!(regular > 40.0 && regular < 100.0, "{regular}");
        assert!(bold > regular);
        // Proportional, not per character: "i" is narrower than "M".
        assert!(
            faces.width("iiii", Weight::Regular, 10.0) < faces.width("MMMM", Weight::Regular, 10.0)
        );
        // Linear in the size.
        let double = faces.width("Receita Líquida", Weight::Regular, 20.0);
        assert!((double - 2.0 * regular).abs() < 0.001);
    }

    #[test]
    fn accents_and_the_em_dash_have_glyphs() {
        let faces = Faces::load().unwrap();
        for glyph in faces.face(Weight::Regular).glyphs("çãéõ—R$") {
            assert_ne!(glyph.glyph_id.to_u32(), 0);
        }
    }
}
