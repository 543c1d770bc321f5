// The sources line of Relatórios: what counts and what is left out, by name and provider
// (named once), as two sentences.
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { render, screen } from "@testing-library/svelte";
import { afterEach, describe, expect, it } from "vitest";
import { makeIntegration } from "../../test/fixtures";
import ReportSources from "./ReportSources.svelte";

describe("ReportSources", () => {
  afterEach(() => clearMocks());

  it("names the integrations counted and the ones left out", async () => {
    mockIPC((cmd) => {
      if (cmd !== "list_integrations") throw new Error(`unexpected ${cmd}`);
      return [
        makeIntegration({ id: 1, name: "Loja Centro" }),
        makeIntegration({ id: 2, name: "Pedidos online", provider: "coinzz", include_in_reports: false, realtime_only: true }),
      ];
    });
    render(ReportSources);
    const line = await screen.findByTestId("report-sources");
    expect(line.textContent).toContain("Fontes nos relatórios: Loja Centro (Gestão Click).");
    expect(line.textContent).toContain("Fora dos relatórios: Pedidos online (Coinzz)");
  });

  it("names a provider once and keeps a space between the sentences", async () => {
    mockIPC((cmd) => {
      if (cmd !== "list_integrations") throw new Error(`unexpected ${cmd}`);
      return [
        makeIntegration({ id: 1, name: "Gestão Click (demonstração)" }),
        makeIntegration({ id: 2, name: "Loja Centro" }),
        makeIntegration({ id: 3, name: "Coinzz Loja", provider: "coinzz", include_in_reports: false, realtime_only: true }),
      ];
    });
    render(ReportSources);
    const line = await screen.findByTestId("report-sources");
    expect(line.textContent).toBe(
      "Fontes nos relatórios: Gestão Click (demonstração), Loja Centro (Gestão Click). Fora dos relatórios: Coinzz Loja — mude em Integrações.",
    );
  });
});
