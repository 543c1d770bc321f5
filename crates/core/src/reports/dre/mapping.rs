//! Which DRE line each plano de contas feeds. A default comes from the account's name, its
//! ancestors' names and its type (C income, D expense); the operator's choices override it
//! and are inherited down the tree. Accounts that only move money (transfers between
//! accounts, "Ajuste de caixa") are excluded by default; accounts with nothing to go by
//! are "Não classificado", shown with a warning.

use super::structure::DreGroup;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Where an account's amounts go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case", tag = "kind", content = "group")]
pub enum AccountClass {
    Line(DreGroup),
    /// Moves money without being income or expense: out of the DRE unless asked for.
    Excluded,
    Unclassified,
}

impl AccountClass {
    pub fn as_str(self) -> &'static str {
        match self {
            AccountClass::Line(group) => group.as_str(),
            AccountClass::Excluded => "excluida",
            AccountClass::Unclassified => "nao_classificado",
        }
    }

    /// As the screens and the mapping CSV name it.
    pub fn label(self) -> &'static str {
        match self {
            AccountClass::Line(group) => super::structure::DreLine::Group(group).label(),
            AccountClass::Excluded => "Fora do DRE (movimentação entre contas)",
            AccountClass::Unclassified => "Não classificado",
        }
    }

    pub fn parse(text: &str) -> Option<AccountClass> {
        match text.trim() {
            "excluida" => Some(AccountClass::Excluded),
            "nao_classificado" => Some(AccountClass::Unclassified),
            other => DreGroup::parse(other).map(AccountClass::Line),
        }
    }
}

/// A plano de contas as the mapping sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanoConta {
    pub external_id: String,
    /// The hierarchical code, like `2.1.01`.
    pub classificacao: Option<String>,
    /// `C` (income side) or `D` (expense side).
    pub tipo: Option<String>,
    pub nome: String,
    pub conta_mae_id: Option<String>,
}

/// Name rules, most specific first. A keyword matches at the start of a word; a trailing
/// space makes it a whole word ("pis " is not "piso").
const RULES: [(&[&str], Side, AccountClass); 7] = [
    (
        &["transferencia", "ajuste de caixa", "ajustes de caixa"],
        Side::Any,
        AccountClass::Excluded,
    ),
    (
        &["irpj ", "csll ", "imposto de renda", "contribuicao social"],
        Side::Any,
        AccountClass::Line(DreGroup::IrpjCsll),
    ),
    (
        &[
            "impostos sobre vendas",
            "imposto sobre vendas",
            "impostos sobre faturamento",
            "tributos sobre vendas",
            "simples nacional",
            "icms ",
            "iss ",
            "pis ",
            "cofins ",
            "devolucao",
            "devolucoes",
            "descontos concedidos",
            "abatimento",
            "deducoes",
        ],
        Side::Any,
        AccountClass::Line(DreGroup::Deducoes),
    ),
    (
        &["deprecia", "amortiza"],
        Side::Any,
        AccountClass::Line(DreGroup::Depreciacao),
    ),
    (
        &[
            "financeir",
            "juros ",
            "rendimento",
            "tarifa",
            "iof ",
            "aplicacao",
            "aplicacoes",
        ],
        Side::Any,
        AccountClass::Line(DreGroup::ResultadoFinanceiro),
    ),
    (
        &[
            "custo",
            "cmv ",
            "cpv ",
            "csp ",
            "mercadoria",
            "materia prima",
            "materias primas",
            "insumo",
            "compra",
        ],
        Side::Expense,
        AccountClass::Line(DreGroup::Cmv),
    ),
    (
        &["outras receitas"],
        Side::Income,
        AccountClass::Line(DreGroup::DespesasOperacionais),
    ),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Any,
    Income,
    Expense,
}

/// The default for an account whose own name and ancestors' names (nearest first) are
/// given, with its type (its own, or its nearest ancestor's).
pub fn default_class(names: &[&str], tipo: Option<&str>) -> AccountClass {
    let side = match tipo {
        Some("C") => Some(Side::Income),
        Some("D") => Some(Side::Expense),
        _ => None,
    };
    for name in names {
        let words = words_of(name);
        for (keywords, wanted, class) in RULES {
            let side_fits = match wanted {
                Side::Any => true,
                wanted => side.is_none_or(|side| side == wanted),
            };
            if side_fits && keywords.iter().any(|k| words.contains(&format!(" {k}"))) {
                return class;
            }
        }
    }
    match side {
        Some(Side::Income) => AccountClass::Line(DreGroup::ReceitaBruta),
        Some(Side::Expense) => AccountClass::Line(DreGroup::DespesasOperacionais),
        _ => AccountClass::Unclassified,
    }
}

/// ` word word `: lowercase, without accents, one space between words and at both ends.
fn words_of(name: &str) -> String {
    let folded: String = crate::format::fold_accents(name)
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    format!(
        " {} ",
        folded.split_whitespace().collect::<Vec<_>>().join(" ")
    )
}

/// Where an account's class comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ClassSource {
    /// The operator chose it for this account.
    Chosen,
    /// The operator chose it for an ancestor.
    Inherited,
    /// From the account's names and type.
    Default,
}

/// Every account's class: the operator's choice for it or for its nearest ancestor, else
/// the default.
pub fn classify(
    accounts: &[PlanoConta],
    chosen: &HashMap<String, AccountClass>,
) -> HashMap<String, AccountClass> {
    explain(accounts, chosen)
        .into_iter()
        .map(|(id, class, _)| (id, class))
        .collect()
}

/// `classify`, saying for each account where its class comes from, in the input's order.
pub fn explain(
    accounts: &[PlanoConta],
    chosen: &HashMap<String, AccountClass>,
) -> Vec<(String, AccountClass, ClassSource)> {
    let by_id: HashMap<&str, &PlanoConta> = accounts
        .iter()
        .map(|a| (a.external_id.as_str(), a))
        .collect();
    let by_code: HashMap<&str, &PlanoConta> = accounts
        .iter()
        .filter_map(|a| Some((a.classificacao.as_deref()?, a)))
        .collect();
    let parent_of = |account: &PlanoConta| -> Option<&PlanoConta> {
        if let Some(parent) = account.conta_mae_id.as_deref().and_then(|id| by_id.get(id)) {
            return Some(parent);
        }
        let code = account.classificacao.as_deref()?;
        let (parent_code, _) = code.rsplit_once('.')?;
        by_code.get(parent_code).copied()
    };
    accounts
        .iter()
        .map(|account| {
            // The account and its ancestors, nearest first; a cycle stops the walk.
            let mut lineage = vec![account];
            while let Some(parent) = lineage.last().and_then(|a| parent_of(a)) {
                if lineage
                    .iter()
                    .any(|seen| seen.external_id == parent.external_id)
                {
                    break;
                }
                lineage.push(parent);
            }
            let choice = lineage.iter().enumerate().find_map(|(depth, a)| {
                let source = if depth == 0 {
                    ClassSource::Chosen
                } else {
                    ClassSource::Inherited
                };
                chosen.get(&a.external_id).map(|class| (*class, source))
            });
            let (class, source) = choice.unwrap_or_else(|| {
                let names: Vec<&str> = lineage.iter().map(|a| a.nome.as_str()).collect();
                let tipo = lineage.iter().find_map(|a| a.tipo.as_deref());
                (default_class(&names, tipo), ClassSource::Default)
            });
            (account.external_id.clone(), class, source)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn account(id: &str, code: &str, tipo: &str, nome: &str) -> PlanoConta {
        PlanoConta {
            external_id: id.into(),
            classificacao: Some(code.into()),
            tipo: (!tipo.is_empty()).then(|| tipo.to_string()),
            nome: nome.into(),
            conta_mae_id: None,
        }
    }

    #[test]
    fn names_and_types_give_sensible_defaults() {
        use AccountClass::*;
        use DreGroup::*;
        let cases = [
            (
                &["Vendas de produtos", "Receitas operacionais"][..],
                Some("C"),
                Line(ReceitaBruta),
            ),
            (&["Vendas de mercadorias"], Some("C"), Line(ReceitaBruta)),
            (&["Compra de mercadorias"], Some("D"), Line(Cmv)),
            (
                &["Fretes sobre compras", "Custo das mercadorias vendidas"],
                Some("D"),
                Line(Cmv),
            ),
            (
                &["Simples Nacional", "Impostos sobre vendas"],
                Some("D"),
                Line(Deducoes),
            ),
            (&["PIS"], Some("D"), Line(Deducoes)),
            (
                &["Piso e revestimento"],
                Some("D"),
                Line(DespesasOperacionais),
            ),
            (&["Juros recebidos"], Some("C"), Line(ResultadoFinanceiro)),
            (&["Tarifas bancárias"], Some("D"), Line(ResultadoFinanceiro)),
            (&["Depreciação de veículos"], Some("D"), Line(Depreciacao)),
            (&["IRPJ"], Some("D"), Line(IrpjCsll)),
            (
                &["Salários", "Despesas com pessoal"],
                Some("D"),
                Line(DespesasOperacionais),
            ),
            (&["Transferência entre contas"], Some("D"), Excluded),
            (&["Ajuste de caixa"], None, Excluded),
            (&["Diversos"], None, Unclassified),
        ];
        for (names, tipo, expected) in cases {
            assert_eq!(default_class(names, tipo), expected, "{names:?}");
        }
    }

    #[test]
    fn a_choice_is_inherited_down_the_tree_unless_a_child_has_its_own() {
        let accounts = [
            account("1", "2", "D", "Despesas"),
            account("2", "2.2", "", "Despesas administrativas"),
            account("3", "2.2.01", "", "Aluguel"),
            account("4", "2.2.02", "", "Energia elétrica"),
            account("5", "1.1", "C", "Receitas"),
        ];
        let none = classify(&accounts, &HashMap::new());
        assert_eq!(
            none["3"],
            AccountClass::Line(DreGroup::DespesasOperacionais)
        );

        let chosen = HashMap::from([
            ("2".to_string(), AccountClass::Line(DreGroup::Cmv)),
            ("4".to_string(), AccountClass::Unclassified),
        ]);
        let classes = classify(&accounts, &chosen);
        assert_eq!(classes["2"], AccountClass::Line(DreGroup::Cmv));
        assert_eq!(classes["3"], AccountClass::Line(DreGroup::Cmv));
        assert_eq!(classes["4"], AccountClass::Unclassified);
        assert_eq!(
            classes["1"],
            AccountClass::Line(DreGroup::DespesasOperacionais)
        );
        assert_eq!(classes["5"], AccountClass::Line(DreGroup::ReceitaBruta));
    }
}
