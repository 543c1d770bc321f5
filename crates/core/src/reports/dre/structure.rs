//! The DRE's lines, in the Brazilian standard order. Group lines add up the accounts
//! mapped to them; total lines are computed from the groups above them, never stored.

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
    DespesasOperacionais,
    Depreciacao,
    ResultadoFinanceiro,
    IrpjCsll,
}

impl DreGroup {
    pub const ALL: [DreGroup; 7] = [
        DreGroup::ReceitaBruta,
        DreGroup::Deducoes,
        DreGroup::Cmv,
        DreGroup::DespesasOperacionais,
        DreGroup::Depreciacao,
        DreGroup::ResultadoFinanceiro,
        DreGroup::IrpjCsll,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DreGroup::ReceitaBruta => "receita_bruta",
            DreGroup::Deducoes => "deducoes",
            DreGroup::Cmv => "cmv",
            DreGroup::DespesasOperacionais => "despesas_operacionais",
            DreGroup::Depreciacao => "depreciacao",
            DreGroup::ResultadoFinanceiro => "resultado_financeiro",
            DreGroup::IrpjCsll => "irpj_csll",
        }
    }

    pub fn parse(text: &str) -> Option<DreGroup> {
        DreGroup::ALL.into_iter().find(|g| g.as_str() == text)
    }
}

/// A line of the report, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum DreLine {
    Group(DreGroup),
    ReceitaLiquida,
    LucroBruto,
    Ebitda,
    Ebit,
    Lair,
    LucroLiquido,
    /// Accounts with no line: shown, with a warning, never dropped.
    NaoClassificado,
}

impl DreLine {
    /// The report's lines, top to bottom.
    pub const ORDER: [DreLine; 14] = [
        DreLine::Group(DreGroup::ReceitaBruta),
        DreLine::Group(DreGroup::Deducoes),
        DreLine::ReceitaLiquida,
        DreLine::Group(DreGroup::Cmv),
        DreLine::LucroBruto,
        DreLine::Group(DreGroup::DespesasOperacionais),
        DreLine::Ebitda,
        DreLine::Group(DreGroup::Depreciacao),
        DreLine::Ebit,
        DreLine::Group(DreGroup::ResultadoFinanceiro),
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
            DreLine::Group(DreGroup::DespesasOperacionais) => "(−) Despesas Operacionais",
            DreLine::Ebitda => "= EBITDA",
            DreLine::Group(DreGroup::Depreciacao) => "(−) Depreciação e amortização",
            DreLine::Ebit => "= EBIT",
            DreLine::Group(DreGroup::ResultadoFinanceiro) => "(±) Resultado Financeiro",
            DreLine::Lair => "= LAIR",
            DreLine::Group(DreGroup::IrpjCsll) => "(−) IRPJ/CSLL",
            DreLine::LucroLiquido => "= Lucro Líquido",
            DreLine::NaoClassificado => "Não classificado",
        }
    }

    /// For a total line, the groups it adds up (amounts are signed: income positive,
    /// expenses negative, so a total is a plain sum).
    pub fn summed_groups(self) -> &'static [DreGroup] {
        use DreGroup::*;
        match self {
            DreLine::ReceitaLiquida => &[ReceitaBruta, Deducoes],
            DreLine::LucroBruto => &[ReceitaBruta, Deducoes, Cmv],
            DreLine::Ebitda => &[ReceitaBruta, Deducoes, Cmv, DespesasOperacionais],
            DreLine::Ebit => &[
                ReceitaBruta,
                Deducoes,
                Cmv,
                DespesasOperacionais,
                Depreciacao,
            ],
            DreLine::Lair => &[
                ReceitaBruta,
                Deducoes,
                Cmv,
                DespesasOperacionais,
                Depreciacao,
                ResultadoFinanceiro,
            ],
            DreLine::LucroLiquido => &DreGroup::ALL,
            DreLine::Group(_) | DreLine::NaoClassificado => &[],
        }
    }
}
