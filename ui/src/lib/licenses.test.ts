// Sobre's licence groups: by licence with the most used first, searched by package name or
// licence ignoring accents and case, and the committed listing with nothing dropped.
import { describe, expect, it } from "vitest";
import listing from "./licenses.json";
import { bundledPackages, groupByLicense, packagesOf } from "./licenses";

const packages = packagesOf({
  rust: [
    { name: "serde", version: "1.0.0", license: "Apache-2.0 OR MIT" },
    { name: "ring", version: "0.17.0", license: "Apache-2.0 AND ISC" },
    { name: "anyhow", version: "1.0.0", license: "Apache-2.0 OR MIT" },
  ],
  npm: [{ name: "chart.js", version: "4.6.1", license: "MIT" }],
});

describe("licence groups", () => {
  it("groups by licence, the most used first, and counts each group", () => {
    const groups = groupByLicense(packages, "");
    expect(groups.map((g) => [g.license, g.packages.length])).toEqual([
      ["Apache-2.0 OR MIT", 2],
      ["Apache-2.0 AND ISC", 1],
      ["MIT", 1],
    ]);
    expect(groups[0].packages.map((p) => p.name)).toEqual(["anyhow", "serde"]);
    expect(groups[2].packages[0].ecosystem).toBe("npm");
  });

  it("finds a package by name or licence, ignoring case", () => {
    expect(groupByLicense(packages, "CHART").map((g) => g.license)).toEqual(["MIT"]);
    expect(groupByLicense(packages, "isc").flatMap((g) => g.packages.map((p) => p.name))).toEqual(["ring"]);
    expect(groupByLicense(packages, "nenhum")).toEqual([]);
  });

  it("lists every package of the committed listing", () => {
    expect(bundledPackages).toHaveLength(listing.rust.length + listing.npm.length);
    const grouped = groupByLicense(bundledPackages, "").reduce((n, g) => n + g.packages.length, 0);
    expect(grouped).toBe(bundledPackages.length);
    expect(bundledPackages.some((p) => p.name === "svelte" && p.ecosystem === "npm")).toBe(true);
  });
});
