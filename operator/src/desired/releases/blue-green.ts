// Blue/green releases. Each of api and storefront gets two Deployments, `<shop>-<component>-blue` and
// `-green`; the Service `<shop>-<component>` selects the active colour and `<shop>-<component>-preview` the
// other one. A new version comes up in the other colour at full capacity beside the serving one, is checked,
// and then both Services switch at once. The old colour keeps its pods for scaleDownDelaySeconds, so going
// back is one selector change (instant), and is then scaled to zero (kept, for the next release).
//
// With the AWS Load Balancer Controller (target type ip) the switch drops no request when: the namespace has
// the `elbv2.k8s.aws/pod-readiness-gate-inject: enabled` label (a pod counts as ready only once the ALB
// target is healthy), the deregistration delay is shorter than the pods' preStop drain
// (PRESTOP_DRAIN_SECONDS), and scaleDownDelaySeconds is longer than the deregistration delay. docs/releases.md
// has the annotations.
import type {
  KubernetesObject,
  V1Deployment,
  V1Service,
  V2HorizontalPodAutoscaler,
} from '@kubernetes/client-node';
import type { DhakaCart } from '../../types.ts';
import { desiredApiDeployment, desiredStorefrontDeployment } from '../deployment.ts';
import { childMeta, childName, selectorLabels } from '../meta.ts';
import type { Colour, ColourState, ReleaseStatus } from './spec.ts';

export const COLOUR_LABEL = 'dhakacart.io/colour';
export type ReleasedComponent = 'api' | 'storefront';
export const RELEASED: ReleasedComponent[] = ['api', 'storefront'];

export const colourName = (shop: DhakaCart, component: ReleasedComponent, colour: Colour) =>
  `${shop.metadata.name}-${component}-${colour}`;
export const previewServiceName = (shop: DhakaCart, component: ReleasedComponent) =>
  `${shop.metadata.name}-${component}-preview`;

const other = (colour: Colour): Colour => (colour === 'blue' ? 'green' : 'blue');

export interface BlueGreenInput {
  /** The version the shop should serve (after any rollback decision). */
  target: string;
  /** The newest version whose migration succeeded: a colour runs the API of no other. */
  migrated: string | undefined;
  state: Pick<ReleaseStatus, 'active' | 'retiring'>;
  /** The colour beside the active one runs the target on every pod, all ready. */
  previewReady: boolean;
  /** The smoke check of the preview passed, or none is configured. */
  previewChecked: boolean;
  now: Date;
  scaleDownDelaySeconds: number;
}

export interface BlueGreenPlan {
  active: ColourState;
  preview?: ColourState;
  retiring?: ColourState & { retireAt: string };
  /** The Services switch colour in this pass. */
  switched: boolean;
}

/** Which colour serves, which one is being prepared, and which one is kept for an instant rollback. */
export function planBlueGreen(input: BlueGreenInput): BlueGreenPlan {
  const retireAt = new Date(input.now.getTime() + input.scaleDownDelaySeconds * 1000)
    .toISOString()
    .replace(/\.\d+Z$/, 'Z');
  let retiring = input.state.retiring;
  if (retiring && new Date(retiring.retireAt).getTime() <= input.now.getTime()) retiring = undefined;
  const active = input.state.active;
  if (!active) return { active: { colour: 'blue', version: input.target }, switched: false };
  if (active.version === input.target) return { active, ...(retiring ? { retiring } : {}), switched: false };
  // Going back to the colour that still has its pods: switch now, no new pods needed.
  if (retiring && retiring.version === input.target) {
    return {
      active: { colour: retiring.colour, version: retiring.version },
      retiring: { ...active, retireAt },
      switched: true,
    };
  }
  if (input.migrated !== input.target) return { active, ...(retiring ? { retiring } : {}), switched: false };
  const preview: ColourState = { colour: other(active.colour), version: input.target };
  if (input.previewReady && input.previewChecked)
    return { active: preview, retiring: { ...active, retireAt }, switched: true };
  return { active, preview, switched: false };
}

/** Replicas a colour Deployment runs: the live count (the autoscaler's) of the active colour sizes the others. */
export interface ColourReplicas {
  /** Live spec.replicas of a colour's Deployment, if it exists. */
  live: (component: ReleasedComponent, colour: Colour) => number | undefined;
  /** The component's minimum, for a Deployment that does not exist yet. */
  min: (component: ReleasedComponent) => number;
  /**
   * The shop is switching from a rolling update and the active colour does not serve yet: the Services keep
   * selecting every pod of the component (the plain Deployment's too) and the autoscalers stay on the plain
   * Deployments, so nothing stops serving during the change of strategy.
   */
  plainServes?: boolean;
}

function colourDeployment(
  shop: DhakaCart,
  component: ReleasedComponent,
  state: ColourState,
  replicas: number,
): V1Deployment {
  const base =
    component === 'api'
      ? desiredApiDeployment(shop, state.version)
      : desiredStorefrontDeployment(shop, state.version);
  const selector = { ...selectorLabels(shop, component), [COLOUR_LABEL]: state.colour };
  const spec = base.spec as NonNullable<V1Deployment['spec']>;
  return {
    ...base,
    metadata: {
      ...base.metadata,
      name: colourName(shop, component, state.colour),
      labels: { ...base.metadata?.labels, [COLOUR_LABEL]: state.colour },
    },
    spec: {
      ...spec,
      replicas,
      selector: { matchLabels: selector },
      template: {
        ...spec.template,
        metadata: { ...spec.template.metadata, labels: { ...spec.template.metadata?.labels, ...selector } },
      },
    } as V1Deployment['spec'],
  } as V1Deployment;
}

/**
 * Rewrites the rolling-update children into blue/green ones: the plain api/storefront Deployments become a
 * Deployment per colour, the Services select the active colour, a preview Service selects the other, and the
 * autoscalers scale the active colour.
 */
export function blueGreenChildren(
  shop: DhakaCart,
  children: KubernetesObject[],
  plan: BlueGreenPlan,
  replicas: ColourReplicas,
): KubernetesObject[] {
  const out: KubernetesObject[] = [];
  for (const child of children) {
    const name = child.metadata?.name;
    const component = RELEASED.find((c) => name === childName[c](shop));
    if (!component) {
      out.push(child);
      continue;
    }
    if (child.kind === 'Deployment') {
      const activeLive = replicas.live(component, plan.active.colour);
      const full = Math.max(activeLive ?? 0, replicas.min(component));
      const colours: [ColourState, number][] = [[plan.active, activeLive ?? replicas.min(component)]];
      if (plan.preview) colours.push([plan.preview, full]);
      else if (plan.retiring)
        colours.push([plan.retiring, replicas.live(component, plan.retiring.colour) ?? full]);
      const idle = other(plan.active.colour);
      // Once its delay is over the idle colour is kept at zero pods, ready for the next release.
      if (!plan.preview && !plan.retiring && replicas.live(component, idle) !== undefined)
        colours.push([{ colour: idle, version: plan.active.version }, 0]);
      for (const [state, count] of colours) out.push(colourDeployment(shop, component, state, count));
    } else if (child.kind === 'Service') {
      const service = child as V1Service;
      const selector = { ...service.spec?.selector, [COLOUR_LABEL]: plan.active.colour };
      out.push(
        replicas.plainServes ? service : ({ ...service, spec: { ...service.spec, selector } } as V1Service),
      );
      out.push({
        ...service,
        metadata: childMeta(shop, previewServiceName(shop, component), component),
        spec: {
          ...service.spec,
          selector: {
            ...service.spec?.selector,
            [COLOUR_LABEL]: (plan.preview ?? { colour: other(plan.active.colour) }).colour,
          },
        },
      } as V1Service);
    } else if (child.kind === 'HorizontalPodAutoscaler' && !replicas.plainServes) {
      const hpa = child as V2HorizontalPodAutoscaler;
      out.push({
        ...hpa,
        spec: {
          ...hpa.spec,
          scaleTargetRef: {
            ...hpa.spec?.scaleTargetRef,
            name: colourName(shop, component, plan.active.colour),
          },
        },
      } as V2HorizontalPodAutoscaler);
    } else {
      out.push(child);
    }
  }
  return out;
}
