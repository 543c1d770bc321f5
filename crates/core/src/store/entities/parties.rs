//! The `parties` table: clientes and fornecedores.

use super::{Query, Table};
use crate::domain::Party;
use crate::store::search::{party_search, sort_key};

const COLUMNS: &[&str] = &[
    "kind",
    "tipo_pessoa",
    "nome",
    "razao_social",
    "cpf",
    "cnpj",
    "documento",
    "inscricao_estadual",
    "inscricao_municipal",
    "rg",
    "data_nascimento",
    "telefone",
    "celular",
    "fax",
    "email",
    "ativo",
    "vendedor_id",
    "nome_vendedor",
    "contatos",
    "enderecos",
    "cadastrado_em",
    "modificado_em",
    "busca",
    "nome_ordem",
];

pub(in crate::store) static TABLE: Table = Table::new("parties", COLUMNS);

pub(super) fn bind<'q>(query: Query<'q>, p: &'q Party) -> Query<'q> {
    query
        .bind(p.kind.as_str())
        .bind(p.tipo_pessoa.as_deref())
        .bind(p.nome.as_str())
        .bind(p.razao_social.as_deref())
        .bind(p.cpf.as_deref())
        .bind(p.cnpj.as_deref())
        .bind(p.documento.as_deref())
        .bind(p.inscricao_estadual.as_deref())
        .bind(p.inscricao_municipal.as_deref())
        .bind(p.rg.as_deref())
        .bind(p.data_nascimento.as_deref())
        .bind(p.telefone.as_deref())
        .bind(p.celular.as_deref())
        .bind(p.fax.as_deref())
        .bind(p.email.as_deref())
        .bind(p.ativo)
        .bind(p.vendedor_id.as_deref())
        .bind(p.nome_vendedor.as_deref())
        .bind(p.contatos_json.as_str())
        .bind(p.enderecos_json.as_str())
        .bind(p.cadastrado_em.as_deref())
        .bind(p.modificado_em.as_deref())
        .bind(party_search(
            &p.nome,
            p.razao_social.as_deref(),
            p.documento.as_deref(),
            p.cpf.as_deref(),
            p.cnpj.as_deref(),
            p.email.as_deref(),
        ))
        .bind(sort_key(Some(&p.nome)))
}
