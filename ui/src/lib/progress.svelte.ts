// The live progress of sync runs, per integration, fed by the core's SyncProgress events.
// Components read it; the Painel reloads its cards when a run finishes.
import { events, type SyncEvent, type SyncStep } from "./bindings";

export type LiveRun = {
  runId: number;
  label: string | null;
  page: number;
  totalPages: number | null;
  records: number;
  /** Which step of the run ("etapa 3 de 10"), when the provider says. */
  step: SyncStep | null;
  /** How much of the whole run is done, 0 to 1, when known. */
  done: number | null;
};

class SyncProgressStore {
  /** Integration id → its run in progress. */
  runs = $state<Record<number, LiveRun>>({});
  /** Bumped at each finished run, for screens that reload then. */
  finishedCount = $state(0);

  apply(event: SyncEvent): void {
    switch (event.kind) {
      case "started":
        this.runs[event.integration_id] = {
          runId: event.run_id,
          label: null,
          page: 0,
          totalPages: null,
          records: 0,
          step: null,
          done: null,
        };
        break;
      case "progress":
        this.runs[event.integration_id] = {
          runId: event.run_id,
          label: event.label,
          page: event.page,
          totalPages: event.total_pages,
          records: event.records,
          step: event.step,
          done: event.done,
        };
        break;
      case "finished":
        delete this.runs[event.integration_id];
        this.finishedCount += 1;
        break;
    }
  }
}

export const syncProgress = new SyncProgressStore();

/** Starts listening; returns the function that stops. */
export async function listenToSyncProgress(): Promise<() => void> {
  return events.syncProgress.listen((event) => syncProgress.apply(event.payload));
}
