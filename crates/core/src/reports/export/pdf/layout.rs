//! Where everything goes on the pages, without drawing: the lines a cell, the title or a
//! note wraps into, which rows and note lines fall on which page, and the heading, header
//! row and footer ("Gerado em …" and the page number) every page repeats. Pure arithmetic
//! over a text `Measure`, so it is tested without fonts; `fit` has chosen the paper, the
//! font size and the bands, and `fit::spread` each band's full-width columns.
//!
//! Nothing is ever clipped: a text wider than its column wraps, a word wider than its
//! column breaks between letters, notes flow onto more pages.

use super::fit::{self, EPSILON, Fit, Grid, MARGIN, Paper, gap, indent, printable, spread, weight};
use super::measure::{Measure, Weight};
use crate::reports::table::{ReportTable, RowStyle};
use std::ops::Range;

// Nothing on the page is under 8 pt, the smallest size that reads well in print; the
// title stands out above the table's sizes (`fit::TABLE_SIZES`).
const TITLE_SIZE: f32 = 14.0;
const ABOUT_SIZE: f32 = 9.0;
const NOTE_SIZE: f32 = 8.5;
const FOOTER_SIZE: f32 = 8.0;
/// Line height over font size.
const LINE_SPACING: f32 = 1.3;
/// Space between the header row's rule and the first row, in ems.
const RULE_GAP_EMS: f32 = 0.3;
/// Between the heading and the table, and between the table and the notes.
const SECTION_GAP: f32 = 10.0;
/// Between the body and the page number.
const FOOTER_GAP: f32 = 8.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ink {
    Text,
    /// A `Warning` row.
    Warning,
    /// The footer.
    Faint,
}

/// Something to draw. Coordinates are points from the page's top-left corner, y downwards.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Text {
        text: String,
        x: f32,
        baseline: f32,
        size: f32,
        weight: Weight,
        ink: Ink,
    },
    /// A thin horizontal line.
    Rule { from_x: f32, to_x: f32, y: f32 },
}

pub struct Plan {
    pub paper: Paper,
    pub pages: Vec<Vec<Item>>,
}

/// `generated` is the footer's left side, "Gerado em dd/mm/aaaa hh:mm" (see `pdf`).
pub fn lay_out(table: &ReportTable, generated: &str, measure: &impl Measure) -> Plan {
    let grid = Grid::new(table);
    let fit = fit::fit(&grid, measure);
    let wrapped = WrappedTable::new(&grid, &fit, measure);
    let paper = fit.paper;
    let heading = heading(table, paper, measure);
    let body_top = MARGIN + heading.height;
    let body_bottom = paper.height - MARGIN - FOOTER_SIZE * LINE_SPACING - FOOTER_GAP;

    // Across, then down: the bands of one run of rows come on consecutive pages, so a row's
    // values are a page turn apart, not the whole table apart.
    let mut pages = Vec::new();
    let mut table_end = body_top;
    let rows_room = body_bottom - body_top - wrapped.header_height() - wrapped.rule_gap();
    for rows in wrapped.row_runs(rows_room) {
        for band in &fit.bands {
            let mut items = heading.items.clone();
            table_end = wrapped.place(band, rows.clone(), body_top, measure, &mut items);
            pages.push(items);
        }
    }

    let note_height = NOTE_SIZE * LINE_SPACING;
    let mut y = table_end + SECTION_GAP;
    if pages.is_empty() {
        pages.push(heading.items.clone());
        y = body_top;
    }
    for note in &table.notes {
        let note = printable(note);
        for line in wrap(&note, paper.text_width(), |text| {
            measure.width(text, Weight::Regular, NOTE_SIZE)
        }) {
            if y + note_height > body_bottom + EPSILON {
                pages.push(heading.items.clone());
                y = body_top;
            }
            if let Some(items) = pages.last_mut() {
                items.push(text_item(
                    line,
                    MARGIN,
                    y,
                    NOTE_SIZE,
                    Weight::Regular,
                    Ink::Text,
                ));
            }
            y += note_height;
        }
    }

    let count = pages.len();
    let footer_top = paper.height - MARGIN - FOOTER_SIZE * LINE_SPACING;
    let generated = printable(generated);
    for (index, items) in pages.iter_mut().enumerate() {
        let number = format!("Página {} de {count}", index + 1);
        let width = measure.width(&number, Weight::Regular, FOOTER_SIZE);
        let x = paper.width - MARGIN - width;
        items.push(text_item(
            generated.clone(),
            MARGIN,
            footer_top,
            FOOTER_SIZE,
            Weight::Regular,
            Ink::Faint,
        ));
        items.push(text_item(
            number,
            x,
            footer_top,
            FOOTER_SIZE,
            Weight::Regular,
            Ink::Faint,
        ));
    }

    Plan { paper, pages }
}

fn ink(style: RowStyle) -> Ink {
    match style {
        RowStyle::Warning => Ink::Warning,
        RowStyle::Normal | RowStyle::Strong | RowStyle::Detail => Ink::Text,
    }
}

/// Greedy word wrap to `width`; a word wider than `width` is broken between characters.
/// Always at least one line.
fn wrap(text: &str, width: f32, measure: impl Fn(&str) -> f32) -> Vec<String> {
    if measure(text) <= width + EPSILON {
        return vec![text.to_string()];
    }
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let joined = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if measure(&joined) <= width + EPSILON {
            line = joined;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        for character in word.chars() {
            line.push(character);
            if line.chars().count() > 1 && measure(&line) > width + EPSILON {
                line.pop();
                lines.push(std::mem::replace(&mut line, character.to_string()));
            }
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

fn text_item(text: String, x: f32, top: f32, size: f32, weight: Weight, ink: Ink) -> Item {
    Item::Text {
        text,
        x,
        // The baseline one em under the top of the line leaves the descenders inside it.
        baseline: top + size,
        size,
        weight,
        ink,
    }
}

/// The title and what the report covers, on top of every page.
struct Heading {
    items: Vec<Item>,
    /// Down to where the body starts.
    height: f32,
}

fn heading(table: &ReportTable, paper: Paper, measure: &impl Measure) -> Heading {
    let lines = std::iter::once((printable(&table.title), TITLE_SIZE, Weight::Bold)).chain(
        table
            .about
            .iter()
            .map(|about| (printable(about), ABOUT_SIZE, Weight::Regular)),
    );
    let mut items = Vec::new();
    let mut y = MARGIN;
    for (text, size, weight) in lines {
        for line in wrap(&text, paper.text_width(), |t| {
            measure.width(t, weight, size)
        }) {
            items.push(text_item(line, MARGIN, y, size, weight, Ink::Text));
            y += size * LINE_SPACING;
        }
    }
    Heading {
        items,
        height: y - MARGIN + SECTION_GAP,
    }
}

/// The grid at its fitted size, each cell wrapped into lines of its column's width.
struct WrappedTable {
    size: f32,
    widths: Vec<f32>,
    /// The width between the margins, which every band is spread to.
    available: f32,
    header: Vec<Vec<String>>,
    rows: Vec<WrappedRow>,
}

struct WrappedRow {
    style: RowStyle,
    cells: Vec<Vec<String>>,
}

impl WrappedRow {
    fn lines(&self) -> usize {
        self.cells.iter().map(Vec::len).max().unwrap_or(1).max(1)
    }
}

impl WrappedTable {
    fn new(grid: &Grid, fit: &Fit, measure: &impl Measure) -> WrappedTable {
        let size = fit.size;
        let wrap_cells = |cells: &[String], style: RowStyle, weight: Weight| -> Vec<Vec<String>> {
            cells
                .iter()
                .zip(&fit.widths)
                .enumerate()
                .map(|(column, (text, width))| {
                    let room = width - indent(style, column, size);
                    wrap(text, room, |t| measure.width(t, weight, size))
                })
                .collect()
        };
        WrappedTable {
            size,
            widths: fit.widths.clone(),
            available: fit.paper.text_width(),
            header: wrap_cells(&grid.header, RowStyle::Normal, Weight::Bold),
            rows: grid
                .rows
                .iter()
                .map(|row| WrappedRow {
                    style: row.style,
                    cells: wrap_cells(&row.cells, row.style, weight(row.style)),
                })
                .collect(),
        }
    }

    fn line_height(&self) -> f32 {
        self.size * LINE_SPACING
    }

    // Heights are the same on every band, so that every band of a run of rows has the
    // same rows.
    fn header_height(&self) -> f32 {
        self.header.iter().map(Vec::len).max().unwrap_or(1).max(1) as f32 * self.line_height()
    }

    fn row_height(&self, row: &WrappedRow) -> f32 {
        row.lines() as f32 * self.line_height()
    }

    fn rule_gap(&self) -> f32 {
        RULE_GAP_EMS * self.size
    }

    /// The rows split into runs that each fit under the header row in `room`; at least
    /// one row per run, and one empty run for a table without rows (its header still
    /// prints).
    fn row_runs(&self, room: f32) -> Vec<Range<usize>> {
        let mut runs = Vec::new();
        let mut start = 0;
        while start < self.rows.len() {
            let mut end = start;
            let mut used = 0.0;
            while let Some(row) = self.rows.get(end) {
                let height = self.row_height(row);
                if end > start && used + height > room + EPSILON {
                    break;
                }
                used += height;
                end += 1;
            }
            runs.push(start..end);
            start = end;
        }
        if runs.is_empty() {
            runs.push(0..0);
        }
        runs
    }

    /// The header row, its rule and `rows` of one band, from `top`; returns where they end.
    fn place(
        &self,
        band: &[usize],
        rows: Range<usize>,
        top: f32,
        measure: &impl Measure,
        items: &mut Vec<Item>,
    ) -> f32 {
        let widths = spread(&self.widths, band, self.size, self.available);
        let mut lefts = Vec::with_capacity(band.len());
        let mut x = MARGIN;
        for width in &widths {
            lefts.push(x);
            x += width + gap(self.size);
        }
        let cells = |cells: &[Vec<String>], style: RowStyle, weight: Weight, top: f32| {
            band.iter()
                .zip(lefts.iter().zip(&widths))
                .filter_map(|(&column, (&left, &width))| {
                    Some((column, left, width, cells.get(column)?))
                })
                .flat_map(move |(column, left, column_width, lines)| {
                    lines
                        .iter()
                        .enumerate()
                        .filter(|(_, line)| !line.is_empty())
                        .map(move |(index, line)| {
                            let x = if column == 0 {
                                left + indent(style, column, self.size)
                            } else {
                                left + column_width - measure.width(line, weight, self.size)
                            };
                            let line_top = top + index as f32 * self.line_height();
                            text_item(line.clone(), x, line_top, self.size, weight, ink(style))
                        })
                })
                .collect::<Vec<_>>()
        };

        items.extend(cells(&self.header, RowStyle::Normal, Weight::Bold, top));
        let mut y = top + self.header_height();
        let table_width =
            widths.iter().sum::<f32>() + gap(self.size) * widths.len().saturating_sub(1) as f32;
        items.push(Item::Rule {
            from_x: MARGIN,
            to_x: MARGIN + table_width,
            y,
        });
        y += self.rule_gap();
        for row in self.rows.get(rows).unwrap_or_default() {
            items.extend(cells(&row.cells, row.style, weight(row.style), y));
            y += self.row_height(row);
        }
        y
    }
}

#[cfg(test)]
mod tests;
