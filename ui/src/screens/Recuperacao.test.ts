// Recuperacao: says what is damaged, offers the newest verified backup (with its date in
// pt-BR) or a clean start that must be confirmed, and sends the choice. Mocked IPC.
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, render, screen } from "@testing-library/svelte";
import { afterEach, describe, expect, it } from "vitest";
import type { DamagedStore } from "../lib/bindings";
import Recuperacao from "./Recuperacao.svelte";

const damaged: DamagedStore = {
  message: "O arquivo de dados /dados/ponte.db está danificado (não é um banco de dados). Nada foi apagado.",
  data_dir: "/dados",
  backup: { id: "ponte-20261205-120000-scheduled", created_at: "2026-12-05T12:00:00Z" },
};

afterEach(() => {
  clearMocks();
});

describe("Recuperacao", () => {
  it("offers the newest verified backup with its São Paulo date and restores it", async () => {
    const sent: { cmd: string; args: unknown }[] = [];
    mockIPC((cmd, args) => {
      sent.push({ cmd, args });
      return { damaged_path: "/dados/ponte.db.damaged-20261206T090000Z", restored: damaged.backup };
    });
    render(Recuperacao, { damaged });

    expect(screen.getByTestId("recovery-message").textContent).toContain("está danificado");
    expect(screen.getByTestId("recovery-backup-date").textContent).toBe("05/12/2026 09:00");
    await fireEvent.click(screen.getByTestId("recovery-restore"));

    expect((await screen.findByTestId("recovery-done")).textContent).toContain("ponte.db.damaged-20261206T090000Z");
    expect(sent).toEqual([{ cmd: "recover_store", args: { choice: "restore_newest_backup" } }]);
  });

  it("starts clean only after a confirmation, and says when there is no backup", async () => {
    const sent: unknown[] = [];
    mockIPC((_cmd, args) => {
      sent.push(args);
      return { damaged_path: "/dados/ponte.db.damaged-x", restored: null };
    });
    render(Recuperacao, { damaged: { ...damaged, backup: null } });

    expect(screen.getByTestId("recovery-no-backup")).toBeTruthy();
    expect(screen.queryByTestId("recovery-restore")).toBeNull();
    await fireEvent.click(screen.getByTestId("recovery-clean"));
    expect(sent).toEqual([]);
    await fireEvent.click(screen.getByTestId("recovery-clean-confirm"));

    await screen.findByTestId("recovery-done");
    expect(sent).toEqual([{ choice: "start_clean" }]);
  });
});
