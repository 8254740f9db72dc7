/**
 * Hand-written protobuf for requests the schema-driven encoder refuses to build (values nested
 * thousands deep): just the ExportTraceServiceRequest fields these tests need.
 */

function varint(value: number): Buffer {
  const bytes: number[] = [];
  let rest = value;
  while (rest > 0x7f) {
    bytes.push((rest & 0x7f) | 0x80);
    rest = Math.floor(rest / 128);
  }
  bytes.push(rest);
  return Buffer.from(bytes);
}

/** A length-delimited field. */
function field(number: number, payload: Buffer): Buffer {
  return Buffer.concat([varint((number << 3) | 2), varint(payload.length), payload]);
}

const text = (number: number, value: string) => field(number, Buffer.from(value, 'utf8'));

function fixed64(number: number, value: bigint): Buffer {
  const bytes = Buffer.alloc(8);
  bytes.writeBigUInt64LE(value);
  return Buffer.concat([varint((number << 3) | 1), bytes]);
}

/** An AnyValue holding `depth` containers (arrays and kvlists in turn) around a string. */
export function nestedAnyValue(depth: number): Buffer {
  let value = text(1, 'core');
  for (let level = 0; level < depth; level++) {
    value =
      level % 2 === 0
        ? field(5, field(1, value))
        : field(6, field(1, Buffer.concat([text(1, 'k'), field(2, value)])));
  }
  return value;
}

/** One SERVER span of service `service` with the attribute `key` = `value` (an AnyValue). */
export function requestWithAttribute(
  ids: { readonly traceId: string; readonly spanId: string },
  service: string,
  key: string,
  value: Buffer,
  startNanos: bigint,
): Buffer {
  const keyValue = (k: string, v: Buffer) => Buffer.concat([text(1, k), field(2, v)]);
  const span = Buffer.concat([
    field(1, Buffer.from(ids.traceId, 'hex')),
    field(2, Buffer.from(ids.spanId, 'hex')),
    text(5, 'deep'),
    Buffer.from([6 << 3, 2]),
    fixed64(7, startNanos),
    fixed64(8, startNanos + 1_000_000n),
    field(9, keyValue(key, value)),
  ]);
  const resource = field(1, keyValue('service.name', text(1, service)));
  return field(1, Buffer.concat([field(1, resource), field(2, field(2, span))]));
}
