import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { toCliError } from '../../src/cli/errors.js';
import { FakeKubeApiServer } from '../../testkit/kube/fake-kube-apiserver.js';
import { settle } from '../../testkit/kube/fake-controllers.js';
import {
  installPlatform,
  synthManifests,
  tracectl,
  writeManifests,
} from '../../testkit/kube/fixtures.js';

let fake: FakeKubeApiServer;

beforeEach(async () => {
  fake = await new FakeKubeApiServer().start();
  installPlatform(fake);
});

afterEach(async () => {
  await fake.stop();
});

/** One line on stderr, starting with "error: ", and no stack frames. */
function expectOneLine(stderr: string): void {
  expect(stderr.split('\n').filter(Boolean)).toHaveLength(1);
  expect(stderr).toMatch(/^error: /);
  expect(stderr).not.toMatch(/\n\s+at /);
}

describe('errors users hit', () => {
  it('GIVEN no kubeconfig anywhere WHEN any command runs THEN one line says where it looked and how to create one, exit 3', async () => {
    const r = await tracectl(undefined, ['doctor']);

    expectOneLine(r.stderr);
    expect(r.stderr).toMatch(
      /^error: no kubeconfig found: looked at \$KUBECONFIG \(unset\) and .*\/\.kube\/config\. Create one with: aws eks update-kubeconfig/,
    );
    expect(r.code).toBe(3);
  });

  it('GIVEN KUBECONFIG pointing at a missing file WHEN apply runs THEN it says so', async () => {
    const r = await tracectl(undefined, ['apply', writeManifests()], {
      KUBECONFIG: '/nonexistent/kubeconfig',
    });

    expect(r.stderr).toContain(
      'error: no kubeconfig found: looked at $KUBECONFIG (/nonexistent/kubeconfig)',
    );
    expect(r.code).toBe(3);
  });

  it('GIVEN an EKS-style exec credential plugin whose login expired WHEN doctor runs THEN one line names the plugin and its message, and no request is sent', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kc-exec-'));
    const plugin = join(dir, 'get-token.mjs');
    // Like aws eks get-token with an expired SSO session: a blank first line, then the reason.
    writeFileSync(
      plugin,
      "process.stderr.write('\\nError when retrieving token from sso: Token has expired and refresh failed\\n'); process.exit(255);\n",
    );
    const config = parseYaml(fake.kubeconfig()) as {
      users: { name: string; user: Record<string, unknown> }[];
    };
    config.users[0]!.user = {
      exec: {
        apiVersion: 'client.authentication.k8s.io/v1beta1',
        command: process.execPath,
        args: [plugin],
      },
    };
    writeFileSync(join(dir, 'config'), stringifyYaml(config));

    const r = await tracectl(undefined, ['doctor'], { KUBECONFIG: join(dir, 'config') });

    expectOneLine(r.stderr);
    expect(r.stderr).toContain(
      `cannot get credentials for kubeconfig user "tracectl-test" (credential plugin: ${process.execPath} ${plugin}): Error when retrieving token from sso: Token has expired and refresh failed. Fix: if your login expired, log in again`,
    );
    expect(r.code).toBe(3);
    expect(fake.requests).toEqual([]);
  });

  it('GIVEN an API server that is down WHEN doctor runs THEN one line names the server and the connection error', async () => {
    const dead = await new FakeKubeApiServer().start();
    const path = join(mkdtempSync(join(tmpdir(), 'kc-')), 'config');
    writeFileSync(path, dead.kubeconfig());
    const url = dead.url;
    await dead.stop();

    const r = await tracectl(undefined, ['doctor'], { KUBECONFIG: path });

    expectOneLine(r.stderr);
    expect(r.stderr).toContain(`cannot reach the Kubernetes API server at ${url} (ECONNREFUSED)`);
    expect(r.code).toBe(3);
  });

  it('GIVEN an expired token WHEN apply or doctor runs THEN one line says credentials were rejected and how to refresh', async () => {
    fake.tokenExpired = true;
    for (const args of [['apply', writeManifests()], ['doctor'], ['restart', '--all']]) {
      const r = await tracectl(fake, args);
      expectOneLine(r.stderr);
      expect(r.stderr).toContain(
        'rejected your credentials (401 Unauthorized): the token has probably expired',
      );
      expect(r.code).toBe(3);
    }
  });

  it('GIVEN RBAC forbids listing pods WHEN doctor runs THEN one line names the verb, the resource and the namespace', async () => {
    settle(fake, synthManifests());
    fake.forbid('list', 'pods', 'prod');

    const r = await tracectl(fake, ['doctor']);

    expectOneLine(r.stderr);
    expect(r.stderr).toBe(
      'error: forbidden: you may not list pods in namespace "prod" (403). Ask for RBAC that grants "list" on "pods"; check with: kubectl auth can-i list pods -n prod\n',
    );
    expect(r.code).toBe(3);
  });

  it('GIVEN RBAC forbids patching deployments WHEN apply runs THEN the 403 names patch and deployments.apps', async () => {
    fake.forbid('patch', 'deployments');

    const r = await tracectl(fake, ['apply', writeManifests()]);

    expect(r.stderr).toContain(
      'error: forbidden: you may not patch deployments.apps "task-service" in namespace "prod" (403)',
    );
    expect(r.code).toBe(3);
  });

  it('GIVEN RBAC allows patching but not creating deployments WHEN apply creates one THEN the 403 names create, the verb actually missing', async () => {
    fake.forbid('create', 'deployments', 'prod');

    const r = await tracectl(fake, ['apply', writeManifests()]);

    expectOneLine(r.stderr);
    expect(r.stderr).toBe(
      'error: forbidden: you may not create deployments.apps "task-service" in namespace "prod" (403). Ask for RBAC that grants "create" on "deployments.apps"; check with: kubectl auth can-i create deployments.apps -n prod\n',
    );
    expect(r.code).toBe(3);
  });

  it('GIVEN the OpenTelemetryCollector CRD is not installed WHEN apply runs THEN it stops before applying anything, with install instructions', async () => {
    const bare = await new FakeKubeApiServer().start();
    try {
      const r = await tracectl(bare, ['apply', writeManifests()]);
      expectOneLine(r.stderr);
      expect(r.stderr).toContain(
        'the OpenTelemetryCollector CRD (opentelemetrycollectors.opentelemetry.io, v1beta1) is not served by this cluster',
      );
      expect(r.stderr).toContain('aws eks create-addon --cluster-name <cluster> --addon-name adot');
      expect(bare.requests.filter((q) => q.startsWith('PATCH'))).toEqual([]);
      expect(r.code).toBe(3);
    } finally {
      await bare.stop();
    }
  });

  it('GIVEN --verbose WHEN an error happens THEN the stack trace is shown', async () => {
    fake.tokenExpired = true;
    const r = await tracectl(fake, ['doctor', '--verbose']);
    expect(r.stderr).toMatch(/\n\s+at /);
  });

  it('GIVEN bad usage WHEN tracectl runs THEN exit 2 with one line', async () => {
    const cases: [string[], string][] = [
      [['frobnicate'], 'error: unknown command "frobnicate"'],
      [
        ['doctor', '--nope'],
        'error: tracectl doctor has no option --nope; see tracectl doctor --help',
      ],
      [
        ['doctor', '--namspace', 'x'],
        'error: tracectl doctor has no option --namspace; did you mean --namespace?',
      ],
      [['doctor', '-x'], 'error: tracectl doctor has no option -x;'],
      [['doctor', '-n'], 'error: --namespace needs a value: --namespace <ns>'],
      [['doctor', '--json=yes'], 'error: --json is a switch and takes no value'],
      [
        ['apply', '--timeout', '-1'],
        'error: --timeout needs a value, and "-1" reads as an option; write --timeout=-1 if that is the value, else --timeout <duration>',
      ],
      [['restart', '--all', 'extra'], 'error: unexpected argument "extra"'],
      [
        ['apply', '--timeout', 'soon'],
        'error: --timeout "soon" is not a duration; use e.g. 90s, 5m or 1h',
      ],
      [
        ['apply', '/nonexistent/dist'],
        'error: manifest directory /nonexistent/dist does not exist. Run npm run synth first',
      ],
    ];
    for (const [args, message] of cases) {
      const r = await tracectl(fake, args);
      expectOneLine(r.stderr);
      expect(r.stderr).toContain(message);
      expect(r.code).toBe(2);
    }
  });
});

describe('mapping client failures to one line', () => {
  // The shape undici (client-node v2) throws for a TLS failure: a TypeError "fetch failed"
  // whose cause is the socket's error, as observed against an HTTPS server with a self-signed cert.
  const fetchFailed = (cause: Error): TypeError => new TypeError('fetch failed', { cause });
  const ctx = { verb: 'get', resource: 'version' } as const;
  const server = 'https://ABC123.gr7.us-east-1.eks.amazonaws.com';

  it('GIVEN a kubeconfig CA that does not match the server certificate WHEN a call fails THEN the line says TLS verification failed and how to refresh the kubeconfig', () => {
    const tls = Object.assign(new Error('self-signed certificate'), {
      code: 'DEPTH_ZERO_SELF_SIGNED_CERT',
    });

    const e = toCliError(fetchFailed(tls), ctx, server);

    expect(e.message).toBe(
      `cannot verify the TLS certificate of the API server at ${server} (DEPTH_ZERO_SELF_SIGNED_CERT: self-signed certificate). The kubeconfig's certificate-authority-data probably belongs to another or a re-created cluster: refresh it with aws eks update-kubeconfig --name <cluster> --region <region>`,
    );
    expect(e.exitCode).toBe(3);
  });

  it('GIVEN an unrecognised socket failure WHEN a call fails THEN the line carries the innermost cause, not just "fetch failed"', () => {
    const e = toCliError(fetchFailed(new Error('other side closed')), ctx, server);

    expect(e.message).toBe('get version (cluster-wide) failed: fetch failed: other side closed');
  });
});

describe('the tracectl launcher (bin/tracectl.js)', () => {
  const bin = resolve(import.meta.dirname, '../../bin/tracectl.js');
  const exec = promisify(execFile);

  it('GIVEN a checkout without a build WHEN tracectl --help runs as a process THEN it documents every command', async () => {
    const { stdout } = await exec(process.execPath, [bin, '--help']);
    for (const command of ['apply [dir]', 'doctor', 'restart', 'verify'])
      expect(stdout).toContain(command);
  });

  it('GIVEN each command WHEN run with --help THEN it prints its own options', async () => {
    for (const [command, option] of [
      ['apply', '--dry-run'],
      ['doctor', '--terraform-outputs'],
      ['restart', '--stale'],
    ] as const) {
      const r = await tracectl(undefined, [command, '--help']);
      expect(r.stdout).toContain(option);
      expect(r.code).toBe(0);
    }
  });

  it('GIVEN a Node.js older than 22 WHEN the launcher starts THEN it exits 1 with one line instead of a stack trace from loading undici', async () => {
    const preload = join(mkdtempSync(join(tmpdir(), 'old-node-')), 'pretend-node-20.mjs');
    writeFileSync(
      preload,
      "Object.defineProperty(process.versions, 'node', { value: '20.20.2' });\n",
    );
    const err = (await exec(process.execPath, ['--import', preload, bin, 'doctor']).catch(
      (e: unknown) => e,
    )) as { code: number; stderr: string };
    expect(err.code).toBe(1);
    expectOneLine(err.stderr);
    expect(err.stderr).toContain('tracectl needs Node.js >= 22, this is 20.20.2');
  });

  it('GIVEN no kubeconfig WHEN the process runs doctor THEN it exits 3 with one line on stderr', async () => {
    const home = mkdtempSync(join(tmpdir(), 'home-'));
    const err = (await exec(process.execPath, [bin, 'doctor'], {
      env: { HOME: home, PATH: process.env.PATH },
    }).catch((e: unknown) => e)) as {
      code: number;
      stderr: string;
    };
    expect(err.code).toBe(3);
    expectOneLine(err.stderr);
  });
});
