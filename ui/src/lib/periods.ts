// The ready-made periods of the report screens ("Este mês", "Mês passado", "Este ano",
// "Últimos 12 meses"), counted from today in America/Sao_Paulo, and the month names the
// app's own month picker shows, in pt-BR whatever the system's locale.
import { addMonths, monthInSaoPaulo } from "./reports";

/** A period of whole months, `YYYY-MM` to `YYYY-MM`, both included. */
export type MonthPeriod = { from: string; to: string };

export type PeriodPreset = "this_month" | "last_month" | "this_year" | "last_twelve_months";

export const PERIOD_PRESETS: { preset: PeriodPreset; label: string }[] = [
  { preset: "this_month", label: "Este mês" },
  { preset: "last_month", label: "Mês passado" },
  { preset: "this_year", label: "Este ano" },
  { preset: "last_twelve_months", label: "Últimos 12 meses" },
];

/** The months of `preset`, with `today` read in São Paulo (a UTC night can still be the
 *  day before there). */
export function presetPeriod(preset: PeriodPreset, today: Date): MonthPeriod {
  const month = monthInSaoPaulo(today);
  switch (preset) {
    case "this_month":
      return { from: month, to: month };
    case "last_month": {
      const last = addMonths(month, -1);
      return { from: last, to: last };
    }
    case "this_year":
      return { from: `${month.slice(0, 4)}-01`, to: month };
    case "last_twelve_months":
      return { from: addMonths(month, -11), to: month };
  }
}

/** Which preset `period` is on `today`, if any: its button shows as pressed. */
export function presetOf(period: MonthPeriod, today: Date): PeriodPreset | null {
  const found = PERIOD_PRESETS.find(({ preset }) => {
    const candidate = presetPeriod(preset, today);
    return candidate.from === period.from && candidate.to === period.to;
  });
  return found?.preset ?? null;
}

export const MONTH_NAMES = [
  "janeiro",
  "fevereiro",
  "março",
  "abril",
  "maio",
  "junho",
  "julho",
  "agosto",
  "setembro",
  "outubro",
  "novembro",
  "dezembro",
];

/** The years a month picker offers: ten back from this year to the next one, widened to
 *  take in `month`'s year. */
export function pickerYears(month: string, today: Date): number[] {
  const thisYear = Number(monthInSaoPaulo(today).slice(0, 4));
  const shown = Number(month.slice(0, 4));
  const first = Math.min(thisYear - 10, Number.isFinite(shown) && shown > 0 ? shown : thisYear);
  const last = Math.max(thisYear + 1, Number.isFinite(shown) ? shown : thisYear);
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

/** `2026-03` with its month replaced (`1`–`12`) or its year replaced. */
export function withMonth(month: string, monthNumber: number): string {
  return `${month.slice(0, 4)}-${String(monthNumber).padStart(2, "0")}`;
}

export function withYear(month: string, year: number): string {
  return `${String(year).padStart(4, "0")}-${month.slice(5, 7)}`;
}
