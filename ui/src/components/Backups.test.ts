// Configurações › Backups over mocked IPC: the list in the operator's words (dd/mm/aaaa
// hh:mm in São Paulo time, the kind in pt-BR, the size, verified or not), "Fazer backup
// agora" taking one and listing it, "Exportar backup…" sending the path picked in the save
// dialog, and a core error shown as the core wrote it.
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, render, screen, within } from "@testing-library/svelte";
import { afterEach, describe, expect, it } from "vitest";
import type { BackupInfo } from "../lib/bindings";
import { formatSize } from "../lib/backups";
import Backups from "./Backups.svelte";

const scheduled: BackupInfo = {
  id: "20261205T130500Z-scheduled",
  kind: "scheduled",
  created_at: "2026-12-05T13:05:00Z",
  size_bytes: 3_250_585,
  schema_version: 16,
  intact: true,
  path: "/dados/backups/20261205T130500Z-scheduled.db",
};
const beforeMigration: BackupInfo = {
  ...scheduled,
  id: "20261201T090000Z-before-migration",
  kind: "before-migration",
  created_at: "2026-12-01T09:00:00Z",
  size_bytes: 812,
  intact: false,
};
const manual: BackupInfo = {
  ...scheduled,
  id: "20261206T101500Z-manual",
  kind: "manual",
  created_at: "2026-12-06T10:15:00Z",
};

function mockCore(options: { failCreate?: boolean } = {}) {
  const calls: { cmd: string; args: Record<string, unknown> }[] = [];
  let listed = [scheduled, beforeMigration];
  mockIPC((cmd, args) => {
    calls.push({ cmd, args: (args ?? {}) as Record<string, unknown> });
    switch (cmd) {
      case "list_backups":
        return listed;
      case "create_backup":
        if (options.failCreate) {
          throw { code: "file_access", message: "Não foi possível gravar o arquivo /dados/backups: disco cheio." };
        }
        listed = [manual, ...listed];
        return manual;
      case "plugin:dialog|save":
        return "/home/ana/copia.db";
      case "export_backup":
        return "/home/ana/copia.json";
      default:
        throw new Error(`unexpected command ${cmd}`);
    }
  });
  return calls;
}

afterEach(() => clearMocks());

describe("Backups", () => {
  it("lists each backup with its date, kind, size and state in pt-BR", async () => {
    mockCore();
    render(Backups);
    const rows = await screen.findAllByTestId("backup-row");
    expect(rows.map((row) => row.dataset.backupId)).toEqual([scheduled.id, beforeMigration.id]);
    const first = within(rows[0]);
    expect(first.getByText("05/12/2026 10:05")).toBeTruthy();
    expect(first.getByText("automático")).toBeTruthy();
    expect(first.getByText("3,1 MB")).toBeTruthy();
    expect(first.getByText("✓ verificado")).toBeTruthy();
    const second = within(rows[1]);
    expect(second.getByText("antes de atualizar o banco")).toBeTruthy();
    expect(second.getByText("812 bytes")).toBeTruthy();
    expect(second.getByText(/arquivo alterado desde o backup/)).toBeTruthy();
    // A backup whose file changed is not offered for export.
    expect((second.getByRole("button", { name: "Exportar backup…" }) as HTMLButtonElement).disabled).toBe(true);
  });

  it("takes a backup now and lists it first", async () => {
    const calls = mockCore();
    render(Backups);
    await screen.findAllByTestId("backup-row");

    await fireEvent.click(screen.getByRole("button", { name: "Fazer backup agora" }));

    expect((await screen.findByTestId("backup-done")).textContent).toContain("Backup feito e verificado em 06/12/2026 07:15");
    const rows = screen.getAllByTestId("backup-row");
    expect(rows[0].dataset.backupId).toBe(manual.id);
    expect(within(rows[0]).getByText("manual")).toBeTruthy();
    expect(calls.filter((c) => c.cmd === "create_backup")).toHaveLength(1);
  });

  it("exports a backup to the file picked in the save dialog", async () => {
    const calls = mockCore();
    render(Backups);
    const rows = await screen.findAllByTestId("backup-row");

    await fireEvent.click(within(rows[0]).getByRole("button", { name: "Exportar backup…" }));

    expect((await screen.findByTestId("backup-done")).textContent).toContain("/home/ana/copia.db");
    const dialog = calls.find((c) => c.cmd === "plugin:dialog|save");
    expect(JSON.stringify(dialog?.args)).toContain(`ponte-backup-${scheduled.id}.db`);
    expect(calls.find((c) => c.cmd === "export_backup")?.args).toEqual({ id: scheduled.id, path: "/home/ana/copia.db" });
  });

  it("shows the core's message when a backup fails", async () => {
    mockCore({ failCreate: true });
    render(Backups);
    await screen.findAllByTestId("backup-row");

    await fireEvent.click(screen.getByRole("button", { name: "Fazer backup agora" }));

    expect((await screen.findByRole("alert")).textContent).toContain("disco cheio");
    expect(screen.getAllByTestId("backup-row")).toHaveLength(2);
  });
});

describe("formatSize", () => {
  it("uses a decimal comma and powers of 1024", () => {
    expect(formatSize(0)).toBe("0 bytes");
    expect(formatSize(1023)).toBe("1023 bytes");
    expect(formatSize(1536)).toBe("1,5 KB");
    expect(formatSize(5 * 1024 ** 3)).toBe("5,0 GB");
  });
});
