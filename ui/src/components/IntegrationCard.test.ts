// IntegrationCard: state badge, last and next sync, last error, and the sync/cancel buttons.
import { fireEvent, render, screen } from "@testing-library/svelte";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { EntityCounts, IntegrationCard as Card, IntegrationState, SyncRun } from "../lib/bindings";
import type { LiveRun } from "../lib/progress.svelte";
import { makeIntegration } from "../test/fixtures";
import IntegrationCard from "./IntegrationCard.svelte";

function makeCard(overrides: Partial<Card> = {}): Card {
  return {
    integration: makeIntegration(),
    state: "ok",
    running_run_id: null,
    last_run: null,
    last_run_totals: null,
    last_success_at: null,
    next_sync_at: null,
    requests_today: 0,
    daily_request_limit: 30000,
    open_quarantine: 0,
    records: 0,
    last_event: null,
    ...overrides,
  };
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
    requests: 0,
    entities: [],
    ...overrides,
  };
}

const totals: EntityCounts = { created: 1234, updated: 56, unchanged: 9000, deactivated: 0, failed: 0, requests: 2048 };

function renderCard(card: Card, live?: LiveRun) {
  const handlers = { onsync: vi.fn(), oncancel: vi.fn(), onshowrun: vi.fn() };
  render(IntegrationCard, { card, live, ...handlers });
  return handlers;
}

/** An element's text with whitespace collapsed, as the operator reads it. */
function textOf(testId: string): string {
  return (screen.getByTestId(testId).textContent ?? "").replace(/\s+/g, " ").trim();
}

afterEach(() => {
  vi.useRealTimers();
});

describe("IntegrationCard", () => {
  it("shows the integration's name as the card's heading", () => {
    renderCard(makeCard());
    expect(screen.getByRole("heading", { name: "Loja Centro" })).toBeTruthy();
    expect(screen.getByRole("article", { name: "Loja Centro" })).toBeTruthy();
  });

  it.each<[IntegrationState, string]>([
    ["never_synced", "Nunca sincronizada"],
    ["ok", "OK"],
    ["syncing", "Sincronizando"],
    ["error", "Com erro"],
    ["disabled", "Desativada"],
  ])("labels the %s state in pt-BR", (state, label) => {
    renderCard(makeCard({ state }));
    expect(textOf("card-state")).toBe(label);
  });

  it("shows the syncing state while a live run is present, whatever the card's state", () => {
    renderCard(makeCard({ state: "error" }), { runId: 42, label: null, page: 0, totalPages: null, records: 0, step: null, done: null });
    expect(textOf("card-state")).toBe("Sincronizando");
  });

  it("says the integration was never synced when there is no last run", () => {
    renderCard(makeCard());
    expect(textOf("last-sync")).toBe("Nunca sincronizada");
    expect(screen.queryByTestId("last-sync-counts")).toBeNull();
  });

  it("shows the last sync's outcome, São Paulo time, duration and pt-BR counts", () => {
    renderCard(makeCard({ last_run: makeRun(), last_run_totals: totals }));
    expect(textOf("last-sync")).toContain("Concluída 23/11/2026 10:02 · durou 2 min 05 s");
    expect(textOf("last-sync-counts")).toBe("1.234 criados · 56 atualizados · 2.048 requisições");
    expect(screen.queryByTestId("last-error")).toBeNull();
  });

  it("shows the request budget and the mirrored records with grouped digits", () => {
    renderCard(makeCard({ requests_today: 1500, daily_request_limit: 30000, records: 22445 }));
    expect(screen.getByText("1.500 de 30.000")).toBeTruthy();
    expect(screen.getByRole("meter", { name: "Cota diária usada" }).getAttribute("value")).toBe("0.05");
    expect(textOf("records")).toBe("22.445");
  });

  it("shows when the next scheduled sync runs, relative to now and in São Paulo time", () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-11-23T13:02:00Z"));
    renderCard(makeCard({ next_sync_at: "2026-11-23T13:10:00Z" }));
    expect(screen.getByText(/em 8 min/)).toBeTruthy();
    expect(screen.getByText("(23/11/2026 10:10)")).toBeTruthy();
  });

  it("says there is no next sync for a disabled integration", () => {
    const disabled = makeCard({ state: "disabled" });
    disabled.integration.enabled = false;
    renderCard(disabled);
    expect(screen.getByText("Integração desativada")).toBeTruthy();
  });

  it("says the schedule is off for an enabled integration without a next sync", () => {
    renderCard(makeCard());
    expect(screen.getByText("Agendamento desligado")).toBeTruthy();
  });

  it("shows the last run's error, with its next step, and links to that run in the Histórico", async () => {
    const message = "Credenciais inválidas. Confira os tokens em Integrações › Trocar tokens.";
    const run = makeRun({ outcome: "failed", error_code: "invalid_credentials", error_message: message });
    const { onshowrun } = renderCard(makeCard({ state: "error", last_run: run }));

    const alert = screen.getByTestId("last-error");
    expect(alert.getAttribute("role")).toBe("alert");
    expect(alert.textContent).toContain(message);
    expect(textOf("last-sync")).toContain("Falhou");

    await fireEvent.click(screen.getByRole("button", { name: "Ver detalhes no Histórico" }));
    expect(onshowrun).toHaveBeenCalledExactlyOnceWith(41);
  });

  it("explains that an interrupted run resumes at the next sync", () => {
    renderCard(makeCard({ last_run: makeRun({ outcome: "interrupted" }) }));
    expect(textOf("last-error")).toContain(
      "A sincronização foi interrompida antes de terminar. A próxima continua de onde parou.",
    );
  });

  it("points a failed run without a message to the Histórico", () => {
    renderCard(makeCard({ state: "error", last_run: makeRun({ outcome: "failed" }) }));
    expect(textOf("last-error")).toContain("A sincronização falhou. Veja os detalhes no Histórico.");
  });

  it("shows no error when the last run was cancelled", () => {
    renderCard(makeCard({ last_run: makeRun({ outcome: "cancelled" }) }));
    expect(screen.queryByTestId("last-error")).toBeNull();
    expect(textOf("last-sync")).toContain("Cancelada");
  });

  it("hides the last run's error while a new run is going", () => {
    const run = makeRun({ outcome: "failed", error_message: "Falhou." });
    renderCard(makeCard({ state: "syncing", last_run: run }));
    expect(screen.queryByTestId("last-error")).toBeNull();
  });

  it("shows the error the Painel passes in, such as a failed sync request", () => {
    render(IntegrationCard, {
      card: makeCard(),
      live: undefined,
      error: "Outra sincronização já está em andamento.",
      onsync: vi.fn(),
      oncancel: vi.fn(),
      onshowrun: vi.fn(),
    });
    expect(screen.getByRole("alert").textContent).toBe("Outra sincronização já está em andamento.");
  });

  it("starts a sync when “Sincronizar Agora” is clicked", async () => {
    const { onsync, oncancel } = renderCard(makeCard());
    const button = screen.getByTestId("sync-now");
    expect(button.textContent).toBe("Sincronizar Agora");
    expect(screen.queryByTestId("sync-progress")).toBeNull();

    await fireEvent.click(button);
    expect(onsync).toHaveBeenCalledOnce();
    expect(oncancel).not.toHaveBeenCalled();
  });

  it("does not offer to sync a disabled integration", () => {
    const card = makeCard({ state: "disabled" });
    card.integration.enabled = false;
    renderCard(card);
    expect((screen.getByTestId("sync-now") as HTMLButtonElement).disabled).toBe(true);
  });

  it("shows the live run's progress and cancels it with “Cancelar”", async () => {
    const live: LiveRun = { runId: 42, label: "Vendas", page: 3, totalPages: 10, records: 1500, step: null, done: null };
    const { onsync, oncancel } = renderCard(makeCard({ state: "syncing", running_run_id: 42 }), live);

    expect(screen.getByTestId("sync-progress").textContent).toContain("Vendas — página 3 de 10");
    const bar = screen.getByRole("progressbar") as HTMLProgressElement;
    expect([bar.value, bar.max]).toEqual([3, 10]);

    await fireEvent.click(screen.getByRole("button", { name: "Cancelar" }));
    expect(oncancel).toHaveBeenCalledOnce();
    expect(onsync).not.toHaveBeenCalled();
  });

  it("shows the step of the run and fills the bar over the whole run", () => {
    const live: LiveRun = {
      runId: 42,
      label: "Vendas · Matriz",
      page: 3,
      totalPages: 10,
      records: 1500,
      step: { index: 8, count: 10, part: 1, parts: 2 },
      done: 0.715,
    };
    renderCard(makeCard({ state: "syncing", running_run_id: 42 }), live);
    expect(textOf("sync-progress")).toContain("Etapa 8 de 10 · Vendas · Matriz — página 3 de 10");
    expect((screen.getByRole("progressbar") as HTMLProgressElement).position).toBeCloseTo(0.715);
  });

  it("counts the request a failed run sent, as the quota does", () => {
    const failedTotals: EntityCounts = { created: 0, updated: 0, unchanged: 0, deactivated: 0, failed: 0, requests: 1 };
    renderCard(
      makeCard({
        state: "error",
        last_run: makeRun({ outcome: "failed", requests: 1, error_message: "Credenciais inválidas." }),
        last_run_totals: failedTotals,
        requests_today: 1,
      }),
    );
    expect(textOf("last-sync-counts")).toBe("0 criados · 0 atualizados · 1 requisição");
    expect(screen.getByText("1 de 30.000")).toBeTruthy();
  });

  it("shows an indeterminate bar when the card is syncing before any progress arrived", () => {
    renderCard(makeCard({ state: "syncing", running_run_id: 42 }));
    expect(screen.getByRole("progressbar").hasAttribute("value")).toBe(false);
    expect(screen.getByTestId("sync-progress").textContent).toContain("Iniciando…");
  });

  it("turns a second click while syncing into showing the run in progress", async () => {
    const live: LiveRun = { runId: 43, label: null, page: 0, totalPages: null, records: 0, step: null, done: null };
    const { onsync, oncancel, onshowrun } = renderCard(makeCard({ state: "syncing", running_run_id: 42 }), live);

    const button = screen.getByTestId("sync-now") as HTMLButtonElement;
    expect(button.textContent).toBe("Sincronizando…");
    expect(button.title).toBe("Mostra a sincronização em andamento");
    expect(button.disabled).toBe(false);

    await fireEvent.click(button);
    expect(onshowrun).toHaveBeenCalledExactlyOnceWith(43);
    expect(onsync).not.toHaveBeenCalled();
    expect(oncancel).not.toHaveBeenCalled();
  });

  it("shows the stored running run when no live progress arrived yet", async () => {
    const { onsync, onshowrun } = renderCard(makeCard({ state: "syncing", running_run_id: 42 }));
    await fireEvent.click(screen.getByTestId("sync-now"));
    expect(onshowrun).toHaveBeenCalledExactlyOnceWith(42);
    expect(onsync).not.toHaveBeenCalled();
  });

  it("shows a realtime-only card's last event instead of sync, schedule and budget", () => {
    const coinzz = makeIntegration({ provider: "coinzz", name: "Coinzz Loja", schedule_interval_minutes: null, realtime_only: true });
    renderCard(
      makeCard({
        integration: coinzz,
        records: 12,
        last_event: { event_type: "order", applied_at: "2026-11-23T13:05:00Z" },
      }),
    );
    expect(textOf("realtime-only")).toBe("Recebe os dados em tempo real");
    expect(textOf("last-event")).toBe("23/11/2026 10:05 · pedido");
    expect(textOf("no-query-api")).toContain("não há o que sincronizar");
    expect(screen.queryByTestId("sync-now")).toBeNull();
    expect(screen.queryByText("Próxima sincronização")).toBeNull();
    expect(screen.queryByText("Cota diária de requisições")).toBeNull();
    expect(textOf("records")).toBe("12");
  });

  it("says when a realtime-only card has received nothing yet", () => {
    renderCard(makeCard({ integration: makeIntegration({ provider: "coinzz", realtime_only: true }) }));
    expect(textOf("last-event")).toBe("Nenhum recebido ainda");
  });
});
