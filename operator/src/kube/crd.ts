// Installs the DhakaCart CustomResourceDefinition from its one source, crds/dhakacart.io_dhakacarts.yaml —
// the file the Helm chart ships (charts/dhakacart-operator/crds/ links to it) and the tests apply. The file's
// text is sent as it is, by server-side apply, so every field and CEL rule arrives exactly as written (a
// client library's typed model cannot drop one) and an older copy in the cluster is brought up to date.
import { readFileSync } from 'node:fs';
import type { KubeConfig } from '@kubernetes/client-node';
import { FIELD_MANAGER } from './client.ts';
import { requestJson } from './rest.ts';

interface Crd {
  metadata: { name: string };
  status?: { conditions?: { type: string; status: string }[] };
}

/**
 * Server-side applies the CRD in `file` (YAML, one CustomResourceDefinition) and waits until the API server
 * serves it (condition Established), at most `timeoutMs`. Throws with the API server's message when the
 * apply is refused, or when the CRD is not established in time. Returns the CRD's name.
 */
export async function applyCrd(kc: KubeConfig, file: string, timeoutMs = 60_000): Promise<string> {
  const text = readFileSync(file, 'utf8');
  const name = /^metadata:\s*\n\s+name:\s*(\S+)/m.exec(text)?.[1];
  if (!name) throw new Error(`${file} has no metadata.name`);
  const path = `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${name}`;
  await requestJson<Crd>(kc, `${path}?fieldManager=${FIELD_MANAGER}&force=true`, {
    method: 'PATCH',
    body: text,
    contentType: 'application/apply-patch+yaml',
  });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const crd = await requestJson<Crd>(kc, path);
    if (crd.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True')) return name;
    if (Date.now() > deadline) throw new Error(`the CRD ${name} was applied but is not Established`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
