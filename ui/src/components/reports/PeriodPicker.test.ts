// PeriodPicker: the presets set both months (São Paulo's today, fixed here), the month
// pickers speak pt-BR and set YYYY-MM, and a reversed period marks both pickers.
import { fireEvent, render, screen } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import PeriodPickerHost from "./PeriodPickerHost.test.svelte";

const midMarch = new Date("2026-03-15T12:00:00Z");

function select(label: string): HTMLSelectElement {
  return screen.getByLabelText<HTMLSelectElement>(label);
}

describe("PeriodPicker", () => {
  it("shows the months by their pt-BR names and the chosen month and year", () => {
    render(PeriodPickerHost, { from: "2025-04", to: "2026-03", today: midMarch });

    const months = [...select("De: mês").options].map((o) => o.textContent);
    expect(months).toEqual([
      "janeiro", "fevereiro", "março", "abril", "maio", "junho",
      "julho", "agosto", "setembro", "outubro", "novembro", "dezembro",
    ]);
    expect(select("De: mês").selectedOptions[0].textContent).toBe("abril");
    expect(select("De: ano").value).toBe("2025");
    expect(select("Até: mês").selectedOptions[0].textContent).toBe("março");
    expect(select("Até: ano").value).toBe("2026");
    expect(screen.getByRole("button", { name: "Últimos 12 meses" }).getAttribute("aria-pressed")).toBe("true");
  });

  it("a preset sets both months and is shown as pressed", async () => {
    render(PeriodPickerHost, { from: "2025-04", to: "2026-03", today: midMarch });

    await fireEvent.click(screen.getByRole("button", { name: "Mês passado" }));

    expect(screen.getByTestId("period").textContent).toBe("2026-02 a 2026-02");
    expect(screen.getByRole("button", { name: "Mês passado" }).getAttribute("aria-pressed")).toBe("true");
    expect(screen.getByRole("button", { name: "Últimos 12 meses" }).getAttribute("aria-pressed")).toBe("false");

    await fireEvent.click(screen.getByRole("button", { name: "Este ano" }));
    expect(screen.getByTestId("period").textContent).toBe("2026-01 a 2026-03");
  });

  it("choosing a month or a year changes only that part, and a reversed period marks both pickers", async () => {
    render(PeriodPickerHost, { from: "2026-01", to: "2026-03", today: midMarch });
    expect(select("De: mês").getAttribute("aria-invalid")).toBeNull();

    await fireEvent.change(select("De: mês"), { target: { value: "5" } });
    expect(screen.getByTestId("period").textContent).toBe("2026-05 a 2026-03");
    for (const label of ["De: mês", "De: ano", "Até: mês", "Até: ano"]) {
      expect(select(label).getAttribute("aria-invalid")).toBe("true");
    }

    await fireEvent.change(select("De: ano"), { target: { value: "2025" } });
    expect(screen.getByTestId("period").textContent).toBe("2025-05 a 2026-03");
    expect(select("De: mês").getAttribute("aria-invalid")).toBeNull();
    expect(screen.getByRole("group", { name: "Períodos prontos" }).querySelector("[aria-pressed=true]")).toBeNull();
  });
});
