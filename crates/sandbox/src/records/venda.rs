//! Vendas with their nested installment plan, products and services, each element wrapped
//! as `{"pagamento": {...}}`, `{"produto": {...}}`, `{"servico": {...}}`
//! (`docs/providers/gestaoclick.md#vendas`).

use super::Record;
use crate::money::{Centavos, four_places};
use crate::wire::{Flag, Id, Timestamp};
use chrono::NaiveDate;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub(crate) struct Venda {
    pub id: Id,
    pub codigo: Id,
    pub cliente_id: Option<Id>,
    pub nome_cliente: String,
    pub vendedor_id: Option<Id>,
    pub nome_vendedor: Option<String>,
    pub tecnico_id: Option<Id>,
    pub nome_tecnico: Option<String>,
    pub data: NaiveDate,
    pub previsao_entrega: Option<NaiveDate>,
    pub situacao_id: Id,
    pub nome_situacao: String,
    pub valor_produtos: Centavos,
    pub valor_servicos: Centavos,
    pub valor_total: Centavos,
    pub transportadora_id: Option<Id>,
    pub nome_transportadora: Option<String>,
    pub centro_custo_id: Id,
    pub nome_centro_custo: String,
    pub aos_cuidados_de: Option<String>,
    pub validade: Option<NaiveDate>,
    pub introducao: Option<String>,
    pub observacoes: Option<String>,
    pub observacoes_interna: Option<String>,
    pub valor_frete: Centavos,
    pub nome_canal_venda: Option<String>,
    pub loja_id: Id,
    pub nome_loja: String,
    pub valor_custo: Centavos,
    pub condicao_pagamento: &'static str,
    pub situacao_financeiro: Flag,
    pub situacao_estoque: Flag,
    pub forma_pagamento_id: Id,
    pub data_primeira_parcela: NaiveDate,
    pub numero_parcelas: String,
    pub intervalo_dias: String,
    pub hash: String,
    pub cadastrado_em: Timestamp,
    pub modificado_em: Timestamp,
    pub equipamentos: Vec<()>,
    pub pagamentos: Vec<PagamentoItem>,
    pub produtos: Vec<ProdutoItem>,
    pub servicos: Vec<ServicoItem>,
}

impl Record for Venda {
    fn id(&self) -> u64 {
        self.id.0
    }
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct PagamentoItem {
    pub pagamento: Parcela,
}

/// One installment of the sale's payment plan; settlement lives in `/recebimentos`.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Parcela {
    pub data_vencimento: NaiveDate,
    pub valor: Centavos,
    pub forma_pagamento_id: Id,
    pub nome_forma_pagamento: String,
    pub plano_contas_id: Id,
    pub nome_plano_conta: String,
    pub observacao: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct ProdutoItem {
    pub produto: ItemProduto,
}

/// `produto_id` and `variacao_id` are JSON numbers here, unlike every other id.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ItemProduto {
    pub produto_id: u64,
    pub variacao_id: u64,
    pub nome_produto: String,
    pub detalhes: String,
    pub movimenta_estoque: Flag,
    pub possui_variacao: Flag,
    pub sigla_unidade: String,
    pub quantidade: String,
    pub tipo_valor_id: Option<Id>,
    pub nome_tipo_valor: Option<String>,
    pub valor_custo: Centavos,
    pub valor_venda: Centavos,
    pub tipo_desconto: &'static str,
    pub desconto_valor: Option<Centavos>,
    pub desconto_porcentagem: Option<String>,
    pub valor_total: Centavos,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct ServicoItem {
    pub servico: ItemServico,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct ItemServico {
    pub id: Id,
    pub servico_id: Id,
    pub nome_servico: String,
    pub detalhes: String,
    pub sigla_unidade: Option<String>,
    pub quantidade: String,
    pub tipo_valor_id: Option<Id>,
    pub nome_tipo_valor: Option<String>,
    #[serde(serialize_with = "four_places")]
    pub valor_custo: Centavos,
    #[serde(serialize_with = "four_places")]
    pub valor_venda: Centavos,
    pub tipo_desconto: &'static str,
    pub desconto_valor: Option<Centavos>,
    pub desconto_porcentagem: String,
    pub valor_total: Centavos,
}
