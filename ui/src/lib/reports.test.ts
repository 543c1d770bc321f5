import { describe, expect, it } from "vitest";
import { addMonths, formatAccounting, formatChange, formatPercent, formatScaled, lastTwelveMonths, monthLabel, monthSpan, periodProblem } from "./reports";

describe("report formatting", () => {
  it("writes negatives in parentheses and percentages with a decimal comma", () => {
    expect(formatAccounting(123456)).toBe("R$ 1.234,56");
    expect(formatAccounting(-40000)).toBe("(R$ 400,00)");
    expect(formatPercent(0.125)).toBe("12,5%");
    expect(formatPercent(-0.5)).toBe("-50,0%");
    expect(formatPercent(null)).toBe("—");
    expect(formatPercent(229.23)).toBe("22.923,0%");
    expect(formatPercent(-19)).toBe("-1.900,0%");
    expect(formatPercent(Number.NaN)).toBe("—");
    expect(formatScaled(1234567, 0)).toBe("1.234.567");
    expect(formatScaled(2500, 3)).toBe("2,5");
    expect(formatScaled(-12000, 3)).toBe("-12");
  });

  it("signs a change and leaves a withheld one as a dash", () => {
    expect(formatChange(0.2)).toBe("+20,0%");
    expect(formatChange(19)).toBe("+1.900,0%");
    expect(formatChange(-0.125)).toBe("-12,5%");
    expect(formatChange(0)).toBe("0,0%");
    expect(formatChange(null)).toBe("—");
  });

  it("steps months across years and counts spans", () => {
    expect(addMonths("2026-01", -1)).toBe("2025-12");
    expect(addMonths("2025-12", 13)).toBe("2027-01");
    expect(monthSpan("2025-12", "2026-11")).toBe(12);
    expect(monthLabel("2026-03")).toBe("03/2026");
  });

  it("takes the current month in São Paulo, not in UTC", () => {
    // 02:00 UTC on 1 December is still 30 November in São Paulo.
    expect(lastTwelveMonths(new Date("2026-12-01T02:00:00Z"))).toEqual({ from: "2025-12", to: "2026-11" });
  });
});

describe("periodProblem", () => {
  it("accepts 1 to 24 months in order and says what is wrong otherwise", () => {
    expect(periodProblem("2026-01", "2026-01")).toBeNull();
    expect(periodProblem("2025-01", "2026-12")).toBeNull();
    expect(periodProblem("2026-02", "2026-01")).toBe("O mês inicial é depois do final; troque os meses.");
    expect(periodProblem("2024-01", "2026-01")).toContain("no máximo 24 meses");
    expect(periodProblem("", "2026-01")).toContain("Escolha");
  });
});
