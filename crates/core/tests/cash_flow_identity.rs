//! The fluxo de caixa adds up: for every period, per conta and in total, saldo anterior +
//! entradas − saídas + transferências = saldo final. Over a hand-worked fixture (values in
//! the comments, worked out by hand, not by the code): two contas, a transfer on a
//! "Transferência entre contas" plano (both legs), one seen only by its legs (no plano),
//! one leg whose other conta is not mirrored, an "Ajuste de caixa", receipts with juros
//! and fees, a saldo inicial for one conta, and settlements on the first and last days of
//! months across a year boundary (Dec 2025 → Feb 2026).

use crate::support;

use ponte_core::reports::cash_flow::opening::OpeningBalanceInput;
use ponte_core::reports::cash_flow::{AccountBalance, CashFlow};
use ponte_core::reports::{Granularity, MonthRange, ReportScope, Reports};
use ponte_core::store::Store;

/// (id, tipo, plano, valor, juros, desconto, taxa do banco, taxa da operadora, liquidação,
/// conta); valor_total = valor + juros − desconto − taxas.
type Entry = (
    &'static str,
    &'static str,
    Option<&'static str>,
    i64,
    i64,
    i64,
    i64,
    i64,
    &'static str,
    &'static str,
);

const REC: &str = "recebimento";
const PAG: &str = "pagamento";
const TRANSFER: Option<&str> = Some("pT");

const ENTRIES: [Entry; 15] = [
    // Before the range. c1's saldo inicial (R$ 10.000,00 at the start of 15/11/2025)
    // already holds h1; h2 comes after it.
    (
        "h1",
        REC,
        Some("p1"),
        500_000,
        0,
        0,
        0,
        0,
        "2025-11-01",
        "c1",
    ),
    (
        "h2",
        PAG,
        Some("p2"),
        20_000,
        0,
        0,
        0,
        0,
        "2025-11-20",
        "c1",
    ),
    (
        "h3",
        REC,
        Some("p1"),
        30_000,
        0,
        0,
        0,
        0,
        "2025-11-30",
        "c2",
    ),
    // December. d1: 1.000,00 + juros 10,00 − taxa da operadora 5,00 = 1.005,00.
    (
        "d1",
        REC,
        Some("p1"),
        100_000,
        1_000,
        0,
        0,
        500,
        "2025-12-01",
        "c1",
    ),
    // 500,00 from c1 to c2 on the transfer plano, on the last day of the year.
    (
        "d2out",
        PAG,
        TRANSFER,
        50_000,
        0,
        0,
        0,
        0,
        "2025-12-31",
        "c1",
    ),
    (
        "d2in",
        REC,
        TRANSFER,
        50_000,
        0,
        0,
        0,
        0,
        "2025-12-31",
        "c2",
    ),
    // 400,00 − desconto 20,00 = 380,00.
    (
        "d3",
        PAG,
        Some("p2"),
        40_000,
        0,
        2_000,
        0,
        0,
        "2025-12-31",
        "c2",
    ),
    // January. 250,00 from c2 to c1 without a plano: paired by its legs.
    ("j1out", PAG, None, 25_000, 0, 0, 0, 0, "2026-01-01", "c2"),
    ("j1in", REC, None, 25_000, 0, 0, 0, 0, "2026-01-01", "c1"),
    // Ajuste de caixa: a shortage of 15,00, a saída like any other.
    ("j2", PAG, Some("pA"), 1_500, 0, 0, 0, 0, "2026-01-31", "c2"),
    // 250,00 in and out of the same conta on one day, without a plano: not a transfer.
    ("j3", REC, None, 25_000, 0, 0, 0, 0, "2026-01-31", "c2"),
    ("j4", PAG, None, 25_000, 0, 0, 0, 0, "2026-01-31", "c2"),
    // February. 2.000,00 − taxa do banco 3,50 = 1.996,50.
    (
        "f1",
        REC,
        Some("p1"),
        200_000,
        0,
        0,
        350,
        0,
        "2026-02-01",
        "c2",
    ),
    // 1.000,00 out of c1 to a conta not mirrored: a transfer leg alone.
    ("f2", PAG, TRANSFER, 100_000, 0, 0, 0, 0, "2026-02-28", "c1"),
    // After the range.
    ("m1", REC, Some("p1"), 5_000, 0, 0, 0, 0, "2026-03-01", "c2"),
];

/// (external id, classificação, tipo, nome)
const PLANOS: [(&str, &str, &str, &str); 4] = [
    ("p1", "1.1", "C", "Vendas de produtos"),
    ("p2", "2.1", "D", "Compra de mercadorias"),
    ("pT", "9.1", "D", "Transferência entre contas"),
    ("pA", "9.2", "D", "Ajuste de caixa"),
];

async fn fixture() -> (tempfile::TempDir, Store, i64) {
    let (dir, store, integration) = support::store_with_gestaoclick("Loja").await;
    let id = integration.id;
    for (external_id, code, tipo, nome) in PLANOS {
        sqlx::query(
            "INSERT INTO planos_contas (integration_id, external_id, classificacao, tipo, nome)
             VALUES (?, ?, ?, ?, ?)",
        )
        .bind(id)
        .bind(external_id)
        .bind(code)
        .bind(tipo)
        .bind(nome)
        .execute(store.pool())
        .await
        .expect("plano");
    }
    for (external_id, nome) in [("c1", "Banco Inter"), ("c2", "Caixa")] {
        sqlx::query(
            "INSERT INTO contas_bancarias (integration_id, external_id, nome) VALUES (?, ?, ?)",
        )
        .bind(id)
        .bind(external_id)
        .bind(nome)
        .execute(store.pool())
        .await
        .expect("conta");
    }
    for (external_id, tipo, plano, valor, juros, desconto, banco, operadora, day, conta) in ENTRIES
    {
        let nome = if conta == "c1" {
            "Banco Inter"
        } else {
            "Caixa"
        };
        sqlx::query(
            "INSERT INTO lancamentos (integration_id, external_id, tipo, valor_centavos,
                juros_centavos, desconto_centavos, taxa_banco_centavos, taxa_operadora_centavos,
                valor_total_centavos, data_vencimento, data_competencia, data_liquidacao,
                liquidado, plano_contas_id, conta_bancaria_id, nome_conta_bancaria, loja_id)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, 'L1')",
        )
        .bind(id)
        .bind(external_id)
        .bind(tipo)
        .bind(valor)
        .bind(juros)
        .bind(desconto)
        .bind(banco)
        .bind(operadora)
        .bind(valor + juros - desconto - banco - operadora)
        .bind(day)
        .bind(day)
        .bind(day)
        .bind(plano)
        .bind(conta)
        .bind(nome)
        .execute(store.pool())
        .await
        .expect("lançamento");
    }
    set_opening(&store, id, "c1", "15/11/2025", "10.000,00").await;
    (dir, store, id)
}

async fn set_opening(store: &Store, integration_id: i64, conta: &str, data: &str, valor: &str) {
    let input = OpeningBalanceInput {
        integration_id,
        conta_bancaria_id: conta.into(),
        data: data.into(),
        valor: valor.into(),
    };
    let balance = input.parse().expect("saldo inicial");
    store
        .set_opening_balance(&balance)
        .await
        .expect("saldo inicial");
}

fn dec_to_feb() -> MonthRange {
    MonthRange::new("2025-12".parse().unwrap(), "2026-02".parse().unwrap()).unwrap()
}

async fn monthly(store: &Store, scope: &ReportScope) -> CashFlow {
    Reports::new(store.clone())
        .cash_flow(dec_to_feb(), Granularity::Monthly, scope)
        .await
        .expect("cash flow")
}

fn conta<'a>(flow: &'a CashFlow, id: &str) -> &'a AccountBalance {
    flow.accounts
        .iter()
        .find(|a| a.conta_bancaria_id.as_deref() == Some(id))
        .expect("conta")
}

/// Saldo anterior + entradas − saídas + transferências = saldo final, for every period,
/// for every conta and for the total.
fn assert_identity(flow: &CashFlow) {
    for account in &flow.accounts {
        let mut before = account.opening;
        for (period, closing) in account.closing.iter().enumerate() {
            let moved = account.flows.inflow.values[period] - account.flows.outflow.values[period]
                + account.transfers.inflow.values[period]
                - account.transfers.outflow.values[period];
            assert_eq!(
                before + moved,
                *closing,
                "{} period {period}",
                account.label
            );
            before = *closing;
        }
    }
    let mut before = flow.opening_balance;
    for (period, closing) in flow.closing_balances.iter().enumerate() {
        let moved = flow.realised.inflow.values[period] - flow.realised.outflow.values[period]
            + flow.transfers.inflow.values[period]
            - flow.transfers.outflow.values[period];
        assert_eq!(before + moved, *closing, "total period {period}");
        let per_conta: i64 = flow.accounts.iter().map(|a| a.closing[period]).sum();
        assert_eq!(
            per_conta, *closing,
            "contas add up to the total, period {period}"
        );
        before = *closing;
    }
}

#[tokio::test]
async fn transfers_leave_the_entradas_and_saidas_and_every_balance_adds_up() {
    let (_dir, store, _) = fixture().await;
    let flow = monthly(&store, &ReportScope::default()).await;

    // Entradas: Dec d1 1.005,00; Jan j3 250,00; Feb f1 1.996,50. No transfer leg.
    assert_eq!(flow.realised.inflow.values, [100_500, 25_000, 199_650]);
    // Saídas: Dec d3 380,00; Jan ajuste 15,00 + j4 250,00; Feb nothing (f2 is a transfer).
    assert_eq!(flow.realised.outflow.values, [38_000, 26_500, 0]);
    assert_eq!(flow.realised.net.values, [62_500, -1_500, 199_650]);
    // The memo line: Dec 500,00 round (by plano), Jan 250,00 round (by legs), both net
    // zero; Feb 1.000,00 out to a conta not mirrored.
    assert_eq!(flow.transfers.inflow.values, [50_000, 25_000, 0]);
    assert_eq!(flow.transfers.outflow.values, [50_000, 25_000, 100_000]);
    assert_eq!(flow.transfers.net.values, [0, 0, -100_000]);

    // Banco Inter: saldo inicial 10.000,00 at the start of 15/11, minus h2 200,00 → 9.800,00
    // (h1 on 01/11 is already in the saldo inicial). Dec + 1.005,00 − 500,00 = 10.305,00;
    // Jan + 250,00 = 10.555,00; Feb − 1.000,00 = 9.555,00.
    let inter = conta(&flow, "c1");
    assert!(inter.opening_known);
    assert_eq!(inter.opening, 980_000);
    assert_eq!(inter.flows.inflow.values, [100_500, 0, 0]);
    assert_eq!(inter.transfers.inflow.values, [0, 25_000, 0]);
    assert_eq!(inter.transfers.outflow.values, [50_000, 0, 100_000]);
    assert_eq!(inter.closing, [1_030_500, 1_055_500, 955_500]);
    // Caixa, without a saldo inicial: h3 300,00 since the first mirrored entry. Dec
    // − 380,00 + 500,00 = 420,00; Jan − 250,00 (to Inter) + 250,00 − 15,00 − 250,00 =
    // 155,00; Feb + 1.996,50 = 2.151,50. The March entry is after the range.
    let caixa = conta(&flow, "c2");
    assert!(!caixa.opening_known);
    assert_eq!(caixa.opening, 30_000);
    assert_eq!(caixa.flows.inflow.values, [0, 25_000, 199_650]);
    assert_eq!(caixa.flows.outflow.values, [38_000, 26_500, 0]);
    assert_eq!(caixa.transfers.net.values, [50_000, -25_000, 0]);
    assert_eq!(caixa.closing, [42_000, 15_500, 215_150]);
    // 9.800,00 + 300,00; then 10.100,00 + 625,00 + 0; − 15,00 + 0; + 1.996,50 − 1.000,00.
    assert_eq!(flow.opening_balance, 1_010_000);
    assert_eq!(flow.closing_balances, [1_072_500, 1_071_000, 1_170_650]);
    assert_identity(&flow);
}

#[tokio::test]
async fn the_table_shows_the_memo_line_and_flags_the_conta_without_a_saldo_inicial() {
    let (_dir, store, _) = fixture().await;
    let table = monthly(&store, &ReportScope::default())
        .await
        .to_table("Loja", &[]);
    let row = |label: &str| {
        table
            .rows
            .iter()
            .find(|r| r.cells[0].display() == label)
            .unwrap_or_else(|| panic!("row {label}"))
            .cells[1..]
            .iter()
            .map(|c| c.display())
            .collect::<Vec<_>>()
    };
    use ponte_core::reports::Cell::Money;
    let money = |values: &[i64]| -> Vec<String> {
        std::iter::once(String::new())
            .chain(values.iter().map(|v| Money(*v).display()))
            .collect()
    };
    assert_eq!(
        row("Transferências entre contas (entre as próprias contas)"),
        money(&[0, 0, -100_000, -100_000])
    );
    assert_eq!(
        row("Entradas por transferência"),
        money(&[50_000, 25_000, 0, 75_000])
    );
    assert_eq!(
        row("Saídas por transferência"),
        money(&[50_000, 25_000, 100_000, 175_000])
    );
    assert!(
        table
            .rows
            .iter()
            .any(|r| r.cells[0].display() == "Banco Inter")
    );
    assert!(
        table
            .rows
            .iter()
            .any(|r| r.cells[0].display() == "Caixa (sem saldo inicial informado)")
    );
    assert!(
        table
            .notes
            .iter()
            .any(|n| n.starts_with("Sem saldo inicial informado: Caixa (saldo calculado"))
    );
}

#[tokio::test]
async fn a_saldo_inicial_inside_or_after_the_range_anchors_the_balance_on_its_day() {
    let (_dir, store, id) = fixture().await;
    // Caixa had R$ 1.000,00 at the start of 15/01/2026. Before that day it moved h3
    // 300,00 − d3 380,00 + d2 500,00 − j1 250,00 = 170,00, so at the start of December
    // it held 1.000,00 − 170,00 + 300,00 (h3, before December) = 1.130,00. Dec − 380,00
    // + 500,00 = 1.250,00; Jan − 250,00 (→ 1.000,00 on the 15th) + 250,00 − 15,00
    // − 250,00 = 985,00; Feb + 1.996,50 = 2.981,50.
    set_opening(&store, id, "c2", "2026-01-15", "1.000,00").await;
    let flow = monthly(&store, &ReportScope::default()).await;
    let caixa = conta(&flow, "c2");
    assert!(caixa.opening_known);
    assert_eq!(caixa.opening, 113_000);
    assert_eq!(caixa.closing, [125_000, 98_500, 298_150]);
    assert_identity(&flow);

    // At the start of 02/03/2026, after the range: 3.000,00. Everything of Caixa's up
    // to then (2.151,50 as computed before, plus m1 50,00 on 01/03) is inside it, so the
    // range starts at 3.000,00 − 2.201,50 + 300,00 = 1.098,50 and ends February at
    // 2.950,00, which m1 takes to 3.000,00 on 1 March.
    set_opening(&store, id, "c2", "02/03/2026", "3.000,00").await;
    let flow = monthly(&store, &ReportScope::default()).await;
    let caixa = conta(&flow, "c2");
    assert_eq!(caixa.opening, 109_850);
    assert_eq!(caixa.closing[2], 295_000);
    assert_identity(&flow);

    // Cleared: back to the sum since the first mirrored entry.
    assert!(store.clear_opening_balance(id, "c2").await.expect("clear"));
    let flow = monthly(&store, &ReportScope::default()).await;
    assert_eq!(conta(&flow, "c2").closing, [42_000, 15_500, 215_150]);
}

#[tokio::test]
async fn a_loja_filter_leaves_the_saldos_iniciais_out_and_still_adds_up() {
    let (_dir, store, _) = fixture().await;
    let scope = ReportScope {
        loja: Some("L1".into()),
        ..ReportScope::default()
    };
    let flow = monthly(&store, &scope).await;
    assert!(flow.opening_balances_ignored);
    // Banco Inter from its first mirrored entry: h1 5.000,00 − h2 200,00.
    let inter = conta(&flow, "c1");
    assert!(!inter.opening_known);
    assert_eq!(inter.opening, 480_000);
    assert_identity(&flow);
}

#[tokio::test]
async fn the_saldos_iniciais_form_lists_every_conta_with_its_balance() {
    let (_dir, store, id) = fixture().await;
    let contas = store.contas_with_openings(Some(id)).await.expect("contas");
    let shown: Vec<(&str, Option<(String, i64)>)> = contas
        .iter()
        .map(|c| {
            (
                c.nome.as_str(),
                c.opening.as_ref().map(|o| (o.data.to_string(), o.centavos)),
            )
        })
        .collect();
    assert_eq!(
        shown,
        [
            ("Banco Inter", Some(("2025-11-15".to_string(), 1_000_000))),
            ("Caixa", None),
        ]
    );
}
