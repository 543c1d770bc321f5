// The ready-made periods, counted from fixed "today"s in São Paulo, and the month picker's
// pure steps (its years, replacing a month or a year).
import { describe, expect, it } from "vitest";
import { PERIOD_PRESETS, pickerYears, presetOf, presetPeriod, withMonth, withYear } from "./periods";

const midMarch = new Date("2026-03-15T12:00:00Z");
/** 02:00 UTC on 1 January is still 31 December, 23:00, in São Paulo. */
const newYearsNightUtc = new Date("2026-01-01T02:00:00Z");
const earlyJanuary = new Date("2026-01-10T12:00:00Z");

describe("presetPeriod", () => {
  it("counts each preset from today's month in São Paulo", () => {
    expect(presetPeriod("this_month", midMarch)).toEqual({ from: "2026-03", to: "2026-03" });
    expect(presetPeriod("last_month", midMarch)).toEqual({ from: "2026-02", to: "2026-02" });
    expect(presetPeriod("this_year", midMarch)).toEqual({ from: "2026-01", to: "2026-03" });
    expect(presetPeriod("last_twelve_months", midMarch)).toEqual({ from: "2025-04", to: "2026-03" });
  });

  it("reads the day in São Paulo, not in UTC", () => {
    expect(presetPeriod("this_month", newYearsNightUtc)).toEqual({ from: "2025-12", to: "2025-12" });
    expect(presetPeriod("this_year", newYearsNightUtc)).toEqual({ from: "2025-01", to: "2025-12" });
  });

  it("crosses the year back in January", () => {
    expect(presetPeriod("last_month", earlyJanuary)).toEqual({ from: "2025-12", to: "2025-12" });
    expect(presetPeriod("this_year", earlyJanuary)).toEqual({ from: "2026-01", to: "2026-01" });
    expect(presetPeriod("last_twelve_months", earlyJanuary)).toEqual({ from: "2025-02", to: "2026-01" });
  });

  it("names the presets the way Conta Azul users expect", () => {
    expect(PERIOD_PRESETS.map((p) => p.label)).toEqual(["Este mês", "Mês passado", "Este ano", "Últimos 12 meses"]);
  });
});

describe("presetOf", () => {
  it("recognises a preset's period and nothing else", () => {
    expect(presetOf({ from: "2025-04", to: "2026-03" }, midMarch)).toBe("last_twelve_months");
    expect(presetOf({ from: "2026-02", to: "2026-02" }, midMarch)).toBe("last_month");
    expect(presetOf({ from: "2026-02", to: "2026-03" }, midMarch)).toBeNull();
  });

  it("prefers the first preset when two give the same months (January: este mês and este ano)", () => {
    expect(presetOf({ from: "2026-01", to: "2026-01" }, earlyJanuary)).toBe("this_month");
  });
});

describe("month picker steps", () => {
  it("offers ten years back to the next one, widened to the shown month", () => {
    expect(pickerYears("2026-03", midMarch)).toEqual([2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026, 2027]);
    expect(pickerYears("2010-05", midMarch)[0]).toBe(2010);
    expect(pickerYears("2030-05", midMarch).at(-1)).toBe(2030);
  });

  it("replaces the month or the year of a YYYY-MM", () => {
    expect(withMonth("2026-03", 11)).toBe("2026-11");
    expect(withMonth("2026-11", 1)).toBe("2026-01");
    expect(withYear("2026-03", 2024)).toBe("2024-03");
  });
});
