// Tempo real in operator words: how many events were applied in the last 24 hours, how
// long ago the last one arrived, and whether anything still waits on the relay. The raw
// numbers (per type, percentiles, auth mode) stay under "Detalhes técnicos".
import type { RealtimeStatus } from "./bindings";
import { formatCount, formatInstant } from "./format";

/** Ponte's own test event ("Verificar"): a check of the path, not the provider's data. */
export const VERIFY_EVENT_TYPE = "ponte.verify";

/** "30 eventos aplicados nas últimas 24 h", not counting Ponte's own test events. */
export function appliedSummary(status: RealtimeStatus): string {
  const tests = status.events_by_type.find(([type]) => type === VERIFY_EVENT_TYPE)?.[1] ?? 0;
  const applied = Math.max(0, status.applied - tests);
  if (applied === 0) return "Nenhum evento aplicado nas últimas 24 h";
  return `${formatCount(applied)} ${applied === 1 ? "evento aplicado" : "eventos aplicados"} nas últimas 24 h`;
}

/** "último evento há 2 min"; older than a day, its date and time. */
export function lastEventSummary(lastEventAt: string | null, lastEventType: string | null, now: Date = new Date()): string {
  if (!lastEventAt) return "nenhum evento recebido ainda";
  const at = new Date(lastEventAt);
  const minutes = Math.floor((now.getTime() - at.getTime()) / 60_000);
  const when =
    Number.isNaN(minutes) || minutes >= 24 * 60
      ? `em ${formatInstant(lastEventAt)}`
      : minutes < 1
        ? "há menos de 1 min"
        : minutes < 60
          ? `há ${minutes} min`
          : `há ${Math.floor(minutes / 60)} h`;
  return `último evento ${when}${lastEventType === VERIFY_EVENT_TYPE ? " (teste da Ponte)" : ""}`;
}

/** "tudo em dia" or "12 aguardando"; `null` while the poller has not pulled yet. */
export function waitingSummary(backlog: number | null | undefined): string | null {
  if (backlog === null || backlog === undefined) return null;
  return backlog === 0 ? "tudo em dia" : `${formatCount(backlog)} aguardando no relay`;
}
