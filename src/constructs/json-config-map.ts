import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { canonicalJson } from '../contracts.js';
import { createHash } from 'node:crypto';
import { InvalidPropError, dns1123LabelProblem } from './validation.js';

export interface JsonConfigMapProps {
  readonly name: string;
  readonly namespace: string;
  /** Key (file name) of the JSON document, e.g. `runtime-config.json`. */
  readonly key: string;
  /** The document; written pretty-printed with sorted keys. */
  readonly content: Readonly<Record<string, unknown>>;
}

/** A ConfigMap holding one JSON file, plus a hash of it for a pod-template annotation. */
export class JsonConfigMap extends Construct {
  readonly name: string;
  readonly key: string;
  /** Changes whenever the content does; put it on the pod template to roll subPath mounts. */
  readonly contentHash: string;
  readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: JsonConfigMapProps) {
    super(scope, id);
    for (const prop of ['name', 'namespace'] as const) {
      const problem = dns1123LabelProblem(props[prop]);
      if (problem)
        throw new InvalidPropError(`JsonConfigMap "${props.name}"`, prop, props[prop], problem);
    }
    this.name = props.name;
    this.key = props.key;
    const text = `${JSON.stringify(JSON.parse(canonicalJson(props.content)), null, 2)}\n`;
    this.contentHash = createHash('sha256').update(text).digest('hex').slice(0, 16);
    const body: IConfigMap = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: props.name, namespace: props.namespace },
      data: { [props.key]: text },
    };
    this.apiObject = new ApiObject(this, 'Resource', body);
  }
}

/** Pod-template annotation carrying a JsonConfigMap's contentHash, so edits roll the pods. */
export const RUNTIME_CONFIG_HASH_ANNOTATION = 'tracing.eks-xray.dev/runtime-config-hash';
