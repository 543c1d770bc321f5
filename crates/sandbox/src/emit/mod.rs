//! The sandbox emits webhooks: random changes to the running dataset, each followed by the
//! webhook Gestão Click would send for it, signed in one of the relay's auth modes and
//! POSTed to an ingest URL at a steady rate.
//!
//! Gestão Click documents no webhooks (`docs/providers/gestaoclick.md#webhooks`). An
//! integrators' guide names the event types below and nothing more, so the envelope is
//! Ponte's convention, not the provider's. Every webhook is a JSON POST body:
//!
//! ```json
//! {"event_id": "gcsbx_5f0c9a1e2b3d4c5f_42", "event": "sale.created", "resource": "vendas",
//!  "occurred_at": "2026-03-15T13:02:11.481Z", "data": {"id": "40123456", "codigo": "812", ...}}
//! ```
//!
//! - `event_id`: never repeated by this or any other sandbox run. A retry repeats it with
//!   the same body bytes, so the relay stores the event once (`provider_event_id` reads it
//!   from the body); in `standard` mode it is also the `webhook-id`.
//! - `event` and `resource`:
//!   - `sale.created`, `sale.updated`: `vendas`;
//!   - `transaction.created`, `transaction.updated`: `recebimentos` or `pagamentos`, the
//!     resource says which side;
//!   - `cost_center.created`, `cost_center.updated`: `centros_custos`;
//!   - `customer.created`, `customer.updated`, `customer.deleted`: `clientes`.
//! - `occurred_at`: when the sandbox applied the change, RFC 3339 in UTC. The record's
//!   own `modificado_em`, in the provider's zone-less local time, is in `data`.
//! - `data`: the record exactly as `GET /{resource}/{id}` answers it right after the
//!   change, the same bytes, not wrapped. For `customer.deleted` it is `{"id": "<id>"}`:
//!   the sandbox deletes by removing, so the API answers 404 for that id and no list
//!   shows it any more.
//!
//! Each change is applied to the dataset before its webhook is built, so a sync of the same
//! sandbox sees exactly the state the webhooks describe. The emitter only makes changes that
//! have an event: it never touches fornecedores and deletes nothing but clientes.
//!
//! Coinzz webhooks (`coinzz`) are generated apart from the dataset: Coinzz has no API to
//! mirror, only the bodies it posts. `coinzz_live` sends them at a steady rate, for the
//! demo.
//!
//! Writes through the API (`PUT` of a recebimento or pagamento) send their
//! `transaction.updated` webhook, in the same envelope, when switched on (`on_write`).

mod coinzz;
mod coinzz_live;
mod delivery;
mod emitter;
pub(crate) mod envelope;
mod on_write;
mod summary;
mod target;

pub use coinzz::{CoinzzBodies, CoinzzEmission, CoinzzPlan, coinzz_bodies, emit_coinzz};
pub use coinzz_live::spawn_coinzz_emitter;
pub use emitter::EmitPlan;
pub(crate) use emitter::Emitter;
pub(crate) use on_write::WriteWebhooks;
pub use summary::{EmitSummary, FailedDelivery};
pub use target::WebhookTarget;
