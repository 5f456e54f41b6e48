// `npm run deploy -- <version>` and `npm run deploy -- --rollback`: the one way a release is made, by people
// and by the delivery pipeline (.github/workflows/release.yml) alike. Sets spec.version of a DhakaCart in the
// current kube context, then reads the operator's status until the version serves on every pod, the
// operator rolls it back, or the deadline passes (judge.ts decides which). docs/delivery.md has the picture.
import { CustomObjectsApi, KubeConfig, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { errorMessage } from '../kube/client.ts';
import { type DhakaCart, GROUP, PLURAL, VERSION } from '../types.ts';
import { type DeployArgs, judgeDeploy, parseDeployArgs, USAGE } from './judge.ts';

const FIELD_MANAGER = 'dhakacart-deploy';
const POLL_MS = 1_000;

const EXIT = { serving: 0, failed: 1, timedOut: 2, error: 3 } as const;

class DeployError extends Error {}

async function main(argv: string[]): Promise<number> {
  let args: DeployArgs;
  try {
    args = parseDeployArgs(argv);
  } catch (error) {
    console.error(`deploy: ${(error as Error).message}\n\n${USAGE}`);
    return EXIT.error;
  }
  const kc = new KubeConfig();
  kc.loadFromDefault();
  const api = kc.makeApiClient(CustomObjectsApi);
  const namespace = args.namespace ?? kc.getContextObject(kc.getCurrentContext())?.namespace ?? 'default';
  const resource = { group: GROUP, version: VERSION, plural: PLURAL, namespace };
  const started = Date.now();
  const elapsed = () => `${Math.round((Date.now() - started) / 1000)}s`;
  const say = (line: string) => console.log(`[deploy ${elapsed().padStart(5)}] ${line}`);

  const name = args.name ?? (await onlyShop(api, namespace));
  const get = async () =>
    (await api.getNamespacedCustomObject({ ...resource, name }).catch((error) => {
      throw new DeployError(`while reading DhakaCart ${namespace}/${name}: ${errorMessage(error)}`);
    })) as DhakaCart;
  const shop = await get();
  const lastGood = (shop.status as { lastGoodVersion?: string } | undefined)?.lastGoodVersion;
  const version = args.rollback ? lastGood : args.version;
  if (!version)
    throw new DeployError(
      `DhakaCart ${namespace}/${name} has no status.lastGoodVersion yet: no release has served, nothing to return to`,
    );
  say(
    `${args.rollback ? 'returning' : 'releasing'} ${namespace}/${name} to ${version} (spec.version was ${shop.spec.version}, serving ${shop.status?.version ?? 'nothing'}), context ${kc.getCurrentContext()}`,
  );
  const patched = (await api
    .patchNamespacedCustomObject(
      { ...resource, name, body: { spec: { version } }, fieldManager: FIELD_MANAGER },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    )
    .catch((error) => {
      throw new DeployError(`while setting spec.version of ${namespace}/${name}: ${errorMessage(error)}`);
    })) as DhakaCart;
  const generation = patched.metadata.generation ?? 0;

  const deadline = started + args.timeoutMs;
  let last = '';
  for (;;) {
    const state = judgeDeploy(await get().catch(() => patched), version, generation);
    if (state.kind === 'failed') {
      console.error(
        `[deploy ${elapsed().padStart(5)}] ${version} failed (${state.reason}): ${state.message}`,
      );
      return EXIT.failed;
    }
    if (state.line !== last) say(state.line);
    last = state.line;
    if (state.kind === 'serving') {
      say(`done: ${version} serving on every pod after ${elapsed()}`);
      return EXIT.serving;
    }
    if (Date.now() >= deadline) {
      console.error(
        `[deploy ${elapsed().padStart(5)}] timed out after ${args.timeoutMs / 1000}s waiting for ${version}: ${last}`,
      );
      return EXIT.timedOut;
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

/** The namespace's one DhakaCart; an error naming them when there are none or several. */
async function onlyShop(api: CustomObjectsApi, namespace: string): Promise<string> {
  const list = (await api
    .listNamespacedCustomObject({ group: GROUP, version: VERSION, plural: PLURAL, namespace })
    .catch((error) => {
      throw new DeployError(`while listing DhakaCarts in ${namespace}: ${errorMessage(error)}`);
    })) as { items: DhakaCart[] };
  const names = list.items.map((s) => s.metadata.name);
  if (names.length === 1) return names[0] as string;
  throw new DeployError(
    names.length === 0
      ? `no DhakaCart in namespace ${namespace} (give --namespace)`
      : `namespace ${namespace} holds ${names.length} DhakaCarts (${names.join(', ')}): give --name`,
  );
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(`deploy: ${error instanceof DeployError ? error.message : errorMessage(error)}`);
    process.exit(EXIT.error);
  },
);
