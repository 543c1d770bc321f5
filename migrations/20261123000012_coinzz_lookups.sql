-- Coinzz events find their venda by order number and their buyer by document, phone or
-- e-mail, inside the batch transaction. Without these, each event scanned every venda and
-- every cliente of the integration: the drain fell from ~900 to ~160 events/s as the store
-- grew to 17,000 vendas (./dev bench --only relay).
CREATE INDEX vendas_by_external_id ON vendas (integration_id, external_id);
CREATE INDEX parties_by_documento ON parties (integration_id, kind, documento);
CREATE INDEX parties_by_celular ON parties (integration_id, kind, celular);
-- The same expression the buyer lookup compares, so the index can serve it.
CREATE INDEX parties_by_email ON parties (integration_id, kind, lower(trim(email)));
