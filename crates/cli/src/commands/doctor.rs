//! `ponte doctor [--json] [--fix]`: the diagnosis of the store and of what it depends on,
//! one pt-BR line per check; `--fix` applies the safe fixes and checks again. Ends with
//! code 3 while any finding is a problem, so a script tells it from a failure to run.

use super::print_json;
use crate::error::CliError;
use clap::Args;
use ponte_core::Core;
use ponte_core::doctor::{Doctor, Finding, FixAction, Severity, has_problem};
use serde::Serialize;

#[derive(Debug, Args)]
pub struct DoctorArgs {
    /// Saída em JSON: as correções aplicadas e as verificações.
    #[arg(long)]
    pub json: bool,
    /// Aplica as correções seguras e verifica de novo.
    #[arg(long)]
    pub fix: bool,
}

#[derive(Serialize)]
struct DoctorReport<'a> {
    applied: &'a [FixAction],
    findings: &'a [Finding],
}

pub async fn run(core: &Core, args: DoctorArgs) -> Result<(), CliError> {
    let doctor = core.doctor();
    let mut findings = doctor.check().await?;
    let mut applied = Vec::new();
    if args.fix {
        applied = Doctor::offered_fixes(&findings);
        if !applied.is_empty() {
            findings = doctor.fix(&applied).await?;
        }
    }
    if args.json {
        print_json(&DoctorReport {
            applied: &applied,
            findings: &findings,
        });
    } else {
        print!("{}", text(&applied, &findings, args.fix));
    }
    let problems = findings
        .iter()
        .filter(|f| f.severity == Severity::Problema)
        .count();
    if has_problem(&findings) {
        return Err(CliError::DoctorFoundProblems { problems });
    }
    Ok(())
}

fn text(applied: &[FixAction], findings: &[Finding], fixing: bool) -> String {
    let mut out = String::new();
    if fixing {
        if applied.is_empty() {
            out.push_str("Nenhuma correção a aplicar.\n");
        } else {
            let labels: Vec<&str> = applied.iter().map(|a| a.label()).collect();
            out.push_str(&format!(
                "Correções aplicadas: {}. Verificado de novo:\n",
                labels.join("; ")
            ));
        }
    }
    for finding in findings {
        out.push_str(&format!(
            "[{}] {}\n",
            finding.severity.label(),
            finding.message
        ));
        if let Some(fix) = finding.fix.as_ref().filter(|_| !fixing) {
            out.push_str(&format!(
                "    correção: \"{}\" (ponte doctor --fix)\n",
                fix.label
            ));
        }
    }
    out
}
