// lazy(): one load for any number of asks, the value itself once loaded, and a new try
// after a failed load.
import { describe, expect, it } from "vitest";
import { lazy } from "./lazy";

describe("lazy", () => {
  it("loads once, then hands back the value itself", async () => {
    let loads = 0;
    const get = lazy(async () => {
      loads += 1;
      return "tela";
    });
    const first = get();
    const again = get();
    expect(first).toBeInstanceOf(Promise);
    expect(again).toBe(first);
    expect(await first).toBe("tela");
    expect(get()).toBe("tela");
    expect(loads).toBe(1);
  });

  it("loads again after a failure", async () => {
    let loads = 0;
    const get = lazy(async () => {
      loads += 1;
      if (loads === 1) throw new Error("chunk ausente");
      return "tela";
    });
    await expect(get()).rejects.toThrow("chunk ausente");
    expect(await get()).toBe("tela");
    expect(get()).toBe("tela");
    expect(loads).toBe(2);
  });
});
