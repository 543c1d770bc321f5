-- What an integration's provider said about it when it was added, kept so the store never
-- has to ask which provider is which:
-- * realtime_only: no query API, its data only arrives in real time;
-- * books_of_record: its records are the books (an ERP's); a sales platform's vendas
--   count in the reports only while no such integration exists.
-- Gestão Click (books of record) and Coinzz (real time only) are the providers released
-- so far.
ALTER TABLE integrations ADD COLUMN realtime_only INTEGER NOT NULL DEFAULT 0;
ALTER TABLE integrations ADD COLUMN books_of_record INTEGER NOT NULL DEFAULT 0;
UPDATE integrations SET realtime_only = 1 WHERE provider = 'coinzz';
UPDATE integrations SET books_of_record = 1 WHERE provider = 'gestaoclick';
