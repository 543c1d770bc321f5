//! Writing a recebimento or pagamento: the provider's `PUT` with the whole record, and an
//! operator's edit in Gestão Click's own screen with some fields. Both validate as the
//! provider does (pt-BR `mensagem`, answered 404 by the API), write the writable fields
//! with the names the reference tables give their ids, recompute `valor_total` and stamp
//! `modificado_em` with the logical clock, so the edit is newer than anything before.
//! Fields a body leaves out keep what the record had.

use super::{MutationAction, MutationEntity, MutationOutcome};
use crate::dataset::Dataset;
use crate::dataset::table::{Rendered, Table};
use crate::money::{Centavos, parse_centavos};
use crate::records::Record;
use crate::records::lancamento::Lancamento;
use crate::wire::{Flag, Id, OrBlank, Timestamp};
use chrono::NaiveDate;
use serde_json::{Map, Value};

/// What the provider's POST and PUT require (reference §5.5).
const REQUIRED: [&str; 7] = [
    "descricao",
    "data_vencimento",
    "plano_contas_id",
    "forma_pagamento_id",
    "conta_bancaria_id",
    "valor",
    "data_competencia",
];

/// Why a write was not applied; nothing changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum EditRefusal {
    /// No live record of that entity has that id (or the entity is not a title).
    NotFound,
    /// The provider's validation `mensagem`, in pt-BR.
    Invalid(String),
}

/// An applied write: its outcome (for the webhook) and the top-level fields whose values
/// changed, with their new values (`modificado_em` left out: it always changes).
#[derive(Debug, Clone)]
pub(crate) struct TitleEdit {
    pub outcome: MutationOutcome,
    pub changed: Map<String, Value>,
}

/// How the edit asks for the fields it does not name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EditScope {
    /// A PUT: the body is the whole record, so every required field must be in it.
    WholeRecord,
    /// An operator's edit: only the fields given change.
    SomeFields,
}

impl Dataset {
    pub(crate) fn edit_title(
        &mut self,
        entity: MutationEntity,
        id: u64,
        fields: &Map<String, Value>,
        scope: EditScope,
    ) -> Result<TitleEdit, EditRefusal> {
        let table = self.titles(entity).ok_or(EditRefusal::NotFound)?;
        let current = &table.get(id).ok_or(EditRefusal::NotFound)?.rendered;
        if scope == EditScope::WholeRecord
            && let Some(missing) = REQUIRED.iter().find(|name| given(fields, name).is_none())
        {
            return Err(invalid(format!("O campo {missing} é obrigatório.")));
        }
        let written = Written::read(self, current, fields)?;
        let before = as_map(&current.json);
        let stamp = self.sequences.tick();
        let table = self.titles_mut(entity).ok_or(EditRefusal::NotFound)?;
        let loja_id = table
            .update(id, |title| written.apply(title, stamp))
            .ok_or(EditRefusal::NotFound)?;
        let after = table
            .get(id)
            .map(|entry| as_map(&entry.rendered.json))
            .unwrap_or_default();
        let changed = after
            .into_iter()
            .filter(|(name, value)| name != "modificado_em" && before.get(name) != Some(value))
            .collect();
        Ok(TitleEdit {
            outcome: MutationOutcome {
                action: MutationAction::Updated,
                entity,
                id: id.to_string(),
                loja_id: Some(loja_id.to_string()),
                modificado_em: Some(stamp.to_string()),
            },
            changed,
        })
    }

    fn titles(&self, entity: MutationEntity) -> Option<&Table<Lancamento>> {
        match entity {
            MutationEntity::Recebimento => Some(&self.recebimentos),
            MutationEntity::Pagamento => Some(&self.pagamentos),
            _ => None,
        }
    }

    fn titles_mut(&mut self, entity: MutationEntity) -> Option<&mut Table<Lancamento>> {
        match entity {
            MutationEntity::Recebimento => Some(&mut self.recebimentos),
            MutationEntity::Pagamento => Some(&mut self.pagamentos),
            _ => None,
        }
    }
}

/// The entity behind a resource path that takes writes: only the titles do.
pub(crate) fn title_entity(resource: &str) -> Option<MutationEntity> {
    match resource {
        "recebimentos" => Some(MutationEntity::Recebimento),
        "pagamentos" => Some(MutationEntity::Pagamento),
        _ => None,
    }
}

fn invalid(mensagem: String) -> EditRefusal {
    EditRefusal::Invalid(mensagem)
}

fn as_map(json: &str) -> Map<String, Value> {
    serde_json::from_str(json).unwrap_or_default()
}

/// A field the body gives with a value: text as sent, numbers and booleans as text; `None`
/// when absent, null or blank.
fn given(fields: &Map<String, Value>, name: &str) -> Option<String> {
    match fields.get(name)? {
        Value::String(text) => Some(text.trim().to_string()).filter(|t| !t.is_empty()),
        Value::Number(number) => Some(number.to_string()),
        Value::Bool(flag) => Some(if *flag { "1" } else { "0" }.to_string()),
        Value::Null | Value::Array(_) | Value::Object(_) => None,
    }
}

/// The record's writable fields after the edit, checked and resolved.
struct Written {
    descricao: String,
    data_vencimento: NaiveDate,
    data_competencia: NaiveDate,
    liquidado: bool,
    data_liquidacao: Option<NaiveDate>,
    plano: (u64, String),
    centro: Option<(u64, String)>,
    conta: (u64, String),
    forma: (u64, String),
    valor: Centavos,
    juros: Centavos,
    desconto: Centavos,
    taxa_banco: Centavos,
    taxa_operadora: Centavos,
}

/// The edit's fields over the record's current ones.
struct Merged<'a> {
    current: &'a Rendered,
    fields: &'a Map<String, Value>,
}

impl Merged<'_> {
    /// The field's text after the edit; `None` when blank. A list or an object where a
    /// value belongs is refused.
    fn text(&self, name: &str) -> Result<Option<String>, EditRefusal> {
        match self.fields.get(name) {
            None => Ok(self
                .current
                .field(name)
                .filter(|text| !text.is_empty())
                .map(str::to_string)),
            Some(Value::Array(_) | Value::Object(_)) => Err(invalid(format!(
                "O campo {name} deve ser um texto ou um número, não uma lista ou um objeto."
            ))),
            Some(_) => Ok(given(self.fields, name)),
        }
    }

    fn required(&self, name: &str) -> Result<String, EditRefusal> {
        self.text(name)?
            .ok_or_else(|| invalid(format!("O campo {name} é obrigatório.")))
    }

    fn date(&self, name: &str) -> Result<Option<NaiveDate>, EditRefusal> {
        let Some(text) = self.text(name)? else {
            return Ok(None);
        };
        // chrono takes one-digit months and days; the provider's format has two.
        let date = (text.len() == 10)
            .then(|| NaiveDate::parse_from_str(&text, "%Y-%m-%d").ok())
            .flatten();
        date.map(Some).ok_or_else(|| {
            invalid(format!(
                "O campo {name} deve ser uma data no formato AAAA-MM-DD, como 2026-03-15."
            ))
        })
    }

    fn required_date(&self, name: &str) -> Result<NaiveDate, EditRefusal> {
        self.date(name)?
            .ok_or_else(|| invalid(format!("O campo {name} é obrigatório.")))
    }

    /// Blank money is zero, as in the provider's own records.
    fn money(&self, name: &str) -> Result<Centavos, EditRefusal> {
        let Some(text) = self.text(name)? else {
            return Ok(Centavos(0));
        };
        parse_centavos(&text)
            .filter(|amount| amount.0 >= 0)
            .ok_or_else(|| {
                invalid(format!(
                    "O campo {name} deve ser um valor decimal sem sinal, como 150.00."
                ))
            })
    }

    fn liquidado(&self) -> Result<bool, EditRefusal> {
        match self.text("liquidado")?.as_deref() {
            None | Some("0" | "false") => Ok(false),
            Some("1" | "true") => Ok(true),
            Some(_) => Err(invalid(
                "O campo liquidado deve ser 1 (liquidado) ou 0 (em aberto).".to_string(),
            )),
        }
    }
}

/// Looks up a reference id in its table; the refusal names what to send instead.
fn reference<T: Record>(
    table: &Table<T>,
    text: &str,
    nome: impl Fn(&T) -> &str,
    what: &str,
    list: &str,
) -> Result<(u64, String), EditRefusal> {
    text.parse::<u64>()
        .ok()
        .and_then(|id| {
            table
                .get(id)
                .map(|entry| (id, nome(&entry.record).to_string()))
        })
        .ok_or_else(|| {
            invalid(format!(
                "{what} {text} não existe: informe o id de um dos cadastrados em {list}."
            ))
        })
}

impl Written {
    fn read(
        dataset: &Dataset,
        current: &Rendered,
        fields: &Map<String, Value>,
    ) -> Result<Written, EditRefusal> {
        let merged = Merged { current, fields };
        let liquidado = merged.liquidado()?;
        let data_liquidacao = merged.date("data_liquidacao")?;
        if liquidado && data_liquidacao.is_none() {
            return Err(invalid(
                "Informe a data_liquidacao: um lançamento liquidado precisa da data em que foi pago."
                    .to_string(),
            ));
        }
        let centro = match merged.text("centro_custo_id")? {
            None => None,
            Some(text) => Some(reference(
                &dataset.centros_custos,
                &text,
                |c| &c.nome,
                "O centro de custo",
                "centros_custos",
            )?),
        };
        Ok(Written {
            descricao: merged.required("descricao")?,
            data_vencimento: merged.required_date("data_vencimento")?,
            data_competencia: merged.required_date("data_competencia")?,
            liquidado,
            data_liquidacao: data_liquidacao.filter(|_| liquidado),
            plano: reference(
                &dataset.planos_contas,
                &merged.required("plano_contas_id")?,
                |p| &p.nome,
                "O plano de contas",
                "planos_contas",
            )?,
            centro,
            conta: reference(
                &dataset.contas_bancarias,
                &merged.required("conta_bancaria_id")?,
                |c| &c.nome,
                "A conta bancária",
                "contas_bancarias",
            )?,
            forma: reference(
                &dataset.formas_pagamentos,
                &merged.required("forma_pagamento_id")?,
                |f| &f.nome,
                "A forma de pagamento",
                "formas_pagamentos",
            )?,
            valor: {
                merged.required("valor")?;
                merged.money("valor")?
            },
            juros: merged.money("juros")?,
            desconto: merged.money("desconto")?,
            taxa_banco: merged.money("taxa_banco")?,
            taxa_operadora: merged.money("taxa_operadora")?,
        })
    }

    /// Writes onto `title` and returns its loja id.
    fn apply(&self, title: &mut Lancamento, stamp: Timestamp) -> u64 {
        title.descricao.clone_from(&self.descricao);
        title.data_vencimento = self.data_vencimento;
        title.data_competencia = self.data_competencia;
        title.liquidado = Flag(self.liquidado);
        title.data_liquidacao = self.data_liquidacao;
        title.plano_contas_id = Id(self.plano.0);
        title.nome_plano_conta.clone_from(&self.plano.1);
        title.centro_custo_id = OrBlank(self.centro.as_ref().map(|(id, _)| Id(*id)));
        title.nome_centro_custo = OrBlank(self.centro.as_ref().map(|(_, nome)| nome.clone()));
        title.conta_bancaria_id = Id(self.conta.0);
        title.nome_conta_bancaria.clone_from(&self.conta.1);
        title.forma_pagamento_id = Id(self.forma.0);
        title.nome_forma_pagamento.clone_from(&self.forma.1);
        title.valor = self.valor;
        title.juros = self.juros;
        title.desconto = self.desconto;
        title.taxa_banco = self.taxa_banco;
        title.taxa_operadora = self.taxa_operadora;
        title.recompute_total();
        title.modificado_em = stamp;
        title.loja_id.0
    }
}
