// The reload counter: the first batch after a quiet spell reloads the screens at once (a
// single sale shows immediately), a burst reloads them at most every RELOAD_EVERY_MS.
import { afterEach, describe, expect, it, vi } from "vitest";
import { RELOAD_EVERY_MS, realtime } from "./realtime.svelte";

const batch = { kind: "applied", integration_id: 1, applied: 1, stale: 0, quarantined: 0, duplicates: 0, backlog: 0 } as const;

afterEach(() => vi.useRealTimers());

describe("realtime.appliedCount", () => {
  it("bumps at once after a quiet spell, then once per interval during a burst", () => {
    vi.useFakeTimers();
    vi.advanceTimersByTime(10 * RELOAD_EVERY_MS);
    const start = realtime.appliedCount;

    realtime.apply(batch);
    expect(realtime.appliedCount).toBe(start + 1);

    for (let i = 0; i < 20; i++) realtime.apply(batch);
    expect(realtime.appliedCount).toBe(start + 1);

    vi.advanceTimersByTime(RELOAD_EVERY_MS);
    expect(realtime.appliedCount).toBe(start + 2);

    vi.advanceTimersByTime(10 * RELOAD_EVERY_MS);
    realtime.apply(batch);
    expect(realtime.appliedCount).toBe(start + 3);
  });
});
