// AddCoinzzForm: no tokens, only a name; the relay account must be set first; after adding,
// the steps for Coinzz's panel with the channel's URL and its copy button. Mocked IPC.
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, render, screen } from "@testing-library/svelte";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { AddedWebhookIntegration, IpcError, RelayAccountStatus } from "../lib/bindings";
import { makeIntegration } from "../test/fixtures";
import AddCoinzzForm from "./AddCoinzzForm.svelte";

const ready: RelayAccountStatus = { relay_url: "https://relay.exemplo.com.br", token_saved: true };
const url = "https://relay.exemplo.com.br/hooks/ch_abc/segredo-na-url";

const added: AddedWebhookIntegration = {
  integration: makeIntegration({ id: 9, provider: "coinzz", name: "Coinzz Loja", base_url: "", schedule_interval_minutes: null, realtime_only: true }),
  webhook: { url, secret: "segredo-na-url", auth_mode: "url_token" },
};

/** Answers the relay account with `account` and the add with `reply`, recording the calls. */
function answer(account: RelayAccountStatus, reply: () => unknown) {
  const calls: { cmd: string; args: Record<string, unknown> }[] = [];
  mockIPC((cmd, args) => {
    calls.push({ cmd, args: (args ?? {}) as Record<string, unknown> });
    if (cmd === "relay_account") return account;
    if (cmd === "add_webhook_integration") return reply();
    throw new Error(`unexpected command ${cmd}`);
  });
  return calls;
}

afterEach(() => {
  clearMocks();
});

describe("AddCoinzzForm", () => {
  it("asks for no token, and says where the channel will be opened", async () => {
    answer(ready, () => added);
    render(AddCoinzzForm, { onadded: vi.fn() });

    expect((await screen.findByTestId("relay-account-url")).textContent).toContain("https://relay.exemplo.com.br");
    expect(document.querySelectorAll('input[type="password"]')).toHaveLength(0);
    expect(screen.getByLabelText<HTMLInputElement>("Nome").value).toBe("Coinzz");
    expect(screen.getByTestId<HTMLButtonElement>("add-coinzz").disabled).toBe(false);
  });

  it("without a relay account, says where to set it and cannot submit", async () => {
    const calls = answer({ relay_url: null, token_saved: false }, () => added);
    render(AddCoinzzForm, { onadded: vi.fn() });

    const missing = await screen.findByTestId("relay-account-missing");
    expect(missing.textContent).toContain("Configurações › Relay de webhooks");
    expect(screen.getByTestId<HTMLButtonElement>("add-coinzz").disabled).toBe(true);
    expect(calls.map((call) => call.cmd)).toEqual(["relay_account"]);
  });

  it("adds Coinzz, tells the parent and shows the steps with the URL to copy", async () => {
    const calls = answer(ready, () => added);
    const onadded = vi.fn();
    render(AddCoinzzForm, { onadded });
    await screen.findByTestId("relay-account-url");
    await fireEvent.input(screen.getByLabelText("Nome"), { target: { value: "Coinzz Loja" } });

    await fireEvent.click(screen.getByTestId("add-coinzz"));

    const steps = await screen.findByTestId("coinzz-steps");
    expect(calls[1]).toEqual({ cmd: "add_webhook_integration", args: { draft: { provider: "coinzz", name: "Coinzz Loja" } } });
    expect(onadded).toHaveBeenCalledOnce();
    expect(steps.querySelectorAll("ol > li")).toHaveLength(4);
    expect(steps.textContent).toContain("não a compartilhe");
    expect(screen.getByTestId("coinzz-webhook-url").textContent).toBe(url);

    const writeText = vi.fn(() => Promise.resolve());
    Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true });
    await fireEvent.click(screen.getByTestId("copy-coinzz-url"));
    expect(writeText).toHaveBeenCalledWith(url);
    expect((await screen.findByTestId("copied")).textContent).toBe("URL copiada.");

    await fireEvent.click(screen.getByRole("button", { name: "Concluir" }));
    expect(screen.queryByTestId("coinzz-steps")).toBeNull();
    expect(screen.getByLabelText<HTMLInputElement>("Nome").value).toBe("Coinzz");
  });

  it("shows the core's pt-BR message when the relay refuses, and keeps the form", async () => {
    const rejected: IpcError = {
      code: "relay_account_rejected",
      message: "O relay recusou o token da conta. Confira o token em Configurações › Relay de webhooks; quem administra o relay o fornece.",
    };
    answer(ready, () => Promise.reject(rejected));
    const onadded = vi.fn();
    render(AddCoinzzForm, { onadded });
    await screen.findByTestId("relay-account-url");

    await fireEvent.click(screen.getByTestId("add-coinzz"));

    expect((await screen.findByTestId("add-coinzz-error")).textContent).toBe(rejected.message);
    expect(onadded).not.toHaveBeenCalled();
    expect(screen.queryByTestId("coinzz-steps")).toBeNull();
  });

  it("refuses an empty name with the app's pt-BR message, on the field, focused", async () => {
    const calls = answer(ready, () => added);
    render(AddCoinzzForm, { onadded: vi.fn() });
    await screen.findByTestId("relay-account-url");
    const name = screen.getByLabelText<HTMLInputElement>("Nome");
    await fireEvent.input(name, { target: { value: "" } });

    await fireEvent.click(screen.getByTestId("add-coinzz"));

    expect(calls.map((c) => c.cmd)).toEqual(["relay_account"]);
    expect(name.getAttribute("aria-invalid")).toBe("true");
    expect(document.getElementById(name.getAttribute("aria-describedby") ?? "")?.textContent).toBe(
      "Informe um nome para a integração",
    );
    expect(document.activeElement).toBe(name);
  });
});
