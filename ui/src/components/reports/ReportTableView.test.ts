// ReportTableView's sorting: a click on a header sorts a flat report (here an aging) by that
// column, money by centavos, with `aria-sort`, the Total row staying last; a structured
// table (groups with accounts) offers no sorting.
import { fireEvent, render, screen } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import type { Cell, ReportTable, TableRow } from "../../lib/bindings";
import ReportTableView from "./ReportTableView.svelte";

const text = (value: string): Cell => ({ kind: "text", value });
const money = (value: number): Cell => ({ kind: "money", value });
const row = (style: TableRow["style"], label: string, total: number): TableRow => ({
  style,
  cells: [text(label), money(total)],
});

const aging: ReportTable = {
  title: "Contas a receber",
  about: [],
  columns: ["Cliente", "Total"],
  rows: [
    row("normal", "Zélia", 9_00),
    row("normal", "Álvaro", 1_000_000_00),
    row("normal", "bruno", 50_00),
    row("strong", "Total", 1_000_059_00),
  ],
  notes: [],
};

function labels(): string[] {
  return [...document.querySelectorAll("tbody th")].map((th) => th.textContent ?? "");
}

describe("ReportTableView sorting", () => {
  it("sorts by a money column by centavos, both ways, keeping Total last", async () => {
    render(ReportTableView, { table: aging });
    const total = screen.getByRole("button", { name: "Total" });
    expect(total.closest("th")?.getAttribute("aria-sort")).toBe("none");

    await fireEvent.click(total);
    expect(labels()).toEqual(["Zélia", "bruno", "Álvaro", "Total"]);
    expect(total.closest("th")?.getAttribute("aria-sort")).toBe("ascending");

    await fireEvent.click(total);
    expect(labels()).toEqual(["Álvaro", "bruno", "Zélia", "Total"]);
    expect(total.closest("th")?.getAttribute("aria-sort")).toBe("descending");
  });

  it("sorts names in pt-BR order, accents and case ignored", async () => {
    render(ReportTableView, { table: aging });

    await fireEvent.click(screen.getByRole("button", { name: "Cliente" }));

    expect(labels()).toEqual(["Álvaro", "bruno", "Zélia", "Total"]);
    expect(screen.getByRole("button", { name: "Total" }).closest("th")?.getAttribute("aria-sort")).toBe("none");
  });

  it("offers no sorting on a table whose rows are groups and accounts", () => {
    const structured: ReportTable = {
      ...aging,
      rows: [row("strong", "Entradas", 100), row("detail", "Vendas", 100), row("strong", "Saldo", 100)],
    };
    render(ReportTableView, { table: structured });

    expect(screen.queryAllByRole("button")).toEqual([]);
    expect(document.querySelector("[aria-sort]")).toBeNull();
  });
});
