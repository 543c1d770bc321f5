//! The mapped records: provider data in Ponte's shape. Money is `i64` centavos, dates are
//! `YYYY-MM-DD` exactly as the provider gave them, timestamps are the provider's local
//! `YYYY-MM-DD HH:MM:SS` text (the provider sends no zone).

use serde::Serialize;

/// Any record the store can upsert, tagged by its kind.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum RecordBody {
    Party(Party),
    Venda(Venda),
    Lancamento(Lancamento),
    PlanoConta(PlanoConta),
    CentroCusto(CentroCusto),
    ContaBancaria(ContaBancaria),
    FormaPagamento(FormaPagamento),
    Loja(Loja),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PartyKind {
    Cliente,
    Fornecedor,
}

impl PartyKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PartyKind::Cliente => "cliente",
            PartyKind::Fornecedor => "fornecedor",
        }
    }
}

/// A cliente or fornecedor.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Party {
    pub kind: PartyKind,
    pub tipo_pessoa: Option<String>,
    pub nome: String,
    pub razao_social: Option<String>,
    pub cpf: Option<String>,
    pub cnpj: Option<String>,
    /// CPF or CNPJ in canonical form when it passes the check digits.
    pub documento: Option<String>,
    pub inscricao_estadual: Option<String>,
    pub inscricao_municipal: Option<String>,
    pub rg: Option<String>,
    pub data_nascimento: Option<String>,
    pub telefone: Option<String>,
    pub celular: Option<String>,
    pub fax: Option<String>,
    pub email: Option<String>,
    pub ativo: bool,
    pub vendedor_id: Option<String>,
    pub nome_vendedor: Option<String>,
    /// The provider's `contatos` and `enderecos`, unwrapped, as JSON arrays.
    pub contatos_json: String,
    pub enderecos_json: String,
    pub cadastrado_em: Option<String>,
    pub modificado_em: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Venda {
    pub codigo: Option<String>,
    pub cliente_id: Option<String>,
    pub nome_cliente: Option<String>,
    pub vendedor_id: Option<String>,
    pub nome_vendedor: Option<String>,
    pub tecnico_id: Option<String>,
    pub nome_tecnico: Option<String>,
    pub data: Option<String>,
    pub previsao_entrega: Option<String>,
    pub situacao_id: Option<String>,
    pub nome_situacao: Option<String>,
    pub valor_total_centavos: i64,
    pub valor_frete_centavos: i64,
    pub valor_custo_centavos: i64,
    pub transportadora_id: Option<String>,
    pub nome_transportadora: Option<String>,
    pub centro_custo_id: Option<String>,
    pub nome_centro_custo: Option<String>,
    pub nome_canal_venda: Option<String>,
    pub loja_id: Option<String>,
    pub nome_loja: Option<String>,
    pub condicao_pagamento: Option<String>,
    pub situacao_financeiro: bool,
    pub situacao_estoque: bool,
    pub forma_pagamento_id: Option<String>,
    pub data_primeira_parcela: Option<String>,
    pub numero_parcelas: Option<i64>,
    pub intervalo_dias: Option<i64>,
    pub hash: Option<String>,
    pub aos_cuidados_de: Option<String>,
    pub validade: Option<String>,
    pub introducao: Option<String>,
    pub observacoes: Option<String>,
    pub observacoes_interna: Option<String>,
    pub cadastrado_em: Option<String>,
    pub modificado_em: Option<String>,
    pub itens: Vec<VendaItem>,
    pub parcelas: Vec<VendaParcela>,
}

/// A product or service line of a venda.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VendaItem {
    /// `produto` or `servico`.
    pub tipo: &'static str,
    pub produto_id: Option<String>,
    pub variacao_id: Option<String>,
    pub servico_id: Option<String>,
    pub nome: Option<String>,
    pub detalhes: Option<String>,
    pub sigla_unidade: Option<String>,
    /// Quantity in thousandths (`"1.50"` → 1500), parsed without floats.
    pub quantidade_milesimos: i64,
    pub valor_custo_centavos: i64,
    pub valor_venda_centavos: i64,
    pub tipo_desconto: Option<String>,
    pub desconto_valor_centavos: Option<i64>,
    pub desconto_porcentagem: Option<String>,
    pub valor_total_centavos: i64,
}

/// An installment of a venda's payment plan (not a settlement record).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VendaParcela {
    pub data_vencimento: Option<String>,
    pub valor_centavos: i64,
    pub forma_pagamento_id: Option<String>,
    pub nome_forma_pagamento: Option<String>,
    pub plano_contas_id: Option<String>,
    pub nome_plano_conta: Option<String>,
    pub observacao: Option<String>,
}

/// The two kinds of lançamento, as `lancamentos.tipo` stores them and the screens get them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "lowercase")]
pub enum LancamentoTipo {
    Recebimento,
    Pagamento,
}

impl LancamentoTipo {
    pub fn as_str(self) -> &'static str {
        match self {
            LancamentoTipo::Recebimento => "recebimento",
            LancamentoTipo::Pagamento => "pagamento",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "recebimento" => Some(LancamentoTipo::Recebimento),
            "pagamento" => Some(LancamentoTipo::Pagamento),
            _ => None,
        }
    }
}

/// A recebimento (receivable) or pagamento (payable), with every field the reference lists.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Lancamento {
    pub tipo: LancamentoTipo,
    pub codigo: Option<String>,
    pub descricao: Option<String>,
    pub entidade: Option<String>,
    pub cliente_id: Option<String>,
    pub nome_cliente: Option<String>,
    pub fornecedor_id: Option<String>,
    pub nome_fornecedor: Option<String>,
    pub transportadora_id: Option<String>,
    pub nome_transportadora: Option<String>,
    pub funcionario_id: Option<String>,
    pub nome_funcionario: Option<String>,
    pub valor_centavos: i64,
    pub juros_centavos: i64,
    pub desconto_centavos: i64,
    pub taxa_banco_centavos: i64,
    pub taxa_operadora_centavos: i64,
    pub valor_total_centavos: i64,
    pub data_vencimento: Option<String>,
    pub data_competencia: Option<String>,
    pub data_liquidacao: Option<String>,
    pub liquidado: bool,
    pub plano_contas_id: Option<String>,
    pub nome_plano_conta: Option<String>,
    pub centro_custo_id: Option<String>,
    pub nome_centro_custo: Option<String>,
    pub conta_bancaria_id: Option<String>,
    pub nome_conta_bancaria: Option<String>,
    pub forma_pagamento_id: Option<String>,
    pub nome_forma_pagamento: Option<String>,
    pub usuario_id: Option<String>,
    pub nome_usuario: Option<String>,
    pub loja_id: Option<String>,
    pub nome_loja: Option<String>,
    pub atributos_json: String,
    pub cadastrado_em: Option<String>,
    pub modificado_em: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanoConta {
    pub classificacao: Option<String>,
    /// `D` (débito, despesas) or `C` (crédito, receitas).
    pub tipo: Option<String>,
    pub nome: String,
    pub conta_mae_id: Option<String>,
    pub nome_conta_mae: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CentroCusto {
    pub nome: String,
    pub cadastrado_em: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ContaBancaria {
    pub nome: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FormaPagamento {
    pub nome: String,
    pub tipo: Option<String>,
    pub conta_bancaria_id: Option<String>,
    pub maximo_parcelas: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Loja {
    pub nome: String,
}
