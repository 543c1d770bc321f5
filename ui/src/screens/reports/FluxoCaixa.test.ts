// Fluxo de caixa over mocked IPC: the transfers' memo line and the flag of a conta without a
// saldo inicial show, a saldo inicial typed in pt-BR goes to the core as typed and the
// table is asked again, and the core's refusal shows its pt-BR reason.
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, render, screen, within } from "@testing-library/svelte";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ContaOpening, ReportTable } from "../../lib/bindings";
import { makeIntegration } from "../../test/fixtures";
import FluxoCaixa from "./FluxoCaixa.svelte";

const contas: ContaOpening[] = [
  {
    integration_id: 7,
    integration_name: "Loja Centro",
    conta_bancaria_id: "c1",
    nome: "Banco Inter",
    opening: { integration_id: 7, conta_bancaria_id: "c1", data: "2025-11-15", centavos: 1_000_000 },
  },
  { integration_id: 7, integration_name: "Loja Centro", conta_bancaria_id: "c2", nome: "Caixa", opening: null },
];

const table: ReportTable = {
  title: "Fluxo de caixa",
  about: ["Integração: Loja Centro"],
  columns: ["Linha", "Antes do período", "01/2026", "Total"],
  rows: [
    {
      style: "normal",
      cells: [
        { kind: "text", value: "Transferências entre contas (entre as próprias contas)" },
        { kind: "text", value: "" },
        { kind: "money", value: 0 },
        { kind: "money", value: 0 },
      ],
    },
  ],
  notes: [],
};

function mockCore(refuse = false): Record<string, unknown>[] {
  const calls: Record<string, unknown>[] = [];
  mockIPC((cmd, args) => {
    calls.push({ cmd, ...(args as object) });
    switch (cmd) {
      case "list_integrations":
        return [makeIntegration()];
      case "reference_options":
        return [];
      case "contas_with_openings":
        return contas;
      case "report_table":
        return table;
      case "set_opening_balance":
        if (refuse) {
          throw {
            code: "invalid_input",
            message: "Valor inválido em saldo inicial: \"1.234\" é ambíguo; escreva o valor como 1.234,56",
          };
        }
        return { integration_id: 7, conta_bancaria_id: "c2", data: "2025-12-01", centavos: 123_456 };
      default:
        throw new Error(`unexpected command ${cmd}`);
    }
  });
  return calls;
}

describe("Fluxo de caixa", () => {
  afterEach(() => clearMocks());

  it("shows the transfers' memo line and flags the conta without a saldo inicial", async () => {
    mockCore();
    render(FluxoCaixa);
    expect(await screen.findByText("Transferências entre contas (entre as próprias contas)")).toBeTruthy();
    const caixa = (await screen.findByText("Caixa")).closest("tr") as HTMLElement;
    expect(caixa.textContent).toContain("sem saldo inicial informado");
    const inter = screen.getByText("Banco Inter").closest("tr") as HTMLElement;
    expect(inter.textContent).toContain("no início de 15/11/2025");
    expect(screen.getByText(/1 sem saldo inicial/)).toBeTruthy();
  });

  it("sends the saldo inicial as typed and asks for the table again", async () => {
    const calls = mockCore();
    render(FluxoCaixa);
    const caixa = (await screen.findByText("Caixa")).closest("tr") as HTMLElement;
    await fireEvent.click(within(caixa).getByRole("button", { name: "Informar" }));
    const [data, valor] = within(caixa).getAllByRole("textbox") as HTMLInputElement[];
    await fireEvent.input(data, { target: { value: "01/12/2025" } });
    await fireEvent.input(valor, { target: { value: "1.234,56" } });
    const tablesBefore = calls.filter((c) => c.cmd === "report_table").length;
    await fireEvent.click(within(caixa).getByRole("button", { name: "Salvar" }));
    await screen.findByText("Caixa");
    await vi.waitFor(() =>
      expect(calls.filter((c) => c.cmd === "report_table").length).toBeGreaterThan(tablesBefore),
    );
    expect(calls.filter((c) => c.cmd === "set_opening_balance")).toEqual([
      {
        cmd: "set_opening_balance",
        input: { integration_id: 7, conta_bancaria_id: "c2", data: "01/12/2025", valor: "1.234,56" },
      },
    ]);
  });

  it("shows why the core refused the saldo inicial", async () => {
    mockCore(true);
    render(FluxoCaixa);
    const caixa = (await screen.findByText("Caixa")).closest("tr") as HTMLElement;
    await fireEvent.click(within(caixa).getByRole("button", { name: "Informar" }));
    const [data, valor] = within(caixa).getAllByRole("textbox") as HTMLInputElement[];
    await fireEvent.input(data, { target: { value: "01/12/2025" } });
    await fireEvent.input(valor, { target: { value: "1.234" } });
    await fireEvent.click(within(caixa).getByRole("button", { name: "Salvar" }));
    expect((await within(caixa).findByRole("alert")).textContent).toContain("1.234,56");
  });
});

