//! Whether a screen fits the window, read from the DOM of the real window: the window is
//! resized through WebDriver, a script lists what overflows, and each screen is saved as a
//! PNG under the workspace's `target/e2e/` for review.

use crate::desktop::{click, screenshot, wait_for_text};
use fantoccini::{Client, Locator};
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// A size of the window's content (the page's `innerWidth` × `innerHeight`).
#[derive(Clone, Copy, Debug)]
pub struct WindowSize {
    pub width: u32,
    pub height: u32,
}

/// The window's size at launch (`src-tauri/tauri.conf.json`).
pub const DEFAULT_SIZE: WindowSize = WindowSize {
    width: 1180,
    height: 780,
};

/// The smallest window the app allows (`minWidth` × `minHeight`).
pub const MINIMUM_SIZE: WindowSize = WindowSize {
    width: 860,
    height: 560,
};

impl WindowSize {
    /// `1180x780`, as screenshot names carry it.
    pub fn label(self) -> String {
        format!("{}x{}", self.width, self.height)
    }
}

const RESIZE_TIMEOUT: Duration = Duration::from_secs(20);

/// The page's `innerWidth` and `innerHeight`.
async fn inner_size(client: &Client) -> (i64, i64) {
    let value = client
        .execute(
            "return [window.innerWidth, window.innerHeight];",
            Vec::new(),
        )
        .await
        .expect("the page answers its size");
    let pair = value.as_array().expect("a pair");
    (
        pair[0].as_i64().expect("innerWidth"),
        pair[1].as_i64().expect("innerHeight"),
    )
}

/// Resizes the window so that the page is exactly `size`. WebDriver sets the outer window;
/// whatever the window manager or the toolkit adds around the page (decorations, borders)
/// is measured after the first try and added to the next.
pub async fn resize(client: &Client, size: WindowSize) {
    let target = (i64::from(size.width), i64::from(size.height));
    let mut outer = target;
    let deadline = Instant::now() + RESIZE_TIMEOUT;
    loop {
        let width = u32::try_from(outer.0).expect("a positive width");
        let height = u32::try_from(outer.1).expect("a positive height");
        client
            .set_window_size(width, height)
            .await
            .expect("WebDriver resizes the window");
        // The page sees the new size once the toolkit has handled the resize: read until
        // it is the target or stops changing.
        let mut inner = inner_size(client).await;
        loop {
            tokio::time::sleep(Duration::from_millis(150)).await;
            let now = inner_size(client).await;
            let settled = now == inner;
            inner = now;
            if inner == target || settled {
                break;
            }
        }
        if inner == target {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "the page never became {}: it is {}x{} with the window at {}x{}",
            size.label(),
            inner.0,
            inner.1,
            outer.0,
            outer.1
        );
        outer = (outer.0 + target.0 - inner.0, outer.1 + target.1 - inner.1);
    }
}

/// Lists what does not fit, as sentences for the assertion. Checked on the page as shown
/// (scroll positions at their start):
/// - neither the page nor the main area scrolls sideways;
/// - no element of the main area sticks out of it, unless a scroll container inside the
///   main area (a table's wrapper) holds it, and none spills out of its card (`.card`,
///   `article`, `fieldset`);
/// - the sidebar stays in view when the page and the main area are scrolled to the end;
/// - every table shows its first column, and its last column and any "Total" column are
///   either visible or reachable by scrolling the table's container with the first column
///   sticky and opaque (so scrolled cells do not show through);
/// - a totals row (`tfoot`, or a last row styled `total` or `strong`) shows its content
///   inside the container, and stays at the bottom when the container scrolls vertically.
const CHECK: &str = r#"
const problems = [];
const vw = window.innerWidth, vh = window.innerHeight;
const describe = (el) => {
  const classes = typeof el.className === 'string' && el.className.trim()
    ? '.' + el.className.trim().split(/\s+/).filter((c) => !c.startsWith('svelte-')).join('.') : '';
  const hook = [...el.attributes].filter((a) => a.name.startsWith('data-'))
    .map((a) => `[${a.name}=${a.value}]`).join('');
  const text = (el.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 40);
  return `<${el.tagName.toLowerCase()}${classes}${hook}> "${text}"`;
};
const se = document.scrollingElement;
if (se.scrollWidth > vw + 1) problems.push(`the page scrolls sideways: ${se.scrollWidth} > ${vw}`);
const main = document.querySelector('main');
const mr = main.getBoundingClientRect();
const mainLeft = mr.left + main.clientLeft;
const mainRight = mainLeft + main.clientWidth;
if (mainRight > vw + 1) problems.push(`the main area ends at ${mainRight}, past the window's ${vw}`);
if (main.scrollWidth > main.clientWidth + 1)
  problems.push(`the main area scrolls sideways: ${main.scrollWidth} > ${main.clientWidth}`);

const scrolls = (el) => getComputedStyle(el).overflowX !== 'visible';
const clipOf = (el) => {
  for (let a = el.parentElement; a && a !== main; a = a.parentElement) if (scrolls(a)) return a;
  return null;
};
const boxOf = (el) => {
  for (let a = el.parentElement; a && a !== main; a = a.parentElement) {
    if (scrolls(a)) return null;
    if (a.matches('.card, article, fieldset')) return a;
  }
  return null;
};
const outside = [], spilled = [];
for (const el of main.querySelectorAll('*')) {
  const r = el.getBoundingClientRect();
  if (r.width === 0 && r.height === 0) continue;
  const box = boxOf(el);
  if (box) {
    const b = box.getBoundingClientRect();
    if (r.right > b.right + 1 || r.left < b.left - 1)
      spilled.push(`${describe(el)} spans ${Math.round(r.left)}..${Math.round(r.right)}, its card ${Math.round(b.left)}..${Math.round(b.right)}`);
  }
  if (clipOf(el)) continue;
  if (r.right > mainRight + 1 || r.left < mainLeft - 1)
    outside.push(`${describe(el)} spans ${Math.round(r.left)}..${Math.round(r.right)}`);
}
if (outside.length > 0)
  problems.push(`${outside.length} elements stick out of the main area (${Math.round(mainLeft)}..${Math.round(mainRight)}): ${outside.slice(0, 6).join('; ')}`);
if (spilled.length > 0)
  problems.push(`${spilled.length} elements spill out of their card: ${spilled.slice(0, 6).join('; ')}`);

const sidebar = document.querySelector('nav.sidebar');
const start = [se.scrollTop, main.scrollTop];
se.scrollTop = se.scrollHeight;
main.scrollTop = main.scrollHeight;
const sr = sidebar.getBoundingClientRect();
const navs = sidebar.querySelectorAll('[data-nav]');
const lastNav = navs[navs.length - 1].getBoundingClientRect();
if (sr.top < -1 || lastNav.bottom > vh + 1)
  problems.push(`the sidebar scrolls away with the page: its top is at ${Math.round(sr.top)}, its last entry ends at ${Math.round(lastNav.bottom)} of ${vh}`);
se.scrollTop = start[0];
main.scrollTop = start[1];

const opaque = (el) => {
  const bg = getComputedStyle(el).backgroundColor;
  return bg !== 'transparent' && !/,\s*0\)$/.test(bg) && !/\/\s*0\)$/.test(bg);
};
for (const table of main.querySelectorAll('table')) {
  const tr = table.getBoundingClientRect();
  if (tr.width === 0 || table.rows.length === 0) continue;
  const name = describe(table);
  const clip = clipOf(table);
  const left = clip ? clip.getBoundingClientRect().left + clip.clientLeft : mainLeft;
  const right = clip ? left + clip.clientWidth : mainRight;
  const seen = (el) => {
    const r = el.getBoundingClientRect();
    return r.left >= left - 1 && r.right <= right + 1;
  };
  const scrollsSideways = clip !== null && ['auto', 'scroll'].includes(getComputedStyle(clip).overflowX)
    && clip.scrollWidth > clip.clientWidth;
  const firstCells = [...table.rows].map((row) => row.cells[0]).filter((c) => c && c.colSpan === 1);
  const stickyFirst = firstCells.every((c) => {
    const s = getComputedStyle(c);
    return s.position === 'sticky' && s.left !== 'auto' && opaque(c);
  });
  const head = [...table.rows[0].cells];
  if (!seen(head[0])) problems.push(`${name}: its first column is out of view`);
  const keys = head.filter((c, i) => i > 0 && (i === head.length - 1 || /^total$/i.test(c.textContent.trim())));
  for (const key of keys) {
    if (seen(key)) continue;
    if (!scrollsSideways) problems.push(`${name}: its column "${key.textContent.trim()}" is out of view and cannot be scrolled to inside the table's container`);
    else if (!stickyFirst) problems.push(`${name}: its column "${key.textContent.trim()}" needs a sideways scroll, but the first column is not sticky with an opaque background`);
  }
  const last = table.tBodies.length > 0 ? [...table.tBodies].pop().rows : [];
  const totals = [...table.querySelectorAll('tfoot tr')];
  if (last.length > 0 && last[last.length - 1].matches('.total, .strong')) totals.push(last[last.length - 1]);
  for (const total of totals) {
    const cells = [...total.cells];
    if (cells.length === 0) continue;
    if (!seen(cells[0]) && !stickyFirst) problems.push(`${name}: the totals row "${total.textContent.trim().slice(0, 40)}" starts out of view`);
    for (const cell of cells.filter((c) => c.colSpan > 1)) {
      for (const part of cell.querySelectorAll('*')) {
        if (part.children.length === 0 && part.textContent.trim() && !seen(part))
          problems.push(`${name}: "${part.textContent.trim()}" of the totals row is out of view`);
      }
    }
    if (clip && clip.scrollHeight > clip.clientHeight + 1 && ['auto', 'scroll'].includes(getComputedStyle(clip).overflowY)) {
      const stuck = (el) => getComputedStyle(el).position === 'sticky' && getComputedStyle(el).bottom !== 'auto';
      if (!stuck(total) && !stuck(cells[0]))
        problems.push(`${name}: the totals row scrolls out of its container`);
    }
  }
}
return problems;
"#;

/// What does not fit on the page as shown now (empty when everything fits).
pub async fn overflow_problems(client: &Client) -> Vec<String> {
    let value = client
        .execute(CHECK, Vec::new())
        .await
        .expect("the layout check runs in the page");
    serde_json::from_value(value).expect("a list of problems")
}

/// `target/e2e/`, the workspace's target dir (the test binary lives in `target/debug/deps`).
pub fn screenshot_dir() -> PathBuf {
    crate::bin_dir()
        .parent()
        .map(|target| target.join("e2e"))
        .expect("the workspace's target dir")
}

/// Scrolls every container of the main area back to its left edge, then brings `show`
/// (when given) to the top of the view, so the picture shows what the screen is about.
const PREPARE: &str = "
for (const el of document.querySelectorAll('main, main *')) if (el.scrollLeft) el.scrollLeft = 0;
const shown = arguments[0] && document.querySelector(arguments[0]);
if (shown) shown.scrollIntoView({ block: 'start', inline: 'nearest' });
else document.querySelector('main').scrollTop = 0;";

/// Saves the page as `target/e2e/<screen>-<size>.png` and returns what does not fit, each
/// line naming the screen and the size, so that one run shows every screen's problems.
/// `show` is the part of the screen to scroll to before the picture.
pub async fn check_fits(
    client: &Client,
    screen: &str,
    size: WindowSize,
    show: Option<&str>,
) -> Vec<String> {
    client
        .execute(PREPARE, vec![serde_json::json!(show)])
        .await
        .expect("the page scrolls");
    let dir = screenshot_dir();
    let path = dir.join(format!("{screen}-{}.png", size.label()));
    let png = screenshot(client)
        .await
        .unwrap_or_else(|error| panic!("no screenshot of {screen}: {error}"));
    std::fs::create_dir_all(&dir)
        .and_then(|()| std::fs::write(&path, png))
        .unwrap_or_else(|error| panic!("{} not written: {error}", path.display()));
    overflow_problems(client)
        .await
        .into_iter()
        .map(|problem| format!("{screen} at {}: {problem}", size.label()))
        .collect()
}

/// Opens every `<details>` of the main area: a panel the operator can open must fit too.
pub async fn open_all_details(client: &Client) {
    client
        .execute(
            "document.querySelectorAll('main details').forEach((d) => (d.open = true));",
            Vec::new(),
        )
        .await
        .expect("the page opens its panels");
}

/// Waits until `selector` is on the page.
async fn shown(client: &Client, selector: &str) {
    wait_for_text(client, selector, SCREEN_TIMEOUT, |_| true).await;
}

const SCREEN_TIMEOUT: Duration = Duration::from_secs(30);

/// Walks every screen and report of a synced demo at `size` (the window already resized)
/// and returns what does not fit on each: the Painel, Notificações, the Histórico and a
/// run's detail, Integrações with both add forms and every panel open, each dataset of
/// Dados, Configurações, and each report (the DRE with a drill-down open and its
/// Conferência, the Estrutura do DRE, Fluxo de caixa with its saldos iniciais, A receber /
/// a pagar, Vendas, Indicadores).
pub async fn every_screen(client: &Client, size: WindowSize) -> Vec<String> {
    let mut problems = Vec::new();

    click(client, "[data-nav=painel]").await;
    shown(client, "[data-testid=integration-card]").await;
    problems.extend(check_fits(client, "painel", size, None).await);

    click(client, "[data-nav=notificacoes]").await;
    shown(client, "[data-testid=notification]").await;
    problems.extend(check_fits(client, "notificacoes", size, None).await);

    click(client, "[data-nav=historico]").await;
    shown(client, "[data-testid=runs-table] tbody tr").await;
    problems.extend(check_fits(client, "historico", size, None).await);
    click(
        client,
        "[data-testid=runs-table] tbody tr:first-child button",
    )
    .await;
    shown(client, "[data-testid=run-detail]").await;
    problems.extend(check_fits(client, "historico-detalhe", size, None).await);

    click(client, "[data-nav=integracoes]").await;
    shown(client, "[data-testid=add-provider]").await;
    let webhook = client
        .find_all(Locator::Css("[data-testid=show-webhook]"))
        .await
        .expect("query the page");
    if !webhook.is_empty() {
        click(client, "[data-testid=show-webhook]").await;
        shown(client, "[data-testid=webhook-url]").await;
    }
    open_all_details(client).await;
    problems.extend(check_fits(client, "integracoes", size, None).await);
    click(client, "input[name=add_provider][value=coinzz]").await;
    shown(client, "[data-testid=add-coinzz]").await;
    open_all_details(client).await;
    problems.extend(check_fits(client, "integracoes-coinzz", size, None).await);

    click(client, "[data-nav=dados]").await;
    // A header only this dataset's table has, so the previous dataset's table is not taken
    // for it.
    for (dataset, header) in [
        ("clientes", "Razão social"),
        ("fornecedores", "Razão social"),
        ("vendas", "Situação"),
        ("lancamentos", "Competência"),
    ] {
        click(client, &format!("[data-dataset={dataset}]")).await;
        wait_for_text(
            client,
            "[data-testid=dados-table] thead",
            SCREEN_TIMEOUT,
            |text| text.contains(header),
        )
        .await;
        let screen = format!("dados-{dataset}");
        problems.extend(check_fits(client, &screen, size, None).await);
    }

    click(client, "[data-nav=configuracoes]").await;
    shown(client, "[data-testid=data-dir]").await;
    problems.extend(check_fits(client, "configuracoes", size, None).await);

    click(client, "[data-nav=sobre]").await;
    shown(client, "[data-testid=license-group]").await;
    problems.extend(check_fits(client, "sobre", size, None).await);

    click(client, "[data-nav=relatorios]").await;
    click(client, "[data-tab=indicadores]").await;
    shown(client, "[data-testid=indicators]").await;
    problems.extend(check_fits(client, "relatorios-indicadores", size, None).await);
    click(client, "[data-tab=dre]").await;
    wait_for_text(
        client,
        "[data-line=lucro_liquido] td.money",
        SCREEN_TIMEOUT,
        |text| text.contains("R$"),
    )
    .await;
    let table = Some("[data-testid=dre-table]");
    problems.extend(check_fits(client, "relatorios-dre", size, table).await);
    click(client, "[data-line=lucro_liquido] td.money button").await;
    shown(client, "[data-testid=dre-drill] [data-testid=provider-id]").await;
    let drill = Some("[data-testid=dre-drill]");
    problems.extend(check_fits(client, "relatorios-dre-detalhe", size, drill).await);
    shown(client, "[data-testid=conferencia-verdict]").await;
    open_all_details(client).await;
    let conferencia = Some("[data-testid=conferencia]");
    problems.extend(check_fits(client, "relatorios-conferencia", size, conferencia).await);
    click(client, "[data-tab=estrutura]").await;
    shown(client, "[data-testid=dre-mapping] tbody tr").await;
    let table = Some("[data-testid=dre-mapping]");
    problems.extend(check_fits(client, "relatorios-estrutura", size, table).await);
    for (tab, screen) in [
        ("fluxo", "relatorios-fluxo"),
        ("aging", "relatorios-aging"),
        ("vendas", "relatorios-vendas"),
    ] {
        click(client, &format!("[data-tab={tab}]")).await;
        shown(client, "[data-testid=report-table] tbody tr").await;
        open_all_details(client).await;
        let table = Some("[data-testid=report-table]");
        problems.extend(check_fits(client, screen, size, table).await);
    }
    problems
}
