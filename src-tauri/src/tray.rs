//! The tray: "Sincronizar Agora", "Abrir Ponte", the last sync, the unread notifications,
//! "Sair". The last sync and the unread count are both the tooltip and disabled menu
//! lines, because Linux tray hosts (AppIndicator) show no tooltips.

use crate::state::AppState;
use crate::window;
use ponte_core::format::format_count;
use ponte_core::store::{RunOutcome, RunTrigger};
use ponte_core::time::format_instant_br;
use tauri::menu::{Menu, MenuItem, PredefinedMenuItem};
use tauri::tray::{MouseButton, MouseButtonState, TrayIconBuilder, TrayIconEvent};
use tauri::{AppHandle, Manager, Wry};

const TRAY_ID: &str = "ponte";
const SYNC_NOW: &str = "sync_now";
const OPEN: &str = "open";
const QUIT: &str = "quit";

/// The menu lines that show the last sync and the unread count, kept to update them.
pub struct StatusLines {
    last_sync: MenuItem<Wry>,
    unread: MenuItem<Wry>,
}

pub fn build(app: &AppHandle) -> tauri::Result<()> {
    let last_sync = MenuItem::with_id(
        app,
        "last_sync",
        "Nenhuma sincronização ainda",
        false,
        None::<&str>,
    )?;
    let unread = MenuItem::with_id(app, "unread", unread_text(0), false, None::<&str>)?;
    let menu = Menu::with_items(
        app,
        &[
            &MenuItem::with_id(app, SYNC_NOW, "Sincronizar Agora", true, None::<&str>)?,
            &MenuItem::with_id(app, OPEN, "Abrir Ponte", true, None::<&str>)?,
            &PredefinedMenuItem::separator(app)?,
            &last_sync,
            &unread,
            &PredefinedMenuItem::separator(app)?,
            &MenuItem::with_id(app, QUIT, "Sair", true, None::<&str>)?,
        ],
    )?;
    app.manage(StatusLines { last_sync, unread });
    let mut tray = TrayIconBuilder::with_id(TRAY_ID)
        .tooltip("Ponte")
        .menu(&menu)
        .show_menu_on_left_click(false)
        .on_menu_event(|app, event| match event.id().as_ref() {
            SYNC_NOW => sync_all(app),
            OPEN => window::reveal(app),
            QUIT => app.exit(0),
            _ => {}
        })
        .on_tray_icon_event(|tray, event| {
            if let TrayIconEvent::Click {
                button: MouseButton::Left,
                button_state: MouseButtonState::Up,
                ..
            } = event
            {
                window::reveal(tray.app_handle());
            }
        });
    if let Some(icon) = app.default_window_icon() {
        tray = tray.icon(icon.clone());
    }
    tray.build(app)?;
    Ok(())
}

/// "Sincronizar Agora" from the tray: every integration the Painel has a button for.
fn sync_all(app: &AppHandle) {
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        let state = app.state::<AppState>();
        let syncable = match state.core.integrations().syncable().await {
            Ok(list) => list,
            Err(error) => return tracing::warn!(%error, "bandeja: integrações indisponíveis"),
        };
        for integration in syncable {
            if let Err(error) = state
                .core
                .sync()
                .start(integration.id, RunTrigger::Manual)
                .await
            {
                tracing::warn!(%error, integration = integration.name, "bandeja: sincronização não iniciada");
            }
        }
    });
}

/// Puts the newest finished run and the unread count in the menu lines and the tooltip.
pub async fn refresh_status(app: &AppHandle) {
    let state = app.state::<AppState>();
    let last_sync = match state.core.sync().last_finished_run().await {
        Ok(Some(run)) => format!(
            "Última sincronização: {} ({})",
            format_instant_br(run.finished_at.as_deref().unwrap_or(&run.started_at)),
            outcome_label(run.outcome)
        ),
        Ok(None) => "Nenhuma sincronização ainda".to_string(),
        Err(error) => return tracing::warn!(%error, "bandeja: última sincronização indisponível"),
    };
    let unread = match state.core.notifications().unread().await {
        Ok(unread) => unread,
        Err(error) => return tracing::warn!(%error, "bandeja: notificações indisponíveis"),
    };
    if let Some(lines) = app.try_state::<StatusLines>() {
        for (item, text) in [
            (&lines.last_sync, &last_sync),
            (&lines.unread, &unread_text(unread)),
        ] {
            if let Err(error) = item.set_text(text) {
                tracing::debug!(%error, "bandeja: texto não atualizado");
            }
        }
    }
    let tooltip = match unread {
        0 => format!("Ponte — {last_sync}"),
        _ => format!("Ponte — {last_sync} · {}", unread_text(unread)),
    };
    if let Some(tray) = app.tray_by_id(TRAY_ID)
        && let Err(error) = tray.set_tooltip(Some(tooltip))
    {
        tracing::debug!(%error, "bandeja: dica não atualizada");
    }
}

fn unread_text(unread: u64) -> String {
    match unread {
        0 => "Nenhuma notificação não lida".to_string(),
        1 => "1 notificação não lida".to_string(),
        n => format!("{} notificações não lidas", format_count(n)),
    }
}

fn outcome_label(outcome: RunOutcome) -> &'static str {
    match outcome {
        RunOutcome::Running => "em andamento",
        RunOutcome::Succeeded => "concluída",
        RunOutcome::Failed => "com erro",
        RunOutcome::Cancelled => "cancelada",
        RunOutcome::Interrupted => "interrompida",
    }
}
