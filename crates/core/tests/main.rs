//! ponte-core's integration tests, one module per behaviour, linked into one test binary:
//! each file used to be its own binary, and linking some fifty copies of the core and its
//! dependencies cost CI minutes and gigabytes of disk. nextest still runs every test in its
//! own process, so the modules share nothing at run time.

mod support;

mod aging_bucket_titles;
mod aging_on_date;
mod backup_holds_no_secret;
mod backup_retention;
mod backups;
mod bad_disks_and_paths;
mod cancel_and_resume;
mod cash_flow_identity;
mod cash_flow_kept_sums;
mod client_writes;
mod coinzz_add;
mod coinzz_realtime;
mod dados_filters_vendas_by_situacao;
mod dados_sorts_and_filters_by_vencimento;
mod damaged_store;
mod diagnostics_bundle_holds_no_secret;
mod doctor_finds_seeded_problems;
mod dre;
mod dre_drill;
mod dre_mapping_fixture;
mod dre_settlements;
mod dre_sums;
mod engine;
mod faults_leave_no_half_page;
mod full_sync;
mod guarded_reset;
mod historico_detail;
mod incremental_overlap;
mod incremental_sync;
mod indicators;
mod keyring_round_trip;
mod logs_viewer;
mod no_secret_in_db_or_logs;
mod notification_center;
mod painel_states;
mod provider_traits_migration;
mod realtime;
mod realtime_equivalence;
mod realtime_one_click;
mod realtime_restart;
mod realtime_sealed;
mod realtime_verify;
mod report_pdf;
mod report_sources;
mod reports;
mod restore;
mod restore_replays_relay_events;
mod reversed_period_is_refused;
mod sealing_keys;
mod search_ignores_accents_at_scale;
mod settlement_audit;
mod strict_limit;
mod third_provider;
mod tokens_checked_before_saving;
mod update_preconditions;
mod writeback;
