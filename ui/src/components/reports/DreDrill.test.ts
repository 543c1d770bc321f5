// The lançamentos behind a DRE cell over mocked IPC: a total's cell can hold one lançamento
// twice, its face value and a part of its settlement; both rows show, the part named.
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { render, screen } from "@testing-library/svelte";
import { afterEach, describe, expect, it } from "vitest";
import type { DreEntries, DreEntry, DreQuery } from "../../lib/bindings";
import DreDrill from "./DreDrill.svelte";

const query: DreQuery = {
  from: "2026-01",
  to: "2026-01",
  basis: "caixa",
  comparison: "previous_period",
  filters: { integration_id: null, loja: null, centro_custo: null, include_money_moves: false },
};

const entry: Omit<DreEntry, "part" | "centavos"> = {
  integration_id: 1,
  external_id: "E1",
  tipo: "recebimento",
  data: "2026-01-31",
  descricao: "Venda no cartão",
  parte: "Cliente 1",
  plano_conta: "Vendas de mercadorias",
};

const answer: DreEntries = {
  entries: [
    { ...entry, part: null, centavos: 100_000 },
    { ...entry, part: "taxas_operadora", centavos: -3_000 },
  ],
  count: 2,
  centavos: 97_000,
};

describe("DreDrill", () => {
  afterEach(() => clearMocks());

  it("lists a lançamento's face value and its settlement part as two rows", async () => {
    mockIPC((cmd) => (cmd === "dre_entries" ? answer : null));
    render(DreDrill, {
      query,
      cell: { line: "lucro_liquido", account: null, month: "2026-01" },
      title: "= Lucro Líquido — 01/2026",
      onclose: () => {},
    });
    expect((await screen.findByTestId("dre-drill-summary")).textContent).toContain("R$ 970,00");
    expect(screen.getAllByTestId("provider-id").map((cell) => cell.textContent)).toEqual(["E1", "E1"]);
    expect(screen.getByText("Recebimento · taxa de cartão/operadora")).toBeTruthy();
    expect(screen.getByText("(R$ 30,00)")).toBeTruthy();
  });
});
