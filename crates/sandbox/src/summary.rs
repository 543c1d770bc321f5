//! The dataset's totals, for tests to compare a synced store against: live records per
//! resource, money sums, and per-loja splits of vendas and titles.

use crate::dataset::Dataset;
use crate::dataset::table::Table;
use crate::money::Centavos;
use crate::records::Record;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct DatasetSummary {
    /// Keyed by resource path name (`"clientes"`, `"recebimentos"`, ...).
    pub entities: BTreeMap<String, EntitySummary>,
}

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct EntitySummary {
    pub count: u64,
    /// vendas and titles: `valor_total` (what is paid); others 0.
    pub sum_centavos: i64,
    /// Keyed by loja id, every loja present; only for vendas, recebimentos and pagamentos.
    pub per_loja: BTreeMap<String, LojaSummary>,
}

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct LojaSummary {
    pub count: u64,
    pub sum_centavos: i64,
}

pub(crate) fn summarize(dataset: &Dataset) -> DatasetSummary {
    let mut entities = BTreeMap::new();
    let mut plain = |name: &str, count: usize| {
        entities.insert(
            name.to_string(),
            EntitySummary {
                count: count as u64,
                sum_centavos: 0,
                per_loja: BTreeMap::new(),
            },
        );
    };
    plain("lojas", dataset.lojas.len());
    plain("planos_contas", dataset.planos_contas.len());
    plain("centros_custos", dataset.centros_custos.len());
    plain("contas_bancarias", dataset.contas_bancarias.len());
    plain("formas_pagamentos", dataset.formas_pagamentos.len());
    plain("clientes", dataset.clientes.len());
    plain("fornecedores", dataset.fornecedores.len());
    let loja_ids: Vec<u64> = dataset.lojas.entries().map(|e| e.record.id()).collect();
    let per_loja = |table_totals: Vec<(u64, Centavos)>| per_loja(&loja_ids, table_totals);
    entities.insert(
        "vendas".to_string(),
        per_loja(totals(&dataset.vendas, |v| (v.loja_id.0, v.valor_total))),
    );
    entities.insert(
        "recebimentos".to_string(),
        per_loja(totals(&dataset.recebimentos, |t| {
            (t.loja_id.0, t.valor_total)
        })),
    );
    entities.insert(
        "pagamentos".to_string(),
        per_loja(totals(&dataset.pagamentos, |t| {
            (t.loja_id.0, t.valor_total)
        })),
    );
    DatasetSummary { entities }
}

fn totals<T: Record>(
    table: &Table<T>,
    amount: impl Fn(&T) -> (u64, Centavos),
) -> Vec<(u64, Centavos)> {
    table.entries().map(|entry| amount(&entry.record)).collect()
}

fn per_loja(loja_ids: &[u64], records: Vec<(u64, Centavos)>) -> EntitySummary {
    let mut per_loja: BTreeMap<String, LojaSummary> = loja_ids
        .iter()
        .map(|id| {
            (
                id.to_string(),
                LojaSummary {
                    count: 0,
                    sum_centavos: 0,
                },
            )
        })
        .collect();
    let mut summary = EntitySummary {
        count: 0,
        sum_centavos: 0,
        per_loja: BTreeMap::new(),
    };
    for (loja_id, valor) in records {
        summary.count += 1;
        summary.sum_centavos += valor.0;
        let loja = per_loja.entry(loja_id.to_string()).or_insert(LojaSummary {
            count: 0,
            sum_centavos: 0,
        });
        loja.count += 1;
        loja.sum_centavos += valor.0;
    }
    summary.per_loja = per_loja;
    summary
}
