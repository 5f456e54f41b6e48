// The checkout form's values: kept in sessionStorage while the shopper types, checked before sending by the
// API's own check (api/src/shared/customer-fields.ts), so the form refuses exactly what the API would.
import {
  type CustomerField,
  checkCustomer,
  type FieldProblem,
} from '../../../../api/src/shared/customer-fields.ts';
import type { Customer } from '../../shared/api/types.ts';

export type Field = CustomerField;
export type FieldErrors = Partial<Record<Field, FieldProblem>>;

export const emptyCustomer: Customer = { name: '', phone: '', address: '' };

/** What is wrong with each field, by the API's rules; `{}` when the form can be sent. */
export function validateCustomer(customer: Customer): FieldErrors {
  const checked = checkCustomer(customer);
  return checked.ok ? {} : checked.problems;
}

/**
 * The details as the API will store them: NFC text with invisible characters trimmed, the phone number in
 * E.164 (`+8801712345678`). Only for a form `validateCustomer` accepted.
 */
export function cleanCustomer(customer: Customer): Customer {
  const checked = checkCustomer(customer);
  if (!checked.ok) throw new Error('cleanCustomer: the form has errors; call validateCustomer first');
  return checked.customer;
}

/** The customer field an API error names (`field: "customer.phone"`), if any. */
export function fieldOf(apiField: string | undefined): Field | undefined {
  const field = apiField?.replace(/^customer\./, '');
  return field === 'name' || field === 'phone' || field === 'address' ? field : undefined;
}
