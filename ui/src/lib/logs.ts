// The Registros view's pure parts: the query its filters make, how a line's level and time
// read in pt-BR, and merging the lines that arrive live into the page (newest first,
// without repeats, capped).
import type { LogLevel, LogLine, LogQuery } from "./bindings";

/** Lines the view reads and keeps. */
export const PAGE_SIZE = 500;

/** The level filter's choices: each shows that level and the more serious ones. */
export const LEVEL_CHOICES: { value: LogLevel; label: string }[] = [
  { value: "error", label: "Só erros" },
  { value: "warn", label: "Avisos e erros" },
  { value: "info", label: "Info, avisos e erros" },
  { value: "debug", label: "Com depuração" },
];

const LEVEL_LABELS: Record<LogLevel, string> = {
  error: "erro",
  warn: "aviso",
  info: "info",
  debug: "depuração",
  trace: "rastreio",
};

/** `erro`, `aviso`, `info`, `depuração`; a line that could not be read has none. */
export function logLevelLabel(level: LogLevel | null): string {
  return level === null ? "—" : LEVEL_LABELS[level];
}

const timeFormat = new Intl.DateTimeFormat("pt-BR", {
  timeZone: "America/Sao_Paulo",
  day: "2-digit",
  month: "2-digit",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23",
});

/** A UTC instant → `06/12/2026 04:26:40`, São Paulo time; anything else as it came. */
export function formatLogTime(utc: string): string {
  const at = new Date(utc);
  if (Number.isNaN(at.getTime())) return utc;
  return timeFormat.format(at).replace(",", "");
}

export interface LogFilters {
  level: LogLevel | "";
  integrationId: number | null;
  text: string;
}

/** The query the filters ask for; an empty choice filters nothing. */
export function queryOf(filters: LogFilters): LogQuery {
  const text = filters.text.trim();
  return {
    level: filters.level === "" ? null : filters.level,
    integration_id: filters.integrationId,
    text: text === "" ? null : text,
    limit: PAGE_SIZE,
  };
}

const keyOf = (line: LogLine): string => `${line.program}\u0000${line.at}\u0000${line.message}`;

/** `page` (newest first) with `batch` (oldest first, as it arrives) on top, lines already
 *  shown left out, at most `limit`. */
export function mergeNewest(page: LogLine[], batch: LogLine[], limit = PAGE_SIZE): LogLine[] {
  const shown = new Set(page.map(keyOf));
  const fresh = batch.filter((line) => !shown.has(keyOf(line))).reverse();
  return [...fresh, ...page].slice(0, limit);
}
