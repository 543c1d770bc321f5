// A sync run's counts summed over its entities. The categories are disjoint: each record a
// run read is criado, atualizado, sem mudança or com falha, exactly once, so they add up
// to the records read; desativados are the records that did not come back, counted apart.
import type { EntityCounts, SyncRun } from "./bindings";

export function runTotals(run: SyncRun): EntityCounts {
  return run.entities.reduce(
    (sum, [, c]) => ({
      created: sum.created + c.created,
      updated: sum.updated + c.updated,
      unchanged: sum.unchanged + c.unchanged,
      deactivated: sum.deactivated + c.deactivated,
      failed: sum.failed + c.failed,
      requests: sum.requests + c.requests,
    }),
    { created: 0, updated: 0, unchanged: 0, deactivated: 0, failed: 0, requests: 0 },
  );
}

/** The records the run read: criados + atualizados + sem mudança + com falha. */
export function readCount(c: EntityCounts): number {
  return c.created + c.updated + c.unchanged + c.failed;
}
