// Configurações › Backups over mocked IPC: the list in the operator's words (dd/mm/aaaa
// hh:mm in São Paulo time, the kind in pt-BR, the size, verified or not), "Fazer backup
// agora" taking one and listing it, "Exportar backup…" sending the path picked in the save
// dialog, a core error shown as the core wrote it, and the restore: the preview in a
// confirmation focused on Cancelar, "Restaurar de arquivo…" with the open dialog's path,
// and "Desfazer restauração" while the backup taken before the last restore is kept.
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, render, screen, within } from "@testing-library/svelte";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { BackupInfo, LastRestore, RestorePreview } from "../lib/bindings";
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

const preview: RestorePreview = {
  source: scheduled.id,
  source_kind: "scheduled",
  backup_created_at: scheduled.created_at,
  schema_version: 16,
  size_bytes: scheduled.size_bytes,
  vendas: 1234,
  retention_gap: null,
};
const lastRestore: LastRestore = {
  source: scheduled.id,
  source_kind: "scheduled",
  backup_created_at: scheduled.created_at,
  requested_at: "2026-12-06T11:00:00Z",
  applied_at: "2026-12-06T11:00:05Z",
  undo_backup_id: "20261206T110000Z-before-restore",
  replay: null,
};
const beforeRestore: BackupInfo = {
  ...scheduled,
  id: lastRestore.undo_backup_id,
  kind: "before-restore",
  created_at: "2026-12-06T11:00:00Z",
};

function mockCore(
  options: { failCreate?: boolean; last?: LastRestore; listed?: BackupInfo[]; preview?: RestorePreview } = {},
) {
  const calls: { cmd: string; args: Record<string, unknown> }[] = [];
  let listed = options.listed ?? [scheduled, beforeMigration];
  mockIPC((cmd, args) => {
    calls.push({ cmd, args: (args ?? {}) as Record<string, unknown> });
    switch (cmd) {
      case "list_backups":
        return listed;
      case "last_restore":
        return options.last ?? null;
      case "create_backup":
        if (options.failCreate) {
          throw { code: "file_access", message: "Não foi possível gravar o arquivo /dados/backups: disco cheio." };
        }
        listed = [manual, ...listed];
        return manual;
      case "plugin:dialog|save":
        return "/home/ana/copia.db";
      case "plugin:dialog|open":
        return "/home/ana/copia.db";
      case "export_backup":
        return "/home/ana/copia.json";
      case "preview_restore":
        return options.preview ?? preview;
      case "restore_backup":
      case "undo_restore":
        return { ...lastRestore, applied_at: null };
      default:
        throw new Error(`unexpected command ${cmd}`);
    }
  });
  return calls;
}

/** The confirmation, once it shows the verified backup's preview. */
async function askedDialog(): Promise<HTMLElement> {
  const dialog = screen.getByTestId("restore-confirm");
  await within(dialog).findByTestId("restore-preview");
  return dialog;
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

describe("Restore", () => {
  it("shows what the backup holds and asks with the focus on Cancelar, not on Restaurar", async () => {
    const calls = mockCore();
    render(Backups);
    const rows = await screen.findAllByTestId("backup-row");

    await fireEvent.click(within(rows[0]).getByRole("button", { name: "Restaurar" }));

    const dialog = await askedDialog();
    expect(document.activeElement).toBe(within(dialog).getByRole("button", { name: "Cancelar" }));
    expect(within(dialog).getByRole("heading").textContent).toBe("Restaurar o backup de 05/12/2026 10:05?");
    const facts = [...within(dialog).getByTestId("restore-preview").querySelectorAll("dt, dd")].map((el) => el.textContent);
    expect(facts).toEqual(["Feito em", "05/12/2026 10:05", "Tipo", "automático", "Tamanho", "3,1 MB", "Vendas", "1.234"]);
    expect(within(dialog).queryByTestId("retention-gap")).toBeNull();
    expect(calls.find((c) => c.cmd === "preview_restore")?.args).toEqual({
      source: { kind: "backup", id: scheduled.id },
    });

    await fireEvent.click(within(dialog).getByRole("button", { name: "Cancelar" }));

    expect((dialog as HTMLDialogElement).open).toBe(false);
    expect(calls.some((c) => c.cmd === "restore_backup")).toBe(false);
  });

  it("restores the confirmed backup and says the app restarts", async () => {
    const calls = mockCore();
    render(Backups);
    const rows = await screen.findAllByTestId("backup-row");
    await fireEvent.click(within(rows[0]).getByRole("button", { name: "Restaurar" }));
    const dialog = await askedDialog();

    await fireEvent.click(within(dialog).getByRole("button", { name: "Restaurar e reiniciar" }));

    expect((await screen.findByTestId("backup-done")).textContent).toContain("A Ponte está reiniciando");
    expect(calls.find((c) => c.cmd === "restore_backup")?.args).toEqual({
      source: { kind: "backup", id: scheduled.id },
    });
    // Nothing more is offered while the app restarts.
    expect((screen.getByRole("button", { name: "Fazer backup agora" }) as HTMLButtonElement).disabled).toBe(true);
  });

  it("restores from the file picked in the open dialog, warning of the period the relay no longer keeps", async () => {
    const gap = "O backup é de 01/10/2026, e o relay guarda os eventos do tempo real por 30 dias: os eventos recebidos de 01/10/2026 a 06/11/2026 podem faltar.";
    const calls = mockCore({ preview: { ...preview, source: "/home/ana/copia.db", retention_gap: gap } });
    render(Backups);
    await screen.findAllByTestId("backup-row");

    await fireEvent.click(screen.getByRole("button", { name: "Restaurar de arquivo…" }));

    const dialog = await askedDialog();
    expect(within(dialog).getByTestId("retention-gap").textContent).toBe(gap);
    expect(calls.find((c) => c.cmd === "preview_restore")?.args).toEqual({
      source: { kind: "file", path: "/home/ana/copia.db" },
    });
    await fireEvent.click(within(dialog).getByRole("button", { name: "Restaurar e reiniciar" }));
    await screen.findByTestId("backup-done");
    expect(calls.find((c) => c.cmd === "restore_backup")?.args).toEqual({
      source: { kind: "file", path: "/home/ana/copia.db" },
    });
  });

  it("offers to undo the last restore while its backup is kept, and undoes it after the same confirmation", async () => {
    const calls = mockCore({ last: lastRestore, listed: [beforeRestore, scheduled] });
    render(Backups);

    const last = await screen.findByTestId("last-restore");
    expect(last.textContent).toContain("05/12/2026 10:05");
    await fireEvent.click(within(last).getByRole("button", { name: "Desfazer restauração" }));

    const dialog = await askedDialog();
    expect(document.activeElement).toBe(within(dialog).getByRole("button", { name: "Cancelar" }));
    expect(within(dialog).getByRole("heading").textContent).toBe("Desfazer a última restauração?");
    expect(calls.find((c) => c.cmd === "preview_restore")?.args).toEqual({
      source: { kind: "backup", id: beforeRestore.id },
    });
    await fireEvent.click(within(dialog).getByRole("button", { name: "Restaurar e reiniciar" }));
    await screen.findByTestId("backup-done");
    expect(calls.filter((c) => c.cmd === "undo_restore")).toHaveLength(1);
    expect(calls.some((c) => c.cmd === "restore_backup")).toBe(false);
  });

  it("does not offer the undo once retention removed the backup it needs", async () => {
    mockCore({ last: lastRestore, listed: [scheduled] });
    render(Backups);

    await screen.findByTestId("last-restore");
    expect(screen.queryByRole("button", { name: "Desfazer restauração" })).toBeNull();
  });

  it("shows the core's refusal of a damaged backup and asks nothing", async () => {
    mockIPC((cmd) => {
      switch (cmd) {
        case "list_backups":
          return [scheduled];
        case "last_restore":
          return null;
        case "preview_restore":
          throw { code: "backup_invalid", message: "O backup /dados/backups/x.db não pode ser usado: o SHA-256 não confere." };
        default:
          throw new Error(`unexpected command ${cmd}`);
      }
    });
    render(Backups);
    const rows = await screen.findAllByTestId("backup-row");

    await fireEvent.click(within(rows[0]).getByRole("button", { name: "Restaurar" }));

    expect((await screen.findByRole("alert")).textContent).toContain("SHA-256 não confere");
    expect((screen.getByTestId("restore-confirm") as HTMLDialogElement).open).toBe(false);
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
