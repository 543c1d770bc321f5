//! What a provider update changed in a mirrored row, in the operator's words, for the
//! Histórico's "Detalhe": `"situação: Em aberto → Concretizada; valor total: R$ 10,00 →
//! R$ 12,00"`. The row is read before and after the write, and only the fields an
//! operator knows are named (search keys, sort keys, timestamps and ids are not).

use super::entities::table_name;
use crate::domain::EntityKind;
use crate::error::Result;
use crate::money::format_brl;
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, SqliteConnection, TypeInfo, ValueRef};

/// How a field's value is shown.
#[derive(Clone, Copy)]
enum Shown {
    Text,
    Money,
    Date,
    YesNo,
    Number,
}

/// The fields an operator knows, in the order they are listed, with their pt-BR names.
const FIELDS: &[(&str, &str, Shown)] = &[
    ("nome", "nome", Shown::Text),
    ("razao_social", "razão social", Shown::Text),
    ("descricao", "descrição", Shown::Text),
    ("codigo", "código", Shown::Text),
    ("nome_situacao", "situação", Shown::Text),
    ("situacao_financeiro", "financeiro lançado", Shown::YesNo),
    ("situacao_estoque", "estoque baixado", Shown::YesNo),
    ("liquidado", "liquidado", Shown::YesNo),
    ("ativo", "ativo", Shown::YesNo),
    ("valor_centavos", "valor", Shown::Money),
    ("valor_total_centavos", "valor total", Shown::Money),
    ("juros_centavos", "juros", Shown::Money),
    ("desconto_centavos", "desconto", Shown::Money),
    ("taxa_banco_centavos", "tarifa bancária", Shown::Money),
    ("taxa_operadora_centavos", "taxa da operadora", Shown::Money),
    ("valor_frete_centavos", "frete", Shown::Money),
    ("valor_custo_centavos", "custo", Shown::Money),
    ("data", "data", Shown::Date),
    ("data_vencimento", "vencimento", Shown::Date),
    ("data_competencia", "competência", Shown::Date),
    ("data_liquidacao", "liquidação", Shown::Date),
    ("previsao_entrega", "previsão de entrega", Shown::Date),
    ("data_nascimento", "nascimento", Shown::Date),
    ("nome_cliente", "cliente", Shown::Text),
    ("nome_fornecedor", "fornecedor", Shown::Text),
    ("nome_plano_conta", "plano de contas", Shown::Text),
    ("nome_centro_custo", "centro de custo", Shown::Text),
    ("nome_conta_bancaria", "conta bancária", Shown::Text),
    ("nome_forma_pagamento", "forma de pagamento", Shown::Text),
    ("nome_vendedor", "vendedor", Shown::Text),
    ("nome_loja", "loja", Shown::Text),
    ("nome_conta_mae", "conta mãe", Shown::Text),
    ("classificacao", "classificação", Shown::Text),
    ("cpf", "CPF", Shown::Text),
    ("cnpj", "CNPJ", Shown::Text),
    ("telefone", "telefone", Shown::Text),
    ("celular", "celular", Shown::Text),
    ("email", "e-mail", Shown::Text),
    ("inscricao_estadual", "inscrição estadual", Shown::Text),
    ("observacoes", "observações", Shown::Text),
    ("maximo_parcelas", "máximo de parcelas", Shown::Number),
    ("numero_parcelas", "parcelas", Shown::Number),
];

/// A text value longer than this is cut, so one line stays one line.
const MAX_SHOWN_CHARS: usize = 40;

/// What the operator can see of one row: (field name, shown value), in `FIELDS` order.
pub(super) type Snapshot = Vec<(&'static str, String)>;

/// Reads the known fields of the row `local_id` of `entity`'s table.
pub(super) async fn snapshot(
    conn: &mut SqliteConnection,
    entity: EntityKind,
    local_id: i64,
) -> Result<Snapshot> {
    let sql = format!("SELECT * FROM {} WHERE id = ?", table_name(entity));
    let Some(row) = sqlx::query(&sql)
        .bind(local_id)
        .fetch_optional(&mut *conn)
        .await?
    else {
        return Ok(Vec::new());
    };
    let present: Vec<&str> = row.columns().iter().map(sqlx::Column::name).collect();
    let mut shown = Vec::new();
    for &(column, label, how) in FIELDS {
        if !present.contains(&column) {
            continue;
        }
        let value = match stored(&row, column)? {
            Stored::Null => None,
            Stored::Integer(v) => Some(match how {
                Shown::Money => format_brl(v),
                Shown::YesNo => if v != 0 { "sim" } else { "não" }.to_string(),
                Shown::Text | Shown::Date | Shown::Number => v.to_string(),
            }),
            Stored::Text(v) => Some(match how {
                Shown::Date => date_br(&v),
                _ => cut(v.trim()),
            }),
        };
        shown.push((
            label,
            value
                .filter(|v| !v.is_empty())
                .unwrap_or_else(|| "vazio".into()),
        ));
    }
    Ok(shown)
}

/// A column's value as SQLite holds it (its affinity decides, not the declared type).
enum Stored {
    Null,
    Integer(i64),
    Text(String),
}

fn stored(row: &SqliteRow, column: &str) -> Result<Stored> {
    let raw = row.try_get_raw(column)?;
    if raw.is_null() {
        return Ok(Stored::Null);
    }
    let kind = raw.type_info().name().to_string();
    Ok(match kind.as_str() {
        "INTEGER" | "BOOLEAN" => Stored::Integer(row.try_get_unchecked(column)?),
        "REAL" => Stored::Text(row.try_get_unchecked::<f64, _>(column)?.to_string()),
        "TEXT" => Stored::Text(row.try_get_unchecked(column)?),
        _ => Stored::Null,
    })
}

/// `"campo: antes → depois; …"`, or a plain note when no known field changed (the change
/// was in a field the Histórico does not name, such as a sale's items).
pub(super) fn describe(before: &Snapshot, after: &Snapshot) -> String {
    let changes: Vec<String> = after
        .iter()
        .filter_map(|(label, new)| {
            let old = before.iter().find(|(l, _)| l == label).map(|(_, v)| v)?;
            (old != new).then(|| format!("{label}: {old} → {new}"))
        })
        .collect();
    if changes.is_empty() {
        "alterado em campos não listados aqui".to_string()
    } else {
        changes.join("; ")
    }
}

/// `2026-03-05` (or an instant starting so) → `05/03/2026`; anything else as it is.
fn date_br(text: &str) -> String {
    match chrono::NaiveDate::parse_from_str(text.get(..10).unwrap_or(text), "%Y-%m-%d") {
        Ok(date) => date.format("%d/%m/%Y").to_string(),
        Err(_) => cut(text),
    }
}

/// The provider's `2026-03-05 14:30:00` → `05/03/2026 14:30`; anything else as it is.
pub(super) fn stamp_br(text: &str) -> String {
    match chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S") {
        Ok(stamp) => stamp.format("%d/%m/%Y %H:%M").to_string(),
        Err(_) => date_br(text),
    }
}

fn cut(text: &str) -> String {
    if text.chars().count() <= MAX_SHOWN_CHARS {
        text.to_string()
    } else {
        let kept: String = text.chars().take(MAX_SHOWN_CHARS - 1).collect();
        format!("{kept}…")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_fields_that_changed_are_named() {
        let before = vec![
            ("situação", "Em aberto".to_string()),
            ("valor", "R$ 10,00".to_string()),
            ("vencimento", "05/03/2026".to_string()),
        ];
        let after = vec![
            ("situação", "Concretizada".to_string()),
            ("valor", "R$ 12,00".to_string()),
            ("vencimento", "05/03/2026".to_string()),
        ];
        assert_eq!(
            describe(&before, &after),
            "situação: Em aberto → Concretizada; valor: R$ 10,00 → R$ 12,00"
        );
    }

    #[test]
    fn a_change_outside_the_named_fields_says_so() {
        let same = vec![("nome", "Ana".to_string())];
        assert_eq!(
            describe(&same, &same),
            "alterado em campos não listados aqui"
        );
    }

    #[test]
    fn dates_read_as_brazilians_write_them_and_long_text_is_cut() {
        assert_eq!(date_br("2026-03-05"), "05/03/2026");
        assert_eq!(date_br("2026-03-05 10:00:00"), "05/03/2026");
        assert_eq!(date_br("ontem"), "ontem");
        assert_eq!(stamp_br("2026-03-05 14:30:00"), "05/03/2026 14:30");
        assert_eq!(cut(&"a".repeat(50)).chars().count(), MAX_SHOWN_CHARS);
    }
}
