//! The IPC commands, one module per domain. Each is a one-line call into `ponte-core`
//! (or a plugin); the shell adds no logic of its own.

pub mod about;
pub mod backups;
pub mod data;
pub mod doctor;
pub mod integrations;
pub mod logs;
pub mod maintenance;
pub mod notifications;
pub mod realtime;
pub mod recovery;
pub mod reports;
pub mod settings;
pub mod sync;
pub mod updates;
pub mod writeback;
