//! How the table goes on paper: the orientation, the table's font size, the column widths
//! and, when the columns don't all fit side by side, the bands they are split into. The
//! order of preference: portrait at the full size; then landscape, shrinking the font
//! down to a floor that still reads well in print (8 pt); then landscape at the floor with
//! the columns split into bands, each repeating the first (label) column. No column is
//! ever wider than the page beside the label column: what is wider wraps (see `layout`).
//! Each band then spans the whole width between the margins (`spread`): the widths measured
//! from the content, with what is left shared out evenly.

use super::measure::{Measure, Weight};
use crate::reports::table::{ReportTable, RowStyle};

/// A4 in points.
const A4_SHORT: f32 = 595.276;
const A4_LONG: f32 = 841.89;
/// 10 mm on every side: room for any printer, and the most for the table.
pub const MARGIN: f32 = 28.35;
/// The table's font sizes, largest first; the last is the floor below which a printed
/// page stops being readable, and the columns are split instead.
pub const TABLE_SIZES: [f32; 5] = [10.0, 9.5, 9.0, 8.5, 8.0];
const TABLE_SIZE_FLOOR: f32 = TABLE_SIZES[TABLE_SIZES.len() - 1];
/// Space between two columns, in ems of the table's font.
const COLUMN_GAP_EMS: f32 = 1.0;
/// Indentation of a `Detail` row's label, in ems.
const DETAIL_INDENT_EMS: f32 = 1.2;
/// Where columns must be split, the label column keeps at most this share of the width
/// (longer labels wrap) so that the values keep room.
const LABEL_SHARE: f32 = 0.4;
/// Tolerance of width comparisons, in points.
pub const EPSILON: f32 = 0.01;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Paper {
    pub width: f32,
    pub height: f32,
}

impl Paper {
    pub const PORTRAIT: Paper = Paper {
        width: A4_SHORT,
        height: A4_LONG,
    };
    pub const LANDSCAPE: Paper = Paper {
        width: A4_LONG,
        height: A4_SHORT,
    };

    pub fn text_width(&self) -> f32 {
        self.width - 2.0 * MARGIN
    }
}

/// The cells as text, every row as wide as the widest (a row longer than the header still
/// has all its values printed, under an empty header).
pub struct Grid {
    pub header: Vec<String>,
    pub rows: Vec<GridRow>,
}

pub struct GridRow {
    pub style: RowStyle,
    pub cells: Vec<String>,
}

impl Grid {
    pub fn new(table: &ReportTable) -> Grid {
        let count = table
            .rows
            .iter()
            .map(|row| row.cells.len())
            .chain([table.columns.len()])
            .max()
            .unwrap_or(0);
        let padded = |mut texts: Vec<String>| {
            texts.resize(count, String::new());
            texts
        };
        Grid {
            header: padded(table.columns.iter().map(|name| printable(name)).collect()),
            rows: table
                .rows
                .iter()
                .map(|row| GridRow {
                    style: row.style,
                    cells: padded(row.cells.iter().map(|c| printable(&c.display())).collect()),
                })
                .collect(),
        }
    }
}

/// Control characters (a newline in an account's name) would draw as boxes.
pub fn printable(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

pub fn weight(style: RowStyle) -> Weight {
    match style {
        RowStyle::Strong => Weight::Bold,
        RowStyle::Normal | RowStyle::Detail | RowStyle::Warning => Weight::Regular,
    }
}

pub fn indent(style: RowStyle, column: usize, size: f32) -> f32 {
    match (column, style) {
        (0, RowStyle::Detail) => DETAIL_INDENT_EMS * size,
        _ => 0.0,
    }
}

pub fn gap(size: f32) -> f32 {
    COLUMN_GAP_EMS * size
}

/// The paper, the table's font size, the column widths and the bands.
pub struct Fit {
    pub paper: Paper,
    pub size: f32,
    pub widths: Vec<f32>,
    /// The column indices on each band; every band starts with the label column.
    pub bands: Vec<Vec<usize>>,
}

pub fn fit(grid: &Grid, measure: &impl Measure) -> Fit {
    let all_columns: Vec<usize> = (0..grid.header.len()).collect();
    let candidates = [
        (Paper::PORTRAIT, &TABLE_SIZES[..1]),
        (Paper::LANDSCAPE, &TABLE_SIZES[..]),
    ];
    for (paper, sizes) in candidates {
        for &size in sizes {
            let widths = column_widths(grid, measure, size, paper.text_width());
            if band_width(&widths, &all_columns, size) <= paper.text_width() + EPSILON {
                let bands = if all_columns.is_empty() {
                    Vec::new()
                } else {
                    vec![all_columns]
                };
                return Fit {
                    paper,
                    size,
                    widths,
                    bands,
                };
            }
        }
    }
    let paper = Paper::LANDSCAPE;
    let size = TABLE_SIZE_FLOOR;
    let widths = column_widths(grid, measure, size, paper.text_width());
    let bands = split_into_bands(&widths, gap(size), paper.text_width());
    Fit {
        paper,
        size,
        widths,
        bands,
    }
}

/// Each column as wide as its widest text, within limits that keep every column on a
/// page: the label column gets what the values leave but no less than `LABEL_SHARE` of the
/// width, and a value column at most what is left beside the label column.
fn column_widths(grid: &Grid, measure: &impl Measure, size: f32, available: f32) -> Vec<f32> {
    let natural: Vec<f32> = grid
        .header
        .iter()
        .enumerate()
        .map(|(column, header)| {
            let header = measure.width(header, Weight::Bold, size);
            grid.rows
                .iter()
                .filter_map(|row| {
                    let text = row.cells.get(column)?;
                    Some(
                        indent(row.style, column, size)
                            + measure.width(text, weight(row.style), size),
                    )
                })
                .fold(header, f32::max)
        })
        .collect();
    let Some((&label, values)) = natural.split_first() else {
        return natural;
    };
    let values_need: f32 = values.iter().map(|width| width + gap(size)).sum();
    let label = label.min((available - values_need).max(available * LABEL_SHARE));
    let value_room = available - label - gap(size);
    std::iter::once(label)
        .chain(values.iter().map(|width| width.min(value_room)))
        .collect()
}

/// The widths of `band`'s columns, in its order, grown to fill `available`: each column
/// gets an equal share of the room its content leaves, so the values keep their order and
/// alignment and the table reaches the right margin. A band already as wide keeps its
/// widths.
pub fn spread(widths: &[f32], band: &[usize], size: f32, available: f32) -> Vec<f32> {
    let natural: Vec<f32> = band
        .iter()
        .map(|&column| widths.get(column).copied().unwrap_or(0.0))
        .collect();
    let room = available - band_width(widths, band, size);
    if natural.is_empty() || room <= 0.0 {
        return natural;
    }
    let share = room / natural.len() as f32;
    natural.iter().map(|width| width + share).collect()
}

pub fn band_width(widths: &[f32], band: &[usize], size: f32) -> f32 {
    let columns: f32 = band.iter().filter_map(|&column| widths.get(column)).sum();
    columns + gap(size) * band.len().saturating_sub(1) as f32
}

/// As few bands as a greedy fill needs, their columns then spread evenly (9, 9 and 9
/// rather than 11, 11 and 5) when the widths allow it: a last band of a few columns looks
/// like an afterthought.
fn split_into_bands(widths: &[f32], gap: f32, available: f32) -> Vec<Vec<usize>> {
    let greedy = fill_bands(widths, gap, available);
    let values = widths.len().saturating_sub(1);
    let (per_band, longer) = match greedy.len() {
        0 => return greedy,
        count => (values / count, values % count),
    };
    let mut next = 1;
    let even: Vec<Vec<usize>> = (0..greedy.len())
        .map(|band| {
            let length = per_band + usize::from(band < longer);
            let columns = std::iter::once(0).chain(next..next + length).collect();
            next += length;
            columns
        })
        .collect();
    let fits = |band: &Vec<usize>| {
        let columns: f32 = band.iter().filter_map(|&column| widths.get(column)).sum();
        columns + gap * band.len().saturating_sub(1) as f32 <= available + EPSILON
    };
    if even.iter().all(fits) { even } else { greedy }
}

/// Greedy, in order: the label column, then as many value columns as fit. Every value
/// column fits beside the label (`column_widths` sees to it), so every band has one.
fn fill_bands(widths: &[f32], gap: f32, available: f32) -> Vec<Vec<usize>> {
    let Some((&label, values)) = widths.split_first() else {
        return Vec::new();
    };
    let mut bands = Vec::new();
    let mut band = vec![0];
    let mut used = label;
    for (offset, &width) in values.iter().enumerate() {
        if band.len() > 1 && used + gap + width > available + EPSILON {
            bands.push(std::mem::replace(&mut band, vec![0]));
            used = label;
        }
        band.push(offset + 1);
        used += gap + width;
    }
    bands.push(band);
    bands
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reports::export::pdf::fixtures::{HalfEm, table};
    use crate::reports::table::Cell;

    fn fitted(table: &ReportTable) -> Fit {
        fit(&Grid::new(table), &HalfEm)
    }

    #[test]
    fn a_narrow_table_is_portrait_at_full_size() {
        let fit = fitted(&table(4, 10));
        assert_eq!(fit.paper, Paper::PORTRAIT);
        assert_eq!(fit.size, TABLE_SIZES[0]);
        assert_eq!(fit.bands, vec![vec![0, 1, 2, 3]]);
    }

    #[test]
    fn a_wider_table_turns_landscape_and_shrinks_before_splitting() {
        let fit = fitted(&table(11, 10));
        assert_eq!(fit.paper, Paper::LANDSCAPE);
        assert_eq!(fit.bands.len(), 1);
        assert!(fit.size < TABLE_SIZES[0], "shrunk: {}", fit.size);
        assert!(band_width(&fit.widths, &fit.bands[0], fit.size) <= fit.paper.text_width());
    }

    #[test]
    fn a_table_too_wide_at_the_floor_is_split_into_bands_that_repeat_the_label() {
        let fit = fitted(&table(40, 10));
        assert_eq!(fit.paper, Paper::LANDSCAPE);
        assert_eq!(fit.size, TABLE_SIZE_FLOOR);
        assert!(fit.bands.len() >= 2, "{:?}", fit.bands);
        // Every band starts with the label column and fits; every other column is on
        // exactly one band, in order.
        let mut seen: Vec<usize> = Vec::new();
        for band in &fit.bands {
            assert_eq!(band[0], 0);
            assert!(band_width(&fit.widths, band, fit.size) <= fit.paper.text_width() + EPSILON);
            seen.extend(&band[1..]);
        }
        assert_eq!(seen, (1..40).collect::<Vec<_>>());
    }

    #[test]
    fn a_long_label_is_held_to_its_share_when_columns_are_split() {
        let mut long = table(40, 3);
        long.rows[1].cells[0] = Cell::Text("Receita de vendas ".repeat(30));
        let fit = fitted(&long);
        let share = fit.paper.text_width() * LABEL_SHARE;
        assert!((fit.widths[0] - share).abs() < EPSILON, "{}", fit.widths[0]);
    }

    #[test]
    fn bands_are_as_few_as_a_greedy_fill_and_as_even_as_the_widths_allow() {
        // Four value columns fit beside the label: greedy makes 4 + 4 + 1, even 3 + 3 + 3.
        let widths = [10.0; 10];
        assert_eq!(
            fill_bands(&widths, 0.0, 50.0),
            vec![vec![0, 1, 2, 3, 4], vec![0, 5, 6, 7, 8], vec![0, 9]]
        );
        assert_eq!(
            split_into_bands(&widths, 0.0, 50.0),
            vec![vec![0, 1, 2, 3], vec![0, 4, 5, 6], vec![0, 7, 8, 9]]
        );
        // Even would put both wide columns on one band, which doesn't fit: greedy stays.
        let uneven = [10.0, 5.0, 40.0, 40.0, 5.0, 5.0];
        assert_eq!(
            split_into_bands(&uneven, 0.0, 60.0),
            vec![vec![0, 1, 2], vec![0, 3, 4, 5]]
        );
        assert_eq!(split_into_bands(&[30.0], 5.0, 80.0), vec![vec![0]]);
        assert!(split_into_bands(&[], 5.0, 80.0).is_empty());
    }

    #[test]
    fn no_table_is_set_below_eight_points() {
        for (columns, rows) in [(4, 10), (12, 10), (40, 10), (80, 3)] {
            let fit = fitted(&table(columns, rows));
            assert!(fit.size >= 8.0, "{columns} columns at {}", fit.size);
        }
    }

    #[test]
    fn every_band_is_spread_to_the_full_width_keeping_its_order() {
        for (columns, rows) in [(2, 3), (4, 10), (12, 10), (40, 10)] {
            let fit = fitted(&table(columns, rows));
            let available = fit.paper.text_width();
            for band in &fit.bands {
                let spread = spread(&fit.widths, band, fit.size, available);
                let total: f32 =
                    spread.iter().sum::<f32>() + gap(fit.size) * (band.len() - 1) as f32;
                assert!((total - available).abs() < 0.1, "{columns}: {total}");
                for (width, &column) in spread.iter().zip(band) {
                    assert!(*width >= fit.widths[column] - EPSILON);
                }
            }
        }
        // Already full: unchanged.
        assert_eq!(spread(&[50.0, 40.0], &[0, 1], 10.0, 90.0), vec![50.0, 40.0]);
        assert_eq!(
            spread(&[50.0, 40.0], &[0, 1], 10.0, 110.0),
            vec![55.0, 45.0]
        );
        assert!(spread(&[], &[], 10.0, 110.0).is_empty());
    }

    #[test]
    fn a_row_longer_than_the_header_gets_a_column() {
        let mut ragged = table(3, 2);
        ragged.rows[0].cells.push(Cell::Money(12_345));
        let grid = Grid::new(&ragged);
        assert_eq!(grid.header.len(), 4);
        assert_eq!(grid.rows[0].cells[3], "R$ 123,45");
        assert_eq!(grid.rows[1].cells[3], "");
    }
}
