// Estrutura do DRE over mocked IPC: each account shows where it goes and why, a choice is
// sent for that account, and a refused import shows the core's pt-BR reason.
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, render, screen, within } from "@testing-library/svelte";
import { afterEach, describe, expect, it } from "vitest";
import type { DreMapping as Mapping } from "../../lib/bindings";
import { makeIntegration } from "../../test/fixtures";
import DreMapping from "./DreMapping.svelte";

const mapping: Mapping = {
  integration_id: 7,
  rows: [
    {
      external_id: "p2",
      classificacao: "2",
      nome: "Despesas",
      tipo: "D",
      depth: 0,
      class: { kind: "line", group: "cmv" },
      source: "chosen",
    },
    {
      external_id: "p21",
      classificacao: "2.1",
      nome: "Compra de mercadorias",
      tipo: "D",
      depth: 1,
      class: { kind: "line", group: "cmv" },
      source: "inherited",
    },
    {
      external_id: "p9",
      classificacao: "9",
      nome: "Outros lançamentos",
      tipo: null,
      depth: 0,
      class: { kind: "unclassified" },
      source: "default",
    },
  ],
};

function mockCore(): Record<string, unknown>[] {
  const calls: Record<string, unknown>[] = [];
  mockIPC((cmd, args) => {
    calls.push({ cmd, ...(args as object) });
    switch (cmd) {
      case "list_integrations":
        return [makeIntegration()];
      case "dre_mapping":
        return mapping;
      case "set_dre_choice":
        return null;
      case "plugin:dialog|open":
        return "/tmp/mapeamento.csv";
      case "import_dre_mapping":
        throw {
          code: "invalid_input",
          message: "Valor inválido em mapeamento do DRE: linha 3: \"lucro\" não é uma linha do DRE",
        };
      default:
        throw new Error(`unexpected command ${cmd}`);
    }
  });
  return calls;
}

describe("Estrutura do DRE", () => {
  afterEach(() => clearMocks());

  it("shows each account's line and whether it is chosen, inherited or automatic", async () => {
    mockCore();
    render(DreMapping);
    const child = (await screen.findByText("Compra de mercadorias")).closest("tr") as HTMLElement;
    const select = within(child).getByRole("combobox") as HTMLSelectElement;
    expect(select.value).toBe("");
    expect(select.selectedOptions[0].textContent).toContain("Automático: (−) CMV/CPV/CSP (da conta-mãe)");
    const parent = screen.getByText("Despesas").closest("tr") as HTMLElement;
    expect((within(parent).getByRole("combobox") as HTMLSelectElement).value).toBe("cmv");
    expect(screen.getByText("Outros lançamentos").closest("tr")?.classList.contains("unclassified")).toBe(true);
  });

  it("sends the choice for that account, and automatic as none", async () => {
    const calls = mockCore();
    render(DreMapping);
    const row = (await screen.findByText("Outros lançamentos")).closest("tr") as HTMLElement;
    await fireEvent.change(within(row).getByRole("combobox"), { target: { value: "despesas_administrativas" } });
    const parent = screen.getByText("Despesas").closest("tr") as HTMLElement;
    await fireEvent.change(within(parent).getByRole("combobox"), { target: { value: "" } });
    const choices = calls.filter((c) => c.cmd === "set_dre_choice");
    expect(choices).toEqual([
      {
        cmd: "set_dre_choice",
        integrationId: 7,
        planoExternalId: "p9",
        lineClass: { kind: "line", group: "despesas_administrativas" },
      },
      { cmd: "set_dre_choice", integrationId: 7, planoExternalId: "p2", lineClass: null },
    ]);
  });

  it("shows why an import was refused", async () => {
    mockCore();
    render(DreMapping);
    await fireEvent.click(await screen.findByRole("button", { name: "Importar CSV" }));
    expect((await screen.findByRole("alert")).textContent).toContain("linha 3");
  });
});
