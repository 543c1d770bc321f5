// The licences Sobre lists: the packages of ui/src/lib/licenses.json (written by
// scripts/dev/licenses.sh from Cargo.lock and ui/node_modules), grouped by licence and
// filtered by what the operator types.
import listing from "./licenses.json";
import { fold, foldedIncludes } from "./fold";

export type Ecosystem = "rust" | "npm";
export type BundledPackage = { name: string; version: string; license: string; ecosystem: Ecosystem };
export type LicenseGroup = { license: string; packages: BundledPackage[] };

type Listing = { rust: Omit<BundledPackage, "ecosystem">[]; npm: Omit<BundledPackage, "ecosystem">[] };

/** Every package of a listing, Rust crates first, each tagged with where it comes from. */
export function packagesOf(source: Listing): BundledPackage[] {
  return [
    ...source.rust.map((p) => ({ ...p, ecosystem: "rust" as const })),
    ...source.npm.map((p) => ({ ...p, ecosystem: "npm" as const })),
  ];
}

export const bundledPackages: BundledPackage[] = packagesOf(listing);

/** The packages whose name or licence contains `query` (accents and case ignored), grouped
 *  by licence: the most used licence first, ties by name; packages by name within. */
export function groupByLicense(packages: BundledPackage[], query: string): LicenseGroup[] {
  const groups = new Map<string, BundledPackage[]>();
  for (const p of packages) {
    if (!foldedIncludes(p.name, query) && !foldedIncludes(p.license, query)) continue;
    groups.set(p.license, [...(groups.get(p.license) ?? []), p]);
  }
  const byName = (a: string, b: string) => fold(a).localeCompare(fold(b), "pt-BR");
  return [...groups]
    .map(([license, members]) => ({ license, packages: members.sort((a, b) => byName(a.name, b.name)) }))
    .sort((a, b) => b.packages.length - a.packages.length || byName(a.license, b.license));
}
