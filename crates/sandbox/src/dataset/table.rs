//! A resource's live records, each kept with its rendered JSON, so reads only filter, sort
//! and join strings; and its top-level scalars as text, for `ordenacao` on any field.

use crate::records::Record;
use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::Arc;

/// A record as served: its JSON text (field order kept) and its top-level scalars.
#[derive(Debug)]
pub(crate) struct Rendered {
    pub id: u64,
    pub json: String,
    /// Field names, shared by every record of the table.
    columns: Arc<[String]>,
    /// Per column: the value as text; `None` when null, a list or an object.
    scalars: Vec<Option<Box<str>>>,
}

impl Rendered {
    pub fn field(&self, name: &str) -> Option<&str> {
        let column = self.columns.iter().position(|c| c == name)?;
        self.scalars.get(column)?.as_deref()
    }
}

#[derive(Debug)]
pub(crate) struct Entry<T> {
    pub record: T,
    pub rendered: Rendered,
}

#[derive(Debug)]
pub(crate) struct Table<T> {
    rows: BTreeMap<u64, Entry<T>>,
    columns: Option<Arc<[String]>>,
}

impl<T: Record> Table<T> {
    pub fn from_records(records: impl IntoIterator<Item = T>) -> Self {
        let mut table = Table {
            rows: BTreeMap::new(),
            columns: None,
        };
        for record in records {
            table.insert(record);
        }
        table
    }

    pub fn insert(&mut self, record: T) {
        let rendered = render(&record, &mut self.columns);
        self.rows.insert(record.id(), Entry { record, rendered });
    }

    pub fn get(&self, id: u64) -> Option<&Entry<T>> {
        self.rows.get(&id)
    }

    /// Applies `change` to record `id` and renders it again; `None` when it does not exist.
    pub fn update<R>(&mut self, id: u64, change: impl FnOnce(&mut T) -> R) -> Option<R> {
        let entry = self.rows.get_mut(&id)?;
        let result = change(&mut entry.record);
        entry.rendered = render(&entry.record, &mut self.columns);
        Some(result)
    }

    pub fn remove(&mut self, id: u64) -> Option<T> {
        self.rows.remove(&id).map(|entry| entry.record)
    }

    /// Live records in ascending id order.
    pub fn entries(&self) -> impl ExactSizeIterator<Item = &Entry<T>> {
        self.rows.values()
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// The id of the `index`-th live record in id order.
    pub fn nth_id(&self, index: usize) -> Option<u64> {
        self.rows.keys().nth(index).copied()
    }
}

fn render<T: Record>(record: &T, columns: &mut Option<Arc<[String]>>) -> Rendered {
    // Records are plain structs with string keys: serializing them cannot fail.
    let json = serde_json::to_string(record).expect("records serialize to JSON");
    let fields = match serde_json::to_value(record) {
        Ok(Value::Object(fields)) => fields,
        _ => serde_json::Map::new(),
    };
    let columns = match columns {
        Some(shared) if shared.iter().eq(fields.keys()) => shared.clone(),
        _ => columns.insert(fields.keys().cloned().collect()).clone(),
    };
    let scalars = fields
        .into_iter()
        .map(|(_, value)| match value {
            Value::String(text) => Some(text.into_boxed_str()),
            Value::Number(number) => Some(number.to_string().into_boxed_str()),
            Value::Bool(flag) => Some(flag.to_string().into_boxed_str()),
            Value::Null | Value::Array(_) | Value::Object(_) => None,
        })
        .collect();
    Rendered {
        id: record.id(),
        json,
        columns,
        scalars,
    }
}
