//! Mapper for clientes and fornecedores (the same shape in the reference).

use super::{FieldError, Fields};
use crate::documents::Documento;
use crate::domain::{Party, PartyKind};

pub(super) fn party(f: Fields<'_>, kind: PartyKind) -> Result<Party, FieldError> {
    let cpf = f.text("cpf");
    let cnpj = f.text("cnpj");
    let documento = cnpj
        .as_deref()
        .or(cpf.as_deref())
        .and_then(Documento::parse)
        .map(|d| d.as_str().to_string());
    Ok(Party {
        kind,
        tipo_pessoa: f.text("tipo_pessoa"),
        nome: f.required_text("nome")?,
        razao_social: f.text("razao_social"),
        cpf,
        cnpj,
        documento,
        inscricao_estadual: f.text("inscricao_estadual"),
        inscricao_municipal: f.text("inscricao_municipal"),
        rg: f.text("rg"),
        data_nascimento: f.date("data_nascimento")?,
        telefone: f.text("telefone"),
        celular: f.text("celular"),
        fax: f.text("fax"),
        email: f.text("email"),
        ativo: f.text("ativo").is_none() || f.flag("ativo")?,
        vendedor_id: f.text("vendedor_id"),
        nome_vendedor: f.text("nome_vendedor"),
        contatos_json: f.wrapped_list_json("contatos", "contato"),
        enderecos_json: f.wrapped_list_json("enderecos", "endereco"),
        cadastrado_em: f.timestamp("cadastrado_em")?,
        modificado_em: f.timestamp("modificado_em")?,
    })
}
