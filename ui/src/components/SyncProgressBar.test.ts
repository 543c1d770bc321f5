// SyncProgressBar: "Etapa i de n", the list being read with "página i de n", records so far,
// and a bar that fills over the whole run.
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

function live(overrides: Partial<LiveRun>): LiveRun {
  return { runId: 1, label: null, page: 0, totalPages: null, records: 0, step: null, done: null, ...overrides };
}

describe("SyncProgressBar", () => {
  it("says which step of the run and which page of the list, in pt-BR", () => {
    render(SyncProgressBar, {
      run: live({
        label: "Clientes",
        page: 2,
        totalPages: 5,
        records: 1234,
        step: { index: 6, count: 10, part: 1, parts: 1 },
        done: 0.54,
      }),
    });
    expect(detail()).toBe("Etapa 6 de 10 · Clientes — página 2 de 5 · 1.234 registros lidos");
  });

  it("fills the bar over the whole run, not the list", () => {
    render(SyncProgressBar, {
      run: live({ label: "Centros de custo", page: 1, totalPages: 1, step: { index: 3, count: 10, part: 1, parts: 1 }, done: 0.3 }),
    });
    expect(bar().getAttribute("max")).toBe("1");
    expect(bar().position).toBeCloseTo(0.3);
  });

  it("does not restart the bar when the next list begins", async () => {
    const { rerender } = render(SyncProgressBar, {
      run: live({ label: "Clientes", page: 5, totalPages: 5, step: { index: 6, count: 10, part: 1, parts: 1 }, done: 0.6 }),
    });
    await rerender({
      run: live({ label: "Fornecedores", page: 1, totalPages: 3, step: { index: 7, count: 10, part: 1, parts: 1 }, done: 0.633 }),
    });
    expect(detail()).toContain("Etapa 7 de 10 · Fornecedores — página 1 de 3");
    expect(bar().position).toBeCloseTo(0.633);
  });

  it("names the loja of a per-loja list", () => {
    render(SyncProgressBar, {
      run: live({
        label: "Vendas · Matriz",
        page: 2,
        totalPages: 4,
        records: 300,
        step: { index: 8, count: 10, part: 1, parts: 2 },
        done: 0.725,
      }),
    });
    expect(detail()).toBe("Etapa 8 de 10 · Vendas · Matriz — página 2 de 4 · 300 registros lidos");
  });

  it("without a step, fills the bar to page i of n of the list", () => {
    render(SyncProgressBar, { run: live({ label: "Clientes", page: 3, totalPages: 12, records: 150 }) });
    expect(detail()).toBe("Clientes — página 3 de 12 · 150 registros lidos");
    expect(bar().getAttribute("value")).toBe("3");
    expect(bar().position).toBeCloseTo(0.25);
  });

  it("leaves out the page count and keeps the bar indeterminate when nothing is known", () => {
    render(SyncProgressBar, { run: live({ label: "Lojas", page: 2, records: 80 }) });
    expect(detail()).toBe("Lojas — página 2 · 80 registros lidos");
    expect(bar().hasAttribute("value")).toBe(false);
    expect(bar().position).toBe(-1);
  });

  it("says it is starting before the first page arrives", () => {
    render(SyncProgressBar, { run: live({}) });
    expect(detail()).toBe("Iniciando…");
    expect(bar().hasAttribute("value")).toBe(false);
  });

  it("says it is starting when there is no live run yet", () => {
    render(SyncProgressBar, { run: null });
    expect(detail()).toBe("Iniciando…");
  });

  it("announces the progress politely to screen readers", () => {
    render(SyncProgressBar, { run: null });
    expect(screen.getByText("Iniciando…").getAttribute("aria-live")).toBe("polite");
  });
});
