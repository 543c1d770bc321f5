//! The aging on a date is the position on that date: the titles issued by then (competência,
//! else the day registered) and not settled by then, even if settled later, aged to that
//! date at face value. One hand-built fixture, its expected buckets worked out by hand in
//! the comments (not by the code) on three dates, and the identity: the aging without a
//! date is the aging on today's date.

use crate::support;

use chrono::NaiveDate;
use ponte_core::reports::aging::{Aging, AgingAmounts, AgingSide};
use ponte_core::reports::{AgingQuery, Report, ReportRequest, ReportScope, Reports};
use ponte_core::store::Store;
use ponte_core::time::today_sao_paulo;

/// A título as the provider left it today.
struct Titulo {
    id: &'static str,
    tipo: &'static str,
    /// (column prefix, id, nome)
    party: (&'static str, &'static str, &'static str),
    valor: i64,
    competencia: Option<&'static str>,
    cadastrado_em: Option<&'static str>,
    vencimento: Option<&'static str>,
    liquidado: bool,
    liquidacao: Option<&'static str>,
    gone: bool,
}

const ANA: (&str, &str, &str) = ("cliente", "k1", "Ana Souza");
const BRUNO: (&str, &str, &str) = ("cliente", "k2", "Bruno Lima");
const CARLA: (&str, &str, &str) = ("cliente", "k3", "Carla Dias");
const NORTE: (&str, &str, &str) = ("fornecedor", "f1", "Distribuidora Norte");
const SUL: (&str, &str, &str) = ("fornecedor", "f2", "Atacado Sul");

/// Open, issued on `competencia`, due on `vencimento`.
fn open(
    id: &'static str,
    tipo: &'static str,
    party: (&'static str, &'static str, &'static str),
    valor: i64,
    competencia: Option<&'static str>,
    vencimento: Option<&'static str>,
) -> Titulo {
    Titulo {
        id,
        tipo,
        party,
        valor,
        competencia,
        cadastrado_em: None,
        vencimento,
        liquidado: false,
        liquidacao: None,
        gone: false,
    }
}

/// As `t`, settled on `day` (`None`: settled, the provider gave no date).
fn settled(t: Titulo, day: Option<&'static str>) -> Titulo {
    Titulo {
        liquidado: true,
        liquidacao: day,
        ..t
    }
}

const R: &str = "recebimento";
const P: &str = "pagamento";

/// The three dates: D1 = 31/03/2026, D2 = 30/06/2026, D3 = 15/09/2026.
fn titulos() -> Vec<Titulo> {
    vec![
        // R1: open all along, due 10 Mar.
        open(
            "R1",
            R,
            ANA,
            100_000,
            Some("2026-03-01"),
            Some("2026-03-10"),
        ),
        // R2: settled 20 Mar, before every date: never in.
        settled(
            open(
                "R2",
                R,
                BRUNO,
                20_000,
                Some("2026-02-01"),
                Some("2026-02-15"),
            ),
            Some("2026-03-20"),
        ),
        // R3: settled 10 May: in on D1 only.
        settled(
            open("R3", R, ANA, 30_000, Some("2026-03-15"), Some("2026-04-15")),
            Some("2026-05-10"),
        ),
        // R4: no competência, registered 5 Apr (with a time of day): issued after D1.
        Titulo {
            cadastrado_em: Some("2026-04-05 09:30:00"),
            ..open("R4", R, CARLA, 40_000, None, Some("2026-05-05"))
        },
        // R5: open, no due date.
        open("R5", R, BRUNO, 5_000, Some("2026-01-10"), None),
        // R6: issued 1 Jun, settled on D2 itself: settled by D2, never in.
        settled(
            open(
                "R6",
                R,
                CARLA,
                7_000,
                Some("2026-06-01"),
                Some("2026-06-30"),
            ),
            Some("2026-06-30"),
        ),
        // R7: settled without a data de liquidação: counts as settled, never in.
        settled(
            open("R7", R, ANA, 9_000, Some("2026-01-05"), Some("2026-01-20")),
            None,
        ),
        // R8: neither competência nor registration date: counts on every date.
        open("R8", R, BRUNO, 3_000, None, Some("2026-08-01")),
        // R9: issued and due on D1 itself, settled 1 Jul (the day after D2).
        settled(
            open(
                "R9",
                R,
                CARLA,
                11_000,
                Some("2026-03-31"),
                Some("2026-03-31"),
            ),
            Some("2026-07-01"),
        ),
        // R10: issued 1 Apr, due 1 Apr, settled 31 Aug: in on D2 only.
        settled(
            open("R10", R, ANA, 2_500, Some("2026-04-01"), Some("2026-04-01")),
            Some("2026-08-31"),
        ),
        // R11: registered 2 Mar but competência 1 Sep (the competência wins): in on D3 only.
        Titulo {
            cadastrado_em: Some("2026-03-02 08:00:00"),
            ..open(
                "R11",
                R,
                CARLA,
                6_000,
                Some("2026-09-01"),
                Some("2026-09-14"),
            )
        },
        // R12: open but vanished from the provider: never in.
        Titulo {
            gone: true,
            ..open(
                "R12",
                R,
                ANA,
                50_000,
                Some("2026-01-01"),
                Some("2026-01-15"),
            )
        },
        // P1: due 1 Mar, settled 20 Jul: in on D1 and D2.
        settled(
            open(
                "P1",
                P,
                NORTE,
                60_000,
                Some("2026-02-01"),
                Some("2026-03-01"),
            ),
            Some("2026-07-20"),
        ),
        // P2: issued 1 May, open, due 1 Jun: in on D2 and D3.
        open(
            "P2",
            P,
            NORTE,
            25_000,
            Some("2026-05-01"),
            Some("2026-06-01"),
        ),
        // P3: no due date, settled 1 Apr: in on D1 only.
        settled(
            open("P3", P, SUL, 8_000, Some("2026-03-01"), None),
            Some("2026-04-01"),
        ),
    ]
}

async fn fixture() -> (tempfile::TempDir, Store) {
    let (dir, store, integration) = support::store_with_gestaoclick("Loja").await;
    for t in titulos() {
        let (column, party_id, nome) = t.party;
        let sql = format!(
            "INSERT INTO lancamentos (integration_id, external_id, tipo, valor_centavos,
                juros_centavos, desconto_centavos, taxa_banco_centavos, taxa_operadora_centavos,
                valor_total_centavos, data_competencia, cadastrado_em, data_vencimento,
                liquidado, data_liquidacao, {column}_id, nome_{column}, deactivated_at)
             VALUES (?, ?, ?, ?, 0, 0, 0, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        );
        sqlx::query(&sql)
            .bind(integration.id)
            .bind(t.id)
            .bind(t.tipo)
            .bind(t.valor)
            .bind(t.valor)
            .bind(t.competencia)
            .bind(t.cadastrado_em)
            .bind(t.vencimento)
            .bind(t.liquidado)
            .bind(t.liquidacao)
            .bind(party_id)
            .bind(nome)
            .bind(t.gone.then_some("2026-10-01T00:00:00Z"))
            .execute(store.pool())
            .await
            .expect("lançamento");
    }
    (dir, store)
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a calendar date")
}

/// Columns: a vencer, 1–30, 31–60, 61–90, > 90, sem vencimento, total.
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

/// (label, entries, buckets) per row, largest first.
fn rows(aging: &Aging) -> Vec<(&str, i64, [i64; 7])> {
    aging
        .rows
        .iter()
        .map(|r| (r.label.as_str(), r.entries, buckets(&r.amounts)))
        .collect()
}

async fn aging(store: &Store, side: AgingSide, as_of: NaiveDate) -> Aging {
    Reports::new(store.clone())
        .aging(side, as_of, &ReportScope::default())
        .await
        .expect("aging")
}

#[tokio::test]
async fn on_31_march_titles_settled_later_count_and_titles_issued_later_do_not() {
    let (_dir, store) = fixture().await;
    let receber = aging(&store, AgingSide::Receber, day(2026, 3, 31)).await;
    // R1: 10 Mar → 31 Mar is 21 days, 1–30. R3: settled 10 May, after D1; due 15 Apr, a
    // vencer. R5: no due date. R8: no dates, counts; due 1 Aug, a vencer. R9: issued and due
    // on D1 itself, a vencer; settled 1 Jul, after D1. Out: R2 (settled 20 Mar), R4
    // (registered 5 Apr), R6, R10, R11 (issued later), R7 (settled, no date), R12 (gone).
    assert_eq!(
        rows(&receber),
        [
            ("Ana Souza", 2, [30_000, 100_000, 0, 0, 0, 0, 130_000]),
            ("Carla Dias", 1, [11_000, 0, 0, 0, 0, 0, 11_000]),
            ("Bruno Lima", 2, [3_000, 0, 0, 0, 0, 5_000, 8_000]),
        ]
    );
    // 30_000 + 11_000 + 3_000 = 44_000 a vencer; 130_000 + 11_000 + 8_000 = 149_000.
    assert_eq!(
        buckets(&receber.total),
        [44_000, 100_000, 0, 0, 0, 5_000, 149_000]
    );
    assert_eq!(receber.entries, 5);

    let pagar = aging(&store, AgingSide::Pagar, day(2026, 3, 31)).await;
    // P1: 1 Mar → 31 Mar is 30 days, the top of 1–30; settled 20 Jul, after D1. P3: settled
    // 1 Apr, after D1, no due date. P2: issued 1 May, out.
    assert_eq!(
        rows(&pagar),
        [
            ("Distribuidora Norte", 1, [0, 60_000, 0, 0, 0, 0, 60_000]),
            ("Atacado Sul", 1, [0, 0, 0, 0, 0, 8_000, 8_000]),
        ]
    );
    assert_eq!(buckets(&pagar.total), [0, 60_000, 0, 0, 0, 8_000, 68_000]);

    let table = receber.to_table("Loja", &[]);
    assert!(
        table.notes[0].starts_with(
            "Posição em 31/03/2026: títulos emitidos até essa data e não liquidados até ela, \
             mesmo que liquidados depois; pelo valor original"
        ),
        "{}",
        table.notes[0]
    );
}

#[tokio::test]
async fn on_30_june_a_title_settled_that_day_is_out_and_one_settled_the_next_day_is_in() {
    let (_dir, store) = fixture().await;
    let receber = aging(&store, AgingSide::Receber, day(2026, 6, 30)).await;
    // R1: 10 Mar → 30 Jun is 21 + 30 + 31 + 30 = 112 days, > 90. R10: 1 Apr → 30 Jun is
    // 29 + 31 + 30 = 90 days, the top of 61–90; settled 31 Aug. R4: registered 5 Apr, open;
    // 5 May → 30 Jun is 26 + 30 = 56 days, 31–60. R9: settled 1 Jul, the day after; 31 Mar →
    // 30 Jun is 30 + 31 + 30 = 91 days, > 90. R5 no due date; R8 due 1 Aug, a vencer. Out:
    // R3 (settled 10 May), R6 (settled on 30 Jun itself), R2, R7, R11, R12.
    assert_eq!(
        rows(&receber),
        [
            ("Ana Souza", 2, [0, 0, 0, 2_500, 100_000, 0, 102_500]),
            ("Carla Dias", 2, [0, 0, 40_000, 0, 11_000, 0, 51_000]),
            ("Bruno Lima", 2, [3_000, 0, 0, 0, 0, 5_000, 8_000]),
        ]
    );
    // > 90: 100_000 + 11_000 = 111_000; total 102_500 + 51_000 + 8_000 = 161_500.
    assert_eq!(
        buckets(&receber.total),
        [3_000, 0, 40_000, 2_500, 111_000, 5_000, 161_500]
    );
    assert_eq!(receber.entries, 6);

    let pagar = aging(&store, AgingSide::Pagar, day(2026, 6, 30)).await;
    // P1: settled 20 Jul, after D2; 1 Mar → 30 Jun is 30 + 30 + 31 + 30 = 121 days, > 90.
    // P2: 1 Jun → 30 Jun is 29 days, 1–30. P3: settled 1 Apr, out.
    assert_eq!(
        rows(&pagar),
        [(
            "Distribuidora Norte",
            2,
            [0, 25_000, 0, 0, 60_000, 0, 85_000]
        )]
    );
}

#[tokio::test]
async fn on_15_september_only_what_is_still_open_or_settled_since_counts() {
    let (_dir, store) = fixture().await;
    let receber = aging(&store, AgingSide::Receber, day(2026, 9, 15)).await;
    // R1: > 90. R4: 5 May → 15 Sep is 26 + 30 + 31 + 31 + 15 = 133 days, > 90. R11:
    // competência 1 Sep, due 14 Sep, 1 day, 1–30. R8: 1 Aug → 15 Sep is 30 + 15 = 45 days,
    // 31–60. R5 no due date. Out: R9 (settled 1 Jul), R10 (settled 31 Aug), R3, R6, R2, R7,
    // R12.
    assert_eq!(
        rows(&receber),
        [
            ("Ana Souza", 1, [0, 0, 0, 0, 100_000, 0, 100_000]),
            ("Carla Dias", 2, [0, 6_000, 0, 0, 40_000, 0, 46_000]),
            ("Bruno Lima", 2, [0, 0, 3_000, 0, 0, 5_000, 8_000]),
        ]
    );
    assert_eq!(
        buckets(&receber.total),
        [0, 6_000, 3_000, 0, 140_000, 5_000, 154_000]
    );
    assert_eq!(receber.entries, 5);

    let pagar = aging(&store, AgingSide::Pagar, day(2026, 9, 15)).await;
    // P2: 1 Jun → 15 Sep is 29 + 31 + 31 + 15 = 106 days, > 90. P1 settled 20 Jul, out.
    assert_eq!(
        rows(&pagar),
        [("Distribuidora Norte", 1, [0, 0, 0, 0, 25_000, 0, 25_000])]
    );
}

#[tokio::test]
async fn the_aging_without_a_date_is_the_aging_on_today() {
    let (_dir, store) = fixture().await;
    for side in [AgingSide::Receber, AgingSide::Pagar] {
        let request = ReportRequest::Aging(AgingQuery {
            side,
            as_of: None,
            scope: ReportScope::default(),
        });
        // Retried when midnight in São Paulo falls between the two reads.
        let (by_default, on_today) = loop {
            let today = today_sao_paulo();
            let Report::Aging(by_default) = Reports::new(store.clone())
                .report(&request)
                .await
                .expect("report")
            else {
                panic!("an aging request gives an aging");
            };
            let on_today = aging(&store, side, today).await;
            if today_sao_paulo() == today {
                break (by_default, on_today);
            }
        };
        assert_eq!(by_default, on_today);
        // Every settlement in the fixture is before today, so today's position is what is
        // open: R1, R4, R5, R8 and R11 (100_000 + 40_000 + 5_000 + 3_000 + 6_000); P2.
        let (entries, total) = match side {
            AgingSide::Receber => (5, 154_000),
            AgingSide::Pagar => (1, 25_000),
        };
        assert_eq!(
            (by_default.entries, by_default.total.total),
            (entries, total)
        );
    }
}
