// The outbox's counts behind the navigation's badge (conflicts + failures), and a counter
// bumped at each state change, for "Alterações enviadas" and Dados to reload. Fed by the
// core's OutboxUpdate events.
import { commands, events, type OutboxCounts, type OutboxState } from "./bindings";

/** Each state as the operator reads it. */
export const outboxStateLabel: Record<OutboxState, string> = {
  pending: "Na fila",
  sending: "Enviando",
  done: "Gravada",
  conflict: "Em conflito",
  failed: "Falhou",
  discarded: "Descartada",
};

/** The badge class of each state (app.css). */
export const outboxStateClass: Record<OutboxState, string> = {
  pending: "info",
  sending: "syncing",
  done: "ok",
  conflict: "warning",
  failed: "error",
  discarded: "disabled",
};

class OutboxCenter {
  counts = $state<OutboxCounts>({ pending: 0, sending: 0, conflict: 0, failed: 0, done: 0 });
  /** Bumped at each state change of a row. */
  changedCount = $state(0);

  /** What waits for the operator: conflicts and failures. */
  get attention(): number {
    return this.counts.conflict + this.counts.failed;
  }

  async refresh(): Promise<void> {
    const result = await commands.writebackCounts();
    if (result.status === "ok") this.counts = result.data;
  }
}

export const outboxCenter = new OutboxCenter();

/** Starts listening; returns the function that stops. */
export async function listenToOutbox(): Promise<() => void> {
  const stop = await events.outboxUpdate.listen(() => {
    outboxCenter.changedCount += 1;
    void outboxCenter.refresh();
  });
  await outboxCenter.refresh();
  return stop;
}
