import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cleanCustomer, validateCustomer } from './customer-form.ts';

const valid = { name: 'Rahim Uddin', phone: '01712345678', address: 'House 12, Road 5, Dhanmondi' };

test('a complete form with a Bangladeshi mobile number is valid', () => {
  assert.equal(validateCustomer(valid), {});
  for (const phone of [
    '01312345678',
    '01912345678',
    '+8801712345678',
    '8801712345678',
    '017-1234-5678',
    '০১৭১২৩৪৫৬৭৮',
  ]) {
    assert.equal(validateCustomer({ ...valid, phone }), {}, phone);
  }
});

test('missing fields and numbers that are not Bangladeshi mobiles are reported per field', () => {
  assert.equal(validateCustomer({ name: ' ', phone: '', address: '' }), {
    name: 'required',
    phone: 'required',
    address: 'required',
  });
  for (const phone of ['01212345678', '0171234567', '017123456789', '+4401712345678', 'phone']) {
    assert.is(validateCustomer({ ...valid, phone }).phone, 'invalid', phone);
  }
});

test('what is sent to the API is trimmed, with plain digits', () => {
  assert.equal(cleanCustomer({ name: ' Karim ', phone: '০১৮ ১২৩৪ ৫৬৭৮', address: ' Mirpur ' }), {
    name: 'Karim',
    phone: '01812345678',
    address: 'Mirpur',
  });
});

test.run();
