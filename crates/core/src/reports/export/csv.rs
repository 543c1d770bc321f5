//! CSV. The Brazilian style is the default: `;` between fields, decimal comma, UTF-8 with a
//! BOM, so that Excel in pt-BR opens it with the right columns, accents and numbers. The
//! plain style is `,` and a decimal point, for other programs. Money is a bare number in
//! reais (no `R$`, no thousands separator) so that spreadsheets read it as a number.

use crate::error::{Error, Result};
use crate::reports::table::{Cell, ReportTable, decimal_br, split_number};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CsvStyle {
    Brazilian,
    Plain,
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

pub fn to_csv(table: &ReportTable, style: CsvStyle) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    let delimiter = match style {
        CsvStyle::Brazilian => {
            out.extend_from_slice(BOM);
            b';'
        }
        CsvStyle::Plain => b',',
    };
    let mut writer = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .from_writer(out);
    let failed = |error: csv::Error| Error::InvalidInput {
        field: "exportação CSV",
        detail: error.to_string(),
    };
    writer.write_record(&table.columns).map_err(failed)?;
    for row in &table.rows {
        let fields: Vec<String> = row.cells.iter().map(|cell| field(cell, style)).collect();
        writer.write_record(&fields).map_err(failed)?;
    }
    writer.into_inner().map_err(|error| Error::InvalidInput {
        field: "exportação CSV",
        detail: error.to_string(),
    })
}

fn field(cell: &Cell, style: CsvStyle) -> String {
    let number = |value: f64, places: usize| match style {
        CsvStyle::Brazilian => decimal_br(value, places),
        CsvStyle::Plain => format!("{value:.places$}"),
    };
    match cell {
        Cell::Text(text) => text.clone(),
        Cell::Money(centavos) => {
            let sign = if *centavos < 0 { "-" } else { "" };
            let (reais, cents) = (centavos.unsigned_abs() / 100, centavos.unsigned_abs() % 100);
            let separator = match style {
                CsvStyle::Brazilian => ',',
                CsvStyle::Plain => '.',
            };
            format!("{sign}{reais}{separator}{cents:02}")
        }
        Cell::Number { scaled, places } => {
            let (sign, whole, fraction) = split_number(*scaled, *places);
            let separator = match style {
                CsvStyle::Brazilian => ',',
                CsvStyle::Plain => '.',
            };
            match fraction {
                Some(digits) => format!("{sign}{whole}{separator}{digits}"),
                None => format!("{sign}{whole}"),
            }
        }
        Cell::Percent(None) => String::new(),
        Cell::Percent(Some(ratio)) => number(ratio * 100.0, 2),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reports::table::{RowStyle, TableRow};

    fn table() -> ReportTable {
        ReportTable {
            title: "DRE".into(),
            about: vec![],
            columns: vec![
                "Linha".into(),
                "Total".into(),
                "AV %".into(),
                "Qtd".into(),
                "Vendas".into(),
            ],
            rows: vec![TableRow {
                style: RowStyle::Strong,
                cells: vec![
                    Cell::Text("Receita; bruta".into()),
                    Cell::Money(-1_234_567),
                    Cell::Percent(Some(0.125)),
                    Cell::Number {
                        scaled: 1_234_500,
                        places: 3,
                    },
                    Cell::Number {
                        scaled: 4_321,
                        places: 0,
                    },
                ],
            }],
            notes: vec![],
        }
    }

    #[test]
    fn brazilian_csv_has_a_bom_semicolons_and_decimal_commas() {
        let bytes = to_csv(&table(), CsvStyle::Brazilian).unwrap();
        assert!(bytes.starts_with(BOM));
        let text = String::from_utf8(bytes[BOM.len()..].to_vec()).unwrap();
        assert_eq!(
            text,
            "Linha;Total;AV %;Qtd;Vendas\n\"Receita; bruta\";-12345,67;12,50;1234,5;4321\n"
        );
    }

    #[test]
    fn plain_csv_has_commas_and_decimal_points() {
        let text = String::from_utf8(to_csv(&table(), CsvStyle::Plain).unwrap()).unwrap();
        assert_eq!(
            text,
            "Linha,Total,AV %,Qtd,Vendas\nReceita; bruta,-12345.67,12.50,1234.5,4321\n"
        );
    }
}
