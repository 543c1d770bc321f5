//! Clientes and fornecedores: one shape for both (`docs/providers/gestaoclick.md#parties`).

use super::Record;
use crate::wire::{Flag, Id, Timestamp};
use chrono::NaiveDate;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub(crate) enum TipoPessoa {
    #[serde(rename = "PF")]
    Fisica,
    #[serde(rename = "PJ")]
    Juridica,
    #[serde(rename = "ES")]
    Estrangeiro,
}

impl TipoPessoa {
    pub fn code(self) -> &'static str {
        match self {
            TipoPessoa::Fisica => "PF",
            TipoPessoa::Juridica => "PJ",
            TipoPessoa::Estrangeiro => "ES",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct Pessoa {
    pub id: Id,
    pub tipo_pessoa: TipoPessoa,
    pub nome: String,
    pub razao_social: Option<String>,
    pub cnpj: Option<String>,
    pub inscricao_estadual: Option<String>,
    pub inscricao_municipal: Option<String>,
    pub cpf: Option<String>,
    pub rg: Option<String>,
    pub data_nascimento: Option<NaiveDate>,
    pub telefone: Option<String>,
    pub celular: Option<String>,
    pub fax: Option<String>,
    pub email: Option<String>,
    pub ativo: Flag,
    pub vendedor_id: Option<Id>,
    pub nome_vendedor: Option<String>,
    pub cadastrado_em: Timestamp,
    pub modificado_em: Timestamp,
    pub contatos: Vec<ContatoItem>,
    pub enderecos: Vec<EnderecoItem>,
}

impl Pessoa {
    /// The first address, which list filters (`cidade_id`, `estado`) look at.
    pub fn endereco(&self) -> Option<&Endereco> {
        self.enderecos.first().map(|item| &item.endereco)
    }
}

impl Record for Pessoa {
    fn id(&self) -> u64 {
        self.id.0
    }
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct ContatoItem {
    pub contato: Contato,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct Contato {
    pub tipo_id: Id,
    pub nome_tipo: &'static str,
    pub nome: String,
    pub contato: String,
    pub cargo: Option<String>,
    pub observacao: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct EnderecoItem {
    pub endereco: Endereco,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct Endereco {
    pub cep: String,
    pub logradouro: String,
    pub numero: String,
    pub complemento: Option<String>,
    pub bairro: String,
    pub cidade_id: Id,
    pub nome_cidade: String,
    pub estado: String,
}
