// IntegrationSettings: a Gestão Click integration offers its schedule, "Testar conexão" and
// "Trocar tokens"; a realtime-only one (Coinzz) offers none of them and says why. Mocked IPC.
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, render, screen } from "@testing-library/svelte";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { RealtimeStatus } from "../lib/bindings";
import { makeIntegration } from "../test/fixtures";
import IntegrationSettings from "./IntegrationSettings.svelte";

const notConnected: RealtimeStatus = {
  channel: null,
  events_by_type: [],
  applied: 0,
  stale: 0,
  quarantined: 0,
  success_rate: null,
  last_event_type: null,
  last_event_at: null,
  lag_p50_ms: null,
  lag_p99_ms: null,
  last_error: null,
  quarantine: [],
  backlog: null,
};

afterEach(() => {
  clearMocks();
});

describe("IntegrationSettings", () => {
  it("offers a Gestão Click integration its schedule, connection test and tokens", () => {
    mockIPC(() => notConnected);
    render(IntegrationSettings, { integration: makeIntegration(), onchanged: vi.fn() });

    expect(screen.getByLabelText("Sincronização agendada")).toBeTruthy();
    expect(screen.getByRole("button", { name: "Testar conexão" })).toBeTruthy();
    expect(screen.getByRole("button", { name: "Trocar tokens" })).toBeTruthy();
    expect(screen.queryByTestId("realtime-only-settings")).toBeNull();
  });

  it("offers a realtime-only integration no schedule, test or tokens, and says why", () => {
    mockIPC(() => notConnected);
    const coinzz = makeIntegration({ provider: "coinzz", name: "Coinzz Loja", realtime_only: true, schedule_interval_minutes: null });
    render(IntegrationSettings, { integration: coinzz, onchanged: vi.fn() });

    expect(screen.getByTestId("realtime-only-settings").textContent).toContain("a Coinzz não tem API de consulta");
    expect(screen.queryByLabelText("Sincronização agendada")).toBeNull();
    expect(screen.queryByRole("button", { name: "Testar conexão" })).toBeNull();
    expect(screen.queryByRole("button", { name: "Trocar tokens" })).toBeNull();
    expect(screen.getByLabelText("Ativa")).toBeTruthy();
    expect(screen.getByLabelText("Incluir nos relatórios")).toBeTruthy();
  });

  it("turns \"Permitir alterações no Gestão Click\" on, off by default, and says what it allows", async () => {
    const sent: { cmd: string; args: unknown }[] = [];
    mockIPC((cmd, args) => {
      sent.push({ cmd, args });
      return cmd === "set_allow_writes" ? null : notConnected;
    });
    render(IntegrationSettings, { integration: makeIntegration(), onchanged: vi.fn() });

    const toggle = screen.getByLabelText("Permitir alterações no Gestão Click") as HTMLInputElement;
    expect(toggle.checked).toBe(false);
    expect(screen.getByTestId("allow-writes-setting").textContent).toContain("baixar, estornar e reclassificar");

    await fireEvent.click(toggle);

    expect(sent).toContainEqual({ cmd: "set_allow_writes", args: { integrationId: 7, allowed: true } });
    expect((await screen.findByTestId("connection-result")).textContent).toContain("Alterações permitidas");
  });

  it("offers Coinzz no write toggle, and says it has no write API", () => {
    mockIPC(() => notConnected);
    const coinzz = makeIntegration({ provider: "coinzz", name: "Coinzz Loja", realtime_only: true, schedule_interval_minutes: null });
    render(IntegrationSettings, { integration: coinzz, onchanged: vi.fn() });

    expect(screen.queryByLabelText("Permitir alterações no Gestão Click")).toBeNull();
    expect(screen.getByTestId("allow-writes-setting").textContent).toContain("não tem API de escrita");
  });

  it("asks before removing, with the focus on Cancelar rather than Remover", async () => {
    // jsdom draws no modal dialogs; opening one only has to show it.
    HTMLDialogElement.prototype.showModal ??= function (this: HTMLDialogElement) {
      this.open = true;
    };
    mockIPC(() => notConnected);
    render(IntegrationSettings, { integration: makeIntegration({ name: "Matriz" }), onchanged: vi.fn() });

    await fireEvent.click(screen.getByRole("button", { name: "Remover" }));

    expect(document.activeElement).toBe(screen.getByRole("button", { name: "Cancelar" }));
  });

  it("refuses blank new tokens with pt-BR messages, focusing the first, and sends nothing", async () => {
    const sent: string[] = [];
    mockIPC((cmd) => {
      sent.push(cmd);
      return notConnected;
    });
    render(IntegrationSettings, { integration: makeIntegration(), onchanged: vi.fn() });
    await fireEvent.click(screen.getByRole("button", { name: "Trocar tokens" }));

    await fireEvent.click(screen.getByRole("button", { name: "Salvar tokens" }));

    const access = screen.getByLabelText("Novo access token");
    expect(access.getAttribute("aria-invalid")).toBe("true");
    expect(screen.getByLabelText("Novo secret access token").getAttribute("aria-invalid")).toBe("true");
    expect(document.querySelector('[data-field-error="new_access_token"]')?.textContent).toContain(
      "Informe o novo access token",
    );
    expect(document.activeElement).toBe(access);
    expect(sent).not.toContain("replace_tokens");
  });
});
