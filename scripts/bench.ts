// `npm run bench`: runs every `<workspace>/bench/*.bench.ts` one after another (benchmarks must not share the
// two cores with each other), each writing its figures to bench-results/<name>.json. `npm run bench -- api`
// runs the files whose path contains "api".
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { repoRoot } from '../e2e/src/paths.ts';

const filters = process.argv.slice(2);
const files = ['api', 'storefront', 'operator', 'e2e']
  .map((w) => join(repoRoot, w, 'bench'))
  .filter((dir) => existsSync(dir))
  .flatMap((dir) =>
    readdirSync(dir)
      .filter((f) => f.endsWith('.bench.ts'))
      .map((f) => join(dir, f)),
  )
  .filter((f) => filters.length === 0 || filters.some((x) => relative(repoRoot, f).includes(x)));

let failures = 0;
for (const file of files) {
  console.log(`\n=== ${relative(repoRoot, file)}`);
  const result = spawnSync(process.execPath, [file], { cwd: repoRoot, stdio: 'inherit' });
  if (result.status !== 0) {
    failures++;
    console.log(`!!! ${relative(repoRoot, file)} failed (exit ${result.status})`);
  }
}
console.log(
  `\n${files.length - failures} benchmark files ran, ${failures} failed; figures in bench-results/`,
);
process.exit(failures > 0 ? 1 : 0);
