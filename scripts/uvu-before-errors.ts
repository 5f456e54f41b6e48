// Preloaded (`node --import`) into every suite file `npm test` runs: uvu runs `test.before` hooks inside a
// try/finally that returns, so an error thrown by one vanishes and the file only reports "0 / N". This wraps
// `test.before` so such an error is printed, with its stack, before uvu swallows it.
import { test } from 'uvu';

const before = test.before;
const printed: typeof before = Object.assign(
  (hook: Parameters<typeof before>[0]) =>
    before(async (context) => {
      try {
        await hook(context);
      } catch (error) {
        console.error('[test.before threw]', error);
        throw error;
      }
    }),
  { each: before.each },
);
test.before = printed;
