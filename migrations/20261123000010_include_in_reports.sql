-- Whether an integration's numbers count in the reports when no integration is chosen. A
-- sale made on Coinzz is often also recorded in the ERP, so counting both would count it
-- twice. On by default; the core creates a Coinzz integration with it off when a Gestão
-- Click integration exists. Choosing one integration in a report's filter still shows it.
ALTER TABLE integrations ADD COLUMN include_in_reports INTEGER NOT NULL DEFAULT 1;
