//! One live record of the dataset by resource and id, as the API renders it: what the
//! API's detail route answers and what a webhook carries.

use super::Dataset;
use super::table::{Rendered, Table};
use crate::records::Record;
use crate::resource::Resource;

impl Dataset {
    /// One live record by id, whatever its loja or date.
    pub(crate) fn find(&self, resource: Resource, id: u64) -> Option<&Rendered> {
        fn rendered<T: Record>(table: &Table<T>, id: u64) -> Option<&Rendered> {
            table.get(id).map(|entry| &entry.rendered)
        }
        match resource {
            Resource::Lojas => rendered(&self.lojas, id),
            Resource::PlanosContas => rendered(&self.planos_contas, id),
            Resource::CentrosCustos => rendered(&self.centros_custos, id),
            Resource::ContasBancarias => rendered(&self.contas_bancarias, id),
            Resource::FormasPagamentos => rendered(&self.formas_pagamentos, id),
            Resource::SituacoesVendas => rendered(&self.situacoes_vendas, id),
            Resource::Clientes => rendered(&self.clientes, id),
            Resource::Fornecedores => rendered(&self.fornecedores, id),
            Resource::Vendas => rendered(&self.vendas, id),
            Resource::Recebimentos => rendered(&self.recebimentos, id),
            Resource::Pagamentos => rendered(&self.pagamentos, id),
        }
    }
}
