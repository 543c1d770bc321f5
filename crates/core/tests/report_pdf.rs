//! The PDF export read back by poppler (`pdftotext -layout`, `pdftotext -bbox`,
//! `pdfinfo`, package poppler-utils) and from its own content streams: a small DRE with
//! accents, negatives, percents, a warning row and a note comes out as one portrait A4 page
//! whose text is all there; a 27-column, 120-row table comes out landscape, over several
//! pages, its columns split in bands that repeat the label column, and every header, label
//! and value still in the text. Both are set at 8 pt or more, reach the right margin, and
//! say when they were made ("Gerado em", São Paulo time).

use chrono::{DateTime, Utc};
use flate2::read::ZlibDecoder;
use ponte_core::reports::export::pdf::to_pdf;
use ponte_core::reports::{Cell, ReportTable, RowStyle, TableRow};
use std::io::Read as _;
use std::path::Path;
use std::process::Command;

/// 10 mm, the export's margin on every side, in points.
const MARGIN: f64 = 28.35;
/// 15/01/2026 13:07 UTC is 10:07 in São Paulo (UTC−3).
const GENERATED_AT: &str = "2026-01-15T13:07:00Z";
const GENERATED: &str = "Gerado em 15/01/2026 10:07";

fn generated_at() -> DateTime<Utc> {
    GENERATED_AT.parse().expect("an RFC 3339 instant")
}

const ABOUT: [&str; 4] = [
    "Integração: Padaria São João",
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
    /// Every word with its box, per page (`pdftotext -bbox`).
    words: Vec<Vec<Word>>,
    /// The size of every `Tf` (set font) operator in the content streams.
    font_sizes: Vec<f64>,
    page_width: f64,
}

struct Word {
    text: String,
    x_max: f64,
    y_min: f64,
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
    let bytes = to_pdf(table, generated_at()).expect("to_pdf");
    assert!(bytes.starts_with(b"%PDF-"));
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("relatório.pdf");
    std::fs::write(&path, &bytes).expect("write the PDF");
    let text = poppler("pdftotext", &["-layout", "-enc", "UTF-8"], &path);
    let mut pages: Vec<String> = text.split('\u{c}').map(String::from).collect();
    if pages.last().is_some_and(|page| page.trim().is_empty()) {
        pages.pop();
    }
    let bbox = poppler("pdftotext", &["-bbox", "-enc", "UTF-8"], &path);
    Read {
        pages,
        info: poppler("pdfinfo", &[], &path),
        words: words(&bbox),
        font_sizes: font_sizes(&bytes),
        page_width: attribute(
            bbox.lines().find(|l| l.contains("<page ")).expect("a page"),
            "width",
        ),
    }
}

fn attribute(line: &str, name: &str) -> f64 {
    let start = line.find(&format!(" {name}=\"")).expect(name) + name.len() + 3;
    let value = &line[start..];
    value[..value.find('"').expect("closing quote")]
        .parse()
        .expect("a number")
}

/// `pdftotext -bbox` prints `<page …>` then one `<word xMin=… yMin=… xMax=… yMax=…>text</word>`
/// per line.
fn words(bbox: &str) -> Vec<Vec<Word>> {
    let mut pages: Vec<Vec<Word>> = Vec::new();
    for line in bbox.lines() {
        if line.contains("<page ") {
            pages.push(Vec::new());
        } else if let (Some(open), Some(close), Some(page)) =
            (line.find('>'), line.find("</word>"), pages.last_mut())
        {
            page.push(Word {
                text: line[open + 1..close].replace("&amp;", "&"),
                x_max: attribute(line, "xMax"),
                y_min: attribute(line, "yMin"),
            });
        }
    }
    pages
}

/// Every `size Tf` in the PDF's streams, inflated where they are compressed: what the
/// viewer and the printer really get, whatever the layout meant.
fn font_sizes(pdf: &[u8]) -> Vec<f64> {
    let mut sizes = Vec::new();
    let mut rest = pdf;
    while let Some(start) = find(rest, b"stream") {
        let body = &rest[start + b"stream".len()..];
        let body = body.strip_prefix(b"\r").unwrap_or(body);
        let body = body.strip_prefix(b"\n").unwrap_or(body);
        let Some(end) = find(body, b"endstream") else {
            break;
        };
        let raw = &body[..end];
        let mut inflated = Vec::new();
        let content = match ZlibDecoder::new(raw).read_to_end(&mut inflated) {
            Ok(_) => inflated,
            Err(_) => raw.to_vec(),
        };
        let text = String::from_utf8_lossy(&content);
        let tokens: Vec<&str> = text.split_ascii_whitespace().collect();
        for pair in tokens.windows(2) {
            if pair[1] == "Tf"
                && let Ok(size) = pair[0].parse::<f64>()
            {
                sizes.push(size);
            }
        }
        rest = &body[end + b"endstream".len()..];
    }
    sizes
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

impl Read {
    /// On every page, the rightmost word of the table (its values are right-aligned) ends
    /// at the right margin, give or take rounding: the table spans the page.
    fn assert_table_reaches_the_right_margin(&self, is_table_word: impl Fn(&Word) -> bool) {
        let right = self.page_width - MARGIN;
        for (index, page) in self.words.iter().enumerate() {
            let edge = page
                .iter()
                .filter(|word| is_table_word(word))
                .map(|word| word.x_max)
                .fold(0.0, f64::max);
            assert!(
                (edge - right).abs() < 0.5,
                "page {index}: the table ends at {edge}, the margin is at {right}"
            );
        }
    }

    fn assert_readable_and_dated(&self) {
        assert!(!self.font_sizes.is_empty(), "no Tf operator found");
        let smallest = self.font_sizes.iter().copied().fold(f64::MAX, f64::min);
        let largest = self.font_sizes.iter().copied().fold(0.0, f64::max);
        assert!(
            smallest >= 8.0,
            "text at {smallest} pt: {:?}",
            self.font_sizes
        );
        assert!(largest > 10.0, "the title is not larger: {largest} pt");
        for (index, page) in self.pages.iter().enumerate() {
            assert!(
                page.contains(GENERATED),
                "{GENERATED:?} not on page {index}"
            );
        }
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

    read.assert_readable_and_dated();
    // The values' column (AV %) ends each row, right-aligned: its words are the
    // percentages and the dash, above the notes.
    let footer_top = read.words[0]
        .iter()
        .find(|word| word.text == "Gerado")
        .expect("the footer")
        .y_min;
    read.assert_table_reaches_the_right_margin(|word| {
        word.y_min < footer_top && (word.text.ends_with('%') || word.text == "—")
    });
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

    read.assert_readable_and_dated();
    // Every page's rightmost value, whichever band it shows, ends at the margin.
    // Values are "R$ 1.234,56", "(R$ 1.234,56)" or "0,1%": their last word has a comma.
    read.assert_table_reaches_the_right_margin(|word| {
        word.text.contains(',')
            && word
                .text
                .ends_with(|c: char| c.is_ascii_digit() || c == ')' || c == '%')
    });
}
