// Sobre over mocked IPC: the build's version, date (dd/mm/aaaa) and commit as the shell
// reports them, the update channel only when the updater has a feed, "Abrir pasta" asking
// the shell (sending no path), and the licences grouped, counted and searchable.
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, render, screen, within } from "@testing-library/svelte";
import { afterEach, describe, expect, it } from "vitest";
import type { AboutInfo, IpcError } from "../lib/bindings";
import { bundledPackages } from "../lib/licenses";
import Sobre from "./Sobre.svelte";

const about: AboutInfo = {
  version: "0.1.0",
  commit: "4ed9be863c1d",
  build_date: "2026-12-06",
  demo: false,
  data_dir: "/home/ana/.local/share/ponte",
  logs_dir: "/home/ana/.local/share/ponte/logs",
  update_feed: null,
};

function mockShell(info: AboutInfo, opened: () => unknown = () => null) {
  const calls: { cmd: string; args: Record<string, unknown> }[] = [];
  mockIPC((cmd, args) => {
    calls.push({ cmd, args: (args ?? {}) as Record<string, unknown> });
    switch (cmd) {
      case "about":
        return info;
      case "update_settings":
        // The update panel (UpdatePanel.test.ts covers it) reads its switch.
        return { installed_version: info.version, daily_check: true, demo: info.demo, feed: "" };
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

describe("Sobre", () => {
  it("shows the version, the build date in dd/mm/aaaa and the commit", async () => {
    mockShell(about);
    render(Sobre);
    expect((await screen.findByTestId("about-version")).textContent).toBe("0.1.0");
    expect(screen.getByTestId("about-build-date").textContent).toBe("06/12/2026");
    expect(screen.getByTestId("about-commit").textContent).toBe("4ed9be863c1d");
    expect(screen.getByTestId<HTMLInputElement>("about-data-dir").value).toBe(about.data_dir);
    expect(screen.getByTestId<HTMLInputElement>("about-logs-dir").value).toBe(about.logs_dir);
    // No updater configured: no channel row.
    expect(screen.queryByText("Canal de atualização")).toBeNull();
  });

  it("names the update channel when the updater has a feed, and demo mode", async () => {
    mockShell({ ...about, demo: true, update_feed: "https://ponte.example/latest.json" });
    render(Sobre);
    expect((await screen.findByTestId("about-update-feed")).textContent).toBe("https://ponte.example/latest.json");
    expect(screen.getByTestId("about-version").textContent).toBe("0.1.0 (modo demonstração)");
  });

  it("opens each folder through the shell and says why when it cannot", async () => {
    const calls = mockShell(about);
    render(Sobre);
    await fireEvent.click(await screen.findByRole("button", { name: "Abrir pasta de dados" }));
    await fireEvent.click(screen.getByRole("button", { name: "Abrir pasta de logs" }));
    expect(calls.filter((c) => c.cmd.startsWith("open_"))).toEqual([
      { cmd: "open_data_folder", args: {} },
      { cmd: "open_logs_folder", args: {} },
    ]);
    expect(screen.queryByRole("alert")).toBeNull();

    clearMocks();
    const refused: IpcError = { code: "open_folder", message: "Não foi possível abrir a pasta (xdg-open ausente)." };
    mockShell(about, () => {
      throw refused;
    });
    await fireEvent.click(screen.getByRole("button", { name: "Abrir pasta de logs" }));
    expect((await screen.findByRole("alert")).textContent).toBe(refused.message);
  });

  it("lists every bundled package under its licence, with counts, and searches them", async () => {
    mockShell(about);
    render(Sobre);
    await screen.findByTestId("about-version");
    const groups = screen.getAllByTestId("license-group");
    const listed = groups.reduce((n, g) => n + g.querySelectorAll("li").length, 0);
    expect(listed).toBe(bundledPackages.length);

    await fireEvent.input(screen.getByTestId("license-search"), { target: { value: "chart.js" } });
    const found = screen.getAllByTestId("license-group");
    expect(found).toHaveLength(1);
    expect(within(found[0]).getByText("MIT").tagName).toBe("SPAN");
    expect(within(found[0]).getByText("1 pacote")).toBeTruthy();
    expect(within(found[0]).getByText(/^chart\.js/)).toBeTruthy();

    await fireEvent.input(screen.getByTestId("license-search"), { target: { value: "nada-assim" } });
    expect(screen.queryAllByTestId("license-group")).toHaveLength(0);
    expect(screen.getByText(/Nenhuma biblioteca ou licença contém “nada-assim”/)).toBeTruthy();
  });
});
