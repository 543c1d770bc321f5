//! What the aging reads: the open lançamentos of one side, summed per party and per
//! bucket of days past due, in one grouped read. The buckets are bounds on the due date
//! computed here from the reference date, so SQLite compares text and does no date math.

use super::Store;
use super::report_scope::push_scope;
use crate::error::Result;
use crate::reports::ReportScope;
use crate::reports::aging::{AgingAmounts, AgingParty, AgingRow, AgingSide};
use chrono::{NaiveDate, TimeDelta};
use sqlx::{QueryBuilder, Row};

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
    /// Open lançamentos of `side` in `scope` at face value, per party, aged at `as_of`.
    /// Unsorted, without totals.
    pub(crate) async fn aging_rows(
        &self,
        side: AgingSide,
        as_of: NaiveDate,
        scope: &ReportScope,
    ) -> Result<Vec<AgingRow>> {
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

        // Checked: a date typed at the edge of the calendar must not panic.
        let day = |days_ago: i64| {
            as_of
                .checked_sub_signed(TimeDelta::days(days_ago))
                .unwrap_or(NaiveDate::MIN)
                .to_string()
        };
        let mut query = QueryBuilder::new(format!(
            "WITH open AS (
               SELECT l.integration_id, nullif(l.data_vencimento, '') AS due,
                      l.valor_centavos AS valor, {kind} AS kind, {id} AS party_id,
                      {name} AS name
               FROM lancamentos l
               WHERE l.deactivated_at IS NULL AND l.liquidado = 0 AND l.tipo = "
        ));
        query.push_bind(tipo);
        push_scope(&mut query, scope, "l");
        query
            .push(
                ")
             SELECT integration_id, kind, party_id, max(name) AS name, count(*) AS entries,
                    sum(CASE WHEN due >= ",
            )
            .push_bind(as_of.to_string())
            .push(" THEN valor ELSE 0 END) AS current, sum(CASE WHEN due < ")
            .push_bind(as_of.to_string())
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
