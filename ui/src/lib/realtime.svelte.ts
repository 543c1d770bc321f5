// What the relay pollers report: a counter bumped when batches are applied (Dados, the
// Painel and the status page reload on it, so a sale that arrived by webhook shows without
// pressing anything), and which integrations have their relay down, since when.
import { events, type RealtimeEvent } from "./bindings";

/** A drained backlog is hundreds of batches a minute: the screens reload at most this often. */
export const RELOAD_EVERY_MS = 250;

class RealtimeState {
  /** Bumped at once for a batch after a quiet spell, then at most every `RELOAD_EVERY_MS`. */
  appliedCount = $state(0);
  #lastBump = Number.NEGATIVE_INFINITY;
  #pending: ReturnType<typeof setTimeout> | null = null;
  /** Integration id → when its relay went down (UTC). */
  relayDownSince = $state<Record<number, string>>({});
  /** Integration id → events still waiting on the relay after the last batch. */
  backlog = $state<Record<number, number>>({});

  apply(event: RealtimeEvent): void {
    switch (event.kind) {
      case "applied":
        this.#bump();
        this.backlog[event.integration_id] = event.backlog;
        break;
      case "relay_down":
        this.relayDownSince[event.integration_id] = event.since;
        break;
      case "relay_up":
        delete this.relayDownSince[event.integration_id];
        break;
    }
  }

  #bump(): void {
    if (this.#pending !== null) return;
    const wait = this.#lastBump + RELOAD_EVERY_MS - Date.now();
    const bump = () => {
      this.#pending = null;
      this.#lastBump = Date.now();
      this.appliedCount += 1;
    };
    if (wait <= 0) bump();
    else this.#pending = setTimeout(bump, wait);
  }
}

export const realtime = new RealtimeState();

/** Starts listening; returns the function that stops. */
export async function listenToRealtime(): Promise<() => void> {
  return events.realtimeUpdate.listen((event) => realtime.apply(event.payload));
}
