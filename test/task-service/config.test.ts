import { describe, expect, it } from 'vitest';
import { readServiceConfig } from '../../apps/task-service/src/config.js';
import { readTelemetryConfig } from '../../apps/task-service/src/telemetry/config.js';

describe('GIVEN an empty environment', () => {
  it('WHEN the service config is read THEN the DESIGN.md defaults apply', () => {
    expect(readServiceConfig({})).toMatchObject({
      PORT: 8080,
      HOST: '127.0.0.1',
      TASKS_TABLE: 'tasks',
      TASKS_STORE: 'dynamodb',
      CORS_ALLOWED_ORIGINS: [],
    });
    expect(readServiceConfig({}).DYNAMODB_ENDPOINT).toBeUndefined();
  });

  it('WHEN the telemetry config is read THEN it exports to 127.0.0.1:4317 with the parent-based X-Ray rule sampler (1/s + 5 %)', () => {
    expect(readTelemetryConfig({})).toMatchObject({
      disabled: false,
      endpoint: 'http://127.0.0.1:4317',
      serviceName: 'task-service',
      sampler: 'parentbased_xray_rule',
      samplerRatio: 0.05,
      samplerReservoirPerSecond: 1,
      profile: 'tuned',
    });
  });
});

describe('GIVEN invalid settings', () => {
  it.each([
    [{ PORT: 'eighty' }, 'PORT="eighty"'],
    [{ PORT: '8e3' }, 'PORT="8e3": PORT must be a whole number from 0 to 65535 (digits only)'],
    [{ PORT: '0x50' }, 'PORT="0x50"'],
    [{ PORT: ' ' }, 'PORT=" "'],
    [{ SHUTDOWN_DRAIN_TIMEOUT_MS: '1.5' }, 'SHUTDOWN_DRAIN_TIMEOUT_MS="1.5"'],
    [{ HOST: 'localhost' }, 'HOST="localhost": must be an IP address: 127.0.0.1'],
    [{ HOST: 'my-laptop' }, 'HOST="my-laptop"'],
    [{ TASKS_STORE: 'redis' }, 'TASKS_STORE="redis"'],
    [{ CORS_ALLOWED_ORIGINS: 'https://ok.example,*' }, 'exact origin'],
    [{ CORS_ALLOWED_ORIGINS: 'https://app.example/path' }, 'CORS_ALLOWED_ORIGINS='],
    [{ DYNAMODB_ENDPOINT: 'not a url' }, 'DYNAMODB_ENDPOINT="not a url"'],
  ])('WHEN %o THEN the error names the variable and its value', (env, expected) => {
    expect(() => readServiceConfig(env)).toThrow(expected);
  });

  it('WHEN OTEL_TRACES_SAMPLER is unknown THEN the error lists the supported ones', () => {
    expect(() => readTelemetryConfig({ OTEL_TRACES_SAMPLER: 'xray' })).toThrow(
      /OTEL_TRACES_SAMPLER=xray.*parentbased_traceidratio/,
    );
  });

  it('WHEN the sampler ratio is out of range THEN the error gives the range', () => {
    expect(() => readTelemetryConfig({ OTEL_TRACES_SAMPLER_ARG: '5' })).toThrow('from 0 to 1');
  });
});

describe('GIVEN CORS_ALLOWED_ORIGINS with spaces and several origins', () => {
  it('WHEN read THEN each exact origin is kept, trimmed', () => {
    expect(
      readServiceConfig({ CORS_ALLOWED_ORIGINS: ' https://a.example , http://localhost:5173 ' })
        .CORS_ALLOWED_ORIGINS,
    ).toEqual(['https://a.example', 'http://localhost:5173']);
  });
});
