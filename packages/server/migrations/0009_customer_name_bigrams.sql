-- Two-character Chinese search (e.g. 华信, 张伟): pg_trgm cannot serve a 2-character ILIKE, so every
-- such search read the whole customers table. The set of a name's 2-character substrings, lower-cased,
-- in a GIN index answers "name contains q" for a 2-character q exactly: xg_bigrams(name) @> array[lower(q)].
CREATE OR REPLACE FUNCTION xg_bigrams(t text) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  select coalesce(array_agg(distinct substr(lower(t), i, 2)), '{}'::text[])
    from generate_series(1, greatest(char_length(t) - 1, 0)) as i
$$;--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "customers_name_bigrams_idx" ON "customers" USING gin (xg_bigrams("name"));
