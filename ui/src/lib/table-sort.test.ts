// Sorting report tables: money by centavos (not by its text), pt-BR collation for text,
// dates and months by the calendar, empty values last, totals left at the bottom, and
// tables with structure of their own left alone.
import { describe, expect, it } from "vitest";
import type { Cell, TableRow } from "./bindings";
import { ariaSort, calendarKey, cellKey, clickedSort, compareKeys, sortableRows, sortedBy } from "./table-sort";

const text = (value: string): Cell => ({ kind: "text", value });
const money = (value: number): Cell => ({ kind: "money", value });
const row = (style: TableRow["style"], ...cells: Cell[]): TableRow => ({ style, cells });

describe("sortedBy", () => {
  it("orders money by centavos, where the text would put R$ 9,00 after R$ 10.000,00", () => {
    const values = [100_000_00, 9_00, -50_00, 1_000_00];
    expect(sortedBy(values, (v) => cellKey(money(v)), "ascending")).toEqual([-50_00, 9_00, 1_000_00, 100_000_00]);
    expect(sortedBy(values, (v) => cellKey(money(v)), "descending")).toEqual([100_000_00, 1_000_00, 9_00, -50_00]);
  });

  it("orders text the pt-BR way: accents and case ignored, numbers by value", () => {
    const names = ["Órgão", "ana", "Zélia", "Álvaro", "item 10", "item 2", "Bruno"];
    expect(sortedBy(names, (n) => n, "ascending")).toEqual(["Álvaro", "ana", "Bruno", "item 2", "item 10", "Órgão", "Zélia"]);
  });

  it("keeps empty values last in both directions and equal keys in their order", () => {
    const items = [{ k: "b", n: 1 }, { k: null, n: 2 }, { k: "a", n: 3 }, { k: "b", n: 4 }];
    expect(sortedBy(items, (i) => i.k, "ascending").map((i) => i.n)).toEqual([3, 1, 4, 2]);
    expect(sortedBy(items, (i) => i.k, "descending").map((i) => i.n)).toEqual([1, 4, 3, 2]);
  });

  it("puts numbers before text when a column mixes them", () => {
    expect(compareKeys(5, "a")).toBeLessThan(0);
    expect(compareKeys("a", 5)).toBeGreaterThan(0);
    expect(compareKeys(null, 5)).toBeGreaterThan(0);
  });
});

describe("cellKey", () => {
  it("reads days, weeks and months on the calendar, not as text", () => {
    expect(calendarKey("23/11/2026")).toBe(20261123);
    expect(calendarKey("05/01–11/01/2026")).toBe(20260105);
    expect(calendarKey("29/12/2025–04/01/2026")).toBe(20251229);
    expect(calendarKey("02/2025")).toBe(20250200);
    expect(calendarKey("Ana")).toBeNull();
    const months = ["01/2026", "12/2025", "02/2025"].map((m) => cellKey(text(m)));
    expect(sortedBy(months, (k) => k, "ascending")).toEqual([20250200, 20251200, 20260100]);
  });

  it("gives percent, counts and dashes their values", () => {
    expect(cellKey({ kind: "percent", value: 0.25 })).toBe(0.25);
    expect(cellKey({ kind: "percent", value: null })).toBeNull();
    expect(cellKey({ kind: "number", value: { scaled: 2500, places: 3 } })).toBe(2.5);
    expect(cellKey(text("—"))).toBeNull();
    expect(cellKey(undefined)).toBeNull();
  });
});

describe("sortableRows", () => {
  it("splits a flat table into its rows and the totals under them", () => {
    const rows = [row("normal", text("Ana")), row("normal", text("Bruno")), row("strong", text("Total"))];
    expect(sortableRows(rows)).toEqual({ body: rows.slice(0, 2), totals: rows.slice(2) });
  });

  it("leaves alone a table with groups, accounts or subtotals between its rows", () => {
    expect(sortableRows([row("strong", text("Receita")), row("detail", text("Vendas")), row("strong", text("Total"))])).toBeNull();
    expect(sortableRows([row("normal", text("A")), row("strong", text("Sub")), row("normal", text("B"))])).toBeNull();
    expect(sortableRows([row("normal", text("A")), row("strong", text("Total"))])).toBeNull();
  });
});

describe("clickedSort", () => {
  it("sorts ascending first, then flips; another column starts ascending", () => {
    const first = clickedSort(null, "Total");
    expect(first).toEqual({ column: "Total", direction: "ascending" });
    expect(clickedSort(first, "Total")).toEqual({ column: "Total", direction: "descending" });
    expect(clickedSort(clickedSort(first, "Total"), "Total")).toEqual({ column: "Total", direction: "ascending" });
    expect(clickedSort(first, "Cliente")).toEqual({ column: "Cliente", direction: "ascending" });
    expect([ariaSort(first, "Total"), ariaSort(first, "Cliente"), ariaSort(null, "Total")]).toEqual(["ascending", "none", "none"]);
  });
});
