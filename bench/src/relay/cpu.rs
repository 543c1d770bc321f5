//! CPU time, read from Linux's `/proc`: this whole process's (every thread, ended ones
//! included) and the calling thread's. What the cost of sealing is computed from: CPU
//! seconds, unlike wall time, do not grow when other programs share the cores.

use crate::error::BenchError;
use std::time::Duration;

/// `/proc/self/stat` counts in USER_HZ ticks, which Linux fixes at 100 per second for
/// userspace whatever the kernel's own tick rate.
const TICKS_PER_SECOND: u64 = 100;

fn unreadable(what: &str) -> BenchError {
    BenchError::RelayBench(format!(
        "{what} could not be read: the cost of sealing needs Linux's /proc"
    ))
}

/// User and system time of every thread of this process so far (10 ms resolution).
pub fn process() -> Result<Duration, BenchError> {
    let stat = std::fs::read_to_string("/proc/self/stat")?;
    // The command name, in parentheses, may hold spaces: fields are counted after it.
    // After it come state (field 3), ..., utime (field 14) and stime (field 15).
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .ok_or_else(|| unreadable("/proc/self/stat"))?
        .1
        .split_whitespace()
        .collect();
    let ticks = |index: usize| -> Result<u64, BenchError> {
        fields
            .get(index)
            .and_then(|field| field.parse().ok())
            .ok_or_else(|| unreadable("/proc/self/stat"))
    };
    let total = ticks(11)? + ticks(12)?;
    Ok(Duration::from_millis(total * 1000 / TICKS_PER_SECOND))
}

/// Time the calling thread has spent on a CPU so far, in nanoseconds.
pub fn thread() -> Result<Duration, BenchError> {
    let schedstat = std::fs::read_to_string("/proc/thread-self/schedstat")?;
    let nanos = schedstat
        .split_whitespace()
        .next()
        .and_then(|field| field.parse().ok())
        .ok_or_else(|| unreadable("/proc/thread-self/schedstat"))?;
    Ok(Duration::from_nanos(nanos))
}
