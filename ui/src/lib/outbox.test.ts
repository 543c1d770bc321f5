// The outbox's counts behind the navigation's badge: conflicts and failures wait for the
// operator, what is queued or written does not.
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { afterEach, describe, expect, it } from "vitest";
import { outboxCenter, outboxStateLabel } from "./outbox.svelte";

afterEach(() => {
  clearMocks();
});

describe("outboxCenter", () => {
  it("counts conflicts and failures for the badge", async () => {
    mockIPC((cmd) => {
      if (cmd === "writeback_counts") return { pending: 4, sending: 1, conflict: 2, failed: 1, done: 9 };
      throw new Error(`unexpected command ${cmd}`);
    });

    await outboxCenter.refresh();

    expect(outboxCenter.counts.pending).toBe(4);
    expect(outboxCenter.attention).toBe(3);
  });

  it("names each state as the screen shows it", () => {
    expect(outboxStateLabel.conflict).toBe("Em conflito");
    expect(outboxStateLabel.done).toBe("Gravada");
  });
});
