// What the relay pollers report: a counter bumped at each batch applied (Dados and the
// Painel reload on it, so a sale that arrived by webhook shows without pressing
// anything), and which integrations have their relay down, since when.
import { events, type RealtimeEvent } from "./bindings";

class RealtimeState {
  /** Bumped at each batch of events applied. */
  appliedCount = $state(0);
  /** Integration id → when its relay went down (UTC). */
  relayDownSince = $state<Record<number, string>>({});
  /** Integration id → events still waiting on the relay after the last batch. */
  backlog = $state<Record<number, number>>({});

  apply(event: RealtimeEvent): void {
    switch (event.kind) {
      case "applied":
        this.appliedCount += 1;
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
}

export const realtime = new RealtimeState();

/** Starts listening; returns the function that stops. */
export async function listenToRealtime(): Promise<() => void> {
  return events.realtimeUpdate.listen((event) => realtime.apply(event.payload));
}
