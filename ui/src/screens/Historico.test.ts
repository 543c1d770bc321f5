// Histórico over mocked IPC: the run detail in operator words — entity names in pt-BR,
// records by name with their id beside, a summary whose categories add up to the records
// read, and a "Detalhe" that says what changed.
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, render, screen, within } from "@testing-library/svelte";
import { afterEach, describe, expect, it } from "vitest";
import type { EntityCounts, RunDetail, SyncRun } from "../lib/bindings";
import { nav } from "../lib/nav.svelte";
import { makeIntegration } from "../test/fixtures";
import Historico from "./Historico.svelte";

function counts(overrides: Partial<EntityCounts>): EntityCounts {
  return { created: 0, updated: 0, unchanged: 0, deactivated: 0, failed: 0, requests: 0, ...overrides };
}

function makeRun(overrides: Partial<SyncRun> = {}): SyncRun {
  return {
    id: 41,
    integration_id: 7,
    trigger: "manual",
    started_at: "2026-11-23T13:00:00Z",
    finished_at: "2026-11-23T13:02:05Z",
    outcome: "succeeded",
    error_code: null,
    error_message: null,
    requests: 12,
    entities: [
      ["plano_conta", counts({ created: 3, unchanged: 40, requests: 1 })],
      ["cliente", counts({ updated: 2, unchanged: 97, failed: 1, requests: 1 })],
      ["recebimento", counts({ created: 1, updated: 1, deactivated: 2, requests: 10 })],
    ],
    ...overrides,
  };
}

const detail: RunDetail = {
  run: makeRun(),
  log_total: 9,
  log: [
    { entity: "cliente", external_id: "77", name: null, action: "failed", detail: "não gravado: nome ausente", at: "2026-11-23T13:01:00Z" },
    { entity: "plano_conta", external_id: "1001", name: "Receitas de vendas", action: "created", detail: "novo no Ponte", at: "2026-11-23T13:01:00Z" },
    {
      entity: "cliente",
      external_id: "501",
      name: "Maria Gonçalves",
      action: "updated",
      detail: "celular: (11) 91234-5678 → (11) 99876-5432",
      at: "2026-11-23T13:01:00Z",
    },
    {
      entity: "recebimento",
      external_id: "9001",
      name: "Venda 123 - parcela 1",
      action: "updated",
      detail: "liquidado: não → sim; liquidação: vazio → 23/11/2026",
      at: "2026-11-23T13:01:00Z",
    },
    {
      entity: "recebimento",
      external_id: "9002",
      name: "Aluguel",
      action: "deactivated",
      detail: "não veio mais do provedor: guardado como inativo",
      at: "2026-11-23T13:01:00Z",
    },
  ],
};

function mockCore() {
  mockIPC((cmd) => {
    switch (cmd) {
      case "list_runs":
        return [detail.run];
      case "list_integrations":
        return [makeIntegration({ id: 7, name: "Loja Centro" })];
      case "run_detail":
        return detail;
      default:
        throw new Error(`unexpected command ${cmd}`);
    }
  });
}

const text = (element: Element) => (element.textContent ?? "").replace(/\s+/g, " ").trim();
/** A table row as the operator reads it, cell by cell. */
const cells = (row: Element) => [...row.querySelectorAll("th, td")].map(text).join(" | ");

async function openDetail() {
  mockCore();
  render(Historico);
  const table = await screen.findByTestId("runs-table");
  await fireEvent.click(within(table).getByRole("button", { name: "Detalhes" }));
  return screen.findByTestId("run-detail");
}

afterEach(() => {
  clearMocks();
  nav.go("painel");
});

describe("Historico", () => {
  it("sums the run's disjoint counts so they add up to the records read", async () => {
    await openDetail();
    // 43 + 100 + 2 read; 4 criados + 3 atualizados + 137 sem mudança + 1 com falha = 145.
    expect(text(screen.getByTestId("run-summary"))).toBe(
      "145 registros lidos: 4 criados, 3 atualizados, 137 sem mudança e 1 com falha. " +
        "2 registros desativados por não vir mais do provedor.",
    );
    const total = within(screen.getByTestId("run-entities")).getByRole("rowheader", { name: "Total" }).closest("tr")!;
    expect(cells(total)).toBe("Total | 145 | 4 | 3 | 137 | 1 | 2 | 12");
  });

  it("names the entities in pt-BR", async () => {
    await openDetail();
    const entities = text(screen.getByTestId("run-entities"));
    expect(entities).toContain("Planos de contas");
    expect(entities).toContain("Clientes");
    expect(entities).toContain("Recebimentos");
    expect(entities).not.toContain("plano_conta");
  });

  it("shows each record by name with its id beside, and what changed", async () => {
    await openDetail();
    const rows = within(screen.getByTestId("run-log")).getAllByRole("row").slice(1).map(cells);
    expect(rows).toEqual([
      "Falhou | Cliente | sem nome nº 77 | não gravado: nome ausente",
      "Criado | Plano de contas | Receitas de vendas nº 1001 | novo no Ponte",
      "Atualizado | Cliente | Maria Gonçalves nº 501 | celular: (11) 91234-5678 → (11) 99876-5432",
      "Atualizado | Recebimento | Venda 123 - parcela 1 nº 9001 | liquidado: não → sim; liquidação: vazio → 23/11/2026",
      "Desativado | Recebimento | Aluguel nº 9002 | não veio mais do provedor: guardado como inativo",
    ]);
  });

  it("says when only the first lines are shown, without calling them all changes", async () => {
    await openDetail();
    expect(screen.getByRole("heading", { name: /Registros desta sincronização/ }).textContent).toBe(
      "Registros desta sincronização (primeiros 5 de 9, falhas primeiro)",
    );
    expect(screen.queryByText(/alterados/)).toBeNull();
  });

  it("lists runs with their own totals", async () => {
    mockCore();
    render(Historico);
    const table = await screen.findByTestId("runs-table");
    const row = within(table).getAllByRole("row")[1];
    expect(cells(row)).toContain("Loja Centro | Manual | Concluída");
    expect(cells(row)).toContain("| 4 | 3 | 1 | 12 |");
  });
});
