//! The default DRE mapping against names from real Brazilian charts of accounts, each with
//! the line an accountant assigns (`fixtures/plano_de_contas_padrao.csv`, columns
//! `fonte;tipo;nome;linha`). Every mismatch is listed before the test fails, so a rule
//! change shows all it moves at once.
//!
//! Sources, as the `fonte` column names them:
//! - `sandbox`: the plano de contas the sandbox generates (`crates/sandbox/src/dataset/catalog.rs`).
//! - `issue_14`: the examples in the issue.
//! - `gestao_click`: names seen in the public API's responses (shared API reference);
//!   the rest of its default plano from memory of use, marked unverified.
//! - `conta_azul`: the public API's categorias-dre example ("Vendas de produtos"), and its
//!   help on aplicações (reconciled as "Transferência entre contas", yield as receita
//!   financeira); the other default categories from memory of use, marked unverified.
//! - `omie`: its help says the default categories follow the government's plano
//!   referencial; the names are from memory of use, marked unverified.
//! - `nibo`: its five default groups (Receitas, Custos, Despesas, Investimentos,
//!   Financiamentos), as described on dre.com.br/blog.
//! - `granatum`: examples from its public blog; the rest from memory, marked unverified.
//! - `bling`, `tiny`: from memory of use, marked unverified (no public list found).
//! - `seeds_publicos`: category seeds in open-source finance apps, read through code search.
//! - `simples_nacional`: accounting offices' naming habits, marked unverified.
//! - `variantes`: codes, signs, accents, abbreviations, plurals and both sides, built here.

use ponte_core::reports::dre::{AccountClass, default_class};

const FIXTURE: &str = include_str!("fixtures/plano_de_contas_padrao.csv");

#[test]
fn every_name_in_the_default_charts_lands_on_the_line_an_accountant_picks() {
    let mut checked = 0;
    let mut mismatches = Vec::new();
    for (number, line) in FIXTURE.lines().enumerate().skip(1) {
        if line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split(';').collect();
        let [fonte, tipo, nome, linha] = fields[..] else {
            panic!("line {}: expected 4 fields: {line}", number + 1);
        };
        let expected = AccountClass::parse(linha)
            .unwrap_or_else(|| panic!("line {}: unknown linha {linha:?}", number + 1));
        let tipo = (!tipo.is_empty()).then_some(tipo);
        let got = default_class(&[nome], tipo);
        if got != expected {
            mismatches.push(format!(
                "line {}: {nome:?} ({tipo:?}, {fonte}): expected {}, got {}",
                number + 1,
                expected.as_str(),
                got.as_str()
            ));
        }
        checked += 1;
    }
    assert!(
        checked >= 150,
        "the fixture holds {checked} names, fewer than 150"
    );
    assert!(
        mismatches.is_empty(),
        "{} of {checked} names land elsewhere:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}
