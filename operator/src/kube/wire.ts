// Typed objects (client-node's models) versus the wire form (the JSON the API server speaks).
//
// client-node's models rename a few fields (NetworkPolicy's `from` is `_from`) and its serializer drops any
// field a model does not know. Builders therefore return typed models, which is what the TypeScript types
// ask for, and everything compared with watched objects, or cached, is converted to the wire form first.

import type { KubernetesObject } from '@kubernetes/client-node';
import { ObjectSerializer } from '@kubernetes/client-node/dist/serializer.js';
import { MODEL } from './resources.ts';

/** The JSON the API server would receive for `object` (plain data: no Dates, no renamed fields). */
export function toWire<T extends KubernetesObject>(object: T): T {
  const model = MODEL[object.kind ?? ''];
  const serialized = model ? ObjectSerializer.serialize(object, model) : object;
  return JSON.parse(JSON.stringify(serialized)) as T;
}
