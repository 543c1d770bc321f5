//! The IPC surface in one place: every command and event, registered once, and the
//! TypeScript bindings generated from the same list (`ui/src/lib/bindings.ts`).

use crate::commands::{
    about, backups, data, doctor, integrations, logs, maintenance, notifications, realtime,
    recovery, reports, settings, sync, updates, writeback,
};
use crate::events::{NotificationWritten, OutboxUpdate, RealtimeUpdate, SyncProgress};
use crate::updates::UpdateOffered;
use ponte_core::reports::comparison::WITHHELD_NOTE;
use ponte_core::reports::dre::Dre;
use ponte_core::reports::indicators::Indicators;
use ponte_core::reports::sales::Sales;
use specta_typescript::{BigIntExportBehavior, Typescript};
use std::collections::BTreeMap;
use std::path::Path;
use tauri::{Runtime, Wry};
use tauri_specta::{Builder, collect_commands, collect_events};

/// The generated bindings, relative to this crate.
pub const BINDINGS_PATH: &str = "../ui/src/lib/bindings.ts";

/// `collect_commands!` expands to the app's single `tauri::generate_handler!`. Generic
/// over the runtime so tests drive the same handler through Tauri's mock runtime. A
/// command generic over the runtime (it restarts the app) is named with `Wry`: the macro
/// keeps that for the TypeScript types only, and the handler infers the runtime.
pub fn builder<R: Runtime>() -> Builder<R> {
    Builder::<R>::new()
        .commands(collect_commands![
            integrations::list_integrations,
            integrations::test_draft,
            integrations::add_integration,
            integrations::add_webhook_integration,
            integrations::check_connection,
            integrations::replace_tokens,
            integrations::set_schedule,
            integrations::set_enabled,
            integrations::set_include_in_reports,
            integrations::set_allow_writes,
            integrations::remove_integration,
            sync::overview,
            sync::sync_now,
            sync::cancel_sync,
            sync::list_runs,
            sync::run_detail,
            realtime::realtime_status,
            realtime::enable_realtime,
            realtime::connect_relay,
            realtime::webhook_setup,
            realtime::verify_relay,
            realtime::reprocess_quarantine,
            realtime::relay_account,
            realtime::set_relay_account,
            data::browse,
            data::venda_situacoes,
            data::aging_titles,
            reports::reference_options,
            reports::indicators,
            reports::dre,
            reports::dre_entries,
            reports::conferencia,
            reports::dre_mapping,
            reports::set_dre_choice,
            reports::export_dre_mapping,
            reports::import_dre_mapping,
            reports::report_table,
            reports::contas_with_openings,
            reports::set_opening_balance,
            reports::clear_opening_balance,
            reports::export_file_name,
            reports::export_report,
            backups::list_backups,
            backups::create_backup,
            backups::export_backup,
            backups::preview_restore,
            backups::restore_backup::<tauri::Wry>,
            backups::last_restore,
            backups::undo_restore::<tauri::Wry>,
            maintenance::reset_mirror,
            doctor::doctor_check,
            doctor::doctor_fix,
            doctor::export_diagnostics_bundle,
            logs::read_logs,
            logs::follow_logs,
            logs::stop_following_logs,
            notifications::list_notifications,
            notifications::unread_notifications,
            notifications::mark_notification_read,
            notifications::mark_all_notifications_read,
            settings::app_info,
            about::about::<tauri::Wry>,
            settings::preferences,
            settings::set_close_to_tray,
            settings::set_desktop_notifications,
            settings::autostart_enabled,
            settings::set_autostart,
            settings::data_folders,
            settings::open_data_folder,
            settings::open_logs_folder,
            settings::painel_painted,
            recovery::damaged_store,
            recovery::recover_store::<tauri::Wry>,
            updates::update_check::<tauri::Wry>,
            updates::update_install::<tauri::Wry>,
            updates::update_settings::<tauri::Wry>,
            updates::set_daily_update_check,
            writeback::writeback_request,
            writeback::writeback_items,
            writeback::writeback_counts,
            writeback::writeback_retry,
            writeback::writeback_discard,
            writeback::writeback_resolve,
        ])
        .events(collect_events![
            SyncProgress,
            NotificationWritten,
            RealtimeUpdate,
            OutboxUpdate,
            UpdateOffered
        ])
        // What each report counts and why a change is missing, in the core's words, so a
        // screen says exactly what the exports print. One map, in key order: tauri-specta
        // keeps constants in a HashMap, and several would come out in a different order
        // on each run, failing the bindings test.
        .constant(
            "REPORT_NOTES",
            BTreeMap::from([
                ("dre_counts", Dre::COUNTS),
                ("sales_counts", Sales::COUNTS),
                ("indicators_counts", Indicators::COUNTS),
                ("change_withheld", WITHHELD_NOTE),
            ]),
        )
}

/// Writes the TypeScript bindings. Centavos and counts stay far below 2^53, so 64-bit
/// integers travel as plain numbers.
pub fn export_bindings(path: &Path) -> Result<(), specta_typescript::ExportError> {
    builder::<Wry>().export(
        Typescript::default()
            .bigint(BigIntExportBehavior::Number)
            .header("// Generated by src-tauri/src/ipc.rs (tauri-specta). Do not edit.\n"),
        path,
    )
}
