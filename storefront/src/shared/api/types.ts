// The shop API's JSON shapes (issue 4's contract). Money is an integer number of poisha.

export type ProductId = string | number;

export interface LocalizedText {
  en: string;
  bn: string;
}

export interface Product {
  id: ProductId;
  slug: string;
  name: LocalizedText;
  description: LocalizedText;
  price: number;
  currency: string;
  stock: number;
  category: string;
  imageUrl: string;
}

export interface ProductPage {
  items: Product[];
  nextCursor: string | null;
}

export interface Category {
  slug: string;
  name: LocalizedText;
}

/** The contract leaves a cart line's fields open: the storefront needs only productId and quantity, and uses
 * the API's name, slug, unitPrice and stock when they are there. */
export interface CartLine {
  productId: ProductId;
  quantity: number;
  unitPrice?: number;
  name?: LocalizedText;
  slug?: string;
  stock?: number;
}

/** What the storefront remembers about a product to name it in a cart or an order. */
export interface ProductSummary {
  id: ProductId;
  slug: string;
  name: LocalizedText;
  price: number;
}

export interface Cart {
  id: string;
  items: CartLine[];
}

export interface Customer {
  name: string;
  phone: string;
  address: string;
}

export interface OrderLine {
  productId: ProductId;
  quantity: number;
  unitPrice: number;
}

export interface Order {
  id: string | number;
  /** The short number people read out (8 characters, shown as `7K4M-9QXP`); older APIs have none. */
  number?: string;
  status: string;
  items: OrderLine[];
  total: number;
  currency: string;
  customer: Customer;
  createdAt: string;
}
