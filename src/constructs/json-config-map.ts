import { createHash } from 'node:crypto';
import { Construct } from 'constructs';
import * as kplus from 'cdk8s-plus-28';
import { canonicalJson } from '../contracts.js';
import { InvalidPropError, dns1123LabelProblem } from './validation.js';

export interface JsonConfigMapProps {
  readonly name: string;
  readonly namespace: string;
  /** Key (file name) of the JSON document, e.g. `runtime-config.json`. */
  readonly key: string;
  /** The document; written pretty-printed with sorted keys. */
  readonly content: Readonly<Record<string, unknown>>;
}

/**
 * A ConfigMap holding one JSON file, plus a hash of it. A workload that mounts it puts the hash
 * on its pod template, so an edit rolls the pods (subPath mounts never see updates).
 */
export class JsonConfigMap extends Construct {
  readonly name: string;
  readonly namespace: string;
  readonly key: string;
  /** Changes whenever the content does. */
  readonly contentHash: string;
  readonly configMap: kplus.ConfigMap;

  constructor(scope: Construct, id: string, props: JsonConfigMapProps) {
    super(scope, id);
    for (const prop of ['name', 'namespace'] as const) {
      const problem = dns1123LabelProblem(props[prop]);
      if (problem)
        throw new InvalidPropError(`JsonConfigMap "${props.name}"`, prop, props[prop], problem);
    }
    this.name = props.name;
    this.namespace = props.namespace;
    this.key = props.key;
    const text = `${JSON.stringify(JSON.parse(canonicalJson(props.content)), null, 2)}\n`;
    this.contentHash = createHash('sha256').update(text).digest('hex').slice(0, 16);
    this.configMap = new kplus.ConfigMap(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace },
      data: { [props.key]: text },
    });
  }
}

/** Pod-template annotation carrying the hash of the JsonConfigMaps a workload mounts. */
export const RUNTIME_CONFIG_HASH_ANNOTATION = 'tracing.eks-xray.dev/runtime-config-hash';
