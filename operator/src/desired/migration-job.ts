// The migration Job of a release. The API rolls to a version only after this Job has succeeded for it.
// It runs `npm run db:migrate -w api` from /app in the API image of that version, with the API's environment.
import type { V1Job } from '@kubernetes/client-node';
import type { DhakaCart } from '../types.ts';
import { APP_UID, apiEnv } from './deployment.ts';
import { apiImage, pullPolicy } from './images.ts';
import { childMeta, childName, selectorLabels, VERSION_ANNOTATION } from './meta.ts';
import { restrictedContainerSecurity, restrictedPodSecurity } from './pod-security.ts';

export const MIGRATION_COMMAND = ['npm', 'run', 'db:migrate', '-w', 'api'];

export function desiredMigrationJob(shop: DhakaCart, version: string): V1Job {
  const selector = selectorLabels(shop, 'migration');
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: childMeta(shop, childName.migrationJob(shop, version), 'migration', {
      [VERSION_ANNOTATION]: version,
    }),
    spec: {
      backoffLimit: 4,
      activeDeadlineSeconds: 900,
      template: {
        metadata: { labels: { ...selector, 'dhakacart.io/version': version } },
        spec: {
          restartPolicy: 'Never',
          serviceAccountName: childName.api(shop),
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          securityContext: restrictedPodSecurity(APP_UID),
          containers: [
            {
              name: 'migrate',
              image: apiImage(shop, version),
              imagePullPolicy: pullPolicy(shop),
              workingDir: '/app',
              command: MIGRATION_COMMAND,
              env: [
                { name: 'npm_config_cache', value: '/tmp/.npm' },
                ...apiEnv(shop, 'direct').filter((e) => e.name.startsWith('DATABASE_')),
              ],
              resources: {
                requests: { cpu: '100m', memory: '128Mi' },
                limits: { cpu: '500m', memory: '256Mi' },
              },
              securityContext: restrictedContainerSecurity(),
              volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
            },
          ],
          volumes: [{ name: 'tmp', emptyDir: { sizeLimit: '64Mi' } }],
        },
      },
    },
  };
}
