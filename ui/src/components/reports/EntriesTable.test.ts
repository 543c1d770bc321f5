// EntriesTable's sorting: the value by centavos, the party in pt-BR order with the missing
// ones last, the date on the calendar.
import { fireEvent, render, screen } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import type { DreEntry } from "../../lib/bindings";
import EntriesTable from "./EntriesTable.svelte";

function entry(external_id: string, data: string, parte: string | null, centavos: number): DreEntry {
  return {
    lancamento_id: Number(external_id),
    integration_id: 1,
    external_id,
    tipo: "recebimento",
    data,
    descricao: null,
    parte,
    plano_conta: null,
    part: null,
    centavos,
  };
}

const entries = [
  entry("1", "2026-02-10", "Zélia", 9_00),
  entry("2", "2026-01-31", null, 10_000_00),
  entry("3", "2025-12-05", "álvaro", -50_00),
];

const ids = () => screen.getAllByTestId("provider-id").map((td) => td.textContent);

describe("EntriesTable sorting", () => {
  it("sorts the value by centavos, then the other way", async () => {
    render(EntriesTable, { entries });
    const valor = screen.getByRole("button", { name: "Valor" });

    await fireEvent.click(valor);
    expect(ids()).toEqual(["3", "1", "2"]);
    expect(valor.closest("th")?.getAttribute("aria-sort")).toBe("ascending");

    await fireEvent.click(valor);
    expect(ids()).toEqual(["2", "1", "3"]);
  });

  it("sorts the party in pt-BR order with the missing one last, and the date on the calendar", async () => {
    render(EntriesTable, { entries, dateLabel: "Liquidação" });

    await fireEvent.click(screen.getByRole("button", { name: "Cliente / fornecedor" }));
    expect(ids()).toEqual(["3", "1", "2"]);

    await fireEvent.click(screen.getByRole("button", { name: "Liquidação" }));
    expect(ids()).toEqual(["3", "2", "1"]);
  });
});
