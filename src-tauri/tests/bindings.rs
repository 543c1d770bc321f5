//! The TypeScript bindings in `ui/src/lib/bindings.ts` must match the commands and types
//! of this build. `PONTE_UPDATE_BINDINGS=1 cargo test -p ponte-desktop --test integration bindings`
//! rewrites them.

use ponte_desktop::ipc::{BINDINGS_PATH, export_bindings};
use std::path::Path;

#[test]
fn typescript_bindings_are_current() {
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join(BINDINGS_PATH);
    if std::env::var_os("PONTE_UPDATE_BINDINGS").is_some() {
        export_bindings(&committed).expect("bindings written");
        return;
    }
    let fresh_dir = tempfile::tempdir().unwrap();
    let fresh = fresh_dir.path().join("bindings.ts");
    export_bindings(&fresh).expect("bindings exported");
    let fresh = std::fs::read_to_string(fresh).unwrap();
    let committed = std::fs::read_to_string(&committed).unwrap_or_default();
    assert!(
        fresh == committed,
        "ui/src/lib/bindings.ts is stale: run PONTE_UPDATE_BINDINGS=1 cargo test -p ponte-desktop --test integration bindings"
    );
}
