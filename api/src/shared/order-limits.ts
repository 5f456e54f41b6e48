// The limits of a cart and of an order, in one place: a cart can never grow into something checkout refuses.
// The storefront uses the same numbers.

/** Different products in one cart or one order. */
export const maxLines = 50;

/** Units of one product in one cart line or order line. */
export const maxQuantity = 99;
