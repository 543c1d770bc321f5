// RelayAccountSettings: the token in a password field that never comes back; a blank token
// keeps the saved one (sent as null); the demo's local relay is shown, not edited. Mocked IPC.
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, render, screen } from "@testing-library/svelte";
import { afterEach, describe, expect, it } from "vitest";
import type { IpcError, RelayAccountStatus } from "../lib/bindings";
import RelayAccountSettings from "./RelayAccountSettings.svelte";

function answer(account: RelayAccountStatus, save: (args: Record<string, unknown>) => unknown) {
  const calls: { cmd: string; args: Record<string, unknown> }[] = [];
  mockIPC((cmd, args) => {
    const payload = (args ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args: payload });
    if (cmd === "relay_account") return account;
    if (cmd === "set_relay_account") return save(payload);
    throw new Error(`unexpected command ${cmd}`);
  });
  return calls;
}

function field(name: string): HTMLInputElement {
  const input = document.querySelector<HTMLInputElement>(`input[name="${name}"]`);
  if (!input) throw new Error(`no input named ${name}`);
  return input;
}

afterEach(() => {
  clearMocks();
});

describe("RelayAccountSettings", () => {
  it("saves the address and the token, then clears the token field", async () => {
    const calls = answer({ relay_url: null, token_saved: false }, () => ({ relay_url: "https://relay.exemplo.com.br", token_saved: true }));
    render(RelayAccountSettings, { demo: false });
    await screen.findByLabelText("Endereço do relay");
    expect(field("relay_account_token").type).toBe("password");
    expect(field("relay_account_token").required).toBe(true);

    await fireEvent.input(field("relay_account_url"), { target: { value: "https://relay.exemplo.com.br/" } });
    await fireEvent.input(field("relay_account_token"), { target: { value: "conta-123" } });
    await fireEvent.submit(field("relay_account_url").form!);

    expect((await screen.findByTestId("relay-account-result")).textContent).toContain("chaveiro");
    expect(calls[1]).toEqual({ cmd: "set_relay_account", args: { relayUrl: "https://relay.exemplo.com.br/", token: "conta-123" } });
    expect(field("relay_account_token").value).toBe("");
    expect(field("relay_account_url").value).toBe("https://relay.exemplo.com.br");
    expect(field("relay_account_token").required).toBe(false);
  });

  it("with a token saved, a blank token keeps it (null)", async () => {
    const saved: RelayAccountStatus = { relay_url: "https://relay.exemplo.com.br", token_saved: true };
    const calls = answer(saved, () => saved);
    render(RelayAccountSettings, { demo: false });
    await screen.findByLabelText("Endereço do relay");
    expect(field("relay_account_url").value).toBe("https://relay.exemplo.com.br");
    expect(field("relay_account_token").placeholder).toContain("deixe em branco para manter");

    await fireEvent.submit(field("relay_account_url").form!);

    await screen.findByTestId("relay-account-result");
    expect(calls[1].args).toEqual({ relayUrl: "https://relay.exemplo.com.br", token: null });
  });

  it("shows the core's pt-BR message when it refuses what passed the form's checks", async () => {
    const invalid: IpcError = {
      code: "invalid_input",
      message: "Valor inválido em endereço do relay: \"https://relay\" não é um endereço; use o do relay, como https://relay.exemplo.com.br",
    };
    answer({ relay_url: null, token_saved: false }, () => Promise.reject(invalid));
    render(RelayAccountSettings, { demo: false });
    await screen.findByLabelText("Endereço do relay");
    await fireEvent.input(field("relay_account_url"), { target: { value: "https://relay" } });
    await fireEvent.input(field("relay_account_token"), { target: { value: "x" } });

    await fireEvent.submit(field("relay_account_url").form!);

    const result = await screen.findByTestId("relay-account-result");
    expect(result.textContent).toBe(invalid.message);
    expect(result.classList.contains("error")).toBe(true);
  });

  it("in the demo, names the local relay and offers nothing to edit", async () => {
    answer({ relay_url: "http://127.0.0.1:41234", token_saved: true }, () => {
      throw new Error("the demo's account is not edited");
    });
    render(RelayAccountSettings, { demo: true });

    expect((await screen.findByText(/127\.0\.0\.1:41234/)).dataset.testid).toBe("relay-account-demo");
    expect(document.querySelector("form")).toBeNull();
  });

  it("says in pt-BR what is missing or wrong, focuses the first such field and saves nothing", async () => {
    const calls = answer({ relay_url: null, token_saved: false }, () => ({ relay_url: null, token_saved: false }));
    render(RelayAccountSettings, { demo: false });
    await screen.findByLabelText("Endereço do relay");

    await fireEvent.submit(field("relay_account_url").form!);

    expect(screen.getByText("Informe o endereço do relay, como https://relay.exemplo.com.br")).toBeTruthy();
    expect(screen.getByText("Informe o token da conta do relay")).toBeTruthy();
    expect(document.activeElement).toBe(field("relay_account_url"));

    await fireEvent.input(field("relay_account_url"), { target: { value: "relay.exemplo.com.br" } });
    await fireEvent.input(field("relay_account_token"), { target: { value: "conta-123" } });
    await fireEvent.submit(field("relay_account_url").form!);

    expect(field("relay_account_url").getAttribute("aria-invalid")).toBe("true");
    expect(screen.getByText("Informe uma URL começando com https://")).toBeTruthy();
    expect(field("relay_account_token").getAttribute("aria-invalid")).toBeNull();
    expect(calls.map((c) => c.cmd)).toEqual(["relay_account"]);
  });
});
