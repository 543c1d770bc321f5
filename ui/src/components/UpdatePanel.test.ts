// Sobre › Atualizações over mocked IPC: a check that finds a version shows it with its
// notes and installs only after the confirmation; an unreachable feed is a quiet status
// line, a refused offer an alert in the shell's words; the daily switch is saved, and is
// off and locked in demo mode.
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, render, screen, within } from "@testing-library/svelte";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { IpcError, UpdateOffer, UpdateSettings } from "../lib/bindings";
import { updates } from "../lib/updates.svelte";
import UpdatePanel from "./UpdatePanel.svelte";

const settings: UpdateSettings = {
  installed_version: "0.1.0",
  daily_check: true,
  demo: false,
  feed: "https://atualizacoes.ponte.app.br/{{target}}/{{arch}}/latest.json",
};

const offer: UpdateOffer = {
  version: "0.2.0",
  installed_version: "0.1.0",
  notes: "Relatórios mais rápidos.\nDRE com comparação.",
  pub_date: "2026-12-01T12:00:00Z",
};

/** A rejected command, as the shell rejects: its `{code, message}`. */
class Refusal {
  constructor(readonly error: IpcError) {}
}

function mockShell(answers: { check?: () => UpdateOffer | null | Refusal; install?: () => null | Refusal; shell?: UpdateSettings }) {
  const calls: { cmd: string; args: Record<string, unknown> }[] = [];
  mockIPC((cmd, args) => {
    calls.push({ cmd, args: (args ?? {}) as Record<string, unknown> });
    const answer = (value: unknown) => {
      if (value instanceof Refusal) throw value.error;
      return value;
    };
    switch (cmd) {
      case "update_settings":
        return answers.shell ?? settings;
      case "update_check":
        return answer(answers.check?.() ?? null);
      case "update_install":
        return answer(answers.install?.() ?? null);
      case "set_daily_update_check":
        return null;
      default:
        throw new Error(`unexpected command ${cmd}`);
    }
  });
  return calls;
}

beforeAll(() => {
  // jsdom draws no modal dialogs; opening one only has to show it.
  HTMLDialogElement.prototype.showModal ??= function (this: HTMLDialogElement) {
    this.open = true;
  };
  HTMLDialogElement.prototype.close ??= function (this: HTMLDialogElement) {
    this.open = false;
  };
});

afterEach(() => {
  clearMocks();
  updates.offered(null);
});

const checkButton = () => screen.getByRole("button", { name: "Verificar atualizações" });

describe("UpdatePanel", () => {
  it("shows a newer version with its notes and installs it only after the confirmation", async () => {
    const calls = mockShell({ check: () => offer });
    render(UpdatePanel);
    await fireEvent.click(checkButton());

    expect((await screen.findByTestId("update-status")).textContent).toBe("Nova versão 0.2.0 disponível.");
    const shown = screen.getByTestId("update-offer");
    expect(within(shown).getByText("Versão 0.2.0")).toBeTruthy();
    expect(screen.getByTestId("update-notes").textContent).toBe(offer.notes);
    expect(shown.textContent).toContain("Publicada em 01/12/2026");

    await fireEvent.click(screen.getByTestId("update-install"));
    const dialog = screen.getByTestId("update-confirm") as HTMLDialogElement;
    expect(dialog.open).toBe(true);
    expect(dialog.textContent).toContain("faz um backup dos dados");
    expect(document.activeElement?.textContent).toBe("Cancelar");
    expect(calls.map((c) => c.cmd)).not.toContain("update_install");

    await fireEvent.click(screen.getByTestId("update-confirm-button"));
    expect((await screen.findByTestId("update-installing")).textContent).toContain("reinicia sozinha");
    expect(calls.map((c) => c.cmd)).toContain("update_install");
  });

  it("cancelling the confirmation installs nothing", async () => {
    const calls = mockShell({ check: () => offer });
    render(UpdatePanel);
    await fireEvent.click(checkButton());
    await fireEvent.click(await screen.findByTestId("update-install"));
    await fireEvent.click(screen.getByRole("button", { name: "Cancelar" }));
    expect((screen.getByTestId("update-confirm") as HTMLDialogElement).open).toBe(false);
    expect(calls.map((c) => c.cmd)).not.toContain("update_install");
  });

  it("says the app is up to date when nothing newer is offered", async () => {
    mockShell({ check: () => null });
    render(UpdatePanel);
    await screen.findByLabelText("Verificar atualizações diariamente");
    await fireEvent.click(checkButton());
    expect((await screen.findByTestId("update-status")).textContent).toBe("A Ponte está atualizada (versão 0.1.0).");
    expect(screen.queryByTestId("update-offer")).toBeNull();
  });

  it("says an unreachable feed quietly, in the status line, not as an alert", async () => {
    const message = "Não foi possível verificar atualizações agora: sem conexão com o servidor de atualizações. Tente mais tarde.";
    mockShell({ check: () => new Refusal({ code: "update_unreachable", message }) });
    render(UpdatePanel);
    await fireEvent.click(checkButton());
    expect((await screen.findByTestId("update-status")).textContent).toBe(message);
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("shows a refused offer and a refused install in the shell's words", async () => {
    const message = "A versão oferecida (0.0.9) não é mais nova que a instalada (0.1.0); a Ponte não volta para uma versão anterior. Nada foi alterado.";
    mockShell({ check: () => new Refusal({ code: "update_not_newer", message }) });
    render(UpdatePanel);
    await fireEvent.click(checkButton());
    expect((await screen.findByRole("alert")).textContent).toBe(message);

    clearMocks();
    const busy = "Há uma sincronização ou um backup em andamento. Espere terminar e clique em “Instalar e reiniciar” de novo.";
    mockShell({ check: () => offer, install: () => new Refusal({ code: "update_busy", message: busy }) });
    await fireEvent.click(checkButton());
    await fireEvent.click(await screen.findByTestId("update-install"));
    await fireEvent.click(screen.getByTestId("update-confirm-button"));
    expect((await screen.findByTestId("update-install-error")).textContent).toBe(busy);
    expect(screen.getByTestId<HTMLButtonElement>("update-install").disabled).toBe(false);
  });

  it("saves the daily switch, and keeps it off in demo mode", async () => {
    const calls = mockShell({});
    const { unmount } = render(UpdatePanel);
    const daily = await screen.findByLabelText<HTMLInputElement>("Verificar atualizações diariamente");
    expect(daily.checked).toBe(true);
    await fireEvent.click(daily);
    expect(calls.at(-1)).toEqual({ cmd: "set_daily_update_check", args: { enabled: false } });
    unmount();

    clearMocks();
    mockShell({ shell: { ...settings, demo: true } });
    render(UpdatePanel);
    const locked = await screen.findByLabelText<HTMLInputElement>("Verificar atualizações diariamente");
    expect(locked.checked).toBe(false);
    expect(locked.disabled).toBe(true);
    expect(screen.getByText("No modo demonstração a Ponte não procura atualizações sozinha.")).toBeTruthy();
  });
});
