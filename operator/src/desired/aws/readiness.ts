// DatabaseReady, CacheReady and AssetsReady from the managed resources' own Ready and Synced conditions:
// a small pure policy, like the other readiness checks. When AWS (through the provider) reports a problem,
// its message is what the shop shows.
import type { ObservedProxy } from './env.ts';
import type { ManagedResource } from './managed.ts';
import type { AwsPart, PlannedResource } from './resources.ts';

export const AwsConditionType = {
  database: 'DatabaseReady',
  cache: 'CacheReady',
  assets: 'AssetsReady',
} as const satisfies Record<AwsPart, string>;

export const AwsReason = {
  Available: 'Available',
  Creating: 'Creating',
  NotCreated: 'NotCreated',
  SyncFailed: 'SyncFailed',
  Unavailable: 'Unavailable',
  WaitingForOrigin: 'WaitingForOrigin',
  WaitingForMasterUserSecret: 'WaitingForMasterUserSecret',
  CrossplaneNotInstalled: 'CrossplaneNotInstalled',
} as const;

export interface PartReadiness {
  condition: { type: string; status: 'True' | 'False' | 'Unknown'; reason: string; message: string };
  /** True when someone must act (AWS refused or failed), which marks the shop Degraded. */
  failed: boolean;
}

const describe = (r: ManagedResource) => `${r.kind} ${r.metadata.name}`;
const condition = (r: ManagedResource | undefined, type: string) =>
  r?.status?.conditions?.find((c) => c.type === type);

/**
 * Readiness of one part from its planned resources and their live copies (looked up by `live`).
 * `missing` says what keeps a resource from being planned at all: the CDN without an origin
 * (WaitingForOrigin), the RDS Proxy before RDS reports the master user secret (WaitingForMasterUserSecret).
 */
export function partReadiness(
  part: AwsPart,
  planned: PlannedResource[],
  live: (resource: ManagedResource) => ManagedResource | undefined,
  missing?: { reason: string; message: string },
): PartReadiness {
  const type = AwsConditionType[part];
  const mine = planned.filter((p) => p.part === part).map((p) => p.resource);
  const observed = mine.map((r) => ({ desired: r, live: live(r) }));
  for (const { desired, live: current } of observed) {
    const synced = condition(current, 'Synced');
    if (synced?.status === 'False') {
      return {
        condition: {
          type,
          status: 'False',
          reason: AwsReason.SyncFailed,
          message: `${describe(desired)}: ${synced.message || synced.reason || 'the provider cannot reconcile it'}`,
        },
        failed: true,
      };
    }
  }
  for (const { desired, live: current } of observed) {
    const ready = condition(current, 'Ready');
    if (ready?.status === 'False' && ready.reason !== 'Creating') {
      return {
        condition: {
          type,
          status: 'False',
          reason: ready.reason || AwsReason.Unavailable,
          message: `${describe(desired)}: ${ready.message || 'AWS reports it unavailable'}`,
        },
        failed: true,
      };
    }
  }
  const absent = observed.find((o) => !o.live);
  if (absent) {
    return {
      condition: {
        type,
        status: 'False',
        reason: AwsReason.NotCreated,
        message: `${describe(absent.desired)} does not exist yet`,
      },
      failed: false,
    };
  }
  const waiting = observed.find((o) => condition(o.live, 'Ready')?.status !== 'True');
  if (waiting) {
    const ready = condition(waiting.live, 'Ready');
    return {
      condition: {
        type,
        status: 'False',
        reason: AwsReason.Creating,
        message: `${describe(waiting.desired)} is being created in AWS${ready?.message ? `: ${ready.message}` : ''}`,
      },
      failed: false,
    };
  }
  if (missing) {
    return {
      condition: { type, status: 'False', reason: missing.reason, message: missing.message },
      failed: false,
    };
  }
  return {
    condition: {
      type,
      status: 'True',
      reason: AwsReason.Available,
      message: `${mine.map(describe).join(', ')} ${mine.length === 1 ? 'is' : 'are'} available`,
    },
    failed: false,
  };
}

/** Whether the provider reports TLS on the endpoints (a stand-in may serve plain TCP). */
export function observedTls(instance: ManagedResource | undefined, group: ManagedResource | undefined) {
  return {
    database: Boolean(
      (instance?.status?.atProvider as { caCertIdentifier?: string } | undefined)?.caCertIdentifier,
    ),
    cache:
      (group?.status?.atProvider as { transitEncryptionEnabled?: boolean } | undefined)
        ?.transitEncryptionEnabled === true,
  };
}

/**
 * The RDS Proxy's endpoint and whether it requires TLS, once the provider reports an endpoint (undefined
 * before). TLS is assumed unless the provider reports `requireTls: false` (the proxy is built with true).
 */
export function observedProxy(proxy: ManagedResource | undefined): ObservedProxy | undefined {
  const atProvider = proxy?.status?.atProvider as { endpoint?: string; requireTls?: boolean } | undefined;
  if (!atProvider?.endpoint) return undefined;
  return { endpoint: atProvider.endpoint, requireTls: atProvider.requireTls !== false };
}

/** The instance's address (host name) as the provider reports it, or undefined before it does. */
export function observedInstanceAddress(instance: ManagedResource | undefined): string | undefined {
  return (instance?.status?.atProvider as { address?: string } | undefined)?.address || undefined;
}
