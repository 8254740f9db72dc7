// Fault, error and throttle (docs/xray-translation.md, "Fault, error, throttle").
import { describe, expect, it } from 'vitest';
import type { AttrValue } from '../../../apps/xray-preview/src/model.js';
import { StatusCode, translate } from './span-builder.js';

function flags(attributes: Record<string, AttrValue>, code: StatusCode = StatusCode.UNSET) {
  const doc = translate({ attributes, status: { code } });
  return { fault: doc.fault, error: doc.error, throttle: doc.throttle };
}

describe('Fault, error, throttle: fault/error/throttle', () => {
  it.each([StatusCode.UNSET, StatusCode.OK, StatusCode.ERROR])(
    'GIVEN http.status_code 404 and status %s WHEN translated THEN error only',
    (code) => {
      expect(flags({ 'http.status_code': 404 }, code)).toEqual({
        fault: false,
        error: true,
        throttle: false,
      });
    },
  );

  it('GIVEN status code 429 WHEN translated THEN error and throttle', () => {
    expect(flags({ 'http.status_code': 429 })).toEqual({
      fault: false,
      error: true,
      throttle: true,
    });
  });

  it.each([StatusCode.UNSET, StatusCode.OK])(
    'GIVEN 503 and status %s WHEN translated THEN fault',
    (code) => {
      expect(flags({ 'http.status_code': 503 }, code)).toEqual({
        fault: true,
        error: false,
        throttle: false,
      });
    },
  );

  it('GIVEN only http.response.status_code 500 WHEN translated THEN fault', () => {
    expect(flags({ 'http.response.status_code': 500 }).fault).toBe(true);
  });

  it('GIVEN http.status_code 200 and http.response.status_code 500 WHEN translated THEN the old key wins (no fault)', () => {
    expect(flags({ 'http.status_code': 200, 'http.response.status_code': 500 }).fault).toBe(false);
  });

  it('GIVEN a string status code "500" and status ERROR WHEN translated THEN it reads as 0 and ERROR makes a fault', () => {
    expect(flags({ 'http.status_code': '500' }, StatusCode.ERROR)).toEqual({
      fault: true,
      error: false,
      throttle: false,
    });
    expect(flags({ 'http.status_code': '500' })).toEqual({
      fault: false,
      error: false,
      throttle: false,
    });
  });

  it.each([
    [302, StatusCode.ERROR, true],
    [302, StatusCode.UNSET, false],
    [undefined, StatusCode.ERROR, true],
    [undefined, StatusCode.OK, false],
  ])('GIVEN code %s and status %s WHEN translated THEN fault is %s', (code, status, fault) => {
    const attributes: Record<string, AttrValue> =
      code === undefined ? {} : { 'http.status_code': code };
    expect(flags(attributes, status)).toEqual({ fault, error: false, throttle: false });
  });
});
