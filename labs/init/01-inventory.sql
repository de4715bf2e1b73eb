-- cdc-lab: schema and seed data of the captured database "inventory".
--
-- The postgres image runs this file once, on the first start with an empty data volume,
-- through psql connected to POSTGRES_DB (= inventory) as POSTGRES_USER (= postgres).
-- To run it again: docker compose down -v && docker compose up -d
--
-- Debezium captures these four tables (publication dbz_publication, slot debezium_inventory).
-- orders.customer_id and order_items.product_id have no foreign keys on purpose: lesson
-- exercises insert rows with arbitrary ids.

\set ON_ERROR_STOP on

CREATE TABLE public.customers (
    id          bigserial PRIMARY KEY,
    email       text        NOT NULL UNIQUE,
    full_name   text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE public.products (
    id          bigserial PRIMARY KEY,
    sku         text           NOT NULL UNIQUE,
    name        text           NOT NULL,
    price       numeric(12, 2) NOT NULL CHECK (price >= 0),
    created_at  timestamptz    NOT NULL DEFAULT now()
);

CREATE TABLE public.orders (
    id           bigserial PRIMARY KEY,
    customer_id  bigint,
    status       text           DEFAULT 'new',
    amount       numeric(12, 2) DEFAULT 0,
    created_at   timestamptz    DEFAULT now()
);

CREATE TABLE public.order_items (
    id          bigserial PRIMARY KEY,
    order_id    bigint         NOT NULL REFERENCES public.orders (id) ON DELETE CASCADE,
    product_id  bigint         NOT NULL,
    quantity    integer        NOT NULL CHECK (quantity > 0),
    unit_price  numeric(12, 2) NOT NULL CHECK (unit_price >= 0)
);

CREATE INDEX orders_customer_id_idx ON public.orders (customer_id);
CREATE INDEX order_items_order_id_idx ON public.order_items (order_id);

INSERT INTO public.customers (email, full_name) VALUES
    ('anna@example.com',  'Анна Смирнова'),
    ('boris@example.com', 'Борис Иванов'),
    ('vera@example.com',  'Вера Кузнецова');

INSERT INTO public.products (sku, name, price) VALUES
    ('SKU-001', 'Клавиатура',   2490.00),
    ('SKU-002', 'Мышь',          990.00),
    ('SKU-003', 'Монитор 27"', 21990.00),
    ('SKU-004', 'Кабель USB-C',  390.00);

-- Twenty orders with two items each; amount is the sum of their items.
INSERT INTO public.orders (customer_id, status, amount, created_at)
SELECT 1 + (g % 3),
       (ARRAY['new', 'paid', 'shipped', 'delivered'])[1 + (g % 4)],
       0,
       now() - make_interval(hours => 21 - g)
FROM generate_series(1, 20) AS g;

INSERT INTO public.order_items (order_id, product_id, quantity, unit_price)
SELECT o.id, p.id, 1 + ((o.id + p.id) % 3)::integer, p.price
FROM public.orders AS o
JOIN public.products AS p ON p.id IN (1 + (o.id % 4), 1 + ((o.id + 1) % 4));

UPDATE public.orders AS o
SET amount = s.total
FROM (
    SELECT order_id, sum(quantity * unit_price) AS total
    FROM public.order_items
    GROUP BY order_id
) AS s
WHERE s.order_id = o.id;

ANALYZE public.customers, public.products, public.orders, public.order_items;
