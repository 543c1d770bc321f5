//! The DRE's lines, in the Brazilian standard order (Lei 6.404, art. 187). Group lines
//! add up the accounts mapped to them; Despesas Operacionais and Resultado Financeiro are
//! sections that add up their sub-lines; total lines are computed from the groups above
//! them, never stored. Outras receitas e despesas operacionais is a "(±)" line of its own
//! after the Despesas Operacionais (CPC 26, item 102: "outras receitas" and "outras
//! despesas" apart from the expenses by function), so a positive amount there, such as a
//! rent received, is never printed under a "(−)" heading.
//!
//! Here, below both `reports` and `store`, because the lines are the standard's, not the
//! report's: the mapping the store keeps names them (`AccountClass`), and the report lays
//! itself out by them (`reports::dre::report`).

use serde::{Deserialize, Serialize};

/// A line the operator can map accounts to.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, specta::Type,
)]
#[serde(rename_all = "snake_case")]
pub enum DreGroup {
    ReceitaBruta,
    Deducoes,
    Cmv,
    DespesasComerciais,
    DespesasAdministrativas,
    DespesasComPessoal,
    DespesasGerais,
    /// Outras receitas e despesas operacionais: aluguéis recebidos, ganhos e perdas
    /// eventuais that are still part of the operation. Either sign, so not a sub-line of
    /// Despesas Operacionais.
    OutrasOperacionais,
    Depreciacao,
    ReceitasFinanceiras,
    DespesasFinanceiras,
    IrpjCsll,
}

impl DreGroup {
    pub const ALL: [DreGroup; 12] = [
        DreGroup::ReceitaBruta,
        DreGroup::Deducoes,
        DreGroup::Cmv,
        DreGroup::DespesasComerciais,
        DreGroup::DespesasAdministrativas,
        DreGroup::DespesasComPessoal,
        DreGroup::DespesasGerais,
        DreGroup::OutrasOperacionais,
        DreGroup::Depreciacao,
        DreGroup::ReceitasFinanceiras,
        DreGroup::DespesasFinanceiras,
        DreGroup::IrpjCsll,
    ];

    /// The sub-lines of Despesas Operacionais.
    pub const OPERATING_EXPENSES: [DreGroup; 4] = [
        DreGroup::DespesasComerciais,
        DreGroup::DespesasAdministrativas,
        DreGroup::DespesasComPessoal,
        DreGroup::DespesasGerais,
    ];

    /// The sub-lines of Resultado Financeiro.
    pub const FINANCIAL_RESULT: [DreGroup; 2] =
        [DreGroup::ReceitasFinanceiras, DreGroup::DespesasFinanceiras];

    pub fn as_str(self) -> &'static str {
        match self {
            DreGroup::ReceitaBruta => "receita_bruta",
            DreGroup::Deducoes => "deducoes",
            DreGroup::Cmv => "cmv",
            DreGroup::DespesasComerciais => "despesas_comerciais",
            DreGroup::DespesasAdministrativas => "despesas_administrativas",
            DreGroup::DespesasComPessoal => "despesas_com_pessoal",
            DreGroup::DespesasGerais => "despesas_gerais",
            DreGroup::OutrasOperacionais => "outras_operacionais",
            DreGroup::Depreciacao => "depreciacao",
            DreGroup::ReceitasFinanceiras => "receitas_financeiras",
            DreGroup::DespesasFinanceiras => "despesas_financeiras",
            DreGroup::IrpjCsll => "irpj_csll",
        }
    }

    pub fn parse(text: &str) -> Option<DreGroup> {
        DreGroup::ALL.into_iter().find(|g| g.as_str() == text)
    }

    /// The section line a sub-line sits under, if any.
    pub fn section(self) -> Option<DreLine> {
        if DreGroup::OPERATING_EXPENSES.contains(&self) {
            Some(DreLine::DespesasOperacionais)
        } else if DreGroup::FINANCIAL_RESULT.contains(&self) {
            Some(DreLine::ResultadoFinanceiro)
        } else {
            None
        }
    }
}

/// A line of the report, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum DreLine {
    Group(DreGroup),
    ReceitaLiquida,
    LucroBruto,
    /// The section over the operating expenses' sub-lines.
    DespesasOperacionais,
    Ebitda,
    Ebit,
    /// The section over receitas and despesas financeiras.
    ResultadoFinanceiro,
    Lair,
    LucroLiquido,
    /// Accounts with no line: shown, with a warning, never dropped.
    NaoClassificado,
}

impl DreLine {
    /// The report's lines, top to bottom.
    pub const ORDER: [DreLine; 21] = [
        DreLine::Group(DreGroup::ReceitaBruta),
        DreLine::Group(DreGroup::Deducoes),
        DreLine::ReceitaLiquida,
        DreLine::Group(DreGroup::Cmv),
        DreLine::LucroBruto,
        DreLine::DespesasOperacionais,
        DreLine::Group(DreGroup::DespesasComerciais),
        DreLine::Group(DreGroup::DespesasAdministrativas),
        DreLine::Group(DreGroup::DespesasComPessoal),
        DreLine::Group(DreGroup::DespesasGerais),
        DreLine::Group(DreGroup::OutrasOperacionais),
        DreLine::Ebitda,
        DreLine::Group(DreGroup::Depreciacao),
        DreLine::Ebit,
        DreLine::ResultadoFinanceiro,
        DreLine::Group(DreGroup::ReceitasFinanceiras),
        DreLine::Group(DreGroup::DespesasFinanceiras),
        DreLine::Lair,
        DreLine::Group(DreGroup::IrpjCsll),
        DreLine::LucroLiquido,
        DreLine::NaoClassificado,
    ];

    pub fn label(self) -> &'static str {
        match self {
            DreLine::Group(DreGroup::ReceitaBruta) => "Receita Operacional Bruta",
            DreLine::Group(DreGroup::Deducoes) => "(−) Deduções",
            DreLine::ReceitaLiquida => "= Receita Líquida",
            DreLine::Group(DreGroup::Cmv) => "(−) CMV/CPV/CSP",
            DreLine::LucroBruto => "= Lucro Bruto",
            DreLine::DespesasOperacionais => "(−) Despesas Operacionais",
            DreLine::Group(DreGroup::DespesasComerciais) => "Despesas comerciais",
            DreLine::Group(DreGroup::DespesasAdministrativas) => "Despesas administrativas",
            DreLine::Group(DreGroup::DespesasComPessoal) => "Despesas com pessoal",
            DreLine::Group(DreGroup::DespesasGerais) => "Despesas gerais",
            DreLine::Group(DreGroup::OutrasOperacionais) => {
                "(±) Outras receitas e despesas operacionais"
            }
            DreLine::Ebitda => "= EBITDA",
            DreLine::Group(DreGroup::Depreciacao) => "(−) Depreciação e amortização",
            DreLine::Ebit => "= EBIT",
            DreLine::ResultadoFinanceiro => "(±) Resultado Financeiro",
            DreLine::Group(DreGroup::ReceitasFinanceiras) => "Receitas financeiras",
            DreLine::Group(DreGroup::DespesasFinanceiras) => "Despesas financeiras",
            DreLine::Lair => "= LAIR",
            DreLine::Group(DreGroup::IrpjCsll) => "(−) IRPJ/CSLL",
            DreLine::LucroLiquido => "= Lucro Líquido",
            DreLine::NaoClassificado => "Não classificado",
        }
    }

    /// For a total or section line, the groups it adds up (amounts are signed: income
    /// positive, expenses negative, so a total is a plain sum).
    pub fn summed_groups(self) -> &'static [DreGroup] {
        use DreGroup::*;
        const UP_TO_LUCRO_BRUTO: [DreGroup; 3] = [ReceitaBruta, Deducoes, Cmv];
        const UP_TO_EBITDA: [DreGroup; 8] = [
            ReceitaBruta,
            Deducoes,
            Cmv,
            DespesasComerciais,
            DespesasAdministrativas,
            DespesasComPessoal,
            DespesasGerais,
            OutrasOperacionais,
        ];
        const UP_TO_EBIT: [DreGroup; 9] = [
            ReceitaBruta,
            Deducoes,
            Cmv,
            DespesasComerciais,
            DespesasAdministrativas,
            DespesasComPessoal,
            DespesasGerais,
            OutrasOperacionais,
            Depreciacao,
        ];
        const UP_TO_LAIR: [DreGroup; 11] = [
            ReceitaBruta,
            Deducoes,
            Cmv,
            DespesasComerciais,
            DespesasAdministrativas,
            DespesasComPessoal,
            DespesasGerais,
            OutrasOperacionais,
            Depreciacao,
            ReceitasFinanceiras,
            DespesasFinanceiras,
        ];
        match self {
            DreLine::ReceitaLiquida => &UP_TO_LUCRO_BRUTO[..2],
            DreLine::LucroBruto => &UP_TO_LUCRO_BRUTO,
            DreLine::DespesasOperacionais => &DreGroup::OPERATING_EXPENSES,
            DreLine::Ebitda => &UP_TO_EBITDA,
            DreLine::Ebit => &UP_TO_EBIT,
            DreLine::ResultadoFinanceiro => &DreGroup::FINANCIAL_RESULT,
            DreLine::Lair => &UP_TO_LAIR,
            DreLine::LucroLiquido => &DreGroup::ALL,
            DreLine::Group(_) | DreLine::NaoClassificado => &[],
        }
    }

    /// Whether the line is a section over sub-lines (shown like a group, summed like a
    /// total).
    pub fn is_section(self) -> bool {
        matches!(
            self,
            DreLine::DespesasOperacionais | DreLine::ResultadoFinanceiro
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_group_appears_once_in_the_order_and_in_lucro_liquido() {
        for group in DreGroup::ALL {
            let shown = DreLine::ORDER
                .iter()
                .filter(|line| **line == DreLine::Group(group))
                .count();
            assert_eq!(shown, 1, "{group:?}");
            assert!(DreLine::LucroLiquido.summed_groups().contains(&group));
            assert_eq!(DreGroup::parse(group.as_str()), Some(group));
        }
    }

    #[test]
    fn each_total_adds_the_one_before_it_and_the_groups_between() {
        let lair = DreLine::Lair.summed_groups();
        assert!(DreGroup::FINANCIAL_RESULT.iter().all(|g| lair.contains(g)));
        assert!(!lair.contains(&DreGroup::IrpjCsll));
        let ebitda = DreLine::Ebitda.summed_groups();
        assert!(
            DreGroup::OPERATING_EXPENSES
                .iter()
                .all(|g| ebitda.contains(g))
        );
        assert!(!ebitda.contains(&DreGroup::Depreciacao));
        assert!(ebitda.contains(&DreGroup::OutrasOperacionais));
    }

    #[test]
    fn outras_receitas_e_despesas_is_a_line_of_its_own_not_an_expense() {
        let outras = DreGroup::OutrasOperacionais;
        assert_eq!(outras.section(), None);
        assert!(
            !DreLine::DespesasOperacionais
                .summed_groups()
                .contains(&outras)
        );
        assert!(DreLine::Group(outras).label().starts_with("(±)"));
        let position = |line| DreLine::ORDER.iter().position(|l| *l == line);
        assert!(
            position(DreLine::Group(DreGroup::DespesasGerais)) < position(DreLine::Group(outras))
        );
        assert!(position(DreLine::Group(outras)) < position(DreLine::Ebitda));
    }
}
