import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cleanCustomer, fieldOf, validateCustomer } from './customer-form.ts';

const valid = { name: 'Rahim Uddin', phone: '01712345678', address: 'House 12, Road 5, Dhanmondi' };

test('a complete form with a Bangladeshi mobile number is valid, in any digits and punctuation', () => {
  assert.equal(validateCustomer(valid), {});
  for (const phone of [
    '01312345678',
    '01912345678',
    '+8801712345678',
    '8801712345678',
    '017-1234-5678',
    '(017) 1234 5678',
    '০১৭১২৩৪৫৬৭৮',
    '+৮৮০ ১৭১২-৩৪৫৬৭৮',
  ]) {
    assert.equal(validateCustomer({ ...valid, phone }), {}, phone);
  }
});

test('each field is checked as the API checks it, with the problem named', () => {
  assert.equal(validateCustomer({ name: ' ', phone: '', address: '' }), {
    name: 'required',
    phone: 'required',
    address: 'required',
  });
  for (const phone of ['01212345678', '0171234567', '017123456789', '+4401712345678', 'phone']) {
    assert.is(validateCustomer({ ...valid, phone }).phone, 'invalid_phone', phone);
  }
  assert.is(validateCustomer({ ...valid, address: 'Dhak' }).address, 'too_short', 'a 4-character address');
  assert.is(validateCustomer({ ...valid, address: 'x'.repeat(501) }).address, 'too_long');
  assert.is(
    validateCustomer({ ...valid, name: '\u200b\u200b' }).name,
    'required',
    'only invisible characters',
  );
  assert.is(validateCustomer({ ...valid, name: 'Rahim\u0007' }).name, 'control_characters');
  assert.is(validateCustomer({ ...valid, name: 'Rahim \ud800' }).name, 'malformed');
});

test('what is sent to the API is cleaned: trimmed, NFC, the phone number in E.164', () => {
  assert.equal(
    cleanCustomer({ name: ' Karim\u200b ', phone: '০১৮ ১২৩৪ ৫৬৭৮', address: ' Mirpur 10, Dhaka ' }),
    { name: 'Karim', phone: '+8801812345678', address: 'Mirpur 10, Dhaka' },
  );
});

test('an API error naming a customer field points at that field', () => {
  assert.is(fieldOf('customer.address'), 'address');
  assert.is(fieldOf('items.0.quantity'), undefined);
  assert.is(fieldOf(undefined), undefined);
});

test.run();
