//! Paging and ordering of a list, and its envelope with either `meta` variant
//! (`docs/providers/gestaoclick.md#envelope`).

use super::query::{Invalid, Params};
use super::replies::Reply;
use crate::dataset::table::Rendered;
use crate::resource::{MetaShape, Resource};
use serde::Serialize;
use std::cmp::Ordering;

/// The blueprint's examples show 20 per page; no page holds more than 100.
const DEFAULT_PAGE_SIZE: u64 = 20;
const MAX_PAGE_SIZE: u64 = 100;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Page {
    /// 1-based.
    pub number: u64,
    pub size: u64,
}

/// `pagina` (1-based) and the page size, from `limite` or the documented `limit`; sizes
/// above 100 are reduced to 100, as the probing client saw.
pub(crate) fn page(params: &Params) -> Result<Page, Invalid> {
    let number = params.id("pagina")?.unwrap_or(1).max(1);
    let size = match params.id("limite")? {
        Some(size) => Some(size),
        None => params.id("limit")?,
    };
    let size = size
        .filter(|s| *s > 0)
        .unwrap_or(DEFAULT_PAGE_SIZE)
        .min(MAX_PAGE_SIZE);
    Ok(Page { number, size })
}

/// `ordenacao=<field>` and `direcao=asc|desc` on any top-level field. Numbers compare as
/// numbers when every value of the field is one, otherwise as text; absent values first.
/// The sort is stable, so ties keep the default order.
pub(crate) fn order(rows: &mut [&Rendered], params: &Params) {
    let Some(field) = params.get("ordenacao") else {
        return;
    };
    let descending = params
        .get("direcao")
        .is_some_and(|d| d.eq_ignore_ascii_case("desc"));
    let texts: Vec<Option<&str>> = rows.iter().map(|row| row.field(field)).collect();
    // Keys are parsed once, not at every comparison: titles are sorted on every request.
    let numbers: Option<Vec<Option<f64>>> = texts
        .iter()
        .map(|key| match key {
            None => Some(None),
            Some(text) => as_number(text).map(Some),
        })
        .collect();
    match numbers {
        Some(numbers) => sort_by_keys(rows, numbers, f64::total_cmp, descending),
        None => sort_by_keys(rows, texts, |a: &&str, b: &&str| a.cmp(b), descending),
    }
}

/// Stable sort of `rows` by `keys` (one per row; missing keys first), then reversed order
/// when `descending`.
fn sort_by_keys<K>(
    rows: &mut [&Rendered],
    keys: Vec<Option<K>>,
    compare: impl Fn(&K, &K) -> Ordering,
    descending: bool,
) {
    let mut keyed: Vec<(Option<K>, &Rendered)> =
        keys.into_iter().zip(rows.iter().copied()).collect();
    keyed.sort_by(|(a, _), (b, _)| {
        let ordering = match (a, b) {
            (None, None) => Ordering::Equal,
            (None, Some(_)) => Ordering::Less,
            (Some(_), None) => Ordering::Greater,
            (Some(a), Some(b)) => compare(a, b),
        };
        if descending {
            ordering.reverse()
        } else {
            ordering
        }
    });
    for (slot, (_, row)) in rows.iter_mut().zip(keyed) {
        *slot = row;
    }
}

/// Plain decimal numbers only: `"inf"` or `"NaN"` in a name must not sort as a number.
fn as_number(text: &str) -> Option<f64> {
    let plain = !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-');
    if plain { text.parse().ok() } else { None }
}

#[derive(Serialize)]
struct MetaA {
    total_registros: u64,
    total_da_pagina: u64,
    pagina_atual: u64,
    limite_por_pagina: u64,
    pagina_anterior: Option<u64>,
    url_anterior: Option<String>,
    proxima_pagina: Option<u64>,
    proxima_url: Option<String>,
}

#[derive(Serialize)]
struct MetaB {
    total_registros: u64,
    total_paginas: u64,
    total_registros_pagina: u64,
    pagina_atual: u64,
    limite_por_pagina: u64,
    pagina_anterior: Option<u64>,
    url_anterior: Option<String>,
    proxima_pagina: Option<u64>,
    proxima_url: Option<String>,
}

/// How a list page is served.
pub(crate) struct ListShape {
    pub resource: Resource,
    pub meta: MetaShape,
    /// `Some("Venda")` wraps each item as `{"Venda": {...}}`.
    pub wrapper: Option<&'static str>,
}

/// The page `page` of `rows`; a page past the end has an empty `data`.
pub(crate) fn render(rows: &[&Rendered], page: Page, shape: &ListShape, params: &Params) -> Reply {
    let total = rows.len() as u64;
    let total_pages = total.div_ceil(page.size);
    let start = usize::try_from((page.number - 1).saturating_mul(page.size)).unwrap_or(usize::MAX);
    let items: Vec<&str> = rows
        .iter()
        .skip(start)
        .take(page.size as usize)
        .map(|r| r.json.as_str())
        .collect();
    let wrapped: Vec<String>;
    let items: Vec<&str> = match shape.wrapper {
        Some(key) => {
            wrapped = items
                .iter()
                .map(|item| format!(r#"{{"{key}":{item}}}"#))
                .collect();
            wrapped.iter().map(String::as_str).collect()
        }
        None => items,
    };
    let others = params.without_pagina();
    let url = |number: u64| {
        let separator = if others.is_empty() { "" } else { "&" };
        format!(
            "/api/{}?{others}{separator}pagina={number}",
            shape.resource.path()
        )
    };
    let previous = (page.number > 1).then(|| page.number - 1);
    let next = (page.number < total_pages).then(|| page.number + 1);
    let on_page = items.len() as u64;
    let meta = match shape.meta {
        MetaShape::A => serde_json::to_string(&MetaA {
            total_registros: total,
            total_da_pagina: on_page,
            pagina_atual: page.number,
            limite_por_pagina: page.size,
            pagina_anterior: previous,
            url_anterior: previous.map(url),
            proxima_pagina: next,
            proxima_url: next.map(url),
        }),
        MetaShape::B => serde_json::to_string(&MetaB {
            total_registros: total,
            total_paginas: total_pages,
            total_registros_pagina: on_page,
            pagina_atual: page.number,
            limite_por_pagina: page.size,
            pagina_anterior: previous,
            url_anterior: previous.map(url),
            proxima_pagina: next,
            proxima_url: next.map(url),
        }),
    };
    // Numbers, strings and nulls only: serializing cannot fail.
    Reply::list(&meta.expect("meta serializes to JSON"), &items)
}
