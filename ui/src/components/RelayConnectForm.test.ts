// RelayConnectForm: the app's own pt-BR validation (no native bubble), the focus on the
// first field to fix, and nothing sent to the core until every field is filled. Mocked IPC.
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, render, screen } from "@testing-library/svelte";
import { afterEach, describe, expect, it, vi } from "vitest";
import RelayConnectForm from "./RelayConnectForm.svelte";

afterEach(() => {
  clearMocks();
});

function problem(field: string): string | null | undefined {
  return document.querySelector(`[data-field-error="${field}"]`)?.textContent;
}

describe("RelayConnectForm", () => {
  it("says in pt-BR what each blank or malformed field needs and focuses the first", async () => {
    const sent: string[] = [];
    mockIPC((cmd) => {
      sent.push(cmd);
      return null;
    });
    render(RelayConnectForm, { integrationId: 1, onconnected: vi.fn() });
    await fireEvent.input(screen.getByLabelText("Endereço do relay"), { target: { value: "relay sem esquema" } });

    await fireEvent.click(screen.getByRole("button", { name: "Ligar" }));

    expect(problem("relay_url")).toBe("Informe uma URL começando com https://");
    expect(problem("channel")).toContain("Informe o canal");
    expect(problem("pull_token")).toBe("Informe o token de leitura do canal");
    expect(problem("ingest_secret")).toBe("Informe o segredo de ingestão do canal");
    expect(document.activeElement).toBe(screen.getByLabelText("Endereço do relay"));
    expect(sent).toEqual([]);
  });

  it("clears a field's message as the operator types in it, and sends once all are filled", async () => {
    const sent: { cmd: string; args: unknown }[] = [];
    const onconnected = vi.fn();
    mockIPC((cmd, args) => {
      sent.push({ cmd, args });
      return null;
    });
    render(RelayConnectForm, { integrationId: 7, onconnected });
    await fireEvent.click(screen.getByRole("button", { name: "Ligar" }));
    expect(problem("channel")).toBeTruthy();

    await fireEvent.input(screen.getByLabelText("Canal"), { target: { value: "ch_loja" } });
    expect(problem("channel")).toBeUndefined();
    expect(problem("relay_url")).toBeTruthy();

    await fireEvent.input(screen.getByLabelText("Endereço do relay"), { target: { value: "https://relay.exemplo.com.br" } });
    await fireEvent.input(screen.getByLabelText("Token de leitura"), { target: { value: "leitura" } });
    await fireEvent.input(screen.getByLabelText("Segredo de ingestão"), { target: { value: "segredo" } });
    await fireEvent.click(screen.getByRole("button", { name: "Ligar" }));

    await vi.waitFor(() => expect(onconnected).toHaveBeenCalled());
    expect(sent.map((call) => call.cmd)).toEqual(["connect_relay"]);
  });
});
