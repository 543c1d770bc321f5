//! Tauri's build step (embeds tauri.conf.json, the capabilities and the icons), and the
//! commit and build date that `ponte-desktop --version` and Sobre show (`ponte-build-info`).

fn main() {
    ponte_build_info::emit();
    tauri_build::build();
}
