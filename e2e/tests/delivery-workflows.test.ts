// The delivery pipeline's workflows: actionlint (built from its Go module, with shellcheck over every `run:`)
// reports nothing, every third-party action is pinned to a full commit SHA, and no job asks for a write
// permission it does not use. The policy is also run on broken workflows, so a regression in it shows.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runGoTool } from '../src/go-tools.ts';
import { repoRoot } from '../src/paths.ts';
import { checkWorkflow } from '../src/workflow-policy.ts';

const dir = join(repoRoot, '.github', 'workflows');
const files = readdirSync(dir).filter((f) => f.endsWith('.yml'));
const texts = Object.fromEntries(
  files.map((f) => [`.github/workflows/${f}`, readFileSync(join(dir, f), 'utf8')]),
);

test('the pipeline has its three workflows: ci, release and the deploy they share', () => {
  assert.equal(files.sort(), ['ci.yml', 'deploy.yml', 'release.yml']);
});

test('actionlint reports nothing', async () => {
  const result = await runGoTool('actionlint', ['-no-color']);
  assert.is(result.stdout + result.stderr, '');
  assert.is(result.code, 0);
});

test('every third-party action is pinned to a commit SHA, and no job asks for write it does not use', () => {
  const findings = Object.entries(texts).flatMap(([file, text]) => checkWorkflow(file, text, texts));
  assert.equal(findings, []);
});

test('the policy catches a tag-pinned action, an unused write and a workflow-wide write', () => {
  const bad = `
on: push
permissions:
  contents: write
jobs:
  build:
    runs-on: ubuntu-24.04
    permissions:
      contents: read
      packages: write
      id-token: write
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@820762786026740c76f36085b0efc47a31fe5020
      - run: npm test
  quiet:
    runs-on: ubuntu-24.04
    steps:
      - run: echo hi
`;
  const messages = checkWorkflow('bad.yml', bad).map((f) => `${f.where}: ${f.message}`);
  assert.equal(messages, [
    'line 13: actions/checkout@v4 is not pinned to a full commit SHA',
    'line 14: actions/setup-node@820762786026740c76f36085b0efc47a31fe5020 has no "# vX.Y.Z" comment naming the release the SHA is',
    'workflow permissions: grants contents: write to every job; grant it in the job that uses it',
    'job build: asks for packages: write but no step uses it',
    'job build: asks for id-token: write but no step uses it',
    'job quiet: states no permissions (it would inherit the defaults)',
  ]);
});

test('the release gates: ci first, production after staging behind its environment, one deploy at a time', () => {
  const release = texts['.github/workflows/release.yml'] as string;
  const deploy = texts['.github/workflows/deploy.yml'] as string;
  assert.match(release, /images:\n(.*\n)*?\s+needs: ci\n/);
  assert.match(release, /production:\n\s+needs: staging\n/);
  assert.match(deploy, /environment:\n\s+name: \$\{\{ inputs\.environment \}\}/);
  assert.match(
    deploy,
    /concurrency:\n\s+group: deploy-\$\{\{ inputs\.environment \}\}\n\s+cancel-in-progress: false/,
  );
  assert.match(deploy, /npm run deploy -- /, 'the workflow deploys with the same program people run');
  assert.not.match(release + deploy, /AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY/, 'no long-lived AWS keys');
});

test.run();
