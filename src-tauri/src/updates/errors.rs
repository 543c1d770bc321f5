//! The updater's failures in the operator's words: the plugin's errors sorted into the
//! shell's codes (`ShellErrorCode::Update*`), each with a pt-BR message saying what to do.
//! An unreachable feed is the quiet kind: the UI shows it as a status line, no alert.

use crate::error::{IpcError, IpcErrorCode, ShellErrorCode};
use tauri_plugin_updater::Error as UpdaterError;

fn coded(code: ShellErrorCode, message: String) -> IpcError {
    IpcError {
        code: IpcErrorCode::Shell(code),
        message,
    }
}

/// The feed could not be reached, or did not answer with a release.
pub fn unreachable(detail: &str) -> IpcError {
    coded(
        ShellErrorCode::UpdateUnreachable,
        format!("Não foi possível verificar atualizações agora: {detail}. Tente mais tarde."),
    )
}

/// The feed's address (configured or from `PONTE_UPDATE_FEED`) is not usable.
pub fn bad_feed(detail: &str) -> IpcError {
    coded(
        ShellErrorCode::UpdateFeed,
        format!(
            "O canal de atualizações não pôde ser lido: {detail}. Tente mais tarde; se continuar, avise o suporte da Ponte."
        ),
    )
}

pub fn not_newer(offered: &str, installed: &str) -> IpcError {
    coded(
        ShellErrorCode::UpdateNotNewer,
        format!(
            "A versão oferecida ({offered}) não é mais nova que a instalada ({installed}); a Ponte não volta para uma versão anterior. Nada foi alterado."
        ),
    )
}

pub fn busy() -> IpcError {
    coded(
        ShellErrorCode::UpdateBusy,
        "Há uma sincronização ou um backup em andamento. Espere terminar e clique em “Instalar e reiniciar” de novo.".into(),
    )
}

pub fn nothing_to_install() -> IpcError {
    coded(
        ShellErrorCode::UpdateNotReady,
        "Não há atualização verificada para instalar. Clique em “Verificar atualizações” primeiro."
            .into(),
    )
}

/// A copy run from a build folder (`./dev run`, `cargo run`) has no package to replace.
pub fn not_packaged(offered: &str) -> IpcError {
    coded(
        ShellErrorCode::UpdateNotReady,
        format!(
            "A versão {offered} foi verificada, mas esta cópia da Ponte não foi instalada por um pacote (.deb ou .rpm) e não pode se atualizar sozinha. Instale o pacote novo pelo gerenciador do sistema."
        ),
    )
}

/// A failure of the check (fetching and reading the feed).
pub fn from_check(failure: UpdaterError) -> IpcError {
    match failure {
        UpdaterError::Reqwest(error) => unreachable(&network_detail(
            error.is_timeout(),
            error.is_connect(),
            error.status().map(|s| s.as_u16()),
        )),
        UpdaterError::Network(detail) => unreachable(&detail),
        UpdaterError::ReleaseNotFound => {
            unreachable("o canal de atualizações não respondeu com uma versão")
        }
        UpdaterError::TargetsNotFound(targets) => bad_feed(&format!(
            "ele não traz pacote para este sistema ({})",
            targets.join(" ou ")
        )),
        UpdaterError::TargetNotFound(target) => {
            bad_feed(&format!("ele não traz pacote para este sistema ({target})"))
        }
        UpdaterError::InsecureTransportProtocol => {
            bad_feed("o endereço do canal precisa começar com https://")
        }
        UpdaterError::EmptyEndpoints => bad_feed("nenhum endereço de canal configurado"),
        other => bad_feed(&other.to_string()),
    }
}

/// A failure of the download or of its verification.
pub fn from_download(failure: UpdaterError, offered: &str) -> IpcError {
    match failure {
        UpdaterError::Minisign(_)
        | UpdaterError::Base64(_)
        | UpdaterError::SignatureUtf8(_)
        | UpdaterError::SignedVersionMismatch { .. }
        | UpdaterError::MissingSignedVersion => coded(
            ShellErrorCode::UpdateSignature,
            format!(
                "A atualização {offered} não passou na verificação de assinatura e foi recusada. Nada foi instalado; avise o suporte da Ponte."
            ),
        ),
        UpdaterError::Reqwest(error) => coded(
            ShellErrorCode::UpdateUnreachable,
            format!(
                "Não foi possível baixar a atualização {offered}: {}. Tente mais tarde.",
                network_detail(
                    error.is_timeout(),
                    error.is_connect(),
                    error.status().map(|s| s.as_u16())
                )
            ),
        ),
        UpdaterError::Network(detail) => coded(
            ShellErrorCode::UpdateUnreachable,
            format!("Não foi possível baixar a atualização {offered}: {detail}. Tente mais tarde."),
        ),
        other => bad_feed(&other.to_string()),
    }
}

/// A failure of the system's package manager (dpkg or rpm, through pkexec or sudo).
pub fn from_install(failure: UpdaterError, offered: &str) -> IpcError {
    let detail = match failure {
        UpdaterError::AuthenticationFailed => {
            "a senha de administrador não foi confirmada".to_string()
        }
        UpdaterError::PackageInstallFailed | UpdaterError::DebInstallFailed => {
            "o gerenciador de pacotes recusou o pacote".to_string()
        }
        UpdaterError::InvalidUpdaterFormat => {
            "o arquivo baixado não é um pacote deste sistema".to_string()
        }
        other => other.to_string(),
    };
    coded(
        ShellErrorCode::UpdateInstall,
        format!(
            "A atualização {offered} não foi instalada: {detail}. A Ponte continua na versão atual; tente de novo e confirme a senha de administrador quando pedida."
        ),
    )
}

/// A short reason for a failed request, from what the plugin's HTTP error tells (its
/// reqwest is not the workspace's, so the facts are passed, not the error). The URL is left
/// out: the operator cannot act on it, and the log has it.
fn network_detail(timed_out: bool, could_not_connect: bool, status: Option<u16>) -> String {
    if timed_out {
        "o servidor demorou demais para responder".into()
    } else if could_not_connect {
        "sem conexão com o servidor de atualizações".into()
    } else if let Some(status) = status {
        format!("o servidor respondeu {status}")
    } else {
        "a conexão com o servidor de atualizações falhou".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_signature_names_the_version_and_says_it_was_refused() {
        let failure = UpdaterError::SignedVersionMismatch {
            signed: "0.1.0".into(),
            announced: "0.2.0".into(),
        };
        let refused = from_download(failure, "0.2.0");
        assert_eq!(refused.code.to_string(), "update_signature");
        assert!(
            refused.message.starts_with(
                "A atualização 0.2.0 não passou na verificação de assinatura e foi recusada."
            ),
            "{}",
            refused.message
        );
    }

    #[test]
    fn a_feed_without_this_system_says_which_one() {
        let failure =
            UpdaterError::TargetsNotFound(vec!["linux-x86_64-deb".into(), "linux-x86_64".into()]);
        let error = from_check(failure);
        assert_eq!(error.code.to_string(), "update_feed");
        assert!(
            error.message.contains("linux-x86_64-deb ou linux-x86_64"),
            "{}",
            error.message
        );
    }

    #[test]
    fn network_failures_read_plainly() {
        assert_eq!(
            network_detail(true, false, None),
            "o servidor demorou demais para responder"
        );
        assert_eq!(
            network_detail(false, true, None),
            "sem conexão com o servidor de atualizações"
        );
        assert_eq!(
            network_detail(false, false, Some(503)),
            "o servidor respondeu 503"
        );
    }
}
