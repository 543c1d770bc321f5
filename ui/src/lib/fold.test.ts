// fold(): accents and case do not matter to a search typed in the window.
import { describe, expect, it } from "vitest";
import { fold, foldedIncludes } from "./fold";

describe("fold", () => {
  it("drops accents and case", () => {
    expect(fold("Gonçalves")).toBe("goncalves");
    expect(fold("GONÇALVES")).toBe("goncalves");
    expect(fold("José Ávila Ñúñez")).toBe("jose avila nunez");
    expect(fold("ÉÊÈË ÃÕ Ü")).toBe("eeee ao u");
    expect(fold("Receita de vendas 3.1")).toBe("receita de vendas 3.1");
  });
});

describe("foldedIncludes", () => {
  it("finds a name whatever its accents and case", () => {
    expect(foldedIncludes("Serviços de Manutenção", "manutencao")).toBe(true);
    expect(foldedIncludes("Serviços de Manutenção", "SERVIÇOS")).toBe(true);
    expect(foldedIncludes("Serviços de Manutenção", "aluguel")).toBe(false);
  });
  it("matches everything for an empty search and nothing in an empty name", () => {
    expect(foldedIncludes("Água", "  ")).toBe(true);
    expect(foldedIncludes(null, "agua")).toBe(false);
  });
});
