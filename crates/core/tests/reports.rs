//! The fluxo de caixa, the aging and the vendas report over one fixture whose expected
//! values were worked out by hand (in the comments below, not by the code): opening
//! balances per conta, realised against projected, entries on week and month boundaries,
//! open items due before the range, aging at the exact bucket boundaries, deactivated
//! records left out, margins and tickets per produto, vendedor, canal and month, and loja
//! filters.

use crate::support;

use ponte_core::reports::aging::{AgingAmounts, AgingSide};
use ponte_core::reports::cash_flow::CashFlow;
use ponte_core::reports::sales::{SalesFigures, SalesGrouping};
use ponte_core::reports::{Granularity, MonthRange, ReportScope, Reports};
use ponte_core::store::Store;

/// A lançamento: (id, tipo, valor, valor_total, vencimento, liquidação (settled when
/// set), conta bancária, loja, party columns, deactivated).
struct Entry {
    id: &'static str,
    tipo: &'static str,
    valor: i64,
    total: i64,
    vencimento: Option<&'static str>,
    liquidacao: Option<&'static str>,
    conta: Option<(&'static str, &'static str)>,
    loja: &'static str,
    /// (column prefix: cliente, fornecedor, transportadora; id; nome)
    party: Option<(&'static str, &'static str, &'static str)>,
    entidade: Option<&'static str>,
    settled: bool,
    gone: bool,
}

const BB: Option<(&str, &str)> = Some(("c1", "Banco do Brasil"));
const CAIXA: Option<(&str, &str)> = Some(("c2", "Caixa da loja"));
const ANA: Option<(&str, &str, &str)> = Some(("cliente", "k1", "Ana Souza"));
const BRUNO: Option<(&str, &str, &str)> = Some(("cliente", "k2", "Bruno Lima"));
const CARLA: Option<(&str, &str, &str)> = Some(("cliente", "k3", "Carla Dias"));
const NORTE: Option<(&str, &str, &str)> = Some(("fornecedor", "f1", "Distribuidora Norte"));

fn entry(id: &'static str, tipo: &'static str, valor: i64) -> Entry {
    Entry {
        id,
        tipo,
        valor,
        total: valor,
        vencimento: None,
        liquidacao: None,
        conta: None,
        loja: "L1",
        party: None,
        entidade: None,
        settled: false,
        gone: false,
    }
}

/// Settled on `day` in `conta`, having moved `total`.
fn paid(
    mut e: Entry,
    total: i64,
    day: &'static str,
    conta: Option<(&'static str, &'static str)>,
) -> Entry {
    e.total = total;
    e.vencimento = Some(day);
    e.liquidacao = Some(day);
    e.conta = conta;
    e.settled = true;
    e
}

fn due(
    mut e: Entry,
    day: Option<&'static str>,
    party: Option<(&'static str, &'static str, &'static str)>,
) -> Entry {
    e.vencimento = day;
    e.party = party;
    e
}

fn gone(mut e: Entry) -> Entry {
    e.gone = true;
    e
}

fn entries() -> Vec<Entry> {
    let r = "recebimento";
    let p = "pagamento";
    vec![
        // Settled before the range: the opening balances. Banco do Brasil 980,00 (1.000,00
        // less a fee) − 300,00 = 680,00; Caixa 200,00.
        paid(entry("A", r, 100_000), 98_000, "2025-12-20", BB),
        paid(entry("B", p, 30_000), 30_000, "2025-12-28", BB),
        paid(entry("C", r, 20_000), 20_000, "2025-11-05", CAIXA),
        // Settled in the range. D on Sunday 4 Jan (the first, clipped week) with 10,00 of
        // juros; E on Monday 5 Jan (the next week), in loja L2; F on Saturday 31 Jan with
        // a 10,00 discount; G on Sunday 1 Feb (February, but the week of 26 Jan), without
        // a conta; H on Monday 23 Feb (the last, clipped week).
        paid(entry("D", r, 50_000), 51_000, "2026-01-04", BB),
        Entry {
            loja: "L2",
            ..paid(entry("E", r, 40_000), 40_000, "2026-01-05", CAIXA)
        },
        paid(entry("F", p, 25_000), 24_000, "2026-01-31", BB),
        paid(entry("G", p, 10_000), 10_000, "2026-02-01", None),
        paid(entry("H", r, 70_000), 70_000, "2026-02-23", BB),
        // After the range; and vanished from the provider: neither counts anywhere.
        paid(entry("I", r, 99_999), 99_999, "2026-03-01", BB),
        gone(paid(entry("J", r, 12_345), 12_345, "2026-01-10", BB)),
        // Settled, but the provider gave no data de liquidação.
        Entry {
            liquidacao: None,
            ..paid(entry("R", r, 3_000), 3_000, "2026-01-15", BB)
        },
        // Open, due before the range: 150,00 to receive, 80,00 to pay.
        due(entry("K", r, 15_000), Some("2025-12-15"), ANA),
        due(entry("L", p, 8_000), Some("2025-10-01"), NORTE),
        // Open, due in the range: 300,00 on 20 Jan (week of 19 Jan), 120,00 to pay on 10 Feb
        // (week of 9 Feb).
        due(entry("M", r, 30_000), Some("2026-01-20"), ANA),
        due(entry("N", p, 12_000), Some("2026-02-10"), NORTE),
        // Open without a due date.
        due(entry("O", r, 5_000), None, BRUNO),
        // Open, due after the range: only the aging sees them.
        due(entry("P", r, 7_777), Some("2026-04-10"), BRUNO),
        due(entry("S1", r, 1_000), Some("2026-07-01"), CARLA),
        due(entry("S2", r, 2_000), Some("2026-06-01"), CARLA),
        due(entry("S3", r, 4_000), Some("2026-05-31"), CARLA),
        due(entry("S4", r, 8_000), Some("2026-04-02"), BRUNO),
        due(entry("S5", r, 16_000), Some("2026-04-01"), BRUNO),
        gone(due(entry("S6", r, 50_000), Some("2026-05-15"), CARLA)),
        Entry {
            entidade: Some("O"),
            ..due(entry("T", r, 600), Some("2026-08-01"), None)
        },
        due(
            entry("U", p, 3_000),
            Some("2026-07-15"),
            Some(("transportadora", "t1", "TransLog")),
        ),
        gone(due(entry("Q", p, 4_000), Some("2026-02-28"), NORTE)),
    ]
}

/// A venda: (id, data, situação, loja, vendedor, canal, valor_total, valor_custo,
/// deactivated, items).
struct Venda {
    id: &'static str,
    data: &'static str,
    situacao: &'static str,
    loja: &'static str,
    vendedor: Option<(&'static str, &'static str)>,
    canal: Option<&'static str>,
    total: i64,
    custo: i64,
    gone: bool,
    itens: Vec<Item>,
}

/// (tipo, produto or serviço id, nome, quantidade in milésimos, unit cost, valor_total)
type Item = (&'static str, &'static str, &'static str, i64, i64, i64);

const MARCOS: Option<(&str, &str)> = Some(("v1", "Marcos"));
const PAULA: Option<(&str, &str)> = Some(("v2", "Paula"));
const CANECA: (&str, &str, &str) = ("produto", "p1", "Caneca");
const CAMISETA: (&str, &str, &str) = ("produto", "p2", "Camiseta");

fn item(
    what: (&'static str, &'static str, &'static str),
    quantity: i64,
    cost: i64,
    total: i64,
) -> Item {
    (what.0, what.1, what.2, quantity, cost, total)
}

fn vendas() -> Vec<Venda> {
    vec![
        // 100,00: 90,00 of items and 10,00 of frete. Cost 3 × 10,00 + 1 × 10,01.
        Venda {
            id: "V1",
            data: "2026-01-05",
            situacao: "Confirmado",
            loja: "L1",
            vendedor: MARCOS,
            canal: Some("Loja física"),
            total: 10_000,
            custo: 4_001,
            gone: false,
            itens: vec![
                item(CANECA, 3_000, 1_000, 6_000),
                item(CAMISETA, 1_000, 1_001, 3_000),
            ],
        },
        // Cost 1,5 × 10,01 = 15,015, which the provider rounds to 15,02.
        Venda {
            id: "V2",
            data: "2026-01-20",
            situacao: "Em aberto",
            loja: "L2",
            vendedor: PAULA,
            canal: Some("WhatsApp"),
            total: 5_000,
            custo: 1_502,
            gone: false,
            itens: vec![
                item(CAMISETA, 1_500, 1_001, 4_500),
                item(("servico", "s1", "Instalação"), 1_000, 0, 500),
            ],
        },
        Venda {
            id: "V3",
            data: "2026-02-02",
            situacao: "Confirmado",
            loja: "L1",
            vendedor: MARCOS,
            canal: None,
            total: 20_000,
            custo: 8_000,
            gone: false,
            itens: vec![item(CANECA, 10_000, 800, 20_000)],
        },
        // Cancelled: not a sale.
        Venda {
            id: "V4",
            data: "2026-02-10",
            situacao: "Cancelado",
            loja: "L1",
            vendedor: PAULA,
            canal: Some("WhatsApp"),
            total: 7_000,
            custo: 3_000,
            gone: false,
            itens: vec![item(CANECA, 1_000, 1_000, 7_000)],
        },
        // Sold at a loss: 2 × 17,50 of cost for 30,00.
        Venda {
            id: "V5",
            data: "2026-02-15",
            situacao: "Confirmado",
            loja: "L2",
            vendedor: None,
            canal: Some("WhatsApp"),
            total: 3_000,
            custo: 3_500,
            gone: false,
            itens: vec![item(("produto", "p3", "Boné"), 2_000, 1_750, 3_000)],
        },
        // Vanished from the provider; and after the range.
        Venda {
            id: "V6",
            data: "2026-01-10",
            situacao: "Confirmado",
            loja: "L1",
            vendedor: MARCOS,
            canal: None,
            total: 99_999,
            custo: 0,
            gone: true,
            itens: vec![item(CANECA, 1_000, 0, 99_999)],
        },
        Venda {
            id: "V7",
            data: "2026-03-01",
            situacao: "Confirmado",
            loja: "L1",
            vendedor: MARCOS,
            canal: None,
            total: 11_111,
            custo: 0,
            gone: false,
            itens: vec![item(CANECA, 1_000, 0, 11_111)],
        },
    ]
}

const GONE_AT: &str = "2026-03-02T00:00:00Z";

async fn fixture() -> (tempfile::TempDir, Store) {
    let (dir, store, integration) = support::store_with_gestaoclick("Loja").await;
    for e in entries() {
        let (party_id, party_name) = e
            .party
            .map_or((None, None), |(_, id, nome)| (Some(id), Some(nome)));
        let party_column = e.party.map_or("cliente", |(column, _, _)| column);
        let sql = format!(
            "INSERT INTO lancamentos (integration_id, external_id, tipo, valor_centavos, juros_centavos,
                desconto_centavos, taxa_banco_centavos, taxa_operadora_centavos, valor_total_centavos,
                data_vencimento, data_liquidacao, liquidado, conta_bancaria_id, nome_conta_bancaria,
                loja_id, {party_column}_id, nome_{party_column}, entidade, deactivated_at)
             VALUES (?, ?, ?, ?, 0, 0, 0, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        );
        sqlx::query(&sql)
            .bind(integration.id)
            .bind(e.id)
            .bind(e.tipo)
            .bind(e.valor)
            .bind(e.total)
            .bind(e.vencimento)
            .bind(e.liquidacao)
            .bind(e.settled)
            .bind(e.conta.map(|c| c.0))
            .bind(e.conta.map(|c| c.1))
            .bind(e.loja)
            .bind(party_id)
            .bind(party_name)
            .bind(e.entidade)
            .bind(e.gone.then_some(GONE_AT))
            .execute(store.pool())
            .await
            .expect("lançamento");
    }
    for v in vendas() {
        let venda_id: i64 = sqlx::query_scalar(
            "INSERT INTO vendas (integration_id, external_id, data, nome_situacao, loja_id,
                vendedor_id, nome_vendedor, nome_canal_venda, valor_total_centavos,
                valor_frete_centavos, valor_custo_centavos, situacao_financeiro, situacao_estoque,
                deactivated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, 1, 1, ?) RETURNING id",
        )
        .bind(integration.id)
        .bind(v.id)
        .bind(v.data)
        .bind(v.situacao)
        .bind(v.loja)
        .bind(v.vendedor.map(|s| s.0))
        .bind(v.vendedor.map(|s| s.1))
        .bind(v.canal)
        .bind(v.total)
        .bind(v.custo)
        .bind(v.gone.then_some(GONE_AT))
        .fetch_one(store.pool())
        .await
        .expect("venda");
        for (posicao, (tipo, id, nome, quantidade, custo, total)) in v.itens.into_iter().enumerate()
        {
            let id_column = if tipo == "servico" {
                "servico_id"
            } else {
                "produto_id"
            };
            sqlx::query(&format!(
                "INSERT INTO venda_itens (venda_id, posicao, tipo, {id_column}, nome,
                    quantidade_milesimos, valor_custo_centavos, valor_venda_centavos,
                    valor_total_centavos)
                 VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?)"
            ))
            .bind(venda_id)
            .bind(posicao as i64)
            .bind(tipo)
            .bind(id)
            .bind(nome)
            .bind(quantidade)
            .bind(custo)
            .bind(total)
            .execute(store.pool())
            .await
            .expect("item");
        }
    }
    (dir, store)
}

fn jan_feb() -> MonthRange {
    MonthRange::new("2026-01".parse().unwrap(), "2026-02".parse().unwrap()).unwrap()
}

fn loja(id: &str) -> ReportScope {
    ReportScope {
        loja: Some(id.into()),
        ..ReportScope::default()
    }
}

/// (label, opening, closing per period) of each conta.
fn contas(flow: &CashFlow) -> Vec<(&str, i64, Vec<i64>)> {
    flow.accounts
        .iter()
        .map(|a| (a.label.as_str(), a.opening, a.closing.clone()))
        .collect()
}

#[tokio::test]
async fn monthly_cash_flow_separates_realised_projected_and_what_fell_due_before() {
    let (_dir, store) = fixture().await;
    let flow = Reports::new(store.clone())
        .cash_flow(jan_feb(), Granularity::Monthly, &ReportScope::default())
        .await
        .expect("cash flow");
    // Realised. Jan: in D 510,00 + E 400,00, out F 240,00 (what moved, after its
    // discount). Feb: in H 700,00, out G 100,00 (1 Feb).
    assert_eq!(flow.realised.inflow.values, [91_000, 70_000]);
    assert_eq!(flow.realised.outflow.values, [24_000, 10_000]);
    assert_eq!(flow.realised.net.values, [67_000, 60_000]);
    assert_eq!(flow.realised.net.total, 127_000);
    // Projected, at face value: M 300,00 in January, N 120,00 to pay in February. The
    // open items due before January (K 150,00, L 80,00) are apart.
    assert_eq!(flow.projected.inflow.values, [30_000, 0]);
    assert_eq!(flow.projected.outflow.values, [0, 12_000]);
    assert_eq!(flow.projected.net.values, [30_000, -12_000]);
    assert_eq!(
        (
            flow.due_before_range.receivable,
            flow.due_before_range.payable
        ),
        (15_000, 8_000)
    );
    // Openings: Banco do Brasil 980,00 − 300,00, Caixa 200,00; G had no conta.
    assert_eq!(
        contas(&flow),
        [
            (
                "Banco do Brasil",
                68_000,
                vec![68_000 + 27_000, 95_000 + 70_000]
            ),
            ("Caixa da loja", 20_000, vec![60_000, 60_000]),
            ("Sem conta", 0, vec![0, -10_000]),
        ]
    );
    assert_eq!(flow.opening_balance, 88_000);
    // 880,00 + 670,00; + 600,00.
    assert_eq!(flow.closing_balances, [155_000, 215_000]);
    // Plus the projected net so far: + 300,00; + 300,00 − 120,00.
    assert_eq!(flow.projected_balances, [185_000, 233_000]);
    // R settled without a date; O is open without a due date.
    assert_eq!(
        (flow.undated.settled_entries, flow.undated.settled_net),
        (1, 3_000)
    );
    assert_eq!(
        (flow.undated.open_entries, flow.undated.open_receivable),
        (1, 5_000)
    );

    let table = flow.to_table("Loja", &[]);
    assert_eq!(
        table.columns,
        ["Linha", "Antes do período", "01/2026", "02/2026", "Total"]
    );
    let labels: Vec<String> = table.rows.iter().map(|r| r.cells[0].display()).collect();
    assert_eq!(
        labels,
        [
            "Entradas realizadas",
            "Saídas realizadas",
            "Saldo do período",
            // No transfers here: the memo line without its in/out detail.
            "Transferências entre contas (entre as próprias contas)",
            "A receber (previsto)",
            "A pagar (previsto)",
            "Saldo previsto",
            "Saldo final realizado",
            // No saldo inicial entered: the rows say their balance is computed.
            "Banco do Brasil (sem saldo inicial informado)",
            "Caixa da loja (sem saldo inicial informado)",
            "Sem conta",
            "Saldo final projetado",
        ]
    );
    use ponte_core::reports::Cell::Money;
    assert_eq!(
        table.rows[4].cells[1..],
        [Money(15_000), Money(30_000), Money(0), Money(30_000)]
    );
    assert_eq!(
        table.rows[7].cells[1..],
        [
            Money(88_000),
            Money(155_000),
            Money(215_000),
            Money(215_000)
        ]
    );
}

#[tokio::test]
async fn weekly_cash_flow_cuts_at_mondays_and_clips_the_first_and_last_weeks() {
    let (_dir, store) = fixture().await;
    let flow = Reports::new(store.clone())
        .cash_flow(jan_feb(), Granularity::Weekly, &ReportScope::default())
        .await
        .expect("cash flow");
    // 1–4 Jan, 5–11, 12–18, 19–25, 26 Jan–1 Feb, 2–8, 9–15, 16–22, 23–28 Feb.
    assert_eq!(flow.periods.len(), 9);
    assert_eq!(flow.periods[0].label, "01/01–04/01/2026");
    assert_eq!(flow.periods[8].label, "23/02–28/02/2026");
    // D (Sunday 4 Jan) closes the first week, E (Monday 5 Jan) opens the second, H
    // (Monday 23 Feb) the last.
    assert_eq!(
        flow.realised.inflow.values,
        [51_000, 40_000, 0, 0, 0, 0, 0, 0, 70_000]
    );
    // F (Saturday 31 Jan) and G (Sunday 1 Feb) share the week of 26 Jan.
    assert_eq!(
        flow.realised.outflow.values,
        [0, 0, 0, 0, 34_000, 0, 0, 0, 0]
    );
    assert_eq!(
        flow.projected.net.values,
        [0, 0, 0, 30_000, 0, 0, -12_000, 0, 0]
    );
    // 880,00 + 510,00, + 400,00, …, − 340,00, …, + 700,00.
    assert_eq!(
        flow.closing_balances,
        [
            139_000, 179_000, 179_000, 179_000, 145_000, 145_000, 145_000, 145_000, 215_000
        ]
    );
    assert_eq!(flow.projected_balances[8], 215_000 + 30_000 - 12_000);
}

#[tokio::test]
async fn a_loja_filter_narrows_the_cash_flow_and_its_balances() {
    let (_dir, store) = fixture().await;
    let flow = Reports::new(store.clone())
        .cash_flow(jan_feb(), Granularity::Monthly, &loja("L2"))
        .await
        .expect("cash flow");
    // Only E is L2's.
    assert_eq!(flow.realised.inflow.values, [40_000, 0]);
    assert_eq!(flow.projected.net.total, 0);
    assert_eq!(contas(&flow), [("Caixa da loja", 0, vec![40_000, 40_000])]);
    assert_eq!(flow.due_before_range.receivable, 0);
}

fn buckets(amounts: &AgingAmounts) -> [i64; 7] {
    [
        amounts.current,
        amounts.days_1_30,
        amounts.days_31_60,
        amounts.days_61_90,
        amounts.over_90,
        amounts.no_due_date,
        amounts.total,
    ]
}

#[tokio::test]
async fn aging_buckets_by_days_past_due_at_the_exact_boundaries() {
    let (_dir, store) = fixture().await;
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 7, 1).unwrap();
    let aging = Reports::new(store.clone())
        .aging(AgingSide::Receber, as_of, &ReportScope::default())
        .await
        .expect("aging");
    let rows: Vec<(&str, [i64; 7])> = aging
        .rows
        .iter()
        .map(|r| (r.label.as_str(), buckets(&r.amounts)))
        .collect();
    // Columns: a vencer, 1–30, 31–60, 61–90, > 90, sem vencimento, total.
    assert_eq!(
        rows,
        [
            // K (15 Dec) and M (20 Jan) are long overdue.
            ("Ana Souza", [0, 0, 0, 0, 45_000, 0, 45_000]),
            // P (10 Apr: 82 days) and S4 (2 Apr: 90 days) in 61–90, S5 (1 Apr: 91 days)
            // over 90, O without a due date.
            ("Bruno Lima", [0, 0, 0, 15_777, 16_000, 5_000, 36_777]),
            // S1 due on the day is a vencer, S2 (1 Jun: 30 days) in 1–30, S3 (31 May: 31
            // days) in 31–60; S6 vanished.
            ("Carla Dias", [1_000, 2_000, 4_000, 0, 0, 0, 7_000]),
            // T names no party; its entidade says "outros".
            ("Outros", [600, 0, 0, 0, 0, 0, 600]),
        ]
    );
    assert_eq!(
        buckets(&aging.total),
        [1_600, 2_000, 4_000, 15_777, 61_000, 5_000, 89_377]
    );
    assert_eq!(aging.entries, 10);
    assert_eq!(aging.rows[1].party_id.as_deref(), Some("k2"));

    let pagar = Reports::new(store.clone())
        .aging(AgingSide::Pagar, as_of, &ReportScope::default())
        .await
        .expect("aging");
    let rows: Vec<(&str, i64)> = pagar
        .rows
        .iter()
        .map(|r| (r.label.as_str(), r.amounts.total))
        .collect();
    // L and N (Q vanished); U names only a transportadora.
    assert_eq!(rows, [("Distribuidora Norte", 20_000), ("TransLog", 3_000)]);

    let table = aging.to_table("Loja", &[]);
    assert_eq!(table.columns[6], "Sem vencimento");
    let last = table.rows.last().expect("total row");
    assert_eq!(last.cells[0].display(), "Total");
    assert_eq!(last.cells[7], ponte_core::reports::Cell::Money(89_377));
}

/// (vendas, revenue, cost, margin, ticket)
fn figures(f: &SalesFigures) -> (i64, i64, i64, i64, Option<i64>) {
    (
        f.vendas,
        f.revenue,
        f.cost,
        f.gross_margin,
        f.average_ticket,
    )
}

#[tokio::test]
async fn sales_by_period_vendedor_and_canal_count_vendas_not_cancelled_ones() {
    let (_dir, store) = fixture().await;
    let everything = ReportScope::default();
    let reports = Reports::new(store.clone());
    let sales = |grouping| reports.sales(jan_feb(), grouping, &everything);

    // V1, V2 in January; V3, V5 in February. V4 is cancelled, V6 vanished, V7 is March.
    let by_month = sales(SalesGrouping::Period(Granularity::Monthly))
        .await
        .expect("sales");
    let rows: Vec<_> = by_month
        .rows
        .iter()
        .map(|r| (r.label.as_str(), figures(&r.figures)))
        .collect();
    assert_eq!(
        rows,
        [
            ("01/2026", (2, 15_000, 5_503, 9_497, Some(7_500))),
            ("02/2026", (2, 23_000, 11_500, 11_500, Some(11_500))),
        ]
    );
    // 380,00 of revenue, 170,03 of cost, 4 vendas.
    assert_eq!(
        figures(&by_month.total),
        (4, 38_000, 17_003, 20_997, Some(9_500))
    );
    let margin = by_month.total.margin.expect("a margin");
    assert!((margin - 20_997.0 / 38_000.0).abs() < 1e-12);
    assert_eq!(by_month.excluded.len(), 1);
    assert_eq!(
        (
            by_month.excluded[0].nome_situacao.as_str(),
            by_month.excluded[0].vendas,
            by_month.excluded[0].revenue
        ),
        ("Cancelado", 1, 7_000)
    );

    let by_vendedor = sales(SalesGrouping::Vendedor).await.expect("sales");
    let rows: Vec<_> = by_vendedor
        .rows
        .iter()
        .map(|r| (r.label.as_str(), figures(&r.figures)))
        .collect();
    assert_eq!(
        rows,
        [
            ("Marcos", (2, 30_000, 12_001, 17_999, Some(15_000))),
            ("Paula", (1, 5_000, 1_502, 3_498, Some(5_000))),
            ("Sem vendedor", (1, 3_000, 3_500, -500, Some(3_000))),
        ]
    );
    let sem_vendedor = &by_vendedor.rows[2].figures;
    assert!((sem_vendedor.margin.expect("a margin") - (-500.0 / 3_000.0)).abs() < 1e-12);

    let by_canal = sales(SalesGrouping::Canal).await.expect("sales");
    let rows: Vec<_> = by_canal
        .rows
        .iter()
        .map(|r| (r.label.as_str(), figures(&r.figures)))
        .collect();
    assert_eq!(
        rows,
        [
            ("Sem canal", (1, 20_000, 8_000, 12_000, Some(20_000))),
            ("Loja física", (1, 10_000, 4_001, 5_999, Some(10_000))),
            ("WhatsApp", (2, 8_000, 5_002, 2_998, Some(4_000))),
        ]
    );
}

#[tokio::test]
async fn sales_by_produto_use_the_items_and_a_loja_filter_keeps_its_own() {
    let (_dir, store) = fixture().await;
    let by_produto = Reports::new(store.clone())
        .sales(jan_feb(), SalesGrouping::Produto, &ReportScope::default())
        .await
        .expect("sales");
    let rows: Vec<_> = by_produto
        .rows
        .iter()
        .map(|r| {
            (
                r.label.as_str(),
                r.figures.quantity_milesimos,
                figures(&r.figures),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            // V1: 3 for 60,00 at 10,00 each; V3: 10 for 200,00 at 8,00 each.
            (
                "Caneca",
                Some(13_000),
                (2, 26_000, 11_000, 15_000, Some(13_000))
            ),
            // 1 + 1,5 at 10,01 each: 25,025, rounded once, for the product, to 25,03.
            (
                "Camiseta",
                Some(2_500),
                (2, 7_500, 2_503, 4_997, Some(3_750))
            ),
            ("Boné", Some(2_000), (1, 3_000, 3_500, -500, Some(3_000))),
            ("Instalação", Some(1_000), (1, 500, 0, 500, Some(500))),
        ]
    );
    assert_eq!(by_produto.rows[0].key.as_deref(), Some("produto:p1"));
    // Items without the frete: 370,00 over the 4 vendas with items.
    assert_eq!(
        figures(&by_produto.total),
        (4, 37_000, 17_003, 19_997, Some(9_250))
    );
    assert_eq!(by_produto.total.quantity_milesimos, None);
    let table = by_produto.to_table("Loja", &[]);
    assert_eq!(table.columns[2], "Quantidade");
    assert_eq!(table.rows[1].cells[2].display(), "2,5");

    // L2 sold V2 and V5; the cancelled V4 was L1's.
    let l2 = Reports::new(store.clone())
        .sales(jan_feb(), SalesGrouping::Vendedor, &loja("L2"))
        .await
        .expect("sales");
    let rows: Vec<_> = l2
        .rows
        .iter()
        .map(|r| (r.label.as_str(), r.figures.revenue))
        .collect();
    assert_eq!(rows, [("Paula", 5_000), ("Sem vendedor", 3_000)]);
    assert_eq!(figures(&l2.total), (2, 8_000, 5_002, 2_998, Some(4_000)));
    assert!(l2.excluded.is_empty());
}
