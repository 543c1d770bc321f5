//! What the UI loads on start: the files `ui/dist/index.html` references (the entry script,
//! the chunks it preloads, the stylesheet), against all the scripts and styles in `ui/dist`,
//! the rest being loaded on demand by dynamic `import()`. Read from the UI as built, which
//! ponte-desktop embeds when it is compiled.

use crate::error::BenchError;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// Bytes of JavaScript and CSS.
#[derive(Debug, Default, Clone, Copy)]
pub struct Bytes {
    pub js: u64,
    pub css: u64,
    pub files: usize,
}

impl Bytes {
    fn add(&mut self, path: &Path, len: u64) {
        match path.extension().and_then(|ext| ext.to_str()) {
            Some("js") => self.js += len,
            Some("css") => self.css += len,
            _ => return,
        }
        self.files += 1;
    }
}

pub struct UiBytes {
    /// What index.html makes the webview load before anything runs.
    pub initial: Bytes,
    /// Every script and stylesheet of the build.
    pub all: Bytes,
    pub dist: PathBuf,
    /// ui/dist was built after the binary: the binary embeds an older UI than the one read.
    pub newer_than_binary: bool,
}

/// The build this checkout's `./dev bench` makes: `ui/dist` beside the bench's crate.
pub fn dist() -> PathBuf {
    let dist = Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/dist");
    dist.canonicalize().unwrap_or(dist)
}

/// The local files an HTML page references in `src="…"` and `href="…"` attributes.
fn references(html: &str) -> Vec<&str> {
    let mut found = Vec::new();
    for attribute in ["src=\"", "href=\""] {
        let mut rest = html;
        while let Some(at) = rest.find(attribute) {
            rest = &rest[at + attribute.len()..];
            let Some(end) = rest.find('"') else { break };
            found.push(&rest[..end]);
            rest = &rest[end..];
        }
    }
    found.retain(|reference| !reference.contains(':') && !reference.starts_with('#'));
    found
}

fn modified(path: &Path) -> Result<SystemTime, BenchError> {
    Ok(std::fs::metadata(path)?.modified()?)
}

/// Reads the build in `dist`; `binary` is the ponte-desktop that embeds it.
pub fn read(dist: &Path, binary: &Path) -> Result<UiBytes, BenchError> {
    let index = dist.join("index.html");
    let html = std::fs::read_to_string(&index).map_err(|error| {
        BenchError::Desktop(format!(
            "{} cannot be read ({error}): build the UI first (npm --prefix ui run build)",
            index.display()
        ))
    })?;
    let mut initial = Bytes::default();
    for reference in references(&html) {
        let path = dist.join(reference.trim_start_matches("./").trim_start_matches('/'));
        initial.add(&path, std::fs::metadata(&path)?.len());
    }
    let mut all = Bytes::default();
    let mut folders = vec![dist.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder)? {
            let entry = entry?;
            let metadata = entry.metadata()?;
            if metadata.is_dir() {
                folders.push(entry.path());
            } else {
                all.add(&entry.path(), metadata.len());
            }
        }
    }
    Ok(UiBytes {
        initial,
        all,
        dist: dist.to_path_buf(),
        newer_than_binary: modified(&index)? > modified(binary)?,
    })
}

#[cfg(test)]
mod tests {
    use super::references;

    #[test]
    fn references_are_the_local_scripts_and_styles() {
        let html = r##"<script type="module" crossorigin src="/assets/index-a.js"></script>
<link rel="modulepreload" crossorigin href="/assets/shared-b.js">
<link rel="stylesheet" crossorigin href="/assets/style-c.css">
<a href="https://ponte.app.br">site</a><a href="#top">topo</a>"##;
        assert_eq!(
            references(html),
            [
                "/assets/index-a.js",
                "/assets/shared-b.js",
                "/assets/style-c.css"
            ]
        );
    }
}
