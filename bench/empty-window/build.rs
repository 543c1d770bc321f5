//! Tauri's build step for the empty window: embeds its tauri.conf.json and the icons.

fn main() {
    tauri_build::build();
}
