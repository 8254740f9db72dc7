import { describe, expect, it } from 'vitest';
import { DEFAULT_PORTS, portsFromEnv } from '../../scripts/local-stack/ports.js';

describe('local stack ports', () => {
  it('GIVEN no port variables WHEN read THEN the documented defaults apply', () => {
    expect(portsFromEnv({})).toEqual({
      dynamodb: 8000,
      taskService: 8080,
      taskWeb: 5173,
      previewGrpc: 4317,
      previewHttp: 4318,
      previewApi: 2000,
    });
    expect(DEFAULT_PORTS.taskWeb).toBe(5173);
  });

  it('GIVEN overrides, including 0 and blanks WHEN read THEN each applies to its component', () => {
    const ports = portsFromEnv({
      TASK_WEB_PORT: '3000',
      XRAY_PREVIEW_PORT: '0',
      DYNAMODB_PORT: ' ',
    });
    expect(ports.taskWeb).toBe(3000);
    expect(ports.previewApi).toBe(0);
    expect(ports.dynamodb).toBe(8000);
  });

  it('GIVEN a non-numeric port WHEN read THEN the error names the variable, value and fix', () => {
    expect(() => portsFromEnv({ TASK_SERVICE_PORT: 'http' })).toThrow(
      'TASK_SERVICE_PORT="http" is not a port; use an integer from 0 to 65535',
    );
    expect(() => portsFromEnv({ TASK_SERVICE_PORT: '70000' })).toThrow('TASK_SERVICE_PORT="70000"');
  });

  it('GIVEN two components on one fixed port WHEN read THEN both variables are named', () => {
    expect(() => portsFromEnv({ TASK_WEB_PORT: '8080' })).toThrow(
      'TASK_WEB_PORT and TASK_SERVICE_PORT are both 8080',
    );
  });

  it('GIVEN several ports set to 0 WHEN read THEN they do not clash', () => {
    expect(() => portsFromEnv({ TASK_WEB_PORT: '0', TASK_SERVICE_PORT: '0' })).not.toThrow();
  });
});
