// Sorting the report tables by a clicked column, on the client (report tables are small):
// money and numbers by their value (centavos, not the text), dates and months by the
// calendar, text with pt-BR collation (accents and case ignored, "item 2" before "item
// 10"). Empty values ("—") go last either way; the totals rows at the bottom stay there.
import type { Cell, TableRow } from "./bindings";

export type SortDirection = "ascending" | "descending";

/** The column sorted by (its header, so a new report with other columns starts unsorted). */
export type SortState = { column: string; direction: SortDirection } | null;

/** What a value is compared by; `null` is "no value" and sorts last. */
export type SortKey = number | string | null;

const collator = new Intl.Collator("pt-BR", { sensitivity: "base", numeric: true });

/** Numbers before text, text by pt-BR collation, nothing last. */
export function compareKeys(a: SortKey, b: SortKey): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "number") return -1;
  if (typeof b === "number") return 1;
  return collator.compare(a, b);
}

/** `items` sorted by `key` (a stable sort: equal keys keep their order); `null` keys stay
 *  last in both directions. */
export function sortedBy<T>(items: readonly T[], key: (item: T) => SortKey, direction: SortDirection): T[] {
  const sign = direction === "ascending" ? 1 : -1;
  return items
    .map((item, index) => ({ item, index, key: key(item) }))
    .sort((a, b) => {
      if (a.key === null || b.key === null) return compareKeys(a.key, b.key) || a.index - b.index;
      return sign * compareKeys(a.key, b.key) || a.index - b.index;
    })
    .map(({ item }) => item);
}

/** A day or month label as the tables print it (`23/11/2026`, `11/2026`, a week
 *  `05/01–11/01/2026` or `29/12/2025–04/01/2026`), as `aaaammdd`; null for other text. */
export function calendarKey(text: string): number | null {
  const day = /^(\d{2})\/(\d{2})\/(\d{4})/.exec(text);
  if (day) return Number(day[3]) * 10_000 + Number(day[2]) * 100 + Number(day[1]);
  const week = /^(\d{2})\/(\d{2})–\d{2}\/\d{2}\/(\d{4})$/.exec(text);
  if (week) return Number(week[3]) * 10_000 + Number(week[2]) * 100 + Number(week[1]);
  const month = /^(\d{2})\/(\d{4})$/.exec(text);
  if (month) return Number(month[2]) * 10_000 + Number(month[1]) * 100;
  return null;
}

/** What a report cell is compared by. */
export function cellKey(cell: Cell | undefined): SortKey {
  if (!cell) return null;
  switch (cell.kind) {
    case "money":
      return cell.value;
    case "percent":
      return cell.value ?? null;
    case "number":
      return cell.value.scaled / 10 ** cell.value.places;
    case "text": {
      const text = cell.value.trim();
      if (text === "" || text === "—") return null;
      return calendarKey(text) ?? text;
    }
  }
}

/** A table's rows split into the ones that may be sorted and the totals under them, or
 *  null when the table has structure of its own (groups with accounts under them,
 *  subtotals between rows), which a sort would scramble. */
export function sortableRows(rows: readonly TableRow[]): { body: TableRow[]; totals: TableRow[] } | null {
  let end = rows.length;
  while (end > 0 && rows[end - 1].style === "strong") end--;
  const body = rows.slice(0, end);
  if (body.length < 2 || body.some((row) => row.style !== "normal")) return null;
  return { body, totals: rows.slice(end) };
}

/** The state after a click on `column`: ascending first, then flipping. */
export function clickedSort(state: SortState, column: string): SortState {
  if (state?.column === column) {
    return { column, direction: state.direction === "ascending" ? "descending" : "ascending" };
  }
  return { column, direction: "ascending" };
}

/** The `aria-sort` of a column's header. */
export function ariaSort(state: SortState, column: string): "ascending" | "descending" | "none" {
  return state?.column === column ? state.direction : "none";
}
