// ReportLoader: a wrong form or a refused request clears the previous answer, so no table
// stays on screen under an error about another question; a late answer never wins.
import { describe, expect, it } from "vitest";
import { AppError } from "./api";
import { ReportLoader } from "./report-loader.svelte";

describe("ReportLoader", () => {
  it("drops the previous answer when the form is wrong", async () => {
    const loader = new ReportLoader<{ month: string }, string>(async (asked) => `tabela de ${asked.month}`);
    await loader.ask({ month: "2026-01" });
    expect([loader.value, loader.error]).toEqual(["tabela de 2026-01", null]);

    await loader.ask("O mês inicial é depois do final; troque os meses.");
    expect(loader.value).toBeNull();
    expect(loader.error).toBe("O mês inicial é depois do final; troque os meses.");
  });

  it("drops the previous answer when the core refuses the request", async () => {
    const loader = new ReportLoader<number, string>(async (asked) => {
      if (asked < 0) throw new AppError({ code: "invalid_input", message: "Valor inválido em período: de 02/2026 a 01/2026" });
      return `tabela ${asked}`;
    });
    await loader.ask(1);
    expect(loader.value).toBe("tabela 1");

    await loader.ask(-1);
    expect(loader.value).toBeNull();
    expect(loader.error).toBe("Valor inválido em período: de 02/2026 a 01/2026");

    await loader.ask(2);
    expect([loader.value, loader.error]).toEqual(["tabela 2", null]);
  });

  it("keeps only the newest answer when an older one arrives late", async () => {
    const pending: ((answer: string) => void)[] = [];
    const loader = new ReportLoader<number, string>(() => new Promise((resolve) => pending.push(resolve)));
    const first = loader.ask(1);
    const second = loader.ask(2);
    pending[1]("tabela 2");
    await second;
    pending[0]("tabela 1");
    await first;
    expect(loader.value).toBe("tabela 2");
  });
});
