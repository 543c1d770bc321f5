//! The desktop measurements: release ponte-desktop (`--demo`) against an empty Tauri 2
//! window built the same way (bench/empty-window), run one after the other in the same
//! session (see `session`), never side by side, so neither shares pages with the other.
//! - Launch to first paint: the median of several alternating launches of each, after one
//!   untimed warm-up launch each.
//! - Idle memory: ponte-desktop after its demo sync has ended, the empty window after its
//!   paint, each after the same idle time, summed over the app's process tree (the app and
//!   its WebKit processes), then split between the app's own process and WebKit's.
//! - What the UI loads on start (`ui_bytes`), and the size of the two release binaries.

mod app;
mod demo_sync;
mod procs;
mod session;
mod ui_bytes;

use crate::error::BenchError;
use crate::report::{Line, Report, line};
use app::{App, Launch, Paint};
use procs::{Part, ProcessMemory};
use session::Session;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use ui_bytes::UiBytes;

/// How long a launch may take to paint.
const PAINT_TIMEOUT: Duration = Duration::from_secs(60);
/// A pause between launches, for the previous tree's memory to be returned.
const SETTLE: Duration = Duration::from_millis(500);
/// How often the demo's database is read while its sync runs.
const SYNC_POLL: Duration = Duration::from_secs(1);
const MIB: f64 = 1024.0 * 1024.0;

#[derive(Debug, Clone, clap::Args)]
pub struct Options {
    /// Timed launches of each app for the first-paint median (after one warm-up each).
    #[arg(long, default_value_t = 9, value_parser = clap::value_parser!(u32).range(1..))]
    pub launches: u32,
    /// Seconds each app idles before its memory is read.
    #[arg(long, default_value_t = 10)]
    pub idle_secs: u64,
    /// Seconds ponte-desktop gets to finish its demo sync, which its scheduler starts
    /// 30 s after launch.
    #[arg(long, default_value_t = 300)]
    pub sync_timeout_secs: u64,
}

/// The release binaries under test: next to this one, or in `release/` beside its
/// directory when the bench itself is a debug build.
struct Binaries {
    dir: PathBuf,
}

impl Binaries {
    fn locate() -> Result<Binaries, BenchError> {
        let exe = std::env::current_exe()?;
        let here = exe.parent().unwrap_or(Path::new("."));
        let dir = if here.file_name().is_some_and(|name| name == "release") {
            here.to_path_buf()
        } else {
            here.parent().unwrap_or(here).join("release")
        };
        let binaries = Binaries { dir };
        for app in [App::Ponte, App::Empty] {
            let path = binaries.path(app);
            if !path.is_file() {
                return Err(BenchError::NotBuilt {
                    binary: app.binary(),
                    path,
                    package: app.package(),
                });
            }
        }
        Ok(binaries)
    }

    fn path(&self, app: App) -> PathBuf {
        self.dir.join(app.binary())
    }
}

/// The bench's scratch space: one directory per app for the timed launches (ponte-desktop
/// reuses its data directory, so every timed launch is a relaunch), its own for each idle
/// run, and one stand-in home per app.
struct Work {
    dir: tempfile::TempDir,
}

impl Work {
    fn launches(&self, app: App) -> PathBuf {
        self.dir.path().join(format!("{}-launches", app.binary()))
    }

    fn idle(&self, app: App) -> PathBuf {
        self.dir.path().join(format!("{}-idle", app.binary()))
    }

    fn home(&self, app: App) -> PathBuf {
        self.dir.path().join(format!("{}-home", app.binary()))
    }
}

/// Runs every desktop measurement. Blocking: call it off the async runtime (the demo's
/// database is read through the runtime's handle).
pub fn run(options: &Options) -> Result<Report, BenchError> {
    let binaries = Binaries::locate()?;
    let session = Session::start()?;
    let work = Work {
        dir: tempfile::Builder::new()
            .prefix("ponte-bench-desktop-")
            .tempdir()?,
    };
    let where_ = format!(
        "{}, binaries from {}",
        session.describe(),
        binaries.dir.display()
    );
    progress(&where_);
    match measure(&session, &binaries, &work, options, &where_) {
        Ok(report) => Ok(report),
        Err(error) => {
            // The apps' output and logs, for finding out what went wrong.
            let kept = work.dir.keep();
            progress(&format!(
                "failed; the apps' files are kept in {}",
                kept.display()
            ));
            Err(error)
        }
    }
}

fn measure(
    session: &Session,
    binaries: &Binaries,
    work: &Work,
    options: &Options,
    where_: &str,
) -> Result<Report, BenchError> {
    // Read first: a missing build fails before minutes of launches.
    let ui = ui_bytes::read(&ui_bytes::dist(), &binaries.path(App::Ponte))?;
    let (ponte_paints, empty_paints) = launch_to_paint(session, binaries, work, options)?;
    let empty_memory = idle_empty(session, binaries, work, options)?;
    let (ponte_memory, sync) = idle_ponte(session, binaries, work, options)?;
    let mut lines = vec![paint_line(&ponte_paints, &empty_paints, where_)];
    lines.extend(memory_lines(&ponte_memory, &empty_memory, &sync, options));
    lines.extend(split_lines(&ponte_memory, &empty_memory));
    lines.push(ui_line(&ui));
    lines.push(size_line(binaries)?);
    Ok(Report(lines))
}

fn progress(message: &str) {
    eprintln!("desktop: {message}");
}

/// One launch of `app`, until it painted; the tree is ended before returning.
fn paint_once(
    session: &Session,
    binaries: &Binaries,
    work: &Work,
    app: App,
) -> Result<Paint, BenchError> {
    let mut launch = Launch::start(
        session,
        app,
        &binaries.path(app),
        &work.launches(app),
        &work.home(app),
    )?;
    let paint = launch.wait_painted(PAINT_TIMEOUT)?;
    drop(launch);
    std::thread::sleep(SETTLE);
    Ok(paint)
}

/// Alternating launches: ponte-desktop first in even rounds, the empty window first in odd
/// ones. Round 0 is the untimed warm-up (page cache, the bus's activated services,
/// ponte-desktop's data directory and WebKit's files).
fn launch_to_paint(
    session: &Session,
    binaries: &Binaries,
    work: &Work,
    options: &Options,
) -> Result<(Vec<Paint>, Vec<Paint>), BenchError> {
    let mut ponte = Vec::new();
    let mut empty = Vec::new();
    for round in 0..=options.launches {
        let order = if round % 2 == 0 {
            [App::Ponte, App::Empty]
        } else {
            [App::Empty, App::Ponte]
        };
        for app in order {
            let paint = paint_once(session, binaries, work, app)?;
            let label = if round == 0 {
                "warm-up".to_string()
            } else {
                format!("launch {round}/{}", options.launches)
            };
            progress(&format!(
                "{label} {}: painted {} ms after spawn ({} ms by its own clock)",
                app.binary(),
                paint.seen.as_millis(),
                paint.reported_ms
            ));
            if round > 0 {
                match app {
                    App::Ponte => ponte.push(paint),
                    App::Empty => empty.push(paint),
                }
            }
        }
    }
    Ok((ponte, empty))
}

/// Waits `secs`, failing early if the app exits.
fn idle(launch: &mut Launch, secs: u64) -> Result<(), BenchError> {
    let until = Instant::now() + Duration::from_secs(secs);
    while Instant::now() < until {
        launch.check_running()?;
        std::thread::sleep(Duration::from_millis(250));
    }
    Ok(())
}

fn idle_empty(
    session: &Session,
    binaries: &Binaries,
    work: &Work,
    options: &Options,
) -> Result<Vec<ProcessMemory>, BenchError> {
    let app = App::Empty;
    progress(&format!(
        "{}: paint, then {} s idle",
        app.binary(),
        options.idle_secs
    ));
    let mut launch = Launch::start(
        session,
        app,
        &binaries.path(app),
        &work.idle(app),
        &work.home(app),
    )?;
    launch.wait_painted(PAINT_TIMEOUT)?;
    idle(&mut launch, options.idle_secs)?;
    let memory = launch.memory()?;
    drop(launch);
    std::thread::sleep(SETTLE);
    Ok(memory)
}

/// How the demo sync went, for the report.
struct SyncSummary {
    records: i64,
    requests: i64,
    ended_after: Duration,
}

fn idle_ponte(
    session: &Session,
    binaries: &Binaries,
    work: &Work,
    options: &Options,
) -> Result<(Vec<ProcessMemory>, SyncSummary), BenchError> {
    let app = App::Ponte;
    // A fresh data directory: the demo integration has never synced, so the scheduler
    // starts a sync one tick after launch.
    let dir = work.idle(app);
    progress(&format!(
        "{}: paint, demo sync (starts about 30 s after launch), then {} s idle",
        app.binary(),
        options.idle_secs
    ));
    let spawned = Instant::now();
    let mut launch = Launch::start(session, app, &binaries.path(app), &dir, &work.home(app))?;
    launch.wait_painted(PAINT_TIMEOUT)?;
    let db = dir.join(ponte_core::store::DATABASE_FILE);
    let runtime = tokio::runtime::Handle::current();
    let timeout = Duration::from_secs(options.sync_timeout_secs);
    let run = loop {
        launch.check_running()?;
        if let Some(run) = runtime.block_on(demo_sync::finished_run(&db))? {
            break run;
        }
        if spawned.elapsed() >= timeout {
            return Err(BenchError::Timeout {
                what: "ponte-desktop's demo sync to end".into(),
                secs: timeout.as_secs(),
            });
        }
        std::thread::sleep(SYNC_POLL);
    };
    let ended_after = spawned.elapsed();
    if run.outcome != "succeeded" {
        return Err(BenchError::SyncFailed(format!(
            "demo sync in ponte-desktop ended {}: {}",
            run.outcome,
            run.error_message.unwrap_or_default()
        )));
    }
    progress(&format!(
        "demo sync ended {:.0} s after launch: {} records, {} requests",
        ended_after.as_secs_f64(),
        run.records,
        run.requests
    ));
    idle(&mut launch, options.idle_secs)?;
    let memory = launch.memory()?;
    drop(launch);
    Ok((
        memory,
        SyncSummary {
            records: run.records,
            requests: run.requests,
            ended_after,
        },
    ))
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    match n {
        0 => f64::NAN,
        _ if n % 2 == 1 => values[n / 2],
        _ => (values[n / 2 - 1] + values[n / 2]) / 2.0,
    }
}

fn paint_line(ponte: &[Paint], empty: &[Paint], where_: &str) -> Line {
    let ms = |paints: &[Paint]| -> Vec<f64> {
        paints.iter().map(|p| p.seen.as_secs_f64() * 1e3).collect()
    };
    let min = |values: Vec<f64>| values.into_iter().fold(f64::INFINITY, f64::min);
    let max = |values: Vec<f64>| values.into_iter().fold(0.0, f64::max);
    let reported = |paints: &[Paint]| median(paints.iter().map(|p| p.reported_ms as f64).collect());
    let all = |paints: &[Paint]| {
        let all: Vec<String> = paints
            .iter()
            .map(|p| p.seen.as_millis().to_string())
            .collect();
        all.join(" ")
    };
    line(
        "launch → first paint: Ponte Painel ÷ empty",
        format!("{:.2}", median(ms(ponte)) / median(ms(empty))),
        "≤ 1.3",
        format!(
            "median of {} launches each, taken in turns, from the bench's spawn to its reading the app's report (Ponte's log line, the empty window's stdout): ponte-desktop --demo {:.0} ms (min {:.0}) [{}], empty-window {:.0} ms (min {:.0}, max {:.0}: the floor's own spread) [{}]; fastest ÷ fastest {:.2}; by the apps' own clocks from the top of main: {:.0} vs {:.0} ms; {where_}",
            ponte.len(),
            median(ms(ponte)),
            min(ms(ponte)),
            all(ponte),
            median(ms(empty)),
            min(ms(empty)),
            max(ms(empty)),
            all(empty),
            min(ms(ponte)) / min(ms(empty)),
            reported(ponte),
            reported(empty),
        ),
    )
}

/// `total MiB = name a + name b + ...` for one measure of a tree.
fn tree_detail(memory: &[ProcessMemory], measure: impl Fn(&ProcessMemory) -> u64) -> String {
    let total: u64 = memory.iter().map(&measure).sum();
    let parts: Vec<String> = memory
        .iter()
        .map(|p| format!("{} {:.1}", p.name, measure(p) as f64 / 1024.0))
        .collect();
    format!("{:.1} MiB = {}", total as f64 / 1024.0, parts.join(" + "))
}

fn memory_lines(
    ponte: &[ProcessMemory],
    empty: &[ProcessMemory],
    sync: &SyncSummary,
    options: &Options,
) -> Vec<Line> {
    let total = |memory: &[ProcessMemory], measure: fn(&ProcessMemory) -> u64| -> f64 {
        memory.iter().map(measure).sum::<u64>() as f64
    };
    let when = format!(
        "{} s idle after the demo sync ({} records, {} requests, ended {:.0} s after launch) / after the paint",
        options.idle_secs,
        sync.records,
        sync.requests,
        sync.ended_after.as_secs_f64()
    );
    let rss = |p: &ProcessMemory| p.rss_kib;
    let pss = |p: &ProcessMemory| p.pss_kib;
    let anon = |p: &ProcessMemory| p.pss_anon_kib;
    let threads: u64 = ponte.first().map_or(0, |p| p.threads);
    let empty_threads: u64 = empty.first().map_or(0, |p| p.threads);
    vec![
        line(
            "idle RSS after demo sync: Ponte ÷ empty",
            format!("{:.2}", total(ponte, rss) / total(empty, rss)),
            "≤ 1.5",
            format!(
                "VmRSS summed over the process tree (shared pages count once per process), MiB: ponte-desktop {}; empty-window {}; {when}",
                tree_detail(ponte, rss),
                tree_detail(empty, rss),
            ),
        ),
        line(
            "idle PSS after demo sync: Ponte ÷ empty",
            format!("{:.2}", total(ponte, pss) / total(empty, pss)),
            "≤ 1.3",
            format!(
                "Pss from smaps_rollup summed over the tree (library pages split with every process mapping them, other WebKit apps running alongside included), MiB: ponte-desktop {}; empty-window {}; of which anonymous: ponte-desktop {}, empty-window {}; main-process threads {threads} vs {empty_threads}",
                tree_detail(ponte, pss),
                tree_detail(empty, pss),
                tree_detail(ponte, anon),
                tree_detail(empty, anon),
            ),
        ),
    ]
}

/// The PSS of one part of an app's tree, in KiB: all of it and its anonymous part.
fn part_pss(memory: &[ProcessMemory], part: Part) -> (u64, u64) {
    memory
        .iter()
        .filter(|p| p.part == part)
        .fold((0, 0), |(pss, anon), p| {
            (pss + p.pss_kib, anon + p.pss_anon_kib)
        })
}

/// Where the idle PSS goes: the app's own process against WebKit's, each part against the
/// same part of the empty window, and each part's share of what Ponte has more.
fn split_lines(ponte: &[ProcessMemory], empty: &[ProcessMemory]) -> Vec<Line> {
    let mib = |kib: u64| kib as f64 / 1024.0;
    let total = |memory: &[ProcessMemory]| memory.iter().map(|p| p.pss_kib).sum::<u64>();
    let more = total(ponte) as f64 - total(empty) as f64;
    let names = |memory: &[ProcessMemory], part: Part| {
        let names: Vec<&str> = memory
            .iter()
            .filter(|p| p.part == part)
            .map(|p| p.name.as_str())
            .collect();
        names.join(" + ")
    };
    let mut lines = Vec::new();
    for (part, name, what) in [
        (
            Part::App,
            "idle PSS, app process: Ponte ÷ empty",
            "the Rust code (with the demo's sandbox and relay, in-process), Tauri, GTK and WebKit's UI-process half",
        ),
        (
            Part::WebKit,
            "idle PSS, WebKit processes: Ponte ÷ empty",
            "the page (DOM, JavaScript heap and code) and its loads",
        ),
        (
            Part::Other,
            "idle PSS, other processes: Ponte ÷ empty",
            "processes the app started besides WebKit's",
        ),
    ] {
        let (ponte_pss, ponte_anon) = part_pss(ponte, part);
        let (empty_pss, empty_anon) = part_pss(empty, part);
        if part == Part::Other && ponte_pss + empty_pss == 0 {
            continue;
        }
        let share = (ponte_pss as f64 - empty_pss as f64) / more * 100.0;
        lines.push(line(
            name,
            match empty_pss {
                0 => "—".to_string(),
                _ => format!("{:.2}", ponte_pss as f64 / empty_pss as f64),
            },
            "—",
            format!(
                "{what}, MiB: ponte-desktop {:.1} ({:.1} anonymous) in [{}] vs empty-window {:.1} ({:.1} anonymous) in [{}]; {:+.1} MiB, {share:.0} % of the {:+.1} MiB Ponte's tree has more",
                mib(ponte_pss),
                mib(ponte_anon),
                names(ponte, part),
                mib(empty_pss),
                mib(empty_anon),
                names(empty, part),
                mib(ponte_pss) - mib(empty_pss),
                more / 1024.0,
            ),
        ));
    }
    lines
}

fn ui_line(ui: &UiBytes) -> Line {
    let kib = |bytes: u64| bytes as f64 / 1024.0;
    let stale = if ui.newer_than_binary {
        "; ui/dist is newer than the ponte-desktop measured, which embeds an older build: rebuild it"
    } else {
        ""
    };
    line(
        "UI loaded at start: JS + CSS",
        format!("{:.0} KiB", kib(ui.initial.js + ui.initial.css)),
        "—",
        format!(
            "the {} files {}/index.html references: JS {:.1} KiB, CSS {:.1} KiB, of JS {:.1} KiB and CSS {:.1} KiB in {} files in the build (the rest is loaded on demand){stale}",
            ui.initial.files,
            ui.dist.display(),
            kib(ui.initial.js),
            kib(ui.initial.css),
            kib(ui.all.js),
            kib(ui.all.css),
            ui.all.files,
        ),
    )
}

fn size_line(binaries: &Binaries) -> Result<Line, BenchError> {
    let ponte = std::fs::metadata(binaries.path(App::Ponte))?.len();
    let empty = std::fs::metadata(binaries.path(App::Empty))?.len();
    Ok(line(
        "release binary size: Ponte ÷ empty",
        format!("{:.2}", ponte as f64 / empty as f64),
        "—",
        format!(
            "ponte-desktop {:.1} MiB ({ponte} B, UI embedded), empty-window {:.1} MiB ({empty} B); profile.release: thin LTO, debug info stripped",
            ponte as f64 / MIB,
            empty as f64 / MIB
        ),
    ))
}
