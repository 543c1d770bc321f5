//! The layout's arithmetic over a fixed-width measure: margins, pages, bands, the footer
//! and the full-width table, without fonts.

use super::*;
use crate::reports::export::pdf::fixtures::{HalfEm, table};
use crate::reports::table::Cell;

const GENERATED: &str = "Gerado em 15/01/2026 10:07";

fn texts(plan: &Plan) -> Vec<&str> {
    plan.pages
        .iter()
        .flatten()
        .filter_map(|item| match item {
            Item::Text { text, .. } => Some(text.as_str()),
            Item::Rule { .. } => None,
        })
        .collect()
}

/// Nothing crosses the margins: no text is clipped by the page or the printer.
fn assert_inside_the_margins(plan: &Plan) {
    let paper = plan.paper;
    for item in plan.pages.iter().flatten() {
        match item {
            Item::Text {
                text,
                x,
                baseline,
                size,
                weight,
                ..
            } => {
                let right = x + HalfEm.width(text, *weight, *size);
                assert!(*x >= MARGIN - EPSILON, "{text} starts at {x}");
                assert!(
                    right <= paper.width - MARGIN + EPSILON,
                    "{text} ends at {right}"
                );
                assert!(
                    *baseline - size >= MARGIN - EPSILON,
                    "{text} above the margin"
                );
                assert!(
                    *baseline <= paper.height - MARGIN + EPSILON,
                    "{text} at {baseline}"
                );
            }
            Item::Rule { from_x, to_x, .. } => {
                assert!(*from_x >= MARGIN - EPSILON && *to_x <= paper.width - MARGIN + EPSILON);
            }
        }
    }
}

fn bands(table: &ReportTable) -> usize {
    fit::fit(&Grid::new(table), &HalfEm).bands.len()
}

#[test]
fn a_narrow_table_is_on_one_portrait_page() {
    let plan = lay_out(&table(4, 10), GENERATED, &HalfEm);
    assert_eq!(plan.paper, Paper::PORTRAIT);
    assert_eq!(plan.pages.len(), 1);
    assert!(texts(&plan).contains(&"Página 1 de 1"));
    assert_inside_the_margins(&plan);
}

#[test]
fn split_columns_keep_every_value_and_repeat_the_labels() {
    let table = table(40, 120);
    let plan = lay_out(&table, GENERATED, &HalfEm);
    assert_eq!(plan.paper, Paper::LANDSCAPE);
    assert_inside_the_margins(&plan);
    // Every value and every header is printed; the labels once per band.
    let texts = texts(&plan);
    let bands = bands(&table);
    assert!(bands >= 2);
    for row in &table.rows {
        for cell in &row.cells[1..] {
            assert!(
                texts.contains(&cell.display().as_str()),
                "{}",
                cell.display()
            );
        }
        let label = row.cells[0].display();
        let times = texts.iter().filter(|text| **text == label).count();
        assert_eq!(times, bands, "{label}");
    }
    for name in &table.columns[1..] {
        assert!(texts.contains(&name.as_str()), "{name}");
    }
}

#[test]
fn every_page_repeats_the_heading_and_the_header_row_and_is_numbered() {
    let plan = lay_out(&table(40, 120), GENERATED, &HalfEm);
    let count = plan.pages.len();
    assert!(
        count > bands(&table(40, 120)),
        "rows run over several pages"
    );
    for (index, page) in plan.pages.iter().enumerate() {
        let texts: Vec<&str> = page
            .iter()
            .filter_map(|item| match item {
                Item::Text { text, .. } => Some(text.as_str()),
                Item::Rule { .. } => None,
            })
            .collect();
        assert!(texts.contains(&"DRE"));
        assert!(texts.contains(&"Período: jan/2024 a dez/2025"));
        assert!(texts.contains(&"Linha"), "page {index}");
        assert!(texts.contains(&format!("Página {} de {count}", index + 1).as_str()));
        assert!(texts.contains(&GENERATED), "page {index}");
        assert!(page.iter().any(|item| matches!(item, Item::Rule { .. })));
    }
    // The note comes after the table, on the last page.
    let last = texts(&plan);
    assert_eq!(
        last.iter()
            .position(|t| *t == "Há lançamentos não classificados."),
        Some(last.len() - 3),
        "the note is the last thing before the last page's footer"
    );
}

/// The right edge of the rightmost text of the table (its values are right-aligned).
fn table_right_edge(page: &[Item]) -> f32 {
    page.iter()
        .filter_map(|item| match item {
            Item::Text {
                text,
                x,
                size,
                weight,
                ink: Ink::Text | Ink::Warning,
                ..
            } if text.starts_with('(') || text.starts_with("R$") => {
                Some(x + HalfEm.width(text, *weight, *size))
            }
            _ => None,
        })
        .fold(0.0, f32::max)
}

#[test]
fn the_table_reaches_the_right_margin_on_every_page() {
    for table in [table(2, 3), table(4, 10), table(12, 10), table(40, 120)] {
        let plan = lay_out(&table, GENERATED, &HalfEm);
        let right = plan.paper.width - MARGIN;
        for page in &plan.pages {
            let edge = table_right_edge(page);
            assert!((edge - right).abs() < 0.1, "ends at {edge}, not {right}");
            let rule = page.iter().find_map(|item| match item {
                Item::Rule { to_x, .. } => Some(*to_x),
                Item::Text { .. } => None,
            });
            assert!(rule.is_some_and(|to_x| (to_x - right).abs() < 0.1));
        }
        assert_inside_the_margins(&plan);
    }
}

#[test]
fn no_text_is_under_eight_points_and_the_title_is_larger() {
    let plan = lay_out(&table(40, 120), GENERATED, &HalfEm);
    let mut title = 0.0;
    for item in plan.pages.iter().flatten() {
        if let Item::Text { text, size, .. } = item {
            assert!(*size >= 8.0, "{text} at {size} pt");
            if text == "DRE" {
                title = *size;
            }
        }
    }
    assert!(title > fit::TABLE_SIZES[0], "title at {title}");
}

#[test]
fn long_labels_and_notes_wrap_inside_the_margins() {
    let mut long = table(30, 3);
    let label = "Receita de vendas de mercadorias e serviços ".repeat(6);
    long.rows[1].cells[0] = Cell::Text(label.clone());
    long.notes = vec!["Nota ".repeat(200), "x".repeat(500)];
    let plan = lay_out(&long, GENERATED, &HalfEm);
    assert_inside_the_margins(&plan);
    let texts = texts(&plan);
    let words: usize = texts.iter().map(|t| t.matches("mercadorias").count()).sum();
    assert_eq!(words, 6 * bands(&long));
    let xs: usize = texts
        .iter()
        .filter(|t| t.starts_with('x'))
        .map(|t| t.len())
        .sum();
    assert_eq!(xs, 500);
}

#[test]
fn wrap_keeps_words_and_breaks_only_what_cannot_fit() {
    let width = |text: &str| text.chars().count() as f32;
    assert_eq!(
        wrap("Receita Líquida", 20.0, width),
        vec!["Receita Líquida"]
    );
    assert_eq!(
        wrap("Receita Líquida", 8.0, width),
        vec!["Receita", "Líquida"]
    );
    assert_eq!(
        wrap("Demonstração", 5.0, width),
        vec!["Demon", "straç", "ão"]
    );
    assert_eq!(wrap("", 5.0, width), vec![""]);
    assert_eq!(wrap("abc", 0.0, width), vec!["a", "b", "c"]);
}

#[test]
fn an_empty_table_still_has_a_page() {
    let empty = ReportTable {
        title: "Vazio".into(),
        about: vec![],
        columns: vec![],
        rows: vec![],
        notes: vec![],
    };
    let plan = lay_out(&empty, GENERATED, &HalfEm);
    assert_eq!(plan.pages.len(), 1);
    assert_eq!(texts(&plan), vec!["Vazio", GENERATED, "Página 1 de 1"]);
}

#[test]
fn a_row_longer_than_the_header_keeps_its_values() {
    let mut ragged = table(3, 2);
    ragged.rows[0].cells.push(Cell::Money(12_345));
    let plan = lay_out(&ragged, GENERATED, &HalfEm);
    assert!(texts(&plan).contains(&"R$ 123,45"));
}
