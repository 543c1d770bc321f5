//! `ponte diagnostics export FILE` as an operator runs it after a sync with tokens from
//! the environment: the zip holds the CLI's own log file, the doctor's report, the
//! versions and the settings, and neither token appears in any entry.

use ponte_e2e::{Ponte, SandboxProcess};
use std::io::Read;

const ACCESS_TOKEN: &str = "sandbox-access-token";
const SECRET_TOKEN: &str = "sandbox-secret-token";

#[test]
fn the_exported_zip_holds_logs_and_the_report_and_no_token() {
    let sandbox = SandboxProcess::start(&["--seed", "9", "--scale", "small", "--no-limits"]);
    let dir = tempfile::tempdir().expect("temp dir");
    let ponte = Ponte::new(dir.path())
        .env("PONTE_GESTAOCLICK_ACCESS_TOKEN", ACCESS_TOKEN)
        .env("PONTE_GESTAOCLICK_SECRET_ACCESS_TOKEN", SECRET_TOKEN);
    ponte.add_loja_centro(&sandbox.base_url);
    ponte.ok(&["sync"], None);
    let zip_path = dir.path().join("suporte.zip");

    let printed = ponte.ok(
        &["diagnostics", "export", zip_path.to_str().expect("utf-8")],
        None,
    );

    assert!(printed.contains("Diagnóstico gravado em"), "{printed}");
    let file = std::fs::File::open(&zip_path).expect("the zip was written");
    let mut archive = zip::ZipArchive::new(file).expect("a zip");
    let mut names = Vec::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).expect("entry");
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).expect("entry bytes");
        for token in [ACCESS_TOKEN, SECRET_TOKEN] {
            assert!(
                !bytes.windows(token.len()).any(|w| w == token.as_bytes()),
                "{} holds a token",
                entry.name()
            );
        }
        if entry.name() == "configuracoes.json" {
            let text = String::from_utf8(bytes).expect("utf-8");
            assert!(text.contains("Loja Centro"), "{text}");
        }
        names.push(entry.name().to_string());
    }
    for expected in ["versoes.json", "diagnostico.json", "configuracoes.json"] {
        assert!(
            names.iter().any(|n| n == expected),
            "{expected} in {names:?}"
        );
    }
    assert!(
        names.iter().any(|n| n.starts_with("logs/ponte-cli.")),
        "the CLI's log file is in {names:?}"
    );
}
