// The one module that touches @dot-i/k8s-operator. We use it for what it does well: the operator lifecycle
// (start → init, stop) and registering the CRD when it is missing. We do not use its watchResource: it has
// no LIST and no resume point (every reconnect replays each object as ADDED), one sequential event queue,
// and it calls process.exit on a watch error. Informers, the work queue and resync are ours (informer.ts,
// queue.ts), on @kubernetes/client-node 2.x. See operator/README.md for the trade-off.
import dotI from '@dot-i/k8s-operator';
import type { Logger } from '../log.ts';

// A CommonJS module whose class is `exports.default`: Node's ESM loader hands us the exports object.
const DotIOperator = dotI.default;

export interface LifecycleHooks {
  /** CRD YAML to create if the cluster lacks it (skipped when undefined, e.g. when Helm installed it). */
  crdFile: string | undefined;
  log: Logger;
  onInit: () => Promise<void>;
  onStop: () => void;
}

/** The operator's lifecycle shell: `start()` registers the CRD, then hands over to `onInit`. */
export class OperatorShell extends DotIOperator {
  readonly #hooks: LifecycleHooks;

  constructor(hooks: LifecycleHooks) {
    super({
      debug: (m: string) => hooks.log('debug', m),
      info: (m: string) => hooks.log('info', m),
      warn: (m: string) => hooks.log('warn', m),
      error: (m: string) => hooks.log('error', m),
    });
    this.#hooks = hooks;
  }

  protected override async init(): Promise<void> {
    if (this.#hooks.crdFile) {
      const crd = await this.registerCustomResourceDefinition(this.#hooks.crdFile);
      this.#hooks.log('info', 'custom resource definition present', { group: crd.group, plural: crd.plural });
    }
    await this.#hooks.onInit();
  }

  override stop(): void {
    super.stop();
    this.#hooks.onStop();
  }
}
