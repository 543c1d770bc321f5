// Tempo real in operator words: applied events without Ponte's own test events, the last
// event's age, and what waits on the relay.
import { describe, expect, it } from "vitest";
import type { RealtimeStatus } from "./bindings";
import { appliedSummary, lastEventSummary, waitingSummary } from "./realtime-summary";

const status = (applied: number, byType: [string, number][]): RealtimeStatus => ({
  channel: null,
  events_by_type: byType,
  applied,
  stale: 0,
  quarantined: 0,
  success_rate: null,
  last_event_type: null,
  last_event_at: null,
  lag_p50_ms: null,
  lag_p99_ms: null,
  last_error: null,
  quarantine: [],
  backlog: null,
});

describe("appliedSummary", () => {
  it("counts the provider's events, not Ponte's test events", () => {
    expect(appliedSummary(status(31, [["sale.created", 30], ["ponte.verify", 1]]))).toBe("30 eventos aplicados nas últimas 24 h");
    expect(appliedSummary(status(2, [["sale.created", 1], ["ponte.verify", 1]]))).toBe("1 evento aplicado nas últimas 24 h");
    expect(appliedSummary(status(1, [["ponte.verify", 1]]))).toBe("Nenhum evento aplicado nas últimas 24 h");
    expect(appliedSummary(status(1234, [["sale.created", 1234]]))).toBe("1.234 eventos aplicados nas últimas 24 h");
  });
});

describe("lastEventSummary", () => {
  const now = new Date("2026-11-23T13:10:00Z");
  it("says how long ago, then the date once it is older than a day", () => {
    expect(lastEventSummary(null, null, now)).toBe("nenhum evento recebido ainda");
    expect(lastEventSummary("2026-11-23T13:09:40Z", "sale.created", now)).toBe("último evento há menos de 1 min");
    expect(lastEventSummary("2026-11-23T13:08:00Z", "sale.created", now)).toBe("último evento há 2 min");
    expect(lastEventSummary("2026-11-23T10:05:00Z", "sale.created", now)).toBe("último evento há 3 h");
    expect(lastEventSummary("2026-11-21T13:00:00Z", "sale.created", now)).toBe("último evento em 21/11/2026 10:00");
    expect(lastEventSummary("2026-11-23T13:08:00Z", "ponte.verify", now)).toBe("último evento há 2 min (teste da Ponte)");
  });
});

describe("waitingSummary", () => {
  it("says tudo em dia, how many wait, or nothing before the first pull", () => {
    expect(waitingSummary(0)).toBe("tudo em dia");
    expect(waitingSummary(12)).toBe("12 aguardando no relay");
    expect(waitingSummary(null)).toBeNull();
    expect(waitingSummary(undefined)).toBeNull();
  });
});
