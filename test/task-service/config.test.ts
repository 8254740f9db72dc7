import { describe, expect, it } from 'vitest';
import { readServiceConfig, telemetryConfig } from '../../apps/task-service/src/config.js';
import type { TaskServiceEnv } from '../../apps/task-service/src/contract.js';

const readTelemetryConfig = (env: TaskServiceEnv) => telemetryConfig(readServiceConfig(env));

describe('GIVEN an empty environment', () => {
  it('WHEN the service config is read THEN the documented defaults apply, loopback bind included', () => {
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
      samplingEndpoint: 'http://127.0.0.1:2000',
      shutdownTimeoutMs: 5000,
      batch: { maxQueueSize: 8192, maxExportBatchSize: 512, maxConcurrentExports: 2 },
    });
  });
});

describe('GIVEN the tracing variables', () => {
  it('WHEN the upstream profile is chosen THEN its own defaults apply (ratio sampler, queue 2048)', () => {
    expect(readTelemetryConfig({ TASK_SERVICE_TRACING_PROFILE: 'upstream' })).toMatchObject({
      sampler: 'parentbased_traceidratio',
      batch: { maxQueueSize: 2048 },
    });
  });

  it('WHEN remote sampling is chosen THEN the sampling endpoint is the one given, and OTEL_SHUTDOWN_TIMEOUT_MS reaches both readers', () => {
    const env = {
      OTEL_TRACES_SAMPLER: 'xray',
      XRAY_SAMPLING_ENDPOINT: 'http://127.0.0.1:2999',
      OTEL_SHUTDOWN_TIMEOUT_MS: '1200',
    };
    expect(readTelemetryConfig(env)).toMatchObject({
      sampler: 'xray',
      samplingEndpoint: 'http://127.0.0.1:2999',
      shutdownTimeoutMs: 1200,
    });
    expect(readServiceConfig(env).OTEL_SHUTDOWN_TIMEOUT_MS).toBe(1200);
  });

  it('WHEN a traces endpoint is set beside the general one THEN traces go to it', () => {
    expect(
      readTelemetryConfig({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4317',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://127.0.0.1:5317',
      }).endpoint,
    ).toBe('http://127.0.0.1:5317');
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

  it('WHEN OTEL_TRACES_SAMPLER is unknown THEN the error names the value and lists the supported ones', () => {
    expect(() => readTelemetryConfig({ OTEL_TRACES_SAMPLER: 'jaeger_remote' })).toThrow(
      /OTEL_TRACES_SAMPLER="jaeger_remote": OTEL_TRACES_SAMPLER must be one of parentbased_xray_rule, xray, .*parentbased_traceidratio/,
    );
  });

  it('WHEN the sampler ratio is out of range THEN the error gives the bound', () => {
    expect(() => readTelemetryConfig({ OTEL_TRACES_SAMPLER_ARG: '5' })).toThrow(
      'OTEL_TRACES_SAMPLER_ARG="5": OTEL_TRACES_SAMPLER_ARG must be at most 1',
    );
  });

  it.each([
    [{ OTEL_SHUTDOWN_TIMEOUT_MS: '-1' }, 'OTEL_SHUTDOWN_TIMEOUT_MS="-1"'],
    [
      { OTEL_SDK_DISABLED: 'yes' },
      'OTEL_SDK_DISABLED="yes": OTEL_SDK_DISABLED must be one of true, false',
    ],
    [
      { XRAY_SAMPLING_ENDPOINT: '127.0.0.1:2000' },
      'XRAY_SAMPLING_ENDPOINT="127.0.0.1:2000": XRAY_SAMPLING_ENDPOINT must be a URL like http://127.0.0.1:2000',
    ],
    [
      { OTEL_BSP_MAX_CONCURRENT_EXPORTS: '1.5' },
      'OTEL_BSP_MAX_CONCURRENT_EXPORTS must be a whole number from 1 to 64 (digits only)',
    ],
    [{ OTEL_TRACES_SAMPLER_ARG: '5%' }, 'OTEL_TRACES_SAMPLER_ARG must be a number from 0 to 1'],
    [{ TASK_SERVICE_TRACING_PROFILE: 'fast' }, 'must be one of tuned, upstream'],
  ])('WHEN a tracing variable is invalid (%o) THEN the one schema names it', (env, expected) => {
    expect(() => readServiceConfig(env)).toThrow(expected);
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
