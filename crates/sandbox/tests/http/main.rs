//! The sandbox over real loopback HTTP, one module per behaviour; one test binary so the
//! helpers below are shared.

mod admin_routes;
mod auth_and_limits;
mod dated_updates;
mod determinism;
mod faults;
mod filters;
mod mutations;
mod paging;
mod validation;
mod webhook_auth_modes;
mod webhook_background;
mod webhook_emit_command;
mod webhook_envelope;
mod webhook_receiver;
mod webhook_retries;
mod write_faults;
mod writes;

use chrono::NaiveDate;
use ponte_sandbox::{
    DEFAULT_ACCESS_TOKEN, DEFAULT_SECRET_TOKEN, RunningSandbox, Sandbox, SandboxConfig, Scale,
};
use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde_json::Value;

pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 15).unwrap()
}

/// Small scale, fixed `today`, limits off: fast and repeatable.
pub fn config() -> SandboxConfig {
    let mut config = SandboxConfig::new(7, Scale::Small);
    config.enforce_limits = false;
    config.today = today();
    config
}

pub async fn start(config: SandboxConfig) -> RunningSandbox {
    Sandbox::start(config, "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap()
}

pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Answer {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }
}

/// GETs `base_url + path` with the default tokens.
pub async fn get(sandbox: &RunningSandbox, path: &str) -> Answer {
    get_with_tokens(sandbox, path, DEFAULT_ACCESS_TOKEN, DEFAULT_SECRET_TOKEN).await
}

pub async fn get_with_tokens(
    sandbox: &RunningSandbox,
    path: &str,
    access: &str,
    secret: &str,
) -> Answer {
    let response = reqwest::Client::new()
        .get(format!("{}{path}", sandbox.base_url()))
        .header("access-token", access)
        .header("secret-access-token", secret)
        .send()
        .await
        .unwrap();
    Answer {
        status: response.status(),
        headers: response.headers().clone(),
        body: response.text().await.unwrap(),
    }
}

/// PUTs `body` to `base_url + path` with the default tokens.
pub async fn put(sandbox: &RunningSandbox, path: &str, body: &Value) -> Answer {
    let response = reqwest::Client::new()
        .put(format!("{}{path}", sandbox.base_url()))
        .header("access-token", DEFAULT_ACCESS_TOKEN)
        .header("secret-access-token", DEFAULT_SECRET_TOKEN)
        .json(body)
        .send()
        .await
        .unwrap();
    Answer {
        status: response.status(),
        headers: response.headers().clone(),
        body: response.text().await.unwrap(),
    }
}

/// Every record of a list, following `proxima_pagina`, as `(id, record)` pairs.
pub async fn all_pages(sandbox: &RunningSandbox, resource: &str, query: &str) -> Vec<Value> {
    let mut records = Vec::new();
    let mut page = 1;
    loop {
        let body = get(
            sandbox,
            &format!("/{resource}?{query}&limite=100&pagina={page}"),
        )
        .await
        .json();
        let data = body["data"].as_array().unwrap();
        records.extend(data.iter().cloned());
        if body["meta"]["proxima_pagina"].is_null() {
            assert!(data.len() <= 100);
            return records;
        }
        page += 1;
    }
}

pub fn id_of(record: &Value) -> String {
    record["id"].as_str().unwrap().to_string()
}
