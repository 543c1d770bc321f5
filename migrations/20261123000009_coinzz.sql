-- Coinzz, the second provider. Its orders land in `vendas` like any venda (reports, Dados
-- and the sales views read that table), one row per order_number. What only Coinzz sends,
-- and the state the out-of-order guard needs, lives in a side table keyed by the venda
-- row rather than in new nullable columns on `vendas`: the main table stays the same for
-- every provider, and a venda without Coinzz data simply has no row here.
-- Nothing here touches `lancamentos` (Coinzz sends no títulos), so the DRE triggers are
-- not involved.
CREATE TABLE venda_coinzz (
    venda_id             INTEGER PRIMARY KEY REFERENCES vendas(id) ON DELETE CASCADE,
    -- The labels exactly as Coinzz sent them, and Ponte's mapped keys.
    order_status_raw     TEXT    NOT NULL,
    order_status         TEXT    NOT NULL,
    shipping_status_raw  TEXT,
    shipping_status      TEXT    NOT NULL,
    -- The lifecycle rank of the stored state: an event of lower rank never overwrites it.
    status_rank          INTEGER NOT NULL,
    method_payment       TEXT,
    total_installments   INTEGER,
    tracking_code        TEXT,
    product_name         TEXT,
    order_quantity       INTEGER,
    utm_source           TEXT,
    utm_medium           TEXT,
    utm_campaign         TEXT,
    utm_content          TEXT,
    utm_term             TEXT,
    -- date_order as an instant (UTC); the local date is vendas.data.
    ordered_at_utc       TEXT,
    -- deleted_at as Coinzz sent it (São Paulo time) and as an instant.
    deleted_at           TEXT,
    deleted_at_utc       TEXT,
    first_order          INTEGER,
    second_order         INTEGER,
    -- The root "Postack" label: the name the producer gave the postback configuration.
    postback_label       TEXT
);

-- Coinzz subscriptions, one row per subscription_hash of an integration.
CREATE TABLE assinaturas (
    id                    INTEGER PRIMARY KEY,
    integration_id        INTEGER NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
    subscription_hash     TEXT    NOT NULL,
    -- The party's external id, as vendas.cliente_id holds it.
    cliente_id            TEXT,
    status_raw            TEXT    NOT NULL,
    status                TEXT    NOT NULL,
    frequency             TEXT,
    cycle                 TEXT,
    -- As Coinzz sent it (São Paulo time), and as an instant.
    next_charge_date      TEXT,
    next_charge_at_utc    TEXT,
    -- The latest order the subscription webhook carried.
    order_number          TEXT,
    -- Out-of-order guard: `<1 if cancelled else 0>|<next_charge_at_utc>`, compared as text.
    status_rank           TEXT    NOT NULL,
    payload_hash          BLOB    NOT NULL,
    updated_at            TEXT    NOT NULL,
    UNIQUE (integration_id, subscription_hash)
);

-- Status labels outside Ponte's table, one row per integration, field and label: the
-- notification center warns once per label, not once per event.
CREATE TABLE coinzz_unknown_labels (
    integration_id INTEGER NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
    field          TEXT    NOT NULL,
    label          TEXT    NOT NULL,
    first_seen_at  TEXT    NOT NULL,
    PRIMARY KEY (integration_id, field, label)
);
