// Folding text for searches typed by the operator: lowercase and without accents, so
// "goncalves" finds "Gonçalves". The same fold the core applies to its search columns
// (crates/core/src/store/search.rs), for the lists filtered here in the window.

/** `"Gonçalves"` → `"goncalves"`: decomposed, combining marks dropped, lowercased. */
export function fold(text: string): string {
  return text.normalize("NFD").replace(/\p{M}/gu, "").toLocaleLowerCase("pt-BR");
}

/** Whether `haystack` contains `needle`, ignoring accents and case; an empty needle matches. */
export function foldedIncludes(haystack: string | null | undefined, needle: string): boolean {
  const wanted = fold(needle.trim());
  return wanted === "" || fold(haystack ?? "").includes(wanted);
}
