import { z } from 'zod';
import {
  timeoutSchema,
  exitCodeSchema,
  portSchema,
  validateBlock,
} from './validation';

const schema = z.object({
  port: portSchema,
  timeout: timeoutSchema.optional(),
  code: exitCodeSchema.optional(),
});

describe('validateBlock', () => {
  it('accepts a valid block', () => {
    expect(
      validateBlock(
        { name: 'c', type: 't', t: { port: 'http', timeout: '5s', code: 3 } },
        't',
        schema,
      ),
    ).toBeUndefined();
  });

  it('names a missing block', () => {
    expect(
      validateBlock({ name: 'api', type: 'httpGet' }, 'httpGet', schema),
    ).toBe('httpGet check "api" needs a httpGet block');
  });

  it('names the first bad field by its path', () => {
    expect(
      validateBlock({ name: 'c', type: 't', t: { port: 70000 } }, 't', schema),
    ).toBe('t.port: must be a port number (1-65535) or a port name');
    expect(
      validateBlock(
        { name: 'c', type: 't', t: { port: 80, timeout: '5 minutes' } },
        't',
        schema,
      ),
    ).toBe(
      't.timeout: invalid duration "5 minutes": expected a duration such as 30s, 5m or 1h30m',
    );
    expect(
      validateBlock(
        { name: 'c', type: 't', t: { port: 80, code: 'x' } },
        't',
        schema,
      ),
    ).toBe('t.code: must be an exit code (0-255)');
  });
});
