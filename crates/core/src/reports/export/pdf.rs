//! PDF with krilla, A4: on every page the title and what the report covers (company,
//! period, basis, filters), the table's header row under a thin rule, and a footer with
//! "Gerado em dd/mm/aaaa hh:mm" (America/Sao_Paulo) and "Página i de N";
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
use chrono::{DateTime, Utc};
use chrono_tz::America::Sao_Paulo;
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

/// `generated_at` is printed in every page's footer; the caller passes the moment of the
/// export, so the same table at the same instant is the same file.
pub fn to_pdf(table: &ReportTable, generated_at: DateTime<Utc>) -> Result<Vec<u8>> {
    let faces = Faces::load().ok_or_else(|| failed("a fonte embutida não pôde ser lida".into()))?;
    let plan = layout::lay_out(table, &generated_line(generated_at), &faces);
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

/// "Gerado em dd/mm/aaaa hh:mm", the wall clock in America/Sao_Paulo.
fn generated_line(generated_at: DateTime<Utc>) -> String {
    let local = generated_at.with_timezone(&Sao_Paulo);
    format!("Gerado em {}", local.format("%d/%m/%Y %H:%M"))
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
            let bytes = to_pdf(&table, Utc::now()).unwrap();
            assert!(bytes.starts_with(b"%PDF-"));
        }
    }

    #[test]
    fn generated_is_sao_paulo_wall_time() {
        let instant = |text: &str| {
            DateTime::parse_from_rfc3339(text)
                .unwrap()
                .with_timezone(&Utc)
        };
        assert_eq!(
            generated_line(instant("2026-01-15T13:07:00Z")),
            "Gerado em 15/01/2026 10:07"
        );
        // Past midnight UTC is still the day before in São Paulo.
        assert_eq!(
            generated_line(instant("2026-03-01T02:30:59Z")),
            "Gerado em 28/02/2026 23:30"
        );
    }
}
