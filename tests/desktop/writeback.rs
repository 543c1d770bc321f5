//! Corrigir na origem in the real window: the demo synced, an open recebimento is "Baixado"
//! from Dados › Lançamentos (today, a conta, a forma). Its row says "pendente de envio"
//! while the write is on its way (the demo's sandbox is told to hold the PUT's answer for
//! 3 s, so the badge is there to be seen), then shows it liquidado today; the sandbox has
//! the one write; the caixa DRE's Lucro Líquido for this month goes up by exactly the
//! título's valor; and "Alterações enviadas" lists it as "Gravada". The Painel has no
//! amounts (its cards count records), so the DRE is where the money is read.

use super::{SCREEN_TIMEOUT, SYNC_TIMEOUT, save_screenshot, wait_until_single_instance_free};
use fantoccini::Client;
use ponte_e2e::bin;
use ponte_e2e::desktop::{TauriDriver, click, enabled, parse_count, wait_for_text};
use serde_json::{Value, json};
use std::time::Duration;

/// From "Baixar" to "Gravada": one GET and one PUT held 3 s, at 3 requests/s.
const SEND_TIMEOUT: Duration = Duration::from_secs(90);

#[tokio::test(flavor = "multi_thread")]
async fn baixar_from_dados_clears_its_badge_and_moves_the_caixa_dre() {
    if !enabled() {
        return;
    }
    // The other real-window test's app may still hold the single-instance name.
    wait_until_single_instance_free();
    let dir = tempfile::tempdir().expect("temp dir");
    let data_dir = dir.path().join("data");
    let data_dir = data_dir.to_str().expect("utf-8 temp path");
    let driver = TauriDriver::start();
    // Without live changes: only the baixa moves the DRE.
    let client = driver
        .session(
            &bin("ponte-desktop"),
            &[
                "--demo",
                "--demo-changes-per-minute",
                "0",
                "--data-dir",
                data_dir,
            ],
        )
        .await;
    // A panic inside the scenario must still end the session, or the app outlives the test.
    let outcome = tokio::spawn(baixar_from_dados(client.clone())).await;
    if outcome.is_err() {
        save_screenshot(&client, "baixar-failure").await;
    }
    let _ = client.close().await;
    if let Err(panic) = outcome {
        std::panic::resume_unwind(panic.into_panic());
    }
    drop(driver);
    wait_until_single_instance_free();
}

async fn baixar_from_dados(client: Client) {
    wait_for_text(
        &client,
        "[data-testid=demo-banner]",
        SCREEN_TIMEOUT,
        |text| text.contains("Modo demonstração"),
    )
    .await;
    click(&client, "[data-testid=sync-now]").await;
    wait_for_text(&client, "[data-testid=last-sync]", SYNC_TIMEOUT, |text| {
        text.contains("Concluída")
    })
    .await;
    let sandbox = demo_sandbox_root(&client).await;
    let lucro_before = caixa_lucro_this_month(&client, |_| true).await;

    // An open recebimento (a sale's installment, so its plano is revenue), then that one
    // row alone, settled or not, so it stays in view through the whole change.
    click(&client, "[data-nav=dados]").await;
    click(&client, "[data-dataset=lancamentos]").await;
    choose_filter(&client, "Tipo", "recebimento").await;
    choose_filter(&client, "Liquidado", "nao").await;
    set_input(&client, "input[name=search]", "parcela").await;
    click(&client, "form.filters button[type=submit]").await;
    let open = first_row_until(&client, |row| {
        row.tipo == "Recebimento" && row.liquidado == "Não" && row.descricao.contains("parcela")
    })
    .await;
    choose_filter(&client, "Liquidado", "").await;
    set_input(&client, "input[name=search]", &open.descricao).await;
    click(&client, "form.filters button[type=submit]").await;
    wait_for_text(
        &client,
        "[data-testid=dados-matching]",
        SCREEN_TIMEOUT,
        |text| parse_count(text) == 1,
    )
    .await;
    first_row_until(&client, |row| row.descricao == open.descricao).await;
    let valor = centavos(&open.valor);

    // The sandbox holds the PUT's answer, so "pendente de envio" lasts long enough to see.
    hold_next_write(&sandbox).await;
    click(
        &client,
        "[data-testid=dados-table] tbody tr:first-child td.pick input",
    )
    .await;
    click(&client, "[data-testid=action-baixar]").await;
    let today = sao_paulo_today();
    set_input(
        &client,
        "[data-testid=baixar-form] input[name=data]",
        &today,
    )
    .await;
    choose_first_option(&client, "select[name=conta]").await;
    choose_first_option(&client, "select[name=forma]").await;
    wait_for_text(
        &client,
        "[data-testid=valor-pago]",
        SCREEN_TIMEOUT,
        |text| text.contains(open.valor.trim()),
    )
    .await;
    save_screenshot(&client, "baixar-form").await;
    click(&client, "[data-testid=baixar-form] button[type=submit]").await;
    wait_for_text(
        &client,
        "[data-testid=writeback-queued]",
        SCREEN_TIMEOUT,
        |text| text.contains("1 alteração enviada"),
    )
    .await;

    let pending = first_row_until(&client, |row| row.badge.is_some()).await;
    assert_eq!(
        pending.badge.as_deref(),
        Some("pendente de envio"),
        "{pending:?}"
    );
    save_screenshot(&client, "baixar-pendente").await;
    let settled = first_row_until_within(SEND_TIMEOUT, &client, |row| {
        row.badge.is_none() && row.liquidado != "Não"
    })
    .await;
    assert_eq!(settled.liquidado, format!("Sim, {today}"), "{settled:?}");
    assert_eq!(settled.descricao, open.descricao);

    // The sandbox took exactly one write: the recebimento, now liquidado.
    let writes = admin_get(&sandbox, "writes").await;
    let writes = writes.as_array().expect("the sandbox's writes");
    assert_eq!(writes.len(), 1, "{writes:?}");
    assert_eq!(writes[0]["resource"], "recebimentos", "{writes:?}");

    click(&client, "[data-nav=alteracoes]").await;
    let item = wait_for_text(
        &client,
        "[data-testid=outbox-item]",
        SCREEN_TIMEOUT,
        |text| text.contains("Gravada"),
    )
    .await;
    assert!(item.contains(&open.descricao), "{item}");
    save_screenshot(&client, "alteracoes-enviadas").await;

    let expected = lucro_before + valor;
    let lucro_after = caixa_lucro_this_month(&client, |lucro| lucro == expected).await;
    assert_eq!(
        lucro_after - lucro_before,
        valor,
        "the caixa DRE moved by another amount than the título's {}",
        open.valor
    );
}

/// What a test reads of the first row of Dados' lançamentos.
#[derive(Debug)]
struct Row {
    tipo: String,
    /// Without its badge.
    descricao: String,
    /// "Não", or "Sim, dd/mm/aaaa".
    liquidado: String,
    valor: String,
    /// "pendente de envio", "em conflito", "envio falhou"; none once sent.
    badge: Option<String>,
}

const FIRST_ROW: &str = "
    const row = document.querySelector('[data-testid=dados-table] tbody tr');
    if (!row || row.cells.length < 9) return null;
    const descricao = row.cells[4].cloneNode(true);
    descricao.querySelectorAll('[data-testid=envio-badge]').forEach((badge) => badge.remove());
    const badge = row.querySelector('[data-testid=envio-badge]');
    return {
        tipo: row.cells[3].textContent.trim(),
        descricao: descricao.textContent.trim(),
        liquidado: row.cells[7].textContent.trim(),
        valor: row.querySelector('td.money').textContent.trim(),
        badge: badge ? badge.textContent.trim() : null,
    };";

fn row_of(value: &Value) -> Option<Row> {
    let text = |key: &str| value.get(key)?.as_str().map(str::to_string);
    Some(Row {
        tipo: text("tipo")?,
        descricao: text("descricao")?,
        liquidado: text("liquidado")?,
        valor: text("valor")?,
        badge: text("badge"),
    })
}

async fn first_row_until(client: &Client, accept: impl Fn(&Row) -> bool) -> Row {
    first_row_until_within(SCREEN_TIMEOUT, client, accept).await
}

/// Polls the first row of Dados' table until `accept` takes it.
async fn first_row_until_within(
    timeout: Duration,
    client: &Client,
    accept: impl Fn(&Row) -> bool,
) -> Row {
    let deadline = std::time::Instant::now() + timeout;
    let mut last = None;
    loop {
        let row = client
            .execute(FIRST_ROW, Vec::new())
            .await
            .ok()
            .and_then(|value| row_of(&value));
        if let Some(row) = row {
            if accept(&row) {
                return row;
            }
            last = Some(row);
        }
        assert!(
            std::time::Instant::now() < deadline,
            "Dados' first row never showed what was expected within {timeout:?}; last: {last:?}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Chooses `value` in the Dados filter labelled `label` (Tipo, Liquidado), as a pick in
/// the list does: the `change` event the screen reacts to.
async fn choose_filter(client: &Client, label: &str, value: &str) {
    const CHOOSE: &str = "
        const [label, value] = arguments;
        const found = [...document.querySelectorAll('form.filters label')]
            .find((l) => l.textContent.trim().startsWith(label));
        const select = found && found.querySelector('select');
        if (!select) return false;
        select.value = value;
        select.dispatchEvent(new Event('change', { bubbles: true }));
        return true;";
    let chosen = client
        .execute(CHOOSE, vec![json!(label), json!(value)])
        .await
        .unwrap_or_else(|error| panic!("filter {label}: {error}"));
    assert_eq!(chosen, json!(true), "no filter labelled {label}");
}

/// Replaces the text of the input `selector`, as typing it would (`input` event).
async fn set_input(client: &Client, selector: &str, value: &str) {
    const SET: &str = "
        const [selector, value] = arguments;
        const input = document.querySelector(selector);
        if (!input) return false;
        input.value = value;
        input.dispatchEvent(new Event('input', { bubbles: true }));
        return true;";
    let set = client
        .execute(SET, vec![json!(selector), json!(value)])
        .await
        .unwrap_or_else(|error| panic!("{selector}: {error}"));
    assert_eq!(set, json!(true), "no input {selector}");
}

/// Chooses the first real option of the select `selector` once its options have loaded.
async fn choose_first_option(client: &Client, selector: &str) {
    const CHOOSE: &str = "
        const select = document.querySelector(arguments[0]);
        if (!select || select.options.length < 2) return null;
        select.value = select.options[1].value;
        select.dispatchEvent(new Event('change', { bubbles: true }));
        return select.options[1].textContent;";
    let deadline = std::time::Instant::now() + SCREEN_TIMEOUT;
    loop {
        let chosen = client
            .execute(CHOOSE, vec![json!(selector)])
            .await
            .unwrap_or(Value::Null);
        if !chosen.is_null() {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "{selector} never had an option to choose"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// The caixa DRE's Lucro Líquido for this month (São Paulo's), in centavos, once `accept`
/// takes it. The DRE opens afresh (competência, 12 months), so the basis and the period
/// are chosen each time.
async fn caixa_lucro_this_month(client: &Client, accept: impl Fn(i64) -> bool) -> i64 {
    click(client, "[data-nav=relatorios]").await;
    click(client, "[data-tab=dre]").await;
    const CAIXA: &str = "
        const select = document.querySelector('[data-filter=basis]');
        if (!select) return false;
        select.value = 'caixa';
        select.dispatchEvent(new Event('change', { bubbles: true }));
        return true;";
    let deadline = std::time::Instant::now() + SCREEN_TIMEOUT;
    while client.execute(CAIXA, Vec::new()).await.ok() != Some(json!(true)) {
        assert!(
            std::time::Instant::now() < deadline,
            "the DRE's basis never showed"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    click(client, "[data-preset=this_month]").await;
    let month = sao_paulo_today()[3..].to_string();
    wait_for_text(
        client,
        "[data-testid=dre-table] thead",
        SCREEN_TIMEOUT,
        |text| text.matches('/').count() == 1 && text.contains(&month),
    )
    .await;
    let lucro = wait_for_text(
        client,
        "[data-line=lucro_liquido] td.money",
        SCREEN_TIMEOUT,
        |text| text.contains("R$") && accept(centavos(text)),
    )
    .await;
    centavos(&lucro)
}

/// The demo sandbox's root (its API's address, without `/api`), as Integrações shows it
/// beside the demo integration's name.
async fn demo_sandbox_root(client: &Client) -> String {
    click(client, "[data-nav=integracoes]").await;
    const BASE_URL: &str = "
        const card = [...document.querySelectorAll('article')]
            .find((a) => a.querySelector('h2')?.textContent.trim() === 'Gestão Click (demonstração)');
        return card ? card.querySelector('.spread .muted')?.textContent.trim() ?? null : null;";
    let deadline = std::time::Instant::now() + SCREEN_TIMEOUT;
    loop {
        let shown = client.execute(BASE_URL, Vec::new()).await.ok();
        if let Some(Value::String(url)) = shown
            && url.starts_with("http://127.0.0.1:")
        {
            return url
                .trim_end_matches('/')
                .trim_end_matches("/api")
                .to_string();
        }
        assert!(
            std::time::Instant::now() < deadline,
            "Integrações never showed the demo sandbox's address"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// The next PUT is applied at once and answered 3 s later.
async fn hold_next_write(root: &str) {
    let status = reqwest::Client::new()
        .post(format!("{root}/__sandbox/faults/next"))
        .json(&json!({"count": 1, "kind": "delay", "ms": 3000, "writes_only": true}))
        .send()
        .await
        .expect("the demo sandbox answers")
        .status();
    assert!(status.is_success(), "faults/next answered {status}");
}

async fn admin_get(root: &str, path: &str) -> Value {
    reqwest::Client::new()
        .get(format!("{root}/__sandbox/{path}"))
        .send()
        .await
        .and_then(reqwest::Response::error_for_status)
        .expect("the demo sandbox answers")
        .json()
        .await
        .expect("JSON")
}

/// Today in São Paulo as dd/mm/aaaa (UTC-3 all year since 2019), the baixa's date and the
/// DRE's current month.
fn sao_paulo_today() -> String {
    (chrono::Utc::now() - chrono::TimeDelta::hours(3))
        .format("%d/%m/%Y")
        .to_string()
}

/// "R$ 1.234,56" → 123456; "(R$ 9,90)" and "-R$ 9,90" → -990.
fn centavos(money: &str) -> i64 {
    let digits: String = money.chars().filter(char::is_ascii_digit).collect();
    let value: i64 = digits
        .parse()
        .unwrap_or_else(|_| panic!("not money: {money}"));
    if money.contains('(') || money.contains('-') {
        -value
    } else {
        value
    }
}
