//! The default DRE line of a plano de contas, from names as Brazilian charts of accounts
//! write them (Gestão Click, Conta Azul, Omie, Bling, Tiny, Nibo, Granatum, and the
//! accountants' Simples Nacional habits; the fixture `tests/fixtures/plano_de_contas_padrao.csv`
//! holds the names and where they came from). A name is read the way an accountant reads
//! it: without accents, case, codes ("3.1.02 –"), signs ("(-)"), connectives ("de", "s/"),
//! plural endings or the common abbreviations ("Desp.", "Adm."). The account's side (C
//! income, D expense) only decides between rules a name fits on both sides ("Juros",
//! "Aluguel"); a name no rule places is "Não classificado", never guessed from its side.
//! Not owned here: the operator's choices and their inheritance (`mapping`).

use super::structure::DreGroup::*;
use crate::domain::dre::AccountClass;
use std::sync::LazyLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Any,
    Income,
    Expense,
}

/// Keywords are separated by `|`, written as a chart writes them, and compared after the
/// same normalisation as names. A keyword matches whole words unless it ends in `*` (the
/// last word is then a prefix: "deprecia*"); `^` and `$` pin it to the name's start or end.
struct Rule {
    side: Side,
    class: AccountClass,
    keywords: &'static str,
}

const fn rule(side: Side, class: AccountClass, keywords: &'static str) -> Rule {
    Rule {
        side,
        class,
        keywords,
    }
}

use AccountClass::{Excluded, Line, Transfer, Unclassified};
use Side::{Any, Expense, Income};

/// First match wins, so a rule sits above every broader rule its names would also fit:
/// "Fretes sobre compras" before "Fretes", "Juros sobre ICMS" before "ICMS", "Venda de
/// imobilizado" before "Vendas", "Custos com pessoal" before "Custos".
#[rustfmt::skip]
const RULES: &[Rule] = &[
    rule(Any, Excluded, "ajuste de caixa | ajuste de saldo | saldo inicial | acerto de caixa"),
    rule(Any, Line(DespesasGerais), "multa de transito"),
    // Marketplace fees are the price of selling there, not of the bank.
    rule(Expense, Line(DespesasComerciais), "marketplace* | mercado livre | shopee"),
    // Card fees are despesas financeiras: the price of receiving, like the settlement's
    // `taxa_operadora` part (`settlement`). "Descontos concedidos" is, by the accountants'
    // naming (plano referencial), the conditional discount for paying early, also a
    // despesa financeira like the settlement's discount; the unconditional discount on
    // the invoice is written "descontos incondicionais" and goes to deduções below.
    rule(Any, Line(DespesasFinanceiras),
        "tarifa* | despesa bancaria | taxa bancaria | iof | manutencao de conta | cesta de servicos \
        | taxa de cartao | taxa cartao | maquininha* | taxa da operadora \
        | administradora de cartao | antecipacao de recebiveis | antecipacao de cartao | mdr \
        | taxa de boleto | custo de boleto | emissao de boleto | encargos financeiros \
        | encargos bancarios | descontos concedidos | juros pagos | juros passivos \
        | despesas financeiras | variacao cambial passiva | juros sobre impostos \
        | multas sobre impostos | multa juro imposto | multas fiscais",
    ),
    rule(Any, Line(ReceitasFinanceiras),
        "descontos obtidos | juros recebidos | juros ativos | juros obtidos | rendimento* \
        | receitas financeiras | variacao cambial ativa",
    ),
    rule(Income, Line(ReceitasFinanceiras), "juros | multa*"),
    rule(Expense, Line(DespesasFinanceiras), "juros | multa*"),
    rule(Any, Line(OutrasOperacionais),
        "venda de imobilizado | venda de ativo* | ganho de capital | ganho na venda* \
        | alienacao* | baixa de imobilizado | perda na venda* | receita de aluguel \
        | aluguel recebido | recuperacao de despesa* | receitas nao operaciona* \
        | despesas nao operaciona*",
    ),
    rule(Income, Line(OutrasOperacionais),
        "aluguel | locac* | reembolso* | indenizac* | recuperac*",
    ),
    rule(Expense, Line(DespesasAdministrativas), "aluguel | locac*"),
    // Aplicação and resgate move money between the company's own contas (Conta Azul's
    // help has them reconciled as "Transferência entre contas"); their yield is above.
    rule(Any, Transfer, "transferencia* | aplicac* | resgate* | sangria* | suprimento de caixa"),
    rule(Income, Line(ReceitasFinanceiras), "financeir*"),
    rule(Expense, Line(DespesasFinanceiras), "financeir*"),
    rule(Any, Line(IrpjCsll), "irpj | csll | imposto de renda* | contribuicao social*"),
    rule(Any, Line(Cmv),
        "frete sobre compra* | frete de compra* | frete compra* | devolucao de compra* \
        | icms sobre compra* | icms st | cmv | cpv | csp | custo das mercadoria* \
        | custo dos produto* | custo dos servico* | custo de mercadoria* | materia prima* \
        | insumo* | mercadorias para revenda | produtos para revenda | mao de obra direta",
    ),
    rule(Any, Line(Deducoes),
        "simples nacional | ^simples$ | ^das | imposto sobre venda* | imposto sobre faturamento \
        | imposto sobre receita* | tributo sobre venda* | tributo sobre faturamento \
        | imposto sobre servico* | deduc* | icms | iss | issqn | pis | cofins | ipi \
        | devolucao de venda* | devolucao de cliente* | ^devolucao$ | venda cancelada \
        | cancelamento de venda* | estorno de venda* | abatimento* \
        | descontos incondiciona* | descontos sobre venda*",
    ),
    rule(Income, Line(ReceitasFinanceiras), "desconto*"),
    rule(Expense, Line(DespesasFinanceiras), "desconto*"),
    rule(Any, Line(Depreciacao), "deprecia* | amortiza* | exaustao"),
    // Before the administrative rules, so "Manutenção de veículos" is a vehicle cost.
    rule(Any, Line(DespesasGerais), "veiculo* | combustive* | pedagio* | estacionamento* | ipva"),
    rule(Any, Line(DespesasComPessoal),
        "salario* | ordenado* | pro labore | prolabore | fgts | inss | ferias | decimo terceiro \
        | rescis* | aviso previo | vale transporte | vale refeicao | vale alimentacao \
        | auxilio* | beneficio* | plano de saude | assistencia medica | odontologic* \
        | seguro de vida | encargos sociais | encargos trabalhistas | folha* | pessoal \
        | funcionario* | colaborador* | empregado* | hora extra | gratificac* | plr \
        | participacao nos lucros | estagi* | treinamento* | capacitac* | exame medico \
        | exame admissional | medicina do trabalho | uniforme* | epi",
    ),
    rule(Expense, Line(DespesasComerciais), "comiss*"),
    rule(Any, Line(DespesasComerciais),
        "marketing | publicidade* | propaganda* | anuncio* | midia* | trafego pago | google ads \
        | facebook ads | meta ads | impulsionamento* | brinde* | frete* | carreto* | entrega* \
        | logistica* | comercia* | despesa com venda* | despesa de venda* | perda com cliente* \
        | inadimplencia* | devedores duvidosos | pdd | liquidacao duvidosa | embalage* \
        | amostra*",
    ),
    rule(Any, Line(DespesasAdministrativas),
        "condominio* | iptu | energia* | luz | agua | esgoto | telefon* | celular* | honorario* \
        | contab* | contador* | advoca* | advogad* | juridic* | cartorio* | despachante* \
        | material de escritorio | material de expediente | material de consumo | papelaria \
        | material de limpeza | limpeza | higiene | conservac* | seguranca | vigilancia \
        | alarme* | seguro* | alvara* | taxas municipais | taxa de licenca | administrativ* \
        | escritorio | gas",
    ),
    rule(Expense, Line(DespesasAdministrativas),
        "internet | software* | sistema* | licenca* | assinatura* | informatica | tecnologia \
        | consultoria* | assessoria* | manutenc* | reparo* | monitoramento | hospedagem de site \
        | dominio*",
    ),
    rule(Any, Line(DespesasGerais),
        "despesas gerais | despesas diversas | viage* | hospedage* | hotel* | passage* | doac*",
    ),
    rule(Expense, Line(DespesasGerais),
        "transporte* | uber | taxi* | alimentac* | refeic* | lanche*",
    ),
    rule(Any, Line(OutrasOperacionais), "outras receita* | outras despesa*"),
    // Loans, capital and fixed assets move money without being result: the DRE sees them
    // as juros and depreciação, which the rules above place.
    rule(Any, Excluded,
        "emprestimo* | financiamento* | aporte* | integralizac* | capital social \
        | distribuicao de lucro* | lucros distribuidos | retirada de lucro* | dividendo* \
        | imobilizado | investimento*",
    ),
    // Fixed and variable costs mix every line; stop here rather than let an ancestor
    // named "Custos" send them all to CMV.
    rule(Any, Unclassified,
        "custos fixos | custos variaveis | despesas fixas | despesas variaveis",
    ),
    rule(Any, Line(Cmv), "custo*"),
    rule(Expense, Line(Cmv),
        "compra* | mercadoria* | fornecedor* | produto* | revenda* | estoque*",
    ),
    rule(Any, Line(ReceitaBruta),
        "venda | prestacao de servico* | servicos prestados | receita de servico* \
        | faturamento* | receita bruta | receita operaciona*",
    ),
    rule(Income, Line(ReceitaBruta),
        "servico* | consultoria* | assessoria* | revenda* | mensalidade* | assinatura* | comiss*",
    ),
];

/// `RULES` with their keywords normalised, once: the mapping reads every account's
/// lineage on each report.
static COMPILED: LazyLock<Vec<(Side, AccountClass, Vec<Pattern>)>> = LazyLock::new(|| {
    RULES
        .iter()
        .map(|r| {
            (
                r.side,
                r.class,
                r.keywords.split('|').map(Pattern::parse).collect(),
            )
        })
        .collect()
});

/// The default for an account whose own name and ancestors' names (nearest first) are
/// given, with its type (its own, or its nearest ancestor's).
pub fn default_class(names: &[&str], tipo: Option<&str>) -> AccountClass {
    let side = match tipo.map(str::trim) {
        Some("C") => Some(Income),
        Some("D") => Some(Expense),
        _ => None,
    };
    for name in names {
        let words = format!(" {} ", normalised_words(name, true).join(" "));
        for (wanted, class, patterns) in COMPILED.iter() {
            let side_fits = *wanted == Any || side == Some(*wanted);
            if side_fits && patterns.iter().any(|p| p.matches(&words)) {
                return *class;
            }
        }
    }
    AccountClass::Unclassified
}

struct Pattern {
    /// ` word word ` (or ` word wor` for a prefix), to find in ` name words `.
    text: String,
    at_start: bool,
    at_end: bool,
}

impl Pattern {
    fn parse(keyword: &str) -> Pattern {
        let keyword = keyword.trim();
        let (at_start, keyword) = match keyword.strip_prefix('^') {
            Some(rest) => (true, rest),
            None => (false, keyword),
        };
        let (at_end, keyword) = match keyword.strip_suffix('$') {
            Some(rest) => (true, rest),
            None => (false, keyword),
        };
        let (prefix, keyword) = match keyword.strip_suffix('*') {
            Some(rest) => (true, rest),
            None => (false, keyword),
        };
        let words = normalised_words(keyword, !prefix).join(" ");
        let text = if prefix {
            format!(" {words}")
        } else {
            format!(" {words} ")
        };
        Pattern {
            text,
            at_start,
            at_end,
        }
    }

    fn matches(&self, words: &str) -> bool {
        match (self.at_start, self.at_end) {
            (true, true) => words == self.text,
            (true, false) => words.starts_with(&self.text),
            (false, true) => words.ends_with(&self.text),
            (false, false) => words.contains(&self.text),
        }
    }
}

/// Connectives a chart may or may not write ("Fretes s/ compras", "Despesas c/ vendas").
/// "das" stays when it opens the name: there it is the Simples Nacional's guia.
const STOPWORDS: &[&str] = &[
    "de", "da", "do", "das", "dos", "e", "a", "o", "as", "os", "em", "na", "no", "nas", "nos",
    "para", "p", "por", "pelo", "pela", "sobre", "s", "c", "com", "ao", "aos", "entre", "um",
];

/// Abbreviations seen in exported charts, as whole words.
#[rustfmt::skip]
const ABBREVIATIONS: &[(&str, &str)] = &[
    ("desp", "despesas"), ("rec", "receitas"), ("adm", "administrativas"),
    ("admin", "administrativas"), ("fin", "financeiras"), ("financ", "financeiras"),
    ("transf", "transferencia"), ("pgto", "pagamento"), ("pagto", "pagamento"),
    ("vda", "vendas"), ("vdas", "vendas"), ("serv", "servicos"), ("mat", "material"),
    ("enc", "encargos"), ("trib", "tributos"), ("imp", "impostos"), ("mkt", "marketing"),
    ("cx", "caixa"), ("dev", "devolucao"), ("oper", "operacionais"), ("merc", "mercadorias"),
    ("desc", "descontos"), ("obt", "obtidos"), ("conc", "concedidos"), ("banc", "bancarias"),
    ("tx", "taxa"), ("prest", "prestacao"),
];

/// The name's words: lowercase, without accents, codes, connectives or plural endings.
/// `stem_last` is off for a prefix keyword, whose last word is cut already.
fn normalised_words(name: &str, stem_last: bool) -> Vec<String> {
    let folded: String = crate::format::fold_accents(name)
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    let words: Vec<&str> = folded
        .split_whitespace()
        .skip_while(|w| w.chars().all(|c| c.is_ascii_digit()))
        .map(|w| {
            ABBREVIATIONS
                .iter()
                .find(|(a, _)| *a == w)
                .map_or(w, |(_, full)| *full)
        })
        .enumerate()
        .filter(|(i, w)| *i == 0 || !STOPWORDS.contains(w))
        .map(|(_, w)| w)
        .collect();
    let last = words.len().saturating_sub(1);
    words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            if stem_last || i < last {
                singular(w)
            } else {
                w.to_string()
            }
        })
        .collect()
}

/// A rough singular, the same for names and keywords, so "Tarifas bancárias" is
/// "Tarifa bancária". Words of three letters stay ("pis", "iss", "das").
fn singular(word: &str) -> String {
    if word.len() <= 3 || !word.ends_with('s') || word.ends_with("ss") {
        return word.to_string();
    }
    let stem = |cut: usize, add: &str| format!("{}{add}", &word[..word.len() - cut]);
    for (ending, replacement) in [("oes", "ao"), ("ais", "al"), ("eis", "el"), ("ns", "m")] {
        if word.ends_with(ending) {
            return stem(ending.len(), replacement);
        }
    }
    if word.ends_with("res") || word.ends_with("zes") {
        return stem(2, "");
    }
    stem(1, "")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class(name: &str, tipo: &str) -> AccountClass {
        default_class(&[name], (!tipo.is_empty()).then_some(tipo))
    }

    #[test]
    fn the_side_decides_between_rules_a_name_fits_on_both_sides() {
        assert_eq!(class("Juros", "C"), Line(ReceitasFinanceiras));
        assert_eq!(class("Juros", "D"), Line(DespesasFinanceiras));
        assert_eq!(class("Aluguel", "C"), Line(OutrasOperacionais));
        assert_eq!(class("Aluguel", "D"), Line(DespesasAdministrativas));
        // Without a side, a two-sided name is not guessed.
        assert_eq!(class("Juros", ""), Unclassified);
        // A one-sided name needs no side.
        assert_eq!(class("Descontos obtidos", ""), Line(ReceitasFinanceiras));
    }

    #[test]
    fn codes_signs_accents_abbreviations_and_plurals_are_read_through() {
        let simples = Line(Deducoes);
        assert_eq!(class("(-) Simples Nacional", "D"), simples);
        assert_eq!(class("3.1.02 - SIMPLES NACIONAL", "D"), simples);
        assert_eq!(
            class("1.2.3 – Desp. Bancárias", "D"),
            Line(DespesasFinanceiras)
        );
        assert_eq!(
            class("Tarifa bancaria", "D"),
            class("Tarifas bancárias", "D")
        );
        assert_eq!(class("Fretes s/ compras", "D"), Line(Cmv));
        assert_eq!(class("Frete sobre venda", "D"), Line(DespesasComerciais));
        assert_eq!(class("Desp. Adm.", "D"), Line(DespesasAdministrativas));
    }

    #[test]
    fn keywords_match_whole_words() {
        assert_eq!(class("PIS", "D"), Line(Deducoes));
        assert_eq!(class("PIS/COFINS", "D"), Line(Deducoes));
        assert_eq!(class("Piso e revestimento", "D"), Unclassified);
        assert_eq!(class("Vendedores", "C"), Unclassified);
        // "das" is the guia only at the start; inside a name it is a connective.
        assert_eq!(class("DAS - Simples", "D"), Line(Deducoes));
        assert_eq!(class("Custo das mercadorias vendidas", "D"), Line(Cmv));
    }

    #[test]
    fn names_no_rule_places_are_not_classified_on_either_side() {
        for tipo in ["C", "D", ""] {
            assert_eq!(class("Diversos", tipo), Unclassified, "{tipo}");
            assert_eq!(class("Receitas", tipo), Unclassified, "{tipo}");
        }
    }

    #[test]
    fn a_generic_ancestor_places_its_children_unless_it_mixes_lines() {
        let admin = default_class(&["Xpto", "Despesas administrativas"], Some("D"));
        assert_eq!(admin, Line(DespesasAdministrativas));
        let cost = default_class(&["Xpto", "Custos"], Some("D"));
        assert_eq!(cost, Line(Cmv));
        let fixed = default_class(&["Xpto", "Custos fixos", "Custos"], Some("D"));
        assert_eq!(fixed, Unclassified);
    }
}
