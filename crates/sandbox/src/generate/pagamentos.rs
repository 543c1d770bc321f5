//! Payable drafts: each month's recurring bills (rent, utilities, payroll, taxes) per
//! loja, then purchases, freight and marketing up to the target count.

use super::calendar::{Calendar, day_of_month};
use super::draw::pick;
use super::titles::{Counterpart, Draft, Side, keep_at_most};
use crate::dataset::catalog::{Catalog, CentroRole, FormaRole, PlanoRole, Ref};
use crate::money::Centavos;
use chrono::{NaiveDate, TimeDelta};
use rand::Rng;

/// The fornecedores that recurring bills are paid to, created first.
pub(crate) const UTILITY_COMPANIES: [&str; 4] = [
    "Imobiliária Horizonte Ltda",
    "Luz e Força Regional S.A.",
    "Companhia de Saneamento Municipal",
    "Conecta Telecom Ltda",
];

pub(crate) const ACCOUNTING_FIRM: &str = "Exata Contabilidade e Assessoria Ltda";

/// Fornecedores by what they are paid for.
pub(crate) struct Suppliers {
    /// In `UTILITY_COMPANIES` order, then the accounting firm.
    pub utilities: Vec<Ref>,
    pub merchandise: Vec<Ref>,
}

/// A monthly bill's fixed terms.
struct Bill {
    descricao: &'static str,
    plano: PlanoRole,
    centro: Option<CentroRole>,
    forma: FormaRole,
    due_day: u32,
}

const fn bill(descricao: &'static str, plano: PlanoRole, centro: CentroRole, due_day: u32) -> Bill {
    Bill {
        descricao,
        plano,
        centro: Some(centro),
        forma: FormaRole::Boleto,
        due_day,
    }
}

const ADMIN: CentroRole = CentroRole::Administrativo;
const ALUGUEL: Bill = bill("Aluguel", PlanoRole::Aluguel, ADMIN, 5);
const ENERGIA: Bill = bill("Energia elétrica", PlanoRole::EnergiaEletrica, ADMIN, 12);
const AGUA: Bill = bill("Água e esgoto", PlanoRole::AguaEsgoto, ADMIN, 15);
const INTERNET: Bill = bill(
    "Internet e telefonia",
    PlanoRole::TelefoneInternet,
    ADMIN,
    20,
);
const CONTABILIDADE: Bill = bill(
    "Honorários contábeis",
    PlanoRole::HonorariosContabeis,
    ADMIN,
    10,
);
const FGTS: Bill = bill("FGTS", PlanoRole::Fgts, CentroRole::Operacional, 7);
const SALARIO: Bill = Bill {
    forma: FormaRole::Transferencia,
    ..bill("Salário", PlanoRole::Salarios, CentroRole::Operacional, 5)
};
const PRO_LABORE: Bill = Bill {
    forma: FormaRole::Transferencia,
    ..bill("Pró-labore", PlanoRole::ProLabore, ADMIN, 5)
};
const SIMPLES: Bill = Bill {
    centro: None,
    ..bill("Simples Nacional", PlanoRole::SimplesNacional, ADMIN, 20)
};
const TARIFAS: Bill = Bill {
    forma: FormaRole::Transferencia,
    ..bill(
        "Tarifas bancárias",
        PlanoRole::TarifasBancarias,
        CentroRole::Financeiro,
        1,
    )
};

/// One month's occurrence of a bill.
struct Charge<'a> {
    loja: &'a Ref,
    counterpart: Counterpart,
    bill: &'static Bill,
    valor: Centavos,
}

pub(crate) fn drafts(
    rng: &mut impl Rng,
    catalog: &Catalog,
    calendar: &Calendar,
    suppliers: &Suppliers,
    target: usize,
) -> Vec<Draft> {
    let salaries: Vec<Centavos> = catalog
        .funcionarios
        .iter()
        .map(|_| Centavos(rng.random_range(2_200..4_500) * 100))
        .collect();
    let rents: Vec<Centavos> = catalog
        .lojas
        .iter()
        .map(|_| Centavos(rng.random_range(4_000..9_000) * 100))
        .collect();
    let mut drafts = Vec::new();
    for month in calendar.months() {
        for charge in monthly_charges(rng, catalog, suppliers, &salaries, &rents) {
            drafts.push(recurring_draft(rng, calendar, month, charge));
        }
    }
    let mut drafts = keep_at_most(rng, drafts, target);
    while drafts.len() < target {
        drafts.push(purchase(rng, catalog, calendar, suppliers));
    }
    drafts
}

fn monthly_charges<'a>(
    rng: &mut impl Rng,
    catalog: &'a Catalog,
    suppliers: &Suppliers,
    salaries: &[Centavos],
    rents: &[Centavos],
) -> Vec<Charge<'a>> {
    let utility = |index: usize| match suppliers.utilities.get(index) {
        Some(r) => Counterpart::Fornecedor(r.clone()),
        None => Counterpart::Outro,
    };
    let mut charges = Vec::new();
    for (loja, rent) in catalog.lojas.iter().zip(rents) {
        let energia = Centavos(rng.random_range(90_000..240_000));
        let agua = Centavos(rng.random_range(15_000..45_000));
        let per_loja = [
            (&ALUGUEL, *rent),
            (&ENERGIA, energia),
            (&AGUA, agua),
            (&INTERNET, Centavos(29_990)),
        ];
        for (index, (bill, valor)) in per_loja.into_iter().enumerate() {
            charges.push(Charge {
                loja,
                counterpart: utility(index),
                bill,
                valor,
            });
        }
    }
    for (i, (funcionario, salary)) in catalog.funcionarios.iter().zip(salaries).enumerate() {
        charges.push(Charge {
            loja: &catalog.lojas[i % catalog.lojas.len()],
            counterpart: Counterpart::Funcionario(funcionario.clone()),
            bill: &SALARIO,
            valor: *salary,
        });
    }
    let payroll: Centavos = salaries.iter().copied().sum();
    let matriz_bills = [
        (
            &CONTABILIDADE,
            utility(UTILITY_COMPANIES.len()),
            Centavos(120_000),
        ),
        (&FGTS, Counterpart::Outro, payroll.percent(8)),
        (&PRO_LABORE, Counterpart::Outro, Centavos(600_000)),
        (
            &SIMPLES,
            Counterpart::Outro,
            Centavos(rng.random_range(300_000..900_000)),
        ),
        (
            &TARIFAS,
            Counterpart::Outro,
            Centavos(rng.random_range(4_590..8_990)),
        ),
    ];
    for (bill, counterpart, valor) in matriz_bills {
        charges.push(Charge {
            loja: catalog.matriz(),
            counterpart,
            bill,
            valor,
        });
    }
    charges
}

fn recurring_draft(
    rng: &mut impl Rng,
    calendar: &Calendar,
    month: NaiveDate,
    charge: Charge<'_>,
) -> Draft {
    let label = month.format("%m/%Y");
    let Charge {
        loja,
        counterpart,
        bill,
        valor,
    } = charge;
    let descricao = match &counterpart {
        Counterpart::Funcionario(who) => format!("{} {} - {label}", bill.descricao, who.nome),
        _ => format!("{} {} - {label}", bill.descricao, loja.nome),
    };
    Draft {
        side: Side::Pagar,
        descricao,
        counterpart,
        valor,
        vencimento: day_of_month(month, bill.due_day),
        competencia: month,
        plano: bill.plano,
        centro: bill.centro,
        forma: bill.forma,
        loja: loja.clone(),
        cadastrado_em: Calendar::business_hours(rng, month.min(calendar.today)),
    }
}

fn purchase(
    rng: &mut impl Rng,
    catalog: &Catalog,
    calendar: &Calendar,
    suppliers: &Suppliers,
) -> Draft {
    let vencimento = Calendar::day_between(rng, calendar.window_start, calendar.month_end);
    let registered_on = (vencimento - TimeDelta::days(rng.random_range(0..30))).min(calendar.today);
    let nota: usize = rng.random_range(10_000..999_999);
    let fornecedor = || match suppliers
        .merchandise
        .get(nota % suppliers.merchandise.len().max(1))
    {
        Some(r) => Counterpart::Fornecedor(r.clone()),
        None => Counterpart::Outro,
    };
    let (descricao, counterpart, plano, forma, valor) = match rng.random_range(0..20) {
        0..17 => (
            format!("Compra de mercadorias - NF {nota}"),
            fornecedor(),
            PlanoRole::CompraMercadorias,
            *pick(
                rng,
                &[
                    FormaRole::Boleto,
                    FormaRole::Boleto,
                    FormaRole::Pix,
                    FormaRole::Transferencia,
                ],
            ),
            Centavos(rng.random_range(10_000..150_000)),
        ),
        17..19 => (
            format!("Frete NF {nota}"),
            Counterpart::Transportadora(pick(rng, &catalog.transportadoras).clone()),
            PlanoRole::FretesCompras,
            FormaRole::Boleto,
            Centavos(rng.random_range(8_000..90_000)),
        ),
        _ => (
            "Anúncios online".to_string(),
            fornecedor(),
            PlanoRole::Marketing,
            FormaRole::CartaoCredito,
            Centavos(rng.random_range(20_000..150_000)),
        ),
    };
    let loja = super::vendas::random_loja(rng, catalog);
    Draft {
        side: Side::Pagar,
        descricao,
        counterpart,
        valor,
        vencimento,
        competencia: registered_on,
        plano,
        centro: if rng.random_bool(0.8) {
            Some(CentroRole::Operacional)
        } else {
            None
        },
        forma,
        loja: loja.clone(),
        cadastrado_em: Calendar::business_hours(rng, registered_on),
    }
}
