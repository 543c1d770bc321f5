import { describe, expect, it } from "vitest";
import {
  formatBRL,
  formatCount,
  formatCountOf,
  formatDate,
  formatDecimal,
  formatDocumento,
  formatDuration,
  formatFromNow,
  formatInstant,
  formatOverdue,
  parseDateBR,
  runDuration,
} from "./format";

describe("formatDecimal", () => {
  it("groups thousands with dots and rounds to a decimal comma", () => {
    expect(formatDecimal(12.5, 1)).toBe("12,5");
    expect(formatDecimal(1234.5, 1)).toBe("1.234,5");
    expect(formatDecimal(22923.04, 1)).toBe("22.923,0");
    expect(formatDecimal(999.96, 1)).toBe("1.000,0");
    expect(formatDecimal(1234567, 0)).toBe("1.234.567");
  });
  it("signs negatives but not a value that rounds to zero, and refuses what is not a number", () => {
    expect(formatDecimal(-1900, 1)).toBe("-1.900,0");
    expect(formatDecimal(-0.04, 1)).toBe("0,0");
    expect(formatDecimal(Number.NaN, 1)).toBe("—");
    expect(formatDecimal(Number.POSITIVE_INFINITY, 1)).toBe("—");
  });
});

describe("formatBRL", () => {
  it("groups thousands with dots and uses a decimal comma", () => {
    expect(formatBRL(123456)).toBe("R$ 1.234,56");
    expect(formatBRL(100000000)).toBe("R$ 1.000.000,00");
  });
  it("handles small, zero and negative amounts", () => {
    expect(formatBRL(0)).toBe("R$ 0,00");
    expect(formatBRL(5)).toBe("R$ 0,05");
    expect(formatBRL(-123456)).toBe("-R$ 1.234,56");
  });
  it("is exact for large centavo amounts (no float rounding)", () => {
    expect(formatBRL(9007199254740991)).toBe("R$ 90.071.992.547.409,91");
  });
  it("refuses non-integers instead of rounding them silently", () => {
    expect(formatBRL(1.5)).toBe("—");
  });
});

describe("dates", () => {
  it("shows calendar dates as dd/mm/aaaa without a time-zone shift", () => {
    expect(formatDate("2026-01-01")).toBe("01/01/2026");
    expect(formatDate(null)).toBe("—");
  });
  it("shows UTC instants in São Paulo time", () => {
    // 02:30 UTC on the 1st is 23:30 on the previous day in São Paulo (UTC-3).
    expect(formatInstant("2026-11-01T02:30:00Z")).toBe("31/10/2026 23:30");
  });
  it("parses dd/mm/aaaa and rejects impossible dates", () => {
    expect(parseDateBR("05/03/2026")).toBe("2026-03-05");
    expect(parseDateBR("31/02/2026")).toBeNull();
    expect(parseDateBR("2026-03-05")).toBeNull();
  });
});

describe("durations and counts", () => {
  it("formats durations", () => {
    expect(formatDuration(45_000)).toBe("45 s");
    expect(formatDuration(125_000)).toBe("2 min 05 s");
    expect(formatDuration(3_720_000)).toBe("1 h 02 min");
    expect(runDuration("2026-11-23T10:00:00Z", "2026-11-23T10:00:18Z")).toBe("18 s");
    expect(runDuration("2026-11-23T10:00:00Z", null)).toBe("—");
  });
  it("formats counts and relative times", () => {
    expect(formatCount(22445)).toBe("22.445");
    const now = new Date("2026-11-23T10:00:00Z");
    expect(formatFromNow("2026-11-23T10:08:00Z", now)).toBe("em 8 min");
    expect(formatFromNow("2026-11-23T09:00:00Z", now)).toBe("em instantes");
  });

describe("formatCountOf", () => {
  it("uses the singular only for exactly one", () => {
    expect(formatCountOf(1, "registro", "registros")).toBe("1 registro");
    expect(formatCountOf(0, "registro", "registros")).toBe("0 registros");
    expect(formatCountOf(1234, "registro", "registros")).toBe("1.234 registros");
  });
});
});

describe("formatDocumento", () => {
  it("formats 11 digits as a CPF and 14 as a CNPJ", () => {
    expect(formatDocumento("12345678909")).toBe("123.456.789-09");
    expect(formatDocumento("12345678000195")).toBe("12.345.678/0001-95");
  });
  it("keeps an already formatted one, and fixes odd punctuation", () => {
    expect(formatDocumento("123.456.789-09")).toBe("123.456.789-09");
    expect(formatDocumento("12.345.678/0001-95")).toBe("12.345.678/0001-95");
    expect(formatDocumento("123456789-09")).toBe("123.456.789-09");
  });
  it("shows any other length or text as it came, and nothing for none", () => {
    expect(formatDocumento("1234567")).toBe("1234567");
    expect(formatDocumento("123456789012")).toBe("123456789012");
    expect(formatDocumento("RG 12.345")).toBe("RG 12.345");
    expect(formatDocumento(null)).toBe("");
  });
});

describe("formatOverdue", () => {
  it("says how many days late, singular for one", () => {
    expect(formatOverdue(12)).toBe("vencido há 12 dias");
    expect(formatOverdue(1)).toBe("vencido há 1 dia");
    expect(formatOverdue(1500)).toBe("vencido há 1.500 dias");
  });
});
