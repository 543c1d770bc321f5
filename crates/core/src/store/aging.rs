//! What the aging reads: the position of one side on a date, summed per party and per
//! bucket of days past due, in one grouped read. A lançamento is in the position on `as_of`
//! when it was issued by then (its competência, else the day it was registered) and not
//! settled by then, whatever happened to it later; so the aging on a past date is what the
//! books said that day, and the aging on today is what is open today. The buckets are bounds
//! on the due date computed here from the reference date, so SQLite compares text and does no
//! date math. The rows it returns (`AgingRow`, whose party and amounts) are defined here and
//! named by `reports::aging`, which sorts, totals and tables them.

use super::Store;
use super::report_scope::push_scope;
use crate::domain::IntegrationId;
use crate::domain::report_query::{AgingSide, ReportScope};
use crate::error::Result;
use chrono::{NaiveDate, TimeDelta};
use serde::Serialize;
use sqlx::{QueryBuilder, Row, Sqlite};

/// Whose an item is: the side's own party first (cliente for receber, fornecedor for
/// pagar), else the first of transportadora, funcionário or the other side's party that
/// the item names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum AgingParty {
    Cliente,
    Fornecedor,
    Transportadora,
    Funcionario,
    /// No party named.
    Outro,
}

impl AgingParty {
    pub fn as_str(self) -> &'static str {
        match self {
            AgingParty::Cliente => "cliente",
            AgingParty::Fornecedor => "fornecedor",
            AgingParty::Transportadora => "transportadora",
            AgingParty::Funcionario => "funcionario",
            AgingParty::Outro => "outro",
        }
    }

    pub fn parse(text: &str) -> Option<AgingParty> {
        [
            AgingParty::Cliente,
            AgingParty::Fornecedor,
            AgingParty::Transportadora,
            AgingParty::Funcionario,
            AgingParty::Outro,
        ]
        .into_iter()
        .find(|party| party.as_str() == text)
    }

    /// Its name in a sentence: "Cliente 42".
    pub fn label(self) -> &'static str {
        match self {
            AgingParty::Cliente => "Cliente",
            AgingParty::Fornecedor => "Fornecedor",
            AgingParty::Transportadora => "Transportadora",
            AgingParty::Funcionario => "Funcionário",
            AgingParty::Outro => "Outro",
        }
    }
}

/// Amounts open on the reference date by days past due (the reference date minus the due
/// date), in centavos.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, specta::Type)]
pub struct AgingAmounts {
    /// Due on the reference date or later.
    pub current: i64,
    pub days_1_30: i64,
    pub days_31_60: i64,
    pub days_61_90: i64,
    pub over_90: i64,
    pub no_due_date: i64,
    pub total: i64,
}

/// One party's items open on the reference date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct AgingRow {
    pub integration_id: IntegrationId,
    pub party: AgingParty,
    /// The party's provider id, when the items carry one (drill-down).
    pub party_id: Option<String>,
    pub label: String,
    /// How many items open on the reference date.
    pub entries: i64,
    pub amounts: AgingAmounts,
}

/// (kind, id column, name column): whose item it is, in the order the columns are tried.
type PartyColumns = [(AgingParty, &'static str, &'static str); 4];

const RECEBER_PARTIES: PartyColumns = [
    (AgingParty::Cliente, "cliente_id", "nome_cliente"),
    (
        AgingParty::Transportadora,
        "transportadora_id",
        "nome_transportadora",
    ),
    (
        AgingParty::Funcionario,
        "funcionario_id",
        "nome_funcionario",
    ),
    (AgingParty::Fornecedor, "fornecedor_id", "nome_fornecedor"),
];

const PAGAR_PARTIES: PartyColumns = [
    (AgingParty::Fornecedor, "fornecedor_id", "nome_fornecedor"),
    (
        AgingParty::Transportadora,
        "transportadora_id",
        "nome_transportadora",
    ),
    (
        AgingParty::Funcionario,
        "funcionario_id",
        "nome_funcionario",
    ),
    (AgingParty::Cliente, "cliente_id", "nome_cliente"),
];

impl Store {
    /// The lançamentos of `side` in `scope` open on `as_of`, at face value, per party, aged
    /// at `as_of`. Unsorted, without totals.
    pub(crate) async fn aging_rows(
        &self,
        side: AgingSide,
        as_of: NaiveDate,
        scope: &ReportScope,
    ) -> Result<Vec<AgingRow>> {
        let PartySql {
            tipo,
            kind,
            id,
            name,
        } = party_sql(side);
        let day = |days_ago: i64| days_before(as_of, days_ago);
        let select = format!(
            "SELECT l.integration_id, nullif(l.data_vencimento, '') AS due,
                    l.valor_centavos AS valor, {kind} AS kind, {id} AS party_id, {name} AS name
             FROM lancamentos l
             WHERE l.deactivated_at IS NULL AND l.tipo = "
        );
        let mut query = QueryBuilder::new("WITH open AS (");
        push_open_on(&mut query, &select, tipo, as_of, scope);
        let as_of_text = as_of.to_string();
        query
            .push(
                ")
             SELECT integration_id, kind, party_id, max(name) AS name, count(*) AS entries,
                    sum(CASE WHEN due >= ",
            )
            .push_bind(as_of_text.clone())
            .push(" THEN valor ELSE 0 END) AS current, sum(CASE WHEN due < ")
            .push_bind(as_of_text)
            .push(" AND due >= ")
            .push_bind(day(30))
            .push(" THEN valor ELSE 0 END) AS days_1_30, sum(CASE WHEN due < ")
            .push_bind(day(30))
            .push(" AND due >= ")
            .push_bind(day(60))
            .push(" THEN valor ELSE 0 END) AS days_31_60, sum(CASE WHEN due < ")
            .push_bind(day(60))
            .push(" AND due >= ")
            .push_bind(day(90))
            .push(" THEN valor ELSE 0 END) AS days_61_90, sum(CASE WHEN due < ")
            .push_bind(day(90))
            .push(
                " THEN valor ELSE 0 END) AS over_90,
                 sum(CASE WHEN due IS NULL THEN valor ELSE 0 END) AS no_due_date,
                 sum(valor) AS total
             FROM open
             GROUP BY integration_id, kind, coalesce(party_id, name)",
            );
        let rows = query.build().fetch_all(self.pool()).await?;
        rows.iter()
            .map(|row| {
                let kind: String = row.try_get("kind")?;
                Ok(AgingRow {
                    integration_id: row.try_get("integration_id")?,
                    party: AgingParty::parse(&kind).unwrap_or(AgingParty::Outro),
                    party_id: row.try_get("party_id")?,
                    label: row.try_get("name")?,
                    entries: row.try_get("entries")?,
                    amounts: AgingAmounts {
                        current: row.try_get("current")?,
                        days_1_30: row.try_get("days_1_30")?,
                        days_31_60: row.try_get("days_31_60")?,
                        days_61_90: row.try_get("days_61_90")?,
                        over_90: row.try_get("over_90")?,
                        no_due_date: row.try_get("no_due_date")?,
                        total: row.try_get("total")?,
                    },
                })
            })
            .collect()
    }
}

/// The SQL that says whose a lançamento of `side` is (`AgingParty`), its party's id and
/// its name, over the lançamentos as `l`.
pub(super) struct PartySql {
    pub tipo: &'static str,
    pub kind: String,
    pub id: String,
    pub name: String,
}

pub(super) fn party_sql(side: AgingSide) -> PartySql {
    let (tipo, parties) = match side {
        AgingSide::Receber => ("recebimento", RECEBER_PARTIES),
        AgingSide::Pagar => ("pagamento", PAGAR_PARTIES),
    };
    let (mut kind, mut id, mut name) = (
        String::from("CASE"),
        String::from("CASE"),
        String::from("CASE"),
    );
    for (party, id_column, name_column) in parties {
        let known = format!(" WHEN coalesce(l.{id_column}, l.{name_column}) IS NOT NULL");
        kind.push_str(&format!("{known} THEN '{}'", party.as_str()));
        id.push_str(&format!("{known} THEN l.{id_column}"));
        // An id without a name still says whose it is.
        name.push_str(&format!(
            "{known} THEN coalesce(l.{name_column}, '{} ' || l.{id_column})",
            party.label()
        ));
    }
    kind.push_str(&format!(" ELSE '{}' END", AgingParty::Outro.as_str()));
    id.push_str(" END");
    // `entidade` is a one-letter code (C, F, T, U, O); only "O", "outros", says more
    // than "Sem parte" when no name came with it.
    name.push_str(" WHEN l.entidade = 'O' THEN 'Outros' ELSE 'Sem parte' END");
    PartySql {
        tipo,
        kind,
        id,
        name,
    }
}

/// `days_ago` days before `as_of`, as text. Checked: a date typed at the edge of the
/// calendar must not panic.
pub(super) fn days_before(as_of: NaiveDate, days_ago: i64) -> String {
    as_of
        .checked_sub_signed(TimeDelta::days(days_ago))
        .unwrap_or(NaiveDate::MIN)
        .to_string()
}

/// Pushes `select` (which ends at `l.tipo = `) restricted to the lançamentos open on `as_of`:
/// issued by then and not settled by then. Two branches so each reads its own index: those
/// open now (the partial index on open ones, all there is for today's aging), and those
/// settled after `as_of`.
pub(super) fn push_open_on<'q>(
    query: &mut QueryBuilder<'q, Sqlite>,
    select: &str,
    tipo: &'q str,
    as_of: NaiveDate,
    scope: &ReportScope,
) {
    // "By D" is "before D + 1", so a date that carries a time of day on D still counts as
    // on D. Past the end of the calendar, "~" sorts after every date.
    let next_day = as_of
        .succ_opt()
        .map_or_else(|| String::from("~"), |day| day.to_string());
    query
        .push(select)
        .push_bind(tipo)
        .push(" AND l.liquidado = 0");
    push_issued_by(query, &next_day, scope);
    // A settled one without a data de liquidação has no day to go back to: it stays settled.
    query
        .push(" UNION ALL ")
        .push(select)
        .push_bind(tipo)
        .push(" AND l.liquidado <> 0 AND l.data_liquidacao >= ")
        .push_bind(next_day.clone());
    push_issued_by(query, &next_day, scope);
}

/// Issued before `next_day`: the competência, else the day it was registered. With neither
/// it counts, so nothing open is hidden for want of a date. Then the scope.
fn push_issued_by(query: &mut QueryBuilder<'_, Sqlite>, next_day: &str, scope: &ReportScope) {
    query
        .push(" AND coalesce(nullif(l.data_competencia, ''), nullif(l.cadastrado_em, ''), '') < ")
        .push_bind(next_day.to_string());
    push_scope(query, scope, "l");
}
