// The Registros view's pure parts: pt-BR levels and São Paulo times, the query its
// filters make, and merging live lines into the page.
import { describe, expect, it } from "vitest";
import type { LogLine } from "./bindings";
import { formatLogTime, logLevelLabel, mergeNewest, queryOf } from "./logs";

const line = (at: string, message: string, program = "ponte-desktop"): LogLine => ({
  at,
  level: "info",
  target: "ponte_core::sync",
  integration_id: null,
  integration: null,
  message,
  program,
});

describe("logs", () => {
  it("reads levels in pt-BR and times in São Paulo with seconds", () => {
    expect(logLevelLabel("error")).toBe("erro");
    expect(logLevelLabel("warn")).toBe("aviso");
    expect(logLevelLabel("info")).toBe("info");
    expect(logLevelLabel("debug")).toBe("depuração");
    expect(logLevelLabel(null)).toBe("—");
    expect(formatLogTime("2026-12-06T07:26:40.123456Z")).toBe("06/12/2026 04:26:40");
    expect(formatLogTime("2026-01-01T02:59:59.000000Z")).toBe("31/12/2025 23:59:59");
    expect(formatLogTime("não é data")).toBe("não é data");
  });

  it("makes a query of the filters, an empty choice filtering nothing", () => {
    expect(queryOf({ level: "", integrationId: null, text: "   " })).toEqual({
      level: null,
      integration_id: null,
      text: null,
      limit: 500,
    });
    expect(queryOf({ level: "warn", integrationId: 3, text: " Webhook " })).toEqual({
      level: "warn",
      integration_id: 3,
      text: "Webhook",
      limit: 500,
    });
  });

  it("puts live lines on top, newest first, without repeats and capped", () => {
    const page = [line("2026-12-06T10:00:01.000000Z", "b"), line("2026-12-06T10:00:00.000000Z", "a")];
    const batch = [
      line("2026-12-06T10:00:01.000000Z", "b"),
      line("2026-12-06T10:00:02.000000Z", "c"),
      line("2026-12-06T10:00:03.000000Z", "d", "ponte-cli"),
    ];
    expect(mergeNewest(page, batch).map((l) => l.message)).toEqual(["d", "c", "b", "a"]);
    expect(mergeNewest(page, batch, 3).map((l) => l.message)).toEqual(["d", "c", "b"]);
  });
});
