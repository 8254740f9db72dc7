import { describe, expect, it } from 'vitest';
import { DEFAULT_PORTS, explainPortError, portsFromEnv } from '../../scripts/local-stack/ports.js';

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

describe('port clash messages', () => {
  it('GIVEN EADDRINUSE WHEN explained THEN the variable, its value and the fix are named', () => {
    const error = new Error('listen EADDRINUSE: address already in use 127.0.0.1:8000');
    const explained = explainPortError(error, ['dynamodb'], DEFAULT_PORTS) as Error;
    expect(explained.message).toContain('A port is already in use (DYNAMODB_PORT=8000)');
    expect(explained.message).toContain('choose other ports');
  });

  it('GIVEN another error WHEN explained THEN it is returned unchanged', () => {
    const error = new Error('boom');
    expect(explainPortError(error, ['taskWeb'], DEFAULT_PORTS)).toBe(error);
  });
});
