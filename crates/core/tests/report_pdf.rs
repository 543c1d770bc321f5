//! The PDF export read back by poppler (`pdftotext -layout`, `pdfinfo`, package
//! poppler-utils): a small DRE with accents, negatives, percents, a warning row and a note
//! comes out as one portrait A4 page whose text is all there; a 27-column, 120-row table
//! comes out landscape, over several pages, its columns split in bands that repeat the
//! label column, and every header, label and value still in the text.

use ponte_core::reports::export::pdf::to_pdf;
use ponte_core::reports::{Cell, ReportTable, RowStyle, TableRow};
use std::path::Path;
use std::process::Command;

const ABOUT: [&str; 4] = [
    "Empresa: Padaria São João Ltda.",
    "Período: jan/2025 a mar/2025",
    "Base: competência",
    "Filtros: loja Centro; situação: ativos",
];

fn row(style: RowStyle, label: &str, values: &[i64], share: Option<f64>) -> TableRow {
    let mut cells = vec![Cell::Text(label.into())];
    cells.extend(values.iter().map(|centavos| Cell::Money(*centavos)));
    cells.push(Cell::Percent(share));
    TableRow { style, cells }
}

fn dre() -> ReportTable {
    ReportTable {
        title: "DRE — Demonstração do Resultado do Exercício".into(),
        about: ABOUT.iter().map(|line| line.to_string()).collect(),
        columns: ["Linha", "jan/2025", "fev/2025", "mar/2025", "Total", "AV %"]
            .map(String::from)
            .to_vec(),
        rows: vec![
            row(
                RowStyle::Strong,
                "Receita Bruta",
                &[60_000, 70_000, 43_456, 173_456],
                Some(1.0),
            ),
            row(
                RowStyle::Detail,
                "Vendas de produtos",
                &[50_000, 60_000, 33_456, 143_456],
                Some(0.827),
            ),
            row(
                RowStyle::Detail,
                "Prestação de serviços",
                &[10_000, 10_000, 10_000, 30_000],
                Some(0.173),
            ),
            row(
                RowStyle::Normal,
                "(-) Deduções e impostos",
                &[-20_000, -20_000, -10_000, -50_000],
                Some(-0.288),
            ),
            row(
                RowStyle::Strong,
                "Receita Líquida",
                &[40_000, 50_000, 33_456, 123_456],
                Some(0.712),
            ),
            row(
                RowStyle::Detail,
                "Aluguel da loja",
                &[-10_000, -10_000, -20_000, -40_000],
                Some(-0.125),
            ),
            row(
                RowStyle::Warning,
                "Não classificado",
                &[5_000, 0, 0, 5_000],
                None,
            ),
            row(
                RowStyle::Strong,
                "Resultado do Exercício",
                &[35_000, 40_000, 13_456, 88_456],
                Some(0.51),
            ),
        ],
        notes: vec![
            "Há R$ 50,00 em lançamentos não classificados: revise o mapeamento do plano de contas."
                .into(),
        ],
    }
}

const MONTHS: [&str; 12] = [
    "jan", "fev", "mar", "abr", "mai", "jun", "jul", "ago", "set", "out", "nov", "dez",
];

/// A label, 24 months, the total and AH %: 27 columns, 120 rows.
fn wide() -> ReportTable {
    let mut columns = vec!["Linha".to_string()];
    for year in [2024, 2025] {
        columns.extend(MONTHS.iter().map(|month| format!("{month}/{year}")));
    }
    columns.extend(["Total".to_string(), "AH %".to_string()]);
    let rows = (1..=120)
        .map(|line: i64| {
            let months: Vec<i64> = (1..=24)
                .map(|month| {
                    let centavos = line * 1_234_567 + month * 10_101;
                    if line % 3 == 0 { -centavos } else { centavos }
                })
                .collect();
            let mut values = months.clone();
            values.push(months.iter().sum());
            let style = match line % 10 {
                0 => RowStyle::Strong,
                7 => RowStyle::Warning,
                _ => RowStyle::Detail,
            };
            row(
                style,
                &format!("Conta {line:03} — Operações de ação"),
                &values,
                Some(line as f64 / 1000.0),
            )
        })
        .collect();
    ReportTable {
        title: "DRE mensal — 2024 e 2025".into(),
        about: ABOUT
            .iter()
            .map(|line| line.replace("jan/2025 a mar/2025", "jan/2024 a dez/2025"))
            .collect(),
        columns,
        rows,
        notes: vec!["Valores em reais; AH % compara com o ano anterior.".into()],
    }
}

fn poppler(tool: &str, args: &[&str], pdf: &Path) -> String {
    let output = Command::new(tool)
        .args(args)
        .arg(pdf)
        .args(if tool == "pdftotext" {
            &["-"][..]
        } else {
            &[][..]
        })
        .output()
        .unwrap_or_else(|error| {
            panic!("{tool} not runnable ({error}): install poppler-utils (scripts/dev/install.sh)")
        });
    assert!(
        output.status.success(),
        "{tool}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8 from poppler")
}

struct Read {
    /// One entry per page (`pdftotext` ends each page with a form feed).
    pages: Vec<String>,
    info: String,
}

impl Read {
    fn all(&self) -> String {
        self.pages.concat()
    }

    fn page_count(&self) -> usize {
        let line = self
            .info
            .lines()
            .find(|line| line.starts_with("Pages:"))
            .expect("Pages:");
        line["Pages:".len()..].trim().parse().expect("a page count")
    }

    fn page_size(&self) -> &str {
        let line = self
            .info
            .lines()
            .find(|line| line.starts_with("Page size:"))
            .expect("Page size:");
        line["Page size:".len()..].trim()
    }
}

fn write_and_read(table: &ReportTable) -> Read {
    let bytes = to_pdf(table).expect("to_pdf");
    assert!(bytes.starts_with(b"%PDF-"));
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("relatório.pdf");
    std::fs::write(&path, bytes).expect("write the PDF");
    let text = poppler("pdftotext", &["-layout", "-enc", "UTF-8"], &path);
    let mut pages: Vec<String> = text.split('\u{c}').map(String::from).collect();
    if pages.last().is_some_and(|page| page.trim().is_empty()) {
        pages.pop();
    }
    Read {
        pages,
        info: poppler("pdfinfo", &[], &path),
    }
}

#[test]
fn a_small_dre_is_one_portrait_a4_page_with_all_its_text() {
    let table = dre();
    let read = write_and_read(&table);
    assert_eq!(read.page_count(), 1, "{}", read.info);
    assert_eq!(read.page_size(), "595.276 x 841.89 pts (A4)");
    let text = read.all();
    let has = |needle: &str| assert!(text.contains(needle), "{needle:?} missing from:\n{text}");
    has(&table.title);
    for about in &table.about {
        has(about);
    }
    for column in &table.columns {
        has(column);
    }
    for row in &table.rows {
        has(&row.cells[0].display());
    }
    // Totals as displayed: thousands dot, decimal comma, negatives in parentheses.
    has("R$ 1.234,56");
    has("(R$ 400,00)");
    has("(R$ 500,00)");
    has("R$ 884,56");
    has("12,5%");
    has("-12,5%");
    has("—");
    has("Página 1 de 1");
    has(&table.notes[0]);
    // The notes come under the table.
    let last_row = text.find("Resultado do Exercício").expect("last row");
    assert!(text.find(&table.notes[0]).expect("note") > last_row);
}

#[test]
fn a_wide_long_table_is_landscape_split_into_bands_and_nothing_is_lost() {
    let table = wide();
    let read = write_and_read(&table);
    let count = read.page_count();
    assert_eq!(read.pages.len(), count);
    assert_eq!(read.page_size(), "841.89 x 595.276 pts (A4)");
    // 120 rows need more than one page, 27 columns more than one band.
    assert!(count >= 4, "{count} pages");

    for (index, page) in read.pages.iter().enumerate() {
        let has = |needle: &str| assert!(page.contains(needle), "{needle:?} not on page {index}");
        has(&table.title);
        for about in &table.about {
            has(about);
        }
        // The header row and the label column on every page.
        has("Linha");
        has("Conta ");
        has(&format!("Página {} de {count}", index + 1));
    }

    let text = read.all();
    for column in &table.columns {
        assert!(text.contains(column.as_str()), "column {column} missing");
    }
    for row in &table.rows {
        let label = row.cells[0].display();
        // The label column repeats on each band, so each label is printed more than once.
        assert!(text.matches(label.as_str()).count() >= 2, "{label}");
        for cell in &row.cells[1..] {
            let shown = cell.display();
            assert!(text.contains(shown.as_str()), "{label}: {shown} missing");
        }
    }
    let last = read.pages.last().expect("a last page");
    assert!(last.contains(&format!("Página {count} de {count}")));
    assert!(last.contains(&table.notes[0]));
}
