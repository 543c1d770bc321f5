// What the Backups and Diagnóstico screens show, save and open: a backup's kind in the
// operator's words, file sizes in pt-BR, the names the save dialogs propose, the backup
// file picked for "Restaurar de arquivo…", what a restore would bring back, and the
// severity words of the doctor's findings.
import { open, save } from "@tauri-apps/plugin-dialog";
import { call, commands } from "./api";
import type { BackupInfo, BackupKind, DiagnosticsExport, RestorePreview, Severity } from "./bindings";
import { formatCount, formatDecimal, formatInstant } from "./format";

export const backupKindLabels: Record<BackupKind, string> = {
  manual: "manual",
  scheduled: "automático",
  "before-migration": "antes de atualizar o banco",
  "before-restore": "antes de restaurar",
  "before-reset": "antes de limpar os dados",
  "before-update": "antes de atualizar a Ponte",
};

/** `532 bytes`, `12,4 KB`, `3,1 MB`, `1,2 GB` (powers of 1024, as file managers show). */
export function formatSize(bytes: number): string {
  const units = ["KB", "MB", "GB"];
  if (bytes < 1024) return `${bytes} bytes`;
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${formatDecimal(value, 1)} ${units[unit]}`;
}

export const severityLabels: Record<Severity, { icon: string; text: string }> = {
  ok: { icon: "✓", text: "OK" },
  aviso: { icon: "!", text: "Aviso" },
  problema: { icon: "✕", text: "Problema" },
};

/** `YYYY-MM-DD` of today, local time, for a proposed file name. */
function today(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** Asks where to write a copy of `backup`, then has the core verify and write it. Null when
 *  the operator closed the dialog. Returns the path written. */
export async function exportBackup(backup: BackupInfo): Promise<string | null> {
  const path = await save({
    title: "Exportar backup",
    defaultPath: `ponte-backup-${backup.id}.db`,
    filters: [{ name: "Backup da Ponte", extensions: ["db"] }],
  });
  if (!path) return null;
  await call(commands.exportBackup(backup.id, path));
  return path;
}

/** Asks where to write the diagnosis zip, then has the core write it. Null when the
 *  operator closed the dialog. */
export async function exportDiagnostics(now: Date = new Date()): Promise<DiagnosticsExport | null> {
  const path = await save({
    title: "Exportar diagnóstico",
    defaultPath: `ponte-diagnostico-${today(now)}.zip`,
    filters: [{ name: "Arquivo zip", extensions: ["zip"] }],
  });
  if (!path) return null;
  return call(commands.exportDiagnosticsBundle(path));
}

/** Asks which exported backup to restore ("Restaurar de arquivo…"). Null when the
 *  operator closed the dialog. Its manifest must be beside it; the core says so if not. */
export async function pickBackupFile(): Promise<string | null> {
  const path = await open({
    title: "Restaurar de arquivo",
    multiple: false,
    directory: false,
    filters: [{ name: "Backup da Ponte", extensions: ["db"] }],
  });
  return typeof path === "string" ? path : null;
}

/** What a restore would bring back, one fact a line, as the confirmation lists them. */
export function restoreFacts(preview: RestorePreview): { label: string; value: string }[] {
  return [
    { label: "Feito em", value: formatInstant(preview.backup_created_at) },
    { label: "Tipo", value: backupKindLabels[preview.source_kind] },
    { label: "Tamanho", value: formatSize(preview.size_bytes) },
    { label: "Vendas", value: formatCount(preview.vendas) },
  ];
}
