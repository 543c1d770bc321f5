//! PDF with krilla, A4: on every page the title and what the report covers (company,
//! period, basis, filters), the table's header row under a thin rule, and "Página i de N";
//! the first column left-aligned (accounts indented under their line), the values
//! right-aligned, group and total lines in bold, unclassified amounts in a warning colour,
//! and the notes under the table. `fit` chooses the orientation, the font size and, for
//! wide tables, the column bands; `layout` places every line on its page; this file only
//! draws the result, with the embedded fonts of `fonts` (which answer `measure`).

mod fit;
#[cfg(test)]
mod fixtures;
mod fonts;
mod layout;
mod measure;

use crate::error::{Error, Result};
use crate::reports::table::ReportTable;
use fonts::Faces;
use krilla::Document;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point};
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use layout::{Ink, Item};

/// The header row's rule, in points: visible, never heavy.
const RULE_WIDTH: f32 = 0.5;

pub fn to_pdf(table: &ReportTable) -> Result<Vec<u8>> {
    let faces = Faces::load().ok_or_else(|| failed("a fonte embutida não pôde ser lida".into()))?;
    let plan = layout::lay_out(table, &faces);
    let mut document = Document::new();
    document.set_metadata(
        Metadata::new()
            .title(table.title.clone())
            .language("pt-BR".into())
            .creator("Ponte".into()),
    );
    for items in &plan.pages {
        let settings = PageSettings::from_wh(plan.paper.width, plan.paper.height)
            .ok_or_else(|| failed("tamanho de página inválido".into()))?;
        let mut page = document.start_page_with(settings);
        let mut surface = page.surface();
        for item in items {
            draw(&mut surface, item, &faces);
        }
        surface.finish();
        page.finish();
    }
    // krilla's error has no Display; its Debug names what failed.
    document
        .finish()
        .map_err(|error| failed(format!("{error:?}")))
}

fn failed(detail: String) -> Error {
    Error::Export {
        format: "PDF",
        detail,
    }
}

fn draw(surface: &mut Surface<'_>, item: &Item, faces: &Faces) {
    match item {
        Item::Text {
            text,
            x,
            baseline,
            size,
            weight,
            ink,
        } => {
            surface.set_stroke(None);
            surface.set_fill(Some(Fill {
                paint: colour(*ink).into(),
                ..Fill::default()
            }));
            let face = faces.face(*weight);
            surface.draw_glyphs(
                Point::from_xy(*x, *baseline),
                &face.glyphs(text),
                face.font(),
                text,
                *size,
                false,
            );
        }
        Item::Rule { from_x, to_x, y } => {
            let mut path = PathBuilder::new();
            path.move_to(*from_x, *y);
            path.line_to(*to_x, *y);
            // A rule of zero length has no path; there is nothing to draw then.
            if let Some(path) = path.finish() {
                surface.set_fill(None);
                surface.set_stroke(Some(Stroke {
                    width: RULE_WIDTH,
                    ..Stroke::default()
                }));
                surface.draw_path(&path);
            }
        }
    }
}

fn colour(ink: Ink) -> rgb::Color {
    match ink {
        Ink::Text => rgb::Color::black(),
        // Dark enough to read and to print in grey; the XLSX marks these rows in italics.
        Ink::Warning => rgb::Color::new(166, 60, 0),
        Ink::Faint => rgb::Color::new(96, 96, 96),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reports::table::{Cell, RowStyle, TableRow};

    #[test]
    fn odd_tables_still_make_a_pdf() {
        let empty = ReportTable {
            title: String::new(),
            about: vec![],
            columns: vec![],
            rows: vec![],
            notes: vec![],
        };
        let odd = ReportTable {
            title: "Linha\nquebrada\tcom tab".into(),
            about: vec!["Fora da fonte: 漢字 🙂".into()],
            columns: vec!["Linha".into()],
            rows: vec![TableRow {
                style: RowStyle::Detail,
                // More cells than columns, and ratios without a meaning.
                cells: vec![
                    Cell::Text(String::new()),
                    Cell::Money(i64::MIN + 1),
                    Cell::Percent(Some(f64::NAN)),
                    Cell::Percent(Some(f64::INFINITY)),
                ],
            }],
            notes: vec![String::new()],
        };
        for table in [empty, odd] {
            let bytes = to_pdf(&table).unwrap();
            assert!(bytes.starts_with(b"%PDF-"));
        }
    }
}
