// LancamentoActions over mocked IPC: disabled with the reason while writes are off, a
// baixa sent with its date, conta, forma and amounts (the valor pago shown), an estorno
// confirmed, a reclassificação, and the core's message when it refuses.
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, render, screen } from "@testing-library/svelte";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { LancamentoRow, ReferenceOption } from "../lib/bindings";
import { makeIntegration } from "../test/fixtures";
import LancamentoActions from "./LancamentoActions.svelte";

function row(overrides: Partial<LancamentoRow> = {}): LancamentoRow {
  return {
    id: 11,
    external_id: "L1",
    tipo: "recebimento",
    descricao: "Parcela 1",
    contraparte: null,
    data_competencia: "2026-11-01",
    data_vencimento: "2026-11-10",
    data_liquidacao: null,
    liquidado: false,
    dias_em_atraso: null,
    nome_plano_conta: null,
    nome_loja: null,
    valor_total_centavos: 10000,
    integration_id: 7,
    envio: null,
    ...overrides,
  };
}

const allowing = makeIntegration({ settings: { ...makeIntegration().settings, allow_writes: true } });
const option = (external_id: string, nome: string): ReferenceOption => ({ integration_id: 7, external_id, nome });

/** A core with one option of each kind; `request` answers writeback_request. Returns the calls. */
function mockCore(request: () => unknown = () => [41]) {
  const calls: { cmd: string; args: Record<string, unknown> }[] = [];
  mockIPC((cmd, args) => {
    const payload = (args ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args: payload });
    switch (cmd) {
      case "reference_options": {
        const names: Record<string, ReferenceOption> = {
          conta_bancaria: option("C1", "Banco do Brasil (C1)"),
          forma_pagamento: option("F1", "Pix (F1)"),
          plano_conta: option("P1", "Aluguel (P1)"),
          centro_custo: option("CC1", "Loja (CC1)"),
        };
        return [names[payload.kind as string]];
      }
      case "writeback_request":
        return request();
      case "writeback_counts":
        return { pending: 1, sending: 0, conflict: 0, failed: 0, done: 0 };
      default:
        throw new Error(`unexpected command ${cmd}`);
    }
  });
  return calls;
}

function field(name: string): HTMLInputElement | HTMLSelectElement {
  const found = document.querySelector<HTMLInputElement | HTMLSelectElement>(`[name="${name}"]`);
  if (!found) throw new Error(`no field named ${name}`);
  return found;
}

afterEach(() => {
  clearMocks();
});

describe("LancamentoActions", () => {
  it("is disabled while the integration does not allow writes, saying where to turn them on", () => {
    mockCore();
    render(LancamentoActions, { rows: [row()], integrations: [makeIntegration()], onqueued: vi.fn() });

    const baixar = screen.getByRole("button", { name: "Baixar" }) as HTMLButtonElement;
    expect(baixar.disabled).toBe(true);
    expect(baixar.parentElement?.title).toBe(
      'Ligue "Permitir alterações no Gestão Click" em Integrações › Loja Centro › Configurações',
    );
    expect((screen.getByRole("button", { name: "Reclassificar" }) as HTMLButtonElement).disabled).toBe(true);
  });

  it("sends a baixa with its date, conta, forma and amounts, showing the valor pago", async () => {
    const calls = mockCore();
    const onqueued = vi.fn();
    render(LancamentoActions, { rows: [row()], integrations: [allowing], onqueued });

    await fireEvent.click(screen.getByRole("button", { name: "Baixar" }));
    await screen.findByRole("option", { name: "Banco do Brasil (C1)" });
    await fireEvent.input(field("data"), { target: { value: "05/12/2026" } });
    await fireEvent.change(field("conta"), { target: { value: "C1" } });
    await fireEvent.change(field("forma"), { target: { value: "F1" } });
    await fireEvent.input(field("juros"), { target: { value: "1,50" } });
    await fireEvent.input(field("taxa-banco"), { target: { value: "0,50" } });
    expect(screen.getByTestId("valor-pago").textContent).toContain("R$ 101,00");

    await fireEvent.click(screen.getByRole("button", { name: "Baixar no Gestão Click" }));

    expect(calls.find((c) => c.cmd === "writeback_request")?.args).toEqual({
      request: {
        lancamento_ids: [11],
        priority: null,
        change: {
          operacao: "baixar",
          data_liquidacao: "2026-12-05",
          conta_bancaria_id: "C1",
          forma_pagamento_id: "F1",
          juros_centavos: 150,
          desconto_centavos: 0,
          taxa_banco_centavos: 50,
          taxa_operadora_centavos: 0,
        },
      },
    });
    expect((await screen.findByTestId("writeback-queued")).textContent).toContain("1 alteração enviada");
    expect(onqueued).toHaveBeenCalled();
  });

  it("asks before an estorno, offered only for settled rows", async () => {
    const calls = mockCore();
    render(LancamentoActions, { rows: [row({ liquidado: true })], integrations: [allowing], onqueued: vi.fn() });
    expect((screen.getByRole("button", { name: "Baixar" }) as HTMLButtonElement).disabled).toBe(true);

    await fireEvent.click(screen.getByRole("button", { name: "Estornar" }));
    expect(screen.getByTestId("estornar-confirm").textContent).toContain("Estornar a baixa de 1 lançamento?");
    await fireEvent.click(screen.getAllByRole("button", { name: "Estornar" })[1]);

    await screen.findByTestId("writeback-queued");
    expect(calls.find((c) => c.cmd === "writeback_request")?.args).toEqual({
      request: { lancamento_ids: [11], priority: null, change: { operacao: "estornar" } },
    });
  });

  it("reclassifies the marked rows and shows the core's message when it refuses", async () => {
    const calls = mockCore(() => {
      throw { code: "writes_disabled", message: "Ligue as alterações em Integrações." };
    });
    render(LancamentoActions, { rows: [row(), row({ id: 12 })], integrations: [allowing], onqueued: vi.fn() });

    await fireEvent.click(screen.getByRole("button", { name: "Reclassificar" }));
    await screen.findByRole("option", { name: "Aluguel (P1)" });
    await fireEvent.click(screen.getByRole("button", { name: "Reclassificar no Gestão Click" }));
    expect(screen.getByRole("alert").textContent).toBe("Escolha um plano de contas, um centro de custo ou os dois.");

    await fireEvent.change(field("plano"), { target: { value: "P1" } });
    await fireEvent.click(screen.getByRole("button", { name: "Reclassificar no Gestão Click" }));

    expect(calls.find((c) => c.cmd === "writeback_request")?.args).toEqual({
      request: {
        lancamento_ids: [11, 12],
        priority: null,
        change: { operacao: "reclassificar", plano_contas_id: "P1", centro_custo_id: null },
      },
    });
    expect((await screen.findByRole("alert")).textContent).toBe("Ligue as alterações em Integrações.");
  });
});
