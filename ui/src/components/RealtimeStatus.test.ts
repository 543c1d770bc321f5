// RealtimeStatus over mocked IPC: off (with the connect form, then "Verificar" on its
// own), the numbers of a connected channel, live backlog and relay-down state from the
// realtime store, reload per batch, "Verificar" failing in pt-BR, the webhook setup, and
// the quarantine with "Reprocessar".
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { flushSync } from "svelte";
import { afterEach, describe, expect, it } from "vitest";
import type { RealtimeStatus as Status } from "../lib/bindings";
import { realtime } from "../lib/realtime.svelte";
import RealtimeStatus from "./RealtimeStatus.svelte";

const connected: Status = {
  channel: { integration_id: 7, relay_url: "https://relay.exemplo.com.br", channel: "ch_abc", auth_mode: "hmac", cursor: 42 },
  events_by_type: [
    ["sale.created", 30],
    ["customer.updated", 12],
  ],
  applied: 40,
  stale: 1,
  quarantined: 1,
  success_rate: 40 / 42,
  last_event_type: "sale.created",
  last_event_at: "2026-11-23T13:00:00.250Z",
  lag_p50_ms: 18,
  lag_p99_ms: 1204,
  last_error: "assinatura do provedor não confere",
  quarantine: [],
};

function mockStatus(status: Status): { asked: number } {
  const calls = { asked: 0 };
  mockIPC((cmd) => {
    if (cmd !== "realtime_status") throw new Error(`unexpected command ${cmd}`);
    calls.asked += 1;
    return status;
  });
  return calls;
}

afterEach(() => {
  clearMocks();
  realtime.relayDownSince = {};
  realtime.backlog = {};
});

describe("RealtimeStatus", () => {
  it("connects an integration without a channel, then verifies the round trip", async () => {
    const off: Status = { ...connected, channel: null, events_by_type: [], applied: 0, stale: 0, quarantined: 0, success_rate: null, last_event_type: null, last_event_at: null, lag_p50_ms: null, lag_p99_ms: null, last_error: null };
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
    render(RealtimeStatus, { integrationId: 7 });
    await screen.findByText(/Desligado/);

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
    expect(screen.getByText(/ch_abc/)).toBeTruthy();
  });

  it("shows why a verification failed, in pt-BR", async () => {
    mockIPC((cmd) => {
      if (cmd === "realtime_status") return connected;
      if (cmd === "verify_relay") throw { code: "relay_verify_timeout", message: "O evento de teste chegou ao relay, mas não voltou em 15 s." };
      throw new Error(`unexpected command ${cmd}`);
    });
    render(RealtimeStatus, { integrationId: 7 });
    await fireEvent.click(await screen.findByTestId("verify-relay"));
    expect((await screen.findByTestId("verify-result")).textContent).toContain("não voltou em 15 s");
  });

  it("shows the webhook URL and secret only when asked, and no secret in url-token mode", async () => {
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
    render(RealtimeStatus, { integrationId: 7 });
    await screen.findByText(/ch_abc/);
    expect(screen.queryByTestId("webhook-secret")).toBeNull();

    await fireEvent.click(screen.getByText("Mostrar URL e segredo do webhook"));
    expect((await screen.findByTestId("webhook-url")).textContent).toBe("https://relay.exemplo.com.br/hooks/ch_abc");
    expect(screen.getByTestId("webhook-secret").textContent).toBe("s3cr3t");

    await fireEvent.click(screen.getByText("Esconder"));
    mode = "url_token";
    await fireEvent.click(screen.getByText("Mostrar URL e segredo do webhook"));
    expect((await screen.findByTestId("webhook-url")).textContent).toBe("https://relay.exemplo.com.br/hooks/ch_abc/t0k");
    expect(screen.queryByTestId("webhook-secret")).toBeNull();
  });

  it("shows the channel's numbers, lag percentiles and last error in pt-BR", async () => {
    mockStatus(connected);
    realtime.backlog = { 7: 1234 };
    render(RealtimeStatus, { integrationId: 7 });
    const panel = await screen.findByTestId("realtime-status");
    await screen.findByText(/ch_abc/);
    const text = panel.textContent ?? "";
    expect(text).toContain("40 aplicados · 1 antigos · 1 em quarentena");
    expect(text).toContain("sucesso 95,2%");
    expect(text).toContain("sale.created: 30 · customer.updated: 12");
    expect(text).toContain("p50 18 ms · p99 1.204 ms");
    expect(text).toContain("1.234");
    expect(text).toContain("assinatura do provedor não confere");
  });

  it("reloads after each batch and shows a relay that is down", async () => {
    const calls = mockStatus(connected);
    render(RealtimeStatus, { integrationId: 7 });
    await screen.findByText(/ch_abc/);
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
    render(RealtimeStatus, { integrationId: 7 });
    const list = await screen.findByTestId("quarantine");
    await screen.findByText(/invoice.paid/);
    expect(list.textContent).toContain("evento 12");

    await fireEvent.click(screen.getByTestId("reprocess"));
    expect((await screen.findByTestId("reprocess-result")).textContent).toContain("1 aplicados, 0 continuam em quarentena");
    await waitFor(() => expect(screen.queryByText(/invoice.paid/)).toBeNull());
  });
});
