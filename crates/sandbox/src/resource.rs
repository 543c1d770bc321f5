//! The API's list resources: their path names, which `meta` variant each one answers with
//! and which list items arrive wrapped.

use crate::config::MetaVariant;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Resource {
    Lojas,
    PlanosContas,
    CentrosCustos,
    ContasBancarias,
    FormasPagamentos,
    SituacoesVendas,
    Clientes,
    Fornecedores,
    Vendas,
    Recebimentos,
    Pagamentos,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MetaShape {
    A,
    B,
}

impl Resource {
    const ALL: [Resource; 11] = [
        Resource::Lojas,
        Resource::PlanosContas,
        Resource::CentrosCustos,
        Resource::ContasBancarias,
        Resource::FormasPagamentos,
        Resource::SituacoesVendas,
        Resource::Clientes,
        Resource::Fornecedores,
        Resource::Vendas,
        Resource::Recebimentos,
        Resource::Pagamentos,
    ];

    pub fn path(self) -> &'static str {
        match self {
            Resource::Lojas => "lojas",
            Resource::PlanosContas => "planos_contas",
            Resource::CentrosCustos => "centros_custos",
            Resource::ContasBancarias => "contas_bancarias",
            Resource::FormasPagamentos => "formas_pagamentos",
            Resource::SituacoesVendas => "situacoes_vendas",
            Resource::Clientes => "clientes",
            Resource::Fornecedores => "fornecedores",
            Resource::Vendas => "vendas",
            Resource::Recebimentos => "recebimentos",
            Resource::Pagamentos => "pagamentos",
        }
    }

    pub fn from_path(path: &str) -> Option<Resource> {
        Self::ALL.into_iter().find(|r| r.path() == path)
    }

    /// Per resource, the blueprint's example decides (A for clientes, fornecedores and
    /// vendas; B for the titles, which third-party clients read `total_paginas` from). The
    /// resources without an official example are split between the two so that a client
    /// meets both in one sync.
    pub fn meta_shape(self, variant: MetaVariant) -> MetaShape {
        match variant {
            MetaVariant::ForceA => MetaShape::A,
            MetaVariant::ForceB => MetaShape::B,
            MetaVariant::PerResource => match self {
                Resource::Lojas
                | Resource::CentrosCustos
                | Resource::SituacoesVendas
                | Resource::Clientes
                | Resource::Fornecedores
                | Resource::Vendas => MetaShape::A,
                Resource::PlanosContas
                | Resource::ContasBancarias
                | Resource::FormasPagamentos
                | Resource::Recebimentos
                | Resource::Pagamentos => MetaShape::B,
            },
        }
    }

    /// The key list items are wrapped in when wrapping is on: seen by the probing
    /// third-party client on `/vendas` and `/formas_pagamentos`
    /// (`docs/providers/gestaoclick.md#wrapped-items`).
    pub fn list_item_wrapper(self) -> Option<&'static str> {
        match self {
            Resource::Vendas => Some("Venda"),
            Resource::FormasPagamentos => Some("FormasPagamento"),
            _ => None,
        }
    }
}
