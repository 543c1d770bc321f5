// Test data shared by the component tests: an integration as the core returns it.
import type { Integration } from "../lib/bindings";

/** A Gestão Click integration with the core's default settings. */
export function makeIntegration(overrides: Partial<Integration> = {}): Integration {
  return {
    id: 7,
    provider: "gestaoclick",
    name: "Loja Centro",
    base_url: "https://api.gestaoclick.com",
    credential_ref: "ponte:7",
    settings: {
      requests_per_second: 3,
      daily_request_limit: 30000,
      max_attempts: 5,
      retry_min_delay_ms: 500,
      timeout_ms: 30000,
      history_months: 12,
      horizon_months: 6,
      incremental_overlap_minutes: 180,
      allow_writes: false,
    },
    schedule_interval_minutes: 10,
    enabled: true,
    include_in_reports: true,
    realtime_only: false,
    created_at: "2026-11-01T12:00:00Z",
    ...overrides,
  };
}
