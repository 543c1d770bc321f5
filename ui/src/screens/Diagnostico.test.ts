// Diagnóstico over mocked IPC: the findings listed with their severity in words, the
// offered fixes applied only after the confirmation (and never when it is cancelled), the
// new check shown after the fixes, and "Exportar diagnóstico…" writing where the
// operator picked.
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, render, screen } from "@testing-library/svelte";
import { afterEach, describe, expect, it } from "vitest";
import type { DoctorFinding } from "../lib/bindings";
import Diagnostico from "./Diagnostico.svelte";

const problems: DoctorFinding[] = [
  { check: "integridade", severity: "ok", message: "O banco local está íntegro.", fix: null },
  {
    check: "somas_dre",
    severity: "problema",
    message: "2 somas do DRE diferem da recontagem.",
    fix: { action: "recount_kept_sums", label: "Recalcular" },
  },
  {
    check: "execucoes_presas",
    severity: "aviso",
    message: "1 sincronização ficou \"em andamento\" sem processo.",
    fix: { action: "fail_stuck_runs", label: "Marcar como falhas" },
  },
];
const healthy: DoctorFinding[] = [
  { check: "integridade", severity: "ok", message: "O banco local está íntegro.", fix: null },
  { check: "somas_dre", severity: "ok", message: "As somas do DRE conferem com a recontagem.", fix: null },
];

function mockCore() {
  const calls: { cmd: string; args: Record<string, unknown> }[] = [];
  mockIPC((cmd, args) => {
    calls.push({ cmd, args: (args ?? {}) as Record<string, unknown> });
    switch (cmd) {
      case "doctor_check":
        return problems;
      case "doctor_fix":
        return healthy;
      case "plugin:dialog|save":
        return "/home/ana/diagnostico.zip";
      case "export_diagnostics_bundle":
        return { path: "/home/ana/diagnostico.zip", entries: ["versoes.json"] };
      default:
        throw new Error(`unexpected command ${cmd}`);
    }
  });
  return calls;
}

afterEach(() => clearMocks());

describe("Diagnóstico", () => {
  it("lists each finding with its severity in words and the fix it offers", async () => {
    mockCore();
    render(Diagnostico);
    const list = await screen.findByTestId("doctor-findings");
    const items = Array.from(list.querySelectorAll("li"));
    expect(items.map((li) => li.dataset.check)).toEqual(["integridade", "somas_dre", "execucoes_presas"]);
    expect(items[0].textContent).toContain("OK");
    expect(items[1].textContent).toContain("Problema");
    expect(items[1].textContent).toContain("2 somas do DRE diferem da recontagem.");
    expect(items[1].textContent).toContain("Correção: Recalcular");
    expect(items[2].textContent).toContain("Aviso");
    expect(screen.getByTestId("doctor-summary").textContent).toContain("1 problema, 1 aviso");
  });

  it("applies the fixes only after the confirmation, then shows the new check", async () => {
    const calls = mockCore();
    render(Diagnostico);
    await fireEvent.click(await screen.findByRole("button", { name: "Aplicar correções…" }));

    const confirmation = screen.getByRole("alertdialog");
    expect(confirmation.textContent).toContain("Recalcular");
    expect(confirmation.textContent).toContain("Marcar como falhas");
    expect(calls.some((c) => c.cmd === "doctor_fix")).toBe(false);

    await fireEvent.click(screen.getByRole("button", { name: "Aplicar correções" }));

    expect((await screen.findByTestId("doctor-done")).textContent).toContain("verificado de novo");
    expect(calls.filter((c) => c.cmd === "doctor_fix").map((c) => c.args)).toEqual([
      { actions: ["recount_kept_sums", "fail_stuck_runs"] },
    ]);
    expect(screen.getByTestId("doctor-summary").textContent).toContain("Tudo certo");
    expect(screen.queryByRole("button", { name: "Aplicar correções…" })).toBeNull();
  });

  it("applies nothing when the confirmation is cancelled", async () => {
    const calls = mockCore();
    render(Diagnostico);
    await fireEvent.click(await screen.findByRole("button", { name: "Aplicar correções…" }));

    await fireEvent.click(screen.getByRole("button", { name: "Cancelar" }));

    expect(screen.queryByRole("alertdialog")).toBeNull();
    expect(calls.some((c) => c.cmd === "doctor_fix")).toBe(false);
  });

  it("exports the diagnosis zip to the file picked in the save dialog", async () => {
    const calls = mockCore();
    render(Diagnostico);
    await screen.findByTestId("doctor-findings");

    await fireEvent.click(screen.getByRole("button", { name: "Exportar diagnóstico…" }));

    expect((await screen.findByTestId("doctor-done")).textContent).toContain("/home/ana/diagnostico.zip");
    expect(calls.find((c) => c.cmd === "export_diagnostics_bundle")?.args).toEqual({ path: "/home/ana/diagnostico.zip" });
  });
});
