// One span model for both encodings: protobuf (single-pass decoder) and OTLP JSON.
import { describe, expect, it } from 'vitest';
import {
  decodeJsonRequest,
  decodeProtobufRequest,
  OtlpDecodeError,
} from '../../apps/xray-preview/src/otlp/decode.js';
import { localStackTrace, toProtobuf, traceIdsAt } from './otlp-fixtures.js';
import { OtlpDouble } from '../../apps/xray-preview/src/model.js';

describe('OTLP decoding', () => {
  it('GIVEN the same request as protobuf and as OTLP JSON WHEN decoded THEN the span models are equal', () => {
    const request = localStackTrace(traceIdsAt(1_700_000_000, 'd1'), 1_700_000_000.25);
    expect(decodeProtobufRequest(toProtobuf(request))).toEqual(
      decodeJsonRequest(JSON.stringify(request)),
    );
  });

  it('GIVEN every AnyValue kind, events, links and status WHEN decoded from both encodings THEN they agree', () => {
    const value = {
      arrayValue: {
        values: [
          { stringValue: 'a' },
          { intValue: '-5' },
          { doubleValue: 1.5 },
          { boolValue: true },
        ],
      },
    };
    const request = {
      resourceSpans: [
        {
          resource: {
            attributes: [
              {
                key: 'r',
                value: { kvlistValue: { values: [{ key: 'k', value: { bytesValue: 'AQI=' } }] } },
              },
            ],
          },
          scopeSpans: [
            {
              spans: [
                {
                  traceId: '6553f1005c9a8d1e2f3a4b5c6d7e8f90',
                  spanId: '00000000000000a1',
                  name: 'n',
                  kind: 5,
                  startTimeUnixNano: '1700000000250000000',
                  endTimeUnixNano: '1700000001000000000',
                  attributes: [
                    { key: 'mixed', value },
                    { key: 'empty', value: {} },
                  ],
                  events: [
                    {
                      timeUnixNano: '1700000000123456789',
                      name: 'exception',
                      attributes: [{ key: 'exception.type', value: { stringValue: 'E' } }],
                    },
                  ],
                  links: [
                    {
                      traceId: '6553f1005c9a8d1e2f3a4b5c6d7e8f91',
                      spanId: '00000000000000b1',
                      attributes: [{ key: 'l', value: { intValue: 1 } }],
                    },
                  ],
                  status: { code: 2, message: 'bad' },
                },
              ],
            },
          ],
        },
      ],
    };
    const fromJson = decodeJsonRequest(JSON.stringify(request));
    expect(decodeProtobufRequest(toProtobuf(request))).toEqual(fromJson);
    const span = fromJson[0]?.spans[0];
    expect(span?.attributes.get('mixed')).toEqual(['a', -5, new OtlpDouble(1.5), true]);
    expect(span?.attributes.get('empty')).toBeNull();
    expect(span?.events[0]?.timeUnixNano).toBe(1_700_000_000_123_456_789n);
    expect(span?.startTimeUnixNano).toBe(1_700_000_000_250_000_000);
    expect(fromJson[0]?.resource.get('r')).toEqual(new Map([['k', new Uint8Array([1, 2])]]));
  });

  it('GIVEN OTLP JSON with enum names instead of numbers WHEN decoded THEN they are understood', () => {
    const [rs] = decodeJsonRequest(
      JSON.stringify({
        resourceSpans: [
          {
            scopeSpans: [
              { spans: [{ kind: 'SPAN_KIND_SERVER', status: { code: 'STATUS_CODE_ERROR' } }] },
            ],
          },
        ],
      }),
    );
    expect(rs?.spans[0]).toMatchObject({ kind: 2, status: { code: 2 } });
  });

  it('GIVEN a truncated protobuf body WHEN decoded THEN OtlpDecodeError names the problem', () => {
    const bytes = toProtobuf(localStackTrace(traceIdsAt(1_700_000_000, 'd2'), 1_700_000_000));
    expect(() => decodeProtobufRequest(bytes.subarray(0, bytes.length - 7))).toThrow(
      OtlpDecodeError,
    );
  });

  it('GIVEN OTLP JSON with a non-hex span id WHEN decoded THEN OtlpDecodeError says ids are hex', () => {
    expect(() =>
      decodeJsonRequest(
        JSON.stringify({
          resourceSpans: [{ scopeSpans: [{ spans: [{ spanId: 'AAECAwQFBgc=' }] }] }],
        }),
      ),
    ).toThrow(/hex/);
  });
  const TRACE = '5759e988bd862e3fe1be46a994272793';
  const SPAN = '0123456789abcdef';
  const requestWith = (span: Record<string, unknown>) => ({
    resourceSpans: [{ scopeSpans: [{ spans: [{ name: 'x', ...span }] }] }],
  });

  it.each([
    [
      'traceId',
      { traceId: 'abcd', spanId: SPAN },
      /traceId "abcd" has 4 hex digits; it must have 32/,
    ],
    ['spanId', { traceId: TRACE, spanId: '01' }, /spanId "01" has 2 hex digits; it must have 16/],
    ['parentSpanId', { traceId: TRACE, spanId: SPAN, parentSpanId: `${SPAN}00` }, /parentSpanId/],
    [
      'links.traceId',
      { traceId: TRACE, spanId: SPAN, links: [{ traceId: '00ff', spanId: SPAN }] },
      /links\.traceId "00ff"/,
    ],
  ])(
    'GIVEN a %s of the wrong length WHEN decoded from JSON or protobuf THEN the request is rejected as pdata does',
    (_field, span, message) => {
      const request = requestWith(span);
      expect(() => decodeJsonRequest(JSON.stringify(request))).toThrow(message);
      expect(() => decodeProtobufRequest(toProtobuf(request))).toThrow(OtlpDecodeError);
      expect(() => decodeProtobufRequest(toProtobuf(request))).toThrow(message);
    },
  );

  it('GIVEN empty ids WHEN decoded THEN they mean "not set" and are accepted', () => {
    const request = requestWith({ traceId: TRACE, spanId: SPAN, parentSpanId: '' });
    expect(decodeJsonRequest(JSON.stringify(request))[0]?.spans[0]?.parentSpanId).toBe('');
    expect(decodeProtobufRequest(toProtobuf(request))[0]?.spans[0]?.parentSpanId).toBe('');
  });
  it.each([
    ['startTimeUnixNano', { startTimeUnixNano: 'soon' }],
    ['endTimeUnixNano', { endTimeUnixNano: -5 }],
    ['events.timeUnixNano', { events: [{ name: 'e', timeUnixNano: '1.5e9' }] }],
    ['intValue', { attributes: [{ key: 'n', value: { intValue: 'many' } }] }],
  ])(
    'GIVEN OTLP JSON with a %s that is not an integer WHEN decoded THEN OtlpDecodeError names the field',
    (field, span) => {
      const request = requestWith({ traceId: TRACE, spanId: SPAN, ...span });
      expect(() => decodeJsonRequest(JSON.stringify(request))).toThrow(
        new RegExp(`^${field.replace('.', '\\.')} .* is not an`),
      );
    },
  );

  it('GIVEN OTLP JSON integers as strings, numbers or null WHEN decoded THEN they are read', () => {
    const request = requestWith({
      traceId: TRACE,
      spanId: SPAN,
      startTimeUnixNano: '1700000000250000000',
      endTimeUnixNano: null,
      attributes: [{ key: 'n', value: { intValue: '-7' } }],
    });
    const span = decodeJsonRequest(JSON.stringify(request))[0]?.spans[0];
    expect(span?.startTimeUnixNano).toBe(1700000000250000000);
    expect(span?.endTimeUnixNano).toBe(0);
    expect(span?.attributes.get('n')).toBe(-7);
  });
});
