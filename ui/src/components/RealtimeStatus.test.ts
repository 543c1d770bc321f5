// RealtimeStatus over mocked IPC: off, "Ligar tempo real" opens the channel and shows the
// numbered steps for Gestão Click's panel (URL and Authorization header), or says why it
// could not; an existing channel connected by hand (then "Verificar" on its own); the
// status of a connected channel in operator words, with the raw numbers only under a
// collapsed "Detalhes técnicos"; live backlog and relay-down state; reload per batch;
// "Verificar" failing in pt-BR; the webhook steps again; and the quarantine.
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { flushSync } from "svelte";
import { afterEach, describe, expect, it } from "vitest";
import type { RealtimeStatus as Status } from "../lib/bindings";
import { realtime } from "../lib/realtime.svelte";
import RealtimeStatus from "./RealtimeStatus.svelte";

const twoMinutesAgo = () => new Date(Date.now() - 2 * 60_000 - 5_000).toISOString();

const connected: Status = {
  channel: { integration_id: 7, relay_url: "https://relay.exemplo.com.br", channel: "ch_abc", auth_mode: "hmac", cursor: 42 },
  events_by_type: [
    ["transaction.updated", 9],
    ["sale.created", 30],
    ["ponte.verify", 1],
  ],
  applied: 31,
  stale: 1,
  quarantined: 1,
  success_rate: 31 / 33,
  last_event_type: "sale.created",
  last_event_at: "2026-11-23T13:00:00.250Z",
  lag_p50_ms: 7,
  lag_p99_ms: 1268,
  last_error: "assinatura do provedor não confere",
  quarantine: [],
  backlog: 0,
};

const off: Status = {
  ...connected,
  channel: null,
  events_by_type: [],
  applied: 0,
  stale: 0,
  quarantined: 0,
  success_rate: null,
  last_event_type: null,
  last_event_at: null,
  lag_p50_ms: null,
  lag_p99_ms: null,
  last_error: null,
  backlog: null,
};

const props = { integrationId: 7, provider: "gestaoclick" as const, name: "Loja Centro" };

function mockStatus(status: Status): { asked: number } {
  const calls = { asked: 0 };
  mockIPC((cmd) => {
    if (cmd !== "realtime_status") throw new Error(`unexpected command ${cmd}`);
    calls.asked += 1;
    return status;
  });
  return calls;
}

/** What the page shows without opening "Detalhes técnicos". */
function visibleText(panel: HTMLElement): string {
  const copy = panel.cloneNode(true) as HTMLElement;
  copy.querySelectorAll("details:not([open]) > :not(summary)").forEach((hidden) => hidden.remove());
  return copy.textContent ?? "";
}

afterEach(() => {
  clearMocks();
  realtime.relayDownSince = {};
  realtime.backlog = {};
});

describe("RealtimeStatus", () => {
  it("turns Tempo real on in one click and shows Gestão Click's numbered steps", async () => {
    let status = off;
    const asked: string[] = [];
    mockIPC((cmd, args) => {
      asked.push(cmd);
      if (cmd === "realtime_status") return status;
      if (cmd === "enable_realtime") {
        expect(args).toEqual({ integrationId: 7 });
        status = { ...connected, channel: { ...connected.channel!, auth_mode: "bearer" } };
        return { url: "https://relay.exemplo.com.br/hooks/ch_new", secret: "s3cr3t", auth_mode: "bearer" };
      }
      if (cmd === "verify_relay") return { event_id: "ponte-verify-x", round_trip_ms: 42 };
      throw new Error(`unexpected command ${cmd}`);
    });
    render(RealtimeStatus, props);
    await screen.findByText(/Desligado/);

    await fireEvent.click(screen.getByRole("button", { name: "Ligar tempo real" }));

    const steps = await screen.findByTestId("realtime-steps");
    expect(steps.querySelectorAll("ol > li")).toHaveLength(5);
    expect(screen.getByTestId("realtime-webhook-url").textContent).toBe("https://relay.exemplo.com.br/hooks/ch_new");
    expect(screen.getByTestId("webhook-header").textContent).toBe("Bearer s3cr3t");
    expect(steps.textContent).toContain("Authorization");
    expect(steps.textContent).toContain("No Gestão Click, abra a tela de webhooks");
    expect(steps.textContent).toContain("em “Loja Centro”, use “Verificar”");
    expect(asked).not.toContain("verify_relay");

    await fireEvent.click(await screen.findByTestId("verify-relay"));
    expect((await screen.findByTestId("verify-result")).textContent).toContain("foi e voltou pelo relay em 42 ms");
    await fireEvent.click(screen.getByRole("button", { name: "Concluir" }));
    expect(screen.queryByTestId("realtime-steps")).toBeNull();
  });

  it("says why Tempo real could not be turned on, and keeps the integration off", async () => {
    mockIPC((cmd) => {
      if (cmd === "realtime_status") return off;
      if (cmd === "enable_realtime") {
        throw { code: "relay_account_missing", message: "Informe-os em Configurações › Relay de webhooks." };
      }
      throw new Error(`unexpected command ${cmd}`);
    });
    render(RealtimeStatus, props);
    await fireEvent.click(await screen.findByTestId("enable-realtime"));
    expect((await screen.findByTestId("enable-realtime-error")).textContent).toContain("Configurações › Relay de webhooks");
    expect(screen.queryByTestId("realtime-steps")).toBeNull();
    expect(screen.getByText(/Desligado/)).toBeTruthy();
  });

  it("connects an existing channel from the advanced option, then verifies the round trip", async () => {
    let status = off;
    const asked: { cmd: string; args: unknown }[] = [];
    mockIPC((cmd, args) => {
      asked.push({ cmd, args });
      if (cmd === "realtime_status") return status;
      if (cmd === "connect_relay") {
        status = connected;
        return null;
      }
      if (cmd === "verify_relay") return { event_id: "ponte-verify-x", round_trip_ms: 42 };
      throw new Error(`unexpected command ${cmd}`);
    });
    render(RealtimeStatus, props);
    await screen.findByText(/Desligado/);
    expect(screen.getByTestId("existing-channel").hasAttribute("open")).toBe(false);
    expect(screen.getByText("Usar um canal existente (avançado)")).toBeTruthy();

    await fireEvent.input(screen.getByLabelText("Endereço do relay"), { target: { value: "https://relay.exemplo.com.br" } });
    await fireEvent.input(screen.getByLabelText("Canal"), { target: { value: "ch_abc" } });
    await fireEvent.change(screen.getByLabelText("Autenticação do provedor"), { target: { value: "standard" } });
    await fireEvent.input(screen.getByLabelText("Token de leitura"), { target: { value: "pull" } });
    await fireEvent.input(screen.getByLabelText("Segredo de ingestão"), { target: { value: "whsec_x" } });
    await fireEvent.submit(screen.getByTestId("relay-connect"));

    expect((await screen.findByTestId("verify-result")).textContent).toContain("foi e voltou pelo relay em 42 ms");
    expect(asked.find((a) => a.cmd === "connect_relay")?.args).toEqual({
      connection: { integration_id: 7, relay_url: "https://relay.exemplo.com.br", channel: "ch_abc", auth_mode: "standard", pull_token: "pull", ingest_secret: "whsec_x" },
    });
  });

  it("tells a channel that does not exist apart, without the reassurance", async () => {
    mockIPC((cmd) => {
      if (cmd === "realtime_status") return off;
      if (cmd === "connect_relay") {
        throw { code: "relay_channel_not_found", message: "O relay não tem o canal ch_x. Confira o canal digitado." };
      }
      throw new Error(`unexpected command ${cmd}`);
    });
    render(RealtimeStatus, props);
    await screen.findByText(/Desligado/);
    const fill = (label: string, value: string) => fireEvent.input(screen.getByLabelText(label), { target: { value } });
    await fill("Endereço do relay", "https://relay.exemplo.com.br");
    await fill("Canal", "ch_x");
    await fill("Token de leitura", "leitura");
    await fill("Segredo de ingestão", "segredo");
    await fireEvent.submit(screen.getByTestId("relay-connect"));
    const alert = await screen.findByText(/O relay não tem o canal ch_x/);
    expect(alert.textContent).not.toContain("Nada se perde");
  });

  it("says in operator words what arrived, with the raw numbers folded under Detalhes técnicos", async () => {
    mockStatus({ ...connected, last_event_at: twoMinutesAgo() });
    render(RealtimeStatus, props);
    const panel = await screen.findByTestId("realtime-status");
    const summary = await screen.findByTestId("realtime-summary");
    expect(summary.textContent).toContain("30 eventos aplicados nas últimas 24 h");
    expect(summary.textContent).toContain("último evento há 2 min");
    expect(summary.textContent).toContain("tudo em dia");

    const shown = visibleText(panel);
    for (const raw of ["transaction.updated", "ponte.verify", "p50", "p99", "HMAC", "hmac", "X-Webhook-Signature", "ch_abc"]) {
      expect(shown).not.toContain(raw);
    }
    expect(shown).toContain("assinatura do provedor não confere");

    const details = screen.getByTestId("realtime-details") as HTMLDetailsElement;
    expect(details.open).toBe(false);
    expect(details.querySelector("summary")?.textContent).toBe("Detalhes técnicos");
    const technical = details.textContent ?? "";
    expect(technical).toContain("transaction.updated: 9");
    expect(technical).toContain("ponte.verify: 1");
    expect(technical).toContain("p50 7 ms · p99 1.268 ms");
    expect(technical).toContain("HMAC (X-Webhook-Signature)");
    expect(technical).toContain("31 aplicados · 1 antigos · 1 em quarentena");
    expect(technical).toContain("sucesso 93,9%");
    expect(technical).toContain("ch_abc");
  });

  it("says how many wait on the relay, live from the pollers", async () => {
    mockStatus(connected);
    realtime.backlog = { 7: 1234 };
    render(RealtimeStatus, props);
    expect((await screen.findByTestId("realtime-waiting")).textContent).toBe("1.234 aguardando no relay");
  });

  it("shows why a verification failed, in pt-BR", async () => {
    mockIPC((cmd) => {
      if (cmd === "realtime_status") return connected;
      if (cmd === "verify_relay") throw { code: "relay_verify_timeout", message: "O evento de teste chegou ao relay, mas não voltou em 15 s." };
      throw new Error(`unexpected command ${cmd}`);
    });
    render(RealtimeStatus, props);
    await fireEvent.click(await screen.findByTestId("verify-relay"));
    expect((await screen.findByTestId("verify-result")).textContent).toContain("não voltou em 15 s");
  });

  it("shows the webhook steps only when asked, and no secret in url-token mode", async () => {
    let mode = "hmac";
    mockIPC((cmd) => {
      if (cmd === "realtime_status") return connected;
      if (cmd === "webhook_setup") {
        return mode === "hmac"
          ? { url: "https://relay.exemplo.com.br/hooks/ch_abc", secret: "s3cr3t", auth_mode: "hmac" }
          : { url: "https://relay.exemplo.com.br/hooks/ch_abc/t0k", secret: "t0k", auth_mode: "url_token" };
      }
      throw new Error(`unexpected command ${cmd}`);
    });
    render(RealtimeStatus, props);
    await screen.findByTestId("realtime-summary");
    expect(screen.queryByTestId("webhook-secret")).toBeNull();

    await fireEvent.click(screen.getByText("Mostrar URL e segredo do webhook"));
    expect((await screen.findByTestId("webhook-url")).textContent).toBe("https://relay.exemplo.com.br/hooks/ch_abc");
    expect(screen.getByTestId("webhook-secret").textContent).toBe("s3cr3t");
    expect(screen.getByTestId("webhook-steps").querySelectorAll("li")).toHaveLength(5);

    await fireEvent.click(screen.getByText("Esconder"));
    mode = "url_token";
    await fireEvent.click(screen.getByText("Mostrar URL e segredo do webhook"));
    expect((await screen.findByTestId("webhook-url")).textContent).toBe("https://relay.exemplo.com.br/hooks/ch_abc/t0k");
    expect(screen.queryByTestId("webhook-secret")).toBeNull();
    expect(screen.getByTestId("webhook-steps").querySelectorAll("li")).toHaveLength(4);
  });

  it("reloads after each batch and shows a relay that is down", async () => {
    const calls = mockStatus(connected);
    render(RealtimeStatus, props);
    await screen.findByTestId("realtime-summary");
    const before = calls.asked;

    realtime.apply({ kind: "applied", integration_id: 7, applied: 1, stale: 0, quarantined: 0, duplicates: 0, backlog: 0 });
    realtime.apply({ kind: "relay_down", integration_id: 7, since: "2026-11-23T13:05:00Z", error: "x" });
    flushSync();

    expect(calls.asked).toBe(before + 1);
    expect((await screen.findByRole("status")).textContent).toContain("Relay indisponível desde 23/11/2026 10:05");
  });

  it("lists quarantined events and reprocesses them, saying what became of them", async () => {
    const waiting: Status = {
      ...connected,
      quarantine: [
        { id: 3, entity_type: null, external_id: null, reason: "tipo de evento desconhecido: invoice.paid", created_at: "2026-11-23T13:00:00.000Z", relay_channel: "ch_abc", relay_seq: 12 },
      ],
    };
    let status = waiting;
    mockIPC((cmd) => {
      if (cmd === "realtime_status") return status;
      if (cmd === "reprocess_quarantine") {
        status = { ...connected, quarantine: [] };
        return { resolved: 1, still_quarantined: 0, unavailable: 0 };
      }
      throw new Error(`unexpected command ${cmd}`);
    });
    render(RealtimeStatus, props);
    const list = await screen.findByTestId("quarantine");
    await screen.findByText(/invoice.paid/);
    expect(list.textContent).toContain("evento 12");

    await fireEvent.click(screen.getByTestId("reprocess"));
    expect((await screen.findByTestId("reprocess-result")).textContent).toContain("1 aplicados, 0 continuam em quarentena");
    await waitFor(() => expect(screen.queryByText(/invoice.paid/)).toBeNull());
  });
});
