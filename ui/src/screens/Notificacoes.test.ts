// Notificações over mocked IPC: newest first, the level filter, mark read and mark all
// read (with the badge's count asked again), and opening the linked run.
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, render, screen, within } from "@testing-library/svelte";
import { afterEach, describe, expect, it } from "vitest";
import type { Notification, NotificationLevel } from "../lib/bindings";
import { nav } from "../lib/nav.svelte";
import Notificacoes from "./Notificacoes.svelte";

function makeNotification(overrides: Partial<Notification> = {}): Notification {
  return {
    id: 1,
    level: "success",
    title: "Loja Centro: sincronização concluída",
    body: "4.285 criados.",
    integration_id: 7,
    sync_run_id: 41,
    created_at: "2026-11-23T13:00:00Z",
    read_at: null,
    count: 1,
    ...overrides,
  };
}

/** A core holding `stored`; records every command. */
function mockCore(stored: Notification[]) {
  const calls: { cmd: string; args: Record<string, unknown> }[] = [];
  mockIPC((cmd, args) => {
    const payload = (args ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args: payload });
    switch (cmd) {
      case "list_notifications": {
        const level = payload.level as NotificationLevel | null;
        return stored.filter((n) => level === null || n.level === level);
      }
      case "mark_notification_read": {
        const found = stored.find((n) => n.id === payload.id);
        if (found) found.read_at = "2026-11-23T14:00:00Z";
        return null;
      }
      case "mark_all_notifications_read":
        stored.forEach((n) => (n.read_at ??= "2026-11-23T14:00:00Z"));
        return stored.length;
      case "unread_notifications":
        return stored.filter((n) => n.read_at === null).length;
      default:
        throw new Error(`unexpected command ${cmd}`);
    }
  });
  return calls;
}

afterEach(() => {
  clearMocks();
  nav.go("painel");
});

describe("Notificacoes", () => {
  it("lists the notifications with their level, title, body and pt-BR time", async () => {
    mockCore([makeNotification()]);
    render(Notificacoes);
    const item = await screen.findByTestId("notification");
    expect(item.textContent).toContain("Sucesso");
    expect(item.textContent).toContain("Loja Centro: sincronização concluída");
    expect(item.textContent).toContain("4.285 criados.");
    expect(item.textContent).toContain("23/11/2026 10:00");
    expect(item.classList.contains("unread")).toBe(true);
  });

  it("asks the core for one level when the filter changes", async () => {
    const calls = mockCore([
      makeNotification(),
      makeNotification({ id: 2, level: "error", title: "Loja Centro: a sincronização falhou", body: "Credenciais inválidas." }),
    ]);
    render(Notificacoes);
    expect(await screen.findAllByTestId("notification")).toHaveLength(2);

    await fireEvent.change(screen.getByLabelText("Nível"), { target: { value: "error" } });

    await screen.findByText("Credenciais inválidas.");
    expect(screen.getAllByTestId("notification")).toHaveLength(1);
    expect(calls.filter((c) => c.cmd === "list_notifications").at(-1)?.args).toEqual({ level: "error" });
  });

  it("marks one read, then all read", async () => {
    const stored = [makeNotification(), makeNotification({ id: 2, sync_run_id: null })];
    const calls = mockCore(stored);
    render(Notificacoes);
    const [first] = await screen.findAllByTestId("notification");

    await fireEvent.click(within(first).getByRole("button", { name: "Marcar como lida" }));
    expect(calls.some((c) => c.cmd === "mark_notification_read" && c.args.id === 1)).toBe(true);

    await fireEvent.click(screen.getByRole("button", { name: "Marcar todas como lidas" }));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(calls.some((c) => c.cmd === "mark_all_notifications_read")).toBe(true);
    expect(stored.every((n) => n.read_at !== null)).toBe(true);
    expect(screen.queryByRole("button", { name: "Marcar como lida" })).toBeNull();
  });

  it("opens the linked run in the Histórico and marks the notification read", async () => {
    const calls = mockCore([makeNotification()]);
    render(Notificacoes);
    await fireEvent.click(await screen.findByRole("button", { name: "Ver no Histórico" }));
    await new Promise((resolve) => setTimeout(resolve, 0));

    expect(calls.some((c) => c.cmd === "mark_notification_read")).toBe(true);
    expect(nav.current).toBe("historico");
    expect(nav.focusRunId).toBe(41);
  });

  it("says when there is nothing yet", async () => {
    mockCore([]);
    render(Notificacoes);
    expect((await screen.findByTestId("notifications-empty")).textContent).toContain("Nenhuma notificação ainda");
  });
});
