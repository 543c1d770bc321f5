// How a report screen keeps its answer: asked again when its question changes, after each
// finished sync and after real-time events, and only the newest answer may fill the
// screen (an older one arriving late would show numbers that no longer match the form).
// A question that is wrong or refused clears the previous answer: a table left under the
// error would read as the answer to the new question.
import { untrack } from "svelte";
import { messageOf } from "./api";
import { syncProgress } from "./progress.svelte";
import { realtime } from "./realtime.svelte";

export class ReportLoader<Query, Answer> {
  value = $state<Answer | null>(null);
  error = $state<string | null>(null);
  #latest = 0;
  readonly #fetch: (query: Query) => Promise<Answer>;

  constructor(fetch: (query: Query) => Promise<Answer>) {
    this.#fetch = fetch;
  }

  /** Asks `query`; a string is what is wrong with the form, shown instead. */
  async ask(query: Query | string): Promise<void> {
    const mine = ++this.#latest;
    if (typeof query === "string") {
      this.value = null;
      this.error = query;
      return;
    }
    try {
      const answer = await this.#fetch(query);
      if (mine !== this.#latest) return;
      this.value = answer;
      this.error = null;
    } catch (e) {
      if (mine !== this.#latest) return;
      this.value = null;
      this.error = messageOf(e);
    }
  }

  /** Keeps asking `query()` as it changes and as the data does. Call while a component
   *  is being set up. */
  follow(query: () => Query | string): void {
    $effect(() => {
      const asked = query();
      void syncProgress.finishedCount;
      void realtime.appliedCount;
      untrack(() => this.ask(asked));
    });
  }
}
