// OpeningBalances: a blank date or amount is flagged by the app, in pt-BR, next to the
// field, the first such field takes the focus, and nothing goes to the core. Mocked IPC.
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, render, screen, within } from "@testing-library/svelte";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ContaOpening } from "../../lib/bindings";
import OpeningBalances from "./OpeningBalances.svelte";

const caixa: ContaOpening = {
  integration_id: 7,
  integration_name: "Loja Centro",
  conta_bancaria_id: "c2",
  nome: "Caixa",
  opening: null,
};

afterEach(() => clearMocks());

describe("OpeningBalances", () => {
  it("flags the blank fields in pt-BR, focuses the first and sends nothing", async () => {
    const calls: string[] = [];
    mockIPC((cmd) => {
      calls.push(cmd);
      if (cmd === "contas_with_openings") return [caixa];
      throw new Error(`unexpected command ${cmd}`);
    });
    render(OpeningBalances, { integrationId: null, onchange: vi.fn() });
    const row = (await screen.findByText("Caixa")).closest("tr") as HTMLElement;
    await fireEvent.click(within(row).getByRole("button", { name: "Informar" }));
    const [data, valor] = within(row).getAllByRole("textbox") as HTMLInputElement[];

    await fireEvent.click(within(row).getByRole("button", { name: "Salvar" }));

    expect(calls).toEqual(["contas_with_openings"]);
    expect(within(row).getByText("Informe a data do saldo, como 01/01/2026")).toBeTruthy();
    expect(within(row).getByText("Informe o saldo em reais, como 1.234,56")).toBeTruthy();
    expect(data.getAttribute("aria-invalid")).toBe("true");
    expect(document.activeElement).toBe(data);

    await fireEvent.input(data, { target: { value: "01/12/2025" } });
    await fireEvent.click(within(row).getByRole("button", { name: "Salvar" }));
    expect(data.getAttribute("aria-invalid")).toBeNull();
    expect(document.activeElement).toBe(valor);
    expect(calls).toEqual(["contas_with_openings"]);
  });
});
