// The Conferência panel over mocked IPC: it asks the core for the period it is given, says
// whether everything holds, marks a check that does not, and opens a finding to its
// lançamentos with their provider ids.
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, render, screen, within } from "@testing-library/svelte";
import { afterEach, describe, expect, it } from "vitest";
import type { Conferencia, ConferenciaQuery } from "../../lib/bindings";
import ConferenciaPanel from "./ConferenciaPanel.svelte";

const query: ConferenciaQuery = {
  from: "2026-01",
  to: "2026-02",
  scope: { integration_id: null, loja: null, centro_custo: null },
};

const answer: Conferencia = {
  months: ["2026-01", "2026-02"],
  holds: false,
  checks: [
    { title: "DRE por competência: as linhas somam", holds: true, expected: null, found: null, detail: "Cada linha…" },
    {
      title: "DRE por caixa confere com o que foi liquidado",
      holds: false,
      expected: 141_934,
      found: 141_884,
      detail: "Lucro Líquido… não fecha",
    },
  ],
  findings: [
    {
      kind: "broken_settlement",
      title: "Liquidações cujo valor total não fecha (Outros ajustes de liquidação)",
      what_to_do: "Confira esses lançamentos no Gestão Click.",
      count: 1,
      centavos: -50,
      entries: [
        {
          lancamento_id: 6,
          integration_id: 1,
          external_id: "E6",
          tipo: "recebimento",
          data: "2026-02-12",
          descricao: "Venda 6",
          parte: "Cliente 6",
          plano_conta: "Vendas",
          part: "outros_ajustes",
          centavos: -50,
        },
      ],
    },
  ],
};

describe("ConferenciaPanel", () => {
  afterEach(() => clearMocks());

  it("asks for the period, marks what does not hold and lists a finding's entries", async () => {
    const asked: unknown[] = [];
    mockIPC((cmd, args) => {
      if (cmd === "conferencia") {
        asked.push((args as { query: ConferenciaQuery }).query);
        return answer;
      }
      return null;
    });
    render(ConferenciaPanel, { query });
    expect((await screen.findByTestId("conferencia-verdict")).textContent).toContain("há verificações que não conferem");
    expect(asked).toEqual([query]);
    const failing = screen.getByText("DRE por caixa confere com o que foi liquidado").closest("li") as HTMLElement;
    expect(failing.dataset.holds).toBe("false");
    const finding = screen.getByText(/Liquidações cujo valor total não fecha/).closest("details") as HTMLElement;
    await fireEvent.click(within(finding).getByText(/Liquidações cujo valor total não fecha/));
    expect(within(finding).getByText("E6")).toBeTruthy();
    expect(within(finding).getByText("12/02/2026")).toBeTruthy();
    expect(within(finding).getAllByText("(R$ 0,50)").length).toBeGreaterThan(0);
  });

  it("asks nothing while the period is wrong", async () => {
    let asked = 0;
    mockIPC(() => {
      asked += 1;
      return answer;
    });
    render(ConferenciaPanel, { query: "Escolha o mês inicial e o final." });
    await Promise.resolve();
    expect(asked).toBe(0);
    expect(screen.queryByTestId("conferencia-verdict")).toBeNull();
  });
});
