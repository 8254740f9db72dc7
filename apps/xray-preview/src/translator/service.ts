/** Spec §11 (`service.go: makeService`): `service.version`, else `container.image.tag`. */
import type { AttrMap } from '../model.js';
import { str } from './attributes.js';

export function makeService(resource: AttrMap): { version?: string } | undefined {
  const key = resource.has('service.version')
    ? 'service.version'
    : resource.has('container.image.tag')
      ? 'container.image.tag'
      : undefined;
  if (key === undefined) return undefined;
  const version = str(resource.get(key));
  return version === '' ? {} : { version };
}
