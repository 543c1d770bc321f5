// Loads what the first paint does not need (a screen, a report, Chart.js) on first use,
// by a dynamic import(): Vite gives it its own chunk, so the start-up parses only the
// frame and the Painel (see on-demand.ts). What loaded is kept and handed back as is, not
// as a promise, so that an `{#await}` over it renders at once the next time
// (components/Lazy.svelte).

/** The thing itself once loaded, else the promise of it. */
export type Lazy<T> = () => T | Promise<T>;

export function lazy<T>(load: () => Promise<T>): Lazy<T> {
  let loaded: { value: T } | null = null;
  let loading: Promise<T> | null = null;
  return () => {
    if (loaded) return loaded.value;
    loading ??= load().then(
      (value) => {
        loaded = { value };
        return value;
      },
      (error: unknown) => {
        // Asked for again, it is loaded again.
        loading = null;
        throw error;
      },
    );
    return loading;
  };
}
