// The Registros viewer over mocked IPC: lines newest first with pt-BR levels and São Paulo
// times, live lines on top as they arrive on the follow channel, each filter change
// stopping the old follow and asking again, and closing the view stopping the follow.
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import type { Channel } from "@tauri-apps/api/core";
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { afterEach, describe, expect, it } from "vitest";
import type { Integration, LogLine, LogQuery } from "../lib/bindings";
import LogViewer from "./LogViewer.svelte";

const line = (at: string, level: LogLine["level"], message: string, integration: string | null = null): LogLine => ({
  at,
  level,
  target: "ponte_core::sync::engine",
  integration_id: integration === null ? null : 1,
  integration,
  message,
  program: "ponte-desktop",
});

const page: LogLine[] = [
  line("2026-12-06T10:00:02.000000Z", "error", "Sincronização falhou: disco cheio", "Loja Centro"),
  line("2026-12-06T10:00:01.000000Z", null, "linha solta"),
  line("2026-12-06T10:00:00.000000Z", "warn", "relay indisponível"),
];

/** A shell answering the viewer; records the queries and the follows stopped. */
function mockShell() {
  const seen = {
    reads: [] as LogQuery[],
    follows: [] as { query: LogQuery; channel: Channel<LogLine[]> }[],
    stopped: [] as number[],
  };
  mockIPC((cmd, args) => {
    const a = (args ?? {}) as Record<string, unknown>;
    switch (cmd) {
      case "list_integrations":
        return [{ id: 1, name: "Loja Centro" }] as Partial<Integration>[];
      case "follow_logs":
        seen.follows.push({ query: a.query as LogQuery, channel: a.lines as Channel<LogLine[]> });
        return seen.follows.length;
      case "read_logs":
        seen.reads.push(a.query as LogQuery);
        return page;
      case "stop_following_logs":
        seen.stopped.push(a.id as number);
        return true;
      default:
        throw new Error(`unexpected command ${cmd}`);
    }
  });
  return seen;
}

/** Delivers a batch on a follow's channel, as the shell does. */
function deliver(channel: Channel<LogLine[]>, index: number, batch: LogLine[]) {
  const internals = (window as unknown as { __TAURI_INTERNALS__: { runCallback(id: number, data: unknown): void } })
    .__TAURI_INTERNALS__;
  internals.runCallback(channel.id, { index, message: batch });
}

const rows = () => within(screen.getByTestId("log-lines")).getAllByRole("row").slice(1);

afterEach(() => {
  // Unmounting stops the follow through the mocked shell, so it goes first.
  cleanup();
  clearMocks();
});

describe("LogViewer", () => {
  it("shows lines newest first in pt-BR and puts live lines on top", async () => {
    const seen = mockShell();
    render(LogViewer);
    await screen.findByText("Sincronização falhou: disco cheio");
    const first = within(rows()[0]).getAllByRole("cell").map((cell) => cell.textContent?.trim());
    expect(first).toEqual(["06/12/2026 07:00:02", "erro", "ponte-desktop", "Loja Centro", "Sincronização falhou: disco cheio"]);
    expect(within(rows()[1]).getAllByRole("cell")[1].textContent?.trim()).toBe("—");
    expect(within(rows()[2]).getAllByRole("cell")[1].textContent?.trim()).toBe("aviso");
    expect(seen.reads[0]).toEqual({ level: null, integration_id: null, text: null, limit: 500 });

    deliver(seen.follows[0].channel, 0, [
      line("2026-12-06T10:00:02.000000Z", "error", "Sincronização falhou: disco cheio", "Loja Centro"),
      line("2026-12-06T10:05:00.000000Z", "info", "WEBHOOK recebido"),
    ]);
    await waitFor(() => expect(rows()).toHaveLength(4));
    expect(within(rows()[0]).getAllByRole("cell")[4].textContent).toBe("WEBHOOK recebido");
    expect(within(rows()[0]).getAllByRole("cell")[1].textContent?.trim()).toBe("info");
  });

  it("asks again with each filter, stopping the previous follow", async () => {
    const seen = mockShell();
    render(LogViewer);
    await screen.findByText("relay indisponível");
    await screen.findByRole("option", { name: "Loja Centro" });

    await fireEvent.change(screen.getByRole("combobox", { name: "Nível" }), { target: { value: "warn" } });
    await waitFor(() => expect(seen.reads.at(-1)?.level).toBe("warn"));
    expect(seen.stopped).toEqual([1]);

    const integration = screen.getByRole<HTMLSelectElement>("combobox", { name: "Integração" });
    integration.selectedIndex = 1;
    await fireEvent.change(integration);
    await waitFor(() => expect(seen.reads.at(-1)?.integration_id).toBe(1));

    await fireEvent.input(screen.getByRole("searchbox", { name: "Texto" }), { target: { value: " Webhook " } });
    await waitFor(() => expect(seen.reads.at(-1)).toEqual({ level: "warn", integration_id: 1, text: "Webhook", limit: 500 }));
    expect(seen.follows.at(-1)?.query).toEqual(seen.reads.at(-1));
    expect(seen.stopped).toEqual([1, 2, 3]);
  });

  it("stops following when the view closes", async () => {
    const seen = mockShell();
    const view = render(LogViewer);
    await screen.findByText("relay indisponível");
    expect(seen.stopped).toEqual([]);
    view.unmount();
    expect(seen.stopped).toEqual([1]);
  });
});
