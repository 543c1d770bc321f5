-- The desktop app's own preferences (window, tray), one row per key. Values are JSON.
CREATE TABLE preferences (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
