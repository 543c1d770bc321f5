//! Mapper for recebimentos and pagamentos (one shape for both, per the probing client).

use super::{FieldError, Fields};
use crate::domain::{Lancamento, LancamentoTipo};
use serde_json::Value;

pub(super) fn lancamento(f: Fields<'_>, tipo: LancamentoTipo) -> Result<Lancamento, FieldError> {
    let valor_centavos = f.money("valor")?.ok_or_else(|| FieldError {
        field: "valor".into(),
        detail: "ausente ou vazio".into(),
    })?;
    let juros_centavos = f.money_or_zero("juros")?;
    let desconto_centavos = f.money_or_zero("desconto")?;
    let taxa_banco_centavos = f.money_or_zero("taxa_banco")?;
    let taxa_operadora_centavos = f.money_or_zero("taxa_operadora")?;
    // The provider's own total wins; derive it only when it is missing (documented formula).
    let valor_total_centavos = match f.money("valor_total")? {
        Some(total) => total,
        None => {
            valor_centavos + juros_centavos
                - desconto_centavos
                - taxa_banco_centavos
                - taxa_operadora_centavos
        }
    };
    let liquidado = f.flag("liquidado")?;
    Ok(Lancamento {
        tipo,
        codigo: f.text("codigo"),
        descricao: f.text("descricao"),
        entidade: f.text("entidade"),
        cliente_id: f.text("cliente_id"),
        nome_cliente: f.text("nome_cliente"),
        fornecedor_id: f.text("fornecedor_id"),
        nome_fornecedor: f.text("nome_fornecedor"),
        transportadora_id: f.text("transportadora_id"),
        nome_transportadora: f.text("nome_transportadora"),
        funcionario_id: f.text("funcionario_id"),
        nome_funcionario: f.text("nome_funcionario"),
        valor_centavos,
        juros_centavos,
        desconto_centavos,
        taxa_banco_centavos,
        taxa_operadora_centavos,
        valor_total_centavos,
        data_vencimento: f.date("data_vencimento")?,
        data_competencia: f.date("data_competencia")?,
        data_liquidacao: if liquidado {
            f.date("data_liquidacao")?
        } else {
            None
        },
        liquidado,
        plano_contas_id: f.text("plano_contas_id"),
        nome_plano_conta: f.text("nome_plano_conta"),
        centro_custo_id: f.text("centro_custo_id"),
        nome_centro_custo: f.text("nome_centro_custo"),
        conta_bancaria_id: f.text("conta_bancaria_id"),
        nome_conta_bancaria: f.text("nome_conta_bancaria"),
        forma_pagamento_id: f.text("forma_pagamento_id"),
        nome_forma_pagamento: f.text("nome_forma_pagamento"),
        usuario_id: f.text("usuario_id"),
        nome_usuario: f.text("nome_usuario"),
        loja_id: f.text("loja_id"),
        nome_loja: f.text("nome_loja"),
        atributos_json: atributos(f),
        cadastrado_em: f.timestamp("cadastrado_em")?,
        modificado_em: f.timestamp("modificado_em")?,
    })
}

fn atributos(f: Fields<'_>) -> String {
    let items: Vec<&serde_json::Map<String, Value>> = f.wrapped_list("atributos", "atributo");
    serde_json::to_string(&items).unwrap_or_else(|_| "[]".to_string())
}
