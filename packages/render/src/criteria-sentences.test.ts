import { describe, expect, it } from 'vitest';
import { criteriaSentences } from './criteria-sentences.js';

describe('criteriaSentences', () => {
  it('splits after sentence ends and at line breaks, keeping decimals and course keys whole', () => {
    expect(criteriaSentences('Complete at least 87.5% of the course. Pass course-v1:Org+CS101+2026!\nLab is optional')).toEqual([
      'Complete at least 87.5% of the course.',
      'Pass course-v1:Org+CS101+2026!',
      'Lab is optional',
    ]);
    expect(criteriaSentences('完成课程。通过期末考试。')).toEqual(['完成课程。', '通过期末考试。']);
  });
});
