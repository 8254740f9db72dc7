import { describe, expect, it } from 'vitest';
import { formatLogLine } from '../../scripts/local-stack/log-line.js';
import { readyBanner } from '../../scripts/local-stack/banner.js';
import { planBuilds } from '../../scripts/local-stack/build-steps.js';

describe('npm start output', () => {
  it('GIVEN a JSON log line WHEN formatted THEN it reads as level, message and fields', () => {
    const line = JSON.stringify({
      time: '2026-01-01T00:00:00Z',
      level: 'info',
      msg: 'listening',
      port: 8080,
      store: 'dynamodb',
    });
    expect(formatLogLine(line)).toBe('info listening port=8080 store=dynamodb');
  });

  it('GIVEN plain text or JSON without msg WHEN formatted THEN it is left alone', () => {
    expect(formatLogLine('Debugger attached.')).toBe('Debugger attached.');
    expect(formatLogLine('{"a":1}')).toBe('{"a":1}');
    expect(formatLogLine('{broken')).toBe('{broken');
  });

  it('GIVEN the stack URLs WHEN the banner is printed THEN every URL appears once', () => {
    const banner = readyBanner({
      app: 'http://127.0.0.1:5173',
      api: 'http://127.0.0.1:8080',
      previewUi: 'http://127.0.0.1:2000/',
      previewApi: 'http://127.0.0.1:2000',
      otlpHttp: 'http://127.0.0.1:4318/v1/traces',
      otlpGrpc: 'http://127.0.0.1:4317',
      dynamodb: 'http://127.0.0.1:8000',
    });
    expect(banner).toContain('http://127.0.0.1:5173/');
    expect(banner).toContain('http://127.0.0.1:8080/tasks');
    expect(banner).toContain('http://127.0.0.1:4318/v1/traces');
    expect(banner).toContain('Ctrl-C');
  });

  it('GIVEN package scripts WHEN builds are planned THEN only existing scripts run, in order', () => {
    expect(
      planBuilds({ 'build:preview-ui': 'vite build x', build: 'tsc', test: 'vitest' }).map(
        (s) => s.script,
      ),
    ).toEqual(['build', 'build:preview-ui']);
  });

  it('GIVEN build already runs the preview UI build WHEN planned THEN it is not run twice', () => {
    const scripts = {
      build: 'tsc -p x && npm run build:preview-ui',
      'build:web': 'vite build',
      'build:preview-ui': 'vite build y',
    };
    expect(planBuilds(scripts).map((s) => s.script)).toEqual(['build', 'build:web']);
  });
});
