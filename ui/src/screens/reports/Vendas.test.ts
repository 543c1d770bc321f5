// Vendas over mocked IPC: the period comes from the app's month pickers and presets; a
// reversed period is refused before asking the core, with its pt-BR message, and the table
// of the previous period goes away.
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, render, screen } from "@testing-library/svelte";
import { afterEach, describe, expect, it } from "vitest";
import type { ReportTable } from "../../lib/bindings";
import { presetPeriod } from "../../lib/periods";
import Vendas from "./Vendas.svelte";

const table: ReportTable = {
  title: "Vendas",
  about: [],
  columns: ["Período", "Vendas", "Receita"],
  rows: [
    { style: "normal", cells: [{ kind: "text", value: "01/2026" }, { kind: "number", value: { scaled: 3, places: 0 } }, { kind: "money", value: 300_00 }] },
  ],
  notes: [],
};

function mockCore(): { cmd: string; request?: { query: { from: string; to: string } } }[] {
  const calls: { cmd: string; request?: { query: { from: string; to: string } } }[] = [];
  mockIPC((cmd, args) => {
    calls.push({ cmd, ...(args as object) });
    switch (cmd) {
      case "list_integrations":
      case "reference_options":
        return [];
      case "report_table":
        return table;
      default:
        throw new Error(`unexpected command ${cmd}`);
    }
  });
  return calls;
}

afterEach(() => clearMocks());

describe("Vendas period", () => {
  it("refuses a reversed period before asking, says how to fix it and drops the old table", async () => {
    const calls = mockCore();
    render(Vendas);
    await screen.findByTestId("report-table");
    const asked = calls.filter((c) => c.cmd === "report_table").length;
    const untilYear = Number(screen.getByLabelText<HTMLSelectElement>("Até: ano").value);

    await fireEvent.change(screen.getByLabelText("De: ano"), { target: { value: String(untilYear + 1) } });

    expect((await screen.findByRole("alert")).textContent).toBe("O mês inicial é depois do final; troque os meses.");
    expect(screen.queryByTestId("report-table")).toBeNull();
    expect(calls.filter((c) => c.cmd === "report_table").length).toBe(asked);
    expect(screen.getByLabelText("De: ano").getAttribute("aria-invalid")).toBe("true");
  });

  it("a preset asks the core for its months", async () => {
    const calls = mockCore();
    render(Vendas);
    await screen.findByTestId("report-table");

    await fireEvent.click(screen.getByRole("button", { name: "Mês passado" }));

    await screen.findByTestId("report-table");
    const last = calls.filter((c) => c.cmd === "report_table").at(-1);
    const { from, to } = presetPeriod("last_month", new Date());
    expect([last?.request?.query.from, last?.request?.query.to]).toEqual([from, to]);
    expect(screen.getByRole("button", { name: "Mês passado" }).getAttribute("aria-pressed")).toBe("true");
  });
});
