// The lançamentos behind a DRE cell over mocked IPC: a total's cell can hold one lançamento
// twice, its face value and a part of its settlement; both rows show, the part named.
// "Reclassificar" sends the cell's lançamentos (each once, settlement parts aside) to the
// outbox and links to "Alterações enviadas"; it is disabled, saying why, while writes are
// off, for Coinzz, and when the drill-down lists only part of the cell.
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, render, screen } from "@testing-library/svelte";
import { afterEach, describe, expect, it } from "vitest";
import type { DreEntries, DreEntry, DreQuery, Integration, ReferenceOption } from "../../lib/bindings";
import { nav } from "../../lib/nav.svelte";
import { makeIntegration } from "../../test/fixtures";
import DreDrill from "./DreDrill.svelte";

const query: DreQuery = {
  from: "2026-01",
  to: "2026-01",
  basis: "caixa",
  comparison: "previous_period",
  filters: { integration_id: null, loja: null, centro_custo: null, include_money_moves: false },
};

const entry: Omit<DreEntry, "part" | "centavos"> = {
  lancamento_id: 11,
  integration_id: 7,
  external_id: "E1",
  tipo: "recebimento",
  data: "2026-01-31",
  descricao: "Venda no cartão",
  parte: "Cliente 1",
  plano_conta: "Vendas de mercadorias",
};

const answer: DreEntries = {
  entries: [
    { ...entry, part: null, centavos: 100_000 },
    { ...entry, part: "taxas_operadora", centavos: -3_000 },
    { ...entry, lancamento_id: 12, external_id: "E2", part: null, centavos: 5_000 },
  ],
  count: 3,
  centavos: 102_000,
};

const allowing = makeIntegration({ settings: { ...makeIntegration().settings, allow_writes: true } });
const option = (external_id: string, nome: string): ReferenceOption => ({ integration_id: 7, external_id, nome });

/** A core answering the drill-down with `entries` and listing `integrations`; returns the calls. */
function mockCore(integrations: Integration[], entries: DreEntries = answer) {
  const calls: { cmd: string; args: Record<string, unknown> }[] = [];
  mockIPC((cmd, args) => {
    const payload = (args ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args: payload });
    switch (cmd) {
      case "dre_entries":
        return entries;
      case "list_integrations":
        return integrations;
      case "reference_options":
        return payload.kind === "plano_conta" ? [option("P1", "Aluguel (P1)")] : [option("CC1", "Loja (CC1)")];
      case "writeback_request":
        return [41, 42];
      case "writeback_counts":
        return { pending: 2, sending: 0, conflict: 0, failed: 0, done: 0 };
      default:
        throw new Error(`unexpected command ${cmd}`);
    }
  });
  return calls;
}

function show() {
  render(DreDrill, {
    query,
    cell: { line: "lucro_liquido", account: null, month: "2026-01" },
    title: "= Lucro Líquido — 01/2026",
    onclose: () => {},
  });
}

/** The "Reclassificar" button, once the entries and the integrations are in. */
async function reclassify(name = "Reclassificar 2 lançamentos"): Promise<HTMLButtonElement> {
  return (await screen.findByRole("button", { name })) as HTMLButtonElement;
}

describe("DreDrill", () => {
  afterEach(() => {
    clearMocks();
    nav.go("painel");
  });

  it("lists a lançamento's face value and its settlement part as two rows", async () => {
    mockCore([allowing]);
    show();
    expect((await screen.findByTestId("dre-drill-summary")).textContent).toContain("R$ 1.020,00");
    expect(screen.getAllByTestId("provider-id").map((cell) => cell.textContent)).toEqual(["E1", "E1", "E2"]);
    expect(screen.getByText("Recebimento · taxa de cartão/operadora")).toBeTruthy();
    expect(screen.getByText("(R$ 30,00)")).toBeTruthy();
  });

  it("reclassifies each of the cell's lançamentos once and links to Alterações enviadas", async () => {
    const calls = mockCore([allowing]);
    show();
    const button = await reclassify();
    await expect.poll(() => button.disabled).toBe(false);

    await fireEvent.click(button);
    await screen.findByRole("option", { name: "Aluguel (P1)" });
    const plano = document.querySelector<HTMLSelectElement>('[name="plano"]');
    if (!plano) throw new Error("no plano field");
    await fireEvent.change(plano, { target: { value: "P1" } });
    await fireEvent.click(screen.getByRole("button", { name: "Reclassificar no Gestão Click" }));

    expect(calls.find((c) => c.cmd === "writeback_request")?.args).toEqual({
      request: {
        lancamento_ids: [11, 12],
        priority: null,
        change: { operacao: "reclassificar", plano_contas_id: "P1", centro_custo_id: null },
      },
    });
    expect((await screen.findByTestId("drill-queued")).textContent).toContain("2 alterações na fila");
    expect(screen.queryByTestId("reclassificar-form")).toBeNull();
    await fireEvent.click(screen.getByRole("button", { name: "Ver em Alterações enviadas" }));
    expect(nav.current).toBe("alteracoes");
  });

  it("is disabled while the integration does not allow writes, saying where to turn them on", async () => {
    mockCore([makeIntegration()]);
    show();
    await screen.findByTestId("dre-drill-summary");
    const button = await reclassify();
    await expect.poll(() => button.parentElement?.title).toBe(
      'Ligue "Permitir alterações no Gestão Click" em Integrações › Loja Centro › Configurações',
    );
    expect(button.disabled).toBe(true);
  });

  it("says why for Coinzz, which has no write API", async () => {
    mockCore([makeIntegration({ provider: "coinzz", name: "Coinzz", realtime_only: true })]);
    show();
    const button = await reclassify();
    await expect.poll(() => button.parentElement?.title).toContain("não tem API de escrita");
    expect(button.disabled).toBe(true);
  });

  it("is disabled when the cell has more lançamentos than it lists", async () => {
    mockCore([allowing], { ...answer, count: 900 });
    show();
    const button = await reclassify();
    expect(button.disabled).toBe(true);
    expect(button.parentElement?.title).toContain("A célula tem 900 lançamentos");
  });
});
