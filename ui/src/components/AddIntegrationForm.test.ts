// AddIntegrationForm: tokens kept in password fields, "Testar conexão" and "Adicionar" over mocked IPC.
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, render, screen } from "@testing-library/svelte";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ConnectionCheck, IntegrationDraft, IpcError } from "../lib/bindings";
import { makeIntegration } from "../test/fixtures";
import AddIntegrationForm from "./AddIntegrationForm.svelte";

const invalidCredentials: IpcError = {
  code: "invalid_credentials",
  message: "Credenciais inválidas: o Gestão Click recusou os tokens. Confira-os em Configurações › API.",
};

function field(name: string): HTMLInputElement {
  const input = document.querySelector<HTMLInputElement>(`input[name="${name}"]`);
  if (!input) throw new Error(`no input named ${name}`);
  return input;
}

async function fillTokens(): Promise<void> {
  await fireEvent.input(field("access_token"), { target: { value: "acesso-123" } });
  await fireEvent.input(field("secret_access_token"), { target: { value: "segredo-456" } });
}

/** Answers `command` with `reply` and records every command the form sends. */
function answer(command: string, reply: (args: Record<string, unknown>) => unknown) {
  const calls: { cmd: string; args: Record<string, unknown> }[] = [];
  mockIPC((cmd, args) => {
    const payload = (args ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args: payload });
    if (cmd === command) return reply(payload);
    throw new Error(`unexpected command ${cmd}`);
  });
  return calls;
}

afterEach(() => {
  clearMocks();
});

describe("AddIntegrationForm", () => {
  it("keeps both tokens in password fields", () => {
    render(AddIntegrationForm, { onadded: vi.fn() });
    expect(screen.getByLabelText("Access token").getAttribute("type")).toBe("password");
    expect(screen.getByLabelText("Secret access token").getAttribute("type")).toBe("password");
    expect(screen.getByLabelText("Nome").getAttribute("type")).toBeNull();
  });

  it("sends the draft to test_draft and shows the connection's pt-BR message", async () => {
    const check: ConnectionCheck = { lojas: ["Matriz", "Filial"], message: "Conexão OK: 2 lojas encontradas." };
    const calls = answer("test_draft", () => check);
    render(AddIntegrationForm, { onadded: vi.fn() });
    await fillTokens();

    await fireEvent.click(screen.getByRole("button", { name: "Testar conexão" }));

    const result = await screen.findByTestId("connection-result");
    expect(result.textContent).toBe("Conexão OK: 2 lojas encontradas.");
    expect(result.classList.contains("ok")).toBe(true);
    const draft: IntegrationDraft = {
      name: "Gestão Click",
      access_token: "acesso-123",
      secret_access_token: "segredo-456",
      base_url: null,
    };
    expect(calls).toEqual([{ cmd: "test_draft", args: { draft } }]);
  });

  it("shows the core's pt-BR message when the tokens are refused", async () => {
    answer("test_draft", () => Promise.reject(invalidCredentials));
    render(AddIntegrationForm, { onadded: vi.fn() });
    await fillTokens();

    await fireEvent.click(screen.getByTestId("test-draft"));

    const result = await screen.findByTestId("connection-result");
    expect(result.textContent).toBe(invalidCredentials.message);
    expect(result.classList.contains("error")).toBe(true);
    expect(screen.getByLabelText<HTMLInputElement>("Access token").value).toBe("acesso-123");
  });

  it("does not test a draft with empty tokens: says in pt-BR what to fill and focuses the first", async () => {
    const calls = answer("test_draft", () => ({ lojas: [], message: "Conexão OK." }) satisfies ConnectionCheck);
    render(AddIntegrationForm, { onadded: vi.fn() });

    await fireEvent.click(screen.getByTestId("test-draft"));

    expect(calls).toEqual([]);
    const access = field("access_token");
    expect(access.getAttribute("aria-invalid")).toBe("true");
    expect(document.getElementById(access.getAttribute("aria-describedby") ?? "")?.textContent).toBe(
      "Informe o access token do Gestão Click",
    );
    expect(field("secret_access_token").getAttribute("aria-invalid")).toBe("true");
    expect(field("name").getAttribute("aria-invalid")).toBeNull();
    expect(document.activeElement).toBe(access);
    expect(screen.getByRole("form", { name: "Adicionar Gestão Click" }).hasAttribute("novalidate")).toBe(true);
  });

  it("does not add with an empty name or a base URL that is not http(s); the message goes once fixed", async () => {
    const calls = answer("add_integration", () => makeIntegration());
    render(AddIntegrationForm, { onadded: vi.fn() });
    await fillTokens();
    await fireEvent.input(field("name"), { target: { value: "  " } });
    await fireEvent.input(field("base_url"), { target: { value: "api.gestaoclick.com" } });

    await fireEvent.submit(screen.getByRole("form", { name: "Adicionar Gestão Click" }));

    expect(calls).toEqual([]);
    expect(screen.getByText("Informe um nome para a integração")).toBeTruthy();
    expect(screen.getByText("Informe uma URL começando com https://")).toBeTruthy();
    expect(document.activeElement).toBe(field("name"));

    await fireEvent.input(field("name"), { target: { value: "Loja Sul" } });
    expect(screen.queryByText("Informe um nome para a integração")).toBeNull();
    expect(field("name").getAttribute("aria-invalid")).toBeNull();
  });

  it("wraps an unexpected failure in a message that points to the logs", async () => {
    answer("test_draft", () => {
      throw new Error("IPC quebrou");
    });
    render(AddIntegrationForm, { onadded: vi.fn() });
    await fillTokens();

    await fireEvent.click(screen.getByTestId("test-draft"));

    expect((await screen.findByTestId("connection-result")).textContent).toBe(
      "Erro inesperado: IPC quebrou. Veja os logs da Ponte.",
    );
  });

  it("sends the advanced base URL, and leaves it null when blank", async () => {
    const calls = answer("test_draft", () => ({ lojas: [], message: "Conexão OK." }) satisfies ConnectionCheck);
    render(AddIntegrationForm, { onadded: vi.fn() });
    await fillTokens();
    await fireEvent.input(field("base_url"), { target: { value: "http://localhost:8080" } });

    await fireEvent.click(screen.getByTestId("test-draft"));
    await screen.findByTestId("connection-result");

    expect((calls[0].args.draft as IntegrationDraft).base_url).toBe("http://localhost:8080");
  });

  it("disables both buttons while the test is running and clears the previous result", async () => {
    let finish: (check: ConnectionCheck) => void = () => {};
    answer("test_draft", () => new Promise<ConnectionCheck>((resolve) => (finish = resolve)));
    render(AddIntegrationForm, { onadded: vi.fn() });
    await fillTokens();
    const testButton = screen.getByTestId("test-draft") as HTMLButtonElement;
    const addButton = screen.getByRole("button", { name: "Adicionar" }) as HTMLButtonElement;

    await fireEvent.click(testButton);
    expect([testButton.disabled, addButton.disabled]).toEqual([true, true]);
    expect(screen.queryByTestId("connection-result")).toBeNull();

    finish({ lojas: [], message: "Conexão OK." });
    await screen.findByTestId("connection-result");
    expect([testButton.disabled, addButton.disabled]).toEqual([false, false]);
  });

  it("adds the integration, clears the tokens and tells the parent", async () => {
    const added = makeIntegration({
      id: 3,
      name: "Loja Norte",
      credential_ref: "ponte:3",
      schedule_interval_minutes: null,
      created_at: "2026-11-23T13:00:00Z",
    });
    const calls = answer("add_integration", () => added);
    const onadded = vi.fn();
    render(AddIntegrationForm, { onadded });
    await fireEvent.input(field("name"), { target: { value: "Loja Norte" } });
    await fillTokens();

    await fireEvent.submit(screen.getByRole("form", { name: "Adicionar Gestão Click" }));

    expect((await screen.findByTestId("connection-result")).textContent).toBe(
      "Integração “Loja Norte” adicionada. Os tokens ficaram no chaveiro do sistema.",
    );
    expect(calls.map((c) => c.cmd)).toEqual(["add_integration"]);
    expect((calls[0].args.draft as IntegrationDraft).name).toBe("Loja Norte");
    expect(onadded).toHaveBeenCalledOnce();
    expect([field("access_token").value, field("secret_access_token").value]).toEqual(["", ""]);
  });

  it("keeps the tokens and does not tell the parent when adding fails", async () => {
    answer("add_integration", () => Promise.reject(invalidCredentials));
    const onadded = vi.fn();
    render(AddIntegrationForm, { onadded });
    await fillTokens();

    await fireEvent.submit(screen.getByRole("form", { name: "Adicionar Gestão Click" }));

    expect((await screen.findByTestId("connection-result")).textContent).toBe(invalidCredentials.message);
    expect(onadded).not.toHaveBeenCalled();
    expect(field("access_token").value).toBe("acesso-123");
  });
});
