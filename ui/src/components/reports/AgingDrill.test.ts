// The títulos behind an aging bucket over mocked IPC: a click on a bucket asks the core for
// that bucket of the position the filters ask for, lists the títulos with their sum, and a
// change of filters closes the list.
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, render, screen, within } from "@testing-library/svelte";
import { afterEach, describe, expect, it } from "vitest";
import type { AgingBucket, AgingQuery, AgingTitles, ReportRequest } from "../../lib/bindings";
import AgingDrill from "./AgingDrill.svelte";

const query: AgingQuery = {
  side: "receber",
  as_of: "2026-03-31",
  scope: { integration_id: null, loja: null, centro_custo: null },
};
const request: ReportRequest = { report: "aging", query };

const answer: AgingTitles = {
  bucket: "days_1_to_30",
  as_of: "2026-03-31",
  titles: [
    { id: 4, external_id: "d", descricao: "Parcela 2/3", party: "Ana Gonçalves", data_vencimento: "2026-03-01", days_past_due: 30, valor_centavos: 2_000 },
    { id: 3, external_id: "c", descricao: null, party: "Bruno Lima", data_vencimento: "2026-03-30", days_past_due: 1, valor_centavos: 1_000 },
  ],
  count: 2,
  total: 3_000,
};

function mockCore(): { query: AgingQuery; bucket: AgingBucket }[] {
  const asked: { query: AgingQuery; bucket: AgingBucket }[] = [];
  mockIPC((cmd, args) => {
    if (cmd !== "aging_titles") throw new Error(`unexpected command ${cmd}`);
    asked.push(args as { query: AgingQuery; bucket: AgingBucket });
    return answer;
  });
  return asked;
}

describe("AgingDrill", () => {
  afterEach(() => clearMocks());

  it("lists a clicked bucket's títulos with their days late and their sum", async () => {
    const asked = mockCore();
    render(AgingDrill, { request });

    await fireEvent.click(screen.getByRole("button", { name: "1–30 dias" }));

    const drill = await screen.findByTestId("aging-drill");
    expect(asked).toEqual([{ query, bucket: "days_1_to_30" }]);
    await within(drill).findByText("Ana Gonçalves");
    expect(within(drill).getByTestId("aging-drill-summary").textContent?.replace(/\s+/g, " ").trim()).toBe(
      "2 títulos em 31/03/2026, somando R$ 30,00.",
    );
    const rows = within(drill).getAllByRole("row");
    expect(within(rows[1]).getAllByRole("cell").map((c) => c.textContent)).toEqual([
      "01/03/2026",
      "30 dias",
      "Ana Gonçalves",
      "Parcela 2/3",
      "d",
      "R$ 20,00",
    ]);
    expect(within(rows[2]).getAllByRole("cell")[1].textContent).toBe("1 dia");
    expect(rows.at(-1)?.textContent).toContain("R$ 30,00");
    expect(screen.getByRole("button", { name: "1–30 dias" }).getAttribute("aria-pressed")).toBe("true");
  });

  it("closes the list when the filters change, and shows no buckets for a form with an error", async () => {
    mockCore();
    const view = render(AgingDrill, { request });
    await fireEvent.click(screen.getByRole("button", { name: "A vencer" }));
    await screen.findByTestId("aging-drill");

    await view.rerender({ request: { report: "aging", query: { ...query, as_of: "2026-02-28" } } });
    expect(screen.queryByTestId("aging-drill")).toBeNull();

    await view.rerender({ request: "“32/01/2026” não é uma data." });
    expect(screen.queryByRole("button", { name: "A vencer" })).toBeNull();
  });
});
