//! The DRE over a fixture whose expected values were worked out by hand (in the comments
//! below, not by the code): both bases, an unmapped account, an excluded transfer, a bank
//! fee on its own line, entries on month boundaries, a loja filter, a deactivated entry, AV
//! and AH; then mapping changes move amounts between lines while the result holds.

use crate::support;

use ponte_core::reports::Reports;
use ponte_core::reports::dre::{
    AccountClass, Basis, Comparison, Dre, DreFilters, DreGroup, DreLine,
};
use ponte_core::store::Store;
use support::dre_fixture::{fixture, jan_feb};

/// (per month, total) of a line.
fn line(dre: &Dre, line: DreLine) -> (Vec<i64>, i64) {
    let row = dre.row(line).unwrap_or_else(|| panic!("{line:?} missing"));
    (row.values.clone(), row.total)
}

async fn dre(store: &Store, basis: Basis, filters: DreFilters) -> Dre {
    Reports::new(store.clone())
        .dre(jan_feb(), basis, Comparison::PreviousPeriod, &filters)
        .await
        .expect("dre")
}

#[tokio::test]
async fn competencia_puts_each_entry_in_the_month_of_its_competence() {
    let (_dir, store, _) = fixture().await;
    let dre = dre(&store, Basis::Competencia, DreFilters::default()).await;
    use DreGroup::*;
    // Receita bruta: Jan 1000,00 (1) + 500,00 (2, the 31st); Feb 800,00 (3, not settled).
    // Entry 12 is March, 13 is deactivated: neither counts.
    assert_eq!(
        line(&dre, DreLine::Group(ReceitaBruta)),
        (vec![150_000, 80_000], 230_000)
    );
    assert_eq!(
        line(&dre, DreLine::Group(Deducoes)),
        (vec![-9_000, 0], -9_000)
    );
    assert_eq!(
        line(&dre, DreLine::ReceitaLiquida),
        (vec![141_000, 80_000], 221_000)
    );
    assert_eq!(line(&dre, DreLine::Group(Cmv)), (vec![-40_000, 0], -40_000));
    assert_eq!(
        line(&dre, DreLine::LucroBruto),
        (vec![101_000, 80_000], 181_000)
    );
    assert_eq!(
        line(&dre, DreLine::DespesasOperacionais),
        (vec![0, -20_000], -20_000)
    );
    assert_eq!(
        line(&dre, DreLine::Ebitda),
        (vec![101_000, 60_000], 161_000)
    );
    assert_eq!(line(&dre, DreLine::Ebit), (vec![101_000, 60_000], 161_000));
    // Juros recebidos 15,00 in February; entry 1's bank fee of 20,00 (settled Jan 31) is a
    // despesa financeira of January on this basis too.
    assert_eq!(
        line(&dre, DreLine::Group(ReceitasFinanceiras)),
        (vec![0, 1_500], 1_500)
    );
    assert_eq!(
        line(&dre, DreLine::Group(DespesasFinanceiras)),
        (vec![-2_000, 0], -2_000)
    );
    assert_eq!(
        line(&dre, DreLine::ResultadoFinanceiro),
        (vec![-2_000, 1_500], -500)
    );
    assert_eq!(line(&dre, DreLine::Lair), (vec![99_000, 61_500], 160_500));
    assert_eq!(
        line(&dre, DreLine::LucroLiquido),
        (vec![99_000, 61_500], 160_500)
    );
    // The unmapped account is shown on its own line, outside the result.
    assert_eq!(
        line(&dre, DreLine::NaoClassificado),
        (vec![0, 7_000], 7_000)
    );
    // The transfer is left out, and said so.
    assert_eq!(dre.money_moves, ["Transferência entre contas"]);

    // AV: over Receita Líquida. CMV is −400,00 of 2.210,00 in total.
    let cmv = dre.row(DreLine::Group(Cmv)).unwrap();
    assert!((cmv.av_total.unwrap() - (-40_000.0 / 221_000.0)).abs() < 1e-12);
    assert_eq!(
        dre.row(DreLine::ReceitaLiquida).unwrap().av,
        [Some(1.0), Some(1.0)]
    );
    // AH against Nov–Dec 2025: receita 600,00 (10) and aluguel −200,00 (11), so the
    // result was 400,00 and is now 1.605,00: +301,25 %.
    let result = dre.row(DreLine::LucroLiquido).unwrap();
    assert_eq!(result.compared_total, 40_000);
    assert!((result.ah.unwrap() - 3.0125).abs() < 1e-12);
    // No CMV before: its AH % is withheld, not infinite, and the table says why once.
    assert_eq!((cmv.compared_total, cmv.ah), (0, None));
    assert!(dre.ah_withheld);
    let notes = dre.to_table("Loja", &[]).notes;
    assert_eq!(notes[0], Dre::COUNTS);
    assert_eq!(
        notes
            .iter()
            .filter(|n| n.contains("sem movimento suficiente"))
            .count(),
        1
    );
    assert_eq!(dre.compared_months[0].to_string(), "2025-11");

    // Accounts sit under their lines, with their provider ids for the drill-down.
    let revenue_accounts: Vec<_> = dre
        .rows
        .iter()
        .filter(|r| r.line == DreLine::Group(ReceitaBruta) && r.plano_external_id.is_some())
        .map(|r| (r.label.as_str(), r.total))
        .collect();
    assert_eq!(revenue_accounts, [("Vendas de produtos", 230_000)]);
}

#[tokio::test]
async fn caixa_counts_settled_entries_by_settlement_at_face_value_and_fees_apart() {
    let (_dir, store, _) = fixture().await;
    let dre = dre(&store, Basis::Caixa, DreFilters::default()).await;
    use DreGroup::*;
    // 1 settled on Jan 31 at face value 1.000,00 (its 20,00 bank fee goes to despesas
    // financeiras); 2 settled on Feb 1; 3 open.
    assert_eq!(
        line(&dre, DreLine::Group(ReceitaBruta)),
        (vec![100_000, 50_000], 150_000)
    );
    assert_eq!(
        line(&dre, DreLine::Group(DespesasFinanceiras)),
        (vec![-2_000, 0], -2_000)
    );
    // 6 is January's competence but was paid on Feb 10.
    assert_eq!(
        line(&dre, DreLine::Group(Deducoes)),
        (vec![0, -9_000], -9_000)
    );
    assert_eq!(
        line(&dre, DreLine::ReceitaLiquida),
        (vec![100_000, 41_000], 141_000)
    );
    // Jan: 1.000,00 − 20,00 − 400,00; Feb: 410,00 − 200,00 + 15,00. What moved, in all.
    assert_eq!(
        line(&dre, DreLine::LucroLiquido),
        (vec![58_000, 22_500], 80_500)
    );
    assert_eq!(
        dre.row(DreLine::LucroLiquido).unwrap().compared_total,
        40_000
    );
}

#[tokio::test]
async fn a_loja_filter_keeps_only_its_entries_and_money_moves_can_be_included() {
    let (_dir, store, _) = fixture().await;
    let only_l1 = DreFilters {
        loja: Some("L1".into()),
        ..DreFilters::default()
    };
    let dre = dre(&store, Basis::Competencia, only_l1).await;
    // L1: receita 1.000,00 + 800,00, Simples −90,00, compras −400,00, juros 15,00, and
    // entry 1's bank fee −20,00.
    assert_eq!(
        line(&dre, DreLine::Group(DreGroup::ReceitaBruta)),
        (vec![100_000, 80_000], 180_000)
    );
    assert_eq!(line(&dre, DreLine::LucroLiquido).1, 130_500);
    assert!(
        dre.row(DreLine::NaoClassificado).is_none(),
        "entry 9 is L2's"
    );

    let with_moves = DreFilters {
        include_money_moves: true,
        ..DreFilters::default()
    };
    let dre = self::dre(&store, Basis::Competencia, with_moves).await;
    // The transfer (a pagamento) now counts in outras receitas e despesas operacionais, a
    // "(±)" line of its own: Despesas Operacionais keeps February's 200,00 only.
    assert!(dre.money_moves.is_empty());
    assert_eq!(
        line(&dre, DreLine::Group(DreGroup::OutrasOperacionais)),
        (vec![-30_000, 0], -30_000)
    );
    assert_eq!(
        line(&dre, DreLine::DespesasOperacionais),
        (vec![0, -20_000], -20_000)
    );
    assert_eq!(
        line(&dre, DreLine::Ebitda).1,
        line(&dre, DreLine::LucroBruto).1 - 20_000 - 30_000
    );
    assert_eq!(line(&dre, DreLine::LucroLiquido).1, 130_500);
}

#[tokio::test]
async fn mapping_changes_move_amounts_between_lines_and_the_result_holds() {
    let (_dir, store, integration_id) = fixture().await;
    let before = dre(&store, Basis::Competencia, DreFilters::default()).await;

    store
        .set_dre_choice(
            integration_id,
            "p21",
            Some(AccountClass::Line(DreGroup::DespesasGerais)),
        )
        .await
        .expect("choice");
    let moved = dre(&store, Basis::Competencia, DreFilters::default()).await;
    assert_eq!(line(&moved, DreLine::Group(DreGroup::Cmv)).1, 0);
    assert_eq!(line(&moved, DreLine::DespesasOperacionais).1, -60_000);
    assert_eq!(line(&moved, DreLine::LucroBruto).1, 221_000);
    assert_eq!(
        line(&moved, DreLine::LucroLiquido),
        line(&before, DreLine::LucroLiquido)
    );

    // A choice on "Despesas" is inherited by the accounts under it without their own:
    // Aluguel and Simples go to CMV; Compra de mercadorias keeps its own choice.
    store
        .set_dre_choice(
            integration_id,
            "p2",
            Some(AccountClass::Line(DreGroup::Cmv)),
        )
        .await
        .expect("choice");
    let inherited = dre(&store, Basis::Competencia, DreFilters::default()).await;
    assert_eq!(
        line(&inherited, DreLine::Group(DreGroup::Cmv)).1,
        -20_000 - 9_000 - 30_000
    );
    assert_eq!(line(&inherited, DreLine::Group(DreGroup::Deducoes)).1, 0);
    assert!(
        inherited.money_moves.is_empty(),
        "the transfer is mapped now"
    );

    // Mapping the unclassified account and forgetting the choices restores the rest.
    store
        .set_dre_choice(
            integration_id,
            "p9",
            Some(AccountClass::Line(DreGroup::ReceitaBruta)),
        )
        .await
        .expect("choice");
    store
        .set_dre_choice(integration_id, "p2", None)
        .await
        .expect("forget");
    store
        .set_dre_choice(integration_id, "p21", None)
        .await
        .expect("forget");
    let mapped = dre(&store, Basis::Competencia, DreFilters::default()).await;
    assert!(mapped.row(DreLine::NaoClassificado).is_none());
    assert_eq!(
        line(&mapped, DreLine::LucroLiquido).1,
        line(&before, DreLine::LucroLiquido).1 + 7_000
    );
}

#[tokio::test]
async fn the_xlsx_export_holds_the_values_as_numbers_with_money_formats() {
    use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
    use ponte_core::reports::export::xlsx::{MONEY_FORMAT, to_xlsx};
    use std::io::{Cursor, Read};

    let (_dir, store, _) = fixture().await;
    let dre = dre(&store, Basis::Competencia, DreFilters::default()).await;
    let bytes = to_xlsx(&dre.to_table("Loja", &[]), "DRE").expect("xlsx");

    let mut workbook: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes.clone())).expect("opens");
    let sheet = workbook.worksheet_range("DRE").expect("the DRE sheet");
    let rows: Vec<&[Data]> = sheet.rows().collect();
    let header = rows
        .iter()
        .position(|row| row.first() == Some(&Data::String("Linha".into())))
        .expect("header row");
    let total_at = rows[header]
        .iter()
        .position(|cell| *cell == Data::String("Total".into()))
        .expect("Total column");
    let value_of = |label: &str| -> f64 {
        let row = rows
            .iter()
            .find(|row| row.first() == Some(&Data::String(label.into())))
            .unwrap_or_else(|| panic!("{label} missing"));
        match &row[total_at] {
            Data::Float(value) => *value,
            other => panic!("{label}: {other:?} is not a number"),
        }
    };
    // Reais, as numbers: 1.605,00 of result, −400,00 of CMV, 2.300,00 of receita bruta.
    assert!((value_of("= Lucro Líquido") - 1_605.0).abs() < 1e-9);
    assert!((value_of("(−) CMV/CPV/CSP") + 400.0).abs() < 1e-9);
    assert!((value_of("Receita Operacional Bruta") - 2_300.0).abs() < 1e-9);

    // The R$ number format is in the workbook's styles.
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip");
    let mut styles = String::new();
    archive
        .by_name("xl/styles.xml")
        .expect("styles")
        .read_to_string(&mut styles)
        .expect("utf-8");
    let escaped = MONEY_FORMAT.replace('"', "&quot;");
    assert!(styles.contains(&escaped), "{styles}");
}
