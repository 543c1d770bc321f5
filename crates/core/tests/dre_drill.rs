//! Behind the DRE screen, over the hand-worked fixture: the lançamentos behind a cell
//! (their provider ids, count and sum, worked out by hand, and always equal to the cell),
//! the mapping's CSV going out and coming back, and the DRE exported to CSV and PDF and
//! read back (the CSV parsed, the PDF through the real `pdftotext`).

use crate::support;

use ponte_core::reports::dre::{
    AccountClass, Basis, ClassSource, Comparison, DreAccountRef, DreCell, DreFilters, DreGroup,
    DreLine, DreQuery, RowKind, SettlementPart,
};
use ponte_core::reports::export::ExportFormat;
use ponte_core::reports::{Month, ReportRequest, Reports};
use ponte_core::store::Store;
use support::dre_fixture::fixture;

fn query(basis: Basis, filters: DreFilters) -> DreQuery {
    DreQuery {
        from: "2026-01".parse().unwrap(),
        to: "2026-02".parse().unwrap(),
        basis,
        comparison: Comparison::PreviousPeriod,
        filters,
    }
}

fn month(text: &str) -> Option<Month> {
    Some(text.parse().unwrap())
}

/// (provider ids, count, sum) behind a cell.
async fn behind(store: &Store, query: &DreQuery, cell: DreCell) -> (Vec<String>, i64, i64) {
    let entries = Reports::new(store.clone())
        .dre_entries(query, &cell)
        .await
        .expect("entries");
    let ids = entries
        .entries
        .iter()
        .map(|e| e.external_id.clone())
        .collect();
    (ids, entries.count, entries.centavos)
}

#[tokio::test]
async fn a_cell_opens_onto_the_lancamentos_behind_it() {
    let (_dir, store, integration) = fixture().await;
    let competencia = query(Basis::Competencia, DreFilters::default());
    // Receita bruta in January: entries 1 (1000,00) and 2 (500,00, on the 31st); 13 is
    // deactivated.
    let receita = DreCell {
        line: DreLine::Group(DreGroup::ReceitaBruta),
        account: None,
        month: month("2026-01"),
    };
    assert_eq!(
        behind(&store, &competencia, receita.clone()).await,
        (vec!["1".into(), "2".into()], 2, 150_000)
    );
    // Lucro Líquido over the period: 1, 2, 4 (−400,00), 6 (−90,00) and 1's bank fee
    // (−20,00, a part of its own) in January; 3, 5 (−200,00), 7 (15,00) in February. Not 8
    // (a transfer) nor 9 (unclassified).
    let lucro = DreCell {
        line: DreLine::LucroLiquido,
        account: None,
        month: None,
    };
    let (ids, count, sum) = behind(&store, &competencia, lucro).await;
    assert_eq!((count, sum), (8, 160_500));
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(sorted, ["1", "1", "2", "3", "4", "5", "6", "7"]);
    // One account, Aluguel (p22), in February by caixa: entry 5, settled on the 1st.
    let caixa = query(Basis::Caixa, DreFilters::default());
    let aluguel = DreCell {
        line: DreLine::Group(DreGroup::DespesasAdministrativas),
        account: Some(DreAccountRef {
            integration_id: integration,
            plano_external_id: Some("p22".into()),
        }),
        month: month("2026-02"),
    };
    assert_eq!(
        behind(&store, &caixa, aluguel).await,
        (vec!["5".into()], 1, -20_000)
    );
    // By caixa, January's receita is entry 1 at face value; entry 2 settled in February.
    assert_eq!(
        behind(&store, &caixa, receita.clone()).await,
        (vec!["1".into()], 1, 100_000)
    );
    // Its bank fee is the part's cell, on its own, at the part's amount.
    let tarifas = DreCell {
        line: DreLine::Group(DreGroup::DespesasFinanceiras),
        account: Some(DreAccountRef {
            integration_id: integration,
            plano_external_id: Some(SettlementPart::TarifasBancarias.key().into()),
        }),
        month: month("2026-01"),
    };
    assert_eq!(
        behind(&store, &caixa, tarifas).await,
        (vec!["1".into()], 1, -2_000)
    );
    // Loja L2 keeps only entry 2.
    let l2 = query(
        Basis::Competencia,
        DreFilters {
            loja: Some("L2".into()),
            ..DreFilters::default()
        },
    );
    assert_eq!(
        behind(
            &store,
            &l2,
            DreCell {
                month: None,
                ..receita
            }
        )
        .await,
        (vec!["2".into()], 1, 50_000)
    );
}

#[tokio::test]
async fn every_cell_sums_to_its_value_in_the_report() {
    let (_dir, store, _) = fixture().await;
    let reports = Reports::new(store.clone());
    for basis in [Basis::Competencia, Basis::Caixa] {
        let query = query(basis, DreFilters::default());
        let dre = reports.dre_for(&query).await.expect("dre");
        for row in &dre.rows {
            let account = (row.kind == RowKind::Account).then(|| DreAccountRef {
                integration_id: row.integration_id.unwrap(),
                plano_external_id: row.plano_external_id.clone(),
            });
            for (column, month) in dre
                .months
                .iter()
                .map(|m| Some(*m))
                .chain([None])
                .enumerate()
            {
                let expected = row.values.get(column).copied().unwrap_or(row.total);
                let cell = DreCell {
                    line: row.line,
                    account: account.clone(),
                    month,
                };
                let (_, _, sum) = behind(&store, &query, cell).await;
                assert_eq!(sum, expected, "{basis:?} {} {month:?}", row.label);
            }
        }
    }
}

#[tokio::test]
async fn the_mapping_goes_out_as_csv_and_comes_back_whole_or_not_at_all() {
    let (dir, store, integration) = fixture().await;
    let reports = Reports::new(store);
    reports
        .set_dre_choice(integration, "p2", Some(AccountClass::Line(DreGroup::Cmv)))
        .await
        .unwrap();
    reports
        .set_dre_choice(
            integration,
            "p22",
            Some(AccountClass::Line(DreGroup::DespesasAdministrativas)),
        )
        .await
        .unwrap();
    let before = reports.dre_mapping(integration).await.unwrap();
    // p21 inherits p2's choice; p22 keeps its own.
    let source = |id: &str| {
        before
            .rows
            .iter()
            .find(|r| r.external_id == id)
            .map(|r| (r.class, r.source))
            .unwrap()
    };
    assert_eq!(
        source("p21"),
        (AccountClass::Line(DreGroup::Cmv), ClassSource::Inherited)
    );
    assert_eq!(
        source("p22"),
        (
            AccountClass::Line(DreGroup::DespesasAdministrativas),
            ClassSource::Chosen
        )
    );
    let path = dir.path().join("mapeamento.csv");
    reports
        .export_dre_mapping(integration, &path)
        .await
        .unwrap();

    reports
        .set_dre_choice(integration, "p2", None)
        .await
        .unwrap();
    reports
        .set_dre_choice(integration, "p22", None)
        .await
        .unwrap();
    reports
        .set_dre_choice(integration, "p11", Some(AccountClass::Excluded))
        .await
        .unwrap();
    let imported = reports
        .import_dre_mapping_file(integration, &path)
        .await
        .unwrap();
    assert_eq!(
        (imported.rows, imported.chosen, imported.cleared),
        (17, 2, 15)
    );
    assert_eq!(reports.dre_mapping(integration).await.unwrap(), before);

    // One bad line and nothing changes, with the line named.
    let bad = dir.path().join("ruim.csv");
    std::fs::write(&bad, "plano_id;escolha\np2;excluida\np11;lucro_bruto\n").unwrap();
    let error = reports
        .import_dre_mapping_file(integration, &bad)
        .await
        .unwrap_err()
        .to_string();
    assert!(error.contains("linha 3"), "{error}");
    assert_eq!(reports.dre_mapping(integration).await.unwrap(), before);
}

#[tokio::test]
async fn the_dre_exported_to_csv_and_pdf_reads_back_with_its_lines_and_totals() {
    let (dir, store, _) = fixture().await;
    let reports = Reports::new(store);
    let request = ReportRequest::Dre(query(Basis::Competencia, DreFilters::default()));
    assert_eq!(
        request.file_name(ExportFormat::Pdf),
        "DRE 2026-01 a 2026-02.pdf"
    );

    let csv_path = dir.path().join("dre.csv");
    reports
        .export_report(&request, ExportFormat::Csv, &csv_path)
        .await
        .unwrap();
    let bytes = std::fs::read(&csv_path).unwrap();
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(&bytes[3..]);
    let lucro: Vec<String> = reader
        .records()
        .map(|r| r.unwrap())
        .find(|r| &r[0] == "= Lucro Líquido")
        .expect("Lucro Líquido row")
        .iter()
        .map(String::from)
        .collect();
    // Jan 990,00, Feb 615,00, total 1605,00.
    assert_eq!(&lucro[1..4], ["990,00", "615,00", "1605,00"]);

    let pdf_path = dir.path().join("dre.pdf");
    reports
        .export_report(&request, ExportFormat::Pdf, &pdf_path)
        .await
        .unwrap();
    let output = std::process::Command::new("pdftotext")
        .args(["-layout", pdf_path.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (poppler-utils) runs");
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    for expected in [
        "DRE",
        "Loja",
        "Base: competência",
        "Receita Operacional Bruta",
        "= Receita Líquida",
        "= Lucro Líquido",
        "Não classificado",
        "R$ 1.605,00",
        "R$ 2.300,00",
        "(R$ 400,00)",
        "Página 1 de 1",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} missing from:\n{text}"
        );
    }
}

#[tokio::test]
async fn an_entry_shows_its_party_by_name_or_none_never_the_provider_code() {
    let (_dir, store, _integration) = fixture().await;
    // Entry 1 names its cliente; 4 came with only the code for "outros" (as Pró-labore,
    // Simples and FGTS do); 5 with its kind's name blank.
    for (external_id, statement) in [
        (
            "1",
            "UPDATE lancamentos SET entidade = 'C', nome_cliente = 'Cliente Um' WHERE external_id = ?",
        ),
        (
            "4",
            "UPDATE lancamentos SET entidade = 'O' WHERE external_id = ?",
        ),
        (
            "5",
            "UPDATE lancamentos SET entidade = 'F', nome_fornecedor = '' WHERE external_id = ?",
        ),
    ] {
        sqlx::query(statement)
            .bind(external_id)
            .execute(store.pool())
            .await
            .expect("party set");
    }
    let lucro = DreCell {
        line: DreLine::LucroLiquido,
        account: None,
        month: None,
    };
    let entries = Reports::new(store.clone())
        .dre_entries(&query(Basis::Competencia, DreFilters::default()), &lucro)
        .await
        .expect("entries");
    let party = |id: &str| {
        entries
            .entries
            .iter()
            .find(|e| e.external_id == id)
            .map(|e| e.parte.clone())
            .expect("listed")
    };
    assert_eq!(party("1"), Some("Cliente Um".to_string()));
    assert_eq!(party("4"), None);
    assert_eq!(party("5"), None);
}
