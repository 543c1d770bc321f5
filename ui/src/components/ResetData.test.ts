// Configurações › Limpar dados espelhados over mocked IPC: the button works only once the
// operator typed LIMPAR, the option to remove the notas travels with the request, and the
// result (or the core's refusal) is said in pt-BR.
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, render, screen } from "@testing-library/svelte";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ResetReport } from "../lib/bindings";
import ResetData from "./ResetData.svelte";

const report: ResetReport = {
  backup_id: "20261206T120000Z-before-reset",
  removed_rows: 12_345,
  kept_annotated_rows: 2,
  moved_cursors: 1,
};

function mockCore(answer: () => ResetReport = () => report) {
  const calls: { cmd: string; args: Record<string, unknown> }[] = [];
  mockIPC((cmd, args) => {
    calls.push({ cmd, args: (args ?? {}) as Record<string, unknown> });
    if (cmd === "reset_mirror") return answer();
    throw new Error(`unexpected command ${cmd}`);
  });
  return calls;
}

const button = () => screen.getByRole("button", { name: "Limpar dados espelhados" }) as HTMLButtonElement;
const confirmation = () => screen.getByLabelText(/Para confirmar, digite LIMPAR/) as HTMLInputElement;

afterEach(() => clearMocks());

describe("ResetData", () => {
  it("says what is kept and what is removed", () => {
    mockCore();
    render(ResetData);
    const text = screen.getByTestId("reset-data").textContent ?? "";
    expect(text).toContain("clientes, fornecedores, vendas, lançamentos");
    expect(text).toContain("integrações");
    expect(text).toContain("tokens no chaveiro");
    expect(text).toContain("mapeamento do DRE");
    expect(text).toContain("backup");
  });

  it("keeps the button disabled until the typed confirmation matches", async () => {
    const calls = mockCore();
    render(ResetData);
    expect(button().disabled).toBe(true);

    for (const almost of ["LIMPA", "limpar", "LIMPAR JÁ"]) {
      await fireEvent.input(confirmation(), { target: { value: almost } });
      expect(button().disabled, almost).toBe(true);
    }
    await fireEvent.click(button());
    expect(calls).toHaveLength(0);

    await fireEvent.input(confirmation(), { target: { value: " LIMPAR " } });
    expect(button().disabled).toBe(false);
  });

  it("resets with the chosen option and says what happened and which backup brings it back", async () => {
    const calls = mockCore();
    const ondone = vi.fn();
    render(ResetData, { ondone });
    await fireEvent.click(screen.getByLabelText(/Apagar também as anotações/));
    await fireEvent.input(confirmation(), { target: { value: "LIMPAR" } });

    await fireEvent.click(button());

    const done = (await screen.findByTestId("reset-done")).textContent ?? "";
    expect(done).toContain("12.345 registros removidos");
    expect(done).toContain("2 registros ficaram por ter anotação");
    expect(done).toContain(report.backup_id);
    expect(done).toContain("A próxima sincronização espelha tudo de novo");
    expect(calls).toEqual([{ cmd: "reset_mirror", args: { options: { remove_annotations: true } } }]);
    expect(ondone).toHaveBeenCalledOnce();
    // The confirmation is asked again for another reset.
    expect(confirmation().value).toBe("");
    expect(button().disabled).toBe(true);
  });

  it("shows the core's refusal as it wrote it", async () => {
    mockCore(() => {
      throw {
        code: "reset_while_syncing",
        message: "A integração Loja Centro está sincronizando. Espere a sincronização terminar (ou cancele-a no Painel) e limpe de novo.",
      };
    });
    render(ResetData);
    await fireEvent.input(confirmation(), { target: { value: "LIMPAR" } });

    await fireEvent.click(button());

    expect((await screen.findByRole("alert")).textContent).toContain("está sincronizando");
    expect(screen.queryByTestId("reset-done")).toBeNull();
  });
});
