//! XLSX with rust_xlsxwriter: the title and what the report covers on top, the header row
//! frozen under them, money as real numbers in reais with an `R$` format (negatives in
//! red, in parentheses), ratios as percentages, columns wide enough to read, and the
//! notes under the table.

use crate::error::{Error, Result};
use crate::reports::table::{Cell, ReportTable, RowStyle};
use rust_xlsxwriter::{Format, Workbook, XlsxError};

/// The money format: `R$ 1.234,56` in a pt-BR Excel (the file stores it in the neutral
/// notation Excel localizes).
pub const MONEY_FORMAT: &str = "\"R$\" #,##0.00;[Red](\"R$\" #,##0.00)";
/// Grouped like money: `1.234,5%` in a pt-BR Excel.
pub const PERCENT_FORMAT: &str = "#,##0.0%";
/// Counts; quantities show their decimals only when they have some.
pub const NUMBER_FORMAT: &str = "#,##0.###";

pub fn to_xlsx(table: &ReportTable, sheet_name: &str) -> Result<Vec<u8>> {
    write(table, sheet_name).map_err(|error| Error::Export {
        format: "XLSX",
        detail: error.to_string(),
    })
}

fn write(table: &ReportTable, sheet_name: &str) -> std::result::Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name(sheet_name)?;
    let title = Format::new().set_bold().set_font_size(14);
    let header = Format::new()
        .set_bold()
        .set_border_bottom(rust_xlsxwriter::FormatBorder::Thin);
    let formats = |style: RowStyle| {
        let base = match style {
            RowStyle::Strong => Format::new().set_bold(),
            RowStyle::Warning => Format::new().set_italic(),
            RowStyle::Normal | RowStyle::Detail => Format::new(),
        };
        (
            base.clone(),
            base.clone().set_num_format(MONEY_FORMAT),
            base.clone().set_num_format(PERCENT_FORMAT),
            base.set_num_format(NUMBER_FORMAT),
        )
    };

    sheet.write_string_with_format(0, 0, &table.title, &title)?;
    let mut row: u32 = 1;
    for about in &table.about {
        sheet.write_string(row, 0, about)?;
        row += 1;
    }
    row += 1;
    let header_row = row;
    for (col, name) in table.columns.iter().enumerate() {
        sheet.write_string_with_format(header_row, column(col), name, &header)?;
    }
    // The header and the first column stay in view while scrolling.
    sheet.set_freeze_panes(header_row + 1, 1)?;
    let mut widths: Vec<usize> = table.columns.iter().map(|c| c.chars().count()).collect();
    for table_row in &table.rows {
        row += 1;
        let (text, money, percent, number) = formats(table_row.style);
        for (col, cell) in table_row.cells.iter().enumerate() {
            let at = column(col);
            match cell {
                Cell::Text(value) => {
                    let value = match (col, table_row.style) {
                        (0, RowStyle::Detail) => format!("    {value}"),
                        _ => value.clone(),
                    };
                    sheet.write_string_with_format(row, at, &value, &text)?;
                }
                // A spreadsheet number is a double: reais with two decimals, from the
                // centavos.
                Cell::Money(centavos) => {
                    sheet.write_number_with_format(row, at, *centavos as f64 / 100.0, &money)?;
                }
                Cell::Percent(Some(ratio)) => {
                    sheet.write_number_with_format(row, at, *ratio, &percent)?;
                }
                // The dash the other exports print, right-aligned like the percentages; the
                // notes under the table say why it is there.
                Cell::Percent(None) => {
                    let dash = percent
                        .clone()
                        .set_align(rust_xlsxwriter::FormatAlign::Right);
                    sheet.write_string_with_format(row, at, "—", &dash)?;
                }
                Cell::Number { scaled, places } => {
                    let value = *scaled as f64 / 10f64.powi(*places as i32);
                    sheet.write_number_with_format(row, at, value, &number)?;
                }
            }
            if let Some(width) = widths.get_mut(col) {
                *width = (*width).max(cell.display().chars().count() + 2);
            }
        }
    }
    for (col, width) in widths.iter().enumerate() {
        sheet.set_column_width(column(col), (*width).min(60) as f64)?;
    }
    row += 2;
    for note in &table.notes {
        sheet.write_string(row, 0, note)?;
        row += 1;
    }
    workbook.save_to_buffer()
}

fn column(index: usize) -> u16 {
    u16::try_from(index).unwrap_or(u16::MAX)
}
