import { durationMs, showDuration } from './reportDuration';

describe('durationMs', () => {
  it('prefers the millisecond field over the string', () => {
    expect(durationMs({ ms: 695_000, text: '1h' })).toBe(695_000);
    expect(durationMs({ ms: 0, text: '5m' })).toBe(0);
  });

  it('parses the string of a report stored before the field existed', () => {
    expect(durationMs({ text: '11m35s' })).toBe(695_000);
    expect(durationMs({ text: '2d' })).toBe(172_800_000);
    expect(durationMs({ text: '90' })).toBe(90_000);
  });

  it('is undefined when neither says anything', () => {
    expect(durationMs({})).toBeUndefined();
    expect(durationMs({ text: 'soon' })).toBeUndefined();
  });
});

describe('showDuration', () => {
  it('reformats Go durations and keeps unknown text', () => {
    expect(showDuration({ text: '18m25s' })).toBe('18m 25s');
    expect(showDuration({ text: 'about an hour' })).toBe('about an hour');
    expect(showDuration({ text: undefined })).toBe('—');
  });

  it('reads the millisecond field when present', () => {
    expect(showDuration({ ms: 14_412_000, text: '4h0m12s' })).toBe('4h');
    expect(showDuration({ ms: 250 })).toBe('250ms');
    expect(showDuration({ text: '' })).toBe('—');
  });
});
