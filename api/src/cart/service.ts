// Carts: a list of product lines. A cart reserves nothing; stock is only taken at checkout.
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Database } from '../db/database.ts';
import { cartItems, carts, orders, products } from '../db/schema.ts';
import { AppError } from '../shared/errors.ts';
import { maxLines } from '../shared/order-limits.ts';

export interface CartJson {
  id: string;
  items: Array<{
    productId: number;
    slug: string;
    name: { en: string; bn: string };
    imageUrl: string;
    unitPrice: number;
    quantity: number;
    lineTotal: number;
    stock: number;
  }>;
  itemCount: number;
  total: number;
  currency: 'BDT';
  updatedAt: string;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: string) => uuidPattern.test(value);

const cartNotFound = () => new AppError(404, 'cart_not_found', 'Cart not found');

/** 409: the cart was consumed by an order; a new order needs a new cart. */
export const cartAlreadyOrdered = () =>
  new AppError(
    409,
    'cart_already_ordered',
    'This cart was already ordered; start a new cart for a new order',
  );

export async function createCart(db: Database): Promise<CartJson> {
  const [cart] = await db.orm.insert(carts).values({}).returning();
  if (!cart) throw new Error('while creating a cart: the insert returned no row');
  return {
    id: cart.id,
    items: [],
    itemCount: 0,
    total: 0,
    currency: 'BDT',
    updatedAt: cart.updatedAt.toISOString(),
  };
}

export async function findCart(db: Database, id: string): Promise<CartJson | undefined> {
  if (!isUuid(id)) return undefined;
  const [cart] = await db.orm.select().from(carts).where(eq(carts.id, id)).limit(1);
  if (!cart) return undefined;
  const lines = await db.orm
    .select({
      productId: cartItems.productId,
      quantity: cartItems.quantity,
      slug: products.slug,
      nameEn: products.nameEn,
      nameBn: products.nameBn,
      imageUrl: products.imageUrl,
      price: products.price,
      stock: products.stock,
    })
    .from(cartItems)
    .innerJoin(products, eq(products.id, cartItems.productId))
    .where(eq(cartItems.cartId, id))
    .orderBy(asc(cartItems.addedAt), asc(cartItems.productId));
  const items = lines.map((line) => ({
    productId: line.productId,
    slug: line.slug,
    name: { en: line.nameEn, bn: line.nameBn },
    imageUrl: line.imageUrl,
    unitPrice: line.price,
    quantity: line.quantity,
    lineTotal: line.price * line.quantity,
    stock: line.stock,
  }));
  return {
    id: cart.id,
    items,
    itemCount: items.reduce((sum, item) => sum + item.quantity, 0),
    total: items.reduce((sum, item) => sum + item.lineTotal, 0),
    currency: 'BDT',
    updatedAt: cart.updatedAt.toISOString(),
  };
}

/**
 * Sets one line's quantity (0 removes it). Refused up front: more than is in stock (409 out_of_stock), a
 * product beyond `maxLines` different ones (409 cart_full), a cart already ordered (409
 * cart_already_ordered). Runs under the cart row's lock, which checkout takes too, so a line can never be
 * added to a cart while it is being ordered, and concurrent adds cannot overshoot the line limit.
 */
export async function setCartItem(
  db: Database,
  cartId: string,
  productId: number,
  quantity: number,
): Promise<CartJson> {
  if (!isUuid(cartId)) throw cartNotFound();
  await db.orm.transaction(async (tx) => {
    const [cart] = await tx.select({ id: carts.id }).from(carts).where(eq(carts.id, cartId)).for('update');
    if (!cart) throw cartNotFound();
    const [ordered] = await tx
      .select({ id: orders.id })
      .from(orders)
      .where(eq(orders.cartId, cartId))
      .limit(1);
    if (ordered) throw cartAlreadyOrdered();
    const [product] = await tx
      .select({ id: products.id, stock: products.stock })
      .from(products)
      .where(eq(products.id, productId))
      .limit(1);
    if (!product)
      throw new AppError(404, 'product_not_found', `Product ${productId} not found`, { productId });
    if (quantity === 0) {
      await tx.delete(cartItems).where(and(eq(cartItems.cartId, cartId), eq(cartItems.productId, productId)));
    } else {
      if (quantity > product.stock) {
        throw new AppError(409, 'out_of_stock', `Only ${product.stock} left in stock`, {
          productId,
          available: product.stock,
        });
      }
      const [counted] = await tx
        .select({
          lines: sql<number>`count(*)::int`,
          present: sql<boolean>`bool_or(${cartItems.productId} = ${productId})`,
        })
        .from(cartItems)
        .where(eq(cartItems.cartId, cartId));
      if (!counted?.present && (counted?.lines ?? 0) >= maxLines) {
        throw new AppError(
          409,
          'cart_full',
          `A cart can hold at most ${maxLines} different products; remove one first`,
          { productId, maxLines },
        );
      }
      await tx
        .insert(cartItems)
        .values({ cartId, productId, quantity })
        .onConflictDoUpdate({ target: [cartItems.cartId, cartItems.productId], set: { quantity } });
    }
    await tx.update(carts).set({ updatedAt: sql`now()` }).where(eq(carts.id, cartId));
  });
  const updated = await findCart(db, cartId);
  if (!updated) throw cartNotFound();
  return updated;
}
