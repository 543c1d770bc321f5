//! `Reports`: the reports' front door, which `Core::reports` hands out. It holds the store
//! (for its SQL, nothing of sync) and offers every report operation the screens, the CLI,
//! the tests and the benchmarks ask for. Each report's own operations sit beside its types
//! and arithmetic, as `impl Reports` blocks in its module (`indicators`, `dre::report`,
//! `dre::drill`, `dre::mapping_view`, `dre::mapping_csv`, `conferencia`, `cash_flow`,
//! `aging`, `sales`, `heading`, `request`); this file owns what is not a report of its own:
//! the mapping editor's choices, the filters' options, Dados' browse and the saldos
//! iniciais.

use super::cash_flow::opening::OpeningBalanceInput;
use super::dre::AccountClass;
use crate::domain::IntegrationId;
use crate::error::{Error, Result};
use crate::store::{
    BrowseFilter, BrowsePage, ContaOpening, Dataset, OpeningBalance, ReferenceKind,
    ReferenceOption, Store, VendaSituacao,
};

/// The reports over one store. Cheap to clone: clones share the store's pool.
#[derive(Clone, Debug)]
pub struct Reports {
    pub(super) store: Store,
}

impl Reports {
    pub fn new(store: Store) -> Reports {
        Reports { store }
    }

    /// Sets (or, with `None`, forgets) the DRE line of a plano de contas and its subtree.
    pub async fn set_dre_choice(
        &self,
        integration_id: IntegrationId,
        plano_external_id: &str,
        class: Option<AccountClass>,
    ) -> Result<()> {
        self.store
            .set_dre_choice(integration_id, plano_external_id, class)
            .await
    }

    /// The lojas or centros de custo a report can be filtered by.
    pub async fn reference_options(
        &self,
        kind: ReferenceKind,
        integration_id: Option<IntegrationId>,
    ) -> Result<Vec<ReferenceOption>> {
        self.store.reference_options(kind, integration_id).await
    }

    /// A loja or centro de custo as typed (its name or its id), as its provider id.
    pub async fn find_reference(
        &self,
        kind: ReferenceKind,
        integration_id: Option<IntegrationId>,
        text: &str,
    ) -> Result<Option<String>> {
        self.store.find_reference(kind, integration_id, text).await
    }

    /// Dados: page `page` (from 1) of `dataset` under `filter`, with the totals of every
    /// match.
    pub async fn browse(
        &self,
        dataset: Dataset,
        filter: &BrowseFilter,
        page: u32,
        page_size: u32,
    ) -> Result<BrowsePage> {
        self.store.browse(dataset, filter, page, page_size).await
    }

    /// The situações of the live vendas, for Dados' filter, each saying whether the
    /// reports leave it out as cancelled.
    pub async fn venda_situacoes(&self) -> Result<Vec<VendaSituacao>> {
        self.store.venda_situacoes().await
    }

    /// The contas bancárias with their saldo inicial, for the Fluxo de caixa's form.
    pub async fn contas_with_openings(
        &self,
        integration_id: Option<IntegrationId>,
    ) -> Result<Vec<ContaOpening>> {
        self.store.contas_with_openings(integration_id).await
    }

    /// Enters (or replaces) a conta's saldo inicial, as typed; refuses a conta the
    /// integration does not know.
    pub async fn set_opening_balance(&self, input: &OpeningBalanceInput) -> Result<OpeningBalance> {
        let balance = input.parse()?;
        let integration = self.store.integration(balance.integration_id).await?;
        if !self
            .store
            .conta_bancaria_known(integration.id, &balance.conta_bancaria_id)
            .await?
        {
            return Err(Error::InvalidInput {
                field: "conta bancária",
                detail: format!(
                    "\"{}\" não é uma conta bancária de \"{}\". Sincronize a integração e escolha a conta na lista de Saldos iniciais do Fluxo de caixa.",
                    balance.conta_bancaria_id, integration.name
                ),
            });
        }
        self.store.set_opening_balance(&balance).await?;
        Ok(balance)
    }

    /// Forgets a conta's saldo inicial; `false` when there was none.
    pub async fn clear_opening_balance(
        &self,
        integration_id: IntegrationId,
        conta_bancaria_id: &str,
    ) -> Result<bool> {
        self.store
            .clear_opening_balance(integration_id, conta_bancaria_id)
            .await
    }
}
