//! Mapper for vendas, with their product and service lines and installment plan.

use super::{FieldError, Fields};
use crate::domain::{Venda, VendaItem, VendaParcela};

pub(super) fn venda(f: Fields<'_>) -> Result<Venda, FieldError> {
    let mut itens = Vec::new();
    for produto in f.wrapped_list("produtos", "produto") {
        itens.push(item(Fields::new(produto), "produto")?);
    }
    for servico in f.wrapped_list("servicos", "servico") {
        itens.push(item(Fields::new(servico), "servico")?);
    }
    let parcelas = f
        .wrapped_list("pagamentos", "pagamento")
        .into_iter()
        .map(|p| parcela(Fields::new(p)))
        .collect::<Result<_, _>>()?;
    Ok(Venda {
        codigo: f.text("codigo"),
        cliente_id: f.text("cliente_id"),
        nome_cliente: f.text("nome_cliente"),
        vendedor_id: f.text("vendedor_id"),
        nome_vendedor: f.text("nome_vendedor"),
        tecnico_id: f.text("tecnico_id"),
        nome_tecnico: f.text("nome_tecnico"),
        data: f.date("data")?,
        previsao_entrega: f.date("previsao_entrega")?,
        situacao_id: f.text("situacao_id"),
        nome_situacao: f.text("nome_situacao"),
        // The official example's total differs from the sum of its items: keep it as sent.
        valor_total_centavos: f.money_or_zero("valor_total")?,
        valor_frete_centavos: f.money_or_zero("valor_frete")?,
        valor_custo_centavos: f.money_or_zero("valor_custo")?,
        transportadora_id: f.text("transportadora_id"),
        nome_transportadora: f.text("nome_transportadora"),
        centro_custo_id: f.text("centro_custo_id"),
        nome_centro_custo: f.text("nome_centro_custo"),
        nome_canal_venda: f.text("nome_canal_venda"),
        loja_id: f.text("loja_id"),
        nome_loja: f.text("nome_loja"),
        condicao_pagamento: f.text("condicao_pagamento"),
        situacao_financeiro: f.flag("situacao_financeiro")?,
        situacao_estoque: f.flag("situacao_estoque")?,
        forma_pagamento_id: f.text("forma_pagamento_id"),
        data_primeira_parcela: f.date("data_primeira_parcela")?,
        numero_parcelas: f.integer("numero_parcelas")?,
        intervalo_dias: f.integer("intervalo_dias")?,
        hash: f.text("hash"),
        aos_cuidados_de: f.text("aos_cuidados_de"),
        validade: f.text("validade"),
        introducao: f.text("introducao"),
        observacoes: f.text("observacoes"),
        observacoes_interna: f.text("observacoes_interna"),
        cadastrado_em: f.timestamp("cadastrado_em")?,
        modificado_em: f.timestamp("modificado_em")?,
        itens,
        parcelas,
    })
}

fn item(f: Fields<'_>, tipo: &'static str) -> Result<VendaItem, FieldError> {
    Ok(VendaItem {
        tipo,
        produto_id: f.text("produto_id"),
        variacao_id: f.text("variacao_id"),
        servico_id: f.text("servico_id"),
        nome: f.text("nome_produto").or_else(|| f.text("nome_servico")),
        detalhes: f.text("detalhes"),
        sigla_unidade: f.text("sigla_unidade"),
        quantidade_milesimos: f.thousandths("quantidade")?,
        valor_custo_centavos: f.money_or_zero("valor_custo")?,
        valor_venda_centavos: f.money_or_zero("valor_venda")?,
        tipo_desconto: f.text("tipo_desconto"),
        desconto_valor_centavos: f.money("desconto_valor")?,
        desconto_porcentagem: f.text("desconto_porcentagem"),
        valor_total_centavos: f.money_or_zero("valor_total")?,
    })
}

fn parcela(f: Fields<'_>) -> Result<VendaParcela, FieldError> {
    Ok(VendaParcela {
        data_vencimento: f.date("data_vencimento")?,
        valor_centavos: f.money_or_zero("valor")?,
        forma_pagamento_id: f.text("forma_pagamento_id"),
        nome_forma_pagamento: f.text("nome_forma_pagamento"),
        plano_contas_id: f.text("plano_contas_id"),
        nome_plano_conta: f.text("nome_plano_conta"),
        observacao: f.text("observacao"),
    })
}
