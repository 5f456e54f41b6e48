// Pod Security "restricted" for every pod the operator makes: non-root, no privilege escalation, every
// capability dropped, the runtime's default seccomp profile, and a read-only root filesystem.
import type {
  V1PodSecurityContext,
  V1SecurityContext,
  V1TopologySpreadConstraint,
} from '@kubernetes/client-node';
import type { DhakaCart } from '../types.ts';

/** Pod-level context; `uid` is the image's own non-root user so files on volumes stay readable. */
export function restrictedPodSecurity(uid: number): V1PodSecurityContext {
  return {
    runAsNonRoot: true,
    runAsUser: uid,
    runAsGroup: uid,
    fsGroup: uid,
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

export function restrictedContainerSecurity(): V1SecurityContext {
  return {
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/** Spreads a component's pods evenly across zones, and across nodes within a zone. */
export function zoneSpread(shop: DhakaCart, selector: Record<string, string>): V1TopologySpreadConstraint[] {
  return [
    {
      maxSkew: 1,
      topologyKey: 'topology.kubernetes.io/zone',
      whenUnsatisfiable: shop.spec.availability.zoneSpread,
      labelSelector: { matchLabels: selector },
    },
    {
      maxSkew: 1,
      topologyKey: 'kubernetes.io/hostname',
      whenUnsatisfiable: 'ScheduleAnyway',
      labelSelector: { matchLabels: selector },
    },
  ];
}
