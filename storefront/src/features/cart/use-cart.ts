// The shopper's cart lives in the API; only its id is kept in localStorage, so it survives reloads.
// Changes run one after another so quick clicks never race, and a failed change can be retried as it was.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { maxQuantity } from '../../../../api/src/shared/order-limits.ts';
import { ApiError } from '../../shared/api/client.ts';
import { knownProduct, rememberProducts } from '../../shared/api/product-cache.ts';
import { onRetryRequested, retryFailedRequests } from '../../shared/api/retry.ts';
import type { Cart, LocalizedText, Product, ProductId } from '../../shared/api/types.ts';
import { readStored, writeStored } from '../../shared/storage/local-value.ts';
import { createCart, fetchCart, putCartItem } from './cart-api.ts';

const cartIdKey = 'dhakacart.cart-id';

export { maxQuantity };

export interface CartLineView {
  productId: ProductId;
  quantity: number;
  unitPrice: number;
  name: LocalizedText | undefined;
  slug: string | undefined;
}

export interface CartState {
  cartId: string | undefined;
  lines: CartLineView[];
  count: number;
  subtotal: number;
  /** True until the stored cart has been loaded (or found missing); stays true while that load fails. */
  loading: boolean;
  error: unknown;
  /** Retries the failed cart change (and every other failed request on the page). */
  retry(): void;
  add(product: Product): void;
  setQuantity(productId: ProductId, quantity: number): void;
  /** After an order: the API cart is spent, start a new one on the next add. */
  forget(): void;
  /** Bumped on each successful add, for the "added to cart" announcement. */
  lastAdded: { product: Product; at: number } | undefined;
}

export function useCart(): CartState {
  const [cart, setCart] = useState<Cart | undefined>();
  const [loading, setLoading] = useState(() => readStored<string>('local', cartIdKey) !== undefined);
  const [error, setError] = useState<unknown>();
  const [lastAdded, setLastAdded] = useState<CartState['lastAdded']>();
  const cartRef = useRef<Cart | undefined>(undefined);
  const queue = useRef<Promise<void>>(Promise.resolve());
  const failed = useRef<(() => Promise<void>) | undefined>(undefined);

  const store = useCallback((next: Cart | undefined) => {
    cartRef.current = next;
    const named = (next?.items ?? []).flatMap((item) =>
      item.name && item.slug
        ? [{ id: item.productId, slug: item.slug, name: item.name, price: item.unitPrice ?? 0 }]
        : [],
    );
    if (named.length > 0) rememberProducts(named);
    writeStored('local', cartIdKey, next?.id);
    setCart(next);
  }, []);

  const run = useCallback((operation: () => Promise<void>) => {
    queue.current = queue.current.then(async () => {
      try {
        await operation();
        failed.current = undefined;
        setError(undefined);
      } catch (caught) {
        failed.current = operation;
        setError(caught);
      }
    });
  }, []);

  // `loading` stays true while the stored cart cannot be fetched, so no page mistakes it for an empty one.
  const loadStored = useCallback(async (): Promise<Cart | undefined> => {
    const id = readStored<string>('local', cartIdKey);
    if (id !== undefined) {
      try {
        store(await fetchCart(id));
      } catch (caught) {
        if (!(caught instanceof ApiError && caught.kind === 'not_found')) throw caught;
        store(undefined);
      }
    }
    setLoading(false);
    return cartRef.current;
  }, [store]);

  useEffect(
    () =>
      run(async () => {
        await loadStored();
      }),
    [run, loadStored],
  );

  // The stored cart is used if it can be fetched (also when its first load failed); a new one otherwise.
  const ensureCart = useCallback(async (): Promise<Cart> => {
    const existing = cartRef.current ?? (await loadStored());
    if (existing) return existing;
    const created = await createCart();
    store(created);
    return created;
  }, [store, loadStored]);

  // A cart ordered in another tab takes no more lines: start a new cart and make the change there.
  const change = useCallback(
    async (productId: ProductId, quantityIn: (cart: Cart) => number) => {
      const current = await ensureCart();
      try {
        store(await putCartItem(current.id, productId, quantityIn(current)));
      } catch (caught) {
        if (!(caught instanceof ApiError && caught.kind === 'cart_ordered')) throw caught;
        store(undefined);
        const fresh = await ensureCart();
        store(await putCartItem(fresh.id, productId, quantityIn(fresh)));
      }
    },
    [ensureCart, store],
  );

  const add = useCallback(
    (product: Product) => {
      rememberProducts([product]);
      run(async () => {
        await change(product.id, (cart) => {
          const line = cart.items.find((item) => String(item.productId) === String(product.id));
          return Math.min(maxQuantity, (line?.quantity ?? 0) + 1);
        });
        setLastAdded({ product, at: Date.now() });
      });
    },
    [run, change],
  );

  const setQuantity = useCallback(
    (productId: ProductId, quantity: number) => {
      run(() => change(productId, () => Math.max(0, Math.min(maxQuantity, quantity))));
    },
    [run, change],
  );

  // Taken out before it runs, so two retry requests never repeat an "add" twice.
  useEffect(
    () =>
      onRetryRequested(() => {
        const operation = failed.current;
        failed.current = undefined;
        if (operation) run(operation);
      }),
    [run],
  );

  const forget = useCallback(() => store(undefined), [store]);

  return useMemo(() => {
    const lines = (cart?.items ?? [])
      .filter((item) => item.quantity > 0)
      .map((item) => {
        const known = knownProduct(item.productId);
        return {
          productId: item.productId,
          quantity: item.quantity,
          unitPrice: item.unitPrice ?? known?.price ?? 0,
          name: item.name ?? known?.name,
          slug: item.slug ?? known?.slug,
        };
      });
    return {
      cartId: cart?.id,
      lines,
      count: lines.reduce((sum, line) => sum + line.quantity, 0),
      subtotal: lines.reduce((sum, line) => sum + line.quantity * line.unitPrice, 0),
      loading,
      error,
      retry: retryFailedRequests,
      add,
      setQuantity,
      forget,
      lastAdded,
    };
  }, [cart, loading, error, add, setQuantity, forget, lastAdded]);
}
