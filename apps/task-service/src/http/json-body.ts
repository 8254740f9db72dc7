import express, { type RequestHandler } from 'express';
import { AppError } from '../errors.js';

/** Request bodies larger than this get 413. */
export const BODY_LIMIT_BYTES = 64 * 1024;

const JSON_TYPES = ['application/json', 'application/*+json'];

/**
 * JSON bodies only: a body with another content type is 415 (not silently ignored, which would
 * surface later as a confusing validation error). Malformed JSON and oversize bodies are raised
 * by the parser and mapped to 400/413 by the error middleware.
 */
export function jsonBody(): RequestHandler {
  const requireJson: RequestHandler = (req, _res, next) => {
    // No body at all (`null`, or an explicit zero length): the schema reports what is missing.
    const empty = req.get('content-length') === '0';
    if (!empty && req.is(JSON_TYPES) === false) {
      const given = req.get('content-type') ?? 'none';
      next(
        new AppError(
          415,
          'unsupported_media_type',
          `content-type ${given} is not supported; send the body as JSON with content-type: application/json`,
        ),
      );
      return;
    }
    next();
  };
  const parse = express.json({ limit: BODY_LIMIT_BYTES, type: JSON_TYPES, strict: true });
  return (req, res, next) => {
    requireJson(req, res, (error?: unknown) => (error ? next(error) : parse(req, res, next)));
  };
}
