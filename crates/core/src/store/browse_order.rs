//! The order of Dados' rows: the column the operator clicked, up or down, mapped here to a
//! fixed SQL expression (the operator's choice is an enum, never text put into SQL), then
//! the row id so equal values keep one order from page to page. Names sort by their folded
//! key (`store/search.rs`), so "Álvaro" sits among the a's; money sorts as centavos.

use super::browse::Dataset;
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};

/// A column Dados can sort by. Which apply depends on the dataset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum SortColumn {
    Nome,
    Documento,
    Email,
    Data,
    Codigo,
    Cliente,
    Situacao,
    Loja,
    Competencia,
    Vencimento,
    Descricao,
    Contraparte,
    PlanoConta,
    Liquidacao,
    Valor,
}

/// Sort by `column`, ascending unless `descending`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct BrowseSort {
    pub column: SortColumn,
    pub descending: bool,
}

/// How a column sorts: its expressions, and whether it may be empty (empty ones go last,
/// whichever the direction).
struct SortSql {
    expressions: &'static [&'static str],
    nullable: bool,
}

const fn sql(expressions: &'static [&'static str], nullable: bool) -> Option<SortSql> {
    Some(SortSql {
        expressions,
        nullable,
    })
}

fn sort_sql(dataset: Dataset, column: SortColumn) -> Option<SortSql> {
    use SortColumn as C;
    match (dataset, column) {
        (Dataset::Clientes | Dataset::Fornecedores, C::Nome) => sql(&["nome_ordem"], false),
        (Dataset::Clientes | Dataset::Fornecedores, C::Documento) => sql(&["documento"], true),
        (Dataset::Clientes | Dataset::Fornecedores, C::Email) => {
            sql(&["email COLLATE NOCASE"], true)
        }
        (Dataset::Vendas, C::Data) => sql(&["data"], true),
        // Codes are numbers written as text: "999" before "1000".
        (Dataset::Vendas, C::Codigo) => sql(&["length(codigo)", "codigo"], true),
        (Dataset::Vendas, C::Cliente) => sql(&["nullif(cliente_ordem, '')"], true),
        (Dataset::Vendas, C::Situacao) => sql(&["nome_situacao COLLATE NOCASE"], true),
        (Dataset::Vendas | Dataset::Lancamentos, C::Loja) => {
            sql(&["nome_loja COLLATE NOCASE"], true)
        }
        (Dataset::Vendas | Dataset::Lancamentos, C::Valor) => sql(&["valor_total_centavos"], false),
        (Dataset::Lancamentos, C::Competencia) => sql(&["data_competencia"], true),
        (Dataset::Lancamentos, C::Vencimento) => sql(&["nullif(data_vencimento, '')"], true),
        (Dataset::Lancamentos, C::Liquidacao) => sql(&["nullif(data_liquidacao, '')"], true),
        (Dataset::Lancamentos, C::Descricao) => sql(&["nullif(descricao_ordem, '')"], true),
        (Dataset::Lancamentos, C::Contraparte) => sql(&["nullif(contraparte_ordem, '')"], true),
        (Dataset::Lancamentos, C::PlanoConta) => sql(&["nome_plano_conta COLLATE NOCASE"], true),
        _ => None,
    }
}

/// The newest first for dated rows, names in order for clientes and fornecedores.
fn default_order(dataset: Dataset) -> &'static str {
    match dataset {
        Dataset::Clientes | Dataset::Fornecedores => "nome_ordem, id",
        Dataset::Vendas => "data DESC, id DESC",
        Dataset::Lancamentos => "data_competencia DESC, id DESC",
    }
}

/// The `ORDER BY` list for `dataset` sorted by `sort`, or the dataset's usual order.
pub(super) fn order_by(dataset: Dataset, sort: Option<BrowseSort>) -> Result<String> {
    let Some(sort) = sort else {
        return Ok(default_order(dataset).to_string());
    };
    let Some(columns) = sort_sql(dataset, sort.column) else {
        return Err(Error::InvalidInput {
            field: "ordenação",
            detail: "essa coluna não existe nesta lista; escolha outra para ordenar".into(),
        });
    };
    let direction = if sort.descending { "DESC" } else { "ASC" };
    let mut terms = Vec::new();
    if columns.nullable {
        terms.push(format!("{} IS NULL", columns.expressions[0]));
    }
    terms.extend(
        columns
            .expressions
            .iter()
            .map(|expression| format!("{expression} {direction}")),
    );
    terms.push(format!("id {direction}"));
    Ok(terms.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_values_go_last_and_the_id_breaks_ties() {
        let sort = BrowseSort {
            column: SortColumn::Vencimento,
            descending: true,
        };
        assert_eq!(
            order_by(Dataset::Lancamentos, Some(sort)).unwrap(),
            "nullif(data_vencimento, '') IS NULL, nullif(data_vencimento, '') DESC, id DESC"
        );
    }

    #[test]
    fn a_column_of_another_dataset_is_refused() {
        let sort = BrowseSort {
            column: SortColumn::Vencimento,
            descending: false,
        };
        assert!(order_by(Dataset::Clientes, Some(sort)).is_err());
    }
}
