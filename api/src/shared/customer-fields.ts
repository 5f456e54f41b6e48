// The one check of a customer's delivery details, shared by the API (POST /api/orders) and the storefront's
// checkout form, so both accept and refuse exactly the same input. Plain functions with no dependency but
// libphonenumber-js: the storefront bundles this file as it is.
import { parsePhoneNumberFromString } from 'libphonenumber-js/min';

/** The delivery details of an order, as stored: NFC text, the phone number in E.164 (`+8801712345678`). */
export interface Customer {
  name: string;
  phone: string;
  address: string;
}

export type CustomerField = keyof Customer;

/**
 * Why a field was refused. `required`: empty, or nothing but spaces and invisible characters;
 * `too_short`/`too_long`: outside the field's length (in characters, after cleaning); `control_characters`:
 * holds a control character (a line break is allowed in the address only); `malformed`: not text, or broken
 * text (a lone UTF-16 surrogate); `invalid_phone`: not a Bangladeshi mobile number.
 */
export type FieldProblem =
  | 'required'
  | 'too_short'
  | 'too_long'
  | 'control_characters'
  | 'malformed'
  | 'invalid_phone';

/** Length limits in characters (code points), after cleaning. */
export const customerLimits = {
  name: { min: 1, max: 100 },
  address: { min: 5, max: 500 },
} as const;

export type CustomerCheck =
  | { ok: true; customer: Customer }
  | { ok: false; problems: Partial<Record<CustomerField, FieldProblem>> };

// Spaces and default-ignorable characters (zero-width spaces, joiners, BOM, soft hyphen…) at either end.
const invisibleEnds = /^[\s\p{Default_Ignorable_Code_Point}]+|[\s\p{Default_Ignorable_Code_Point}]+$/gu;
// Invisible characters that carry no meaning inside a name or an address. ZWNJ and ZWJ (U+200C, U+200D) are
// kept: Bangla spelling uses them between letters.
const strayInvisible = /[\u00ad\u180e\u200b\u2060-\u2064\ufeff]/g;
const controlCharacters = /\p{Cc}/u;
// A high surrogate not followed by a low one, or a low one without a high one before it (what
// String.prototype.isWellFormed finds; spelled out for browsers older than ES2024).
const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const hasVisible = /[^\s\p{Default_Ignorable_Code_Point}]/u;

/**
 * Cleans one text value: Unicode NFC, invisible characters trimmed from the ends and stray ones removed,
 * runs of spaces made one (line breaks kept where `multiline`), Windows line ends made `\n`.
 */
function cleanText(value: unknown, multiline: boolean): { text: string } | { problem: FieldProblem } {
  if (typeof value !== 'string' || loneSurrogate.test(value)) return { problem: 'malformed' };
  let text = value.normalize('NFC').replace(/\r\n?/g, '\n').replace(strayInvisible, '');
  text = multiline
    ? text
        .split('\n')
        .map((line) => line.replace(/[^\S\n]+/g, ' ').replace(invisibleEnds, ''))
        .join('\n')
        .replace(/\n{3,}/g, '\n\n')
    : text.replace(/[ \u00a0\u2000-\u200a\u202f\u205f\u3000]+/g, ' ');
  text = text.replace(invisibleEnds, '');
  if (controlCharacters.test(multiline ? text.replaceAll('\n', '') : text))
    return { problem: 'control_characters' };
  if (!hasVisible.test(text)) return { problem: 'required' };
  return { text };
}

function checkLength(text: string, limits: { min: number; max: number }): FieldProblem | undefined {
  const length = [...text].length;
  if (length < limits.min) return 'too_short';
  if (length > limits.max) return 'too_long';
  return undefined;
}

// Decimal digits of the scripts a shopper in Bangladesh may type (Bangla, Devanagari, Arabic-Indic,
// Persian, fullwidth), by the code point of their zero.
const digitZeros = [0x09e6, 0x0966, 0x0660, 0x06f0, 0xff10];

/** Any of those digits as ASCII `0`–`9`; everything else unchanged. */
export function toAsciiDigits(value: string): string {
  return value.replace(/\p{Nd}/gu, (digit) => {
    const code = digit.codePointAt(0) ?? 0;
    const zero = digitZeros.find((start) => code >= start && code <= start + 9);
    return zero === undefined ? digit : String(code - zero);
  });
}

/**
 * A Bangladeshi mobile number in E.164 (`+8801712345678`), whatever digits (Bangla or ASCII), spaces and
 * punctuation it was typed with, with or without +880; `undefined` when it is not one (parsed by
 * libphonenumber-js; mobiles are 01[3-9] and eight digits).
 */
export function parseMobile(value: string): string | undefined {
  const parsed = parsePhoneNumberFromString(toAsciiDigits(value), 'BD');
  if (!parsed?.isValid() || parsed.country !== 'BD' || !/^1[3-9]\d{8}$/.test(parsed.nationalNumber))
    return undefined;
  return parsed.number;
}

/** Checks and cleans delivery details; every refused field is named with its problem. */
export function checkCustomer(input: { name?: unknown; phone?: unknown; address?: unknown }): CustomerCheck {
  const problems: Partial<Record<CustomerField, FieldProblem>> = {};
  const name = cleanText(input.name ?? '', false);
  if ('problem' in name) problems.name = name.problem;
  else {
    const tooShortOrLong = checkLength(name.text, customerLimits.name);
    if (tooShortOrLong) problems.name = tooShortOrLong;
  }
  const phoneText = cleanText(input.phone ?? '', false);
  let phone: string | undefined;
  if ('problem' in phoneText) problems.phone = phoneText.problem;
  else {
    phone = parseMobile(phoneText.text);
    if (!phone) problems.phone = 'invalid_phone';
  }
  const address = cleanText(input.address ?? '', true);
  if ('problem' in address) problems.address = address.problem;
  else {
    const tooShortOrLong = checkLength(address.text, customerLimits.address);
    if (tooShortOrLong) problems.address = tooShortOrLong;
  }
  if (Object.keys(problems).length > 0 || 'problem' in name || 'problem' in address || !phone)
    return { ok: false, problems };
  return { ok: true, customer: { name: name.text, phone, address: address.text } };
}

/** English explanations for the API's error messages (the storefront has its own, in both languages). */
export const fieldProblemMessages: Record<FieldProblem, (field: CustomerField) => string> = {
  required: () => 'is required',
  too_short: (field) =>
    `is too short (at least ${field === 'address' ? customerLimits.address.min : customerLimits.name.min} characters)`,
  too_long: (field) =>
    `is too long (at most ${field === 'address' ? customerLimits.address.max : customerLimits.name.max} characters)`,
  control_characters: () => 'must not contain control characters',
  malformed: () => 'must be valid text',
  invalid_phone: () => 'must be a Bangladeshi mobile number, e.g. 01712345678',
};
