//! Which DRE line each plano de contas feeds. A default comes from the account's name, its
//! ancestors' names and its type (C income, D expense), by the rules in `mapping_rules`;
//! the operator's choices override it
//! and are inherited down the tree. Accounts that only move money are out of the DRE by
//! default: transfers between the company's own contas (also out of the cash flow's
//! entradas and saídas) and "Ajuste de caixa" (kept in the cash flow). Accounts with
//! nothing to go by are "Não classificado", shown with a warning. The settlement parts
//! (`settlement`) are mapped like accounts, with defaults of their own. The classes
//! (`AccountClass`) are `domain::dre`'s and the accounts as read (`PlanoConta`) the
//! store's; this file decides which class each account gets.

use super::settlement::SettlementPart;
use serde::Serialize;
use std::collections::HashMap;

pub use crate::domain::dre::AccountClass;
pub use crate::store::PlanoConta;

/// The default from names and type; its rules live in `mapping_rules`.
pub use super::mapping_rules::default_class;

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
                if let Some(part) = SettlementPart::from_key(&account.external_id) {
                    return (part.default_class(), ClassSource::Default);
                }
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
    use crate::domain::dre::DreGroup;

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
            (&["Piso e revestimento"], Some("D"), Unclassified),
            (&["Juros recebidos"], Some("C"), Line(ReceitasFinanceiras)),
            (&["Tarifas bancárias"], Some("D"), Line(DespesasFinanceiras)),
            (&["Depreciação de veículos"], Some("D"), Line(Depreciacao)),
            (&["IRPJ"], Some("D"), Line(IrpjCsll)),
            (
                &["Salários", "Despesas com pessoal"],
                Some("D"),
                Line(DespesasComPessoal),
            ),
            (&["Transferência entre contas"], Some("D"), Transfer),
            (&["Ajuste de caixa"], None, Excluded),
            (&["Diversos"], None, Unclassified),
            // Nothing in the names to go by: the side alone does not pick a line.
            (&["Diversos", "Despesas"], Some("D"), Unclassified),
            (&["Diversos", "Receitas"], Some("C"), Unclassified),
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
            account("6", "2.2.03", "", "Cafezinho"),
            account("7", "2.9", "", "Gastos eventuais"),
        ];
        let none = classify(&accounts, &HashMap::new());
        let admin = AccountClass::Line(DreGroup::DespesasAdministrativas);
        assert_eq!(none["3"], admin);
        // No rule for its own name: its parent's name places it.
        assert_eq!(none["6"], admin);
        // No rule for it nor its ancestors: not classified.
        assert_eq!(none["7"], AccountClass::Unclassified);

        let chosen = HashMap::from([
            ("2".to_string(), AccountClass::Line(DreGroup::Cmv)),
            ("4".to_string(), AccountClass::Unclassified),
        ]);
        let classes = classify(&accounts, &chosen);
        assert_eq!(classes["2"], AccountClass::Line(DreGroup::Cmv));
        assert_eq!(classes["3"], AccountClass::Line(DreGroup::Cmv));
        assert_eq!(classes["4"], AccountClass::Unclassified);
        assert_eq!(classes["6"], AccountClass::Line(DreGroup::Cmv));
        assert_eq!(classes["1"], AccountClass::Unclassified);
        assert_eq!(classes["5"], AccountClass::Unclassified);
    }
}
