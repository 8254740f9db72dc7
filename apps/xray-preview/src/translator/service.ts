/**
 * `service.go: makeService`: `service.version`, else the first of `container.image.tags` (a
 * non-empty list), else `container.image.tag`. See docs/xray-translation.md, "Service".
 */
import type { AttrValue } from '../model.js';
import type { PdataMap } from './pdata.js';
import { str } from './pdata.js';

export function makeService(resource: PdataMap): { version?: string } | undefined {
  let version: AttrValue | undefined;
  let found = resource.has('service.version');
  if (found) {
    version = resource.get('service.version');
  } else {
    const tags = resource.get('container.image.tags');
    if (Array.isArray(tags) && tags.length > 0) {
      version = tags[0];
      found = true;
    } else if (resource.has('container.image.tag')) {
      version = resource.get('container.image.tag');
      found = true;
    }
  }
  if (!found) return undefined;
  const text = str(version);
  return text === '' ? {} : { version: text };
}
