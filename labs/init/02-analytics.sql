-- cdc-lab: a second database, "analytics", for the "idle database, busy cluster" demo
-- (lesson 05). Debezium does NOT capture it. WAL is shared by the whole cluster, so heavy
-- writes here make pg_wal grow, while the slot debezium_inventory (created in "inventory")
-- gets nothing to decode and cannot move on its own.
--
-- Runs after 01-inventory.sql (files run in name order), through psql, so \connect works.

\set ON_ERROR_STOP on

CREATE DATABASE analytics;

\connect analytics

CREATE TABLE public.page_views (
    id         bigserial PRIMARY KEY,
    url        text        NOT NULL,
    user_id    bigint,
    payload    text,
    viewed_at  timestamptz NOT NULL DEFAULT now()
);

-- make_page_views(n): insert n rows with about 500 bytes of payload each.
-- 100 000 rows write about 65 MB of WAL (measured on PostgreSQL 15.18, index included).
CREATE FUNCTION public.make_page_views(n integer)
RETURNS bigint
LANGUAGE sql
AS $$
    WITH ins AS (
        INSERT INTO public.page_views (url, user_id, payload)
        SELECT '/product/' || (g % 1000), g % 5000, repeat(md5(g::text), 16)
        FROM generate_series(1, n) AS g
        RETURNING 1
    )
    SELECT count(*) FROM ins;
$$;

SELECT public.make_page_views(1000);
