/**
 * Pod create on the FAKE API server (fake-kube-apiserver.ts), as kube-apiserver admits it: the
 * namespace must exist, generateName gets a suffix, the registered mutating webhooks run
 * (`podWebhooks`), and the pod is stored unless it is a dry run. A dry run is refused with 400
 * when a registered pod webhook may have side effects (`sideEffects` other than None or
 * NoneOnDryRun), as the real server refuses it: "admission webhook ... does not support dry run".
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { json, readBody, status } from './fake-http.js';
import type { FakeStore, Obj } from './fake-store.js';

/** What pod admission needs of the fake API server: its store and its pod webhooks. */
export interface PodAdmission {
  readonly store: FakeStore;
  admitPod(pod: Obj): Obj;
}

interface WebhookRegistration {
  readonly name: string;
  readonly sideEffects?: string;
  readonly rules?: readonly { readonly operations?: string[]; readonly resources?: string[] }[];
}

/** The first registered webhook on pod CREATE that cannot be called on a dry run. */
function dryRunUnsupported(fake: PodAdmission): string | undefined {
  const type = fake.store.typeFor(
    'admissionregistration.k8s.io/v1',
    'MutatingWebhookConfiguration',
  );
  for (const config of type ? fake.store.list(type, undefined) : []) {
    for (const w of (config.webhooks as WebhookRegistration[] | undefined) ?? []) {
      const onPodCreate = (w.rules ?? []).some(
        (r) =>
          r.resources?.includes('pods') && r.operations?.some((o) => o === 'CREATE' || o === '*'),
      );
      if (onPodCreate && w.sideEffects !== 'None' && w.sideEffects !== 'NoneOnDryRun')
        return w.name;
    }
  }
  return undefined;
}

export async function servePodCreate(
  fake: PodAdmission,
  req: IncomingMessage,
  res: ServerResponse,
  ns: string,
  dryRun: boolean,
): Promise<void> {
  const body = JSON.parse(await readBody(req)) as Obj;
  if (!fake.store.get('v1', 'Namespace', undefined, ns))
    return status(res, 404, 'NotFound', `namespaces "${ns}" not found`, {
      name: ns,
      kind: 'namespaces',
    });
  const refusing = dryRun ? dryRunUnsupported(fake) : undefined;
  if (refusing !== undefined)
    return status(
      res,
      400,
      'BadRequest',
      `admission webhook "${refusing}" does not support dry run`,
    );
  const meta = body.metadata as Obj['metadata'] & { generateName?: string };
  const name = meta.name ?? `${meta.generateName ?? 'pod-'}${randomBytes(3).toString('hex')}`;
  const pod = fake.admitPod({
    ...body,
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { ...meta, name, namespace: ns },
  });
  const result = fake.store.put(pod, { dryRun });
  return json(res, 201, result.obj);
}
