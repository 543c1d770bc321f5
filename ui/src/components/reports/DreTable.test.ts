// The DRE table: accounting-style amounts, lines that open onto their accounts, and a click
// on any amount naming exactly that cell (row and month, or the period).
import { fireEvent, render, screen, within } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";
import type { Dre, DreRow } from "../../lib/bindings";
import DreTable from "./DreTable.svelte";

function row(overrides: Partial<DreRow>): DreRow {
  return {
    kind: "group",
    line: { group: "receita_bruta" },
    label: "Receita Operacional Bruta",
    integration_id: null,
    plano_external_id: null,
    values: [150000, 80000],
    total: 230000,
    av: [1, 1],
    av_total: 1,
    compared_total: 200000,
    ah: 0.15,
    ...overrides,
  };
}

const dre: Dre = {
  basis: "competencia",
  months: ["2026-01", "2026-02"],
  comparison: "previous_period",
  compared_months: ["2025-11", "2025-12"],
  money_moves: [],
  money_moves_total: 0,
  ah_withheld: false,
  rows: [
    row({}),
    row({
      kind: "account",
      label: "Vendas de produtos",
      integration_id: 1,
      plano_external_id: "p11",
    }),
    row({
      kind: "total",
      line: "lucro_liquido",
      label: "= Lucro Líquido",
      values: [-40000, 12345],
      total: -27655,
      av_total: -0.12,
      ah: null,
    }),
  ],
};

describe("DreTable", () => {
  it("shows negatives in parentheses, AV and AH, and hides accounts until the line opens", async () => {
    render(DreTable, { dre, onCell: () => {} });
    const total = screen.getByText("= Lucro Líquido").closest("tr") as HTMLElement;
    expect(within(total).getByText("(R$ 400,00)")).toBeTruthy();
    expect(within(total).getByText("(R$ 276,55)")).toBeTruthy();
    expect(within(total).getByText("-12,0%")).toBeTruthy();
    expect(within(total).getByText("—")).toBeTruthy();
    expect(screen.queryByText("Vendas de produtos")).toBeNull();
    await fireEvent.click(screen.getByRole("button", { name: /Receita Operacional Bruta/ }));
    expect(screen.getByText("Vendas de produtos")).toBeTruthy();
  });

  it("names the clicked cell: the account and its month, or a line and the whole period", async () => {
    const onCell = vi.fn();
    render(DreTable, { dre, onCell });
    await fireEvent.click(screen.getByRole("button", { name: /Receita Operacional Bruta/ }));
    const account = screen.getByText("Vendas de produtos").closest("tr") as HTMLElement;
    await fireEvent.click(within(account).getByText("R$ 800,00"));
    expect(onCell).toHaveBeenLastCalledWith(
      { line: { group: "receita_bruta" }, account: { integration_id: 1, plano_external_id: "p11" }, month: "2026-02" },
      "Vendas de produtos — 02/2026",
    );
    const total = screen.getByText("= Lucro Líquido").closest("tr") as HTMLElement;
    await fireEvent.click(within(total).getByText("(R$ 276,55)"));
    expect(onCell).toHaveBeenLastCalledWith(
      { line: "lucro_liquido", account: null, month: null },
      "= Lucro Líquido — período",
    );
  });
});
