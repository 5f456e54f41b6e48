import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { withoutEmptyTables } from './machine.ts';

// iptables-save as a machine prints it once the node loaded its tables and took every rule away again.
const emptied =
  '*mangle\n:PREROUTING ACCEPT\n:INPUT ACCEPT\n:OUTPUT ACCEPT\nCOMMIT\n*nat\n:PREROUTING ACCEPT\nCOMMIT\n';

test('tables left empty by a node that took its rules away compare equal to no table', () => {
  assert.is(withoutEmptyTables(emptied), '');
});

test('a rule, a chain of our own or a policy other than ACCEPT is still seen', () => {
  for (const left of [
    '*filter\n:FORWARD ACCEPT\n-A FORWARD -j DROP\nCOMMIT\n',
    '*nat\n:KUBE-SERVICES -\nCOMMIT\n',
    '*filter\n:FORWARD DROP\nCOMMIT\n',
  ])
    assert.is(withoutEmptyTables(emptied + left), left);
});

test.run();
