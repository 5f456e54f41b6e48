// The cluster add-ons the real node runs as pods, written here: CoreDNS as the cluster DNS (no upstream),
// metrics-server behind the aggregation layer (so HPAs act on real CPU), and local-path-provisioner with a
// default StorageClass (so a claim without a pre-made volume binds). Images are the binaries built by
// `build.sh node`, each on an empty root (`buildBinaryImage`); the provisioner's helper pods use the Debian base.
import { CLUSTER_DNS_IP } from './node-network.ts';

/** Image references the add-ons run. */
export interface AddonImages {
  coredns: string;
  metricsServer: string;
  localPath: string;
  /** An image with a shell, mkdir and rm: the provisioner's helper pods. */
  shell: string;
}

export const DEFAULT_STORAGE_CLASS = 'local-path';

const restricted = (uid = 65532) => ({
  pod: { runAsNonRoot: true, runAsUser: uid, runAsGroup: uid, seccompProfile: { type: 'RuntimeDefault' } },
  container: {
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    capabilities: { drop: ['ALL'] },
  },
});

function deployment(namespace: string, name: string, labels: Record<string, string>, podSpec: object) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, labels },
    spec: {
      replicas: 1,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { priorityClassName: 'system-cluster-critical', ...podSpec } },
    },
  };
}

function serviceAccountWithClusterRole(namespace: string, name: string, rules: object[]) {
  return [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace } },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: `dhakacart:${name}` },
      rules,
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: `dhakacart:${name}` },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: `dhakacart:${name}` },
      subjects: [{ kind: 'ServiceAccount', name, namespace }],
    },
  ];
}

function coredns(image: string): object[] {
  const labels = { 'k8s-app': 'kube-dns' };
  const sec = restricted();
  // No `forward`: names outside cluster.local get an answer of refusal without a packet leaving the machine.
  const corefile = `.:53 {
    errors
    health :8080
    ready :8181
    kubernetes cluster.local in-addr.arpa ip6.arpa {
        pods insecure
        fallthrough in-addr.arpa ip6.arpa
    }
    prometheus :9153
    cache 30
    loop
    reload
    loadbalance
}
`;
  return [
    ...serviceAccountWithClusterRole('kube-system', 'coredns', [
      {
        apiGroups: [''],
        resources: ['endpoints', 'services', 'pods', 'namespaces'],
        verbs: ['list', 'watch'],
      },
      { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['list', 'watch'] },
    ]),
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'coredns', namespace: 'kube-system' },
      data: { Corefile: corefile },
    },
    deployment('kube-system', 'coredns', labels, {
      serviceAccountName: 'coredns',
      // Port 53 without a capability: the one sysctl the "restricted" profile allows for it.
      securityContext: {
        ...sec.pod,
        sysctls: [{ name: 'net.ipv4.ip_unprivileged_port_start', value: '53' }],
      },
      containers: [
        {
          name: 'coredns',
          image,
          imagePullPolicy: 'IfNotPresent',
          args: ['-conf', '/etc/coredns/Corefile'],
          ports: [
            { name: 'dns', containerPort: 53, protocol: 'UDP' },
            { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' },
            { name: 'metrics', containerPort: 9153, protocol: 'TCP' },
          ],
          readinessProbe: { httpGet: { path: '/ready', port: 8181 }, periodSeconds: 2 },
          livenessProbe: { httpGet: { path: '/health', port: 8080 }, periodSeconds: 10 },
          resources: { requests: { cpu: '50m', memory: '40Mi' }, limits: { memory: '128Mi' } },
          securityContext: sec.container,
          volumeMounts: [{ name: 'config', mountPath: '/etc/coredns', readOnly: true }],
        },
      ],
      volumes: [{ name: 'config', configMap: { name: 'coredns' } }],
    }),
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'kube-dns', namespace: 'kube-system', labels },
      spec: {
        clusterIP: CLUSTER_DNS_IP,
        selector: labels,
        ports: [
          { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
          { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
          { name: 'metrics', port: 9153, protocol: 'TCP', targetPort: 9153 },
        ],
      },
    },
  ];
}

function metricsServer(image: string): object[] {
  const labels = { 'k8s-app': 'metrics-server' };
  const sec = restricted();
  return [
    ...serviceAccountWithClusterRole('kube-system', 'metrics-server', [
      { apiGroups: [''], resources: ['nodes/metrics'], verbs: ['get'] },
      { apiGroups: [''], resources: ['pods', 'nodes'], verbs: ['get', 'list', 'watch'] },
    ]),
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'dhakacart:metrics-server:auth-delegator' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'system:auth-delegator' },
      subjects: [{ kind: 'ServiceAccount', name: 'metrics-server', namespace: 'kube-system' }],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'dhakacart:metrics-server:auth-reader', namespace: 'kube-system' },
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'Role',
        name: 'extension-apiserver-authentication-reader',
      },
      subjects: [{ kind: 'ServiceAccount', name: 'metrics-server', namespace: 'kube-system' }],
    },
    deployment('kube-system', 'metrics-server', labels, {
      serviceAccountName: 'metrics-server',
      securityContext: sec.pod,
      containers: [
        {
          name: 'metrics-server',
          image,
          imagePullPolicy: 'IfNotPresent',
          args: [
            '--cert-dir=/tmp',
            '--secure-port=10250',
            '--kubelet-preferred-address-types=InternalIP',
            '--kubelet-use-node-status-port',
            '--metric-resolution=15s',
            // The kubelet's serving certificate is self-signed on the local node.
            '--kubelet-insecure-tls',
          ],
          ports: [{ name: 'https', containerPort: 10250, protocol: 'TCP' }],
          readinessProbe: { httpGet: { path: '/readyz', port: 'https', scheme: 'HTTPS' }, periodSeconds: 5 },
          resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '256Mi' } },
          securityContext: sec.container,
          volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
        },
      ],
      volumes: [{ name: 'tmp', emptyDir: {} }],
    }),
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'metrics-server', namespace: 'kube-system', labels },
      spec: { selector: labels, ports: [{ name: 'https', port: 443, targetPort: 'https', protocol: 'TCP' }] },
    },
    {
      apiVersion: 'apiregistration.k8s.io/v1',
      kind: 'APIService',
      metadata: { name: 'v1beta1.metrics.k8s.io' },
      spec: {
        group: 'metrics.k8s.io',
        version: 'v1beta1',
        service: { name: 'metrics-server', namespace: 'kube-system' },
        insecureSkipTLSVerify: true,
        groupPriorityMinimum: 100,
        versionPriority: 100,
      },
    },
  ];
}

function localPath(image: string, shellImage: string, volumesDir: string): object[] {
  const namespace = 'local-path-storage';
  const labels = { app: 'local-path-provisioner' };
  const sec = restricted();
  const config = {
    nodePathMap: [{ node: 'DEFAULT_PATH_FOR_NON_LISTED_NODES', paths: [volumesDir] }],
  };
  // The helper pod makes and removes a volume's directory on the node; it needs the host path, so its
  // namespace runs under the "privileged" Pod Security level (only this add-on lives there).
  const helperPod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'helper-pod' },
    spec: {
      containers: [{ name: 'helper-pod', image: shellImage, imagePullPolicy: 'IfNotPresent' }],
    },
  };
  return [
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: namespace, labels: { 'pod-security.kubernetes.io/enforce': 'privileged' } },
    },
    ...serviceAccountWithClusterRole(namespace, 'local-path-provisioner', [
      {
        apiGroups: [''],
        resources: ['nodes', 'persistentvolumeclaims', 'configmaps', 'pods', 'pods/log'],
        verbs: ['get', 'list', 'watch'],
      },
      { apiGroups: [''], resources: ['pods'], verbs: ['create', 'delete'] },
      {
        apiGroups: [''],
        resources: ['persistentvolumes'],
        verbs: ['get', 'list', 'watch', 'create', 'patch', 'update', 'delete'],
      },
      { apiGroups: [''], resources: ['persistentvolumeclaims'], verbs: ['update', 'patch'] },
      { apiGroups: [''], resources: ['events'], verbs: ['create', 'patch'] },
      { apiGroups: ['storage.k8s.io'], resources: ['storageclasses'], verbs: ['get', 'list', 'watch'] },
    ]),
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'local-path-config', namespace },
      data: {
        'config.json': JSON.stringify(config),
        setup: '#!/bin/sh\nset -eu\nmkdir -m 0777 -p "$VOL_DIR"\n',
        teardown: '#!/bin/sh\nset -eu\nrm -rf "$VOL_DIR"\n',
        'helperPod.yaml': JSON.stringify(helperPod),
      },
    },
    deployment(namespace, 'local-path-provisioner', labels, {
      serviceAccountName: 'local-path-provisioner',
      securityContext: sec.pod,
      containers: [
        {
          name: 'local-path-provisioner',
          image,
          imagePullPolicy: 'IfNotPresent',
          args: [
            'start',
            '--config',
            '/etc/config/config.json',
            '--helper-image',
            shellImage,
            '--service-account-name',
            'local-path-provisioner',
          ],
          env: [
            { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
            { name: 'CONFIG_MOUNT_PATH', value: '/etc/config/' },
          ],
          resources: { requests: { cpu: '10m', memory: '32Mi' }, limits: { memory: '128Mi' } },
          securityContext: sec.container,
          volumeMounts: [{ name: 'config', mountPath: '/etc/config', readOnly: true }],
        },
      ],
      volumes: [{ name: 'config', configMap: { name: 'local-path-config' } }],
    }),
    {
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: {
        name: DEFAULT_STORAGE_CLASS,
        annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' },
      },
      provisioner: 'rancher.io/local-path',
      volumeBindingMode: 'WaitForFirstConsumer',
      reclaimPolicy: 'Delete',
    },
  ];
}

/** Every add-on object, in an order `kubectl apply` accepts in one go. */
export function addonManifests(images: AddonImages, volumesDir: string): object[] {
  return [
    ...coredns(images.coredns),
    ...metricsServer(images.metricsServer),
    ...localPath(images.localPath, images.shell, volumesDir),
  ];
}
