// NaN and ±Infinity must reach the translator from both encodings, so the drop the exporter
// makes can be shown; other doubles and ints keep the type and the digits pdata keeps.
import { describe, expect, it } from 'vitest';
import { OtlpDouble } from '../../../apps/xray-preview/src/model.js';
import {
  decodeJsonRequest,
  decodeProtobufRequest,
} from '../../../apps/xray-preview/src/otlp/decode.js';
import { ExportTraceServiceRequest } from '../../../apps/xray-preview/src/otlp/proto-schema.js';

const TRACE = '6553f1005c9a8d1e2f3a4b5c6d7e8f90';
const SPAN = 'aaaaaaaaaaaaaaaa';

function jsonWith(value: Record<string, unknown>): string {
  return JSON.stringify({
    resourceSpans: [
      {
        scopeSpans: [
          {
            spans: [{ traceId: TRACE, spanId: SPAN, name: 's', attributes: [{ key: 'v', value }] }],
          },
        ],
      },
    ],
  });
}

function protobufWith(value: Record<string, unknown>): Uint8Array {
  const message = ExportTraceServiceRequest.fromObject({
    resourceSpans: [
      {
        scopeSpans: [
          {
            spans: [
              {
                traceId: Buffer.from(TRACE, 'hex'),
                spanId: Buffer.from(SPAN, 'hex'),
                name: 's',
                attributes: [{ key: 'v', value }],
              },
            ],
          },
        ],
      },
    ],
  });
  return ExportTraceServiceRequest.encode(message).finish();
}

const attributeOf = (decoded: ReturnType<typeof decodeJsonRequest>) =>
  decoded[0]?.spans[0]?.attributes.get('v');

describe('doubles through OTLP decoding', () => {
  it.each([NaN, Infinity, -Infinity, 2.5, -0])(
    'GIVEN the protobuf double %s WHEN decoded THEN it is an OtlpDouble of that value',
    (value) => {
      const decoded = attributeOf(decodeProtobufRequest(protobufWith({ doubleValue: value })));
      expect(decoded).toEqual(new OtlpDouble(value));
      expect(Object.is((decoded as OtlpDouble).value, value)).toBe(true);
    },
  );

  it.each([
    ['NaN', NaN],
    ['Infinity', Infinity],
    ['-Infinity', -Infinity],
    ['inf', Infinity],
    ['+Inf', Infinity],
    ['2.5e3', 2500],
  ])(
    'GIVEN the OTLP JSON doubleValue %j WHEN decoded THEN it is an OtlpDouble %s',
    (text, value) => {
      expect(attributeOf(decodeJsonRequest(jsonWith({ doubleValue: text })))).toEqual(
        new OtlpDouble(value),
      );
    },
  );

  it.each(['abc', '', '1e400', '0x10'])(
    'GIVEN the OTLP JSON doubleValue %j WHEN decoded THEN the request is refused, naming the field',
    (text) => {
      expect(() => decodeJsonRequest(jsonWith({ doubleValue: text }))).toThrow(/^doubleValue /);
    },
  );

  it('GIVEN an OTLP JSON doubleValue number that overflows float64 WHEN decoded THEN the request is refused', () => {
    const body = jsonWith({ doubleValue: 1 }).replace('"doubleValue":1', '"doubleValue":1e400');
    expect(() => decodeJsonRequest(body)).toThrow(/^doubleValue /);
  });
});

describe('ints through OTLP decoding', () => {
  it.each([
    ['9223372036854775807', 9_223_372_036_854_775_807n],
    ['-9223372036854775808', -9_223_372_036_854_775_808n],
    ['+5', 5],
    ['42', 42],
  ])('GIVEN the OTLP JSON intValue %j WHEN decoded THEN it is exact', (text, value) => {
    expect(attributeOf(decodeJsonRequest(jsonWith({ intValue: text })))).toBe(value);
  });

  it('GIVEN an OTLP JSON intValue beyond int64 WHEN decoded THEN the request is refused', () => {
    expect(() => decodeJsonRequest(jsonWith({ intValue: '9223372036854775808' }))).toThrow(
      /^intValue /,
    );
  });

  it('GIVEN the protobuf int64 2^53+1 WHEN decoded THEN it is an exact bigint', () => {
    const decoded = attributeOf(
      decodeProtobufRequest(protobufWith({ intValue: '9007199254740993' })),
    );
    expect(decoded).toBe(9_007_199_254_740_993n);
  });

  it('GIVEN the protobuf int64 -1 WHEN decoded THEN it is -1', () => {
    expect(attributeOf(decodeProtobufRequest(protobufWith({ intValue: -1 })))).toBe(-1);
  });
});

describe('repeated keys through OTLP decoding', () => {
  it('GIVEN a key twice WHEN decoded THEN get() answers the first, as pdata Map.Get does', () => {
    const body = JSON.stringify({
      resourceSpans: [
        {
          scopeSpans: [
            {
              spans: [
                {
                  traceId: TRACE,
                  spanId: SPAN,
                  name: 's',
                  attributes: [
                    { key: 'k', value: { stringValue: 'first' } },
                    { key: 'k', value: { stringValue: 'second' } },
                  ],
                },
              ],
            },
          ],
        },
      ],
    });
    const attributes = decodeJsonRequest(body)[0]?.spans[0]?.attributes;
    expect(attributes?.get('k')).toBe('first');
  });
});
