// Settings from XRAY_PREVIEW_* env, validated by one zod schema.
import { describe, expect, it } from 'vitest';
import { resolveSettings, settingsFromEnv } from '../../apps/xray-preview/src/settings.js';

describe('settingsFromEnv', () => {
  it('GIVEN no env WHEN read THEN defaults mirror the exporter and the local stack', () => {
    expect(settingsFromEnv({})).toMatchObject({
      host: '127.0.0.1',
      grpcPort: 4317,
      httpPort: 4318,
      apiPort: 2000,
      indexedAttributes: [],
      indexAllAttributes: false,
      skipTimestampValidation: true,
      allowDot: true,
      maxSpans: 50_000,
      corsAllowedOrigins: ['http://localhost:5173', 'http://127.0.0.1:5173'],
    });
  });

  it('GIVEN every variable WHEN read THEN lists are split on commas and booleans parsed', () => {
    const settings = settingsFromEnv({
      XRAY_PREVIEW_INDEXED_ATTRIBUTES: 'task.id, otel.resource.service.name',
      XRAY_PREVIEW_INDEX_ALL_ATTRIBUTES: 'true',
      XRAY_PREVIEW_SKIP_TIMESTAMP_VALIDATION: 'false',
      XRAY_PREVIEW_ALLOW_DOT: '0',
      XRAY_PREVIEW_GRPC_PORT: '0',
      XRAY_PREVIEW_HTTP_PORT: '14318',
      XRAY_PREVIEW_PORT: '12000',
      XRAY_PREVIEW_MAX_SPANS: '1000',
      XRAY_PREVIEW_CORS_ALLOWED_ORIGINS: 'https://app.example.com',
      XRAY_PREVIEW_UI_DIR: '/tmp/ui',
    });
    expect(settings).toMatchObject({
      indexedAttributes: ['task.id', 'otel.resource.service.name'],
      indexAllAttributes: true,
      skipTimestampValidation: false,
      allowDot: false,
      grpcPort: 0,
      httpPort: 14318,
      apiPort: 12000,
      maxSpans: 1000,
      corsAllowedOrigins: ['https://app.example.com'],
      uiDir: '/tmp/ui',
    });
  });

  it('GIVEN a non-boolean flag WHEN read THEN the error names the variable and the fix', () => {
    expect(() => settingsFromEnv({ XRAY_PREVIEW_ALLOW_DOT: 'yes' })).toThrow(
      /XRAY_PREVIEW_ALLOW_DOT="yes" is not a boolean; set it to true or false/,
    );
  });

  it('GIVEN a port out of range WHEN read THEN the error names the variable and the value', () => {
    expect(() => settingsFromEnv({ XRAY_PREVIEW_PORT: '70000' })).toThrow(
      /XRAY_PREVIEW_PORT \(apiPort\) = 70000/,
    );
  });

  it('GIVEN an origin with a path WHEN resolved THEN it is rejected with the reason', () => {
    expect(() => resolveSettings({ corsAllowedOrigins: ['http://localhost:5173/'] })).toThrow(
      /XRAY_PREVIEW_CORS_ALLOWED_ORIGINS.*no trailing slash/s,
    );
  });

  it('GIVEN the OTLP/HTTP policy variables WHEN read THEN they form the ingest policy', () => {
    expect(
      settingsFromEnv({
        XRAY_PREVIEW_HTTP_ALLOWED_SERVICES: 'task-web, other-web',
        XRAY_PREVIEW_HTTP_MAX_SPANS_PER_REQUEST: '100',
        XRAY_PREVIEW_HTTP_MAX_ATTRIBUTE_LENGTH: '2048',
        XRAY_PREVIEW_HTTP_MAX_BODY_BYTES: '524288',
        XRAY_PREVIEW_MAX_STORE_BYTES: '67108864',
      }),
    ).toMatchObject({
      ingestPolicy: {
        serviceNames: ['task-web', 'other-web'],
        maxSpansPerRequest: 100,
        maxAttributeValueLength: 2048,
        maxRequestBodyBytes: 524288,
      },
      maxStoreBytes: 64 * 1024 * 1024,
    });
    expect(settingsFromEnv({}).ingestPolicy).toEqual({});
  });

  it('GIVEN a body limit over the port ceiling WHEN read THEN the error names the variable and the ceiling', () => {
    expect(() => settingsFromEnv({ XRAY_PREVIEW_HTTP_MAX_BODY_BYTES: '33554432' })).toThrow(
      /XRAY_PREVIEW_HTTP_MAX_BODY_BYTES \(ingestPolicy\.maxRequestBodyBytes\) = 33554432: .*4194304 bytes/,
    );
  });
});
