// The pure parts of Dados' actions: why a selection cannot be written back, R$ amounts,
// today as dd/mm/aaaa and the valor pago of a baixa.
import { describe, expect, it } from "vitest";
import type { LancamentoRow } from "./bindings";
import { makeIntegration } from "../test/fixtures";
import { parseMoneyBR, todayBR, valorPago, writeBlock } from "./writeback";

function row(overrides: Partial<LancamentoRow> = {}): LancamentoRow {
  return {
    id: 1,
    external_id: "L1",
    tipo: "recebimento",
    descricao: "Parcela 1",
    contraparte: null,
    data_competencia: "2026-11-01",
    data_vencimento: "2026-11-10",
    data_liquidacao: null,
    liquidado: false,
    dias_em_atraso: null,
    nome_plano_conta: null,
    nome_loja: null,
    valor_total_centavos: 10000,
    integration_id: 7,
    envio: null,
    ...overrides,
  };
}

const allowing = makeIntegration({ settings: { ...makeIntegration().settings, allow_writes: true } });

describe("writeBlock", () => {
  it("lets rows of an integration that allows writes through", () => {
    expect(writeBlock([row()], [allowing])).toBeNull();
  });
  it("says where to turn writes on while the setting is off", () => {
    expect(writeBlock([row()], [makeIntegration()])).toBe(
      'Ligue "Permitir alterações no Gestão Click" em Integrações › Loja Centro › Configurações',
    );
  });
  it("says Coinzz has no write API", () => {
    const coinzz = makeIntegration({ id: 9, provider: "coinzz", name: "Coinzz Loja", realtime_only: true });
    expect(writeBlock([row({ integration_id: 9 })], [coinzz])).toContain("não tem API de escrita");
  });
  it("asks for rows of one integration, and for at least one row", () => {
    const other = { ...allowing, id: 8, name: "Filial" };
    expect(writeBlock([row(), row({ id: 2, integration_id: 8 })], [allowing, other])).toContain("uma só integração");
    expect(writeBlock([], [allowing])).toBe("Marque um ou mais lançamentos na tabela.");
  });
});

describe("parseMoneyBR", () => {
  it("reads reais with a decimal comma, with or without thousands dots", () => {
    expect(parseMoneyBR("1.234,56")).toBe(123456);
    expect(parseMoneyBR("12,5")).toBe(1250);
    expect(parseMoneyBR("R$ 7")).toBe(700);
    expect(parseMoneyBR("  ")).toBe(0);
  });
  it("refuses what is not an amount", () => {
    expect(parseMoneyBR("12,345")).toBeNull();
    expect(parseMoneyBR("-3")).toBeNull();
    expect(parseMoneyBR("doze")).toBeNull();
  });
});

describe("todayBR and valorPago", () => {
  it("writes a day as dd/mm/aaaa", () => {
    expect(todayBR(new Date(2026, 2, 5))).toBe("05/03/2026");
  });
  it("adds juros and takes desconto and taxas once per lançamento", () => {
    const adjustments = { juros: 100, desconto: 50, taxaBanco: 20, taxaOperadora: 10 };
    expect(valorPago([row()], adjustments)).toBe(10020);
    expect(valorPago([row(), row({ id: 2, valor_total_centavos: 5000 })], adjustments)).toBe(15040);
  });
});
