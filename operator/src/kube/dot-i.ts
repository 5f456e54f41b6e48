// The one module that touches @dot-i/k8s-operator. We use it for the operator lifecycle (start → init,
// stop). We do not use its registerCustomResourceDefinition: it sends the CRD through client-node 0.20's
// typed model, which dropped the rule at the schema's root (the 40-character name cap), and it never updates
// a CRD that exists; the CRD is applied from its file instead (crd.ts). We do not use its watchResource: it has
// no LIST and no resume point (every reconnect replays each object as ADDED), one sequential event queue,
// and it calls process.exit on a watch error. Informers, the work queue and resync are ours (informer.ts,
// queue.ts), on @kubernetes/client-node 2.x. See operator/README.md for the trade-off.
import dotI from '@dot-i/k8s-operator';
import type { Logger } from '../log.ts';

// A CommonJS module whose class is `exports.default`: Node's ESM loader hands us the exports object.
const DotIOperator = dotI.default;

export interface LifecycleHooks {
  /** Installs the CRD (skipped when undefined, e.g. when Helm installed it). Returns its name. */
  installCrd: (() => Promise<string>) | undefined;
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
    if (this.#hooks.installCrd) {
      const name = await this.#hooks.installCrd();
      this.#hooks.log('info', 'custom resource definition applied', { name });
    }
    await this.#hooks.onInit();
  }

  override stop(): void {
    super.stop();
    this.#hooks.onStop();
  }
}
