// SyncProgressBar: the entity being read, "página i de n", records so far, and the bar's values.
import { render, screen } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import type { LiveRun } from "../lib/progress.svelte";
import SyncProgressBar from "./SyncProgressBar.svelte";

function bar(): HTMLProgressElement {
  return screen.getByRole("progressbar", { name: "Progresso da sincronização" }) as HTMLProgressElement;
}

function detail(): string {
  return (screen.getByTestId("sync-progress").textContent ?? "").replace(/\s+/g, " ").trim();
}

describe("SyncProgressBar", () => {
  it("shows the entity, page i of n and the records read, in pt-BR", () => {
    const run: LiveRun = { runId: 1, label: "Vendas", page: 3, totalPages: 12, records: 1234 };
    render(SyncProgressBar, { run });
    expect(detail()).toBe("Vendas · página 3 de 12 · 1.234 registros lidos");
  });

  it("fills the bar to page i of n", () => {
    render(SyncProgressBar, { run: { runId: 1, label: "Clientes", page: 3, totalPages: 12, records: 150 } });
    expect(bar().getAttribute("value")).toBe("3");
    expect(bar().getAttribute("max")).toBe("12");
    expect(bar().position).toBeCloseTo(0.25);
  });

  it("leaves out the page count and keeps the bar indeterminate when it is unknown", () => {
    render(SyncProgressBar, { run: { runId: 1, label: "Lojas", page: 2, totalPages: null, records: 80 } });
    expect(detail()).toBe("Lojas · página 2 · 80 registros lidos");
    expect(bar().hasAttribute("value")).toBe(false);
    expect(bar().position).toBe(-1);
  });

  it("says it is starting before the first page arrives", () => {
    render(SyncProgressBar, { run: { runId: 1, label: null, page: 0, totalPages: null, records: 0 } });
    expect(detail()).toBe("Iniciando…");
    expect(bar().hasAttribute("value")).toBe(false);
  });

  it("says it is starting when there is no live run yet", () => {
    render(SyncProgressBar, { run: null });
    expect(detail()).toBe("Iniciando…");
  });

  it("follows the run as new pages arrive", async () => {
    const { rerender } = render(SyncProgressBar, {
      run: { runId: 1, label: "Vendas", page: 1, totalPages: 4, records: 100 },
    });
    await rerender({ run: { runId: 1, label: "Vendas", page: 4, totalPages: 4, records: 400 } });
    expect(detail()).toBe("Vendas · página 4 de 4 · 400 registros lidos");
    expect(bar().position).toBe(1);
  });

  it("announces the progress politely to screen readers", () => {
    render(SyncProgressBar, { run: null });
    expect(screen.getByText("Iniciando…").getAttribute("aria-live")).toBe("polite");
  });
});
