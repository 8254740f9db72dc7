// The awsxray exporter's own Go test cases (collector-contrib, translator package), as vectors:
// each runs through the preview's translator and must produce what the Go test asserts.
import { describe, it } from 'vitest';
import { ANNOTATION_VECTORS } from './upstream/annotation-vectors.js';
import { AWS_VECTORS } from './upstream/aws-vectors.js';
import { CAUSE_VECTORS } from './upstream/cause-vectors.js';
import { HTTP_VECTORS } from './upstream/http-vectors.js';
import {
  LINK_VECTORS,
  SERVICE_VECTORS,
  SQL_VECTORS,
} from './upstream/links-sql-service-vectors.js';
import { LOCAL_ROOT_VECTORS } from './upstream/local-root-vectors.js';
import { PYTHON_VECTORS } from './upstream/python-vectors.js';
import { SEGMENT_MORE_VECTORS } from './upstream/segment-more-vectors.js';
import { SEGMENT_VECTORS } from './upstream/segment-vectors.js';
import { STACK_MORE_VECTORS } from './upstream/stack-more-vectors.js';
import { STACK_VECTORS } from './upstream/stack-vectors.js';
import { check, type VectorFile } from './upstream/vector.js';

const FILES: readonly VectorFile[] = [
  SEGMENT_VECTORS,
  ANNOTATION_VECTORS,
  SEGMENT_MORE_VECTORS,
  LOCAL_ROOT_VECTORS,
  HTTP_VECTORS,
  CAUSE_VECTORS,
  STACK_VECTORS,
  PYTHON_VECTORS,
  STACK_MORE_VECTORS,
  AWS_VECTORS,
  LINK_VECTORS,
  SQL_VECTORS,
  SERVICE_VECTORS,
];

/** The Go tests call MakeSegment with skipTimestampValidation=false and a current trace id. */
const GO_TEST_OPTIONS = { skipTimestampValidation: false };

for (const file of FILES) {
  describe(`upstream ${file.file}`, () => {
    for (const [i, vector] of file.vectors.entries()) {
      it(`GIVEN ${vector.test} (#${i}) WHEN translated THEN the documents hold what the Go test asserts`, () => {
        check({ ...vector, options: { ...GO_TEST_OPTIONS, ...vector.options } });
      });
    }
  });
}
