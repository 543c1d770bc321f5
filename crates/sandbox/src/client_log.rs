//! What clients did to the sandbox, for tests: every write applied through the API (not
//! the operator's edits nor random mutations), and the last API requests in order.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::VecDeque;

/// The request log keeps the newest requests only, so a long benchmark stays bounded.
const REQUEST_LOG_CAPACITY: usize = 10_000;

/// One PUT the sandbox applied: `{"seq": 1, "resource": "recebimentos", "id": "42",
/// "fields": {"liquidado": "1", ...}}`, the fields that changed with their new values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AppliedWrite {
    /// 1, 2, … in the order the writes were applied.
    pub seq: u64,
    pub resource: String,
    pub id: String,
    /// Every top-level field whose value changed, derived ones included (`valor_total`,
    /// `nome_plano_conta`); `modificado_em`, which always changes, is left out.
    pub fields: Map<String, Value>,
}

/// One API request as it arrived, answered or not: `{"seq": 7, "method": "PUT",
/// "resource": "recebimentos", "id": "42"}`; list requests have no `id`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoggedRequest {
    /// 1, 2, … since start or the last reset of the request counts.
    pub seq: u64,
    pub method: String,
    pub resource: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

#[derive(Debug, Default)]
pub(crate) struct WriteLog {
    writes: Vec<AppliedWrite>,
}

impl WriteLog {
    pub fn record(&mut self, resource: &str, id: &str, fields: Map<String, Value>) {
        let seq = self.writes.len() as u64 + 1;
        self.writes.push(AppliedWrite {
            seq,
            resource: resource.to_string(),
            id: id.to_string(),
            fields,
        });
    }

    pub fn all(&self) -> Vec<AppliedWrite> {
        self.writes.clone()
    }

    pub fn count(&self, resource: &str, id: &str) -> usize {
        self.writes
            .iter()
            .filter(|write| write.resource == resource && write.id == id)
            .count()
    }
}

#[derive(Debug, Default)]
pub(crate) struct RequestLog {
    requests: VecDeque<LoggedRequest>,
    last_seq: u64,
}

impl RequestLog {
    pub fn record(&mut self, method: &str, resource: &str, id: Option<&str>) {
        if self.requests.len() == REQUEST_LOG_CAPACITY {
            self.requests.pop_front();
        }
        self.last_seq += 1;
        self.requests.push_back(LoggedRequest {
            seq: self.last_seq,
            method: method.to_string(),
            resource: resource.to_string(),
            id: id.map(str::to_string),
        });
    }

    pub fn all(&self) -> Vec<LoggedRequest> {
        self.requests.iter().cloned().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_request_log_keeps_the_newest_requests_in_order() {
        let mut log = RequestLog::default();
        for _ in 0..REQUEST_LOG_CAPACITY + 5 {
            log.record("GET", "clientes", None);
        }
        let kept = log.all();
        assert_eq!(kept.len(), REQUEST_LOG_CAPACITY);
        assert_eq!(kept[0].seq, 6);
        assert!(kept.windows(2).all(|pair| pair[0].seq + 1 == pair[1].seq));
    }

    #[test]
    fn writes_are_counted_per_record() {
        let mut log = WriteLog::default();
        log.record("recebimentos", "1", Map::new());
        log.record("pagamentos", "1", Map::new());
        log.record("recebimentos", "1", Map::new());
        assert_eq!(log.count("recebimentos", "1"), 2);
        assert_eq!(log.count("pagamentos", "2"), 0);
        assert_eq!(log.all()[2].seq, 3);
    }
}
