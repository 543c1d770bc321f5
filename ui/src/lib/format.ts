// pt-BR formatting for money, decimals, dates and durations. Money arrives as integer centavos and is
// formatted with integer arithmetic only; dates `YYYY-MM-DD` are calendar dates and never
// pass through a time zone; timestamps are UTC and are shown in America/Sao_Paulo.

const SAO_PAULO = "America/Sao_Paulo";

const dateTimeFormat = new Intl.DateTimeFormat("pt-BR", {
  timeZone: SAO_PAULO,
  day: "2-digit",
  month: "2-digit",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

const groupDigits = (digits: string): string => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ".");

/** `R$ 1.234,56`; negative amounts as `-R$ 1.234,56`. */
export function formatBRL(centavos: number): string {
  if (!Number.isSafeInteger(centavos)) return "—";
  const abs = Math.abs(centavos);
  const reais = Math.trunc(abs / 100);
  const cents = abs % 100;
  const sign = centavos < 0 ? "-" : "";
  return `${sign}R$ ${groupDigits(String(reais))},${String(cents).padStart(2, "0")}`;
}

/** `1234.56` → `1.234,6` with one place: thousands grouped, a decimal comma; `—` for what
 *  is not a number. */
export function formatDecimal(value: number, places: number): string {
  if (!Number.isFinite(value)) return "—";
  const [whole, fraction] = Math.abs(value).toFixed(places).split(".");
  // Rounding may leave only zeros ("-0,0"): no sign on nothing.
  const sign = value < 0 && /[1-9]/.test(whole + (fraction ?? "")) ? "-" : "";
  return `${sign}${groupDigits(whole)}${fraction ? `,${fraction}` : ""}`;
}

/** `1.234.567` */
export function formatCount(n: number): string {
  return Number.isSafeInteger(n) ? `${n < 0 ? "-" : ""}${groupDigits(String(Math.abs(n)))}` : "—";
}

/** `1 registro`, `1.234 registros`: a count with its noun, singular only for exactly one. */
export function formatCountOf(n: number, singular: string, plural: string): string {
  return `${formatCount(n)} ${n === 1 ? singular : plural}`;
}

/** `2026-11-23` → `23/11/2026`. Anything else is shown as it came. */
export function formatDate(date: string | null | undefined): string {
  if (!date) return "—";
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  return match ? `${match[3]}/${match[2]}/${match[1]}` : date;
}

/** A UTC RFC 3339 instant → `23/11/2026 14:05`, São Paulo time. */
export function formatInstant(utc: string | null | undefined): string {
  if (!utc) return "—";
  const at = new Date(utc);
  if (Number.isNaN(at.getTime())) return utc;
  return dateTimeFormat.format(at).replace(",", "");
}

/** `dd/mm/aaaa` typed by the operator → `YYYY-MM-DD`, or null when it is not a real date. */
export function parseDateBR(text: string): string | null {
  const match = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\s*$/.exec(text);
  if (!match) return null;
  const [day, month, year] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCFullYear() !== year || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) {
    return null;
  }
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** `2 min 05 s`, `45 s`, `1 h 02 min`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return "—";
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${String(seconds % 60).padStart(2, "0")} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, "0")} min`;
}

/** How long a run took, from its UTC start and end. */
export function runDuration(startedAt: string, finishedAt: string | null): string {
  if (!finishedAt) return "—";
  return formatDuration(new Date(finishedAt).getTime() - new Date(startedAt).getTime());
}

/** `em 8 min`, `agora`, relative to `now`. For the next scheduled sync. */
export function formatFromNow(utc: string, now: Date = new Date()): string {
  const minutes = Math.round((new Date(utc).getTime() - now.getTime()) / 60000);
  if (minutes <= 0) return "em instantes";
  if (minutes < 60) return `em ${minutes} min`;
  return `às ${formatInstant(utc).slice(11)}`;
}

/** CPF `123.456.789-09` or CNPJ `12.345.678/0001-95` from their digits, however they came
 *  punctuated; anything that is not 11 or 14 digits is shown as it came. */
export function formatDocumento(documento: string | null | undefined): string {
  if (!documento) return "";
  const digits = documento.replace(/\D/g, "");
  if (!/^[\d.\-/\s]+$/.test(documento.trim())) return documento;
  if (digits.length === 11) return digits.replace(/^(\d{3})(\d{3})(\d{3})(\d{2})$/, "$1.$2.$3-$4");
  if (digits.length === 14) return digits.replace(/^(\d{2})(\d{3})(\d{3})(\d{4})(\d{2})$/, "$1.$2.$3/$4-$5");
  return documento;
}

/** `vencido há 12 dias`, `vencido há 1 dia`: how late an open título is. */
export function formatOverdue(days: number): string {
  return `vencido há ${formatCountOf(days, "dia", "dias")}`;
}
