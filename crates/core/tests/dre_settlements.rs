//! Settlements to the centavo: a card fee, juros on a late receipt and a late payment,
//! descontos on early ones, a boleto fee, a `valor_total` that breaks its identity, a
//! transfer with both legs, an ajuste de caixa, an entry without a plano or a conta, and
//! settlements on the first and last days of months and across a year boundary. Every
//! expected value below is worked out by hand in the comments; the Conferência's checks
//! hold and its findings name the odd entries.

use crate::support;

use ponte_core::reports::conferencia::{ConferenciaQuery, FindingKind};
use ponte_core::reports::dre::{
    Basis, Comparison, Dre, DreFilters, DreGroup, DreLine, RowKind, SettlementPart,
};
use ponte_core::reports::{MonthRange, ReportScope, Reports};
use ponte_core::store::Store;

const PLANOS: [(&str, &str, &str); 6] = [
    ("r1", "C", "Vendas de mercadorias"),
    ("d1", "D", "Compra de mercadorias"),
    ("d2", "D", "Aluguel"),
    ("d3", "D", "Simples Nacional"),
    ("t1", "D", "Transferência entre contas"),
    ("a1", "C", "Ajuste de caixa"),
];

/// (id, tipo, plano, valor, juros, desconto, taxa_banco, taxa_operadora, valor_total,
/// competência, liquidação, conta)
type Entry<'a> = (
    &'a str,
    &'a str,
    Option<&'a str>,
    [i64; 6],
    &'a str,
    Option<&'a str>,
    Option<&'a str>,
);
const R: &str = "recebimento";
const P: &str = "pagamento";
#[rustfmt::skip]
const ENTRIES: [Entry; 13] = [
    // R$ 1.000,00 by card with a 3 % fee, settled on the last day of January.
    ("E1", R, Some("r1"), [100_000, 0, 0, 0, 3_000, 97_000], "2026-01-10", Some("2026-01-31"), Some("C1")),
    // December's sale paid late on January 1st: R$ 10,00 juros, R$ 3,00 boleto fee.
    ("E2", R, Some("r1"), [50_000, 1_000, 0, 300, 0, 50_700], "2025-12-15", Some("2026-01-01"), Some("C1")),
    // Paid early with a R$ 8,00 desconto.
    ("E3", R, Some("r1"), [40_000, 0, 800, 0, 0, 39_200], "2026-02-01", Some("2026-02-01"), Some("C2")),
    // A supplier paid late, R$ 6,00 juros, on the last day of February.
    ("E4", P, Some("d1"), [30_000, 600, 0, 0, 0, 30_600], "2026-01-05", Some("2026-02-28"), Some("C1")),
    // Rent paid a day early with a R$ 4,00 desconto.
    ("E5", P, Some("d2"), [20_000, 0, 400, 0, 0, 19_600], "2026-01-31", Some("2026-01-30"), Some("C2")),
    // The provider says 97,00 moved, but 100,00 − 2,50 is 97,50: R$ 0,50 unexplained.
    ("E6", R, Some("r1"), [10_000, 0, 0, 0, 250, 9_700], "2026-02-10", Some("2026-02-12"), Some("C1")),
    // A transfer from C1 to C2, both legs.
    ("E7", P, Some("t1"), [25_000, 0, 0, 0, 0, 25_000], "2026-01-15", Some("2026-01-15"), Some("C1")),
    ("E8", R, Some("t1"), [25_000, 0, 0, 0, 0, 25_000], "2026-01-15", Some("2026-01-15"), Some("C2")),
    ("E9", R, Some("a1"), [1_234, 0, 0, 0, 0, 1_234], "2026-02-20", Some("2026-02-20"), Some("C2")),
    // January's Simples, paid in February.
    ("E10", P, Some("d3"), [5_000, 0, 0, 0, 0, 5_000], "2026-01-31", Some("2026-02-20"), Some("C1")),
    // Open.
    ("E11", R, Some("r1"), [60_000, 0, 0, 0, 0, 60_000], "2026-02-15", None, None),
    // February's sale settled in March with juros: its juros are March's.
    ("E12", R, Some("r1"), [30_000, 500, 0, 0, 0, 30_500], "2026-02-20", Some("2026-03-02"), Some("C1")),
    // Neither plano nor conta.
    ("E13", P, None, [700, 0, 0, 0, 0, 700], "2026-02-05", Some("2026-02-05"), None),
];

async fn fixture() -> (tempfile::TempDir, Store) {
    let (dir, store, integration) = support::store_with_gestaoclick("Loja").await;
    for (id, tipo, nome) in PLANOS {
        sqlx::query(
            "INSERT INTO planos_contas (integration_id, external_id, tipo, nome) VALUES (?, ?, ?, ?)",
        )
        .bind(integration.id)
        .bind(id)
        .bind(tipo)
        .bind(nome)
        .execute(store.pool())
        .await
        .expect("plano");
    }
    for (id, tipo, plano, [valor, juros, desconto, banco, operadora, total], comp, liq, conta) in
        ENTRIES
    {
        sqlx::query(
            "INSERT INTO lancamentos (integration_id, external_id, tipo, valor_centavos, juros_centavos,
                desconto_centavos, taxa_banco_centavos, taxa_operadora_centavos, valor_total_centavos,
                data_competencia, data_liquidacao, liquidado, plano_contas_id, conta_bancaria_id)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(integration.id)
        .bind(id)
        .bind(tipo)
        .bind(valor)
        .bind(juros)
        .bind(desconto)
        .bind(banco)
        .bind(operadora)
        .bind(total)
        .bind(comp)
        .bind(liq)
        .bind(liq.is_some())
        .bind(plano)
        .bind(conta)
        .execute(store.pool())
        .await
        .expect("lançamento");
    }
    (dir, store)
}

fn jan_feb() -> MonthRange {
    MonthRange::new("2026-01".parse().unwrap(), "2026-02".parse().unwrap()).unwrap()
}

async fn dre(store: &Store, basis: Basis) -> Dre {
    Reports::new(store.clone())
        .dre(
            jan_feb(),
            basis,
            Comparison::PreviousPeriod,
            &DreFilters::default(),
        )
        .await
        .expect("dre")
}

fn line(dre: &Dre, line: DreLine) -> (Vec<i64>, i64) {
    let row = dre.row(line).unwrap_or_else(|| panic!("{line:?} missing"));
    (row.values.clone(), row.total)
}

fn part(dre: &Dre, part: SettlementPart) -> (DreLine, Vec<i64>) {
    let row = dre
        .rows
        .iter()
        .find(|r| r.kind == RowKind::Account && r.plano_external_id.as_deref() == Some(part.key()))
        .unwrap_or_else(|| panic!("{part:?} missing"));
    (row.line, row.values.clone())
}

/// The parts are the same on both bases: by month of liquidação.
fn assert_parts(dre: &Dre) {
    use DreGroup::*;
    use SettlementPart::*;
    let income = DreLine::Group(ReceitasFinanceiras);
    let expense = DreLine::Group(DespesasFinanceiras);
    // January: E2's juros and boleto fee, E1's card fee, E5's desconto.
    assert_eq!(part(dre, JurosRecebidos), (income, vec![1_000, 0]));
    assert_eq!(part(dre, DescontosObtidos), (income, vec![400, 0]));
    assert_eq!(part(dre, TaxasOperadora), (expense, vec![-3_000, -250]));
    assert_eq!(part(dre, TarifasBancarias), (expense, vec![-300, 0]));
    // February: E3's desconto, E4's juros, E6's R$ 0,50 nobody explained.
    assert_eq!(part(dre, DescontosConcedidos), (expense, vec![0, -800]));
    assert_eq!(part(dre, JurosPagos), (expense, vec![0, -600]));
    assert_eq!(part(dre, OutrosAjustes), (expense, vec![0, -50]));
    assert_eq!(line(dre, income), (vec![1_400, 0], 1_400));
    assert_eq!(line(dre, expense), (vec![-3_300, -1_700], -5_000));
    assert_eq!(
        line(dre, DreLine::ResultadoFinanceiro),
        (vec![-1_900, -1_700], -3_600)
    );
}

#[tokio::test]
async fn competencia_has_face_values_by_competence_and_settlement_parts_by_settlement() {
    let (_dir, store) = fixture().await;
    let dre = dre(&store, Basis::Competencia).await;
    use DreGroup::*;
    // Jan: E1 1.000,00. Feb: E3 400,00 + E6 100,00 + E11 600,00 (open) + E12 300,00.
    // E2 is December's.
    assert_eq!(
        line(&dre, DreLine::Group(ReceitaBruta)),
        (vec![100_000, 140_000], 240_000)
    );
    assert_eq!(
        line(&dre, DreLine::Group(Deducoes)),
        (vec![-5_000, 0], -5_000)
    );
    assert_eq!(line(&dre, DreLine::Group(Cmv)), (vec![-30_000, 0], -30_000));
    assert_eq!(
        line(&dre, DreLine::Group(DespesasAdministrativas)),
        (vec![-20_000, 0], -20_000)
    );
    assert_eq!(
        line(&dre, DreLine::Ebitda),
        (vec![45_000, 140_000], 185_000)
    );
    assert_parts(&dre);
    assert_eq!(
        line(&dre, DreLine::LucroLiquido),
        (vec![43_100, 138_300], 181_400)
    );
    assert_eq!(line(&dre, DreLine::NaoClassificado), (vec![0, -700], -700));
    // The transfer's legs cancel; the ajuste de caixa is out too.
    assert_eq!(dre.money_moves_total, 1_234);
}

#[tokio::test]
async fn caixa_has_face_values_by_settlement_and_the_same_parts() {
    let (_dir, store) = fixture().await;
    let dre = dre(&store, Basis::Caixa).await;
    use DreGroup::*;
    // Jan: E1 1.000,00 + E2 500,00 at face value. Feb: E3 400,00 + E6 100,00.
    assert_eq!(
        line(&dre, DreLine::Group(ReceitaBruta)),
        (vec![150_000, 50_000], 200_000)
    );
    // E10 is January's Simples paid in February; E4 January's purchase paid in February.
    assert_eq!(
        line(&dre, DreLine::Group(Deducoes)),
        (vec![0, -5_000], -5_000)
    );
    assert_eq!(line(&dre, DreLine::Group(Cmv)), (vec![0, -30_000], -30_000));
    assert_eq!(
        line(&dre, DreLine::DespesasOperacionais),
        (vec![-20_000, 0], -20_000)
    );
    assert_parts(&dre);
    // Jan: 1.500,00 − 200,00 − 19,00; Feb: 500,00 − 50,00 − 300,00 − 17,00.
    assert_eq!(
        line(&dre, DreLine::LucroLiquido),
        (vec![128_100, 13_300], 141_400)
    );
}

#[tokio::test]
async fn the_conferencia_holds_and_names_the_odd_entries() {
    let (_dir, store) = fixture().await;
    let conferencia = Reports::new(store.clone())
        .conferencia(&ConferenciaQuery {
            from: "2026-01".parse().unwrap(),
            to: "2026-02".parse().unwrap(),
            scope: ReportScope::default(),
        })
        .await
        .expect("conferência");
    for check in &conferencia.checks {
        assert!(check.holds, "{}: {}", check.title, check.detail);
    }
    assert!(conferencia.holds);
    // Competência: the face values of every entry but E2 (December's), 1.855,34, plus
    // what the period's settlements added or took, −36,00: 1.819,34.
    // Caixa: what moved in the period, 1.419,34. Each is the result plus Não classificado
    // plus the ajuste de caixa left out.
    let compared: Vec<_> = conferencia
        .checks
        .iter()
        .filter_map(|check| Some((check.expected?, check.found?)))
        .collect();
    assert_eq!(compared, [(181_934, 181_934), (141_934, 141_934)]);

    let findings: Vec<_> = conferencia
        .findings
        .iter()
        .map(|f| {
            let ids: Vec<&str> = f.entries.iter().map(|e| e.external_id.as_str()).collect();
            (f.kind, f.count, f.centavos, ids)
        })
        .collect();
    assert_eq!(
        findings,
        [
            (FindingKind::Unclassified, 1, -700, vec!["E13"]),
            (FindingKind::BrokenSettlement, 1, -50, vec!["E6"]),
            (FindingKind::NoPlano, 1, -700, vec!["E13"]),
            (FindingKind::NoConta, 1, -700, vec!["E13"]),
        ]
    );
}

#[tokio::test]
async fn a_part_moved_by_the_operator_changes_its_line_not_the_result() {
    let (_dir, store) = fixture().await;
    let before = dre(&store, Basis::Competencia).await;
    let integration = store.integrations().await.expect("list")[0].id;
    // Card fees to Despesas comerciais, as some accountants prefer.
    store
        .set_dre_choice(
            integration,
            SettlementPart::TaxasOperadora.key(),
            Some(ponte_core::reports::dre::AccountClass::Line(
                DreGroup::DespesasComerciais,
            )),
        )
        .await
        .expect("choice");
    let after = dre(&store, Basis::Competencia).await;
    assert_eq!(
        line(&after, DreLine::Group(DreGroup::DespesasComerciais)),
        (vec![-3_000, -250], -3_250)
    );
    assert_eq!(
        line(&after, DreLine::ResultadoFinanceiro),
        (vec![1_100, -1_450], -350)
    );
    assert_eq!(
        line(&after, DreLine::LucroLiquido),
        line(&before, DreLine::LucroLiquido)
    );
    // The editor lists the parts after the planos, with the operator's choice.
    let mapping = Reports::new(store.clone())
        .dre_mapping(integration)
        .await
        .expect("mapping");
    let parts: Vec<_> = mapping
        .rows
        .iter()
        .filter(|r| r.external_id.starts_with(':'))
        .map(|r| r.external_id.as_str())
        .collect();
    assert_eq!(parts.len(), SettlementPart::ALL.len());
}
