// RealtimeStatus over mocked IPC: off (with what to do), the numbers of a connected
// channel, live backlog and relay-down state from the realtime store, reload per batch.
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { render, screen } from "@testing-library/svelte";
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
  it("says how to switch it on when the integration has no relay channel", async () => {
    mockStatus({ ...connected, channel: null, events_by_type: [], applied: 0, stale: 0, quarantined: 0, success_rate: null, last_event_type: null, last_event_at: null, lag_p50_ms: null, lag_p99_ms: null, last_error: null });
    render(RealtimeStatus, { integrationId: 7 });
    expect((await screen.findByText(/Desligado/)).textContent).toContain("ponte relay connect");
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
});
