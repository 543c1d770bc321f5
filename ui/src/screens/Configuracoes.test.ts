// Configurações' Arquivos over mocked IPC: the folders come from the core, each "Abrir pasta"
// button asks the shell to open its folder (sending no path), a failure shows the shell's
// message, and no command-line option or environment variable is shown to the operator.
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, render, screen } from "@testing-library/svelte";
import { afterEach, describe, expect, it } from "vitest";
import type { AppInfo, Folders, IpcError, Preferences } from "../lib/bindings";
import Configuracoes from "./Configuracoes.svelte";

const folders: Folders = { data_dir: "/home/ana/.local/share/ponte", logs_dir: "/home/ana/.local/share/ponte/logs" };
const info: AppInfo = { version: "0.1.0", demo: false, data_dir: folders.data_dir, logs_dir: folders.logs_dir };
const preferences: Preferences = { close_to_tray: true, close_to_tray_notice_shown: true, desktop_notifications: true };

/** A shell whose open commands answer `opened`; records every command. */
function mockShell(opened: () => unknown = () => null) {
  const calls: { cmd: string; args: Record<string, unknown> }[] = [];
  mockIPC((cmd, args) => {
    calls.push({ cmd, args: (args ?? {}) as Record<string, unknown> });
    switch (cmd) {
      case "data_folders":
        return folders;
      case "preferences":
        return preferences;
      case "autostart_enabled":
        return false;
      case "relay_account":
        return { relay_url: null, token_saved: false };
      case "list_backups":
        return [];
      case "last_restore":
        return null;
      case "open_data_folder":
      case "open_logs_folder":
        return opened();
      default:
        throw new Error(`unexpected command ${cmd}`);
    }
  });
  return calls;
}

afterEach(() => {
  clearMocks();
});

/** Configurações with everything it asks at start answered (the autostart switch comes last). */
async function renderLoaded() {
  render(Configuracoes, { info });
  await screen.findByText(/Iniciar a Ponte ao entrar no sistema/);
}

describe("Configurações › Arquivos", () => {
  it("shows the core's folders and opens each with its own command", async () => {
    const calls = mockShell();
    await renderLoaded();
    const data = screen.getByRole("button", { name: "Abrir pasta de dados" });
    expect(screen.getByTestId<HTMLInputElement>("data-dir").value).toBe(folders.data_dir);
    expect(screen.getByTestId<HTMLInputElement>("logs-dir").value).toBe(folders.logs_dir);

    await fireEvent.click(data);
    await fireEvent.click(screen.getByRole("button", { name: "Abrir pasta de logs" }));

    const opens = calls.filter((call) => call.cmd.startsWith("open_"));
    expect(opens).toEqual([
      { cmd: "open_data_folder", args: {} },
      { cmd: "open_logs_folder", args: {} },
    ]);
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("says in pt-BR when the folder could not be opened", async () => {
    const refused: IpcError = {
      code: "open_folder",
      message: "Não foi possível abrir a pasta /home/ana/.local/share/ponte/logs no gerenciador de arquivos (xdg-open ausente).",
    };
    mockShell(() => {
      throw refused;
    });
    await renderLoaded();
    await fireEvent.click(screen.getByRole("button", { name: "Abrir pasta de logs" }));
    expect((await screen.findByRole("alert")).textContent).toContain("Não foi possível abrir a pasta");
  });

  it("names no command-line option or environment variable", async () => {
    mockShell();
    await renderLoaded();
    expect(document.body.textContent).not.toMatch(/--data-dir|PONTE_/);
  });
});
