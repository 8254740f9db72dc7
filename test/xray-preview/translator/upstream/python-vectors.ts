// cause_test.go, second half continued: Python tracebacks, read bottom-up.
import { f, stack } from './stack-vectors.js';
import type { Vector, VectorFile } from './vector.js';

const TYPE_ERROR = { type: 'TypeError', message: 'must be str, not int' };
const PY_TAIL = [
  'Traceback (most recent call last):',
  '  File "main.py", line 14, in <module>',
  "    greet_many(['Chad', 'Dan', 1])",
  '  File "greetings.py", line 12, in greet_many',
  "    print('hi, ' + person)",
  'TypeError: must be str, not int',
];
const PY_FRAMES = [f('greet_many', 'greetings.py', 12), f('<module>', 'main.py', 14)];
const PY_CAUSE = [
  '  File "bar.py", line 10, in greet_many',
  '    greet(person)',
  '  File "foo.py", line 5, in greet',
];
const PY_CAUSE_FRAMES = [f('greet', 'foo.py', 5), f('greet_many', 'bar.py', 10)];
const DURING = ['', 'During handling of the above exception, another exception occurred:', ''];

const vectors: Vector[] = [
  stack('TestParseExceptionWithPythonStacktraceNoCause', 'python', TYPE_ERROR, PY_TAIL.join('\n'), [
    { ...TYPE_ERROR, stack: PY_FRAMES },
  ]),
  stack(
    'TestParseExceptionWithPythonStacktraceAndCause',
    'python',
    TYPE_ERROR,
    [
      'Traceback (most recent call last):',
      ...PY_CAUSE,
      "    print(greeting + ', ' + who_to_greet(someone))",
      'ValueError: bad value',
      ...DURING,
      ...PY_TAIL,
    ].join('\n'),
    [
      { ...TYPE_ERROR, stack: PY_FRAMES },
      { type: 'ValueError', message: 'bad value', stack: PY_CAUSE_FRAMES },
    ],
  ),
  stack(
    'TestParseExceptionWithPythonStacktraceAndMultiLineCause',
    'python',
    TYPE_ERROR,
    [
      'Traceback (most recent call last):',
      ...PY_CAUSE,
      "    print(greeting + ', ' + who_to_greet(someone))",
      'ValueError: bad value',
      'with more on',
      'new lines',
      ...DURING,
      ...PY_TAIL,
    ].join('\n'),
    [
      { ...TYPE_ERROR, stack: PY_FRAMES },
      { type: 'ValueError', message: 'bad value\nwith more on\nnew lines', stack: PY_CAUSE_FRAMES },
    ],
  ),
  stack(
    'TestParseExceptionWithPythonStacktraceMalformedLines',
    'python',
    TYPE_ERROR,
    [
      'Traceback (most recent call last):',
      '  File "main.py", line 14 in <module>',
      "    greet_many(['Chad', 'Dan', 1])",
      '  File "main.py", lin 14, in <module>',
      "    greet_many(['Chad', 'Dan', 1])",
      '  File "main.py", line 14, fin <module>',
      "    greet_many(['Chad', 'Dan', 1])",
      ...PY_TAIL.slice(3),
    ].join('\n'),
    [
      {
        ...TYPE_ERROR,
        stack: [
          f('greet_many', 'greetings.py', 12),
          f('', 'main.py', 14),
          f('<module>', 'main.py'),
        ],
      },
    ],
  ),
  stack(
    'TestParseExceptionWithPythonStacktraceAndMalformedCause',
    'python',
    TYPE_ERROR,
    ['Traceback (most recent call last):', 'ValueError: bad value', ...DURING, ...PY_TAIL].join(
      '\n',
    ),
    [{ ...TYPE_ERROR, stack: PY_FRAMES }],
  ),
  stack(
    'TestParseExceptionWithPythonStacktraceAndMalformedCauseMessage',
    'python',
    TYPE_ERROR,
    [
      'Traceback (most recent call last):',
      ...PY_CAUSE,
      "    print(greeting + ', ' + who_to_greet(someone))",
      'ValueError bad value',
      ...DURING,
      ...PY_TAIL,
    ].join('\n'),
    [{ ...TYPE_ERROR, stack: PY_FRAMES }],
  ),
];

export const PYTHON_VECTORS: VectorFile = { file: 'cause_test.go', vectors };
