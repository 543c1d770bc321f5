// Alterações enviadas over mocked IPC: the counts at the top, a conflict side by side with
// its two choices, a failure with its reason and "Tentar novamente" / "Descartar", and the
// reload at each outbox event.
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, render, screen, within } from "@testing-library/svelte";
import { afterEach, describe, expect, it } from "vitest";
import type { OutboxCounts, OutboxItem } from "../lib/bindings";
import { outboxCenter } from "../lib/outbox.svelte";
import AlteracoesEnviadas from "./AlteracoesEnviadas.svelte";

function makeItem(overrides: Partial<OutboxItem> = {}): OutboxItem {
  return {
    id: 1,
    integration_id: 7,
    integration_name: "Loja Centro",
    tipo: "recebimento",
    external_id: "5001",
    lancamento_id: 11,
    descricao: "Venda 1020",
    operation: "reclassificar",
    fields: [
      {
        field: "plano_contas_id",
        label: "Plano de contas",
        base: "Vendas (100)",
        requested: "Aluguel (10896691)",
        upstream: null,
        conflicting: false,
      },
    ],
    priority: 10,
    state: "pending",
    attempts: 0,
    max_attempts: 3,
    next_attempt_at: "2026-12-06T12:00:00.000Z",
    last_error_code: null,
    last_error: null,
    requested_at: "2026-12-06T12:00:00.000Z",
    finished_at: null,
    ...overrides,
  };
}

const counts: OutboxCounts = { pending: 2, sending: 0, conflict: 1, failed: 1, done: 5 };

/** A core holding `stored`; records every command. */
function mockCore(stored: OutboxItem[]) {
  const calls: { cmd: string; args: Record<string, unknown> }[] = [];
  mockIPC((cmd, args) => {
    const payload = (args ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args: payload });
    switch (cmd) {
      case "writeback_items":
        return stored;
      case "writeback_counts":
        return counts;
      case "writeback_retry":
      case "writeback_discard":
      case "writeback_resolve":
        return null;
      default:
        throw new Error(`unexpected command ${cmd}`);
    }
  });
  return calls;
}

afterEach(() => {
  clearMocks();
});

describe("AlteracoesEnviadas", () => {
  it("shows the counts and each change with its state", async () => {
    mockCore([makeItem()]);
    render(AlteracoesEnviadas);

    const item = await screen.findByTestId("outbox-item");
    expect(item.textContent).toContain("Na fila");
    expect(item.textContent).toContain("Reclassificação de Venda 1020");
    expect(item.textContent).toContain("Vendas (100) → Aluguel (10896691)");
    expect((await screen.findByTestId("count-conflict")).textContent).toBe("1");
    expect(screen.getByTestId("count-done").textContent).toBe("5");
  });

  it("shows a conflict side by side and resolves it either way", async () => {
    const conflict = makeItem({
      id: 3,
      state: "conflict",
      fields: [
        {
          field: "plano_contas_id",
          label: "Plano de contas",
          base: "Vendas (100)",
          requested: "Aluguel (10896691)",
          upstream: "Serviços (200)",
          conflicting: true,
        },
      ],
    });
    const calls = mockCore([conflict]);
    render(AlteracoesEnviadas);

    const table = await screen.findByTestId("conflict-fields");
    expect(within(table).getByText("No Gestão Click")).toBeTruthy();
    expect(within(table).getByText("Sua alteração")).toBeTruthy();
    expect(within(table).getByText("Serviços (200)")).toBeTruthy();
    expect(within(table).getByText("Aluguel (10896691)")).toBeTruthy();

    await fireEvent.click(screen.getByRole("button", { name: "Aplicar de novo" }));
    await fireEvent.click(screen.getByRole("button", { name: "Manter a do Gestão Click" }));

    const resolved = calls.filter((c) => c.cmd === "writeback_resolve").map((c) => c.args);
    expect(resolved).toEqual([
      { id: 3, choice: "apply_again" },
      { id: 3, choice: "discard" },
    ]);
  });

  it("shows a failure's reason and retries or discards it", async () => {
    const failed = makeItem({ id: 4, state: "failed", last_error: "O Gestão Click recusou: conta bancária inválida." });
    const calls = mockCore([failed]);
    render(AlteracoesEnviadas);

    expect((await screen.findByTestId("outbox-error")).textContent).toContain("conta bancária inválida");
    await fireEvent.click(screen.getByRole("button", { name: "Tentar novamente" }));
    await fireEvent.click(screen.getByRole("button", { name: "Descartar" }));

    expect(calls.filter((c) => c.cmd === "writeback_retry").map((c) => c.args)).toEqual([{ id: 4 }]);
    expect(calls.filter((c) => c.cmd === "writeback_discard").map((c) => c.args)).toEqual([{ id: 4 }]);
  });

  it("reloads when the core announces a state change", async () => {
    const calls = mockCore([makeItem()]);
    render(AlteracoesEnviadas);
    await screen.findByTestId("outbox-item");
    const before = calls.filter((c) => c.cmd === "writeback_items").length;

    outboxCenter.changedCount += 1;

    await screen.findByTestId("outbox-item");
    await new Promise((done) => setTimeout(done, 0));
    expect(calls.filter((c) => c.cmd === "writeback_items").length).toBeGreaterThan(before);
  });
});
