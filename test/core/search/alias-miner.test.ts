// Definitions mined from paper text: the Schwartz–Hearst pairing of a short form in parentheses with the words
// before it, as papers actually write them.
import { describe, expect, it } from 'vitest';
import { mineAliases } from '../../../src/core/search/alias-miner.js';
import { paperAliases } from '../../../src/core/search/paper-aliases.js';

const pairs = (text: string) => mineAliases(text).map((a) => `${a.shortForm} = ${a.longForm}`);

describe('mineAliases', () => {
  it.each([
    ['We study post-training quantization (PTQ) of transformers.', 'PTQ = post-training quantization'],
    ['Large language models (LLMs) are costly to serve.', 'LLM = Large language models'],
    ['using parameter-efficient fine-tuning (PEFT) methods', 'PEFT = parameter-efficient fine-tuning'],
    ['reinforcement learning from human feedback (RLHF) aligns models', 'RLHF = reinforcement learning from human feedback'],
    ['with Proximal Policy Optimization (PPO) as the optimizer', 'PPO = Proximal Policy Optimization'],
    ['register transfer level (RTL) code', 'RTL = register transfer level'],
  ])('%s', (text, pair) => {
    expect(pairs(text)).toContain(pair);
  });

  it('ignores parentheses that define nothing', () => {
    expect(pairs('Results improve (see Table 2) on average (p < 0.05), as before (2023).')).toEqual([]);
    expect(pairs('The model (ours) wins.')).toEqual([]);
  });
});

describe('paperAliases', () => {
  it('keys both forms so that spelling, hyphens and plurals do not matter', () => {
    expect(paperAliases('Post-Training Quantisation (PTQs) at scale', 'Nothing else.', null)).toEqual([
      { shortKey: 'ptq', longKey: 'post training quantization', shortForm: 'PTQ', longForm: 'Post-Training Quantisation' },
    ]);
  });

  it('reads the AI summary too', () => {
    expect(paperAliases('A title', 'An abstract.', 'It uses knowledge distillation (KD) throughout.').map((a) => a.shortKey)).toEqual([
      'kd',
    ]);
  });
});
