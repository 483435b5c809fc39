import { describe, expect, it } from 'vitest';
import { setCondition } from './conditions.ts';

const at = (time: string) => () => time;

describe('setCondition', () => {
  const ready = { type: 'Ready', status: 'True' as const, reason: 'AllStepsReady', message: 'ok' };

  it('adds a condition stamped with now', () => {
    expect(setCondition([], ready, at('t1'))).toEqual([{ ...ready, lastTransitionTime: 't1' }]);
  });

  it('keeps the transition time while the status stays, so an unchanged state is identical', () => {
    const once = setCondition([], ready, at('t1'));
    expect(setCondition(once, { ...ready, message: 'still ok' }, at('t2'))).toEqual([
      { ...ready, message: 'still ok', lastTransitionTime: 't1' },
    ]);
  });

  it('restamps it when the status changes', () => {
    const once = setCondition([], ready, at('t1'));
    const failed = setCondition(
      once,
      { ...ready, status: 'False', reason: 'StepFailed' },
      at('t2'),
    );
    expect(failed[0]?.lastTransitionTime).toBe('t2');
  });
});
