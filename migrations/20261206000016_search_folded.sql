-- Accent- and case-insensitive search in Dados, and sorting by name in pt-BR order.
-- Each mirrored table Dados browses gets a precomputed search text (`busca`: its searchable
-- fields lowercased, without diacritics, plus CPF/CNPJ as digits only) and folded sort keys.
-- SQLite's lower() does not fold "Ç" or "É", so the Rust code that writes a row computes them
-- (`store/search.rs`); rows written before this migration are filled in at open, from Rust,
-- where `busca` is still empty (a row with nothing to search is just read again, cheaply).

ALTER TABLE parties ADD COLUMN busca TEXT NOT NULL DEFAULT '';
ALTER TABLE parties ADD COLUMN nome_ordem TEXT NOT NULL DEFAULT '';

ALTER TABLE vendas ADD COLUMN busca TEXT NOT NULL DEFAULT '';
ALTER TABLE vendas ADD COLUMN cliente_ordem TEXT NOT NULL DEFAULT '';

ALTER TABLE lancamentos ADD COLUMN busca TEXT NOT NULL DEFAULT '';
ALTER TABLE lancamentos ADD COLUMN descricao_ordem TEXT NOT NULL DEFAULT '';
ALTER TABLE lancamentos ADD COLUMN contraparte_ordem TEXT NOT NULL DEFAULT '';

-- Clientes and fornecedores as Dados lists them (the live ones of a kind, by folded name
-- then id), with the search text and the external id beside: a search reads this index in
-- the page's order, and the count never touches the wide rows. `deactivated_at` is there
-- only so SQLite sees the index covers the query.
CREATE INDEX parties_search ON parties (kind, nome_ordem, id, busca, external_id, deactivated_at)
    WHERE deactivated_at IS NULL;
