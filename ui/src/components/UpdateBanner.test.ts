// The app-wide update banner: shown when the shell announces a newer version (the
// `update-offered` event), with its notes and "Instalar e reiniciar" behind a
// confirmation; "Depois" hides it until another version is offered.
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, render, screen } from "@testing-library/svelte";
import { tick } from "svelte";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { UpdateOffer } from "../lib/bindings";
import { updates } from "../lib/updates.svelte";
import UpdateBanner from "./UpdateBanner.svelte";

const offer: UpdateOffer = {
  version: "0.2.0",
  installed_version: "0.1.0",
  notes: "Relatórios mais rápidos.",
  pub_date: null,
};

beforeAll(() => {
  HTMLDialogElement.prototype.showModal ??= function (this: HTMLDialogElement) {
    this.open = true;
  };
  HTMLDialogElement.prototype.close ??= function (this: HTMLDialogElement) {
    this.open = false;
  };
});

afterEach(() => {
  clearMocks();
  updates.offered(null);
  updates.dismissedVersion = null;
});

describe("UpdateBanner", () => {
  it("is not there until a version is offered", async () => {
    render(UpdateBanner);
    expect(screen.queryByTestId("update-banner")).toBeNull();
    updates.offered(offer);
    await tick();
    const banner = screen.getByTestId("update-banner");
    expect(banner.textContent).toContain("Nova versão 0.2.0 disponível");
    expect(banner.textContent).toContain("Relatórios mais rápidos.");
  });

  it("installs after the confirmation", async () => {
    const calls: string[] = [];
    mockIPC((cmd) => {
      calls.push(cmd);
      if (cmd === "update_install") return null;
      throw new Error(`unexpected command ${cmd}`);
    });
    updates.offered(offer);
    render(UpdateBanner);
    await fireEvent.click(screen.getByTestId("update-install"));
    expect(calls).toEqual([]);
    await fireEvent.click(screen.getByTestId("update-confirm-button"));
    await screen.findByTestId("update-installing");
    expect(calls).toEqual(["update_install"]);
  });

  it("hides on Depois until another version is offered", async () => {
    updates.offered(offer);
    render(UpdateBanner);
    await fireEvent.click(screen.getByTestId("update-later"));
    expect(screen.queryByTestId("update-banner")).toBeNull();
    updates.offered({ ...offer });
    await tick();
    expect(screen.queryByTestId("update-banner")).toBeNull();
    updates.offered({ ...offer, version: "0.3.0" });
    await tick();
    expect(screen.getByTestId("update-banner").textContent).toContain("Nova versão 0.3.0 disponível");
  });
});
