import express, { type RequestHandler } from 'express';
import { BODY_CONTENT_ENCODINGS, BODY_MAX_BYTES, BODY_MAX_DEPTH } from '../contract.js';
import { AppError } from '../errors.js';

const JSON_TYPES = ['application/json', 'application/*+json'];

/** How the 415 for a `Content-Encoding` says what to send instead. */
export const ENCODING_FIX = `send the body uncompressed, ${BODY_CONTENT_ENCODINGS.filter((e) => e !== 'identity').join(' or ')}`;

/** Whether `value` nests objects or arrays deeper than `max` (`{}` is 1). Iterative. */
function nestsDeeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [unknown, number];
    if (node === null || typeof node !== 'object') continue;
    if (depth > max) return true;
    for (const child of Object.values(node)) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
  return false;
}

/**
 * JSON bodies only: a body with another content type is 415 (not silently ignored, which would
 * surface later as a confusing validation error), and so is a `Content-Encoding` outside
 * BODY_CONTENT_ENCODINGS (body-parser would also inflate `br` and `zstd`, whose decoders reserve
 * a window the sender chooses: up to 16 MiB for brotli, more for zstd, per request, and no client
 * of this API compresses its bodies). Malformed JSON and oversize bodies are raised by the parser
 * and mapped to 400/413 by the error middleware; a body nested deeper than BODY_MAX_DEPTH is a
 * 400 here, before anything walks it recursively.
 */
export function jsonBody(): RequestHandler {
  const check: RequestHandler = (req, _res, next) => {
    const encoding = req.get('content-encoding');
    if (encoding !== undefined && !BODY_CONTENT_ENCODINGS.includes(encoding.trim().toLowerCase())) {
      next(
        new AppError(
          415,
          'unsupported_media_type',
          `content-encoding ${JSON.stringify(encoding.slice(0, 64))} is not supported; ${ENCODING_FIX}`,
        ),
      );
      return;
    }
    // No body at all (`null`, or an explicit zero length): the schema reports what is missing.
    const empty = req.get('content-length') === '0';
    if (!empty && req.is(JSON_TYPES) === false) {
      const given = req.get('content-type') ?? 'none';
      next(
        new AppError(
          415,
          'unsupported_media_type',
          `content-type ${JSON.stringify(given.slice(0, 100))} is not supported; send the body as JSON with content-type: application/json`,
        ),
      );
      return;
    }
    next();
  };
  const parse = express.json({ limit: BODY_MAX_BYTES, type: JSON_TYPES, strict: true });
  const bound: RequestHandler = (req, _res, next) => {
    if (!nestsDeeperThan(req.body, BODY_MAX_DEPTH)) {
      next();
      return;
    }
    next(
      new AppError(
        400,
        'bad_json',
        `the JSON body nests deeper than ${BODY_MAX_DEPTH} levels; send a flat object such as {"title":"..."}`,
      ),
    );
  };
  return (req, res, next) => {
    check(req, res, (error?: unknown) => {
      if (error) return next(error);
      parse(req, res, (parseError?: unknown) =>
        parseError ? next(parseError) : bound(req, res, next),
      );
    });
  };
}
