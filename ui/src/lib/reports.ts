// What the report screens share: accounting-style money (negatives in parentheses, as the
// exports print them), percentages, month labels, the default period, the DRE's lines as
// keys, and saving an export where the operator picks.
import { save } from "@tauri-apps/plugin-dialog";
import { call, commands } from "./api";
import type {
  AccountClass,
  DreEntry,
  DreLine,
  ExportFormat,
  ExportedReport,
  ReportRequest,
  SettlementPart,
} from "./bindings";
import { formatBRL, formatDecimal } from "./format";

/** `R$ 1.234,56`; negatives `(R$ 400,00)`, as accountants write them. */
export function formatAccounting(centavos: number): string {
  return centavos < 0 ? `(${formatBRL(-centavos)})` : formatBRL(centavos);
}

/** `12,5%`, `1.234,5%`; `—` where a ratio has no meaning. */
export function formatPercent(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return "—";
  return `${formatDecimal(ratio * 100, 1)}%`;
}

/** A change against the compared period, signed: `+20,0%`, `-12,5%`; `—` where the core
 *  withheld it (see `REPORT_NOTES.change_withheld`). */
export function formatChange(ratio: number | null | undefined): string {
  const shown = formatPercent(ratio);
  return ratio !== null && ratio !== undefined && ratio > 0 && shown !== "—" ? `+${shown}` : shown;
}

/** A count or quantity, `scaled` ÷ 10^`places`, as pt-BR writes it: `1.234`, `2,5`. */
export function formatScaled(scaled: number, places: number): string {
  if (!Number.isSafeInteger(scaled)) return "—";
  const unit = 10 ** places;
  const abs = Math.abs(scaled);
  const whole = String(Math.trunc(abs / unit)).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  const fraction = places > 0 ? String(abs % unit).padStart(places, "0").replace(/0+$/, "") : "";
  return `${scaled < 0 ? "-" : ""}${whole}${fraction ? `,${fraction}` : ""}`;
}

/** `2026-03` → `03/2026`. */
export function monthLabel(month: string): string {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  return match ? `${match[2]}/${match[1]}` : month;
}

/** `YYYY-MM` of `date` in America/Sao_Paulo. */
export function monthInSaoPaulo(date: Date): string {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone: "America/Sao_Paulo",
    year: "numeric",
    month: "2-digit",
  }).formatToParts(date);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${get("year")}-${get("month")}`;
}

/** `month` moved by `n` months. */
export function addMonths(month: string, n: number): string {
  const [year, m] = month.split("-").map(Number);
  const index = year * 12 + (m - 1) + n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;
}

/** How many months from `from` to `to`, both included. */
export function monthSpan(from: string, to: string): number {
  const index = (month: string) => {
    const [year, m] = month.split("-").map(Number);
    return year * 12 + m - 1;
  };
  return index(to) - index(from) + 1;
}

/** The longest period a report takes, as the core enforces it. */
export const MAX_MONTHS = 24;

/** What is wrong with a `from`–`to` period of months, in pt-BR, or null. */
export function periodProblem(from: string, to: string): string | null {
  if (!/^\d{4}-\d{2}$/.test(from) || !/^\d{4}-\d{2}$/.test(to)) return "Escolha o mês inicial e o final.";
  const span = monthSpan(from, to);
  if (span < 1) return "O mês inicial é depois do final; troque os meses.";
  if (span > MAX_MONTHS) return `Escolha no máximo ${MAX_MONTHS} meses; o período tem ${span}.`;
  return null;
}

/** The last twelve months, the current one included. */
export function lastTwelveMonths(now: Date = new Date()): { from: string; to: string } {
  const to = monthInSaoPaulo(now);
  return { from: addMonths(to, -11), to };
}

/** What a settlement part is, as the drill-down names it beside the entry. */
export const settlementPartLabels: Record<SettlementPart, string> = {
  juros_recebidos: "juros recebidos",
  juros_pagos: "juros pagos",
  descontos_concedidos: "desconto concedido",
  descontos_obtidos: "desconto obtido",
  tarifas_bancarias: "tarifa bancária",
  taxas_operadora: "taxa de cartão/operadora",
  outros_ajustes: "outros ajustes de liquidação",
};

/** A drilled row's key: one lançamento can be two rows of a total, its face value and a
 *  part of its settlement. */
export function entryKey(entry: DreEntry): string {
  return `${entry.integration_id}:${entry.external_id}:${entry.part ?? ""}`;
}

/** A drilled row's kind: "Recebimento", or "Recebimento · taxa de cartão/operadora". */
export function entryKind(entry: DreEntry): string {
  const tipo = entry.tipo === "recebimento" ? "Recebimento" : "Pagamento";
  return entry.part ? `${tipo} · ${settlementPartLabels[entry.part]}` : tipo;
}

/** A stable key for a line, for maps and test ids. */
export function lineKey(line: DreLine): string {
  return typeof line === "string" ? line : line.group;
}

/** The class as a `<select>` value, and back. */
export function classValue(accountClass: AccountClass): string {
  return accountClass.kind === "line" ? accountClass.group : accountClass.kind;
}

export const formatLabels: Record<ExportFormat, string> = {
  csv: "CSV (Excel)",
  csv_plain: "CSV simples",
  xlsx: "Excel (XLSX)",
  pdf: "PDF",
};

/** Asks where to save, then exports; `null` when the operator cancels the dialog. */
export async function exportReport(request: ReportRequest, format: ExportFormat): Promise<ExportedReport | null> {
  const name = await commands.exportFileName(request, format);
  const extension = name.slice(name.lastIndexOf(".") + 1);
  const path = await save({
    title: "Exportar relatório",
    defaultPath: name,
    filters: [{ name: formatLabels[format], extensions: [extension] }],
  });
  if (!path) return null;
  return call(commands.exportReport(request, format, path));
}
