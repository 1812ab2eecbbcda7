import { StepReporter } from './StepReporter';

describe('StepReporter', () => {
  const recorder = () => {
    const written: string[] = [];
    return {
      written,
      write: async (step: string) => {
        written.push(step);
      },
    };
  };
  const settle = (ms: number) => new Promise(r => setTimeout(r, ms));

  it('writes the first step at once and then only the latest per interval', async () => {
    const { written, write } = recorder();
    const steps = new StepReporter(write, 100);
    steps.report('restore');
    for (let i = 1; i <= 50; i++) steps.report(`restore: InProgress (${i}/50)`);
    await settle(10);
    expect(written).toEqual(['restore']);
    await settle(150);
    expect(written).toEqual(['restore', 'restore: InProgress (50/50)']);
    steps.report('pods');
    await settle(150);
    expect(written).toEqual(['restore', 'restore: InProgress (50/50)', 'pods']);
    await steps.close();
  });

  it('writes nothing after close, not even a step that was waiting', async () => {
    const { written, write } = recorder();
    const steps = new StepReporter(write, 1000);
    steps.report('checks');
    steps.report('dependencies');
    await settle(10);
    const started = Date.now();
    await steps.close();
    expect(Date.now() - started).toBeLessThan(500);
    steps.report('cleanup');
    await settle(50);
    expect(written).toEqual(['checks']);
  });

  it('keeps going when a write fails', async () => {
    const written: string[] = [];
    const steps = new StepReporter(async step => {
      written.push(step);
      if (step === 'a') throw new Error('database busy');
    }, 20);
    steps.report('a');
    await settle(5);
    steps.report('b');
    await settle(60);
    expect(written).toEqual(['a', 'b']);
    await steps.close();
  });
});
