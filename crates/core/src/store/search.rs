//! Accent- and case-insensitive search over the mirror. Every row Dados browses carries a
//! precomputed search text (`busca`) and folded sort keys (`nome_ordem`, …), written by the
//! Rust code that writes the row (`store/entities/`) and filled in at open for rows written
//! before the columns existed. A search folds the operator's words the same way and matches
//! them with a plain `LIKE` on that column: no function runs per row, and for clientes and
//! fornecedores the whole search reads one index (`parties_search`).

use super::Store;
use crate::error::Result;
use sqlx::Row;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Lowercase, without diacritics: "Gonçalves" and "GONCALVES" both fold to "goncalves".
pub fn fold(text: &str) -> String {
    text.nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Only the digits: "123.456.789-09" → "12345678909".
pub(crate) fn digits(text: &str) -> String {
    text.chars().filter(char::is_ascii_digit).collect()
}

/// The forms of what the operator typed to look for in `busca`: the folded text, and when
/// it is written like a document (digits with `.`, `-`, `/` or spaces) its digits too, so
/// "123.456.789-09" and "12345678909" find the same CPF.
pub(crate) fn search_terms(typed: &str) -> Vec<String> {
    let folded = fold(typed.trim());
    let mut terms = vec![folded.clone()];
    let document_like = typed.chars().any(|c| c.is_ascii_digit())
        && typed
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '/' | ' '));
    let only_digits = digits(typed);
    if document_like && only_digits != folded {
        terms.push(only_digits);
    }
    terms
}

/// Builds a row's `busca`: folded texts, and documents both as written and as digits.
#[derive(Default)]
pub(crate) struct SearchText(Vec<String>);

impl SearchText {
    pub fn text(mut self, value: Option<&str>) -> SearchText {
        if let Some(value) = value.map(str::trim).filter(|v| !v.is_empty()) {
            self.0.push(fold(value));
        }
        self
    }

    pub fn document(self, value: Option<&str>) -> SearchText {
        let only_digits = value.map(digits);
        self.text(value).text(only_digits.as_deref())
    }

    /// One line per field, so a search never matches across two fields.
    pub fn finish(self) -> String {
        self.0.join("\n")
    }
}

/// `busca` of a cliente or fornecedor.
pub(crate) fn party_search(
    nome: &str,
    razao_social: Option<&str>,
    documento: Option<&str>,
    cpf: Option<&str>,
    cnpj: Option<&str>,
    email: Option<&str>,
) -> String {
    SearchText::default()
        .text(Some(nome))
        .text(razao_social)
        .document(documento)
        .document(cpf)
        .document(cnpj)
        .text(email)
        .finish()
}

/// `busca` of a venda.
pub(crate) fn venda_search(
    codigo: Option<&str>,
    nome_cliente: Option<&str>,
    nome_situacao: Option<&str>,
) -> String {
    SearchText::default()
        .text(codigo)
        .text(nome_cliente)
        .text(nome_situacao)
        .finish()
}

/// `busca` of a lançamento.
pub(crate) fn lancamento_search(
    descricao: Option<&str>,
    nome_cliente: Option<&str>,
    nome_fornecedor: Option<&str>,
    codigo: Option<&str>,
    nome_plano_conta: Option<&str>,
) -> String {
    SearchText::default()
        .text(descricao)
        .text(nome_cliente)
        .text(nome_fornecedor)
        .text(codigo)
        .text(nome_plano_conta)
        .finish()
}

/// A sort key: the folded text, empty when there is none.
pub(crate) fn sort_key(value: Option<&str>) -> String {
    value.map(|v| fold(v.trim())).unwrap_or_default()
}

/// Rows read and rewritten per transaction while filling in old rows.
const FILL_BATCH: i64 = 1000;

impl Store {
    /// Fills in `busca` and the sort keys of rows written before they existed (an empty
    /// `busca`). Runs at open; on a store whose rows are all filled it reads nothing but
    /// the rows with nothing to search.
    pub(super) async fn fill_search_columns(&self) -> Result<()> {
        self.fill_table(
            "SELECT id, nome, razao_social, documento, cpf, cnpj, email FROM parties",
            "UPDATE parties SET busca = ?, nome_ordem = ? WHERE id = ?",
            |row| {
                let nome: String = row.try_get("nome")?;
                let text = |c: &str| row.try_get::<Option<String>, _>(c);
                Ok(vec![
                    party_search(
                        &nome,
                        text("razao_social")?.as_deref(),
                        text("documento")?.as_deref(),
                        text("cpf")?.as_deref(),
                        text("cnpj")?.as_deref(),
                        text("email")?.as_deref(),
                    ),
                    sort_key(Some(&nome)),
                ])
            },
        )
        .await?;
        self.fill_table(
            "SELECT id, codigo, nome_cliente, nome_situacao FROM vendas",
            "UPDATE vendas SET busca = ?, cliente_ordem = ? WHERE id = ?",
            |row| {
                let text = |c: &str| row.try_get::<Option<String>, _>(c);
                let nome_cliente = text("nome_cliente")?;
                Ok(vec![
                    venda_search(
                        text("codigo")?.as_deref(),
                        nome_cliente.as_deref(),
                        text("nome_situacao")?.as_deref(),
                    ),
                    sort_key(nome_cliente.as_deref()),
                ])
            },
        )
        .await?;
        self.fill_table(
            "SELECT id, descricao, nome_cliente, nome_fornecedor, codigo, nome_plano_conta
             FROM lancamentos",
            "UPDATE lancamentos SET busca = ?, descricao_ordem = ?, contraparte_ordem = ?
             WHERE id = ?",
            |row| {
                let text = |c: &str| row.try_get::<Option<String>, _>(c);
                let (descricao, cliente, fornecedor) = (
                    text("descricao")?,
                    text("nome_cliente")?,
                    text("nome_fornecedor")?,
                );
                Ok(vec![
                    lancamento_search(
                        descricao.as_deref(),
                        cliente.as_deref(),
                        fornecedor.as_deref(),
                        text("codigo")?.as_deref(),
                        text("nome_plano_conta")?.as_deref(),
                    ),
                    sort_key(descricao.as_deref()),
                    sort_key(cliente.or(fornecedor).as_deref()),
                ])
            },
        )
        .await
    }

    /// Walks the rows of `select` with an empty `busca` by id, and writes `update` with the
    /// values `compute` gives, then the row's id.
    async fn fill_table(
        &self,
        select: &str,
        update: &str,
        compute: impl Fn(&sqlx::sqlite::SqliteRow) -> Result<Vec<String>>,
    ) -> Result<()> {
        let select = format!("{select} WHERE busca = '' AND id > ? ORDER BY id LIMIT ?");
        let mut after = 0_i64;
        loop {
            let rows = sqlx::query(&select)
                .bind(after)
                .bind(FILL_BATCH)
                .fetch_all(self.pool())
                .await?;
            let Some(last) = rows.last() else {
                return Ok(());
            };
            after = last.try_get("id")?;
            let mut tx = self.begin_write().await?;
            for row in &rows {
                let mut query = sqlx::query(update);
                for value in compute(row)? {
                    query = query.bind(value);
                }
                query
                    .bind(row.try_get::<i64, _>("id")?)
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await?;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_drops_case_and_accents() {
        assert_eq!(fold("Gonçalves"), "goncalves");
        assert_eq!(fold("GONÇALVES"), "goncalves");
        assert_eq!(fold("José Ávila Ñúñez"), "jose avila nunez");
        assert_eq!(fold("ÉÊÈËéêèë ÃÕãõ Üü"), "eeeeeeee aoao uu");
        assert_eq!(fold("goncalves"), "goncalves");
    }

    #[test]
    fn a_document_is_searched_with_and_without_punctuation() {
        assert_eq!(
            search_terms(" 123.456.789-09 "),
            vec!["123.456.789-09".to_string(), "12345678909".to_string()]
        );
        assert_eq!(search_terms("12345678909"), vec!["12345678909".to_string()]);
        assert_eq!(search_terms("Gonçalves"), vec!["goncalves".to_string()]);
        assert_eq!(search_terms("Loja 12"), vec!["loja 12".to_string()]);
    }

    #[test]
    fn the_search_text_holds_each_field_folded_and_documents_as_digits() {
        let text = party_search(
            "Ana Gonçalves",
            None,
            Some("12.345.678/0001-95"),
            None,
            None,
            Some("ANA@EXEMPLO.COM"),
        );
        assert_eq!(
            text,
            "ana goncalves\n12.345.678/0001-95\n12345678000195\nana@exemplo.com"
        );
    }
}
