//! Which records a request gets, per resource: the provider's filters, the defaults it
//! applies (the matriz when `loja_id` is absent, the current month for titles) and its
//! default order (id ascending; titles by effective date).

use super::query::{Invalid, Params};
use crate::dataset::Dataset;
use crate::dataset::table::{Rendered, Table};
use crate::generate::Calendar;
use crate::records::Record;
use crate::records::lancamento::Lancamento;
use crate::records::pessoa::Pessoa;
use crate::resource::Resource;
use crate::wire::{Id, OrBlank};

/// The live records of a list request, filtered, in the provider's default order.
pub(crate) fn select<'a>(
    dataset: &'a Dataset,
    resource: Resource,
    params: &Params,
) -> Result<Vec<&'a Rendered>, Invalid> {
    Ok(match resource {
        Resource::Lojas => all(&dataset.lojas),
        Resource::CentrosCustos => all(&dataset.centros_custos),
        Resource::ContasBancarias => all(&dataset.contas_bancarias),
        Resource::FormasPagamentos => all(&dataset.formas_pagamentos),
        Resource::SituacoesVendas => all(&dataset.situacoes_vendas),
        Resource::PlanosContas => {
            let tipo = params.one_of("tipo", &["C", "D"])?;
            filtered(&dataset.planos_contas, |p| tipo.is_none_or(|t| p.tipo == t))
        }
        Resource::Clientes => pessoas(&dataset.clientes, params)?,
        Resource::Fornecedores => pessoas(&dataset.fornecedores, params)?,
        Resource::Vendas => vendas(dataset, params)?,
        Resource::Recebimentos => titles(dataset, &dataset.recebimentos, params)?,
        Resource::Pagamentos => titles(dataset, &dataset.pagamentos, params)?,
    })
}

fn all<T: Record>(table: &Table<T>) -> Vec<&Rendered> {
    filtered(table, |_| true)
}

fn filtered<T: Record>(table: &Table<T>, keep: impl Fn(&T) -> bool) -> Vec<&Rendered> {
    table
        .entries()
        .filter(|entry| keep(&entry.record))
        .map(|entry| &entry.rendered)
        .collect()
}

fn pessoas<'a>(table: &'a Table<Pessoa>, params: &Params) -> Result<Vec<&'a Rendered>, Invalid> {
    let tipo = params.one_of("tipo_pessoa", &["PF", "PJ", "ES"])?;
    let situacao = params.one_of("situacao", &["0", "1"])?;
    let cidade_id = params.id("cidade_id")?;
    let nome = params.text("nome");
    let cpf_cnpj = params.get("cpf_cnpj").map(document_chars);
    let telefone = params.get("telefone").map(digits);
    let email = params.text("email");
    let estado = params.get("estado").map(str::to_uppercase);
    Ok(filtered(table, |p| {
        let endereco = p.endereco();
        tipo.is_none_or(|t| p.tipo_pessoa.code() == t)
            && situacao.is_none_or(|s| p.ativo.0 == (s == "1"))
            && cidade_id.is_none_or(|c| endereco.is_some_and(|e| e.cidade_id == Id(c)))
            && estado
                .as_ref()
                .is_none_or(|uf| endereco.is_some_and(|e| &e.estado == uf))
            && nome.as_ref().is_none_or(|n| {
                contains(&p.nome, n) || p.razao_social.as_ref().is_some_and(|r| contains(r, n))
            })
            && cpf_cnpj.as_ref().is_none_or(|wanted| {
                [&p.cpf, &p.cnpj]
                    .into_iter()
                    .flatten()
                    .any(|doc| &document_chars(doc) == wanted)
            })
            && telefone.as_ref().is_none_or(|wanted| {
                [&p.telefone, &p.celular]
                    .into_iter()
                    .flatten()
                    .any(|phone| !wanted.is_empty() && digits(phone).contains(wanted.as_str()))
            })
            && email
                .as_ref()
                .is_none_or(|e| p.email.as_ref().is_some_and(|m| contains(m, e)))
    }))
}

fn vendas<'a>(dataset: &'a Dataset, params: &Params) -> Result<Vec<&'a Rendered>, Invalid> {
    let loja_id = loja(dataset, params)?;
    let tipo = params.one_of("tipo", &["produto", "servico", "vendas_balcao"])?;
    let codigo = params.id("codigo")?;
    let situacao_id = params.id("situacao_id")?;
    let cliente_id = params.id("cliente_id")?;
    let centro_custo_id = params.id("centro_custo_id")?;
    let inicio = params.date("data_inicio")?;
    let fim = params.date("data_fim")?;
    let nome = params.text("nome");
    Ok(filtered(&dataset.vendas, |v| {
        let tipo_matches = match tipo {
            Some("produto") => !v.produtos.is_empty(),
            Some("servico") => v.produtos.is_empty() && !v.servicos.is_empty(),
            // The sandbox generates no counter sales.
            Some(_) => false,
            None => true,
        };
        v.loja_id == Id(loja_id)
            && tipo_matches
            && codigo.is_none_or(|c| v.codigo == Id(c))
            && situacao_id.is_none_or(|s| v.situacao_id == Id(s))
            && cliente_id.is_none_or(|c| v.cliente_id == Some(Id(c)))
            && centro_custo_id.is_none_or(|c| v.centro_custo_id == Id(c))
            && inicio.is_none_or(|d| v.data >= d)
            && fim.is_none_or(|d| v.data <= d)
            && nome.as_ref().is_none_or(|n| contains(&v.nome_cliente, n))
    }))
}

/// Recebimentos and pagamentos. The period matches the effective date and defaults to the
/// current month; `liquidado` is ignored, as the probing client observed
/// (`docs/providers/gestaoclick.md#title-windows`); the order is by effective date.
fn titles<'a>(
    dataset: &'a Dataset,
    table: &'a Table<Lancamento>,
    params: &Params,
) -> Result<Vec<&'a Rendered>, Invalid> {
    let loja_id = loja(dataset, params)?;
    let (inicio, fim) = match (params.date("data_inicio")?, params.date("data_fim")?) {
        (None, None) => {
            let (first, last) = Calendar::new(dataset.today).current_month();
            (Some(first), Some(last))
        }
        period => period,
    };
    let codigo = params.id("codigo")?;
    let cliente = params.id("cliente_id")?;
    let fornecedor = params.id("fornecedor_id")?;
    let transportadora = params.id("transportadora_id")?;
    let funcionario = params.id("funcionario_id")?;
    let plano = params.id("plano_contas_id")?;
    let centro = params.id("centro_custo_id")?;
    let conta = params.id("conta_bancaria_id")?;
    let forma = params.id("forma_pagamento_id")?;
    let valor_inicio = params.money("valor_inicio")?;
    let valor_fim = params.money("valor_fim")?;
    let nome = params.text("nome");
    let blank_matches = |filter: Option<u64>, value: &OrBlank<Id>| {
        filter.is_none_or(|wanted| value.0 == Some(Id(wanted)))
    };
    let mut selected: Vec<(&Lancamento, &Rendered)> = table
        .entries()
        .filter(|entry| {
            let t = &entry.record;
            let effective = t.effective_date();
            t.loja_id == Id(loja_id)
                && inicio.is_none_or(|d| effective >= d)
                && fim.is_none_or(|d| effective <= d)
                && codigo.is_none_or(|c| t.codigo == Id(c))
                && blank_matches(cliente, &t.cliente_id)
                && blank_matches(fornecedor, &t.fornecedor_id)
                && blank_matches(transportadora, &t.transportadora_id)
                && blank_matches(funcionario, &t.funcionario_id)
                && blank_matches(centro, &t.centro_custo_id)
                && plano.is_none_or(|p| t.plano_contas_id == Id(p))
                && conta.is_none_or(|c| t.conta_bancaria_id == Id(c))
                && forma.is_none_or(|f| t.forma_pagamento_id == Id(f))
                && valor_inicio.is_none_or(|v| t.valor >= v)
                && valor_fim.is_none_or(|v| t.valor <= v)
                && nome.as_ref().is_none_or(|n| title_mentions(t, n))
        })
        .map(|entry| (&entry.record, &entry.rendered))
        .collect();
    selected.sort_by_key(|(title, rendered)| (title.effective_date(), rendered.id));
    Ok(selected.into_iter().map(|(_, rendered)| rendered).collect())
}

/// The loja a per-loja list is for: `loja_id`, or the matriz when absent, as the provider
/// picks it (`docs/providers/gestaoclick.md#sync-plan`).
fn loja(dataset: &Dataset, params: &Params) -> Result<u64, Invalid> {
    match params.id("loja_id")? {
        None => Ok(dataset.catalog.matriz().id),
        Some(id) if dataset.lojas.get(id).is_some() => Ok(id),
        Some(id) => Err(Invalid(format!(
            "Loja {id} não encontrada ou sem permissão de acesso."
        ))),
    }
}

fn title_mentions(title: &Lancamento, needle: &str) -> bool {
    contains(&title.descricao, needle)
        || [
            &title.nome_cliente,
            &title.nome_fornecedor,
            &title.nome_transportadora,
            &title.nome_funcionario,
        ]
        .into_iter()
        .any(|name| name.0.as_ref().is_some_and(|n| contains(n, needle)))
}

/// Case-insensitive substring match; `needle` is already lower case.
fn contains(haystack: &str, needle: &str) -> bool {
    haystack.to_lowercase().contains(needle)
}

fn digits(text: &str) -> String {
    text.chars().filter(char::is_ascii_digit).collect()
}

/// A CPF or CNPJ without punctuation, upper-cased (alphanumeric CNPJs).
fn document_chars(text: &str) -> String {
    text.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect()
}
