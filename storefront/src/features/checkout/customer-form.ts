// The checkout form's values: kept in sessionStorage while the shopper types, checked before sending.

import type { Customer } from '../../shared/api/types.ts';
import { toAsciiDigits } from '../../shared/i18n/format.ts';

export type Field = keyof Customer;
export type FieldErrors = Partial<Record<Field, 'required' | 'invalid'>>;

export const emptyCustomer: Customer = { name: '', phone: '', address: '' };

/** Spaces, dashes and Bangla digits are fine to type; the API gets plain digits. */
export function normalizePhone(phone: string): string {
  return toAsciiDigits(phone).replace(/[\s\-().]/g, '');
}

// A Bangladeshi mobile: 01[3-9] and eight digits, optionally written with the +880 country code.
const mobile = /^(?:\+?88)?01[3-9]\d{8}$/;

export function validateCustomer(customer: Customer): FieldErrors {
  const errors: FieldErrors = {};
  if (!customer.name.trim()) errors.name = 'required';
  const phone = normalizePhone(customer.phone);
  if (!phone) errors.phone = 'required';
  else if (!mobile.test(phone)) errors.phone = 'invalid';
  if (!customer.address.trim()) errors.address = 'required';
  return errors;
}

export function cleanCustomer(customer: Customer): Customer {
  return {
    name: customer.name.trim(),
    phone: normalizePhone(customer.phone),
    address: customer.address.trim(),
  };
}
