-- Indexes for the fluxo de caixa, the aging and the vendas report.

-- Open lançamentos by due date: the cash flow's projection and the aging read only these,
-- a small part of the table, by integration and side when the report is narrowed to one.
CREATE INDEX lancamentos_open_due ON lancamentos (integration_id, tipo, data_vencimento)
    WHERE liquidado = 0 AND deactivated_at IS NULL;

-- Live vendas by date, for a report over every integration and loja (vendas_by_date needs
-- the integration first).
CREATE INDEX vendas_live_by_date ON vendas (data) WHERE deactivated_at IS NULL;
