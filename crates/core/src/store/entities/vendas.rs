//! The `vendas` table and its children, `venda_itens` and `venda_parcelas`. The children
//! belong wholly to the provider, so each write replaces them.

use super::{Query, Table};
use crate::domain::{Venda, VendaItem, VendaParcela};
use crate::error::Result;
use crate::store::search::{sort_key, venda_search};
use crate::store::{placeholders, rows_per_statement};
use sqlx::SqliteConnection;

const COLUMNS: &[&str] = &[
    "codigo",
    "cliente_id",
    "nome_cliente",
    "vendedor_id",
    "nome_vendedor",
    "tecnico_id",
    "nome_tecnico",
    "data",
    "previsao_entrega",
    "situacao_id",
    "nome_situacao",
    "valor_total_centavos",
    "valor_frete_centavos",
    "valor_custo_centavos",
    "transportadora_id",
    "nome_transportadora",
    "centro_custo_id",
    "nome_centro_custo",
    "nome_canal_venda",
    "loja_id",
    "nome_loja",
    "condicao_pagamento",
    "situacao_financeiro",
    "situacao_estoque",
    "forma_pagamento_id",
    "data_primeira_parcela",
    "numero_parcelas",
    "intervalo_dias",
    "hash",
    "aos_cuidados_de",
    "validade",
    "introducao",
    "observacoes",
    "observacoes_interna",
    "cadastrado_em",
    "modificado_em",
    "busca",
    "cliente_ordem",
];

pub(in crate::store) static TABLE: Table = Table::new("vendas", COLUMNS);

pub(super) fn bind<'q>(query: Query<'q>, v: &'q Venda) -> Query<'q> {
    query
        .bind(v.codigo.as_deref())
        .bind(v.cliente_id.as_deref())
        .bind(v.nome_cliente.as_deref())
        .bind(v.vendedor_id.as_deref())
        .bind(v.nome_vendedor.as_deref())
        .bind(v.tecnico_id.as_deref())
        .bind(v.nome_tecnico.as_deref())
        .bind(v.data.as_deref())
        .bind(v.previsao_entrega.as_deref())
        .bind(v.situacao_id.as_deref())
        .bind(v.nome_situacao.as_deref())
        .bind(v.valor_total_centavos)
        .bind(v.valor_frete_centavos)
        .bind(v.valor_custo_centavos)
        .bind(v.transportadora_id.as_deref())
        .bind(v.nome_transportadora.as_deref())
        .bind(v.centro_custo_id.as_deref())
        .bind(v.nome_centro_custo.as_deref())
        .bind(v.nome_canal_venda.as_deref())
        .bind(v.loja_id.as_deref())
        .bind(v.nome_loja.as_deref())
        .bind(v.condicao_pagamento.as_deref())
        .bind(v.situacao_financeiro)
        .bind(v.situacao_estoque)
        .bind(v.forma_pagamento_id.as_deref())
        .bind(v.data_primeira_parcela.as_deref())
        .bind(v.numero_parcelas)
        .bind(v.intervalo_dias)
        .bind(v.hash.as_deref())
        .bind(v.aos_cuidados_de.as_deref())
        .bind(v.validade.as_deref())
        .bind(v.introducao.as_deref())
        .bind(v.observacoes.as_deref())
        .bind(v.observacoes_interna.as_deref())
        .bind(v.cadastrado_em.as_deref())
        .bind(v.modificado_em.as_deref())
        .bind(venda_search(
            v.codigo.as_deref(),
            v.nome_cliente.as_deref(),
            v.nome_situacao.as_deref(),
        ))
        .bind(sort_key(v.nome_cliente.as_deref()))
}

/// Replaces the lines and installments of an updated venda.
pub(super) async fn replace_children(
    conn: &mut SqliteConnection,
    venda_id: i64,
    venda: &Venda,
) -> Result<()> {
    sqlx::query("DELETE FROM venda_itens WHERE venda_id = ?")
        .bind(venda_id)
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM venda_parcelas WHERE venda_id = ?")
        .bind(venda_id)
        .execute(&mut *conn)
        .await?;
    insert_children(conn, &[(venda_id, venda)]).await
}

const ITEM_COLUMNS: &str = "venda_id, posicao, tipo, produto_id, variacao_id, servico_id, nome, detalhes, \
    sigla_unidade, quantidade_milesimos, valor_custo_centavos, valor_venda_centavos, tipo_desconto, \
    desconto_valor_centavos, desconto_porcentagem, valor_total_centavos";
const ITEM_WIDTH: usize = 16;
const PARCELA_COLUMNS: &str = "venda_id, posicao, data_vencimento, valor_centavos, forma_pagamento_id, \
    nome_forma_pagamento, plano_contas_id, nome_plano_conta, observacao";
const PARCELA_WIDTH: usize = 9;

/// Inserts the lines and installments of new vendas, many rows per statement.
pub(super) async fn insert_children(
    conn: &mut SqliteConnection,
    vendas: &[(i64, &Venda)],
) -> Result<()> {
    let itens: Vec<(i64, i64, &VendaItem)> = vendas
        .iter()
        .flat_map(|(id, v)| {
            v.itens
                .iter()
                .enumerate()
                .map(|(i, item)| (*id, i as i64, item))
        })
        .collect();
    for chunk in itens.chunks(rows_per_statement(ITEM_WIDTH)) {
        let sql = format!(
            "INSERT INTO venda_itens ({ITEM_COLUMNS}) VALUES {}",
            placeholders(ITEM_WIDTH, chunk.len())
        );
        let mut query = sqlx::query(&sql);
        for (venda_id, posicao, item) in chunk {
            query = query
                .bind(venda_id)
                .bind(posicao)
                .bind(item.tipo)
                .bind(item.produto_id.as_deref())
                .bind(item.variacao_id.as_deref())
                .bind(item.servico_id.as_deref())
                .bind(item.nome.as_deref())
                .bind(item.detalhes.as_deref())
                .bind(item.sigla_unidade.as_deref())
                .bind(item.quantidade_milesimos)
                .bind(item.valor_custo_centavos)
                .bind(item.valor_venda_centavos)
                .bind(item.tipo_desconto.as_deref())
                .bind(item.desconto_valor_centavos)
                .bind(item.desconto_porcentagem.as_deref())
                .bind(item.valor_total_centavos);
        }
        query.execute(&mut *conn).await?;
    }
    let parcelas: Vec<(i64, i64, &VendaParcela)> = vendas
        .iter()
        .flat_map(|(id, v)| {
            v.parcelas
                .iter()
                .enumerate()
                .map(|(i, p)| (*id, i as i64, p))
        })
        .collect();
    for chunk in parcelas.chunks(rows_per_statement(PARCELA_WIDTH)) {
        let sql = format!(
            "INSERT INTO venda_parcelas ({PARCELA_COLUMNS}) VALUES {}",
            placeholders(PARCELA_WIDTH, chunk.len())
        );
        let mut query = sqlx::query(&sql);
        for (venda_id, posicao, parcela) in chunk {
            query = query
                .bind(venda_id)
                .bind(posicao)
                .bind(parcela.data_vencimento.as_deref())
                .bind(parcela.valor_centavos)
                .bind(parcela.forma_pagamento_id.as_deref())
                .bind(parcela.nome_forma_pagamento.as_deref())
                .bind(parcela.plano_contas_id.as_deref())
                .bind(parcela.nome_plano_conta.as_deref())
                .bind(parcela.observacao.as_deref());
        }
        query.execute(&mut *conn).await?;
    }
    Ok(())
}
