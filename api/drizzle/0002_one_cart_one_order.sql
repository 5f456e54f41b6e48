-- A short order number for people (read out to a courier over the phone): 8 characters from an alphabet
-- without the look-alikes 0/O, 1/I/L and U, drawn from gen_random_uuid()'s random bytes (not the version
-- and variant bytes). 30^8 ≈ 6.6 × 10^11 numbers; the unique constraint catches the rare repeat and the
-- API tries again.
CREATE OR REPLACE FUNCTION new_order_number() RETURNS text
LANGUAGE sql VOLATILE AS $$
  SELECT string_agg(substr('23456789ABCDEFGHJKMNPQRSTVWXYZ', 1 + get_byte(r.b, i) % 30, 1), '' ORDER BY i)
  FROM (SELECT uuid_send(gen_random_uuid()) AS b) AS r,
       unnest(ARRAY[0, 1, 2, 3, 4, 5, 10, 11]) AS i
$$;
--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "number" text DEFAULT new_order_number() NOT NULL;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "cart_id" uuid;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_number_unique" UNIQUE("number");--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_cart_id_unique" UNIQUE("cart_id");--> statement-breakpoint
-- Text is stored in Unicode NFC, so a search (normalised the same way) finds it however it was typed.
UPDATE "products" SET
  "name_en" = normalize("name_en", NFC), "name_bn" = normalize("name_bn", NFC),
  "description_en" = normalize("description_en", NFC), "description_bn" = normalize("description_bn", NFC)
WHERE NOT ("name_en" IS NFC NORMALIZED AND "name_bn" IS NFC NORMALIZED
  AND "description_en" IS NFC NORMALIZED AND "description_bn" IS NFC NORMALIZED);--> statement-breakpoint
UPDATE "categories" SET "name_en" = normalize("name_en", NFC), "name_bn" = normalize("name_bn", NFC)
WHERE NOT ("name_en" IS NFC NORMALIZED AND "name_bn" IS NFC NORMALIZED);--> statement-breakpoint
CREATE OR REPLACE FUNCTION order_json(p_order_id uuid) RETURNS jsonb
LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object(
    'id', o.id,
    'number', o.number,
    'status', o.status,
    'items', COALESCE((
      SELECT jsonb_agg(jsonb_build_object(
        'productId', i.product_id,
        'slug', p.slug,
        'name', jsonb_build_object('en', p.name_en, 'bn', p.name_bn),
        'quantity', i.quantity,
        'unitPrice', i.unit_price) ORDER BY i.product_id)
      FROM order_items i JOIN products p ON p.id = i.product_id
      WHERE i.order_id = o.id), '[]'::jsonb),
    'total', o.total,
    'currency', o.currency,
    'customer', jsonb_build_object('name', o.customer_name, 'phone', o.customer_phone, 'address', o.customer_address),
    'createdAt', to_char(o.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
  FROM orders o
  WHERE o.id = p_order_id
$$;
--> statement-breakpoint
-- Checkout in one statement: claims the idempotency key, takes stock line by line with a conditional
-- decrement (never read-then-write), records the lines at the database's current prices. Any line that
-- cannot be served raises, which rolls the whole statement back: all lines or none. Lines are taken in
-- product id order so two multi-line orders never lock rows in opposite orders.
--
-- A cart checkout (p_cart_id set) reads the lines from the cart itself, under the cart row's lock (which
-- PUT /api/carts/:id/items takes too), and records the cart on the order. orders.cart_id is unique, so a
-- second checkout of the same cart, under any other Idempotency-Key, fails with a unique violation
-- (orders_cart_id_unique) — waiting, if the first is still running, for it to commit or roll back.
--
-- Raises SQLSTATE DC409 (out of stock) or DC404 (no such product) with the product id as DETAIL, DC4CN
-- (no such cart) or DC4CE (empty cart).
CREATE OR REPLACE FUNCTION place_order(
  p_key text,
  p_request_hash text,
  p_customer_name text,
  p_customer_phone text,
  p_customer_address text,
  p_product_ids integer[],
  p_quantities integer[],
  p_cart_id uuid
) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
  v_order_id uuid;
  v_existing_hash text;
  v_total bigint := 0;
  v_price integer;
  v_lines integer := 0;
  v_line record;
BEGIN
  INSERT INTO orders (idempotency_key, request_hash, total, customer_name, customer_phone, customer_address, cart_id)
  VALUES (p_key, p_request_hash, 0, p_customer_name, p_customer_phone, p_customer_address, p_cart_id)
  ON CONFLICT (idempotency_key) DO NOTHING
  RETURNING id INTO v_order_id;

  IF v_order_id IS NULL THEN
    SELECT id, request_hash INTO v_order_id, v_existing_hash FROM orders WHERE idempotency_key = p_key;
    RETURN jsonb_build_object(
      'outcome', CASE WHEN v_existing_hash = p_request_hash THEN 'replayed' ELSE 'key_reused' END,
      'order', order_json(v_order_id));
  END IF;

  IF p_cart_id IS NOT NULL THEN
    PERFORM 1 FROM carts WHERE id = p_cart_id FOR UPDATE;
    IF NOT FOUND THEN
      RAISE EXCEPTION USING ERRCODE = 'DC4CN', MESSAGE = 'cart_not_found';
    END IF;
  END IF;

  FOR v_line IN
    SELECT u.product_id, u.quantity
    FROM unnest(p_product_ids, p_quantities) AS u(product_id, quantity)
    WHERE p_cart_id IS NULL
    UNION ALL
    SELECT c.product_id, c.quantity FROM cart_items c WHERE p_cart_id IS NOT NULL AND c.cart_id = p_cart_id
    ORDER BY 1
  LOOP
    UPDATE products SET stock = stock - v_line.quantity
    WHERE id = v_line.product_id AND stock >= v_line.quantity
    RETURNING price INTO v_price;
    IF NOT FOUND THEN
      IF EXISTS (SELECT 1 FROM products WHERE id = v_line.product_id) THEN
        RAISE EXCEPTION USING ERRCODE = 'DC409', MESSAGE = 'out_of_stock', DETAIL = v_line.product_id::text;
      END IF;
      RAISE EXCEPTION USING ERRCODE = 'DC404', MESSAGE = 'unknown_product', DETAIL = v_line.product_id::text;
    END IF;
    INSERT INTO order_items (order_id, product_id, quantity, unit_price)
    VALUES (v_order_id, v_line.product_id, v_line.quantity, v_price);
    v_total := v_total + v_price::bigint * v_line.quantity;
    v_lines := v_lines + 1;
  END LOOP;

  IF v_lines = 0 THEN
    RAISE EXCEPTION USING ERRCODE = 'DC4CE', MESSAGE = 'empty_cart';
  END IF;
  UPDATE orders SET total = v_total WHERE id = v_order_id;
  IF p_cart_id IS NOT NULL THEN
    DELETE FROM cart_items WHERE cart_id = p_cart_id;
  END IF;
  RETURN jsonb_build_object('outcome', 'created', 'order', order_json(v_order_id));
END
$$;
