-- Issue 22 item 8: why an import stopped, as an i18n key and parameters, so the wizard shows it in
-- the reader's language (the English text stays in "error" for logs and API clients).
ALTER TABLE "customer_imports" ADD COLUMN "error_message" jsonb;
